#include "http/core/formatting.hpp"

#include <gtest/gtest.h>

#include "app/testing/oslo_time_zone.hpp"

namespace kursbase::http {
namespace {

TEST(TelUri, NorwegianNumbersGetTheCountryCode) {
  EXPECT_EQ(tel_uri("22 11 80 80"), "tel:+4722118080");
  EXPECT_EQ(tel_uri("+47 915 00 000"), "tel:+4791500000");
  EXPECT_EQ(tel_uri("0047 915 00 000"), "tel:+4791500000");
  EXPECT_EQ(tel_uri("+46 8 123 456 78"), "tel:+46812345678");
  EXPECT_EQ(tel_uri(""), "");
  EXPECT_EQ(tel_uri("ring sentralbordet"), "");
}

// Issue 13: each language's own date and time patterns, on the Oslo wall
// clock (11 December 2026 12:00 in Oslo is 11:00 UTC; 1 July 09:05 is 07:05).
TEST(Formatting, DatesAndTimesInEachLanguage) {
  const auto& zone = app::testing::oslo_time_zone();
  const auto winter = *parse_instant("2026-12-11T11:00:00Z");
  const auto summer = *parse_instant("2027-07-01T07:05:00Z");
  const auto& nb = web::Messages::get("nb");
  const auto& nn = web::Messages::get("nn");
  const auto& en = web::Messages::get("en");
  const auto& se = web::Messages::get("se");
  EXPECT_EQ(format_date(winter, zone, nb), "fredag 11. desember 2026");
  EXPECT_EQ(format_date(summer, zone, nn), "torsdag 1. juli 2027");
  EXPECT_EQ(format_date(winter, zone, en), "Friday 11 December 2026");
  EXPECT_EQ(format_date(winter, zone, se), "bearjadat 11.12.2026");
  EXPECT_EQ(format_date_time(summer, zone, nb), "1. juli 2027 kl. 09.05");
  EXPECT_EQ(format_date_time(summer, zone, en), "1 July 2027 at 09:05");
  EXPECT_EQ(format_date_time(summer, zone, se), "01.07.2027 dii. 09.05");
  EXPECT_EQ(format_clock(summer, zone, nn), "09.05");
  EXPECT_EQ(format_clock(summer, zone, en), "09:05");
  EXPECT_EQ(format_day(*parse_day("2027-03-02"), en), "2 March 2027");
  EXPECT_EQ(format_short_date(winter, zone, nn), "11. desember 2026");
}

}  // namespace
}  // namespace kursbase::http
