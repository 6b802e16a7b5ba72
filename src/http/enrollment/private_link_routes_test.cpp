// The private link out of the URL (issue 11): the link from a mail is
// exchanged for a cookie and a 303 to the token-free /pamelding, whose page,
// forms and calendar work from the cookie; through the real router with CSRF
// and the security finishers, on SQLite (and "postgres.*" in ctest).
#include <gtest/gtest.h>

#include "app/enrollment/enrollment_service.hpp"
#include "app/testing/oslo_time_zone.hpp"
#include "http/enrollment/enrollment_routes.hpp"
#include "http/enrollment/private_link_cookie.hpp"
#include "http/testing/response_text.hpp"
#include "http/testing/staff_router_world.hpp"
#include "store/testing/enrollment_catalogue.hpp"
#include "store/testing/raw_sql.hpp"

namespace kursbase::http {
namespace {

using store::testing::kOpenRun;

using testing::contains;
using testing::header;
using testing::headers;

class PrivateLinkTest : public testing::StaffRouterWorld {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(open_world("link-routes-"));
    service_ = std::make_unique<app::EnrollmentService>(
        *enrollments_, *catalogue_, cipher_, clock(), app::testing::oslo_time_zone(),
        app::LanguageTexts([](std::string_view language, std::string_view key) {
          return web::Messages::get(language).text(key);
        }),
        app::EnrollmentSettings{}, audit_.get());
    open_router();
    add_enrollment_routes(router_->routes(), *responder_, *service_, {}, {});
    kari_ = sign_up("Kari Nordmann", "kari@example.no");
    ola_ = sign_up("Ola Nordmann", "ola@example.no");
    // The anonymous CSRF pair, as a page gives it to the browser.
    auto page = send("GET", "/gjennomforing/" + std::to_string(kOpenRun) + "/pamelding");
    ASSERT_EQ(page.status, 200);
    for (const auto& c : headers(page, "Set-Cookie"))
      if (c.rfind("kursbase_csrf=", 0) == 0) csrf_ = c.substr(14, c.find(';') - 14);
    ASSERT_FALSE(csrf_.empty());
  }

  app::SignUpAnswer sign_up(const std::string& name, const std::string& email,
                            const std::string& language = "") {
    SignUpForm f;
    f.name = name;
    f.email = email;
    f.language = language;
    f.kind = "patient";
    f.consent = "1";
    auto a = service_->sign_up(kOpenRun, f, "203.0.113.9");
    EXPECT_TRUE(a.ok());
    return a.ok() ? *a : app::SignUpAnswer{};
  }

  // A request with the given link cookie (none when empty) and, for POST, the
  // form `body` with the CSRF pair.
  Response send(const std::string& method, const std::string& target,
                const std::string& link_token = "", const std::string& body = "",
                const std::string& more_cookies = "") {
    Request r;
    r.method = method;
    r.target = target;
    EXPECT_TRUE(parse_target(target, r.path, r.query));
    r.client_address = "203.0.113.9";
    std::string cookie = csrf_.empty() ? "" : "kursbase_csrf=" + csrf_;
    if (!link_token.empty())
      cookie += (cookie.empty() ? "" : "; ") + std::string("kursbase_link=") + link_token;
    if (!more_cookies.empty()) cookie += (cookie.empty() ? "" : "; ") + more_cookies;
    if (!cookie.empty()) r.headers.emplace_back("Cookie", cookie);
    if (method == "POST") {
      r.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
      r.body = "csrf=" + url_encode(csrf_) + (body.empty() ? "" : "&" + body);
    }
    return router_->handle(r);
  }

  EnrollmentStatus status_of(const app::SignUpAnswer& a) {
    auto v = service_->view(a.manage_token);
    EXPECT_TRUE(v.ok());
    return v.ok() ? v->enrollment.status : EnrollmentStatus::Cancelled;
  }

  std::unique_ptr<app::EnrollmentService> service_;
  app::SignUpAnswer kari_, ola_;
  std::string csrf_;
};

TEST_F(PrivateLinkTest, TheLinkIsExchangedForACookieAndATokenFreePage) {
  ASSERT_FALSE(kari_.manage_token.empty());
  auto r = send("GET", "/pamelding/" + kari_.manage_token);
  ASSERT_EQ(r.status, 303) << r.body;
  EXPECT_EQ(header(r, "Location"), "/pamelding");
  // What the server adds to every answer (server.cpp): for this one, no referrer
  // to other sites.
  EXPECT_EQ(testing::header_as_sent(r, "Referrer-Policy"), "same-origin");
  EXPECT_EQ(testing::header_as_sent(r, "Cache-Control"), "no-store");
  std::string link_cookie;
  for (const auto& c : headers(r, "Set-Cookie"))
    if (c.rfind("kursbase_link=", 0) == 0) link_cookie = c;
  EXPECT_EQ(link_cookie, "kursbase_link=" + kari_.manage_token +
                             "; Path=/pamelding; HttpOnly; SameSite=Lax; Max-Age=7200");

  auto page = send("GET", "/pamelding", kari_.manage_token);
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_TRUE(page.personal_data);
  EXPECT_TRUE(contains(page.body, "Kari Nordmann"));
  EXPECT_FALSE(contains(page.body, kari_.manage_token)) << "no token on the page";
  // Cancelling asks first, on a page of its own (issue 12).
  EXPECT_TRUE(contains(page.body, "href=\"/pamelding/avmelding\""));
  EXPECT_FALSE(contains(page.body, "action=\"/pamelding/avmelding\""));
  EXPECT_TRUE(contains(page.body, "href=\"/pamelding/kalender.ics\""));

  auto ics = send("GET", "/pamelding/kalender.ics", kari_.manage_token);
  ASSERT_EQ(ics.status, 200);
  EXPECT_TRUE(contains(ics.content_type, "text/calendar"));
  EXPECT_EQ(ics.body.rfind("BEGIN:VCALENDAR", 0), 0u);
}

TEST_F(PrivateLinkTest, WithoutACookieOrWithAnUnknownLinkNothingIsShownOrSet) {
  auto none = send("GET", "/pamelding");
  EXPECT_EQ(none.status, 404);
  EXPECT_TRUE(contains(none.body, "Åpne lenken i e-posten eller SMS-en"));
  EXPECT_EQ(send("GET", "/pamelding/kalender.ics").status, 404);
  EXPECT_EQ(
      send("POST", "/pamelding/avmelding", "", "pamelding=" + std::to_string(kari_.id)).status,
      404);
  EXPECT_EQ(status_of(kari_), EnrollmentStatus::Confirmed);

  auto unknown = send("GET", "/pamelding/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
  EXPECT_EQ(unknown.status, 404);
  for (const auto& c : headers(unknown, "Set-Cookie"))
    EXPECT_NE(c.rfind("kursbase_link=", 0), 0u) << "no cookie for an unknown link";
  // A cookie that opens nothing (say, the person was erased since) is cleared.
  auto stale = send("GET", "/pamelding", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
  EXPECT_EQ(stale.status, 404);
  bool cleared = false;
  for (const auto& c : headers(stale, "Set-Cookie"))
    cleared = cleared || c == "kursbase_link=; Path=/pamelding; HttpOnly; SameSite=Lax; Max-Age=0";
  EXPECT_TRUE(cleared);
}

// Issue "Every state right": cancelling asks once and says what happens to the
// seat; asking changes nothing; afterwards the way back is offered while the
// run still takes sign-ups.
TEST_F(PrivateLinkTest, CancellingAsksOnceSaysWhatHappensToTheSeatAndOffersTheWayBack) {
  auto ask = send("GET", "/pamelding/avmelding", kari_.manage_token);
  ASSERT_EQ(ask.status, 200) << ask.body;
  EXPECT_TRUE(ask.personal_data);
  EXPECT_TRUE(contains(ask.body, "Vil du melde deg av?"));
  EXPECT_TRUE(contains(ask.body, "Plassen din blir ledig, og andre kan melde seg på den."));
  EXPECT_TRUE(contains(ask.body, "action=\"/pamelding/avmelding\""));
  EXPECT_TRUE(contains(ask.body, "name=\"pamelding\" value=\"" + std::to_string(kari_.id) + "\""));
  EXPECT_TRUE(contains(ask.body, "Nei, behold påmeldingen"));
  EXPECT_EQ(status_of(kari_), EnrollmentStatus::Confirmed) << "asking cancels nothing";
  EXPECT_EQ(send("GET", "/pamelding/avmelding").status, 404) << "without the link, nothing";

  auto yes = send("POST", "/pamelding/avmelding", kari_.manage_token,
                  "pamelding=" + std::to_string(kari_.id));
  ASSERT_EQ(yes.status, 303) << yes.body;
  EXPECT_EQ(status_of(kari_), EnrollmentStatus::Cancelled);
  auto page = send("GET", "/pamelding", kari_.manage_token);
  EXPECT_TRUE(contains(page.body, "Meldte du deg av ved en feil?"));
  EXPECT_TRUE(contains(page.body, "/pamelding\">Meld deg på igjen</a>"));
  EXPECT_FALSE(contains(page.body, "href=\"/pamelding/avmelding\"")) << "nothing left to cancel";
  // Asking again about a cancelled sign-up leads back to its page.
  auto again = send("GET", "/pamelding/avmelding", kari_.manage_token);
  EXPECT_EQ(again.status, 303);
  EXPECT_EQ(header(again, "Location"), "/pamelding");
}

// A cancelled run outranks the person's status: the page says the course is
// cancelled, shows no place on the list, offers nothing to accept or cancel,
// and the question before cancelling leads back to the page.
TEST_F(PrivateLinkTest, OnACancelledRunThePageSaysSoAndOffersNothingToDo) {
  ASSERT_TRUE(store::testing::exec_sql(
                  *db_, "UPDATE run SET state = 'cancelled' WHERE id = " + std::to_string(kOpenRun))
                  .ok());
  auto page = send("GET", "/pamelding", kari_.manage_token);
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_TRUE(contains(page.body, ">Kurset er avlyst<")) << page.body;
  EXPECT_TRUE(contains(page.body, "id=\"run-cancelled\""));
  EXPECT_FALSE(contains(page.body, "Du har fått plass"));
  EXPECT_FALSE(contains(page.body, "href=\"/pamelding/avmelding\""));
  EXPECT_FALSE(contains(page.body, "action=\"/pamelding/takk-ja\""));
  EXPECT_FALSE(contains(page.body, "Meld deg på igjen"));
  auto ask = send("GET", "/pamelding/avmelding", kari_.manage_token);
  EXPECT_EQ(ask.status, 303);
  EXPECT_EQ(header(ask, "Location"), "/pamelding");
  // The calendar says so too.
  auto ics = send("GET", "/pamelding/kalender.ics", kari_.manage_token);
  ASSERT_EQ(ics.status, 200);
  EXPECT_TRUE(contains(ics.body, "STATUS:CANCELLED"));
  EXPECT_FALSE(contains(ics.body, "STATUS:CONFIRMED"));
}

// A tab left open on Kari's page while Ola's link replaced the cookie (one
// browser, two sign-ups) must not cancel Ola: the form names its enrollment.
TEST_F(PrivateLinkTest, AFormShownForAnotherEnrollmentThanTheCookiesActsOnNothing) {
  const std::string kari_form = "pamelding=" + std::to_string(kari_.id);
  auto wrong = send("POST", "/pamelding/avmelding", ola_.manage_token, kari_form);
  EXPECT_EQ(wrong.status, 409);
  EXPECT_TRUE(contains(wrong.body, "hører til en annen påmelding"));
  EXPECT_EQ(status_of(ola_), EnrollmentStatus::Confirmed);
  EXPECT_EQ(status_of(kari_), EnrollmentStatus::Confirmed);
  EXPECT_EQ(send("POST", "/pamelding/avmelding", ola_.manage_token, "").status, 409);
  EXPECT_EQ(send("POST", "/pamelding/takk-ja", ola_.manage_token, kari_form).status, 409);

  auto right = send("POST", "/pamelding/avmelding", kari_.manage_token, kari_form);
  EXPECT_EQ(right.status, 303) << right.body;
  EXPECT_EQ(header(right, "Location"), "/pamelding");
  EXPECT_EQ(status_of(kari_), EnrollmentStatus::Cancelled);
  EXPECT_EQ(status_of(ola_), EnrollmentStatus::Confirmed);
  // Without the CSRF pair the post is refused before anything happens.
  csrf_.clear();
  EXPECT_EQ(send("POST", "/pamelding/avmelding", ola_.manage_token,
                 "pamelding=" + std::to_string(ola_.id))
                .status,
            403);
  EXPECT_EQ(status_of(ola_), EnrollmentStatus::Confirmed);
}

TEST(PrivateLinkCookie, UnderTlsItIsSecureWithItsPrefix) {
  const SessionCookieOptions tls{true};
  EXPECT_EQ(private_link_cookie_name(tls), "__Secure-kursbase_link");
  EXPECT_EQ(private_link_cookie(tls, "abc"),
            "__Secure-kursbase_link=abc; Path=/pamelding; HttpOnly; SameSite=Lax; Max-Age=7200; "
            "Secure");
  EXPECT_EQ(clear_private_link_cookie(tls),
            "__Secure-kursbase_link=; Path=/pamelding; HttpOnly; SameSite=Lax; Max-Age=0; Secure");
}

// Issue 13: the private-link pages are in the language the person chose at
// sign-up, unless they choose another here (the URL) or chose one before (the
// cookie); the sign-up form asks for it, the page's language first.
TEST_F(PrivateLinkTest, ThePagesAreInTheParticipantsLanguageUnlessTheVisitorChoseAnother) {
  const auto ande = sign_up("Ánde Ánte", "ande@example.no", "se");
  const auto lang_of = [](const Response& r) {
    const auto at = r.body.find("<html lang=\"");
    return at == std::string::npos ? std::string() : r.body.substr(at + 12, 2);
  };
  auto page = send("GET", "/pamelding", ande.manage_token);
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_EQ(lang_of(page), "se");
  EXPECT_TRUE(contains(page.body, web::Messages::get("se").text("enrollment.manage_title")));
  EXPECT_EQ(page.language, "se");
  // The course by its Sami title, in the page's language, so with no lang of its own.
  EXPECT_TRUE(contains(page.body, std::string("<span>") + store::testing::kOpenCourseSamiTitle))
      << page.body;
  auto cancel = send("GET", "/pamelding/avmelding", ande.manage_token);
  EXPECT_EQ(lang_of(cancel), "se");
  EXPECT_TRUE(contains(cancel.body, store::testing::kOpenCourseSamiTitle));
  // In English the course has no text of its own: its bokmål title, marked so.
  EXPECT_TRUE(contains(send("GET", "/pamelding?lang=en", ande.manage_token).body,
                       "<span lang=\"nb\">Lær å leve med KOLS</span>"));
  EXPECT_EQ(lang_of(send("GET", "/pamelding?lang=en", ande.manage_token)), "en");
  EXPECT_EQ(lang_of(send("GET", "/pamelding", ande.manage_token, "", "lang=nn")), "nn");
  // Kari chose nothing: bokmål, as her messages.
  EXPECT_EQ(lang_of(send("GET", "/pamelding", kari_.manage_token)), "nb");

  // The form: four languages, each named and read in itself; the page's checked.
  const std::string form = "/gjennomforing/" + std::to_string(kOpenRun) + "/pamelding";
  auto nn = send("GET", form + "?lang=nn");
  ASSERT_EQ(nn.status, 200);
  EXPECT_TRUE(contains(nn.body, "name=\"language\" value=\"nn\" checked>")) << nn.body;
  EXPECT_FALSE(contains(nn.body, "name=\"language\" value=\"nb\" checked>"));
  EXPECT_TRUE(contains(nn.body, "lang=\"se\">Davvisámegiella</label>"));
  EXPECT_TRUE(contains(nn.body, web::Messages::get("nn").text("enrollment.language")));
  EXPECT_TRUE(contains(send("GET", form).body, "name=\"language\" value=\"nb\" checked>"));
  // A bad language: 422 with the form kept and the error at the field.
  auto bad = send("POST", form + "?lang=nn", "",
                  "name=Per+Prøve&email=per%40example.no&kind=patient&consent=1&language=xx");
  EXPECT_EQ(bad.status, 422) << bad.body;
  EXPECT_TRUE(contains(bad.body, "id=\"error-language\""));
  EXPECT_TRUE(
      contains(bad.body, web::Messages::get("nn").text("enrollment.error.language_invalid")));
  EXPECT_TRUE(contains(bad.body, "value=\"per@example.no\""));
}

}  // namespace
}  // namespace kursbase::http
