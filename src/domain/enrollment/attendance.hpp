#pragma once
// Attendance (oppmøte): per participant and session, one mark with an
// optional note. A session not yet recorded is Unrecorded.
//
// - Present: the whole session. Absent: not there. Excused: absent with notice
//   (meldt fravær): absent for completion, shown apart so the course leader
//   sees who told them. Partial: late or left early, with the minutes attended,
//   which completion counts (domain/enrollment/completion.hpp).
// - A mark is recorded only once the session has started: an attendance list
//   filled in ahead would be a record of what did not happen (check_attendance).
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "domain/catalogue/run.hpp"
#include "domain/core/enum_keys.hpp"
#include "domain/core/result.hpp"

namespace kursbase {

enum class AttendanceMark { Unrecorded, Present, Absent, Excused, Partial };

template <>
struct EnumKeys<AttendanceMark> {
  static constexpr std::array<std::pair<AttendanceMark, std::string_view>, 5> kAll{{
      {AttendanceMark::Unrecorded, "unrecorded"},
      {AttendanceMark::Present, "present"},
      {AttendanceMark::Absent, "absent"},
      {AttendanceMark::Excused, "excused"},
      {AttendanceMark::Partial, "partial"},
  }};
};

// Longest note kept with a mark, in characters.
inline constexpr std::size_t kMaxAttendanceNote = 500;

// One person's attendance at one session as completion reads it.
struct SessionAttendance {
  AttendanceMark mark = AttendanceMark::Unrecorded;
  int minutes_attended = 0;  // Partial only
  int session_minutes = 0;   // the session's length, which the minutes are a share of
};

// The session's length in whole minutes.
int session_minutes(const Session& session);

// Whether `mark` (with `minutes` for Partial) may be recorded for `session`
// at `now`. InvalidInput "attendance.error.invalid" with the field errors:
// "attendance.error.not_started" (session) before the session's start,
// "attendance.error.mark" (mark) for Unrecorded, and
// "attendance.error.minutes" (minutes) for Partial without minutes, or with
// minutes outside 1 .. the session's length less one (a whole session is Present).
Status check_attendance(const Session& session, AttendanceMark mark, std::optional<int> minutes,
                        Instant now);

}  // namespace kursbase
