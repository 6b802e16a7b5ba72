#include "domain/enrollment/staff_forms.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <vector>

#include "domain/core/form_text.hpp"

namespace kursbase {
namespace {

std::optional<std::int64_t> positive(const std::string& raw) {
  const std::string text = trim(raw);
  std::int64_t v = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc{} || p != text.data() + text.size() || v <= 0)
    return std::nullopt;
  return v;
}

std::optional<int> whole_number(const std::string& raw) {
  const std::string text = trim(raw);
  int v = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc{} || p != text.data() + text.size()) return std::nullopt;
  return v;
}

void add(std::vector<FieldError>& errors, std::string field, std::string key) {
  errors.push_back({std::move(field), std::move(key)});
}

// Trims a reason; adds `missing_key` / "reason_too_long" / "invalid_characters".
std::string reason_of(const std::string& raw, const char* missing_key,
                      std::vector<FieldError>& errors) {
  std::string reason = trim(raw);
  if (reason.empty())
    add(errors, "reason", missing_key);
  else if (length_chars(reason) > kMaxReasonLength)
    add(errors, "reason", "waiting_list.error.reason_too_long");
  else if (has_control(reason, true))
    add(errors, "reason", "enrollment.error.invalid_characters");
  return reason;
}

// The order of the referral form's fields, for the error summary.
constexpr std::array<std::string_view, 11> kReferralOrder{"name",
                                                          "email",
                                                          "mobile",
                                                          "kind",
                                                          "national_id",
                                                          "accompanies",
                                                          "interpreter_language",
                                                          "needs",
                                                          "referral_date",
                                                          "referring_doctor",
                                                          "referring_doctor_hpr"};

std::size_t order_of(const std::string& field) {
  auto it = std::find(kReferralOrder.begin(), kReferralOrder.end(), field);
  return static_cast<std::size_t>(it - kReferralOrder.begin());
}

}  // namespace

Result<Move> validate_move(const MoveForm& form) {
  std::vector<FieldError> errors;
  Move out;
  if (auto id = positive(form.enrollment))
    out.enrollment_id = *id;
  else
    add(errors, "enrollment", "waiting_list.error.person_missing");
  if (auto p = positive(form.position); p && *p <= 1'000'000)
    out.position = static_cast<int>(*p);
  else
    add(errors, "position", "waiting_list.error.position_invalid");
  out.reason = reason_of(form.reason, "waiting_list.error.reason_missing", errors);
  if (!errors.empty())
    return invalid_input("waiting_list.error.move", "move form", std::move(errors));
  return out;
}

Result<Cancellation> validate_cancellation(const CancelForm& form) {
  std::vector<FieldError> errors;
  Cancellation out;
  if (auto id = positive(form.enrollment))
    out.enrollment_id = *id;
  else
    add(errors, "enrollment", "waiting_list.error.person_missing");
  out.reason = reason_of(form.reason, "waiting_list.error.cancel_reason_missing", errors);
  if (!errors.empty())
    return invalid_input("waiting_list.error.cancel", "cancel form", std::move(errors));
  return out;
}

Result<int> validate_capacity(const std::string& text) {
  const auto v = whole_number(text);
  if (!v || *v < 0 || *v > kMaxCapacity)
    return invalid_input("waiting_list.error.capacity", "capacity form",
                         {{"capacity", "waiting_list.error.capacity_invalid"}});
  return *v;
}

Result<PromotionSetting> validate_promotion(const PromotionForm& form, int current_hours) {
  std::vector<FieldError> errors;
  PromotionSetting out;
  out.offer_reply_hours = current_hours;
  const auto mode = parse_key<PromotionMode>(trim(form.mode));
  if (!mode)
    add(errors, "mode", "waiting_list.error.mode_invalid");
  else
    out.mode = *mode;
  const std::string hours = trim(form.hours);
  if (!hours.empty() || (mode && *mode == PromotionMode::Offer)) {
    const auto h = whole_number(hours);
    if (!h || *h < kMinOfferReplyHours || *h > kMaxOfferReplyHours)
      add(errors, "hours", "waiting_list.error.hours_invalid");
    else
      out.offer_reply_hours = *h;
  }
  if (!errors.empty())
    return invalid_input("waiting_list.error.mode", "promotion form", std::move(errors));
  return out;
}

Result<Referral> validate_referral(const SignUpForm& form, const std::string& doctor_hpr,
                                   SignUpRules rules) {
  rules.staff = true;
  std::vector<FieldError> errors;
  Referral out;
  auto valid = validate_sign_up(form, rules);
  if (valid)
    out.sign_up = std::move(*valid);
  else
    errors = valid.error().fields;

  const auto has_error = [&](std::string_view field) {
    return std::any_of(errors.begin(), errors.end(),
                       [&](const FieldError& e) { return e.field == field; });
  };
  if (trim(form.referral_date).empty())
    add(errors, "referral_date", "waiting_list.error.referral_date_missing");
  else if (valid && valid->referral_date)
    out.referral_date = *valid->referral_date;
  if (trim(form.referring_doctor).empty() && !has_error("referring_doctor"))
    add(errors, "referring_doctor", "waiting_list.error.doctor_missing");

  std::string digits;
  bool digits_only = true;
  for (char c : doctor_hpr) {
    if (c == ' ') continue;
    if (c < '0' || c > '9') digits_only = false;
    digits += c;
  }
  if (!digits_only || digits.size() > kMaxHprDigits)
    add(errors, "referring_doctor_hpr", "waiting_list.error.hpr_invalid");
  else
    out.doctor_hpr = digits;

  if (!errors.empty()) {
    std::stable_sort(errors.begin(), errors.end(), [](const FieldError& a, const FieldError& b) {
      return order_of(a.field) < order_of(b.field);
    });
    return invalid_input("enrollment.error.form", "referral form", std::move(errors));
  }
  return out;
}

}  // namespace kursbase
