#pragma once
// An enrollment (påmelding): one person's place on one run, confirmed, on the
// waiting list, offered a seat with a reply deadline, or cancelled. The sign-up
// form is validated here (validate_sign_up) so the HTML form and the JSON API
// give the same answers with the same message keys.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/catalogue/run.hpp"
#include "domain/core/contact_check.hpp"
#include "domain/core/enum_keys.hpp"
#include "domain/core/result.hpp"
#include "domain/core/time.hpp"

namespace kursbase {

using EnrollmentId = std::int64_t;

// Offered: a seat is held for the person until the offer's reply deadline;
// it counts as a taken seat, so confirmed + offered never exceed capacity.
// AwaitingReferral: a public sign-up for a course that needs a referral, a
// request with no seat and no place in line until staff confirm it when the
// referral arrives (referral_request.hpp).
enum class EnrollmentStatus { Confirmed, Waitlisted, Offered, Cancelled, AwaitingReferral };

template <>
struct EnumKeys<EnrollmentStatus> {
  static constexpr std::array<std::pair<EnrollmentStatus, std::string_view>, 5> kAll{{
      {EnrollmentStatus::Confirmed, "confirmed"},
      {EnrollmentStatus::Waitlisted, "waitlisted"},
      {EnrollmentStatus::Offered, "offered"},
      {EnrollmentStatus::Cancelled, "cancelled"},
      {EnrollmentStatus::AwaitingReferral, "awaiting_referral"},
  }};
};

// Whether an enrollment in this status holds one of the run's seats.
constexpr bool holds_seat(EnrollmentStatus s) {
  return s == EnrollmentStatus::Confirmed || s == EnrollmentStatus::Offered;
}

enum class ParticipantKind { Patient, Relative };

template <>
struct EnumKeys<ParticipantKind> {
  static constexpr std::array<std::pair<ParticipantKind, std::string_view>, 2> kAll{{
      {ParticipantKind::Patient, "patient"},
      {ParticipantKind::Relative, "relative"},
  }};
};

// Who made the sign-up.
enum class EnrollmentSource { Public, Staff };

template <>
struct EnumKeys<EnrollmentSource> {
  static constexpr std::array<std::pair<EnrollmentSource, std::string_view>, 2> kAll{{
      {EnrollmentSource::Public, "public"},
      {EnrollmentSource::Staff, "staff"},
  }};
};

// The sign-up form as typed (HTML form fields or JSON members of the same
// names). Everything is text so the form can be shown again as it was.
struct SignUpForm {
  std::string name;
  std::string email;
  std::string mobile;
  std::string kind;                  // "patient" | "relative"
  std::string national_id;           // required when the run registers participants in the record
  std::string accompanies;           // relative: the name of the patient they accompany
  std::string interpreter_language;  // empty: no interpreter
  std::string needs;                 // accessibility or other needs, free text
  std::string consent;               // "1"/"true"/"on" when the consent box is ticked
  std::string language;              // of the messages to come; empty: bokmål
  // A relative coming along, signed up in the same form and linked to this
  // person (who is then the patient). Empty name: nobody comes along.
  std::string relative_name;
  std::string relative_email;
  std::string relative_mobile;
  // Staff registration only.
  std::string referral_date;     // YYYY-MM-DD
  std::string referring_doctor;  // name (and HPR number) of the referring doctor
};

// Limits of the form, in characters (UTF-8 code points).
inline constexpr std::size_t kMaxNameLength = 200;
inline constexpr std::size_t kMaxNeedsLength = 2000;

// The languages a participant's mails, SMS, calendar files and private-link
// pages can be in (issue 13): those the public pages are offered in. The
// relative signed up in the same form gets the same language.
inline constexpr std::string_view kParticipantLanguages[] = {"nb", "nn", "en", "se"};
bool is_participant_language(std::string_view code);

struct Contact {
  std::string name;
  std::string email;   // lower-cased; may be empty when mobile is given
  std::string mobile;  // digits with an optional leading '+'; may be empty when e-mail is given
};

// A validated sign-up.
struct SignUp {
  Contact person;
  ParticipantKind kind = ParticipantKind::Patient;
  std::string national_id;  // 11 valid digits, or empty when not asked for
  std::string accompanies;
  std::string interpreter_language;
  std::string needs;
  std::string language = "nb";      // the participant's (kParticipantLanguages)
  std::optional<Contact> relative;  // comes along in the same form
  std::optional<Day> referral_date;
  std::string referring_doctor;
};

struct SignUpRules {
  bool national_id_required = false;  // the run registers participation in the patient record
  bool staff = false;                 // staff register: referral fields allowed, no consent box
  Day today{};                        // a referral date may not be in the future
};

// Validates the form. On failure: InvalidInput "enrollment.error.form" with one
// FieldError per bad field (message keys "enrollment.error.<what>"), in form order.
Result<SignUp> validate_sign_up(const SignUpForm& form, const SignUpRules& rules);

// What makes two sign-ups "the same person": the ID number when given, else the
// e-mail address, else the mobile number, each with the name (families share
// addresses). Prefixed by kind, so an e-mail can
// never equal an ID number. The store keeps only a keyed hash of it.
std::string identity_key(const Contact& contact, std::string_view national_id);

// Why a run in `status` refuses a sign-up, as a message key
// ("enrollment.refused.closed", ".cancelled", ".full", ".completed",
// ".not_open"), or empty when it accepts one (open, or full with a waiting list).
std::string_view refusal_key(RunStatus status, bool waiting_list_enabled);

// An anonymous client has made more sign-up attempts than the limit allows in
// the current window (429).
inline Error sign_up_rate_limited() {
  return Error{ErrorCode::RateLimited, "enrollment.error.rate_limited", "sign-up rate limit"};
}

}  // namespace kursbase
