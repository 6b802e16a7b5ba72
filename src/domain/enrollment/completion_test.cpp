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

TEST(Completion, EightyPercentOfTeachingHours) {
  auto c =
      assess_completion(programme(), {M::Present, M::Present, M::Present, M::Present, M::Absent});
  EXPECT_EQ(c.total_minutes, 840);
  EXPECT_EQ(c.required_minutes, 672);
  EXPECT_EQ(c.attended_minutes, 720);
  EXPECT_TRUE(c.completed);
  // Missing a three-hour day: 660 of 840 = 78.6 %, not completed.
  c = assess_completion(programme(), {M::Present, M::Absent, M::Present, M::Present, M::Present});
  EXPECT_EQ(c.attended_minutes, 660);
  EXPECT_FALSE(c.completed);
  EXPECT_FALSE(c.can_still_complete);
}

TEST(Completion, ExactlyEightyPercentCompletes) {
  Programme p;
  for (int i = 0; i < 5; ++i) p.items.push_back({"Tema", 90, Teacher::Professional});
  auto c = assess_completion(p, {M::Present, M::Present, M::Present, M::Present, M::Absent});
  EXPECT_EQ(c.required_minutes, 360);
  EXPECT_TRUE(c.completed);
}

TEST(Completion, WarnsAsSoonAsEightyPercentIsOutOfReach) {
  // After one absence from a 3 h day the rest could still make it (660 < 672? no).
  auto c = assess_completion(programme(), {M::Absent});
  EXPECT_FALSE(c.completed);
  EXPECT_EQ(c.open_minutes, 660);
  EXPECT_FALSE(c.can_still_complete) << "660 of 840 possible: below 672 already";
  // Missing only the 2 h day keeps it reachable.
  c = assess_completion(programme(), {M::Present, M::Present, M::Present, M::Present});
  EXPECT_TRUE(c.can_still_complete);
  EXPECT_TRUE(c.completed);
  c = assess_completion(programme(), std::vector<M>{});
  EXPECT_TRUE(c.can_still_complete);
  EXPECT_FALSE(c.completed);
  EXPECT_DOUBLE_EQ(c.attended_share(), 0.0);
}

TEST(Completion, EmptyProgrammeNeverCompletesAndExtraSessionsDoNotCount) {
  auto c = assess_completion(Programme{}, {M::Present});
  EXPECT_FALSE(c.completed);
  Programme p;
  p.items.push_back({"Tema", 60, Teacher::Professional});
  c = assess_completion(p, {M::Absent, M::Present});
  EXPECT_EQ(c.attended_minutes, 0);
  EXPECT_FALSE(c.completed);
}

// Partial attendance counts by its share of the session, excused absence as
// absent (issue 12).
TEST(Completion, PartialAttendanceCountsItsShareOfTheSession) {
  using A = SessionAttendance;
  // Four full days and 90 of the last session's 120 minutes: 720 + 90 = 810 ≥ 672.
  auto c = assess_completion(programme(), std::vector<A>{{M::Present, 0, 180},
                                                         {M::Present, 0, 180},
                                                         {M::Present, 0, 180},
                                                         {M::Present, 0, 180},
                                                         {M::Partial, 90, 120}});
  EXPECT_EQ(c.attended_minutes, 810);
  EXPECT_TRUE(c.completed);
  // Three full days, half of the fourth (90 of 180) and none of the fifth:
  // 540 + 90 = 630 < 672: not completed, and nothing left to make it up.
  c = assess_completion(programme(), std::vector<A>{{M::Present, 0, 180},
                                                    {M::Present, 0, 180},
                                                    {M::Present, 0, 180},
                                                    {M::Partial, 90, 180},
                                                    {M::Absent, 0, 120}});
  EXPECT_EQ(c.attended_minutes, 630);
  EXPECT_FALSE(c.completed);
  EXPECT_FALSE(c.can_still_complete);
  // The share is of the session's length: a 240-minute session (with breaks)
  // attended for 120 minutes counts half of the item's 180 teaching minutes.
  c = assess_completion(programme(), std::vector<A>{{M::Partial, 120, 240}});
  EXPECT_EQ(c.attended_minutes, 90);
  // Never more than the item, even with minutes beyond the session.
  c = assess_completion(programme(), std::vector<A>{{M::Partial, 500, 180}});
  EXPECT_EQ(c.attended_minutes, 180);
}

TEST(Completion, ExcusedAbsenceIsAbsentForCompletionButKeptApart) {
  using A = SessionAttendance;
  const std::vector<A> with_notice{{M::Present, 0, 180},
                                   {M::Excused, 0, 180},
                                   {M::Present, 0, 180},
                                   {M::Present, 0, 180},
                                   {M::Present, 0, 120}};
  const auto c = assess_completion(programme(), with_notice);
  EXPECT_EQ(c.attended_minutes, 660);
  EXPECT_EQ(c.excused_minutes, 180);
  EXPECT_EQ(c.open_minutes, 0);
  EXPECT_FALSE(c.completed);
  EXPECT_FALSE(c.can_still_complete);
  auto without = with_notice;
  without[1].mark = M::Absent;
  const auto d = assess_completion(programme(), without);
  EXPECT_EQ(d.attended_minutes, c.attended_minutes);
  EXPECT_EQ(d.completed, c.completed);
  EXPECT_EQ(d.excused_minutes, 0);
}

}  // namespace
}  // namespace kursbase
