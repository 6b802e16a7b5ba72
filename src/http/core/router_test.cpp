// The router and handlers without a socket, over the real SQLite store.
#include "http/core/router.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "app/testing/oslo_time_zone.hpp"
#include "http/catalogue/catalogue_routes.hpp"
#include "http/core/page_language.hpp"
#include "http/core/static_routes.hpp"
#include "http/middleware/language_cookie.hpp"
#include "http/testing/response_text.hpp"
#include "store/testing/demo_catalogue.hpp"
#include "store/testing/fresh_database.hpp"

namespace kursbase::http {
namespace {

class RouterTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ =
        std::filesystem::temp_directory_path() / ("kursbase-router-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_ / "static");
    std::ofstream(dir_ / "static" / "a.css") << "body{}";
    std::ofstream(dir_ / "secret.txt") << "secret";
    db_ = store::testing::open_fresh_database("router", 2).release();
    store_ = store::make_catalogue_store(*db_).release();
    ASSERT_TRUE(store::testing::import_demo_catalogue(*store_, *parse_day("2027-01-10")).ok());
    catalogue_ = new app::CatalogueService(
        *store_, [] { return *parse_instant("2027-01-10T12:00:00Z"); },
        app::testing::oslo_time_zone());
    templates_ = new web::Templates();
    responder_ = new Responder(*templates_, app::testing::oslo_time_zone());
    router_ = new Router(*responder_);
    install_language_cookie(*router_, false);
    add_static_routes(router_->routes(), dir_ / "static");
    add_catalogue_routes(router_->routes(), *responder_, *catalogue_);
  }
  static void TearDownTestSuite() {
    delete router_;
    delete responder_;
    delete templates_;
    delete catalogue_;
    delete store_;
    delete db_;
  }

  static Response get(const std::string& target, const std::string& cookie = {},
                      const std::string& accept_language = {}) {
    Request r;
    r.method = "GET";
    r.target = target;
    EXPECT_TRUE(parse_target(target, r.path, r.query)) << target;
    if (!cookie.empty()) r.headers.emplace_back("Cookie", cookie);
    r.accept_language = accept_language;
    return router_->handle(r);
  }

  static inline std::filesystem::path dir_;
  static inline store::Database* db_ = nullptr;
  static inline store::CatalogueStore* store_ = nullptr;
  static inline app::CatalogueService* catalogue_ = nullptr;
  static inline web::Templates* templates_ = nullptr;
  static inline Responder* responder_ = nullptr;
  static inline Router* router_ = nullptr;
};

TEST_F(RouterTest, SearchPageAndApi) {
  auto html = get("/?q=kols");
  EXPECT_EQ(html.status, 200);
  EXPECT_NE(html.body.find("<h1"), std::string::npos);
  EXPECT_NE(html.body.find("KOLS"), std::string::npos);
  auto api = get("/api/v1/courses?q=kols&page_size=5");
  EXPECT_EQ(api.status, 200);
  EXPECT_EQ(api.content_type, "application/json");
  auto j = nlohmann::json::parse(api.body);
  EXPECT_GT(j["total"].get<int>(), 0);
  EXPECT_LE(j["items"].size(), 5u);
  EXPECT_TRUE(j["facets"].contains("hf"));
}

TEST_F(RouterTest, BadInputIs400WithTheFormKept) {
  auto r = get("/?q=diabetes&format=digital&page=-1");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("value=\"diabetes\""), std::string::npos);
  EXPECT_NE(r.body.find("Sidenummeret"), std::string::npos);
  // The valid filters stay chosen, and the error links to a real field.
  EXPECT_NE(r.body.find("value=\"digital\" checked"), std::string::npos);
  EXPECT_NE(r.body.find("href=\"#field-q\""), std::string::npos);
  auto api = get("/api/v1/courses?field=astrology");
  EXPECT_EQ(api.status, 400);
  auto j = nlohmann::json::parse(api.body);
  EXPECT_EQ(j["error"]["code"], "malformed");
  EXPECT_EQ(j["error"]["fields"][0]["field"], "field");
  EXPECT_EQ(get("/api/v1/courses?hf=999999").status, 400);
}

TEST_F(RouterTest, UnknownThingsAre404) {
  EXPECT_EQ(get("/kurs/99999999").status, 404);
  EXPECT_EQ(get("/kurs/abc").status, 404);
  EXPECT_EQ(get("/api/v1/courses/99999999").status, 404);
  EXPECT_EQ(get("/api/v1/runs/0").status, 404);
  EXPECT_EQ(get("/nowhere").status, 404);
}

TEST_F(RouterTest, CourseAndRunPages) {
  auto j = nlohmann::json::parse(get("/api/v1/courses?page_size=1").body);
  const auto id = j["items"][0]["id"].get<std::int64_t>();
  auto course = get("/kurs/" + std::to_string(id));
  EXPECT_EQ(course.status, 200);
  auto cj = nlohmann::json::parse(get("/api/v1/courses/" + std::to_string(id)).body);
  ASSERT_FALSE(cj["runs"].empty());
  const auto run_id = cj["runs"][0]["id"].get<std::int64_t>();
  auto rj = nlohmann::json::parse(get("/api/v1/runs/" + std::to_string(run_id)).body);
  EXPECT_EQ(rj["confirmed"], 0);
  EXPECT_TRUE(rj.contains("capacity"));
  EXPECT_FALSE(rj["sessions"].empty());
  EXPECT_EQ(get("/gjennomforing/" + std::to_string(run_id)).status, 200);
}

bool has(const Response& r, const std::string& text) {
  return r.body.find(text) != std::string::npos;
}

// Issue 13: the URL's ?lang= wins and is remembered in a cookie; else the
// cookie; else Accept-Language by q; else bokmål. Each answer says its
// language (html lang, Content-Language) and varies by what chose it.
TEST_F(RouterTest, APageIsInTheLanguageTheUrlTheCookieOrTheBrowserAsksFor) {
  using testing::header;
  using testing::headers;
  const auto& nn = web::Messages::get("nn");
  auto url = get("/?lang=nn", "", "en");
  EXPECT_TRUE(has(url, "<html lang=\"nn\"")) << url.body.substr(0, 200);
  EXPECT_TRUE(has(url, nn.text("search.heading")));
  EXPECT_EQ(header(url, "Content-Language"), "nn");
  EXPECT_EQ(header(url, "Vary"), "");  // the URL alone chose it
  const auto cookies = headers(url, "Set-Cookie");
  EXPECT_NE(std::find_if(cookies.begin(), cookies.end(),
                         [](auto& c) { return c.rfind("lang=nn; Path=/; Max-Age=", 0) == 0; }),
            cookies.end());
  // Remembered: no cookie is set again when it already says so.
  EXPECT_TRUE(headers(get("/?lang=nn", "lang=nn"), "Set-Cookie").empty());

  auto cookie = get("/", "lang=en", "nn");
  EXPECT_TRUE(has(cookie, "<html lang=\"en\""));
  EXPECT_EQ(header(cookie, "Content-Language"), "en");
  EXPECT_EQ(header(cookie, "Vary"), "Accept-Language, Cookie");
  EXPECT_TRUE(headers(cookie, "Set-Cookie").empty());

  EXPECT_TRUE(has(get("/", "", "de, nn-NO;q=0.9, en;q=0.8"), "<html lang=\"nn\""));
  EXPECT_TRUE(has(get("/", "", "en;q=0.4, nb;q=0.5"), "<html lang=\"nb\""));
  EXPECT_TRUE(has(get("/?lang=xx", "lang=zz", "en"), "<html lang=\"en\""));
  EXPECT_TRUE(has(get("/"), "<html lang=\"nb\""));
  // JSON errors are in the language too.
  auto api = get("/api/v1/courses?page=0&lang=en");
  EXPECT_EQ(nlohmann::json::parse(api.body)["error"]["message"],
            web::Messages::get("en").text("catalogue.error.invalid_search"));
}

// The switch keeps the page and its query, one link per language, the current
// one marked; public pages list their alternates with x-default.
TEST_F(RouterTest, EveryPageHasTheLanguageSwitchAndItsAlternates) {
  auto page = get("/?field=somatic&lang=en");
  EXPECT_TRUE(has(page,
                  "<a href=\"/?field=somatic&amp;lang=nn\" hreflang=\"nn\" lang=\"nn\">"
                  "Norsk nynorsk</a>"));
  EXPECT_TRUE(has(page, "<a href=\"/?field=somatic&amp;lang=nb\" hreflang=\"nb\" lang=\"nb\">"));
  EXPECT_TRUE(has(page, "<span aria-current=\"true\" lang=\"en\">English</span>"));
  EXPECT_FALSE(has(page, "hreflang=\"en\" lang=\"en\">English</a>"));
  EXPECT_TRUE(
      has(page, "<link rel=\"alternate\" hreflang=\"nn\" href=\"/?field=somatic&amp;lang=nn\">"));
  EXPECT_TRUE(
      has(page, "<link rel=\"alternate\" hreflang=\"x-default\" href=\"/?field=somatic\">"));
  for (const auto& language : languages_offered("/"))
    EXPECT_TRUE(has(page, "hreflang=\"" + language + "\" href=")) << language;
}

// Course texts are in bokmål: on a page in another language they say so
// (WCAG 3.1.2), and on a bokmål page they need not.
TEST_F(RouterTest, CourseTextsCarryTheirOwnLanguageOnAPageInAnother) {
  auto j = nlohmann::json::parse(get("/api/v1/courses?page_size=1").body);
  const auto id = std::to_string(j["items"][0]["id"].get<std::int64_t>());
  const std::string title = j["items"][0]["title"];
  auto en = get("/kurs/" + id + "?lang=en");
  EXPECT_TRUE(has(en, "<h1 class=\"ds-heading\" data-size=\"lg\" lang=\"nb\">")) << title;
  auto search = get("/?lang=en");
  EXPECT_TRUE(has(search, "\"" + std::string("/kurs/") + id + "\" lang=\"nb\">")) << "result card";
  auto nb = get("/kurs/" + id);
  EXPECT_TRUE(has(nb, "<h1 class=\"ds-heading\" data-size=\"lg\">"));
  EXPECT_FALSE(has(nb, " lang=\"nb\">" + title));
}

TEST_F(RouterTest, StaticFilesStayInTheirFolder) {
  auto css = get("/static/a.css");
  EXPECT_EQ(css.status, 200);
  EXPECT_EQ(css.content_type, "text/css; charset=utf-8");
  EXPECT_EQ(get("/static/../secret.txt").status, 404);
  EXPECT_EQ(get("/static/%2e%2e/secret.txt").status, 404);
}

TEST_F(RouterTest, OnlyGetAndHead) {
  Request r;
  r.method = "POST";
  r.path = "/";
  EXPECT_EQ(router_->handle(r).status, 405);
}

TEST_F(RouterTest, SecurityHeaders) {
  auto headers = security_headers(get("/"));
  bool csp = false;
  for (const auto& [k, v] : headers)
    if (k == "Content-Security-Policy") {
      csp = true;
      EXPECT_EQ(v.find("unsafe-inline"), std::string::npos);
      EXPECT_NE(v.find("object-src 'none'"), std::string::npos);
      EXPECT_NE(v.find("frame-ancestors 'none'"), std::string::npos);
    }
  EXPECT_TRUE(csp);
}

}  // namespace
}  // namespace kursbase::http
