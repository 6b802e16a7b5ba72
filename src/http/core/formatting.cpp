#include "http/core/formatting.hpp"

#include <cstdio>

#include "app/core/oslo_time.hpp"

namespace kursbase::http {

std::string format_short_date(Instant t, const web::Messages& m) {
  const auto o = app::to_oslo(t);
  return std::to_string(o.day) + ". " + m.text("date.month." + std::to_string(o.month)) + " " +
         std::to_string(o.year);
}

std::string format_date(Instant t, const web::Messages& m) {
  const auto o = app::to_oslo(t);
  return m.text("date.weekday." + std::to_string(o.weekday)) + " " + format_short_date(t, m);
}

std::string format_clock(Instant t) {
  const auto o = app::to_oslo(t);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d.%02d", o.hour % 100, o.minute % 100);
  return buf;
}

std::string format_date_time(Instant t, const web::Messages& m) {
  return format_short_date(t, m) + " " + m.text("date.at") + " " + format_clock(t);
}

}  // namespace kursbase::http
