#include "http/core/request.hpp"

#include <gtest/gtest.h>

namespace kursbase::http {
namespace {

TEST(Request, ParsesPathAndQuery) {
  std::string path;
  QueryParams q;
  ASSERT_TRUE(parse_target("/kurs?q=p%C3%A5r%C3%B8rende+demens&hf=5&hf=6&flag#x", path, q));
  EXPECT_EQ(path, "/kurs");
  ASSERT_EQ(q.size(), 4u);
  EXPECT_EQ(q[0].second, "pårørende demens");
  EXPECT_EQ(q[2], (std::pair<std::string, std::string>{"hf", "6"}));
  EXPECT_EQ(q[3].second, "");
}

TEST(Request, RejectsMalformedTargets) {
  std::string path;
  QueryParams q;
  EXPECT_FALSE(parse_target("/a?q=%", path, q));
  EXPECT_FALSE(parse_target("/a?q=%G1", path, q));
  EXPECT_FALSE(parse_target("/a?q=%00", path, q));
  EXPECT_FALSE(parse_target("/a%2", path, q));
  EXPECT_FALSE(parse_target("a", path, q));
  EXPECT_FALSE(parse_target("", path, q));
}

TEST(Request, EncodingRoundTrips) {
  QueryParams in{{"q", "KOLS & astma/ø"}, {"page", "2"}};
  std::string path;
  QueryParams out;
  ASSERT_TRUE(parse_target("/?" + encode_query(in), path, out));
  EXPECT_EQ(out, in);
}

TEST(RequestMediaType, LowerCasedWithoutParameters) {
  Request r;
  EXPECT_EQ(r.media_type(), "");
  r.headers = {{"content-TYPE", "Application/JSON; charset=UTF-8"}};
  EXPECT_EQ(r.media_type(), "application/json");
  r.headers = {{"Content-Type", " application/x-www-form-urlencoded ;charset=utf-8"}};
  EXPECT_EQ(r.media_type(), "application/x-www-form-urlencoded");
  r.headers = {{"Content-Type", "application/jsonp"}};
  EXPECT_EQ(r.media_type(), "application/jsonp");
}

}  // namespace
}  // namespace kursbase::http
