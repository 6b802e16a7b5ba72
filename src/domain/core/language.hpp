#pragma once
// Languages a course or run is taught in, by ISO 639-1 key ("nb", "nn", "se",
// "en", ...). The UI names them through the message catalogues ("language.nb").
#include <array>
#include <string_view>

namespace kursbase {

// The languages the catalogue knows; others are rejected as input.
inline constexpr std::array<std::string_view, 14> kCourseLanguages{
    "nb", "nn", "se", "sma", "smj", "en", "ar", "so", "pl", "uk", "ti", "fa", "ur", "tr"};

constexpr bool is_course_language(std::string_view key) {
  for (auto k : kCourseLanguages)
    if (k == key) return true;
  return false;
}

}  // namespace kursbase
