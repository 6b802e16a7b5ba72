#pragma once
// app::TimeZone from the system's tz database (Debian's tzdata, read by
// Howard Hinnant's date/tz), so a change of Norway's rules arrives with a tzdata
// update and no release of ours.
#include <memory>
#include <string>

#include "app/core/time_zone.hpp"
#include "domain/core/result.hpp"

namespace date {
class time_zone;
}

namespace kursbase::adapters {

class TzdbTimeZone final : public app::TimeZone {
 public:
  // "Europe/Oslo"; Unavailable when the database is missing or has no such zone.
  static Result<std::unique_ptr<TzdbTimeZone>> locate(const std::string& name);

  std::string name() const override;
  std::chrono::minutes utc_offset(Instant t) const override;
  Instant instant_of(Day day, std::chrono::minutes time_of_day) const override;

 private:
  explicit TzdbTimeZone(const date::time_zone* zone) : zone_(zone) {}
  const date::time_zone* zone_;  // owned by date's process-wide database
};

}  // namespace kursbase::adapters
