#pragma once
// A course's programme: its sessions in order, each with a topic, its teaching
// time and who teaches it. Completion and ISF eligibility are measured in the
// programme's teaching hours.
#include <array>
#include <string>
#include <utility>
#include <vector>

#include "domain/core/enum_keys.hpp"

namespace kursbase {

enum class Teacher { Professional, UserRepresentative, Both };

template <>
struct EnumKeys<Teacher> {
  static constexpr std::array<std::pair<Teacher, std::string_view>, 3> kAll{{
      {Teacher::Professional, "professional"},
      {Teacher::UserRepresentative, "user_representative"},
      {Teacher::Both, "both"},
  }};
};

struct ProgrammeItem {
  std::string topic;
  int teaching_minutes = 0;  // minutes, so sums are exact; shown as hours
  Teacher teacher = Teacher::Professional;
};

struct Programme {
  std::vector<ProgrammeItem> items;  // in order: item i is taught at session i of a run

  int total_teaching_minutes() const;
  // Teaching minutes taught (in part) by user representatives: user competence.
  int user_representative_minutes() const;
  bool includes_user_representative() const { return user_representative_minutes() > 0; }
};

// "1,5" style hours for display: minutes / 60 with at most two decimals, no
// trailing zeros, decimal comma as Norwegians write it.
std::string format_hours(int minutes, char decimal_separator = ',');

}  // namespace kursbase
