// The course leader's run page, attendance form and exports through the real
// router with sessions, CSRF and the security finishers, on SQLite (and
// "postgres.*" in ctest).
#include "http/enrollment/attendance_routes.hpp"

#include <gtest/gtest.h>

#include "domain/person/national_id.hpp"
#include "http/middleware/security_finishers.hpp"
#include "http/staff/staff_routes.hpp"
#include "http/testing/response_text.hpp"
#include "http/testing/staff_router_world.hpp"
#include "interop/spreadsheet/attendance_export.hpp"
#include "store/testing/enrollment_catalogue.hpp"

namespace kursbase::http {
namespace {

using store::testing::kOpenRun;

Instant now() { return *parse_instant(store::testing::kToday); }

// What the client receives, the server's security headers included.
std::string header(const Response& r, const std::string& name) {
  return testing::header_as_sent(r, name);
}

class AttendanceRoutesTest : public testing::StaffRouterWorld {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(open_world("routes-"));
    service_ = std::make_unique<app::AttendanceService>(*db_, *enrollments_, *catalogue_, *staff_,
                                                        cipher_, *audit_, now);
    open_router();
    add_attendance_routes(router_->routes(), *responder_, *service_);
    add_staff_routes(router_->routes(), *responder_, *accounts_, *audit_, {}, false);

    leader_ = session_for("leder", {Role::CourseLeader, ScopeKind::Course, 10});
    stranger_ = session_for("fremmed", {Role::CourseLeader, ScopeKind::Course, 11});
    for (int i = 0; i < 2; ++i) {
      store::SignUpRequest r;
      r.run_id = kOpenRun;
      r.main.person.name = i == 0 ? "Åse Ødegård" : "Bjørn \"Bjønnen\" Berg; jr";
      r.main.person.national_id_sealed = cipher_.seal(i == 0 ? "13097248022" : "29029600013");
      r.main.identity_hash = "id" + std::to_string(i);
      r.main.manage_token_hash = "tok" + std::to_string(i);
      r.main.consent_text = "samtykke";
      r.now = now();
      auto out = enrollments_->sign_up(r, nullptr);
      ASSERT_TRUE(out.ok());
      enrollment_ids_.push_back(out->main.id);
    }
    const auto seats = enrollments_->run_seats(kOpenRun);
    ASSERT_TRUE(seats.ok());
    for (const auto& s : seats.value().run.sessions) session_ids_.push_back(s.id);
  }

  Response send(const std::string& method, const std::string& target, const app::StartedSession& s,
                const std::string& body = "") {
    Request r = staff_request(method, target, s);
    if (method == "POST") {
      r.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
      r.body = body;
    }
    return router_->handle(r);
  }

  std::string mark_body(const app::StartedSession& s, int person, int session,
                        const std::string& mark, const std::string& note = "") {
    return "csrf=" + url_encode(s.csrf_token) +
           "&enrollment=" + std::to_string(enrollment_ids_.at(person)) +
           "&session=" + std::to_string(session_ids_.at(session)) + "&mark=" + mark +
           "&note=" + url_encode(note);
  }

  std::string run_path() const { return "/ansatt/gjennomforing/" + std::to_string(kOpenRun); }

  std::unique_ptr<app::AttendanceService> service_;
  app::StartedSession leader_, stranger_;
  std::vector<EnrollmentId> enrollment_ids_;
  std::vector<std::int64_t> session_ids_;
};

TEST_F(AttendanceRoutesTest, PageListsParticipantsWithMaskedIdsAndOneFormPerPersonAndSession) {
  auto r = send("GET", run_path(), leader_);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.content_type, "text/html; charset=utf-8");
  EXPECT_EQ(header(r, "Cache-Control"), "no-store");
  EXPECT_NE(r.body.find("Åse Ødegård"), std::string::npos);
  EXPECT_NE(r.body.find("Bjørn &quot;Bjønnen&quot; Berg; jr"), std::string::npos);
  EXPECT_EQ(r.body.find("13097248022"), std::string::npos);
  EXPECT_NE(r.body.find(mask_national_id("13097248022")), std::string::npos);
  std::size_t forms = 0;
  for (auto at = r.body.find("/oppmote\" class=\"kb-attendance-form\""); at != std::string::npos;
       at = r.body.find("/oppmote\" class=\"kb-attendance-form\"", at + 1))
    ++forms;
  EXPECT_EQ(forms, 2u * 3u);
  EXPECT_NE(r.body.find("name=\"csrf\" value=\"" + leader_.csrf_token + "\""), std::string::npos);
  EXPECT_EQ(r.body.find("Advarsel:"), std::string::npos);
}

TEST_F(AttendanceRoutesTest, MarkIsSavedAndRedirectsBackToThePersonWithAWarningWhenOutOfReach) {
  auto r =
      send("POST", run_path() + "/oppmote", leader_, mark_body(leader_, 0, 0, "absent", "syk"));
  ASSERT_EQ(r.status, 303) << r.body;
  const std::string anchor =
      "#s" + std::to_string(session_ids_[0]) + "-e" + std::to_string(enrollment_ids_[0]);
  EXPECT_EQ(header(r, "Location"), run_path() + anchor);
  EXPECT_EQ(header(r, "Cache-Control"), "no-store");
  // Again: idempotent.
  ASSERT_EQ(
      send("POST", run_path() + "/oppmote", leader_, mark_body(leader_, 0, 0, "absent", "syk"))
          .status,
      303);
  auto page = send("GET", run_path(), leader_);
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("Advarsel:"), std::string::npos);
  EXPECT_NE(page.body.find("Kan ikke lenger nå 80 %"), std::string::npos);
  EXPECT_NE(page.body.find("value=\"syk\""), std::string::npos);
}

TEST_F(AttendanceRoutesTest, BadFormsAndMissingCsrfAreRefused) {
  // A form read but with a value that breaks a rule: 422, the page again with the problem.
  const auto bad_mark =
      send("POST", run_path() + "/oppmote", leader_, mark_body(leader_, 0, 0, "kanskje"));
  EXPECT_EQ(bad_mark.status, 422);
  EXPECT_NE(bad_mark.body.find("Velg til stede eller fravær."), std::string::npos);

  auto no_csrf = mark_body(leader_, 0, 0, "present");
  no_csrf = no_csrf.substr(no_csrf.find('&') + 1);
  EXPECT_EQ(send("POST", run_path() + "/oppmote", leader_, no_csrf).status, 403);
  EXPECT_EQ(send("POST", run_path() + "/oppmote", stranger_, mark_body(stranger_, 0, 0, "present"))
                .status,
            403);
}

// The staff home page is the way in: a course leader's runs link to their
// attendance pages; a user representative of the course sees the runs without
// a link, since participants are not theirs to see.
TEST_F(AttendanceRoutesTest, StaffHomeLinksRunsToTheirPagesOnlyForThoseWhoMaySeeParticipants) {
  const std::string link = "href=\"" + run_path() + "\"";
  auto r = send("GET", "/ansatt", leader_);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find(link), std::string::npos);
  EXPECT_NE(r.body.find("2 av 12 plasser tatt, 0 på venteliste"), std::string::npos);
  auto representative = session_for("bruker", {Role::UserRepresentative, ScopeKind::Course, 10});
  r = send("GET", "/ansatt", representative);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find("2 av 12 plasser tatt"), std::string::npos);
  EXPECT_EQ(r.body.find(link), std::string::npos);
  r = send("GET", "/ansatt", stranger_);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.body.find(link), std::string::npos);
}

TEST_F(AttendanceRoutesTest, OtherCoursesStaffAreForbidden) {
  EXPECT_EQ(send("GET", run_path(), stranger_).status, 403);
  EXPECT_EQ(send("GET", run_path() + "/oppmote.csv", stranger_).status, 403);
  EXPECT_EQ(send("GET", run_path() + "/oppmote.xlsx", stranger_).status, 403);
}

TEST_F(AttendanceRoutesTest, CsvParsesBackWithMarksAndCompletion) {
  ASSERT_EQ(
      send("POST", run_path() + "/oppmote", leader_, mark_body(leader_, 0, 0, "present")).status,
      303);
  auto r = send("GET", run_path() + "/oppmote.csv", leader_);
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "text/csv; charset=utf-8");
  EXPECT_EQ(header(r, "Cache-Control"), "no-store");
  EXPECT_NE(header(r, "Content-Disposition").find("attachment"), std::string::npos);
  EXPECT_EQ(r.body.rfind("\xEF\xBB\xBF", 0), 0u);
  auto rows = interop::parse_csv(r.body);
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 3u);
  ASSERT_EQ((*rows)[0].size(), 1u + 3u + 2u);
  EXPECT_EQ((*rows)[0][0], "Navn");
  // Å sorts after B, as in the Norwegian alphabet.
  EXPECT_EQ((*rows)[1][0], "Bjørn \"Bjønnen\" Berg; jr");
  EXPECT_EQ((*rows)[1][4], "0 / 9");
  EXPECT_EQ((*rows)[2][0], "Åse Ødegård");
  EXPECT_EQ((*rows)[2][1], "Til stede");
  EXPECT_EQ((*rows)[2][2], "Ikke registrert");
  EXPECT_EQ((*rows)[2][4], "3 / 9");
  EXPECT_EQ((*rows)[2][5], "Kan fortsatt fullføre");
}

TEST_F(AttendanceRoutesTest, XlsxIsASpreadsheetAndTheDownloadIsAudited) {
  store::AuditQuery q;
  q.limit = 1000;
  const auto before = audit_store_->search(q)->size();
  auto r = send("GET", run_path() + "/oppmote.xlsx", leader_);
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  EXPECT_EQ(header(r, "Cache-Control"), "no-store");
  EXPECT_EQ(r.body.substr(0, 4), std::string("PK\x03\x04", 4));
  EXPECT_NE(r.body.find("xl/worksheets/sheet1.xml"), std::string::npos);
  const auto after = audit_store_->search(q);
  ASSERT_EQ(after->size(), before + 3);  // the run and both persons
  bool export_row = false;
  for (const auto& e : *after) export_row = export_row || e.object_type == "run_export";
  EXPECT_TRUE(export_row);
}

}  // namespace
}  // namespace kursbase::http
