#pragma once
// The forms staff fill in on a run's waiting list (a move, the capacity, the
// promotion mode, a cancellation) and the extra fields of a registration from
// a referral. Everything arrives as text, so a form can be shown again as it
// was; the answers carry message keys ("waiting_list.error.*",
// "enrollment.error.*") with one FieldError per bad field, in form order.
#include <cstdint>
#include <optional>
#include <string>

#include "domain/core/result.hpp"
#include "domain/core/time.hpp"
#include "domain/enrollment/enrollment.hpp"
#include "domain/enrollment/waiting_list.hpp"

namespace kursbase {

// Reasons are kept with the change and shown in the history.
inline constexpr std::size_t kMaxReasonLength = 500;
// A reply deadline of an offer: at least an hour, at most four weeks.
inline constexpr int kMinOfferReplyHours = 1;
inline constexpr int kMaxOfferReplyHours = 24 * 28;
// A group course's seats; a larger number is a typing error.
inline constexpr int kMaxCapacity = 500;
// HPR numbers (Helsepersonellregisteret) are at most nine digits.
inline constexpr std::size_t kMaxHprDigits = 9;

struct MoveForm {
  std::string enrollment;
  std::string position;  // 1..n
  std::string reason;
};

struct Move {
  EnrollmentId enrollment_id = 0;
  int position = 0;
  std::string reason;  // trimmed, not empty
};

Result<Move> validate_move(const MoveForm& form);

struct CancelForm {
  std::string enrollment;
  std::string reason;
};

struct Cancellation {
  EnrollmentId enrollment_id = 0;
  std::string reason;
};

Result<Cancellation> validate_cancellation(const CancelForm& form);

// InvalidInput "waiting_list.error.capacity" (field "capacity") unless 0..kMaxCapacity.
Result<int> validate_capacity(const std::string& text);

struct PromotionForm {
  std::string mode;   // "automatic" | "offer"
  std::string hours;  // reply deadline in hours; needed for "offer"
};

struct PromotionSetting {
  PromotionMode mode = PromotionMode::Automatic;
  int offer_reply_hours = 48;
};

// `current_hours` is kept when the mode is automatic and no hours are given.
Result<PromotionSetting> validate_promotion(const PromotionForm& form, int current_hours);

// A registration from a referral: the sign-up form (without the consent box),
// plus the referral date (required, not after `rules.today`), the referring
// doctor's name (required) and HPR number (optional, digits).
struct Referral {
  SignUp sign_up;
  Day referral_date{};
  std::string doctor_hpr;  // digits; empty: not given
};

Result<Referral> validate_referral(const SignUpForm& form, const std::string& doctor_hpr,
                                   SignUpRules rules);

}  // namespace kursbase
