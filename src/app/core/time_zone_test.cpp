#include "app/core/time_zone.hpp"

#include <gtest/gtest.h>

namespace kursbase::app {
namespace {

using namespace std::chrono_literals;

// A zone with one fixed offset: the formatting, not the rules, is under test
// here (the rules of Europe/Oslo are tested with tzdata in adapters/tz).
class FixedOffset final : public TimeZone {
 public:
  explicit FixedOffset(std::chrono::minutes offset) : offset_(offset) {}
  std::string name() const override { return "fixed"; }
  std::chrono::minutes utc_offset(Instant) const override { return offset_; }
  Instant instant_of(Day day, std::chrono::minutes time_of_day) const override {
    return Instant{day} + time_of_day - offset_;
  }

 private:
  std::chrono::minutes offset_;
};

TEST(TimeZone, LocalTimeCrossesTheDate) {
  const FixedOffset east{120min};
  const auto t = to_local(east, *parse_instant("2027-12-31T23:15:30Z"));
  EXPECT_EQ(t.year, 2028);
  EXPECT_EQ(t.month, 1);
  EXPECT_EQ(t.day, 1);
  EXPECT_EQ(t.hour, 1);
  EXPECT_EQ(t.minute, 15);
  EXPECT_EQ(t.second, 30);
  EXPECT_EQ(t.weekday, 5);  // Saturday 1 January 2028
}

TEST(TimeZone, IsoWithPositiveAndNegativeOffsets) {
  EXPECT_EQ(format_local_iso(FixedOffset{60min}, *parse_instant("2027-01-15T08:00:00Z")),
            "2027-01-15T09:00:00+01:00");
  EXPECT_EQ(format_local_iso(FixedOffset{-(3h + 30min)}, *parse_instant("2027-01-15T08:00:05Z")),
            "2027-01-15T04:30:05-03:30");
  EXPECT_EQ(format_local_iso(FixedOffset{0min}, *parse_instant("2027-01-15T08:00:00Z")),
            "2027-01-15T08:00:00+00:00");
}

TEST(TimeZone, MidnightIsTheStartOfTheLocalDay) {
  EXPECT_EQ(local_midnight(FixedOffset{60min}, *parse_day("2027-01-15")),
            *parse_instant("2027-01-14T23:00:00Z"));
}

}  // namespace
}  // namespace kursbase::app
