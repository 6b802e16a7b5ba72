#pragma once
// Wall-clock time in Europe/Oslo, where every course runs. The domain works in
// UTC instants; this is the one place that knows the time zone (date/tz, with
// the system's tzdata: summer time changes included).
#include <string>

#include "domain/core/time.hpp"

namespace kursbase::app {

// The instant of local midnight starting `day` in Oslo.
Instant oslo_midnight(Day day);

struct OsloTime {
  int year, month, day, weekday;  // weekday 0 = Monday
  int hour, minute;
};
OsloTime to_oslo(Instant t);

// "2027-03-10T09:00:00+01:00": ISO 8601 with Oslo's offset at that instant.
std::string format_oslo_iso(Instant t);

}  // namespace kursbase::app
