#include "domain/enrollment/completion.hpp"

#include <gtest/gtest.h>

namespace kursbase {
namespace {

// Four theme days of 3 h and one of 2 h: 14 h = 840 min; 80 % = 672 min.
Programme programme() {
  Programme p;
  for (int m : {180, 180, 180, 180, 120}) p.items.push_back({"Tema", m, Teacher::Both});
  return p;
}

using M = AttendanceMark;
using A = SessionAttendance;

// The course's scheme is ISF (80 %) unless a test says otherwise.
Completion isf(const Programme& p, const std::vector<M>& marks) {
  return assess_completion(p, marks, CompletionScheme{});
}
Completion isf(const Programme& p, const std::vector<A>& sessions) {
  return assess_completion(p, sessions, CompletionScheme{});
}

TEST(Completion, EightyPercentOfTeachingHours) {
  auto c = isf(programme(), {M::Present, M::Present, M::Present, M::Present, M::Absent});
  EXPECT_EQ(c.total_minutes, 840);
  EXPECT_EQ(c.required_minutes, 672);
  EXPECT_EQ(c.attended_minutes, 720);
  EXPECT_TRUE(c.completed);
  // Missing a three-hour day: 660 of 840 = 78.6 %, not completed.
  c = isf(programme(), {M::Present, M::Absent, M::Present, M::Present, M::Present});
  EXPECT_EQ(c.attended_minutes, 660);
  EXPECT_FALSE(c.completed);
  EXPECT_FALSE(c.can_still_complete);
}

TEST(Completion, ExactlyEightyPercentCompletes) {
  Programme p;
  for (int i = 0; i < 5; ++i) p.items.push_back({"Tema", 90, Teacher::Professional});
  auto c = isf(p, {M::Present, M::Present, M::Present, M::Present, M::Absent});
  EXPECT_EQ(c.required_minutes, 360);
  EXPECT_TRUE(c.completed);
}

TEST(Completion, WarnsAsSoonAsEightyPercentIsOutOfReach) {
  // After one absence from a 3 h day the rest could still make it (660 < 672? no).
  auto c = isf(programme(), {M::Absent});
  EXPECT_FALSE(c.completed);
  EXPECT_EQ(c.open_minutes, 660);
  EXPECT_FALSE(c.can_still_complete) << "660 of 840 possible: below 672 already";
  // Missing only the 2 h day keeps it reachable.
  c = isf(programme(), {M::Present, M::Present, M::Present, M::Present});
  EXPECT_TRUE(c.can_still_complete);
  EXPECT_TRUE(c.completed);
  c = isf(programme(), std::vector<M>{});
  EXPECT_TRUE(c.can_still_complete);
  EXPECT_FALSE(c.completed);
  EXPECT_DOUBLE_EQ(c.attended_share(), 0.0);
}

TEST(Completion, EmptyProgrammeNeverCompletesAndExtraSessionsDoNotCount) {
  auto c = isf(Programme{}, {M::Present});
  EXPECT_FALSE(c.completed);
  Programme p;
  p.items.push_back({"Tema", 60, Teacher::Professional});
  c = isf(p, {M::Absent, M::Present});
  EXPECT_EQ(c.attended_minutes, 0);
  EXPECT_FALSE(c.completed);
}

// Partial attendance counts by its share of the session, excused absence as
// absent (issue 12).
TEST(Completion, PartialAttendanceCountsItsShareOfTheSession) {
  using A = SessionAttendance;
  // Four full days and 90 of the last session's 120 minutes: 720 + 90 = 810 ≥ 672.
  auto c = isf(programme(), std::vector<A>{{M::Present, 0, 180},
                                           {M::Present, 0, 180},
                                           {M::Present, 0, 180},
                                           {M::Present, 0, 180},
                                           {M::Partial, 90, 120}});
  EXPECT_EQ(c.attended_minutes, 810);
  EXPECT_TRUE(c.completed);
  // Three full days, half of the fourth (90 of 180) and none of the fifth:
  // 540 + 90 = 630 < 672: not completed, and nothing left to make it up.
  c = isf(programme(), std::vector<A>{{M::Present, 0, 180},
                                      {M::Present, 0, 180},
                                      {M::Present, 0, 180},
                                      {M::Partial, 90, 180},
                                      {M::Absent, 0, 120}});
  EXPECT_EQ(c.attended_minutes, 630);
  EXPECT_FALSE(c.completed);
  EXPECT_FALSE(c.can_still_complete);
  // The share is of the session's length: a 240-minute session (with breaks)
  // attended for 120 minutes counts half of the item's 180 teaching minutes.
  c = isf(programme(), std::vector<A>{{M::Partial, 120, 240}});
  EXPECT_EQ(c.attended_minutes, 90);
  // Never more than the item, even with minutes beyond the session.
  c = isf(programme(), std::vector<A>{{M::Partial, 500, 180}});
  EXPECT_EQ(c.attended_minutes, 180);
}

TEST(Completion, ExcusedAbsenceIsAbsentForCompletionButKeptApart) {
  using A = SessionAttendance;
  const std::vector<A> with_notice{{M::Present, 0, 180},
                                   {M::Excused, 0, 180},
                                   {M::Present, 0, 180},
                                   {M::Present, 0, 180},
                                   {M::Present, 0, 120}};
  const auto c = isf(programme(), with_notice);
  EXPECT_EQ(c.attended_minutes, 660);
  EXPECT_EQ(c.excused_minutes, 180);
  EXPECT_EQ(c.open_minutes, 0);
  EXPECT_FALSE(c.completed);
  EXPECT_FALSE(c.can_still_complete);
  auto without = with_notice;
  without[1].mark = M::Absent;
  const auto d = isf(programme(), without);
  EXPECT_EQ(d.attended_minutes, c.attended_minutes);
  EXPECT_EQ(d.completed, c.completed);
  EXPECT_EQ(d.excused_minutes, 0);
}

// The share is the course's scheme's: study associations ask 75 %, so 11 of
// 14 hours (660 of 840 minutes, 78 %) completes there and not under ISF.
TEST(Completion, TheCoursesSchemeSetsTheShare) {
  const CompletionScheme study{"study_association", 75};
  const std::vector<M> marks{M::Present, M::Present, M::Present, M::Absent, M::Present};
  const auto under_isf = isf(programme(), marks);
  EXPECT_EQ(under_isf.required_minutes, 672);
  EXPECT_EQ(under_isf.required_percent, 80);
  EXPECT_FALSE(under_isf.completed);
  const auto under_study = assess_completion(programme(), marks, study);
  EXPECT_EQ(under_study.attended_minutes, 660);
  EXPECT_EQ(under_study.required_minutes, 630);
  EXPECT_EQ(under_study.required_percent, 75);
  EXPECT_TRUE(under_study.completed);
  // And the warning comes later: one 3 h absence leaves 660 in reach of 630.
  const auto early = assess_completion(programme(), std::vector<M>{M::Absent}, study);
  EXPECT_TRUE(early.can_still_complete);
  EXPECT_FALSE(isf(programme(), std::vector<M>{M::Absent, M::Absent}).can_still_complete);
}

TEST(CompletionScheme, RequiredMinutesRoundUpAndStayInRange) {
  EXPECT_EQ(required_minutes({"isf", 80}, 450), 360);
  EXPECT_EQ(required_minutes({"isf", 80}, 451), 361);                // 360.8 rounds up
  EXPECT_EQ(required_minutes({"study_association", 75}, 450), 338);  // 337.5
  EXPECT_EQ(required_minutes({"all", 100}, 450), 450);
  EXPECT_EQ(required_minutes({"isf", 80}, 0), 0);
  EXPECT_EQ(required_minutes({"bad", 250}, 100), 100);  // never more than all
  EXPECT_EQ(required_minutes({"bad", -5}, 100), 0);
}

}  // namespace
}  // namespace kursbase
