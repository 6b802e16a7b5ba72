#pragma once
// What every form field of the domain does to the text a person typed: trim
// it, count its characters (not bytes) against a limit, and refuse control
// characters. Shared by the sign-up and the staff forms.
#include <algorithm>
#include <cctype>
#include <cstddef>
#include <string>
#include <string_view>

namespace kursbase {

inline std::string trim(std::string_view s) {
  const auto is_space = [](unsigned char c) { return std::isspace(c) != 0; };
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return std::string(s);
}

// Length in code points (bytes that do not continue a UTF-8 sequence).
inline std::size_t length_chars(std::string_view s) {
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

// C0 controls and DEL; line breaks and tabs are allowed in multi-line fields.
inline bool has_control(std::string_view s, bool allow_newlines) {
  return std::any_of(s.begin(), s.end(), [&](char c) {
    const auto u = static_cast<unsigned char>(c);
    if (allow_newlines && (c == '\n' || c == '\r' || c == '\t')) return false;
    return u < 0x20 || u == 0x7F;
  });
}

}  // namespace kursbase
