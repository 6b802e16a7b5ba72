#pragma once
// A course's didactic plan: the six parts of the didactic relation model
// (didaktisk relasjonsmodell) that the learning and coping centres plan a
// course by (Standard metode; mestring.no, "Etablere tilbud i gruppe";
// research/planning-honoraria.md §2): target group, goals (what participants
// are to learn), frame (hours, sessions, group size, place or video),
// content, methods and evaluation. The parts depend on each other, so the plan
// is one value, kept with the course and copied with its design. It is the
// working group's text, shown to staff, not in the public catalogue.
#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

#include "domain/core/enum_keys.hpp"

namespace kursbase {

enum class DidacticPart { TargetGroup, Goals, Frame, Content, Methods, Evaluation };

template <>
struct EnumKeys<DidacticPart> {
  static constexpr std::array<std::pair<DidacticPart, std::string_view>, 6> kAll{{
      {DidacticPart::TargetGroup, "target_group"},
      {DidacticPart::Goals, "goals"},
      {DidacticPart::Frame, "frame"},
      {DidacticPart::Content, "content"},
      {DidacticPart::Methods, "methods"},
      {DidacticPart::Evaluation, "evaluation"},
  }};
};

// A part is a few paragraphs; a pasted report is not a plan.
inline constexpr std::size_t kMaxDidacticPart = 4000;

struct DidacticPlan {
  std::array<std::string, 6> parts;  // in EnumKeys<DidacticPart> order; empty: not written

  std::string& operator[](DidacticPart p) { return parts[static_cast<std::size_t>(p)]; }
  const std::string& operator[](DidacticPart p) const { return parts[static_cast<std::size_t>(p)]; }
  // How many of the six parts are written (the checklist asks all six).
  int written() const;
  bool operator==(const DidacticPlan&) const = default;
};

}  // namespace kursbase
