#include "http/core/formatting.hpp"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace kursbase::http
