#pragma once
// Attendance (oppmøte): per participant and session, present or absent, with
// an optional note. A session not yet recorded is Unrecorded.
#include <array>
#include <string>
#include <string_view>
#include <utility>

#include "domain/core/enum_keys.hpp"

namespace kursbase {

enum class AttendanceMark { Unrecorded, Present, Absent };

template <>
struct EnumKeys<AttendanceMark> {
  static constexpr std::array<std::pair<AttendanceMark, std::string_view>, 3> kAll{{
      {AttendanceMark::Unrecorded, "unrecorded"},
      {AttendanceMark::Present, "present"},
      {AttendanceMark::Absent, "absent"},
  }};
};

// Longest note kept with a mark, in characters.
inline constexpr std::size_t kMaxAttendanceNote = 500;

}  // namespace kursbase
