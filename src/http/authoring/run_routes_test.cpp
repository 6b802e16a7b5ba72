// Runs planned over the real router (issue 14): a new run from the course
// page's form (422 as typed, with the errors at their fields), its edit page
// with state, history and the copy form, opening it for sign-up, and a save
// from an old version (409, input kept). SQLite and "postgres.*".
#include "http/authoring/run_routes.hpp"

#include <gtest/gtest.h>

#include "app/testing/oslo_time_zone.hpp"
#include "http/authoring/course_routes.hpp"
#include "http/testing/response_text.hpp"
#include "http/testing/staff_router_world.hpp"
#include "store/testing/enrollment_catalogue.hpp"
#include "web/messages.hpp"

namespace kursbase::http {
namespace {

using testing::contains;
using testing::header;

constexpr CourseId kCourse = 10;  // "Lær å leve med KOLS", of the LMS of Helse Bergen

QueryParams run_post() {
  return {{"sessions.1.date", "2027-03-23"},
          {"sessions.1.start", "18:00"},
          {"sessions.1.end", "20:30"},
          {"sessions.2.date", "2027-03-30"},
          {"sessions.2.start", "18:00"},
          {"sessions.2.end", "20:30"},
          {"sessions.3.date", ""},
          {"sessions.3.start", ""},
          {"sessions.3.end", ""},
          {"location_name", "LMS Haukeland"},
          {"location_address", ""},
          {"postal_code", "5021"},
          {"postal_place", "Bergen"},
          {"municipality", "4601"},
          {"language", "nb"},
          {"capacity", "12"},
          {"min_participants", "4"},
          {"registration_deadline", "2027-03-16"},
          {"waiting_list_enabled", "1"}};
}

void set(QueryParams& form, const std::string& name, const std::string& value) {
  for (auto& [k, v] : form)
    if (k == name) v = value;
}

class RunRoutesTest : public testing::StaffRouterWorld {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(open_world("run-routes-", true));
    courses_store_ = store::make_course_authoring_store(*db_);
    runs_store_ = store::make_run_authoring_store(*db_);
    guard_ = std::make_unique<app::AccessGuard>(*staff_);
    courses_ = std::make_unique<app::CourseAuthoringService>(*courses_store_, *catalogue_, *guard_,
                                                             *audit_, clock());
    messages_ = std::make_unique<app::EnrollmentService>(
        *enrollments_, *catalogue_, cipher_, clock(), app::testing::oslo_time_zone(),
        app::LanguageTexts([](std::string_view language, std::string_view key) {
          return web::Messages::get(language).text(key);
        }),
        app::EnrollmentSettings{});
    runs_ = std::make_unique<app::RunAuthoringService>(*runs_store_, *courses_store_, *catalogue_,
                                                       *enrollments_, *messages_, *guard_, *audit_,
                                                       app::testing::oslo_time_zone(), clock());
    open_router();
    add_course_authoring_routes(router_->routes(), *responder_, *courses_, *runs_);
    add_run_authoring_routes(router_->routes(), *responder_, *runs_);
    kari_ = session_for("Kari Rådgiver", {Role::LmsAdvisor, ScopeKind::HealthTrust, 2});
  }

  Response get(const std::string& target, const app::StartedSession& s) {
    return router_->handle(staff_request("GET", target, s));
  }

  Response post(const std::string& target, QueryParams form, const app::StartedSession& s) {
    Request r = staff_request("POST", target, s);
    form.emplace_back("csrf", s.csrf_token);
    r.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
    r.body = encode_query(form);
    return router_->handle(r);
  }

  RunId create() {
    auto r = post("/ansatt/kurs/10/gjennomforing/ny", run_post(), kari_);
    EXPECT_EQ(r.status, 303) << r.body;
    const auto location = header(r, "Location");
    const std::string prefix = "/ansatt/gjennomforing/";
    EXPECT_EQ(location.rfind(prefix, 0), 0u) << location;
    return std::stoll(location.substr(prefix.size()));
  }

  std::unique_ptr<store::CourseAuthoringStore> courses_store_;
  std::unique_ptr<store::RunAuthoringStore> runs_store_;
  std::unique_ptr<app::AccessGuard> guard_;
  std::unique_ptr<app::CourseAuthoringService> courses_;
  std::unique_ptr<app::EnrollmentService> messages_;
  std::unique_ptr<app::RunAuthoringService> runs_;
  app::StartedSession kari_;
};

TEST_F(RunRoutesTest, ARunIsPlannedFromTheCoursePageAndOpenedForSignUp) {
  auto course = get("/ansatt/kurs/10", kari_);
  ASSERT_EQ(course.status, 200) << course.body;
  EXPECT_TRUE(contains(course.body, "href=\"/ansatt/kurs/10/gjennomforing/ny\""));
  EXPECT_TRUE(contains(course.body, "data-run=\"200\""));  // the world's own runs are listed

  auto blank = get("/ansatt/kurs/10/gjennomforing/ny", kari_);
  ASSERT_EQ(blank.status, 200);
  EXPECT_TRUE(contains(blank.body, "name=\"sessions.2.date\""));
  EXPECT_TRUE(contains(blank.body, "<option value=\"4601\">Bergen</option>"));

  const RunId id = create();
  auto page = get("/ansatt/gjennomforing/" + std::to_string(id) + "/endre?lagret=1", kari_);
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_TRUE(contains(page.body, "Gjennomføringen er lagret."));
  EXPECT_TRUE(contains(page.body, "value=\"18:00\""));
  EXPECT_TRUE(contains(page.body, "value=\"2027-03-30\""));  // after summer time: still 18:00
  EXPECT_TRUE(contains(page.body, "value=\"2027-03-16\""));
  EXPECT_TRUE(contains(page.body, "Under planlegging"));  // the state as run_status() words it
  EXPECT_TRUE(contains(page.body, "Åpne for påmelding"));
  EXPECT_TRUE(contains(page.body, "<td>Opprettet</td>"));

  EXPECT_TRUE(
      contains(page.body, "<title>Gjennomføring – Lær å leve med KOLS, tirsdag 23. mars 2027"));
  auto opened = post("/ansatt/gjennomforing/" + std::to_string(id) + "/tilstand",
                     {{"version", "1"}, {"state", "open"}}, kari_);
  ASSERT_EQ(opened.status, 303) << opened.body;
  EXPECT_TRUE(contains(header(opened, "Location"), "?lagret=status"));
  page = get(header(opened, "Location"), kari_);
  EXPECT_TRUE(contains(page.body, "Statusen er endret."));
  EXPECT_TRUE(contains(page.body, "Gjør om til utkast"));
  EXPECT_TRUE(contains(page.body, "Åpen for påmelding"));
  EXPECT_TRUE(contains(page.body, "href=\"/gjennomforing/" + std::to_string(id) + "\""));
  course = get("/ansatt/kurs/10", kari_);
  EXPECT_TRUE(contains(course.body, "data-run=\"" + std::to_string(id) + "\""));
}

TEST_F(RunRoutesTest, BadInputComesBackAsTypedWithTheErrorsAtTheirFields) {
  QueryParams form = run_post();
  set(form, "sessions.2.end", "17:00");
  set(form, "municipality", "9999");
  set(form, "capacity", "0");
  auto r = post("/ansatt/kurs/10/gjennomforing/ny", form, kari_);
  ASSERT_EQ(r.status, 422);
  EXPECT_TRUE(contains(r.body, "<title>Gjennomføringen ble ikke lagret."));
  EXPECT_TRUE(contains(r.body, "href=\"#field-sessions.2.end\""));
  EXPECT_TRUE(contains(r.body, "href=\"#field-municipality\""));
  EXPECT_TRUE(contains(r.body, "href=\"#field-capacity\""));
  EXPECT_TRUE(contains(r.body, "Slutten må komme etter starten."));
  EXPECT_TRUE(contains(r.body, "value=\"17:00\""));  // kept as typed
  EXPECT_TRUE(contains(r.body, "value=\"LMS Haukeland\""));

  QueryParams more = run_post();
  more.emplace_back("more_rows", "1");
  r = post("/ansatt/kurs/10/gjennomforing/ny", more, kari_);
  ASSERT_EQ(r.status, 200);
  EXPECT_TRUE(contains(r.body, "name=\"sessions.6.date\""));

  QueryParams odd = run_post();
  odd.emplace_back("sessions.100000.date", "2027-01-01");
  EXPECT_EQ(post("/ansatt/kurs/10/gjennomforing/ny", odd, kari_).status, 400);
}

TEST_F(RunRoutesTest, AStaleSaveIs409WithTheInputKeptAndACopyGoesToNewDates) {
  const RunId id = create();
  const std::string path = "/ansatt/gjennomforing/" + std::to_string(id);
  QueryParams first = run_post();
  first.emplace_back("version", "1");
  set(first, "capacity", "14");
  ASSERT_EQ(post(path + "/endre", first, kari_).status, 303);
  QueryParams second = run_post();
  second.emplace_back("version", "1");
  set(second, "capacity", "10");
  auto r = post(path + "/endre", second, kari_);
  ASSERT_EQ(r.status, 409) << r.body;
  EXPECT_TRUE(contains(r.body, "id=\"conflict\""));
  EXPECT_TRUE(contains(r.body, "Plasser"));  // what the other changed
  EXPECT_TRUE(contains(r.body, "value=\"10\""));
  EXPECT_TRUE(contains(r.body, "name=\"version\" value=\"2\""));

  auto copy = post(path + "/kopi", {{"first_day", "2027-10-26"}}, kari_);
  ASSERT_EQ(copy.status, 303) << copy.body;
  const auto location = header(copy, "Location");
  EXPECT_TRUE(contains(location, "?lagret=kopi"));
  auto copied = router_->handle(staff_request("GET", location, kari_));
  ASSERT_EQ(copied.status, 200);
  EXPECT_TRUE(contains(copied.body, "value=\"2027-11-02\""));
  EXPECT_TRUE(contains(copied.body, "value=\"18:00\""));
  EXPECT_TRUE(contains(copied.body, "value=\"2027-10-19\""));  // the deadline, as many days on
  auto bad = post(path + "/kopi", {{"first_day", "26.10.2027"}}, kari_);
  ASSERT_EQ(bad.status, 422);
  EXPECT_TRUE(contains(bad.body, "href=\"#field-first_day\""));
  EXPECT_TRUE(contains(bad.body, "value=\"26.10.2027\""));
}

TEST_F(RunRoutesTest, AnOpenRunThatOnlyStaffRegisterForIsWordedAsThePublicSeesIt) {
  QueryParams form = run_post();
  form.emplace_back("staff_registration_only", "1");
  auto created = post("/ansatt/kurs/10/gjennomforing/ny", form, kari_);
  ASSERT_EQ(created.status, 303) << created.body;
  const std::string path =
      header(created, "Location").substr(0, header(created, "Location").find('?'));
  const std::string id = path.substr(
      std::string("/ansatt/gjennomforing/").size(),
      path.size() - std::string("/ansatt/gjennomforing/").size() - std::string("/endre").size());
  ASSERT_EQ(post("/ansatt/gjennomforing/" + id + "/tilstand", {{"version", "1"}, {"state", "open"}},
                 kari_)
                .status,
            303);
  auto page = get(path, kari_);
  EXPECT_TRUE(contains(page.body, web::Messages::get("nb").text("run.status.staff_only")));
  EXPECT_FALSE(contains(page.body, ">Åpen for påmelding<"));
}

TEST_F(RunRoutesTest, AnotherHealthTrustsAdvisorAndACourseLeaderGetForbidden) {
  const RunId id = create();
  const auto other =
      session_for("Per", {Role::LmsAdvisor, ScopeKind::HealthTrust, store::testing::kOtherHf});
  const auto leader = session_for("Lise", {Role::CourseLeader, ScopeKind::Course, kCourse});
  const std::string path = "/ansatt/gjennomforing/" + std::to_string(id);
  for (const auto* s : {&other, &leader}) {
    EXPECT_EQ(get("/ansatt/kurs/10/gjennomforing/ny", *s).status, 403);
    EXPECT_EQ(post("/ansatt/kurs/10/gjennomforing/ny", run_post(), *s).status, 403);
    EXPECT_EQ(get(path + "/endre", *s).status, 403);
    EXPECT_EQ(post(path + "/endre", run_post(), *s).status, 403);
    EXPECT_EQ(post(path + "/tilstand", {{"version", "1"}, {"state", "open"}}, *s).status, 403);
    EXPECT_EQ(post(path + "/kopi", {{"first_day", "2027-10-26"}}, *s).status, 403);
    EXPECT_EQ(post(path + "/steng", {{"version", "1"}}, *s).status, 403);
    EXPECT_EQ(get(path + "/avlys", *s).status, 403);
    EXPECT_EQ(post(path + "/avlys", {{"version", "1"}, {"note", ""}}, *s).status, 403);
  }
}

TEST_F(RunRoutesTest, CancellingAsksFirstKeepsABadNoteAndTellsHowManyWereTold) {
  SignUpForm f;
  f.name = "Anne Olsen";
  f.email = "anne@example.no";
  f.kind = "patient";
  f.consent = "1";
  ASSERT_TRUE(messages_->sign_up(store::testing::kOpenRun, f, "203.0.113.9").ok());
  take_messages();
  const std::string path = "/ansatt/gjennomforing/" + std::to_string(store::testing::kOpenRun);
  auto run = get(path + "/endre", kari_);
  ASSERT_EQ(run.status, 200) << run.body;
  // A link to the question, not a button that cancels at once; closing is a button.
  EXPECT_TRUE(contains(run.body, "href=\"" + path + "/avlys\""));
  EXPECT_TRUE(contains(run.body, "action=\"" + path + "/steng\""));
  // The link is not also a form that posts to the edit form (Mustache's context stack).
  const std::string edit_action = "action=\"" + path + "/endre\"";
  const auto first_edit = run.body.find(edit_action);
  ASSERT_NE(first_edit, std::string::npos);
  EXPECT_EQ(run.body.find(edit_action, first_edit + 1), std::string::npos) << run.body;
  const auto version =
      runs_->for_editing(app::AccessContext{kari_.actor, {}, {}}, store::testing::kOpenRun)
          ->stored.version;
  const std::string v = std::to_string(version);

  auto asked = get(path + "/avlys", kari_);
  ASSERT_EQ(asked.status, 200) << asked.body;
  EXPECT_TRUE(contains(asked.body, "1 person er påmeldt og får beskjed")) << asked.body;
  EXPECT_TRUE(contains(asked.body, "name=\"version\" value=\"" + v + "\""));

  const std::string bad = "Se <b>her</b>";
  auto refused = post(path + "/avlys", {{"version", v}, {"note", bad}}, kari_);
  EXPECT_EQ(refused.status, 422) << refused.body;
  EXPECT_TRUE(contains(refused.body, "href=\"#field-note\""));
  EXPECT_TRUE(contains(refused.body, "Se &lt;b&gt;her&lt;/b&gt;</textarea>"));
  EXPECT_TRUE(take_messages().empty());

  auto cancelled = post(path + "/avlys", {{"version", v}, {"note", "Kurslederen er syk."}}, kari_);
  ASSERT_EQ(cancelled.status, 303) << cancelled.body;
  auto page = get(header(cancelled, "Location"), kari_);
  EXPECT_TRUE(contains(page.body, "Gjennomføringen er avlyst. 1 påmeldt får beskjed."))
      << page.body;
  EXPECT_TRUE(contains(page.body, ">Avlyst<")) << page.body;
  EXPECT_FALSE(contains(page.body, path + "/avlys"));  // nothing more to cancel
  EXPECT_FALSE(contains(page.body, path + "/steng"));
  auto sent = take_messages();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].kind, "run_cancelled");
  EXPECT_TRUE(contains(sent[0].body, "Kurslederen er syk.")) << sent[0].body;
  // Asked again (a second tab): the run is cancelled already, and says so.
  EXPECT_EQ(get(path + "/avlys", kari_).status, 409);
  EXPECT_EQ(
      post(path + "/avlys", {{"version", std::to_string(version + 1)}, {"note", ""}}, kari_).status,
      409);
}

TEST_F(RunRoutesTest, SignUpClosesEarlyAndAStaleCloseIs409) {
  const std::string path = "/ansatt/gjennomforing/" + std::to_string(store::testing::kOpenRun);
  const auto version =
      runs_->for_editing(app::AccessContext{kari_.actor, {}, {}}, store::testing::kOpenRun)
          ->stored.version;
  EXPECT_EQ(post(path + "/steng", {{"version", std::to_string(version - 1)}}, kari_).status, 409);
  auto closed = post(path + "/steng", {{"version", std::to_string(version)}}, kari_);
  ASSERT_EQ(closed.status, 303) << closed.body;
  auto page = get(header(closed, "Location"), kari_);
  EXPECT_TRUE(contains(page.body, "Påmeldingen er stengt.")) << page.body;
  EXPECT_FALSE(contains(page.body, "action=\"" + path + "/steng\""));
  EXPECT_TRUE(contains(page.body, "href=\"" + path + "/avlys\""));  // still cancellable
}

}  // namespace
}  // namespace kursbase::http
