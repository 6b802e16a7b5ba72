#include "domain/enrollment/waiting_list.hpp"

#include <gtest/gtest.h>

namespace kursbase {
namespace {

TEST(DecideSeat, ConfirmedWhileSeatsRemainThenWaitlistedAtTheEnd) {
  auto a = decide_seat(12, 11, 0, true);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->status, EnrollmentStatus::Confirmed);
  EXPECT_FALSE(a->waitlist_position);
  auto b = decide_seat(12, 12, 3, true);
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b->status, EnrollmentStatus::Waitlisted);
  EXPECT_EQ(b->waitlist_position, 4);
  // Over capacity (staff lowered it): still waitlisted, never confirmed.
  EXPECT_EQ(decide_seat(10, 12, 0, true)->status, EnrollmentStatus::Waitlisted);
}

TEST(DecideSeat, FullWithoutWaitingListIsRefused) {
  auto r = decide_seat(12, 12, 0, false);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::Conflict);
  EXPECT_EQ(r.error().message_key, "enrollment.refused.full");
  EXPECT_TRUE(decide_seat(12, 11, 0, false).ok());
}

TEST(PromotionsDue, FreeSeatsBoundedByTheList) {
  EXPECT_EQ(promotions_due(12, 11, 5), 1);
  EXPECT_EQ(promotions_due(15, 12, 5), 3);  // capacity raised by 3
  EXPECT_EQ(promotions_due(15, 12, 2), 2);
  EXPECT_EQ(promotions_due(12, 12, 5), 0);
  EXPECT_EQ(promotions_due(10, 12, 5), 0);
}

std::vector<WaitingEntry> list_of(std::initializer_list<EnrollmentId> ids) {
  std::vector<WaitingEntry> out;
  int p = 1;
  for (auto id : ids) out.push_back({id, p++});
  return out;
}

std::vector<EnrollmentId> ids(const std::vector<WaitingEntry>& l) {
  std::vector<EnrollmentId> out;
  for (auto& e : l) out.push_back(e.id);
  return out;
}

TEST(WaitingList, RemoveClosesTheGap) {
  auto r = remove_from_list(list_of({10, 11, 12, 13}), 11);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(ids(*r), (std::vector<EnrollmentId>{10, 12, 13}));
  EXPECT_TRUE(gap_free(*r));
  EXPECT_EQ(remove_from_list(list_of({10}), 99).error().code, ErrorCode::NotFound);
}

TEST(WaitingList, MoveNeedsAReasonAndAValidPosition) {
  auto l = list_of({10, 11, 12, 13});
  auto r = move_in_list(l, 13, 1, "Henvist som hastesak");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(ids(*r), (std::vector<EnrollmentId>{13, 10, 11, 12}));
  EXPECT_TRUE(gap_free(*r));
  r = move_in_list(l, 10, 4, "Ønsker senere");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(ids(*r), (std::vector<EnrollmentId>{11, 12, 13, 10}));
  EXPECT_EQ(move_in_list(l, 13, 1, "  ").error().message_key, "waiting_list.error.reason_missing");
  EXPECT_EQ(move_in_list(l, 13, 0, "x").error().message_key, "waiting_list.error.position_invalid");
  EXPECT_EQ(move_in_list(l, 13, 5, "x").error().message_key, "waiting_list.error.position_invalid");
  EXPECT_EQ(move_in_list(l, 99, 1, "x").error().code, ErrorCode::NotFound);
}

TEST(WaitingList, GapFreeDetectsGapsAndDuplicates) {
  EXPECT_TRUE(gap_free({}));
  EXPECT_TRUE(gap_free({{5, 2}, {6, 1}}));
  EXPECT_FALSE(gap_free({{5, 1}, {6, 3}}));
  EXPECT_FALSE(gap_free({{5, 1}, {6, 1}}));
  EXPECT_EQ(ids(in_promotion_order({{5, 2}, {6, 1}})), (std::vector<EnrollmentId>{6, 5}));
}

}  // namespace
}  // namespace kursbase
