// The pages the public sector must have (issue 12), over real HTTP: /om,
// /tilgjengelighet and /personvern answer like the other public pages, every
// page's footer links them, and the privacy notice and the sign-up form state
// the retention the server was started with (41 months, not the default 60).
#include <gtest/gtest.h>

#include <cstdlib>
#include <regex>
#include <string>

#include "server_suite.hpp"

namespace kursbase::testing {
namespace {

constexpr const char* kRetentionMonths = "41";

class PublicPagesHttp : public ServerSuite {
 public:
  // The child inherits the environment; each test runs in its own process
  // under ctest, so the variable does not reach other suites.
  static void SetUpTestSuite() {
    ::setenv("KURSBASE_RETENTION_MONTHS", kRetentionMonths, 1);
    ServerSuite::SetUpTestSuite();
    ::unsetenv("KURSBASE_RETENTION_MONTHS");
  }

 protected:
  // The months in "lagres i N måneder etter kursets siste samling", or "".
  static std::string retention_in(const std::string& html) {
    static const std::regex months(R"(lagres i (\d+) måneder etter kursets siste samling)");
    std::smatch m;
    return std::regex_search(html, m, months) ? m[1].str() : "";
  }

  // The first run link of the catalogue's first page ("/gjennomforing/ID").
  static std::string some_run() {
    const auto page = get_json("/api/v1/courses?free_seats=1&no_referral=1");
    EXPECT_FALSE(page["items"].empty());
    if (page["items"].empty()) return "";
    const auto course =
        get_json("/api/v1/courses/" + std::to_string(page["items"][0]["id"].get<long long>()));
    for (const auto& r : course["runs"])
      if (r.value("status", "") == "open")
        return "/gjennomforing/" + std::to_string(r["id"].get<long long>());
    ADD_FAILURE() << "no open run in " << course.dump();
    return "";
  }
};

TEST_F(PublicPagesHttp, EachPageIsAPlainPublicPageInBokmal) {
  for (const char* path : {"/om", "/tilgjengelighet", "/personvern"}) {
    const auto r = get(path);
    EXPECT_EQ(r.status, 200) << path;
    EXPECT_EQ(r.header("Content-Type").value_or(""), "text/html; charset=utf-8") << path;
    EXPECT_NE(r.body.find("<html lang=\"nb\""), std::string::npos) << path;
    // Cached like the catalogue's pages: nothing personal, so no no-store.
    EXPECT_EQ(r.header("Cache-Control").value_or(""), get("/").header("Cache-Control").value_or(""))
        << path;
    EXPECT_NE(r.body.find("<h1"), std::string::npos) << path;
  }
  EXPECT_NE(get("/tilgjengelighet").body.find("WCAG) 2.1 på nivå A og AA"), std::string::npos);
  EXPECT_NE(get("/tilgjengelighet").body.find("href=\"https://www.uutilsynet.no/\""),
            std::string::npos);
  EXPECT_NE(get("/personvern").body.find("href=\"https://www.datatilsynet.no/\""),
            std::string::npos);
}

TEST_F(PublicPagesHttp, TheFooterOfEveryKindOfPageLinksTheThree) {
  const std::string run = some_run();
  ASSERT_FALSE(run.empty());
  for (const std::string& path : {std::string("/"), run, run + "/pamelding", std::string("/om"),
                                  std::string("/innlogging"), std::string("/kurs/999999999")}) {
    const auto r = get(path);
    const auto footer = r.body.substr(std::min(r.body.find("<footer"), r.body.size()));
    for (const char* href : {"href=\"/om\"", "href=\"/tilgjengelighet\"", "href=\"/personvern\""})
      EXPECT_NE(footer.find(href), std::string::npos) << path << " " << href;
  }
}

TEST_F(PublicPagesHttp, TheNoticeAndTheFormStateTheConfiguredRetention) {
  EXPECT_EQ(retention_in(get("/personvern").body), kRetentionMonths);
  const std::string run = some_run();
  ASSERT_FALSE(run.empty());
  const auto form = get(run + "/pamelding").body;
  const auto consent = form.find("for=\"field-consent\"");
  ASSERT_NE(consent, std::string::npos) << "the form has a consent box";
  EXPECT_EQ(retention_in(form.substr(consent)), kRetentionMonths);
  // The form links the notice above its submit button.
  const auto link = form.find("href=\"/personvern\"", consent);
  EXPECT_LT(link, form.find("type=\"submit\"")) << "the form links /personvern before sending";
}

}  // namespace
}  // namespace kursbase::testing
