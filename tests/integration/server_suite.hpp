#pragma once
// A gtest fixture that shares one `kursbase serve` process per test suite, and
// the expectations every response must meet (error bodies, language).
//
// gtest_discover_tests runs each TEST in its own process, so "per suite" means
// per test under ctest; the demo database at scale 1 loads in well under a
// second, which keeps that affordable.
#include <gtest/gtest.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "server_process.hpp"

namespace kursbase::testing {

class ServerSuite : public ::testing::Test {
 public:
  static void SetUpTestSuite();
  // Stops the server with SIGTERM and expects a graceful exit (code 0) and a
  // log without crash or error lines.
  static void TearDownTestSuite();

 protected:
  void SetUp() override;

  static ServerProcess& server() { return *server_; }
  static std::uint16_t port() { return server_->port(); }

  static HttpResponse get(std::string_view target) { return http_get(port(), target); }
  // GET `target` and parse its JSON body; fails the test (and returns null)
  // unless the status is `status` and the body is JSON.
  static nlohmann::json get_json(const std::string& target, int status = 200);

 private:
  static std::unique_ptr<ServerProcess> server_;
  static std::string start_error_;
};

// ASCII-lowercases (enough for "KOLS", "Parkinson").
std::string lower(std::string_view s);
bool contains_ci(std::string_view haystack, std::string_view needle);

// Whether a user-facing message reads as Norwegian (Bokmål) rather than a
// message key, an English library message or an empty string. A heuristic:
// it must contain a common Norwegian word or letter and no "error." key.
bool looks_norwegian(std::string_view text);

// Checks a 4xx/5xx response to an /api/ path: a JSON body with error.code (a
// string) and a Norwegian error.message. Returns "" or what is wrong.
std::string api_error_problem(const HttpResponse& r);
// Checks an error response to an HTML path: an HTML page with lang="nb".
std::string html_error_problem(const HttpResponse& r);

}  // namespace kursbase::testing
