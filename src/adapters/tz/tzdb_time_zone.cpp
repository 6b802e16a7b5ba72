#include "adapters/tz/tzdb_time_zone.hpp"

#include <date/tz.h>

#include <exception>

namespace kursbase::adapters {

Result<std::unique_ptr<TzdbTimeZone>> TzdbTimeZone::locate(const std::string& name) {
  try {
    return std::unique_ptr<TzdbTimeZone>(new TzdbTimeZone(date::locate_zone(name)));
  } catch (const std::exception& e) {
    // date throws runtime_error for an unknown zone and for a missing database.
    return unavailable("time zone " + name + ": " + e.what());
  }
}

std::string TzdbTimeZone::name() const { return zone_->name(); }

std::chrono::minutes TzdbTimeZone::utc_offset(Instant t) const {
  return std::chrono::duration_cast<std::chrono::minutes>(zone_->get_info(t).offset);
}

Instant TzdbTimeZone::instant_of(Day day, std::chrono::minutes time_of_day) const {
  const date::local_seconds local{Instant{day}.time_since_epoch() + time_of_day};
  const auto info = zone_->get_info(local);
  if (info.result == date::local_info::nonexistent) return info.second.begin;  // the jump
  // Unique, or the repeated hour: `first` is the offset before the change.
  return Instant{(local - info.first.offset).time_since_epoch()};
}

}  // namespace kursbase::adapters
