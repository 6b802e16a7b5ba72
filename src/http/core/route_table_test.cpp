#include "http/core/route_table.hpp"

#include <gtest/gtest.h>

namespace kursbase::http {
namespace {

Request get(const std::string& path, const char* method = "GET") {
  Request r;
  r.method = method;
  r.path = path;
  return r;
}

TEST(RouteTable, MatchesIdsTokensAndRest) {
  RouteTable t;
  int hit = 0;
  t.add("GET", "/kurs/{id}", [&](const Request&, const RouteMatch&) {
    hit = 1;
    return Response{};
  });
  t.add("GET", "/p/{token}/cancel", [&](const Request&, const RouteMatch&) {
    hit = 2;
    return Response{};
  });
  t.add("POST", "/p/{token}/cancel", [&](const Request&, const RouteMatch&) {
    hit = 3;
    return Response{};
  });
  t.add("GET", "/static/*", [&](const Request&, const RouteMatch&) {
    hit = 4;
    return Response{};
  });
  RouteMatch m;
  std::vector<std::string> other;
  ASSERT_TRUE(t.match(get("/kurs/12"), m, other));
  EXPECT_EQ(m.id(), 12);
  for (auto bad : {"/kurs/0", "/kurs/-1", "/kurs/01", "/kurs/abc", "/kurs/", "/kurs/1/2",
                   "/kurs/99999999999999999999"}) {
    RouteMatch mm;
    EXPECT_FALSE(t.match(get(bad), mm, other)) << bad;
  }
  RouteMatch tm;
  ASSERT_TRUE(t.match(get("/p/abc-DEF_9/cancel"), tm, other));
  EXPECT_EQ(tm.params[0], "abc-DEF_9");
  RouteMatch post;
  (*t.match(get("/p/x/cancel", "POST"), post, other))(Request{}, post);
  EXPECT_EQ(hit, 3);
  RouteMatch sm;
  ASSERT_TRUE(t.match(get("/static/ds/theme.css"), sm, other));
  EXPECT_EQ(sm.params[0], "ds/theme.css");
  RouteMatch head;
  EXPECT_TRUE(t.match(get("/kurs/3", "HEAD"), head, other));  // HEAD is GET without body
}

TEST(RouteTable, TheMostLiteralOfSeveralMatchesWinsInAnyOrder) {
  for (bool param_first : {true, false}) {
    RouteTable t;
    std::string hit;
    auto param = [&] {
      t.add("GET", "/pamelding/{token}", [&](const Request&, const RouteMatch&) {
        hit = "token";
        return Response{};
      });
    };
    if (param_first) param();
    t.add("GET", "/pamelding/kalender.ics", [&](const Request&, const RouteMatch&) {
      hit = "calendar";
      return Response{};
    });
    if (!param_first) param();
    RouteMatch m;
    std::vector<std::string> other;
    (*t.match(get("/pamelding/kalender.ics"), m, other))(Request{}, m);
    EXPECT_EQ(hit, "calendar") << param_first;
    EXPECT_TRUE(m.params.empty());
    RouteMatch tm;
    (*t.match(get("/pamelding/abc.def"), tm, other))(Request{}, tm);
    EXPECT_EQ(hit, "token");
    EXPECT_EQ(tm.params.at(0), "abc.def");
  }
}

TEST(RouteTable, ReportsOtherMethodsForThePath) {
  RouteTable t;
  t.add("POST", "/a", [](const Request&, const RouteMatch&) { return Response{}; });
  RouteMatch m;
  std::vector<std::string> other;
  EXPECT_FALSE(t.match(get("/a"), m, other));
  EXPECT_EQ(other, std::vector<std::string>{"POST"});
}

}  // namespace
}  // namespace kursbase::http
