#include "domain/enrollment/completion.hpp"

#include <algorithm>

namespace kursbase {

double Completion::attended_share() const {
  return total_minutes > 0 ? static_cast<double>(attended_minutes) / total_minutes : 0.0;
}

// The teaching minutes a partial attendance counts for: the item's minutes
// times the attended share of the session, rounded down (never more than the item).
int partial_minutes(int teaching_minutes, const SessionAttendance& a) {
  if (a.session_minutes <= 0) return std::min(a.minutes_attended, teaching_minutes);
  const long long share = static_cast<long long>(teaching_minutes) *
                          std::max(0, a.minutes_attended) / a.session_minutes;
  return static_cast<int>(std::min<long long>(share, teaching_minutes));
}

Completion assess_completion(const Programme& programme,
                             const std::vector<SessionAttendance>& sessions,
                             const CompletionScheme& scheme) {
  Completion c;
  for (std::size_t i = 0; i < programme.items.size(); ++i) {
    const int minutes = programme.items[i].teaching_minutes;
    c.total_minutes += minutes;
    const auto a = i < sessions.size() ? sessions[i] : SessionAttendance{};
    switch (a.mark) {
      case AttendanceMark::Present:
        c.attended_minutes += minutes;
        break;
      case AttendanceMark::Partial:
        c.attended_minutes += partial_minutes(minutes, a);
        break;
      case AttendanceMark::Excused:
        c.excused_minutes += minutes;
        break;
      case AttendanceMark::Unrecorded:
        c.open_minutes += minutes;
        break;
      case AttendanceMark::Absent:
        break;
    }
  }
  c.required_minutes = required_minutes(scheme, c.total_minutes);
  c.required_percent = scheme.required_percent;
  c.completed = c.total_minutes > 0 && c.attended_minutes >= c.required_minutes;
  c.can_still_complete = c.attended_minutes + c.open_minutes >= c.required_minutes;
  return c;
}

Completion assess_completion(const Programme& programme, const std::vector<AttendanceMark>& marks,
                             const CompletionScheme& scheme) {
  std::vector<SessionAttendance> sessions;
  for (const auto mark : marks) sessions.push_back({mark, 0, 0});
  return assess_completion(programme, sessions, scheme);
}

}  // namespace kursbase
