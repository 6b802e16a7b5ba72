// The course leader's run page, attendance form and exports through the real
// router with sessions, CSRF and the security finishers, on SQLite (and
// "postgres.*" in ctest).
#include "http/enrollment/attendance_routes.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "domain/person/national_id.hpp"
#include "http/middleware/security_finishers.hpp"
#include "http/staff/staff_routes.hpp"
#include "http/testing/response_text.hpp"
#include "http/testing/staff_router_world.hpp"
#include "interop/spreadsheet/attendance_export.hpp"
#include "store/testing/enrollment_catalogue.hpp"
#include "store/testing/raw_sql.hpp"

namespace kursbase::http {
namespace {

using store::testing::kOpenRun;

Instant now() { return *parse_instant(store::testing::kToday); }

// What the client receives, the server's security headers included.
std::string header(const Response& r, const std::string& name) {
  return testing::header_as_sent(r, name);
}

// The shared strings of an XLSX file (unzipped with Python's zipfile, as
// interop's own test does).
std::string xlsx_shared_strings(const std::string& bytes) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("kursbase-routes-xlsx-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto file = dir / "oppmote.xlsx";
  std::ofstream(file, std::ios::binary) << bytes;
  const std::string cmd =
      "python3 -m zipfile -e '" + file.string() + "' '" + (dir / "x").string() + "'";
  if (std::system(cmd.c_str()) != 0) return {};
  std::ifstream in(dir / "x" / "xl" / "sharedStrings.xml", std::ios::binary);
  std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  std::filesystem::remove_all(dir);
  return text;
}

class AttendanceRoutesTest : public testing::StaffRouterWorld {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(open_world("routes-"));
    // The service's clock reads now_: after the run's last session (31 March)
    // unless a test moves it; sign-ups happen at kToday.
    now_ = *parse_instant("2027-03-31T12:00:00Z");
    service_ = std::make_unique<app::AttendanceService>(*db_, *enrollments_, *catalogue_, *staff_,
                                                        cipher_, *audit_, clock());
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
  // A course leader does not plan the run: no link to its form (issue 14).
  EXPECT_EQ(r.body.find(run_path() + "/endre"), std::string::npos);
  const auto advisor = session_for("rådgiver", {Role::LmsAdvisor, ScopeKind::HealthTrust, 2});
  auto theirs = send("GET", run_path(), advisor);
  ASSERT_EQ(theirs.status, 200);
  EXPECT_NE(theirs.body.find("href=\"" + run_path() + "/endre\""), std::string::npos);
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
  EXPECT_NE(page.body.find("Kan ikke lenger nå 80\u00a0%"), std::string::npos);
  EXPECT_NE(page.body.find("value=\"syk\""), std::string::npos);
}

// The share is the course's completion scheme's, and a scheme is a row of
// data: one added to the table works without a change of code (issue 14).
TEST_F(AttendanceRoutesTest, TheCoursesCompletionSchemeSetsTheShareAndTheWarning) {
  ASSERT_TRUE(store::testing::exec_sql(*db_,
                                       "INSERT INTO completion_scheme (key, required_percent, "
                                       "position) VALUES ('two_thirds_test', 60, 9)")
                  .ok());
  ASSERT_TRUE(store::testing::exec_sql(
                  *db_, "UPDATE course SET completion_scheme = 'two_thirds_test' WHERE id = 10")
                  .ok());
  ASSERT_EQ(
      send("POST", run_path() + "/oppmote", leader_, mark_body(leader_, 0, 0, "absent")).status,
      303);
  auto page = send("GET", run_path(), leader_);
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(
      page.body.find("Fullført kurs krever oppmøte på minst 60\u00a0% av undervisningstimene."),
      std::string::npos)
      << page.body;
  // One session of three missed: 6 of 9 hours is 67 %, within 60 %: no warning.
  EXPECT_EQ(page.body.find("Advarsel:"), std::string::npos);
  EXPECT_EQ(page.body.find("80\u00a0%"), std::string::npos);
  ASSERT_EQ(
      send("POST", run_path() + "/oppmote", leader_, mark_body(leader_, 0, 1, "absent")).status,
      303);
  page = send("GET", run_path(), leader_);
  EXPECT_NE(page.body.find("Kan ikke lenger nå 60\u00a0%"), std::string::npos) << page.body;
  // The database refuses a scheme it does not know (a trigger on SQLite, a
  // foreign key on PostgreSQL).
  EXPECT_FALSE(store::testing::exec_sql(
                   *db_, "UPDATE course SET completion_scheme = 'no_such_scheme' WHERE id = 10")
                   .ok());
}

TEST_F(AttendanceRoutesTest, BadFormsAndMissingCsrfAreRefused) {
  // A form read but with a value that breaks a rule: 422, the page again with the problem.
  const auto bad_mark =
      send("POST", run_path() + "/oppmote", leader_, mark_body(leader_, 0, 0, "kanskje"));
  EXPECT_EQ(bad_mark.status, 422);
  EXPECT_NE(bad_mark.body.find("Velg til stede, delvis, meldt fravær eller fravær."),
            std::string::npos);

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
  // Name, five columns of what was written at sign-up, three sessions, hours, completion.
  ASSERT_EQ((*rows)[0].size(), 1u + 5u + 3u + 2u);
  EXPECT_EQ((*rows)[0][0], "Navn");
  // Å sorts after B, as in the Norwegian alphabet.
  EXPECT_EQ((*rows)[1][0], "Bjørn \"Bjønnen\" Berg; jr");
  EXPECT_EQ((*rows)[1][9], "0 / 9");
  EXPECT_EQ((*rows)[2][0], "Åse Ødegård");
  EXPECT_EQ((*rows)[2][6], "Til stede");
  EXPECT_EQ((*rows)[2][7], "Ikke registrert");
  EXPECT_EQ((*rows)[2][9], "3 / 9");
  EXPECT_EQ((*rows)[2][10], "Kan fortsatt fullføre");
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
  // Every row of the download, the persons' too, is recorded as an export.
  for (std::size_t i = 0; i < 3; ++i) EXPECT_EQ((*after)[i].event, AuditEventKind::Export);
  // The page itself is a view.
  ASSERT_EQ(send("GET", run_path(), leader_).status, 200);
  EXPECT_EQ(audit_store_->search(q)->front().event, AuditEventKind::View);
}

// Attendance rules of issue 12 over HTTP: not before the session starts
// (422, the Norwegian reason, the typed note and minutes kept), the four
// statuses, "mark all present" as one CSRF-checked POST, and completion by
// the hours of partial attendance.
TEST_F(AttendanceRoutesTest, ASessionThatHasNotStartedIsRefusedWith422AndTheFormKept) {
  now_ = *parse_instant("2027-03-03T07:30:00Z");  // half an hour before the first session
  auto body = mark_body(leader_, 0, 0, "partial", "kom sent") + "&minutes=45";
  auto r = send("POST", run_path() + "/oppmote", leader_, body);
  EXPECT_EQ(r.status, 422);
  EXPECT_NE(r.body.find("Samlingen har ikke startet ennå. Oppmøte kan bare registreres for en "
                        "samling som har startet."),
            std::string::npos);
  const auto item = r.body.find("id=\"s" + std::to_string(session_ids_[0]) + "-e" +
                                std::to_string(enrollment_ids_[0]) + "\"");
  ASSERT_NE(item, std::string::npos);
  EXPECT_NE(r.body.find("value=\"kom sent\"", item), std::string::npos);
  EXPECT_NE(r.body.find("value=\"45\"", item), std::string::npos);
  EXPECT_NE(r.body.find("Samlingen har ikke startet ennå. Oppmøte kan registreres når den har "
                        "startet."),
            std::string::npos);
  // Mark all is refused the same way, and nothing was written.
  r = send(
      "POST", run_path() + "/oppmote/alle", leader_,
      "csrf=" + url_encode(leader_.csrf_token) + "&session=" + std::to_string(session_ids_[0]));
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(r.body.find(">Til stede</span>"), std::string::npos);
  now_ = *parse_instant("2027-03-03T08:00:00Z");
  EXPECT_EQ(send("POST", run_path() + "/oppmote", leader_, body).status, 303);
}

TEST_F(AttendanceRoutesTest, ExcusedAndPartialAreShownApartAndPartialCountsItsHours) {
  ASSERT_EQ(
      send("POST", run_path() + "/oppmote", leader_, mark_body(leader_, 0, 0, "present")).status,
      303);
  ASSERT_EQ(
      send("POST", run_path() + "/oppmote", leader_, mark_body(leader_, 0, 1, "present")).status,
      303);
  ASSERT_EQ(send("POST", run_path() + "/oppmote", leader_,
                 mark_body(leader_, 0, 2, "partial", "gikk tidlig") + "&minutes=120")
                .status,
            303);
  ASSERT_EQ(send("POST", run_path() + "/oppmote", leader_,
                 mark_body(leader_, 1, 0, "excused", "meldt syk"))
                .status,
            303);
  // Partial without minutes: 422 with the reason.
  auto bad = send("POST", run_path() + "/oppmote", leader_, mark_body(leader_, 1, 1, "partial"));
  EXPECT_EQ(bad.status, 422);
  EXPECT_NE(bad.body.find("Skriv hvor mange minutter deltakeren var til stede"), std::string::npos);

  auto page = send("GET", run_path(), leader_);
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("data-color=\"info\">Delvis til stede (120 min)</span>"),
            std::string::npos);
  EXPECT_NE(page.body.find("data-color=\"warning\">Meldt fravær</span>"), std::string::npos);
  EXPECT_NE(page.body.find("Meldt fravær: 3"), std::string::npos);
  // 3 + 3 + 2 of 9 hours ≥ 7.2: completed.
  auto csv = interop::parse_csv(send("GET", run_path() + "/oppmote.csv", leader_).body);
  ASSERT_TRUE(csv.ok());
  const auto& ase = (*csv)[2];
  EXPECT_EQ(ase[0], "Åse Ødegård");
  EXPECT_EQ(ase[8], "Delvis til stede (120 min) (gikk tidlig)");
  EXPECT_EQ(ase[9], "8 / 9");
  EXPECT_EQ(ase[10], "Fullført");
  EXPECT_EQ((*csv)[1][6], "Meldt fravær (meldt syk)");
  EXPECT_EQ((*csv)[1][9], "0 / 9");
}

TEST_F(AttendanceRoutesTest, MarkAllPresentIsOnePostWithCsrfAndKeepsRecordedMarks) {
  ASSERT_EQ(
      send("POST", run_path() + "/oppmote", leader_, mark_body(leader_, 1, 0, "absent")).status,
      303);
  auto page = send("GET", run_path(), leader_);
  EXPECT_NE(page.body.find("action=\"" + run_path() + "/oppmote/alle\""), std::string::npos);
  EXPECT_NE(page.body.find("Merk alle som ikke er registrert som til stede"), std::string::npos);
  const std::string all = "session=" + std::to_string(session_ids_[0]);
  EXPECT_EQ(send("POST", run_path() + "/oppmote/alle", leader_, all).status, 403);  // no CSRF
  EXPECT_EQ(send("POST", run_path() + "/oppmote/alle", stranger_,
                 "csrf=" + url_encode(stranger_.csrf_token) + "&" + all)
                .status,
            403);
  auto r = send("POST", run_path() + "/oppmote/alle", leader_,
                "csrf=" + url_encode(leader_.csrf_token) + "&" + all);
  ASSERT_EQ(r.status, 303) << r.body;
  EXPECT_EQ(header(r, "Location"), run_path() + "#session-" + std::to_string(session_ids_[0]));
  auto csv = interop::parse_csv(send("GET", run_path() + "/oppmote.csv", leader_).body);
  ASSERT_TRUE(csv.ok());
  EXPECT_EQ((*csv)[1][6], "Fravær");     // Bjørn's absence is kept
  EXPECT_EQ((*csv)[2][6], "Til stede");  // Åse had nothing: now present
  EXPECT_EQ((*csv)[2][7], "Ikke registrert");
  // An unknown session: 404 page, not a 500.
  EXPECT_EQ(send("POST", run_path() + "/oppmote/alle", leader_,
                 "csrf=" + url_encode(leader_.csrf_token) + "&session=999999")
                .status,
            404);
}

// What a participant wrote at sign-up (issue 12): a wheelchair or an
// interpreter request must reach the course leader, on the page and in both
// exports, read under the same access decision and audit as the names.
class SignUpRequestsTest : public AttendanceRoutesTest {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(AttendanceRoutesTest::SetUp());
    store::SignUpRequest r;
    r.run_id = kOpenRun;
    r.main.person.name = "Cecilie Carlsen";
    r.main.person.email = "cecilie@example.no";
    r.main.person.mobile = "+4791234567";
    r.main.interpreter_language = "arabisk";
    r.main.needs = "Rullestol, trenger rampe";
    r.main.language = "se";
    r.main.identity_hash = "id-c";
    r.main.manage_token_hash = "tok-c";
    r.main.consent_text = "samtykke";
    store::NewEnrollment relative;
    relative.person.name = "Dag Carlsen";
    relative.person.email = "dag@example.no";
    relative.kind = ParticipantKind::Relative;
    relative.identity_hash = "id-d";
    relative.manage_token_hash = "tok-d";
    relative.consent_text = "samtykke";
    r.relative = relative;
    r.now = now();
    auto out = enrollments_->sign_up(r, nullptr);
    ASSERT_TRUE(out.ok());
    ASSERT_TRUE(out->relative);
    cecilie_ = out->main;
    dag_ = *out->relative;
  }

  std::size_t audit_rows_for(std::int64_t person_id, const std::string& account) {
    store::AuditQuery q;
    q.limit = 1000;
    q.person_id = person_id;
    const auto found = audit_store_->search(q);
    EXPECT_TRUE(found.ok());
    std::size_t n = 0;
    if (found.ok())
      for (const auto& e : *found) n += e.account_name == account;
    return n;
  }

  store::EnrollmentRecord cecilie_, dag_;
};

TEST_F(SignUpRequestsTest, RunPageShowsNeedsInterpreterContactAndWhomARelativeAccompanies) {
  auto r = send("GET", run_path(), leader_);
  ASSERT_EQ(r.status, 200) << r.body;
  // Said first, highlighted, before the table.
  const auto alert = r.body.find("id=\"requests-heading\"");
  ASSERT_NE(alert, std::string::npos);
  EXPECT_LT(alert, r.body.find("id=\"participants-heading\""));
  EXPECT_NE(r.body.find("Behov og tolk som deltakerne skrev ved påmeldingen"), std::string::npos);
  EXPECT_NE(r.body.find("<span class=\"ds-tag\" data-color=\"warning\">Tolk: arabisk</span>"),
            std::string::npos);
  EXPECT_NE(r.body.find("Rullestol, trenger rampe"), std::string::npos);
  EXPECT_NE(r.body.find("<th scope=\"col\">Behov og tolk</th>"), std::string::npos);
  EXPECT_NE(r.body.find("href=\"mailto:cecilie@example.no\""), std::string::npos);
  EXPECT_NE(r.body.find("href=\"tel:+4791234567\""), std::string::npos);
  EXPECT_NE(r.body.find("Følger: Cecilie Carlsen"), std::string::npos);
  EXPECT_NE(r.body.find("Ingen oppgitt"), std::string::npos);  // the others wrote nothing
  // Her messages go in North Sami (issue 13), the relative's in bokmål (not said).
  EXPECT_NE(r.body.find("<br>Språk: <span lang=\"se\">Davvisámegiella</span>"), std::string::npos);
  EXPECT_EQ(r.body.find("Språk: <span lang=\"nb\">"), std::string::npos);
  // Audited like the names: one row per person shown, for this viewer.
  EXPECT_EQ(audit_rows_for(cecilie_.person.id, "leder"), 1u);
  EXPECT_EQ(audit_rows_for(dag_.person.id, "leder"), 1u);
}

TEST_F(SignUpRequestsTest, BothExportsCarryWhatWasWrittenAndAreAuditedAsExports) {
  auto r = send("GET", run_path() + "/oppmote.csv", leader_);
  ASSERT_EQ(r.status, 200);
  auto rows = interop::parse_csv(r.body);
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 5u);
  const auto& head = (*rows)[0];
  ASSERT_GE(head.size(), 6u);
  EXPECT_EQ(head[1], "E-post");
  EXPECT_EQ(head[2], "Mobil");
  EXPECT_EQ(head[3], "Tolk (språk)");
  EXPECT_EQ(head[4], "Behov");
  EXPECT_EQ(head[5], "Følger pasient");
  const std::vector<std::string>* c = nullptr;
  const std::vector<std::string>* d = nullptr;
  for (const auto& row : *rows) {
    if (row[0] == "Cecilie Carlsen") c = &row;
    if (row[0] == "Dag Carlsen") d = &row;
  }
  ASSERT_TRUE(c && d);
  EXPECT_EQ((*c)[1], "cecilie@example.no");
  EXPECT_EQ((*c)[2], "'+4791234567");  // a leading '+' is kept from being read as a formula
  EXPECT_EQ((*c)[3], "arabisk");
  EXPECT_EQ((*c)[4], "Rullestol, trenger rampe");
  EXPECT_EQ((*d)[5], "Cecilie Carlsen");

  auto x = send("GET", run_path() + "/oppmote.xlsx", leader_);
  ASSERT_EQ(x.status, 200);
  const auto strings = xlsx_shared_strings(x.body);
  EXPECT_NE(strings.find("Rullestol, trenger rampe"), std::string::npos);
  EXPECT_NE(strings.find("arabisk"), std::string::npos);
  EXPECT_NE(strings.find("Følger pasient"), std::string::npos);

  store::AuditQuery q;
  q.limit = 1000;
  q.person_id = cecilie_.person.id;
  const auto about_cecilie = audit_store_->search(q);
  ASSERT_TRUE(about_cecilie.ok());
  std::size_t exports = 0;
  for (const auto& e : *about_cecilie) exports += e.object_type == "enrollment";
  EXPECT_EQ(exports, 2u);  // one per download
  store::AuditQuery runs;
  runs.limit = 1000;
  const auto all = audit_store_->search(runs);
  ASSERT_TRUE(all.ok());
  std::size_t run_exports = 0;
  for (const auto& e : *all) run_exports += e.object_type == "run_export";
  EXPECT_EQ(run_exports, 2u);
}

// Least access: a user representative of the same course plans and teaches
// but may not see participants, so neither their requests nor their contact
// details, on the page or in a file; the refusal reads nothing and audits no person.
TEST_F(SignUpRequestsTest, ARoleWithoutParticipantAccessSeesNoneOfIt) {
  auto representative = session_for("bruker", {Role::UserRepresentative, ScopeKind::Course, 10});
  for (const auto* path : {"", "/oppmote.csv", "/oppmote.xlsx"}) {
    auto r = send("GET", run_path() + path, representative);
    EXPECT_EQ(r.status, 403) << path;
    EXPECT_EQ(r.body.find("Rullestol"), std::string::npos) << path;
    EXPECT_EQ(r.body.find("cecilie@example.no"), std::string::npos) << path;
  }
  auto home = send("GET", "/ansatt", representative);
  ASSERT_EQ(home.status, 200);
  EXPECT_EQ(home.body.find("Rullestol"), std::string::npos);
  EXPECT_EQ(audit_rows_for(cecilie_.person.id, "bruker"), 0u);
  EXPECT_EQ(send("GET", run_path(), stranger_).body.find("Rullestol"), std::string::npos);
}

}  // namespace
}  // namespace kursbase::http
