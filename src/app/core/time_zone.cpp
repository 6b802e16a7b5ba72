#include "app/core/time_zone.hpp"

#include <cstdio>
#include <cstdlib>

namespace kursbase::app {

using namespace std::chrono;

namespace {

// `t` on a clock `offset` ahead of UTC: one offset lookup serves both callers.
LocalTime local_at(Instant t, minutes offset) {
  const auto local = t + offset;
  const auto day = floor<days>(local);
  const year_month_day ymd{day};
  const hh_mm_ss hms{local - day};
  const weekday wd{day};
  return {int(ymd.year()),           int(unsigned(ymd.month())),
          int(unsigned(ymd.day())),  int((wd.c_encoding() + 6) % 7),
          int(hms.hours().count()),  int(hms.minutes().count()),
          int(hms.seconds().count())};
}

}  // namespace

LocalTime to_local(const TimeZone& zone, Instant t) { return local_at(t, zone.utc_offset(t)); }

Instant local_midnight(const TimeZone& zone, Day day) { return zone.instant_of(day, minutes{0}); }

std::string format_local_iso(const TimeZone& zone, Instant t) {
  const auto offset_min = zone.utc_offset(t);
  const auto offset = offset_min.count();
  const auto l = local_at(t, offset_min);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", l.year % 10000,
                l.month % 100, l.day % 100, l.hour % 100, l.minute % 100, l.second % 100,
                offset < 0 ? '-' : '+', int(std::abs(offset) / 60) % 100,
                int(std::abs(offset) % 60));
  return buf;
}

}  // namespace kursbase::app
