#include "domain/person/national_id.hpp"

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <utility>

namespace kursbase {
namespace {

using std::chrono::day;
using std::chrono::month;
using std::chrono::year;
using std::chrono::year_month_day;

constexpr std::size_t kLength = 11;
constexpr std::size_t kShownDigits = 6;  // DDMMYY: what a masked number still shows
constexpr int kModulus = 11;
// Mod-11 weights for the two control digits (Skatteetaten; unchanged by the 2032 rule).
constexpr std::array<int, 9> kK1Weights = {3, 7, 6, 1, 8, 9, 4, 5, 2};
constexpr std::array<int, 10> kK2Weights = {5, 4, 3, 2, 7, 6, 5, 4, 3, 2};
// From 2032 the remainder of (weighted sum + k1) mod 11 may be 0, 1, 2 or 3; before, only 0.
// k2 stays strict: remainder 0. ("Nytt fødselsnummer fra 2032", Skatteetaten.)
constexpr int kMaxK1Remainder2032 = 3;
constexpr int kDNumberDayOffset = 4;    // added to the first digit
constexpr int kHNumberMonthOffset = 4;  // added to the third digit
constexpr int kSyntheticMonthOffset = 8;

constexpr std::string_view kField = "national_id";

Error national_id_error(std::string key, std::string detail) {
  return invalid_input(key, std::move(detail), {FieldError{std::string(kField), key}});
}

int digit_at(std::string_view digits, std::size_t i) { return digits[i] - '0'; }

// (weighted sum of the leading digits + the control digit itself) mod 11.
template <std::size_t N>
int control_remainder(std::string_view digits, const std::array<int, N>& weights) {
  int sum = digit_at(digits, N);
  for (std::size_t i = 0; i < N; ++i) sum += weights[i] * digit_at(digits, i);
  return sum % kModulus;
}

std::optional<ControlDigitRule> control_rule_of(std::string_view digits) {
  const int k1_remainder = control_remainder(digits, kK1Weights);
  if (k1_remainder > kMaxK1Remainder2032) return std::nullopt;
  if (control_remainder(digits, kK2Weights) != 0) return std::nullopt;
  return k1_remainder == 0 ? ControlDigitRule::Classic : ControlDigitRule::From2032;
}

// The century table for numbers issued until 2031 (Skatteetaten, "Fødselsnummer").
std::optional<int> full_year(int two_digit_year, int individual) {
  constexpr int k1800sFirstYear = 54;  // the oldest numbered people were born in 1854
  constexpr int k2000sLastYear = 39;
  if (individual <= 499) return 1900 + two_digit_year;
  if (individual <= 749 && two_digit_year >= k1800sFirstYear) return 1800 + two_digit_year;
  if (two_digit_year <= k2000sLastYear) return 2000 + two_digit_year;
  if (individual >= 900) return 1900 + two_digit_year;
  return std::nullopt;
}

}  // namespace

Result<NationalId> parse_national_id(std::string_view input) {
  for (const char c : input) {
    if (c < '0' || c > '9') return national_id_error("national_id.not_digits", "non-digit");
  }
  if (input.size() != kLength) {
    return national_id_error("national_id.wrong_length", "length " + std::to_string(input.size()));
  }
  const auto rule = control_rule_of(input);
  if (!rule) return national_id_error("national_id.invalid_checksum", "control digits");

  NationalId id;
  id.digits = std::string(input);
  id.control_rule = *rule;
  int day_tens = digit_at(input, 0);
  int month_tens = digit_at(input, 2);
  if (day_tens >= kDNumberDayOffset) {
    id.kind = NationalIdKind::DNumber;
    day_tens -= kDNumberDayOffset;
  }
  if (month_tens >= kSyntheticMonthOffset) {
    id.marker = NationalIdMarker::Synthetic;
    month_tens -= kSyntheticMonthOffset;
  } else if (month_tens >= kHNumberMonthOffset) {
    id.marker = NationalIdMarker::HNumber;
    month_tens -= kHNumberMonthOffset;
  }
  const unsigned d = static_cast<unsigned>(day_tens * 10 + digit_at(input, 1));
  const unsigned m = static_cast<unsigned>(month_tens * 10 + digit_at(input, 3));
  const int yy = digit_at(input, 4) * 10 + digit_at(input, 5);

  // The century is not known for certain (from 2032 the number no longer tells it), so a date
  // is possible if it exists in 20yy; that also makes 29.02.00 valid, 2000 being a leap year.
  // Same choice as Skatteetaten's reference validator and fnrvalidator.
  constexpr int kAssumedCentury = 2000;
  if (!year_month_day{year{kAssumedCentury + yy}, month{m}, day{d}}.ok()) {
    return national_id_error("national_id.invalid_date", "date");
  }

  if (id.control_rule == ControlDigitRule::Classic) {
    const int individual = digit_at(input, 6) * 100 + digit_at(input, 7) * 10 + digit_at(input, 8);
    if (const auto y = full_year(yy, individual)) {
      const year_month_day date{year{*y}, month{m}, day{d}};
      if (date.ok()) id.birth_date = date;
    }
  }
  return id;
}

std::string mask_national_id(std::string_view input) {
  if (input.size() != kLength) return std::string(input.size(), '*');
  return std::string(input.substr(0, kShownDigits)) + std::string(kLength - kShownDigits, '*');
}

}  // namespace kursbase
