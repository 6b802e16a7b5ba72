#pragma once
// What the staff's authoring forms (course_form.hpp, run_form.hpp) check the
// same way: trimmed text without markup or control characters, a choice of
// an enum's keys, a whole number in range, a ticked box. Errors collect as
// FieldErrors with "<prefix><key>" message keys, in the order checked.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/core/enum_keys.hpp"
#include "domain/core/form_text.hpp"
#include "domain/core/result.hpp"

namespace kursbase {

// "1", "true", "on" or "yes": a ticked box, as a form or the API sends it.
bool ticked(std::string_view value);

// A tag, a comment or a declaration: '<' before a letter, '/', '!' or '?'.
// "<5 år" and "a < b" are text, "<b>" and "</p>" are markup.
bool has_markup(std::string_view text);

// The digits of `text` as a number; none for anything else (signs, spaces).
std::optional<int> whole_number(std::string_view text);

struct FormChecker {
  std::string prefix;  // "course_form.error."
  std::vector<FieldError> errors;

  void add(std::string field, std::string_view key);
  // Trimmed text, or the error that refuses it (the first that applies):
  // "characters", "required", "too_long", "markup".
  std::string text(const std::string& field, std::string_view value, std::size_t max, bool required,
                   bool multiline);
  // A whole number from `min` to `max`, else `key`; empty and not required: none.
  std::optional<int> number(const std::string& field, std::string_view value, int min, int max,
                            std::string_view key, bool required);
  template <class E>
  std::optional<E> choice(const std::string& field, std::string_view value);
};

template <class E>
std::optional<E> FormChecker::choice(const std::string& field, std::string_view value) {
  auto v = parse_key<E>(trim(value));
  if (!v) add(field, "choice");
  return v;
}

}  // namespace kursbase
