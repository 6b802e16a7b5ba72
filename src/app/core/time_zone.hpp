#pragma once
// Wall-clock time where the courses run (Europe/Oslo). The domain works in UTC
// instants; what a person reads (a date, "kl. 09.00", a search from one day to
// another) is local time. The rules of a zone (summer time, and any change the
// government makes to it) come from the tz database, which is outside this
// program: an adapter reads it (adapters/tz), the composition root passes it in,
// and app and http see only this interface.
//
// Thread safety: implementations are immutable once made; share one freely.
#include <chrono>
#include <string>

#include "domain/core/time.hpp"

namespace kursbase::app {

// A point on the local wall clock.
struct LocalTime {
  int year = 0, month = 0, day = 0;
  int weekday = 0;  // 0 = Monday
  int hour = 0, minute = 0, second = 0;
};

class TimeZone {
 public:
  virtual ~TimeZone() = default;

  // "Europe/Oslo".
  virtual std::string name() const = 0;
  // Local time minus UTC at `t` (+60 min in Oslo's winter, +120 in summer).
  virtual std::chrono::minutes utc_offset(Instant t) const = 0;
  // The instant the local clock shows `time_of_day` on `day`. A time that
  // happens twice (the autumn hour) is its first; a time the clock skips (the
  // spring hour) is the instant the clock jumps, so a day always has a start.
  virtual Instant instant_of(Day day, std::chrono::minutes time_of_day) const = 0;
};

// `t` on the zone's wall clock.
LocalTime to_local(const TimeZone& zone, Instant t);
// The instant the local day `day` starts.
Instant local_midnight(const TimeZone& zone, Day day);
// "2027-03-10T09:00:00+01:00": ISO 8601 with the zone's offset at that instant.
std::string format_local_iso(const TimeZone& zone, Instant t);

}  // namespace kursbase::app
