#include "domain/catalogue/run.hpp"

#include <gtest/gtest.h>

namespace kursbase {
namespace {

Instant at(const char* s) { return *parse_instant(s); }

Run open_run() {
  Run r;
  r.state = RunState::Open;
  r.capacity = 12;
  r.registration_deadline = at("2027-03-01T22:59:00Z");
  r.sessions = {{1, at("2027-03-10T08:00:00Z"), at("2027-03-10T11:00:00Z")},
                {2, at("2027-03-17T08:00:00Z"), at("2027-03-17T11:00:00Z")}};
  return r;
}

TEST(RunStatus, OpenUntilFullThenFull) {
  auto r = open_run();
  const auto now = at("2027-02-01T12:00:00Z");
  EXPECT_EQ(run_status(r, 11, now), RunStatus::Open);
  EXPECT_EQ(run_status(r, 12, now), RunStatus::Full);
  EXPECT_EQ(seats_left(r, 11), 1);
  EXPECT_EQ(seats_left(r, 13), 0);
  EXPECT_TRUE(accepts_sign_ups(r, 12, now));  // onto the waiting list
  r.waiting_list_enabled = false;
  EXPECT_FALSE(accepts_sign_ups(r, 12, now));
  // Staff registrations only: open, but not for the public.
  r.waiting_list_enabled = true;
  r.staff_registration_only = true;
  EXPECT_EQ(run_status(r, 0, now), RunStatus::Open);
  EXPECT_FALSE(accepts_sign_ups(r, 0, now));
  EXPECT_FALSE(accepts_sign_ups(RunStatus::Open, true, true));
}

TEST(RunStatus, ClosedAfterDeadlineInProgressFromFirstSessionCompletedAfterLast) {
  auto r = open_run();
  EXPECT_EQ(run_status(r, 0, at("2027-03-02T00:00:00Z")), RunStatus::Closed);
  EXPECT_EQ(run_status(r, 0, at("2027-03-10T08:00:00Z")), RunStatus::InProgress);
  EXPECT_EQ(run_status(r, 0, at("2027-03-12T00:00:00Z")), RunStatus::InProgress);
  EXPECT_EQ(run_status(r, 0, at("2027-03-17T11:00:00Z")), RunStatus::Completed);
  EXPECT_FALSE(accepts_sign_ups(r, 0, at("2027-03-02T00:00:00Z")));
  // A deadline after the first start (late sign-up allowed) does not reopen a started run.
  r.registration_deadline = at("2027-03-16T00:00:00Z");
  EXPECT_EQ(run_status(r, 0, at("2027-03-12T00:00:00Z")), RunStatus::InProgress);
  EXPECT_FALSE(accepts_sign_ups(r, 0, at("2027-03-12T00:00:00Z")));
}

TEST(RunStatus, StaffDecisionsWin) {
  auto r = open_run();
  r.state = RunState::Cancelled;
  EXPECT_EQ(run_status(r, 0, at("2027-02-01T00:00:00Z")), RunStatus::Cancelled);
  r.state = RunState::Draft;
  EXPECT_EQ(run_status(r, 0, at("2027-02-01T00:00:00Z")), RunStatus::Draft);
  EXPECT_FALSE(accepts_sign_ups(r, 0, at("2027-02-01T00:00:00Z")));
}

TEST(RunStatus, FirstAndLastFromUnorderedSessions) {
  auto r = open_run();
  std::swap(r.sessions[0], r.sessions[1]);
  EXPECT_EQ(*r.first_start(), at("2027-03-10T08:00:00Z"));
  EXPECT_EQ(*r.last_end(), at("2027-03-17T11:00:00Z"));
  EXPECT_FALSE(kursbase::Run{}.first_start());
}

}  // namespace
}  // namespace kursbase
