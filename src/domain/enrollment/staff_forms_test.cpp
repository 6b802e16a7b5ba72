#include "domain/enrollment/staff_forms.hpp"

#include <gtest/gtest.h>

namespace kursbase {
namespace {

std::vector<std::string> fields_of(const Error& e) {
  std::vector<std::string> out;
  for (const auto& f : e.fields) out.push_back(f.field);
  return out;
}

TEST(StaffFormsTest, AMoveNeedsAPersonAPositionAndAReason) {
  auto ok = validate_move({"17", " 2 ", "  Hastesak fra fastlege "});
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->enrollment_id, 17);
  EXPECT_EQ(ok->position, 2);
  EXPECT_EQ(ok->reason, "Hastesak fra fastlege");

  auto bad = validate_move({"17", "0", "   "});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, ErrorCode::InvalidInput);
  EXPECT_EQ(fields_of(bad.error()), (std::vector<std::string>{"position", "reason"}));
  EXPECT_EQ(bad.error().fields[1].message_key, "waiting_list.error.reason_missing");
  EXPECT_FALSE(validate_move({"x", "1", "grunn"}).ok());
  EXPECT_FALSE(validate_move({"1", "1", std::string(kMaxReasonLength + 1, 'a')}).ok());
}

TEST(StaffFormsTest, ACancellationNeedsAReason) {
  EXPECT_TRUE(validate_cancellation({"5", "Flyttet"}).ok());
  auto bad = validate_cancellation({"5", ""});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(fields_of(bad.error()), (std::vector<std::string>{"reason"}));
}

TEST(StaffFormsTest, CapacityIsAWholeNumberInRange) {
  EXPECT_EQ(*validate_capacity(" 14 "), 14);
  EXPECT_EQ(*validate_capacity("0"), 0);
  for (const char* bad : {"", "-1", "1.5", "tolv", "501"})
    EXPECT_FALSE(validate_capacity(bad).ok()) << bad;
}

TEST(StaffFormsTest, OfferModeNeedsAReplyDeadlineInHours) {
  auto offer = validate_promotion({"offer", "24"}, 48);
  ASSERT_TRUE(offer.ok());
  EXPECT_EQ(offer->mode, PromotionMode::Offer);
  EXPECT_EQ(offer->offer_reply_hours, 24);
  auto automatic = validate_promotion({"automatic", ""}, 36);
  ASSERT_TRUE(automatic.ok());
  EXPECT_EQ(automatic->offer_reply_hours, 36);
  EXPECT_FALSE(validate_promotion({"offer", ""}, 48).ok());
  EXPECT_FALSE(validate_promotion({"offer", "0"}, 48).ok());
  EXPECT_FALSE(validate_promotion({"lottery", "24"}, 48).ok());
}

SignUpForm referral_form() {
  SignUpForm f;
  f.name = "Kari Nordmann";
  f.email = "kari@example.no";
  f.kind = "patient";
  f.national_id = "13097248022";
  f.referral_date = "2027-01-05";
  f.referring_doctor = "Dr. Lege";
  return f;
}

TEST(StaffFormsTest, AReferralNeedsADatePassedADoctorAndDigitsForHpr) {
  SignUpRules rules;
  rules.national_id_required = true;
  rules.today = *parse_day("2027-01-10");
  auto ok = validate_referral(referral_form(), "123 4567", rules);
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->doctor_hpr, "1234567");
  EXPECT_EQ(ok->referral_date, *parse_day("2027-01-05"));
  EXPECT_EQ(ok->sign_up.national_id, "13097248022");

  auto f = referral_form();
  f.referral_date = "2027-01-11";  // tomorrow
  f.referring_doctor = "";
  f.national_id = "";
  auto bad = validate_referral(f, "12a", rules);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(fields_of(bad.error()),
            (std::vector<std::string>{"national_id", "referral_date", "referring_doctor",
                                      "referring_doctor_hpr"}));
  f = referral_form();
  f.referral_date = "";
  auto missing = validate_referral(f, "", rules);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().fields.at(0).message_key, "waiting_list.error.referral_date_missing");
}

}  // namespace
}  // namespace kursbase
