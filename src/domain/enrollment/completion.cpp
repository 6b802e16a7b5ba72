#include "domain/enrollment/completion.hpp"

namespace kursbase {

double Completion::attended_share() const {
  return total_minutes > 0 ? static_cast<double>(attended_minutes) / total_minutes : 0.0;
}

namespace {
// ceil(share × minutes) in integers, so 80 % of 450 minutes is exactly 360.
int required_for(int total_minutes) {
  constexpr int kPercent = static_cast<int>(kCompletionShare * 100 + 0.5);
  return (total_minutes * kPercent + 99) / 100;
}
}  // namespace

Completion assess_completion(const Programme& programme, const std::vector<AttendanceMark>& marks) {
  Completion c;
  for (std::size_t i = 0; i < programme.items.size(); ++i) {
    const int minutes = programme.items[i].teaching_minutes;
    c.total_minutes += minutes;
    const auto mark = i < marks.size() ? marks[i] : AttendanceMark::Unrecorded;
    if (mark == AttendanceMark::Present) c.attended_minutes += minutes;
    if (mark == AttendanceMark::Unrecorded) c.open_minutes += minutes;
  }
  c.required_minutes = required_for(c.total_minutes);
  c.completed = c.total_minutes > 0 && c.attended_minutes >= c.required_minutes;
  c.can_still_complete = c.attended_minutes + c.open_minutes >= c.required_minutes;
  return c;
}

}  // namespace kursbase
