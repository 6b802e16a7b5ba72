#include "domain/authoring/form_checker.hpp"

#include <charconv>

#include "domain/catalogue/search_text.hpp"

namespace kursbase {

bool ticked(std::string_view v) { return v == "1" || v == "true" || v == "on" || v == "yes"; }

bool has_markup(std::string_view s) {
  for (std::size_t i = 0; i + 1 < s.size(); ++i) {
    if (s[i] != '<') continue;
    const char n = s[i + 1];
    if ((n >= 'a' && n <= 'z') || (n >= 'A' && n <= 'Z') || n == '/' || n == '!' || n == '?')
      return true;
  }
  return false;
}

std::optional<int> whole_number(std::string_view s) {
  int v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || s[0] == '-' || ec != std::errc() || end != s.data() + s.size())
    return std::nullopt;
  return v;
}

void FormChecker::add(std::string field, std::string_view key) {
  errors.push_back({std::move(field), prefix + std::string(key)});
}

std::string FormChecker::text(const std::string& field, std::string_view value, std::size_t max,
                              bool required, bool multiline) {
  std::string t = trim(value);
  if (!is_valid_utf8(t) || has_control(t, multiline))
    add(field, "characters");
  else if (required && t.empty())
    add(field, "required");
  else if (length_chars(t) > max)
    add(field, "too_long");
  else if (has_markup(t))
    add(field, "markup");
  return t;
}

std::optional<int> FormChecker::number(const std::string& field, std::string_view value, int min,
                                       int max, std::string_view key, bool required) {
  const std::string t = trim(value);
  if (t.empty() && !required) return std::nullopt;
  auto v = whole_number(t);
  if (!v || *v < min || *v > max) {
    add(field, key);
    return std::nullopt;
  }
  return v;
}

}  // namespace kursbase
