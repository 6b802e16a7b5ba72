#include "adapters/tz/tzdb_time_zone.hpp"

#include <gtest/gtest.h>

namespace kursbase::adapters {
namespace {

using namespace std::chrono_literals;

class TzdbTimeZoneTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto z = TzdbTimeZone::locate("Europe/Oslo");
    ASSERT_TRUE(z) << z.error().detail;
    zone_ = std::move(*z);
  }
  std::unique_ptr<TzdbTimeZone> zone_;
};

TEST_F(TzdbTimeZoneTest, WinterAndSummerOffsets) {
  EXPECT_EQ(zone_->name(), "Europe/Oslo");
  EXPECT_EQ(zone_->utc_offset(*parse_instant("2027-01-15T08:00:00Z")), 60min);
  EXPECT_EQ(zone_->utc_offset(*parse_instant("2027-06-15T08:00:00Z")), 120min);
  EXPECT_EQ(app::format_local_iso(*zone_, *parse_instant("2027-01-15T08:00:00Z")),
            "2027-01-15T09:00:00+01:00");
  EXPECT_EQ(app::format_local_iso(*zone_, *parse_instant("2027-06-15T08:00:00Z")),
            "2027-06-15T10:00:00+02:00");
}

TEST_F(TzdbTimeZoneTest, SummerTimeStartsAndEnds) {
  // 2027: the last Sundays of March (28th) and October (31st), 01:00 UTC.
  EXPECT_EQ(app::to_local(*zone_, *parse_instant("2027-03-28T00:59:00Z")).hour, 1);
  EXPECT_EQ(app::to_local(*zone_, *parse_instant("2027-03-28T01:00:00Z")).hour, 3);
  EXPECT_EQ(app::to_local(*zone_, *parse_instant("2027-10-31T00:59:00Z")).hour, 2);
  EXPECT_EQ(app::to_local(*zone_, *parse_instant("2027-10-31T01:00:00Z")).hour, 2);
}

TEST_F(TzdbTimeZoneTest, LocalTimeToInstant) {
  EXPECT_EQ(zone_->instant_of(*parse_day("2027-01-15"), 9h),
            *parse_instant("2027-01-15T08:00:00Z"));
  EXPECT_EQ(zone_->instant_of(*parse_day("2027-07-01"), 9h),
            *parse_instant("2027-07-01T07:00:00Z"));
  EXPECT_EQ(app::local_midnight(*zone_, *parse_day("2027-01-15")),
            *parse_instant("2027-01-14T23:00:00Z"));
  EXPECT_EQ(app::local_midnight(*zone_, *parse_day("2027-07-01")),
            *parse_instant("2027-06-30T22:00:00Z"));
}

TEST_F(TzdbTimeZoneTest, SkippedAndRepeatedHours) {
  // 02:30 does not happen on 28 March 2027: the clock jumps from 02:00 to 03:00.
  EXPECT_EQ(zone_->instant_of(*parse_day("2027-03-28"), 2h + 30min),
            *parse_instant("2027-03-28T01:00:00Z"));
  // 02:30 happens twice on 31 October 2027: the first time, in summer time.
  EXPECT_EQ(zone_->instant_of(*parse_day("2027-10-31"), 2h + 30min),
            *parse_instant("2027-10-31T00:30:00Z"));
}

TEST_F(TzdbTimeZoneTest, Weekday) {
  EXPECT_EQ(app::to_local(*zone_, *parse_instant("2027-03-10T08:00:00Z")).weekday, 2);  // Wednesday
  // Sunday 23:30 in Oslo is Sunday, though it is 22:30 UTC.
  EXPECT_EQ(app::to_local(*zone_, *parse_instant("2027-03-14T22:30:00Z")).weekday, 6);
}

TEST(TzdbTimeZone, UnknownZoneIsAnError) {
  auto z = TzdbTimeZone::locate("Europe/Atlantis");
  ASSERT_FALSE(z);
  EXPECT_EQ(z.error().code, ErrorCode::Unavailable);
  EXPECT_NE(z.error().detail.find("Europe/Atlantis"), std::string::npos);
}

}  // namespace
}  // namespace kursbase::adapters
