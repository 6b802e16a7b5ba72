#include "domain/enrollment/enrollment.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace kursbase {
namespace {

// A synthetic test person (month + 80): never a real one.
constexpr const char* kSyntheticId = "15838510075";

SignUpForm good_form() {
  SignUpForm f;
  f.name = "  Kari Nordmann ";
  f.email = "Kari@Example.NO";
  f.kind = "patient";
  f.consent = "1";
  return f;
}

std::vector<std::string> error_fields(const Result<SignUp>& r) {
  std::vector<std::string> out;
  if (r.ok()) return out;
  for (const auto& f : r.error().fields) out.push_back(f.field + ":" + f.message_key);
  return out;
}

bool has(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

TEST(ValidateSignUp, AcceptsMinimalPatientAndNormalises) {
  auto r = validate_sign_up(good_form(), {});
  ASSERT_TRUE(r.ok()) << ::testing::PrintToString(error_fields(r));
  EXPECT_EQ(r->person.name, "Kari Nordmann");
  EXPECT_EQ(r->person.email, "kari@example.no");
  EXPECT_EQ(r->kind, ParticipantKind::Patient);
  EXPECT_TRUE(r->national_id.empty());
  EXPECT_FALSE(r->relative);
}

TEST(ValidateSignUp, ReportsEveryBadFieldWithItsKey) {
  SignUpForm f;
  f.kind = "doctor";
  f.needs = std::string(2001, 'x');
  auto r = validate_sign_up(f, {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::InvalidInput);
  EXPECT_EQ(r.error().message_key, "enrollment.error.form");
  const auto e = error_fields(r);
  EXPECT_TRUE(has(e, "name:enrollment.error.name_missing"));
  EXPECT_TRUE(has(e, "email:enrollment.error.contact_missing"));
  EXPECT_TRUE(has(e, "kind:enrollment.error.kind_invalid"));
  EXPECT_TRUE(has(e, "needs:enrollment.error.too_long"));
  EXPECT_TRUE(has(e, "consent:enrollment.error.consent_missing"));
}

TEST(ValidateSignUp, MobileAloneIsEnoughAndIsNormalised) {
  auto f = good_form();
  f.email.clear();
  f.mobile = "+47 912 34 567";
  auto r = validate_sign_up(f, {});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->person.mobile, "+4791234567");
  f.mobile = "12ab";
  EXPECT_TRUE(has(error_fields(validate_sign_up(f, {})), "mobile:enrollment.error.mobile_invalid"));
  f.mobile = "1234567";  // too short
  EXPECT_FALSE(validate_sign_up(f, {}).ok());
}

TEST(ValidateSignUp, RejectsImplausibleEmail) {
  for (const char* bad : {"kari", "kari@", "@example.no", "kari@example", "ka ri@example.no",
                          "a@b@example.no", "kari@example."}) {
    auto f = good_form();
    f.email = bad;
    EXPECT_TRUE(has(error_fields(validate_sign_up(f, {})), "email:enrollment.error.email_invalid"))
        << bad;
  }
}

TEST(ValidateSignUp, NationalIdOnlyWhenTheRunRegistersInTheRecord) {
  auto f = good_form();
  f.national_id = kSyntheticId;
  auto r = validate_sign_up(f, {});
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->national_id.empty()) << "not asked for, not kept";

  SignUpRules referral{.national_id_required = true};
  f.national_id = "";
  EXPECT_TRUE(has(error_fields(validate_sign_up(f, referral)),
                  "national_id:enrollment.error.national_id_missing"));
  f.national_id = "15838510076";  // bad check digit
  EXPECT_TRUE(
      has(error_fields(validate_sign_up(f, referral)), "national_id:national_id.invalid_checksum"));
  f.national_id = "158385 10075";  // spaces are forgiven
  r = validate_sign_up(f, referral);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->national_id, kSyntheticId);

  // A relative's participation is recorded with the patient: no ID asked.
  f.kind = "relative";
  f.national_id = "";
  EXPECT_TRUE(validate_sign_up(f, referral).ok());
}

TEST(ValidateSignUp, RelativeInTheSameFormNeedsAPatientAndContact) {
  auto f = good_form();
  f.relative_name = "Ola Nordmann";
  auto r = validate_sign_up(f, {});
  EXPECT_TRUE(has(error_fields(r), "relative_email:enrollment.error.contact_missing"));
  f.relative_email = "ola@example.no";
  r = validate_sign_up(f, {});
  ASSERT_TRUE(r.ok());
  ASSERT_TRUE(r->relative);
  EXPECT_EQ(r->relative->name, "Ola Nordmann");

  f.kind = "relative";
  EXPECT_TRUE(has(error_fields(validate_sign_up(f, {})),
                  "relative_name:enrollment.error.relative_needs_patient"));
}

TEST(ValidateSignUp, StaffRegistrationTakesReferralAndNeedsNoConsentBox) {
  auto f = good_form();
  f.consent.clear();
  f.referral_date = "2027-01-05";
  f.referring_doctor = "Dr. Lege";
  SignUpRules staff{.staff = true, .today = *parse_day("2027-01-10")};
  auto r = validate_sign_up(f, staff);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(format_day(*r->referral_date), "2027-01-05");
  EXPECT_EQ(r->referring_doctor, "Dr. Lege");
  f.referral_date = "2027-02-01";  // in the future
  EXPECT_TRUE(has(error_fields(validate_sign_up(f, staff)),
                  "referral_date:enrollment.error.referral_date_invalid"));
  f.referral_date = "yesterday";
  EXPECT_FALSE(validate_sign_up(f, staff).ok());
  // The public form ignores referral fields.
  f = good_form();
  f.referral_date = "garbage";
  r = validate_sign_up(f, {});
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->referral_date);
}

TEST(ValidateSignUp, RejectsControlCharactersAndCountsCharactersNotBytes) {
  auto f = good_form();
  f.name = "Kari\x01";
  EXPECT_TRUE(
      has(error_fields(validate_sign_up(f, {})), "name:enrollment.error.invalid_characters"));
  f = good_form();
  std::string long_norwegian;
  for (int i = 0; i < 200; ++i) long_norwegian += "ø";  // 400 bytes, 200 characters
  f.name = long_norwegian;
  EXPECT_TRUE(validate_sign_up(f, {}).ok());
  f.name += "ø";
  EXPECT_FALSE(validate_sign_up(f, {}).ok());
  f = good_form();
  f.needs = "Rullestol.\nTrenger pause.";
  EXPECT_TRUE(validate_sign_up(f, {}).ok());
}

// Issue 13: the language of the messages to come; none given is bokmål.
TEST(ValidateSignUp, TakesTheParticipantsLanguageFromThePublicOnesAndElseBokmaal) {
  auto f = good_form();
  EXPECT_EQ(validate_sign_up(f, {})->language, "nb");
  for (const char* code : {"nb", "nn", "en", "se"}) {
    f.language = code;
    EXPECT_EQ(validate_sign_up(f, {})->language, code);
  }
  f.language = " se ";
  EXPECT_EQ(validate_sign_up(f, {})->language, "se");
  for (const char* bad : {"de", "sme", "NB", "nb-NO", "se;"}) {
    f.language = bad;
    EXPECT_EQ(error_fields(validate_sign_up(f, {})),
              std::vector<std::string>{"language:enrollment.error.language_invalid"})
        << bad;
  }
  EXPECT_FALSE(is_participant_language(""));
}

TEST(IdentityKey, SamePersonSameKeyFamilyMembersDiffer) {
  Contact kari{"Kari Nordmann", "kari@example.no", ""};
  Contact kari2{"kari  nordmann", "kari@example.no", "+4791234567"};
  Contact ola{"Ola Nordmann", "kari@example.no", ""};
  EXPECT_EQ(identity_key(kari, ""), identity_key(kari2, ""));
  EXPECT_NE(identity_key(kari, ""), identity_key(ola, ""));
  EXPECT_EQ(identity_key(kari, kSyntheticId), identity_key(ola, kSyntheticId));
  Contact by_phone{"Kari", "", "+4791234567"};
  EXPECT_EQ(identity_key(by_phone, "").rfind("mobile:", 0), 0u);
}

TEST(RefusalKey, TellsWhyPlainly) {
  EXPECT_EQ(refusal_key(RunStatus::Open, false), "");
  EXPECT_EQ(refusal_key(RunStatus::Full, true), "");
  EXPECT_EQ(refusal_key(RunStatus::Full, false), "enrollment.refused.full");
  EXPECT_EQ(refusal_key(RunStatus::Closed, true), "enrollment.refused.closed");
  EXPECT_EQ(refusal_key(RunStatus::InProgress, true), "enrollment.refused.in_progress");
  EXPECT_EQ(refusal_key(RunStatus::Cancelled, true), "enrollment.refused.cancelled");
  EXPECT_EQ(refusal_key(RunStatus::Completed, true), "enrollment.refused.completed");
  EXPECT_EQ(refusal_key(RunStatus::Draft, true), "enrollment.refused.not_open");
}

}  // namespace
}  // namespace kursbase
