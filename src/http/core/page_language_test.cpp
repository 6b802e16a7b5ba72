#include "http/core/page_language.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace kursbase::http {
namespace {

bool offers(std::string_view path, const std::string& language) {
  const auto& l = languages_offered(path);
  return std::find(l.begin(), l.end(), language) != l.end();
}

TEST(PageLanguage, StaffPagesAreTheStaffsAndNothingElse) {
  for (auto path : {"/ansatt", "/ansatt/gjennomforing/3", "/ansatt/logg.csv", "/innlogging",
                    "/innlogging/oidc", "/utlogging", "/api/v1/staff/me", "/api/v1/audit"})
    EXPECT_TRUE(is_staff_path(path)) << path;
  for (auto path : {"/", "/kurs/3", "/ansatte-kurs", "/pamelding/abc", "/api/v1/courses",
                    "/api/v1/auditorium", "/personvern"})
    EXPECT_FALSE(is_staff_path(path)) << path;
}

// Issue 13: public pages in nb, nn, en and se; staff pages in nb, nn, en.
TEST(PageLanguage, PublicPagesOfferSamiAndStaffPagesDoNot) {
  for (auto l : {"nb", "nn", "en", "se"}) EXPECT_TRUE(offers("/kurs/1", l)) << l;
  for (auto l : {"nb", "nn", "en"}) EXPECT_TRUE(offers("/ansatt", l)) << l;
  EXPECT_FALSE(offers("/ansatt", "se"));
  EXPECT_EQ(languages_offered("/").front(), "nb");
}

Request request(std::string target, std::string cookie, std::string accept_language) {
  Request r;
  r.method = "GET";
  r.target = target;
  EXPECT_TRUE(parse_target(target, r.path, r.query));
  if (!cookie.empty()) r.headers.emplace_back("Cookie", cookie);
  r.accept_language = std::move(accept_language);
  return r;
}

TEST(PageLanguage, TheUrlThenTheCookieThenTheBrowserThenBokmaal) {
  auto r = request("/?lang=se", "lang=nn", "en");
  choose_page_language(r);
  EXPECT_EQ(r.language, "se");
  EXPECT_TRUE(r.language_from_url);
  r = request("/", "kursbase_csrf=x; lang=nn", "en");
  choose_page_language(r);
  EXPECT_EQ(r.language, "nn");
  EXPECT_FALSE(r.language_from_url);
  r = request("/", "", "en-GB,en;q=0.9");
  choose_page_language(r);
  EXPECT_EQ(r.language, "en");
  r = request("/", "", "");
  choose_page_language(r);
  EXPECT_EQ(r.language, "nb");
  // Sami is not offered on a staff page: the cookie, else bokmål.
  r = request("/ansatt?lang=se", "lang=en", "");
  choose_page_language(r);
  EXPECT_EQ(r.language, "en");
  EXPECT_FALSE(r.language_from_url);
  r = request("/ansatt", "lang=se", "se-NO");
  choose_page_language(r);
  EXPECT_EQ(r.language, "nb");
}

TEST(PageLanguage, EachLanguageIsNamedInItself) {
  EXPECT_EQ(language_name("nb"), "Norsk bokmål");
  EXPECT_EQ(language_name("nn"), "Norsk nynorsk");
  EXPECT_EQ(language_name("en"), "English");
  EXPECT_EQ(language_name("se"), "Davvisámegiella");
}

}  // namespace
}  // namespace kursbase::http
