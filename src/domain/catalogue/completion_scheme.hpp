#pragma once
// A completion scheme: how much of a course's teaching a participant must
// attend to have completed it (issue 14). The schemes are data, not a constant
// (table completion_scheme, migration 0021): the ISF rules for group patient
// education ask at least 80 % of the programme (mestringforalle.no, "ISF"); the
// study associations' rules under the adult education act at least 75 %
// (research/planning-honoraria.md §2). A course names its scheme, ISF unless it
// says otherwise.
#include <string>
#include <string_view>

namespace kursbase {

inline constexpr std::string_view kDefaultCompletionScheme = "isf";

struct CompletionScheme {
  std::string key{kDefaultCompletionScheme};
  int required_percent = 80;  // 1..100 of the programme's teaching minutes
};

// The teaching minutes of `total_minutes` a participant must attend:
// ceil(percent × total / 100) in integers, so 80 % of 450 is exactly 360.
int required_minutes(const CompletionScheme& scheme, int total_minutes);

}  // namespace kursbase
