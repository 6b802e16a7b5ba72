#include "http/middleware/response_cache.hpp"

#include <gtest/gtest.h>

#include <thread>

namespace kursbase::http {
namespace {

Request anonymous(const std::string& target) {
  Request r;
  r.method = "GET";
  r.target = target;
  return r;
}

TEST(ResponseCache, ServesRepeatsUntilExpiry) {
  ResponseCache cache(std::chrono::milliseconds(50), 100);
  int calls = 0;
  auto h = cache.wrap([&](const Request&, const RouteMatch&) {
    ++calls;
    return Response::html(200, "body " + std::to_string(calls));
  });
  EXPECT_EQ(h(anonymous("/?q=kols"), {}).body, "body 1");
  EXPECT_EQ(h(anonymous("/?q=kols"), {}).body, "body 1");
  EXPECT_EQ(h(anonymous("/?q=diabetes"), {}).body, "body 2");
  std::this_thread::sleep_for(std::chrono::milliseconds(60));  // let the entry expire
  EXPECT_EQ(h(anonymous("/?q=kols"), {}).body, "body 3");
}

// Issue 13: the same URL answers in the language Accept-Language chose, so a
// cached bokmål page must never be served to someone who asked for English.
TEST(ResponseCache, KeepsEachLanguageOfAUrlApart) {
  ResponseCache cache(std::chrono::seconds(60), 100);
  auto h = cache.wrap([&](const Request& r, const RouteMatch&) {
    return Response::html(200, "page in " + r.language);
  });
  Request nb = anonymous("/?q=kols");
  nb.language = "nb";
  Request en = nb;
  en.language = "en";
  EXPECT_EQ(h(nb, {}).body, "page in nb");
  EXPECT_EQ(h(en, {}).body, "page in en");
  EXPECT_EQ(h(nb, {}).body, "page in nb");
}

TEST(ResponseCache, NeverCachesCookiesErrorsOrPersonalData) {
  ResponseCache cache(std::chrono::seconds(60), 100);
  int calls = 0;
  int status = 200;
  bool personal = false;
  auto h = cache.wrap([&](const Request&, const RouteMatch&) {
    ++calls;
    Response r = Response::html(status, "x");
    r.personal_data = personal;
    return r;
  });
  Request with_cookie = anonymous("/a");
  with_cookie.headers.emplace_back("Cookie", "kursbase_session=abc");
  h(with_cookie, {});
  h(with_cookie, {});
  EXPECT_EQ(calls, 2);
  status = 400;
  h(anonymous("/b"), {});
  h(anonymous("/b"), {});
  EXPECT_EQ(calls, 4);
  status = 200;
  personal = true;
  h(anonymous("/c"), {});
  h(anonymous("/c"), {});
  EXPECT_EQ(calls, 6);
  Request post = anonymous("/d");
  post.method = "POST";
  personal = false;
  h(post, {});
  h(post, {});
  EXPECT_EQ(calls, 8);
}

TEST(ResponseCache, StaysBounded) {
  ResponseCache cache(std::chrono::seconds(60), 10);
  int calls = 0;
  auto h = cache.wrap([&](const Request&, const RouteMatch&) {
    ++calls;
    return Response::html(200, "x");
  });
  for (int i = 0; i < 25; ++i) h(anonymous("/?page=" + std::to_string(i)), {});
  EXPECT_EQ(calls, 25);
  h(anonymous("/?page=24"), {});  // the newest survives
  EXPECT_EQ(calls, 25);
}

}  // namespace
}  // namespace kursbase::http
