// Status lines carry RFC 9110's reason phrases (issue 11, item 9.6).
#include "http/core/reason_phrase.hpp"

#include <gtest/gtest.h>

namespace kursbase::http {
namespace {

TEST(ReasonPhrase, NamesTheStatusesWeSend) {
  EXPECT_EQ(reason_phrase(200), "OK");
  EXPECT_EQ(reason_phrase(303), "See Other");
  EXPECT_EQ(reason_phrase(400), "Bad Request");
  EXPECT_EQ(reason_phrase(404), "Not Found");
  EXPECT_EQ(reason_phrase(413), "Content Too Large");
  EXPECT_EQ(reason_phrase(414), "URI Too Long");
  EXPECT_EQ(reason_phrase(422), "Unprocessable Content");
  EXPECT_EQ(reason_phrase(429), "Too Many Requests");
  EXPECT_EQ(reason_phrase(503), "Service Unavailable");
  EXPECT_EQ(reason_phrase(505), "HTTP Version Not Supported");
}

TEST(ReasonPhrase, UnknownCodeHasNone) { EXPECT_EQ(reason_phrase(299), ""); }

}  // namespace
}  // namespace kursbase::http
