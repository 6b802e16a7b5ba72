#include "domain/core/time.hpp"

#include <gtest/gtest.h>

namespace kursbase {
namespace {

TEST(Time, InstantRoundTrips) {
  auto t = parse_instant("2027-03-04T08:30:05Z");
  ASSERT_TRUE(t);
  EXPECT_EQ(format_instant(*t), "2027-03-04T08:30:05Z");
}

TEST(Time, RejectsMalformedInstants) {
  for (auto s :
       {"", "2027-03-04", "2027-03-04T08:30:05", "2027-02-30T08:30:05Z", "2027-03-04T24:00:00Z",
        "2027-03-04 08:30:05Z", "20x7-03-04T08:30:05Z", "2027-03-04T08:30:05+01"})
    EXPECT_FALSE(parse_instant(s)) << s;
}

TEST(Time, DaysValidateTheCalendar) {
  EXPECT_TRUE(parse_day("2028-02-29"));
  EXPECT_FALSE(parse_day("2027-02-29"));
  EXPECT_FALSE(parse_day("2027-13-01"));
  EXPECT_FALSE(parse_day("2027-1-01"));
  EXPECT_EQ(format_day(*parse_day("2027-01-09")), "2027-01-09");
}

}  // namespace
}  // namespace kursbase
