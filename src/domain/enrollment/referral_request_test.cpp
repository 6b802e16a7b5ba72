#include "domain/enrollment/referral_request.hpp"

#include <gtest/gtest.h>

namespace kursbase {
namespace {

constexpr SeatCounts kFree{10, 3, 0, true};
constexpr SeatCounts kFullWithList{10, 10, 2, true};
constexpr SeatCounts kFullNoList{10, 10, 0, false};

TEST(ReferralRequest, PublicSignUpForAReferralCourseIsARequestWithoutASeat) {
  for (const auto& counts : {kFree, kFullWithList}) {
    auto d = decide_new_enrollment(EnrollmentSource::Public, true, false, counts);
    ASSERT_TRUE(d.ok());
    EXPECT_EQ(d->status, EnrollmentStatus::AwaitingReferral);
    EXPECT_FALSE(d->waitlist_position);
    EXPECT_FALSE(holds_seat(d->status));
  }
  auto full = decide_new_enrollment(EnrollmentSource::Public, true, false, kFullNoList);
  ASSERT_FALSE(full.ok());
  EXPECT_EQ(full.error().message_key, "enrollment.refused.full");
}

TEST(ReferralRequest, StaffRegistrationAndCoursesWithoutReferralUseTheSeatRule) {
  auto staff = decide_new_enrollment(EnrollmentSource::Staff, true, true, kFree);
  ASSERT_TRUE(staff.ok());
  EXPECT_EQ(staff->status, EnrollmentStatus::Confirmed);
  auto open = decide_new_enrollment(EnrollmentSource::Public, false, false, kFullWithList);
  ASSERT_TRUE(open.ok());
  EXPECT_EQ(open->status, EnrollmentStatus::Waitlisted);
  EXPECT_EQ(open->waitlist_position, 3);
}

TEST(ReferralRequest, StaffOnlyRunRefusesThePublic) {
  auto d = decide_new_enrollment(EnrollmentSource::Public, false, true, kFree);
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.error().code, ErrorCode::Conflict);
  EXPECT_EQ(d.error().message_key, "enrollment.refused.staff_only");
}

TEST(ReferralRequest, ConfirmingAppliesTheSeatRuleEvenAfterTheDeadline) {
  auto seat =
      confirm_referral_request(EnrollmentStatus::AwaitingReferral, RunStatus::Closed, kFree);
  ASSERT_TRUE(seat.ok());
  EXPECT_EQ(seat->status, EnrollmentStatus::Confirmed);
  auto line =
      confirm_referral_request(EnrollmentStatus::AwaitingReferral, RunStatus::Full, kFullWithList);
  ASSERT_TRUE(line.ok());
  EXPECT_EQ(line->status, EnrollmentStatus::Waitlisted);
  EXPECT_EQ(line->waitlist_position, 3);
  auto full =
      confirm_referral_request(EnrollmentStatus::AwaitingReferral, RunStatus::Full, kFullNoList);
  ASSERT_FALSE(full.ok());
  EXPECT_EQ(full.error().message_key, "enrollment.refused.full");
}

TEST(ReferralRequest, OnlyARequestOnALiveRunCanBeConfirmed) {
  auto twice = confirm_referral_request(EnrollmentStatus::Confirmed, RunStatus::Open, kFree);
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.error().message_key, "enrollment.error.not_awaiting_referral");
  auto cancelled =
      confirm_referral_request(EnrollmentStatus::AwaitingReferral, RunStatus::Cancelled, kFree);
  ASSERT_FALSE(cancelled.ok());
  EXPECT_EQ(cancelled.error().message_key, "enrollment.refused.cancelled");
}

TEST(ReferralRequest, TheArrivedReferralIsCheckedAsOnTheRegistrationForm) {
  const Day today = *parse_day("2027-01-10");
  auto ok = validate_referral_received({"17", "2027-01-09", " Dr. Lege ", "123 456"}, today);
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->enrollment_id, 17);
  EXPECT_EQ(ok->referral.referral_date, *parse_day("2027-01-09"));
  EXPECT_EQ(ok->referral.referring_doctor, "Dr. Lege");
  EXPECT_EQ(ok->referral.referring_doctor_hpr, "123456");
  auto bad = validate_referral_received({"x", "2027-01-11", "", "12a"}, today);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, ErrorCode::InvalidInput);
  std::vector<std::string> fields;
  for (const auto& f : bad.error().fields) fields.push_back(f.field);
  EXPECT_EQ(fields, (std::vector<std::string>{"enrollment", "referral_date", "referring_doctor",
                                              "referring_doctor_hpr"}));
}

}  // namespace
}  // namespace kursbase
