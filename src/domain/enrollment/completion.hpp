#pragma once
// Completion: a participant has completed a run when they attended the share
// of the programme's teaching hours that the course's completion scheme asks
// (domain/catalogue/completion_scheme.hpp: ISF 80 %, "deltakerne må delta på
// minst 80 prosent av programmet"; study associations 75 %). Session i of a
// run teaches programme item i.
//
// Partial attendance counts by its share of the session: 90 of a session's
// 180 minutes is half the item's teaching minutes (the session's length, not
// the item's, is what the minutes were counted against). Absence with notice
// (Excused) counts as absent: notice does not make up for the teaching missed.
#include <vector>

#include "domain/catalogue/completion_scheme.hpp"
#include "domain/catalogue/programme.hpp"
#include "domain/enrollment/attendance.hpp"

namespace kursbase {

struct Completion {
  int total_minutes = 0;           // the programme's teaching minutes
  int attended_minutes = 0;        // of sessions marked present, and the share of partial ones
  int excused_minutes = 0;         // of sessions absent with notice (shown apart, not counted)
  int open_minutes = 0;            // of sessions not recorded yet
  int required_minutes = 0;        // the scheme's share of total, rounded up
  int required_percent = 0;        // the scheme's share
  bool completed = false;          // attended ≥ required
  bool can_still_complete = true;  // attended + open ≥ required
  // Share attended so far, 0..1 (0 for an empty programme).
  double attended_share() const;
};

// `marks[i]` is the mark for session i; missing marks count as unrecorded.
// Sessions beyond the programme's items teach no counted hours.
Completion assess_completion(const Programme& programme, const std::vector<AttendanceMark>& marks,
                             const CompletionScheme& scheme);
Completion assess_completion(const Programme& programme,
                             const std::vector<SessionAttendance>& sessions,
                             const CompletionScheme& scheme);

}  // namespace kursbase
