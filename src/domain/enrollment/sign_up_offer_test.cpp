#include "domain/enrollment/sign_up_offer.hpp"

#include <gtest/gtest.h>

namespace kursbase {
namespace {

TEST(SignUpOffer, OpenRunOffersSignUp) {
  auto o = sign_up_offer(RunStatus::Open, true, 0);
  EXPECT_EQ(o.option, SignUpOption::SignUp);
  EXPECT_TRUE(o.refusal_key.empty());
}

TEST(SignUpOffer, FullRunWithWaitingListOffersTheNextPosition) {
  auto o = sign_up_offer(RunStatus::Full, true, 3);
  EXPECT_EQ(o.option, SignUpOption::WaitingList);
  EXPECT_EQ(o.waitlist_position, 4);
  EXPECT_EQ(sign_up_offer(RunStatus::Full, true, 0).waitlist_position, 1);
}

TEST(SignUpOffer, FullRunWithoutWaitingListOffersNothing) {
  auto o = sign_up_offer(RunStatus::Full, false, 0);
  EXPECT_EQ(o.option, SignUpOption::None);
  EXPECT_EQ(o.refusal_key, "enrollment.refused.full");
}

TEST(SignUpOffer, EveryOtherStatusOffersNothingAndSaysWhy) {
  for (auto [status, key] : {std::pair{RunStatus::Closed, "enrollment.refused.closed"},
                             std::pair{RunStatus::InProgress, "enrollment.refused.in_progress"},
                             std::pair{RunStatus::Cancelled, "enrollment.refused.cancelled"},
                             std::pair{RunStatus::Completed, "enrollment.refused.completed"},
                             std::pair{RunStatus::Draft, "enrollment.refused.not_open"}}) {
    for (bool waiting_list : {true, false}) {
      auto o = sign_up_offer(status, waiting_list, 5);
      EXPECT_EQ(o.option, SignUpOption::None) << key;
      EXPECT_EQ(o.refusal_key, key);
    }
  }
}

TEST(SignUpOffer, StaffOnlyRunOffersThePublicNothingButSaysWhyTheRunItselfRefuses) {
  auto o = sign_up_offer(RunStatus::Open, true, 0, true);
  EXPECT_EQ(o.option, SignUpOption::None);
  EXPECT_EQ(o.refusal_key, "enrollment.refused.staff_only");
  // A cancelled staff-only run is first of all cancelled.
  EXPECT_EQ(sign_up_offer(RunStatus::Cancelled, true, 0, true).refusal_key,
            "enrollment.refused.cancelled");
  kursbase::Run run;
  run.staff_registration_only = true;
  EXPECT_EQ(sign_up_offer(run, RunStatus::Full, 2).option, SignUpOption::None);
}

}  // namespace
}  // namespace kursbase
