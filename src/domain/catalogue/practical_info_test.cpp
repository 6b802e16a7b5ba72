#include "domain/catalogue/practical_info.hpp"

#include <gtest/gtest.h>

namespace kursbase {
namespace {

TEST(PracticalInfo, KronerAreGroupedByThousandsWithANoBreakSpace) {
  EXPECT_EQ(format_kroner(0), "0\u00a0kr");
  EXPECT_EQ(format_kroner(350), "350\u00a0kr");
  EXPECT_EQ(format_kroner(1500), "1\u00a0500\u00a0kr");
  EXPECT_EQ(format_kroner(100000), "100\u00a0000\u00a0kr");
  EXPECT_EQ(format_kroner(1234567), "1\u00a0234\u00a0567\u00a0kr");
}

// Issue 13: each language's pattern and thousands separator.
TEST(PracticalInfo, KronerInEachLanguagesWay) {
  EXPECT_EQ(format_kroner(1500, "NOK\u00a0{number}", ","), "NOK\u00a01,500");
  EXPECT_EQ(format_kroner(1234567, "NOK\u00a0{number}", ","), "NOK\u00a01,234,567");
  EXPECT_EQ(format_kroner(350, "NOK\u00a0{number}", ","), "NOK\u00a0350");
  EXPECT_EQ(format_kroner(1500, "{number}\u00a0kr", "\u00a0"), format_kroner(1500));
  EXPECT_EQ(format_kroner(-2500, "{number} kr", " "), "-2 500 kr");
}

TEST(PracticalInfo, NothingSaidIsEmptyAndAFreeCourseIsNot) {
  EXPECT_TRUE(PracticalInfo{}.empty());
  EXPECT_FALSE((PracticalInfo{0, std::nullopt, ""}).empty());
  EXPECT_FALSE((PracticalInfo{std::nullopt, std::nullopt, "Matpakke"}).empty());
}

}  // namespace
}  // namespace kursbase
