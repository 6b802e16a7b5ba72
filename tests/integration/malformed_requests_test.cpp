// A storm of generated malformed and adversarial requests against a real
// `kursbase serve`: whatever arrives must be a considered answer (2xx for
// input that is actually fine, 4xx otherwise, never 5xx), error bodies must be
// Norwegian JSON (API) or Norwegian HTML (pages), and the server must be alive
// and healthy afterwards. Requests the HTTP parser rejects may get no answer
// at all (RESTinio closes the connection); that is allowed where noted.
//
// The generator is deterministic (fixed seed, our own PRNG) so a failure
// reproduces; each case prints its request when it fails.
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "../support/test_record.hpp"
#include "malformed_request_cases.hpp"
#include "server_suite.hpp"

namespace kursbase::testing {
namespace {

constexpr std::uint64_t kSeed = 20270110;

struct Tally {
  std::mutex mutex;
  std::map<std::string, int> sent, answered, silent;
  std::map<std::string, double> seconds;
  std::map<int, int> statuses;
  std::vector<std::string> problems;
  int problem_count = 0;
};

std::string printable(const std::string& raw, std::size_t max = 200) {
  std::string out;
  for (unsigned char c : raw.substr(0, max)) {
    if (c == '\r')
      out += "\\r";
    else if (c == '\n')
      out += "\\n";
    else if (c < 0x20 || c >= 0x7F) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02X", c);
      out += buf;
    } else
      out += static_cast<char>(c);
  }
  if (raw.size() > max) out += "…(" + std::to_string(raw.size()) + " bytes)";
  return out;
}

// Checks one case; returns "" or what went wrong.
std::string check(std::uint16_t port, const Case& c, Tally& tally) {
  ExchangeOptions options;
  options.half_close = c.half_close;
  options.head = c.head;
  options.timeout = std::chrono::milliseconds(c.half_close ? 3000 : 10000);
  std::string error;
  const auto started = std::chrono::steady_clock::now();
  const auto r = http_exchange(port, c.raw, options, &error);
  {
    std::lock_guard lock(tally.mutex);
    tally.seconds[c.name] +=
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    ++tally.sent[c.name];
    ++(r ? tally.answered : tally.silent)[c.name];
    if (r) ++tally.statuses[r->status];
  }
  if (!r) return c.expect.silence_ok ? "" : "no response (" + error + ")";
  // 505 is a considered answer (a version other than HTTP/1.0 and 1.1), not a failure.
  if (r->status >= 500 && r->status != 505) return "server error " + std::to_string(r->status);
  if (!c.expect.statuses.count(r->status)) return "unexpected status " + std::to_string(r->status);
  if (c.head) {
    return r->body.empty() ? ""
                           : "a HEAD answer with " + std::to_string(r->body.size()) + " body bytes";
  }
  if (r->status < 400) return "";
  if (targets_api(c.raw)) {
    auto problem = api_error_problem(*r);
    return problem.empty() ? "" : "API error body: " + problem;
  }
  // Pages (not /static/ files, whose 404 is plain text).
  if (targets_static(c.raw)) return "";
  auto problem = html_error_problem(*r);
  if (problem.empty() && !looks_norwegian(r->body)) problem = "page text is not Norwegian";
  return problem.empty() ? "" : "HTML error page: " + problem;
}

class MalformedRequests : public ServerSuite {};

TEST_F(MalformedRequests, StormGetsConsideredAnswersAndServerSurvives) {
  const auto cases = malformed_request_cases(kSeed);
  ASSERT_GT(cases.size(), 2000u);
  EXPECT_EQ(documented_figure("fuzzed_requests"), (long long)cases.size()) << "docs/security.md";

  // A few client threads keep the run short; the order within each is fixed.
  constexpr std::size_t kClients = 4;
  constexpr int kMaxReported = 40;
  Tally tally;
  const auto started = std::chrono::steady_clock::now();
  std::vector<std::thread> clients;
  for (std::size_t t = 0; t < kClients; ++t) {
    clients.emplace_back([&, t] {
      for (std::size_t i = t; i < cases.size(); i += kClients) {
        const auto problem = check(port(), cases[i], tally);
        if (problem.empty()) continue;
        std::lock_guard lock(tally.mutex);
        ++tally.problem_count;
        if (tally.problems.size() < kMaxReported)
          tally.problems.push_back("[" + cases[i].name + "] " + problem +
                                   "\n    request: " + printable(cases[i].raw));
      }
    });
  }
  for (auto& c : clients) c.join();
  const auto seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  std::string summary;
  for (const auto& [name, n] : tally.sent)
    summary += "  " + name + ": " + std::to_string(n) + " sent, " +
               std::to_string(tally.answered[name]) + " answered, " +
               std::to_string(tally.silent[name]) + " closed without answer, " +
               std::to_string(static_cast<int>(tally.seconds[name] * 1000)) + " ms\n";
  summary += "  statuses:";
  for (const auto& [status, n] : tally.statuses)
    summary += " " + std::to_string(status) + "×" + std::to_string(n);
  std::printf("%zu requests in %.1f s\n%s\n", cases.size(), seconds, summary.c_str());

  std::string problems;
  for (const auto& p : tally.problems) problems += p + "\n";
  EXPECT_EQ(tally.problem_count, 0) << tally.problem_count << " of " << cases.size()
                                    << " cases failed (first " << tally.problems.size() << "):\n"
                                    << problems;

  // Still alive and healthy.
  EXPECT_EQ(::kill(server().pid(), 0), 0) << "the server process is gone";
  EXPECT_TRUE(server().alive());
  EXPECT_EQ(get("/healthz").status, 200);
  EXPECT_EQ(get("/api/v1/courses?q=kols").status, 200);
}

// Error answers to the API are JSON in Norwegian for each kind of error.
TEST_F(MalformedRequests, ApiErrorsAreNorwegianJson) {
  const std::vector<std::pair<std::string, int>> cases = {
      {"/api/v1/courses?page=0", 400},
      {"/api/v1/courses?field=nope", 400},
      {"/api/v1/courses?q=%FF", 400},
      {"/api/v1/courses?q=%G1", 400},
      {"/api/v1/courses?from=2027-02-30", 400},
      {"/api/v1/courses/abc", 404},
      {"/api/v1/runs/999999999", 404},
      {"/api/v1/nope", 404},
      {"/api/v1/courses/%00", 400},
  };
  for (const auto& [target, status] : cases) {
    SCOPED_TRACE(target);
    const auto r = get(target);
    EXPECT_EQ(r.status, status) << r.body.substr(0, 300);
    EXPECT_EQ(api_error_problem(r), "");
  }
  // The too-long target just past the application's limit.
  const auto r = get("/api/v1/courses?q=" + std::string(16 * 1024 + 10, 'a'));
  if (r.status != 0) {
    EXPECT_TRUE(r.status == 414 || r.status == 400) << r.status;
    EXPECT_EQ(api_error_problem(r), "");
  }
}

// Error pages are HTML in Norwegian, for each kind of error.
TEST_F(MalformedRequests, HtmlErrorsAreNorwegianPages) {
  const std::vector<std::pair<std::string, int>> cases = {
      {"/?page=0", 400}, {"/?field=nope", 400}, {"/?q=%FF", 400},
      {"/?q=%G1", 400},  {"/kurs/abc", 404},    {"/gjennomforing/999999999", 404},
      {"/nope", 404},    {"/kurs/%00", 400},    {"/?from=2027-02-30", 400},
  };
  for (const auto& [target, status] : cases) {
    SCOPED_TRACE(target);
    const auto r = get(target);
    EXPECT_EQ(r.status, status) << r.body.substr(0, 300);
    EXPECT_EQ(html_error_problem(r), "");
    EXPECT_TRUE(looks_norwegian(r.body));
  }
  const auto r = get("/?q=" + std::string(16 * 1024 + 10, 'a'));
  if (r.status != 0) {
    EXPECT_TRUE(r.status == 414 || r.status == 400) << r.status;
    EXPECT_EQ(html_error_problem(r), "") << "a browser gets this page";
  }
}

// The server serves a normal request right after each garbage one.
TEST_F(MalformedRequests, ServesNormallyAfterEachGarbageRequest) {
  Prng rng(kSeed + 1);
  for (int i = 0; i < 50; ++i) {
    ExchangeOptions options;
    options.half_close = true;
    options.timeout = std::chrono::milliseconds(2000);
    http_exchange(port(), rng.bytes(1 + rng.below(200)), options);
    ASSERT_EQ(get("/healthz").status, 200) << "after garbage #" << i;
  }
}

}  // namespace
}  // namespace kursbase::testing
