#include "domain/staff/run_overview.hpp"

#include <gtest/gtest.h>

namespace kursbase {
namespace {

Instant at(const char* s) { return *parse_instant(s); }

// Two sessions in March 2027, deadline 1 March, 8–12 participants.
RunOverviewFacts march_run() {
  RunOverviewFacts r;
  r.times.state = RunState::Open;
  r.times.first_start = at("2027-03-10T08:00:00Z");
  r.times.last_end = at("2027-03-17T11:00:00Z");
  r.times.registration_deadline = at("2027-03-01T22:59:00Z");
  r.times.capacity = 12;
  r.confirmed = 9;
  r.min_participants = 8;
  r.first_unrecorded_end = at("2027-03-10T11:00:00Z");
  return r;
}

const MonthSpan kMarch{at("2027-02-28T23:00:00Z"), at("2027-03-31T22:00:00Z")};
const MonthSpan kApril{at("2027-03-31T22:00:00Z"), at("2027-04-30T22:00:00Z")};

TEST(RunOverview, APastRunIsCompletedNeverOpen) {
  const auto o = overview_of(march_run(), at("2027-05-01T10:00:00Z"));
  EXPECT_EQ(o.status, RunStatus::Completed);
  EXPECT_FALSE(matches(RunListFilter::Upcoming, march_run(), o, kMarch));
}

TEST(RunOverview, StatesFollowTheClock) {
  const auto r = march_run();
  EXPECT_EQ(overview_of(r, at("2027-02-01T10:00:00Z")).status, RunStatus::Open);
  EXPECT_EQ(overview_of(r, at("2027-03-05T10:00:00Z")).status, RunStatus::Closed);
  EXPECT_EQ(overview_of(r, at("2027-03-12T10:00:00Z")).status, RunStatus::InProgress);
  auto full = r;
  full.confirmed = 12;
  EXPECT_EQ(overview_of(full, at("2027-02-01T10:00:00Z")).status, RunStatus::Full);
  auto cancelled = r;
  cancelled.times.state = RunState::Cancelled;
  EXPECT_EQ(overview_of(cancelled, at("2027-02-01T10:00:00Z")).status, RunStatus::Cancelled);
}

TEST(RunOverview, AnEndedSessionWithoutAttendanceNeedsAttentionOnlyOnceEnded) {
  const auto r = march_run();
  EXPECT_FALSE(overview_of(r, at("2027-03-10T10:59:00Z")).attendance_missing);
  const auto after = overview_of(r, at("2027-03-10T11:00:00Z"));
  EXPECT_TRUE(after.attendance_missing);
  EXPECT_TRUE(after.needs_attention());
  auto recorded = r;
  recorded.first_unrecorded_end.reset();
  EXPECT_FALSE(overview_of(recorded, at("2027-03-12T10:00:00Z")).needs_attention());
}

TEST(RunOverview, WaitingListAndFewSignUps) {
  auto r = march_run();
  r.waitlisted = 2;
  EXPECT_TRUE(overview_of(r, at("2027-02-01T10:00:00Z")).waiting_list);
  // A completed run's waiting list is history, not a task.
  EXPECT_FALSE(overview_of(r, at("2027-05-01T10:00:00Z")).waiting_list);
  r.waitlisted = 0;
  r.confirmed = 7;
  EXPECT_TRUE(overview_of(r, at("2027-02-01T10:00:00Z")).few_sign_ups);
  r.confirmed = 8;  // the minimum itself is enough
  EXPECT_FALSE(overview_of(r, at("2027-02-01T10:00:00Z")).few_sign_ups);
  r.confirmed = 3;  // once started, too late to be a sign-up task
  EXPECT_FALSE(overview_of(r, at("2027-03-12T10:00:00Z")).few_sign_ups);
}

TEST(RunOverview, RequestsWaitingForTheirReferralNeedAttentionUntilTheRunIsOver) {
  auto r = march_run();
  r.first_unrecorded_end.reset();
  EXPECT_FALSE(overview_of(r, at("2027-02-01T10:00:00Z")).needs_attention());
  r.awaiting_referral = 1;
  const auto o = overview_of(r, at("2027-02-01T10:00:00Z"));
  EXPECT_TRUE(o.referrals_awaited);
  EXPECT_TRUE(o.needs_attention());
  EXPECT_TRUE(overview_of(r, at("2027-03-12T10:00:00Z")).referrals_awaited) << "under way too";
  EXPECT_FALSE(overview_of(r, at("2027-05-01T10:00:00Z")).referrals_awaited);
}

TEST(RunOverview, CancelledAndDraftRunsNeedNoAttention) {
  auto r = march_run();
  r.waitlisted = 3;
  r.confirmed = 1;
  r.awaiting_referral = 2;
  r.times.state = RunState::Cancelled;
  EXPECT_FALSE(overview_of(r, at("2027-03-12T10:00:00Z")).needs_attention());
  r.times.state = RunState::Draft;
  EXPECT_FALSE(overview_of(r, at("2027-03-12T10:00:00Z")).needs_attention());
}

TEST(RunListFilter, ThisMonthIsAnySessionInTheMonthAndUpcomingIsNotStarted) {
  const auto r = march_run();
  const auto now = at("2027-03-05T10:00:00Z");
  const auto o = overview_of(r, now);
  EXPECT_TRUE(matches(RunListFilter::ThisMonth, r, o, kMarch));
  EXPECT_FALSE(matches(RunListFilter::ThisMonth, r, o, kApril));
  EXPECT_TRUE(matches(RunListFilter::Upcoming, r, o, kMarch));
  EXPECT_TRUE(matches(RunListFilter::All, r, o, kApril));
  const auto started = overview_of(r, at("2027-03-12T10:00:00Z"));
  EXPECT_FALSE(matches(RunListFilter::Upcoming, r, started, kMarch));
  EXPECT_TRUE(matches(RunListFilter::ThisMonth, r, started, kMarch));
  auto no_sessions = r;
  no_sessions.times.first_start.reset();
  no_sessions.times.last_end.reset();
  EXPECT_FALSE(
      matches(RunListFilter::ThisMonth, no_sessions, overview_of(no_sessions, now), kMarch));
  EXPECT_EQ(parse_key<RunListFilter>("needs_attention"), RunListFilter::NeedsAttention);
  EXPECT_FALSE(parse_key<RunListFilter>("tomorrow").has_value());
}

}  // namespace
}  // namespace kursbase
