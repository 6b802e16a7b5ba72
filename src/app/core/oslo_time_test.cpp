#include "app/core/oslo_time.hpp"

#include <gtest/gtest.h>

namespace kursbase::app {
namespace {

TEST(OsloTime, WinterAndSummerOffsets) {
  EXPECT_EQ(format_oslo_iso(*parse_instant("2027-01-15T08:00:00Z")), "2027-01-15T09:00:00+01:00");
  EXPECT_EQ(format_oslo_iso(*parse_instant("2027-06-15T08:00:00Z")), "2027-06-15T10:00:00+02:00");
  const auto t = to_oslo(*parse_instant("2027-03-28T00:59:00Z"));  // just before DST starts
  EXPECT_EQ(t.hour, 1);
  EXPECT_EQ(to_oslo(*parse_instant("2027-03-28T01:00:00Z")).hour, 3);
}

TEST(OsloTime, MidnightOfADay) {
  EXPECT_EQ(oslo_midnight(*parse_day("2027-01-15")), *parse_instant("2027-01-14T23:00:00Z"));
  EXPECT_EQ(oslo_midnight(*parse_day("2027-07-01")), *parse_instant("2027-06-30T22:00:00Z"));
}

TEST(OsloTime, Weekday) {
  EXPECT_EQ(to_oslo(*parse_instant("2027-03-10T08:00:00Z")).weekday, 2);  // a Wednesday
}

}  // namespace
}  // namespace kursbase::app
