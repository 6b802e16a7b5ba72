#pragma once
// The run form staff fill in to plan or change a run of a course (issue 14):
// its sessions on the local wall clock, the place or video, the capacity and
// the registration deadline. As with the course form, everything arrives as
// text and a refused form carries one FieldError per bad field
// ("run_form.error.*"), named as the form names it ("sessions.2.end").
//
// Times stay local here ("18:00 on 2027-03-30"): which instant that is, on
// either side of a summer-time change, is the time zone's answer, which the
// domain does not hold (app/core/time_zone.hpp turns a RunPlan into a Run).
#include <cstddef>
#include <set>
#include <string>
#include <vector>

#include "domain/catalogue/run.hpp"
#include "domain/core/result.hpp"
#include "domain/core/time.hpp"

namespace kursbase {

inline constexpr std::size_t kMaxRunSessions = 30;
// The largest groups in the field are lectures for relatives of about 200.
inline constexpr int kMaxRunCapacity = 500;
inline constexpr std::size_t kMaxPlaceName = 200;
inline constexpr std::size_t kMaxAddress = 200;
inline constexpr std::size_t kMaxPostalPlace = 100;

struct SessionForm {
  std::string date;   // "2027-03-30"
  std::string start;  // "18:00" or "18.00"
  std::string end;
};

struct RunForm {
  std::vector<SessionForm> sessions;
  std::string location_name;
  std::string location_address;
  std::string postal_code;
  std::string postal_place;
  std::string municipality;  // municipality number, "4601"
  std::string digital;       // "1" when ticked: by video (all, or beside the place)
  std::string language;      // taught in
  std::string min_participants;
  std::string capacity;
  std::string registration_deadline;  // a date: sign-up is open to the end of that day
  std::string waiting_list_enabled;   // "1" when ticked
  std::string staff_registration_only;
};

// A session as typed: a day and minutes after local midnight.
struct LocalSession {
  Day day;
  int start_minute = 0;
  int end_minute = 0;
};

// The run the form describes, but for its instants: `run` has no sessions
// and no deadline yet; `sessions` and `deadline` are local.
struct RunPlan {
  Run run;
  std::vector<LocalSession> sessions;  // in time order
  Day deadline;
};

// What the form may refer to or must respect: the municipalities the
// catalogue knows, and the seats already taken (a capacity below them would
// leave confirmed people without a place).
struct RunFormChoices {
  std::set<std::string> municipalities;
  int seats_taken = 0;
};

// The plan, or InvalidInput "run_form.error.invalid" with a FieldError per
// bad field. Blank session rows are dropped; sessions must not overlap and
// come in time order; a run with no place must be digital; the deadline is
// no later than the first session's day.
Result<RunPlan> validate_run_form(const RunForm& form, const RunFormChoices& choices);

// The names of the fields whose values differ ("sessions", "place",
// "capacity", "state", ...): what a change of a run did, for its history.
std::vector<std::string> changed_run_fields(const Run& before, const Run& after);

// "18:00" → 1080; "18.00" and "9:30" too; none for anything else.
std::optional<int> minutes_of_day(std::string_view text);
// 1080 → "18:00".
std::string clock_text(int minutes);

}  // namespace kursbase
