// Course authoring over the real router (issue 14): the page forms without
// JavaScript (create, refuse as typed, conflict with both versions shown,
// status moves, history) and the JSON API (201/200/409/422/400), on SQLite
// and ("postgres.*") PostgreSQL.
#include "http/authoring/course_routes.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "app/testing/oslo_time_zone.hpp"
#include "http/testing/response_text.hpp"
#include "http/testing/staff_router_world.hpp"
#include "store/testing/enrollment_catalogue.hpp"
#include "web/messages.hpp"

namespace kursbase::http {
namespace {

using testing::contains;
using testing::header;

// The page form of a course as a browser posts it: four programme rows, the
// last two blank.
QueryParams course_post(const std::string& title) {
  return {{"title", title},
          {"summary", "For deg med hjertesvikt og dine pårørende."},
          {"description", ""},
          {"owner", "3"},
          {"field", "somatic"},
          {"target_groups", "adults"},
          {"target_groups", "relatives"},
          {"languages", "nb"},
          {"format", "on_site"},
          {"pathway", "none"},
          {"contact_email", ""},
          {"contact_phone", ""},
          {"fee", ""},
          {"no_show_fee", ""},
          {"what_to_bring", ""},
          {"programme.1.topic", "Hva er hjertesvikt?"},
          {"programme.1.hours", "2"},
          {"programme.1.teacher", "professional"},
          {"programme.2.topic", "Å leve med hjertesvikt"},
          {"programme.2.hours", "1,5"},
          {"programme.2.teacher", "user_representative"},
          {"programme.3.topic", ""},
          {"programme.3.hours", ""},
          {"programme.3.teacher", "professional"},
          {"programme.4.topic", ""},
          {"programme.4.hours", ""},
          {"programme.4.teacher", "professional"}};
}

nlohmann::json course_body(const std::string& title) {
  return {{"title", title},
          {"summary", "For deg med hjertesvikt og dine pårørende."},
          {"owner_id", 3},
          {"field", "somatic"},
          {"target_groups", {"adults"}},
          {"languages", {"nb"}},
          {"format", "on_site"},
          {"referral_required", false},
          {"programme", {{{"topic", "Hva er hjertesvikt?"}, {"hours", 2}, {"teacher", "both"}}}}};
}

app::AccessContext access_context_of(const app::StartedSession& s) {
  app::AccessContext who;
  who.actor = s.actor;
  who.route = "test";
  who.client_address = "10.0.0.1";
  return who;
}

void set(QueryParams& form, const std::string& name, const std::string& value) {
  for (auto& [k, v] : form)
    if (k == name) v = value;
}

class CourseRoutesTest : public testing::StaffRouterWorld {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(open_world("course-routes-", true));
    courses_ = store::make_course_authoring_store(*db_);
    guard_ = std::make_unique<app::AccessGuard>(*staff_);
    service_ = std::make_unique<app::CourseAuthoringService>(*courses_, *catalogue_, *guard_,
                                                             *audit_, clock());
    runs_store_ = store::make_run_authoring_store(*db_);
    messages_ = std::make_unique<app::EnrollmentService>(
        *enrollments_, *catalogue_, cipher_, clock(), app::testing::oslo_time_zone(),
        app::LanguageTexts([](std::string_view language, std::string_view key) {
          return web::Messages::get(language).text(key);
        }),
        app::EnrollmentSettings{});
    runs_ = std::make_unique<app::RunAuthoringService>(*runs_store_, *courses_, *catalogue_,
                                                       *enrollments_, *messages_, *guard_, *audit_,
                                                       app::testing::oslo_time_zone(), clock());
    open_router();
    add_course_authoring_routes(router_->routes(), *responder_, *service_, *runs_);
    kari_ = session_for("Kari Rådgiver", {Role::LmsAdvisor, ScopeKind::HealthTrust, 2});
    ola_ = session_for("Ola Rådgiver", {Role::LmsAdvisor, ScopeKind::HealthTrust, 2});
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

  Response send_json(const std::string& method, const std::string& target, const std::string& body,
                     const app::StartedSession& s) {
    Request r = staff_request(method, target, s);
    r.headers.emplace_back("Content-Type", "application/json");
    r.body = body;
    return router_->handle(r);
  }

  // Creates a course through the page form; its id.
  CourseId create(const std::string& title) {
    auto r = post("/ansatt/kurs/nytt", course_post(title), kari_);
    EXPECT_EQ(r.status, 303) << r.body;
    const auto location = header(r, "Location");
    const std::string prefix = "/ansatt/kurs/";
    EXPECT_EQ(location.rfind(prefix, 0), 0u) << location;
    return std::stoll(location.substr(prefix.size()));
  }

  std::unique_ptr<store::CourseAuthoringStore> courses_;
  std::unique_ptr<app::AccessGuard> guard_;
  std::unique_ptr<app::CourseAuthoringService> service_;
  std::unique_ptr<store::RunAuthoringStore> runs_store_;
  std::unique_ptr<app::EnrollmentService> messages_;
  std::unique_ptr<app::RunAuthoringService> runs_;
  app::StartedSession kari_, ola_;
};

TEST_F(CourseRoutesTest, AnAdvisorCreatesPublishesAndSeesTheHistoryOnTheCoursePage) {
  auto form = get("/ansatt/kurs/nytt", kari_);
  ASSERT_EQ(form.status, 200) << form.body;
  EXPECT_TRUE(contains(form.body, "name=\"programme.4.topic\""));
  EXPECT_FALSE(contains(form.body, "name=\"programme.5.topic\""));
  EXPECT_TRUE(contains(form.body, "Lærings- og mestringssenteret, Helse Bergen"));
  EXPECT_TRUE(contains(form.body, "href=\"/ansatt/kurs\""));  // the staff bar's link

  const CourseId id = create("Hjertesviktskolen");
  auto page = get("/ansatt/kurs/" + std::to_string(id) + "?lagret=1", kari_);
  ASSERT_EQ(page.status, 200);
  EXPECT_TRUE(contains(page.body, "Kurset er lagret."));
  EXPECT_TRUE(contains(page.body, "Hjertesviktskolen"));
  EXPECT_TRUE(contains(page.body, "Utkast"));
  EXPECT_TRUE(contains(page.body, "Opprettet"));
  EXPECT_TRUE(contains(page.body, "1,5"));
  EXPECT_FALSE(contains(page.body, "/kurs/" + std::to_string(id) + "\""))
      << "a draft has no public page to link to";

  auto published = post("/ansatt/kurs/" + std::to_string(id) + "/status",
                        {{"version", "1"}, {"status", "published"}}, kari_);
  ASSERT_EQ(published.status, 303) << published.body;
  page = get("/ansatt/kurs/" + std::to_string(id), kari_);
  EXPECT_TRUE(contains(page.body, "Publisert"));
  EXPECT_TRUE(contains(page.body, "href=\"/kurs/" + std::to_string(id) + "\""));
  EXPECT_TRUE(contains(page.body, "Kari Rådgiver"));
  // Versions 2 and 1 in the history, the status change named.
  const auto history = page.body.substr(page.body.find("kb-course-history"));
  EXPECT_TRUE(contains(history, "<td>2</td>"));
  EXPECT_TRUE(contains(history, "<td>Status</td>"));

  auto list = get("/ansatt/kurs?status=published", kari_);
  ASSERT_EQ(list.status, 200);
  EXPECT_TRUE(contains(list.body, "data-course=\"" + std::to_string(id) + "\""));
  list = get("/ansatt/kurs?status=draft", kari_);
  EXPECT_FALSE(contains(list.body, "data-course=\"" + std::to_string(id) + "\""));
  EXPECT_EQ(get("/ansatt/kurs?status=deleted", kari_).status, 400);
}

TEST_F(CourseRoutesTest, BadInputComesBackAsTypedWithEachErrorLinkedToItsField) {
  auto before = service_->list(kari_.actor, {});
  ASSERT_TRUE(before.ok());
  QueryParams form = course_post("<b>Hjertesviktskolen</b>");
  set(form, "programme.1.hours", "0");
  set(form, "summary", std::string(20 * 1024, 'x'));
  auto r = post("/ansatt/kurs/nytt", form, kari_);
  ASSERT_EQ(r.status, 422);
  EXPECT_TRUE(contains(r.body, "value=\"&lt;b&gt;Hjertesviktskolen&lt;/b&gt;\""));
  EXPECT_TRUE(contains(r.body, "<title>Kurset ble ikke lagret."));
  EXPECT_TRUE(contains(r.body, "href=\"#field-title\""));
  EXPECT_TRUE(contains(r.body, "href=\"#field-summary\""));
  EXPECT_TRUE(contains(r.body, "href=\"#field-programme.1.hours\""));
  EXPECT_TRUE(contains(r.body, "Skriv vanlig tekst uten HTML-koder."));
  EXPECT_TRUE(contains(r.body, "aria-describedby=\"error-programme.1.hours\""));
  EXPECT_TRUE(contains(r.body, "Å leve med hjertesvikt"));  // the other rows kept
  auto after = service_->list(kari_.actor, {});
  EXPECT_EQ(after->courses.size(), before->courses.size());

  // An edit refused leaves the saved course as it was.
  const CourseId id = create("Hjertesviktskolen");
  QueryParams edit = course_post("");
  edit.emplace_back("version", "1");
  r = post("/ansatt/kurs/" + std::to_string(id) + "/endre", edit, kari_);
  EXPECT_EQ(r.status, 422);
  EXPECT_TRUE(contains(r.body, "href=\"#field-title\""));
  EXPECT_EQ(service_->for_editing(access_context_of(kari_), id)->form.title, "Hjertesviktskolen");

  // A programme row number no page of ours has is not a form.
  QueryParams odd = course_post("Hjertesviktskolen");
  odd.emplace_back("programme.100000.topic", "x");
  EXPECT_EQ(post("/ansatt/kurs/nytt", odd, kari_).status, 400);
}

TEST_F(CourseRoutesTest, MoreRowsShowsThreeMoreAndSavesNothing) {
  QueryParams form = course_post("Hjertesviktskolen");
  form.emplace_back("more_rows", "1");
  auto r = post("/ansatt/kurs/nytt", form, kari_);
  ASSERT_EQ(r.status, 200);
  EXPECT_TRUE(contains(r.body, "name=\"programme.7.topic\""));
  EXPECT_TRUE(contains(r.body, "value=\"Hva er hjertesvikt?\""));
  EXPECT_TRUE(
      service_->list(kari_.actor, {CourseStatus::Draft, "", std::nullopt})->courses.empty());
}

TEST_F(CourseRoutesTest, TheSecondOfTwoEditorsGets409WithTheirInputKeptAndTheOthersChangeShown) {
  const CourseId id = create("Hjertesviktskolen");
  const std::string edit_path = "/ansatt/kurs/" + std::to_string(id) + "/endre";
  // Both open the form at version 1.
  for (const auto* s : {&kari_, &ola_}) {
    auto form = get(edit_path, *s);
    ASSERT_EQ(form.status, 200);
    EXPECT_TRUE(contains(form.body, "name=\"version\" value=\"1\""));
  }
  QueryParams kari = course_post("Hjertesviktskolen i Bergen");
  kari.emplace_back("version", "1");
  ASSERT_EQ(post(edit_path, kari, kari_).status, 303);

  QueryParams ola = course_post("Hjertesviktskolen på Voss");
  ola.emplace_back("version", "1");
  auto r = post(edit_path, ola, ola_);
  ASSERT_EQ(r.status, 409) << r.body;
  EXPECT_TRUE(contains(r.body, "value=\"Hjertesviktskolen på Voss\""));  // kept
  EXPECT_TRUE(contains(r.body, "id=\"conflict\""));
  EXPECT_TRUE(contains(r.body, "Kari Rådgiver"));
  EXPECT_TRUE(contains(r.body, "<dd>Hjertesviktskolen i Bergen</dd>"));  // theirs
  EXPECT_TRUE(contains(r.body, "name=\"version\" value=\"2\""));
  EXPECT_EQ(service_->for_editing(access_context_of(kari_), id)->form.title,
            "Hjertesviktskolen i Bergen");

  // Saving again, with both in view, is Ola's decision and lands.
  set(ola, "version", "2");
  ASSERT_EQ(post(edit_path, ola, ola_).status, 303);
  EXPECT_EQ(service_->for_editing(access_context_of(kari_), id)->form.title,
            "Hjertesviktskolen på Voss");
  // A stale status move is a conflict too, shown on the course page.
  auto stale = post("/ansatt/kurs/" + std::to_string(id) + "/status",
                    {{"version", "1"}, {"status", "published"}}, kari_);
  EXPECT_EQ(stale.status, 409);
  EXPECT_TRUE(contains(stale.body, "Noen andre lagret kurset"));
}

TEST_F(CourseRoutesTest, OthersGetForbiddenAndLearnNothing) {
  const CourseId id = create("Hjertesviktskolen");
  const auto other =
      session_for("Per", {Role::LmsAdvisor, ScopeKind::HealthTrust, store::testing::kOtherHf});
  const auto leader = session_for("Lise", {Role::CourseLeader, ScopeKind::HealthTrust, 2});
  const std::string path = "/ansatt/kurs/" + std::to_string(id);
  for (const auto* s : {&other, &leader}) {
    EXPECT_EQ(get(path, *s).status, 403);
    EXPECT_EQ(get(path + "/endre", *s).status, 403);
    EXPECT_EQ(post(path + "/endre", course_post("Overtatt"), *s).status, 403);
    EXPECT_EQ(post(path + "/status", {{"version", "1"}, {"status", "published"}}, *s).status, 403);
    EXPECT_EQ(post(path + "/status", {}, *s).status, 403);
    EXPECT_FALSE(contains(get(path, *s).body, "Hjertesviktskolen"));
  }
  EXPECT_EQ(get("/ansatt/kurs", leader).status, 403);
  EXPECT_EQ(get("/ansatt/kurs/nytt", leader).status, 403);
  EXPECT_EQ(get("/ansatt/kurs/nytt?owner=3", other).status, 403);
  EXPECT_EQ(post("/ansatt/kurs/nytt", course_post("Nytt"), other).status, 403);
  EXPECT_EQ(get("/ansatt/kurs/999999", kari_).status, 404);
  EXPECT_FALSE(contains(get("/ansatt", leader).body, "href=\"/ansatt/kurs\""));
}

TEST_F(CourseRoutesTest, TheApiCreatesReadsSavesAndMovesWithVersions) {
  auto created =
      send_json("POST", "/api/v1/staff/courses", course_body("KOLS-skolen").dump(), kari_);
  ASSERT_EQ(created.status, 201) << created.body;
  const auto doc = nlohmann::json::parse(created.body);
  const CourseId id = doc["id"].get<CourseId>();
  EXPECT_EQ(header(created, "Location"), "/api/v1/staff/courses/" + std::to_string(id));
  EXPECT_EQ(doc["version"], 1);
  EXPECT_EQ(doc["status"], "draft");
  EXPECT_EQ(doc["owner_id"], 3);
  EXPECT_EQ(doc["programme"][0]["hours"], 2.0);
  EXPECT_EQ(doc["fee_nok"], nullptr);
  const std::string path = "/api/v1/staff/courses/" + std::to_string(id);

  auto read = get(path, kari_);
  ASSERT_EQ(read.status, 200);
  EXPECT_EQ(nlohmann::json::parse(read.body)["title"], "KOLS-skolen");

  auto body = course_body("KOLS-skolen i Bergen");
  body["version"] = 1;
  body["fee_nok"] = 350;
  body["programme"][0]["hours"] = 1.5;
  auto saved = send_json("PUT", path, body.dump(), kari_);
  ASSERT_EQ(saved.status, 200) << saved.body;
  const auto after = nlohmann::json::parse(saved.body);
  EXPECT_EQ(after["version"], 2);
  EXPECT_EQ(after["fee_nok"], 350);
  EXPECT_EQ(after["programme"][0]["hours"], 1.5);
  ASSERT_EQ(after["history"].size(), 2u);
  EXPECT_EQ(after["history"][0]["changed"], (nlohmann::json{"title", "practical", "programme"}));

  // The same version again: 409 with the course as it now is.
  body["title"] = "KOLS-skolen på Voss";
  auto stale = send_json("PUT", path, body.dump(), ola_);
  ASSERT_EQ(stale.status, 409);
  const auto conflict = nlohmann::json::parse(stale.body);
  EXPECT_EQ(conflict["error"]["code"], "conflict");
  EXPECT_EQ(conflict["current"]["title"], "KOLS-skolen i Bergen");
  EXPECT_EQ(conflict["current"]["version"], 2);

  auto moved =
      send_json("POST", path + "/status", R"({"version": 2, "status": "published"})", kari_);
  ASSERT_EQ(moved.status, 200) << moved.body;
  EXPECT_EQ(nlohmann::json::parse(moved.body)["status"], "published");
  auto not_allowed =
      send_json("POST", path + "/status", R"({"version": 3, "status": "published"})", kari_);
  EXPECT_EQ(not_allowed.status, 409);
  EXPECT_EQ(nlohmann::json::parse(not_allowed.body)["error"]["message"],
            "Kurset kan ikke flyttes til den statusen herfra.");

  auto listed = get("/api/v1/staff/courses?status=published", kari_);
  ASSERT_EQ(listed.status, 200);
  bool found = false;
  const auto listing = nlohmann::json::parse(listed.body);
  for (const auto& c : listing["courses"]) found |= c["id"] == id;
  EXPECT_TRUE(found) << listed.body;
}

// The completion scheme and the didactic plan (issue 14) through the page
// form: offered and described, a bad part kept as typed and linked, saved,
// shown on the course page part by part, and in the API's representation.
TEST_F(CourseRoutesTest, TheFormCarriesTheCompletionSchemeAndTheSixPartPlan) {
  auto blank = get("/ansatt/kurs/nytt", kari_);
  ASSERT_EQ(blank.status, 200);
  EXPECT_TRUE(contains(blank.body,
                       "<option value=\"isf\" selected>ISF (pasient- og "
                       "pårørendeopplæring): minst 80\u00a0% av undervisningstimene"))
      << blank.body;
  EXPECT_TRUE(contains(blank.body, "<option value=\"study_association\">"));
  for (const char* part : {"target_group", "goals", "frame", "content", "methods", "evaluation"})
    EXPECT_TRUE(contains(blank.body, "name=\"plan." + std::string(part) + "\"")) << part;
  EXPECT_TRUE(contains(blank.body, "aria-describedby=\"help-plan.goals\""));

  QueryParams form = course_post("Hjertesviktskolen");
  form.emplace_back("completion_scheme", "study_association");
  form.emplace_back("plan.target_group", "Voksne med hjertesvikt.");
  form.emplace_back("plan.goals", "Kjenne igjen <b>forverring</b>.");
  auto refused = post("/ansatt/kurs/nytt", form, kari_);
  ASSERT_EQ(refused.status, 422);
  EXPECT_TRUE(contains(refused.body, "href=\"#field-plan.goals\""));
  EXPECT_TRUE(contains(refused.body, "aria-describedby=\"help-plan.goals error-plan.goals\""));
  EXPECT_TRUE(contains(refused.body, ">Voksne med hjertesvikt.</textarea>"));
  EXPECT_TRUE(contains(refused.body, "<option value=\"study_association\" selected>"));

  set(form, "plan.goals", "Kjenne igjen forverring.");
  auto created = post("/ansatt/kurs/nytt", form, kari_);
  ASSERT_EQ(created.status, 303) << created.body;
  auto page = get(header(created, "Location"), kari_);
  ASSERT_EQ(page.status, 200);
  EXPECT_TRUE(contains(page.body, "Studieforbund (voksenopplæringsloven): minst 75\u00a0%"));
  EXPECT_TRUE(contains(page.body, "2 av 6 deler er skrevet."));
  EXPECT_TRUE(contains(page.body,
                       "<dt>Mål</dt><dd><span class=\"kb-plan-text\">Kjenne igjen "
                       "forverring.</span></dd>"))
      << page.body;
  EXPECT_TRUE(
      contains(page.body, "<dt>Metoder</dt><dd class=\"kb-not-written\">Ikke skrevet ennå"));

  const auto id =
      std::stoll(header(created, "Location").substr(std::string("/ansatt/kurs/").size()));
  auto api = get("/api/v1/staff/courses/" + std::to_string(id), kari_);
  ASSERT_EQ(api.status, 200) << api.body;
  const auto doc = nlohmann::json::parse(api.body);
  EXPECT_EQ(doc["completion_scheme"], "study_association");
  EXPECT_EQ(doc["didactic_plan"]["goals"], "Kjenne igjen forverring.");
  EXPECT_EQ(doc["didactic_plan"]["methods"], "");
}

TEST_F(CourseRoutesTest, TheApiRefusesBadBodiesWithTheFieldNamed) {
  auto bad = course_body("");
  bad["programme"][0]["hours"] = 0;
  auto r = send_json("POST", "/api/v1/staff/courses", bad.dump(), kari_);
  ASSERT_EQ(r.status, 422);
  auto doc = nlohmann::json::parse(r.body);
  ASSERT_EQ(doc["error"]["fields"].size(), 2u);
  EXPECT_EQ(doc["error"]["fields"][0]["field"], "title");
  EXPECT_EQ(doc["error"]["fields"][1]["field"], "programme.1.hours");

  auto typed = course_body("KOLS-skolen");
  typed["target_groups"] = "adults";  // not a list
  r = send_json("POST", "/api/v1/staff/courses", typed.dump(), kari_);
  ASSERT_EQ(r.status, 422);
  doc = nlohmann::json::parse(r.body);
  EXPECT_EQ(doc["error"]["fields"][0]["field"], "target_groups");

  EXPECT_EQ(send_json("POST", "/api/v1/staff/courses", "{not json", kari_).status, 400);
  EXPECT_EQ(send_json("POST", "/api/v1/staff/courses", "[1]", kari_).status, 400);
  const auto other =
      session_for("Per", {Role::LmsAdvisor, ScopeKind::HealthTrust, store::testing::kOtherHf});
  EXPECT_EQ(send_json("POST", "/api/v1/staff/courses", course_body("Nytt").dump(), other).status,
            403);
  EXPECT_EQ(send_json("PUT", "/api/v1/staff/courses/999999", "{}", kari_).status, 404);
}

}  // namespace
}  // namespace kursbase::http
