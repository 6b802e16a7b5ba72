#include "domain/enrollment/attendance.hpp"

#include <chrono>
#include <vector>

namespace kursbase {

int session_minutes(const Session& session) {
  const auto d =
      std::chrono::duration_cast<std::chrono::minutes>(session.ends_at - session.starts_at);
  return d.count() > 0 ? static_cast<int>(d.count()) : 0;
}

Status check_attendance(const Session& session, AttendanceMark mark, std::optional<int> minutes,
                        Instant now) {
  std::vector<FieldError> errors;
  if (now < session.starts_at) errors.push_back({"session", "attendance.error.not_started"});
  if (mark == AttendanceMark::Unrecorded) errors.push_back({"mark", "attendance.error.mark"});
  if (mark == AttendanceMark::Partial &&
      (!minutes || *minutes < 1 || *minutes >= session_minutes(session)))
    errors.push_back({"minutes", "attendance.error.minutes"});
  if (!errors.empty()) return invalid_input("attendance.error.invalid", "attendance rule", errors);
  return ok_status();
}

}  // namespace kursbase
