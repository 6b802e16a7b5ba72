// CSRF middleware, session cookie, sign-in/out and security headers over the
// real router and store.
#include "http/middleware/csrf.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "app/staff/staff_accounts.hpp"
#include "app/testing/oslo_time_zone.hpp"
#include "http/middleware/security_finishers.hpp"
#include "http/middleware/staff_session.hpp"
#include "http/staff/staff_routes.hpp"
#include "http/testing/response_text.hpp"
#include "store/testing/fresh_database.hpp"

namespace kursbase::http {
namespace {

const std::string kKey(32, 'k');
const std::string kPassword = "correct horse battery staple";

using testing::header;

class CsrfTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = store::testing::open_fresh_database("csrf", 2);
    staff_ = store::make_staff_store(*db_);
    audit_store_ = store::make_audit_store(*db_);
    auto clock = [] { return *parse_instant("2027-01-10T12:00:00Z"); };
    audit_ = std::make_unique<app::AuditLog>(*db_, *audit_store_, clock);
    accounts_ = std::make_unique<app::StaffAccounts>(*staff_, *audit_, clock);
    ASSERT_TRUE(
        accounts_->add_account("kari", "Kari", kPassword, {{Role::Auditor, ScopeKind::Nation, 0}})
            .ok());
    responder_ = std::make_unique<Responder>(templates_, app::testing::oslo_time_zone());
    router_ = std::make_unique<Router>(*responder_);
    install_staff_sessions(*router_, *responder_, *accounts_, {});
    install_csrf(*router_, *responder_, {kKey, false, {}});
    install_security_finishers(*router_, false);
    add_staff_routes(router_->routes(), *responder_, *accounts_, *audit_, {});
    router_->routes().add("POST", "/api/v1/thing", [](const Request&, const RouteMatch&) {
      return Response::json(200, {{"ok", true}});
    });
    router_->routes().add("GET", "/api/v1/limited", [this](const Request& r, const RouteMatch&) {
      return responder_->error(
          r, Error{ErrorCode::RateLimited, "enrollment.error.rate_limited", "test"});
    });
  }

  Response send(const std::string& method, const std::string& target, std::string body = {},
                std::vector<std::pair<std::string, std::string>> headers = {}) {
    Request r;
    r.method = method;
    r.target = target;
    EXPECT_TRUE(parse_target(target, r.path, r.query));
    r.body = std::move(body);
    r.headers = std::move(headers);
    r.client_address = "10.0.0.1";
    return router_->handle(r);
  }

  // Signs in through the form; returns the session cookie value.
  std::string sign_in() {
    const auto token = new_anonymous_csrf_token(kKey);
    auto r = send("POST", "/innlogging",
                  "csrf=" + token + "&username=kari&password=" + url_encode(kPassword) +
                      "&neste=%2Fansatt%2Flogg",
                  {{"Content-Type", "application/x-www-form-urlencoded"},
                   {"Cookie", "kursbase_csrf=" + token}});
    EXPECT_EQ(r.status, 303);
    EXPECT_EQ(header(r, "Location"), "/ansatt/logg");
    const auto cookie = header(r, "Set-Cookie");
    EXPECT_NE(cookie.find("; HttpOnly; SameSite=Lax"), std::string::npos) << cookie;
    EXPECT_EQ(cookie.find("Secure"), std::string::npos) << cookie;
    return cookie.substr(cookie.find('=') + 1, cookie.find(';') - cookie.find('=') - 1);
  }

  web::Templates templates_;
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<store::StaffStore> staff_;
  std::unique_ptr<store::AuditStore> audit_store_;
  std::unique_ptr<app::AuditLog> audit_;
  std::unique_ptr<app::StaffAccounts> accounts_;
  std::unique_ptr<Responder> responder_;
  std::unique_ptr<Router> router_;
};

TEST(CsrfTokens, SignedAndUnforgeable) {
  const auto t = new_anonymous_csrf_token(kKey);
  EXPECT_TRUE(csrf_token_valid(kKey, t));
  EXPECT_FALSE(csrf_token_valid(std::string(32, 'x'), t));
  EXPECT_FALSE(csrf_token_valid(kKey, t.substr(0, t.find('.')) + ".AAAA"));
  EXPECT_FALSE(csrf_token_valid(kKey, ""));
  EXPECT_NE(new_anonymous_csrf_token(kKey), t);
  EXPECT_EQ(csrf_cookie_name(true), "__Host-kursbase-csrf");
}

TEST(ReturnPaths, OnlyLocal) {
  EXPECT_EQ(safe_return_path("/ansatt/logg?person=1"), "/ansatt/logg?person=1");
  for (auto bad : {"", "https://evil.example/", "//evil.example", "/\\evil.example", "ansatt",
                   "/a\r\nSet-Cookie: x"})
    EXPECT_EQ(safe_return_path(bad), "/ansatt") << bad;
}

TEST_F(CsrfTest, SignInFormCarriesTokenAndCookie) {
  auto r = send("GET", "/innlogging");
  ASSERT_EQ(r.status, 200);
  const auto cookie = header(r, "Set-Cookie");
  ASSERT_EQ(cookie.rfind("kursbase_csrf=", 0), 0u) << cookie;
  const auto token = cookie.substr(14, cookie.find(';') - 14);
  EXPECT_NE(r.body.find("name=\"csrf\" value=\"" + token + "\""), std::string::npos);
}

TEST_F(CsrfTest, PostsWithoutAValidTokenAreRefused) {
  const auto form =
      std::pair<std::string, std::string>{"Content-Type", "application/x-www-form-urlencoded"};
  const auto token = new_anonymous_csrf_token(kKey);
  const auto other = new_anonymous_csrf_token(kKey);
  EXPECT_EQ(send("POST", "/innlogging", "username=kari", {form}).status, 403);
  // A token without its cookie, or with another cookie.
  EXPECT_EQ(send("POST", "/innlogging", "csrf=" + token, {form}).status, 403);
  EXPECT_EQ(
      send("POST", "/innlogging", "csrf=" + token, {form, {"Cookie", "kursbase_csrf=" + other}})
          .status,
      403);
  // A forged cookie and field that agree but are not signed.
  EXPECT_EQ(send("POST", "/innlogging", "csrf=abc.def", {form, {"Cookie", "kursbase_csrf=abc.def"}})
                .status,
            403);
  // A cross-site Origin even with a good pair.
  EXPECT_EQ(send("POST", "/innlogging", "csrf=" + token,
                 {form,
                  {"Cookie", "kursbase_csrf=" + token},
                  {"Host", "kb.example"},
                  {"Origin", "https://evil.example"}})
                .status,
            403);
  // A good pair passes the middleware (and fails sign-in: 401).
  EXPECT_EQ(send("POST", "/innlogging", "csrf=" + token + "&username=kari&password=x",
                 {form,
                  {"Cookie", "kursbase_csrf=" + token},
                  {"Host", "kb.example"},
                  {"Origin", "http://kb.example"}})
                .status,
            401);
}

TEST_F(CsrfTest, JsonApiNeedsANonSimpleHeader) {
  EXPECT_EQ(send("POST", "/api/v1/thing", "{}", {{"Content-Type", "text/plain"}}).status, 403);
  EXPECT_EQ(send("POST", "/api/v1/thing", "{}", {{"Content-Type", "application/json"}}).status,
            200);
  EXPECT_EQ(send("POST", "/api/v1/thing", "", {{"X-Requested-With", "fetch"}}).status, 200);
}

TEST_F(CsrfTest, ContentTypeIsMatchedCaseInsensitively) {
  // RFC 9110 §8.3.1: type, subtype and parameter names are case-insensitive.
  EXPECT_EQ(
      send("POST", "/api/v1/thing", "{}", {{"content-type", "Application/JSON; charset=UTF-8"}})
          .status,
      200);
  const auto token = new_anonymous_csrf_token(kKey);
  // The form token is read from a form whose type is written in capitals: the
  // password is wrong (401), so CSRF let it through (not 403).
  EXPECT_EQ(send("POST", "/innlogging", "csrf=" + token + "&username=kari&password=wrong",
                 {{"Content-Type", "Application/X-WWW-Form-Urlencoded; Charset=UTF-8"},
                  {"Cookie", "kursbase_csrf=" + token}})
                .status,
            401);
}

TEST_F(CsrfTest, EveryTooManyRequestsCarriesRetryAfter) {
  const auto r = send("GET", "/api/v1/limited");
  EXPECT_EQ(r.status, 429);
  EXPECT_EQ(header(r, "Retry-After"), "60");
}

TEST_F(CsrfTest, SessionBoundTokenSignOutAndNoStore) {
  const auto session = sign_in();
  auto me = send("GET", "/api/v1/staff/me", "", {{"Cookie", "kursbase_session=" + session}});
  ASSERT_EQ(me.status, 200);
  EXPECT_TRUE(me.personal_data);
  auto home = send("GET", "/ansatt", "", {{"Cookie", "kursbase_session=" + session}});
  ASSERT_EQ(home.status, 200);
  EXPECT_TRUE(home.personal_data);
  const auto at = home.body.find("name=\"csrf\" value=\"");
  ASSERT_NE(at, std::string::npos);
  const auto token = home.body.substr(at + 19, home.body.find('"', at + 19) - at - 19);
  const auto form =
      std::pair<std::string, std::string>{"Content-Type", "application/x-www-form-urlencoded"};
  // Another session's token does not sign out this one.
  EXPECT_EQ(send("POST", "/utlogging", "csrf=x" + token,
                 {form, {"Cookie", "kursbase_session=" + session}})
                .status,
            403);
  auto out = send("POST", "/utlogging", "csrf=" + token,
                  {form, {"Cookie", "kursbase_session=" + session}});
  EXPECT_EQ(out.status, 303);
  EXPECT_NE(header(out, "Set-Cookie").find("Max-Age=0"), std::string::npos);
  EXPECT_EQ(send("GET", "/api/v1/staff/me", "", {{"Cookie", "kursbase_session=" + session}}).status,
            401);
  auto html = send("GET", "/ansatt/logg?person=3", "", {{"Cookie", "kursbase_session=" + session}});
  EXPECT_EQ(html.status, 303);
  EXPECT_EQ(header(html, "Location"), "/innlogging?neste=%2Fansatt%2Flogg%3Fperson%3D3");
}

TEST_F(CsrfTest, StaffFormsRefuseTheAnonymousPair) {
  const auto session = sign_in();
  const auto anonymous = new_anonymous_csrf_token(kKey);
  const auto form =
      std::pair<std::string, std::string>{"Content-Type", "application/x-www-form-urlencoded"};
  // A valid anonymous cookie and field that agree, sent with the session cookie.
  EXPECT_EQ(send("POST", "/utlogging", "csrf=" + anonymous,
                 {form, {"Cookie", "kursbase_session=" + session + "; kursbase_csrf=" + anonymous}})
                .status,
            403);
  // The session is still signed in, and its own token still works.
  auto home = send("GET", "/ansatt", "", {{"Cookie", "kursbase_session=" + session}});
  ASSERT_EQ(home.status, 200);
  const auto at = home.body.find("name=\"csrf\" value=\"");
  ASSERT_NE(at, std::string::npos);
  const auto token = home.body.substr(at + 19, home.body.find('"', at + 19) - at - 19);
  EXPECT_NE(token, anonymous);
  EXPECT_EQ(send("POST", "/utlogging", "csrf=" + token,
                 {form, {"Cookie", "kursbase_session=" + session + "; kursbase_csrf=" + anonymous}})
                .status,
            303);
}

TEST_F(CsrfTest, SignInIsRateLimitedWithANorwegianMessage) {
  const auto token = new_anonymous_csrf_token(kKey);
  const std::vector<std::pair<std::string, std::string>> h{
      {"Content-Type", "application/x-www-form-urlencoded"}, {"Cookie", "kursbase_csrf=" + token}};
  for (int i = 0; i < 4; ++i)
    EXPECT_EQ(
        send("POST", "/innlogging", "csrf=" + token + "&username=kari&password=wrong", h).status,
        401);
  auto r = send("POST", "/innlogging",
                "csrf=" + token + "&username=kari&password=" + url_encode(kPassword), h);
  EXPECT_EQ(r.status, 429);
  EXPECT_NE(r.body.find("For mange mislykkede innlogginger"), std::string::npos);
  // Three mistypes are free, the fourth costs 2 s (domain/staff/sign_in_throttle);
  // the test's clock stands still, so all of it is still to wait.
  EXPECT_EQ(header(r, "Retry-After"), "2");
  EXPECT_EQ(std::count_if(r.headers.begin(), r.headers.end(),
                          [](const auto& h) { return h.first == "Retry-After"; }),
            1);  // its own, not the default as well
}

TEST(SecurityHeaders, HstsOnlyWithTls) {
  web::Templates templates;
  Responder responder(templates, app::testing::oslo_time_zone());
  for (bool tls : {false, true}) {
    Router router(responder);
    install_security_finishers(router, tls);
    router.routes().add("GET", "/",
                        [](const Request&, const RouteMatch&) { return Response::html(200, ""); });
    Request r;
    r.method = "GET";
    r.target = r.path = "/";
    auto response = router.handle(r);
    EXPECT_EQ(header(response, "Strict-Transport-Security").empty(), !tls);
    EXPECT_FALSE(response.personal_data);
  }
}

}  // namespace
}  // namespace kursbase::http
