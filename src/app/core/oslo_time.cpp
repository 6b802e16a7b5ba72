#include "app/core/oslo_time.hpp"

#include <date/tz.h>

#include <cstdio>

namespace kursbase::app {
namespace {

const date::time_zone* oslo() {
  static const date::time_zone* zone = date::locate_zone("Europe/Oslo");
  return zone;
}

}  // namespace

Instant oslo_midnight(Day day) {
  const date::local_days local{date::year_month_day{day}};
  return std::chrono::floor<std::chrono::seconds>(
      oslo()->to_sys(date::local_seconds{local.time_since_epoch()}, date::choose::earliest));
}

OsloTime to_oslo(Instant t) {
  const auto local = oslo()->to_local(t);
  const auto day = date::floor<date::days>(local);
  const date::year_month_day ymd{day};
  const date::hh_mm_ss hms{local - day};
  const date::weekday wd{day};
  return {int(ymd.year()),          int(unsigned(ymd.month())),
          int(unsigned(ymd.day())), int((wd.c_encoding() + 6) % 7),
          int(hms.hours().count()), int(hms.minutes().count())};
}

std::string format_oslo_iso(Instant t) {
  const auto info = oslo()->get_info(t);
  const auto local = to_oslo(t);
  const auto offset_min = std::chrono::duration_cast<std::chrono::minutes>(info.offset).count();
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:00%c%02d:%02d", local.year, local.month,
                local.day, local.hour, local.minute, offset_min < 0 ? '-' : '+',
                int(std::abs(offset_min) / 60), int(std::abs(offset_min) % 60));
  return buf;
}

}  // namespace kursbase::app
