// HTTP conformance over a real socket (issue 11, item 9): bodies over the
// limit get 413, pipelined requests are all answered in order, versions other
// than HTTP/1.0 and 1.1 get 505, status lines
// carry their reason phrase, and in TLS mode (KURSBASE_TLS=1) even the answers made before the
// router carry HSTS.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <chrono>
#include <string>
#include <vector>

#include "server_suite.hpp"

namespace kursbase::testing {
namespace {

constexpr std::size_t kMaxBodyBytes = 1024 * 1024;  // http/core/server.cpp
constexpr std::size_t kMaxUrlBytes = 16 * 1024;     // http/core/server.cpp

class HttpConformance : public ServerSuite {
 public:
  static void SetUpTestSuite() {
    ::setenv("KURSBASE_TLS", "1", 1);  // behind a TLS proxy: HSTS on, still plain HTTP here
    ServerSuite::SetUpTestSuite();
  }
};

std::string post(const std::string& target, const std::string& type, const std::string& body,
                 bool close = true) {
  return "POST " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: " + type +
         "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n" +
         (close ? "Connection: close\r\n" : "") + "\r\n" + body;
}

HttpResponse exchange(std::uint16_t port, const std::string& raw) {
  std::string error;
  ExchangeOptions options;
  options.timeout = std::chrono::milliseconds(20000);
  auto r = http_exchange(port, raw, options, &error);
  if (!r) {
    HttpResponse none;
    none.reason = "no response: " + error;
    return none;
  }
  return *r;
}

TEST_F(HttpConformance, BodyOverTheLimitIs413InNorwegian) {
  const std::string big(kMaxBodyBytes + 1, 'a');
  const auto api = exchange(port(), post("/api/v1/courses", "application/json", big));
  EXPECT_EQ(api.status, 413) << api.reason;
  EXPECT_EQ(api.reason, "Content Too Large");
  EXPECT_EQ(api_error_problem(api), "");
  EXPECT_NE(api.body.find("\"content_too_large\""), std::string::npos) << api.body;
  const auto page = exchange(port(), post("/innlogging", "application/x-www-form-urlencoded", big));
  EXPECT_EQ(page.status, 413) << page.reason;
  EXPECT_EQ(html_error_problem(page), "");
  // At the limit the request goes on to the router (here: no such route).
  const auto fits = exchange(port(), post("/api/v1/courses", "application/json", big.substr(1)));
  EXPECT_NE(fits.status, 413);
  EXPECT_GE(fits.status, 400) << fits.reason;
}

TEST_F(HttpConformance, PipelinedRequestsAreAllAnsweredInOrder) {
  // More than the old max_pipelined_requests (4), with a POST among them, in one write.
  std::string raw;
  std::vector<int> want;
  std::vector<std::string> types;
  for (int i = 0; i < 12; ++i) {
    if (i == 5) {
      raw += post("/innlogging", "application/x-www-form-urlencoded", "username=x", false);
      want.push_back(403);  // no CSRF token
      types.push_back("text/html");
      continue;
    }
    const bool found = i % 3 == 0;
    const std::string target =
        found ? "/healthz"
              : (i % 3 == 1 ? "/api/v1/finnes-ikke-" : "/finnes-ikke-") + std::to_string(i);
    raw += "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    want.push_back(found ? 200 : 404);
    types.push_back(found ? "" : (i % 3 == 1 ? "application/json" : "text/html"));
  }
  std::string error;
  const auto got =
      http_exchange_pipelined(port(), raw, want.size(), std::chrono::milliseconds(20000), &error);
  ASSERT_EQ(got.size(), want.size()) << error;
  for (std::size_t i = 0; i < want.size(); ++i) {
    SCOPED_TRACE("response " + std::to_string(i));
    EXPECT_EQ(got[i].status, want[i]);
    if (!types[i].empty()) {
      EXPECT_EQ(got[i].header("Content-Type").value_or("").rfind(types[i], 0), 0u);
    }
  }
}

// Far more than max_pipelined_requests (16), in one write: RESTinio 0.6.16
// closed such a connection after three answers (pipeline_depth.hpp). Each
// answer must be its own request's: page N of the search says "page":N.
TEST_F(HttpConformance, LongPipelinesAreAnsweredInFullAndInOrder) {
  for (const int count : {40, 100, 300}) {
    SCOPED_TRACE(std::to_string(count) + " requests");
    std::string raw;
    std::vector<int> pages;  // 0: the POST
    for (int i = 0; i < count; ++i) {
      if (i == count / 2) {
        raw += post("/innlogging", "application/x-www-form-urlencoded", "username=x", false);
        pages.push_back(0);
        continue;
      }
      const int page = i % 7 + 1;
      raw += "GET /api/v1/courses?page_size=1&page=" + std::to_string(page) +
             " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
      pages.push_back(page);
    }
    std::string error;
    const auto got = http_exchange_pipelined(port(), raw, pages.size(),
                                             std::chrono::milliseconds(60000), &error);
    ASSERT_EQ(got.size(), pages.size()) << error;
    for (std::size_t i = 0; i < pages.size(); ++i) {
      SCOPED_TRACE("response " + std::to_string(i));
      if (pages[i] == 0) {
        EXPECT_EQ(got[i].status, 403);  // no CSRF token
        continue;
      }
      ASSERT_EQ(got[i].status, 200);
      EXPECT_NE(got[i].body.find("\"page\":" + std::to_string(pages[i]) + ","), std::string::npos)
          << got[i].body.substr(0, 200);
    }
  }
}

// The answers made before the router, pipelined far past
// max_pipelined_requests (16): RESTinio 0.6.16 cut such a pipeline off after
// three answers while they were made in the handler (pipeline_depth.hpp).
TEST_F(HttpConformance, LongPipelinesOfAnswersMadeBeforeTheRouterAreAnsweredInFull) {
  const std::string too_long = "/api/v1/" + std::string(kMaxUrlBytes, 'a');  // over the limit
  for (const auto& [target, status] :
       {std::pair{std::string("/api/v1/%zz"), 400}, std::pair{too_long, 414}}) {
    SCOPED_TRACE(status);
    constexpr std::size_t kCount = 40;
    std::string raw;
    for (std::size_t i = 0; i < kCount; ++i)
      raw += "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    std::string error;
    const auto got =
        http_exchange_pipelined(port(), raw, kCount, std::chrono::milliseconds(20000), &error);
    ASSERT_EQ(got.size(), kCount) << error;
    for (const auto& r : got) EXPECT_EQ(r.status, status);
  }
}

// A 505 says Connection: close; RESTinio closes once it is written, after
// every answer before it. What was read after it is not answered (nor served:
// RFC 9112 §9.6). A pipeline longer than max_pipelined_requests (16) before it
// was cut off at 16 answers while the 505 was made in the handler.
TEST_F(HttpConformance, A505EndsALongPipelineAfterEveryAnswerBeforeIt) {
  constexpr std::size_t kBefore = 30;
  std::string raw;
  for (std::size_t i = 0; i < kBefore; ++i)
    raw += "GET /api/v1/courses?page_size=1&page=" + std::to_string(i % 7 + 1) +
           " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  raw += "GET /healthz HTTP/2.0\r\nHost: 127.0.0.1\r\n\r\n";
  for (int i = 0; i < 5; ++i) raw += "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  const auto timeout = std::chrono::milliseconds(20000);
  const auto start = std::chrono::steady_clock::now();
  std::string error;
  const auto got = http_exchange_pipelined(port(), raw, kBefore + 6, timeout, &error);
  EXPECT_LT(std::chrono::steady_clock::now() - start, timeout / 2) << "closed, not timed out";
  ASSERT_EQ(got.size(), kBefore + 1) << error;
  for (std::size_t i = 0; i < kBefore; ++i) {
    SCOPED_TRACE("response " + std::to_string(i));
    ASSERT_EQ(got[i].status, 200);
    EXPECT_NE(got[i].body.find("\"page\":" + std::to_string(i % 7 + 1) + ","), std::string::npos)
        << got[i].body.substr(0, 200);
  }
  EXPECT_EQ(got.back().status, 505);
  EXPECT_EQ(got.back().header("Connection").value_or(""), "close");
}

TEST_F(HttpConformance, VersionsOtherThanOneZeroAndOneOneGet505AndAClose) {
  for (const char* version : {"HTTP/1.2", "HTTP/2.0", "HTTP/3.0", "HTTP/0.9", "HTTP/9.9"}) {
    SCOPED_TRACE(version);
    for (const std::string target : {"/healthz", "/api/v1/courses"}) {
      SCOPED_TRACE(target);
      const auto r =
          exchange(port(), "GET " + target + " " + version + "\r\nHost: 127.0.0.1\r\n\r\n");
      EXPECT_EQ(r.status, 505) << r.reason;
      EXPECT_EQ(r.reason, "HTTP Version Not Supported");
      EXPECT_EQ(r.header("Connection").value_or(""), "close");
      if (target.rfind("/api/", 0) == 0) {
        EXPECT_EQ(api_error_problem(r), "");
        EXPECT_NE(r.body.find("\"code\":\"http_version_not_supported\""), std::string::npos)
            << r.body;
      } else {
        EXPECT_EQ(html_error_problem(r), "");
      }
    }
  }
  // HTTP/0.9's request line, without a version (http_parser reads it as 0.9).
  const auto simple = exchange(port(), "GET /healthz\r\n\r\n");
  EXPECT_EQ(simple.status, 505) << simple.reason;
  // http_parser 2.9 reads one digit each side of the dot: any longer version is a
  // parse error, on which RESTinio closes the connection without an answer.
  for (const char* version : {"HTTP/10.0", "HTTP/1.10"}) {
    SCOPED_TRACE(version);
    const auto r = exchange(port(), std::string("GET /healthz ") + version + "\r\nHost: x\r\n\r\n");
    EXPECT_EQ(r.status, 0);
    EXPECT_EQ(r.reason, "no response: closed without a response");
  }
  // The two served: 1.0 and 1.1, with keep-alive as before.
  const auto one_zero = exchange(port(), "GET /healthz HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n");
  EXPECT_EQ(one_zero.status, 200) << one_zero.reason;
  const auto one_one =
      exchange(port(), "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(one_one.status, 200) << one_one.reason;
  std::string error;
  const auto kept = http_exchange_pipelined(
      port(), "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\n\r\n", 2,
      std::chrono::milliseconds(20000), &error);
  ASSERT_EQ(kept.size(), 2u) << error;
  EXPECT_EQ(kept[1].status, 200);
}

TEST_F(HttpConformance, StatusLinesCarryTheirReasonPhrase) {
  EXPECT_EQ(get("/healthz").reason, "OK");
  EXPECT_EQ(get("/finnes-ikke").reason, "Not Found");
  EXPECT_EQ(get("/api/v1/finnes-ikke").reason, "Not Found");
  const auto forbidden =
      exchange(port(), post("/innlogging", "application/x-www-form-urlencoded", "a=b"));
  EXPECT_EQ(forbidden.status, 403);
  EXPECT_EQ(forbidden.reason, "Forbidden");
  const auto too_long = get("/" + std::string(16 * 1024 + 16, 'a'));
  EXPECT_EQ(too_long.status, 414);
  EXPECT_EQ(too_long.reason, "URI Too Long");
}

TEST_F(HttpConformance, HstsOnEveryAnswerInTlsMode) {
  const std::string hsts = "max-age=31536000";
  EXPECT_EQ(get("/healthz").header("Strict-Transport-Security").value_or(""), hsts);
  EXPECT_EQ(
      get("/" + std::string(16 * 1024 + 16, 'a')).header("Strict-Transport-Security").value_or(""),
      hsts);                     // 414, before the router
  const auto bad = get("/%zz");  // 400, before the router
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.header("Strict-Transport-Security").value_or(""), hsts);
  const auto big = exchange(
      port(), post("/api/v1/courses", "application/json", std::string(kMaxBodyBytes + 1, 'a')));
  EXPECT_EQ(big.header("Strict-Transport-Security").value_or(""), hsts);
  // Once only, also on answers the router's finishers already marked.
  const auto page = get("/");
  int count = 0;
  for (const auto& [k, v] : page.headers) count += k == "Strict-Transport-Security";
  EXPECT_EQ(count, 1);
}

}  // namespace
}  // namespace kursbase::testing
