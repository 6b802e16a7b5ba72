// The staff start page (issue 12): each run's real state from run_status()
// (a past run is never "åpen"), the filters an HF advisor with hundreds of
// runs needs (upcoming, this month, needs attention), a search over course
// titles, paging, role labels with names, and the staff bar with sign-out on
// every staff page. Through the real router on SQLite (and "postgres.*").
#include <gtest/gtest.h>

#include "app/enrollment/attendance_service.hpp"
#include "app/enrollment/enrollment_service.hpp"
#include "app/enrollment/referral_service.hpp"
#include "app/enrollment/waiting_list_service.hpp"
#include "app/testing/oslo_time_zone.hpp"
#include "http/enrollment/attendance_routes.hpp"
#include "http/enrollment/waiting_list_routes.hpp"
#include "http/staff/staff_routes.hpp"
#include "http/testing/response_text.hpp"
#include "http/testing/staff_router_world.hpp"
#include "store/testing/enrollment_catalogue.hpp"
#include "store/testing/raw_sql.hpp"

namespace kursbase::http {
namespace {

using store::testing::kCancelledRun;
using store::testing::kDeadlinePassed;
using store::testing::kDraftRun;
using store::testing::kNoWaitingList;
using store::testing::kOpenRun;
using store::testing::kReferralRun;

Instant at(const char* s) { return *parse_instant(s); }

// The table row of a run on the start page ("" when not listed).
std::string row_of(const std::string& body, RunId run) {
  const auto start = body.find("<tr data-run=\"" + std::to_string(run) + "\"");
  if (start == std::string::npos) return {};
  return body.substr(start, body.find("</tr>", start) - start);
}

class StaffHomeRoutesTest : public testing::StaffRouterWorld {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(open_world("home-routes-"));
    const auto& nb = web::Messages::get("nb");
    enrollment_service_ = std::make_unique<app::EnrollmentService>(
        *enrollments_, *catalogue_, cipher_, clock(), app::testing::oslo_time_zone(),
        [&nb](std::string_view key) { return nb.text(key); }, app::EnrollmentSettings{},
        audit_.get());
    attendance_ = std::make_unique<app::AttendanceService>(*db_, *enrollments_, *catalogue_,
                                                           *staff_, cipher_, *audit_, clock());
    waiting_list_ = std::make_unique<app::WaitingListService>(
        *db_, *enrollments_, *catalogue_, *staff_, *enrollment_service_, *audit_);
    referrals_ = std::make_unique<app::ReferralService>(*enrollments_, *staff_,
                                                        *enrollment_service_, *audit_);
    open_router();
    add_attendance_routes(router_->routes(), *responder_, *attendance_);
    add_waiting_list_routes(router_->routes(), *responder_, *waiting_list_, *referrals_);
    add_staff_routes(router_->routes(), *responder_, *accounts_, *audit_, {}, false);
    advisor_ = session_for("rådgiver", {Role::LmsAdvisor, ScopeKind::HealthTrust, 2});
  }

  // Moves the clock and signs the advisor in again (a session would have
  // timed out over the weeks moved).
  void move_to(const char* when) {
    now_ = at(when);
    auto s = accounts_->start_session(advisor_.actor.account_id, "10.0.0.1");
    ASSERT_TRUE(s.ok());
    advisor_ = *s;
  }

  Response get(const std::string& target, const app::StartedSession& s) {
    return router_->handle(staff_request("GET", target, s));
  }

  void sign_up(RunId run, const std::string& name) {
    store::SignUpRequest r;
    r.run_id = run;
    r.main.person.name = name;
    r.main.identity_hash = "id-" + name;
    r.main.manage_token_hash = "tok-" + name;
    r.main.consent_text = "samtykke";
    r.now = now_;
    auto out = enrollments_->sign_up(r, nullptr);
    ASSERT_TRUE(out.ok()) << out.error().detail;
    last_enrollment_ = out->main.id;
  }

  std::unique_ptr<app::EnrollmentService> enrollment_service_;
  std::unique_ptr<app::AttendanceService> attendance_;
  std::unique_ptr<app::WaitingListService> waiting_list_;
  std::unique_ptr<app::ReferralService> referrals_;
  app::StartedSession advisor_;
  EnrollmentId last_enrollment_ = 0;
  EnrollmentId ase_ = 0;
};

TEST_F(StaffHomeRoutesTest, EachRunShowsItsRealStateAndAPastRunIsNeverOpen) {
  auto r = get("/ansatt", advisor_);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(row_of(r.body, kOpenRun).find("data-status=\"open\""), std::string::npos);
  EXPECT_NE(row_of(r.body, kOpenRun).find("Åpen for påmelding"), std::string::npos);
  EXPECT_NE(row_of(r.body, kCancelledRun).find(">Avlyst<"), std::string::npos);
  EXPECT_NE(row_of(r.body, kCancelledRun).find("data-color=\"danger\""), std::string::npos);
  EXPECT_NE(row_of(r.body, kDeadlinePassed).find("Påmeldingen er stengt"), std::string::npos);
  EXPECT_NE(row_of(r.body, kDraftRun).find("Under planlegging"), std::string::npos);
  EXPECT_EQ(r.body.find(">åpen<"), std::string::npos);  // the stored state is not the status

  ASSERT_NO_FATAL_FAILURE(move_to("2027-03-12T10:00:00Z"));
  r = get("/ansatt", advisor_);
  EXPECT_NE(row_of(r.body, kOpenRun).find("Kurset er i gang"), std::string::npos);

  ASSERT_NO_FATAL_FAILURE(move_to("2027-06-01T10:00:00Z"));
  r = get("/ansatt", advisor_);
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(row_of(r.body, kOpenRun).find("Gjennomført"), std::string::npos);
  EXPECT_EQ(r.body.find("Åpen for påmelding"), std::string::npos);
}

TEST_F(StaffHomeRoutesTest, UpcomingAndThisMonthFilters) {
  auto r = get("/ansatt?vis=upcoming", advisor_);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_FALSE(row_of(r.body, kOpenRun).empty());
  EXPECT_FALSE(row_of(r.body, kDeadlinePassed).empty());
  EXPECT_TRUE(row_of(r.body, kCancelledRun).empty());
  EXPECT_TRUE(row_of(r.body, kDraftRun).empty());
  EXPECT_NE(r.body.find("aria-current=\"page\"><strong>Kommende</strong>"), std::string::npos);
  // January has no sessions; in March every held run has.
  r = get("/ansatt?vis=this_month", advisor_);
  EXPECT_TRUE(row_of(r.body, kOpenRun).empty());
  EXPECT_NE(r.body.find("Ingen gjennomføringer passer."), std::string::npos);
  ASSERT_NO_FATAL_FAILURE(move_to("2027-03-12T10:00:00Z"));
  r = get("/ansatt?vis=this_month", advisor_);
  EXPECT_FALSE(row_of(r.body, kOpenRun).empty());
  EXPECT_TRUE(row_of(r.body, kCancelledRun).empty());
  r = get("/ansatt?vis=upcoming", advisor_);
  EXPECT_TRUE(row_of(r.body, kOpenRun).empty());  // started
}

TEST_F(StaffHomeRoutesTest, NeedsAttentionNamesWhy) {
  // Few sign-ups: 1 confirmed of at least 6.
  ASSERT_NO_FATAL_FAILURE(sign_up(kOpenRun, "Åse"));
  ase_ = last_enrollment_;
  auto r = get("/ansatt?vis=needs_attention", advisor_);
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(row_of(r.body, kOpenRun).find("Få påmeldte (minst 6)"), std::string::npos);
  EXPECT_TRUE(row_of(r.body, kCancelledRun).empty());

  // A waiting list: the run is made full, the next one waits.
  ASSERT_TRUE(store::testing::exec_sql(*db_,
                                       "UPDATE run SET min_participants = 1, capacity = 1 "
                                       "WHERE id = 200")
                  .ok());
  ASSERT_NO_FATAL_FAILURE(sign_up(kOpenRun, "Bjørn"));
  r = get("/ansatt?vis=needs_attention", advisor_);
  EXPECT_NE(row_of(r.body, kOpenRun).find("Folk på venteliste"), std::string::npos);
  EXPECT_EQ(row_of(r.body, kOpenRun).find("Få påmeldte"), std::string::npos);

  // A session has ended and nothing is recorded for it; recording clears it.
  ASSERT_NO_FATAL_FAILURE(move_to("2027-03-03T12:00:00Z"));
  r = get("/ansatt?vis=needs_attention", advisor_);
  EXPECT_NE(row_of(r.body, kOpenRun).find("Oppmøte ikke registrert"), std::string::npos);
  auto seats = enrollments_->run_seats(kOpenRun);
  ASSERT_TRUE(seats.ok());
  auto recorded = db_->transact(store::TxKind::Write, [&](store::Tx& tx) {
    return enrollments_->record_attendance(
        tx, kOpenRun, {ase_, seats->run.sessions[0].id, AttendanceMark::Present, "", {}}, 1, now_);
  });
  ASSERT_TRUE(recorded.ok());
  r = get("/ansatt?vis=needs_attention", advisor_);
  EXPECT_EQ(row_of(r.body, kOpenRun).find("Oppmøte ikke registrert"), std::string::npos);
  EXPECT_NE(row_of(r.body, kOpenRun).find("Folk på venteliste"), std::string::npos);
  // Everything recorded, nobody waiting, enough people: nothing to follow up.
  ASSERT_TRUE(store::testing::exec_sql(*db_,
                                       "UPDATE enrollment SET status = 'cancelled', "
                                       "waitlist_position = NULL WHERE status = 'waitlisted'")
                  .ok());
  ASSERT_TRUE(
      store::testing::exec_sql(*db_, "UPDATE run SET waitlisted_count = 0 WHERE id = 200").ok());
  r = get("/ansatt?vis=needs_attention", advisor_);
  EXPECT_TRUE(row_of(r.body, kOpenRun).empty()) << row_of(r.body, kOpenRun);
}

// A public request for a referral course waits for staff: the home says so.
TEST_F(StaffHomeRoutesTest, RequestsWaitingForTheirReferralNeedAttention) {
  ASSERT_TRUE(store::testing::exec_sql(*db_, "UPDATE run SET min_participants = 0 WHERE id = " +
                                                 std::to_string(kReferralRun))
                  .ok());
  auto r = get("/ansatt?vis=needs_attention", advisor_);
  ASSERT_EQ(r.status, 200);
  EXPECT_TRUE(row_of(r.body, kReferralRun).empty()) << row_of(r.body, kReferralRun);
  ASSERT_NO_FATAL_FAILURE(sign_up(kReferralRun, "Henvises"));
  r = get("/ansatt?vis=needs_attention", advisor_);
  EXPECT_NE(row_of(r.body, kReferralRun).find("Forespørsler venter på henvisning"),
            std::string::npos)
      << row_of(r.body, kReferralRun);
}

TEST_F(StaffHomeRoutesTest, SearchFoldsCaseAndAccentsAndKeepsTheFilter) {
  auto r = get("/ansatt?q=henvisning", advisor_);
  ASSERT_EQ(r.status, 200);
  EXPECT_FALSE(row_of(r.body, kReferralRun).empty());
  EXPECT_TRUE(row_of(r.body, kOpenRun).empty());
  r = get("/ansatt?q=LAER%20A%20LEVE", advisor_);
  EXPECT_FALSE(row_of(r.body, kOpenRun).empty()) << r.body;
  EXPECT_TRUE(row_of(r.body, kReferralRun).empty());
  r = get("/ansatt?q=diabetes", advisor_);
  EXPECT_NE(r.body.find("Ingen gjennomføringer passer."), std::string::npos);
  r = get("/ansatt?vis=upcoming&q=kols", advisor_);
  EXPECT_NE(r.body.find("name=\"vis\" value=\"upcoming\""), std::string::npos);
  EXPECT_NE(r.body.find("value=\"kols\""), std::string::npos);
  EXPECT_TRUE(row_of(r.body, kCancelledRun).empty());
}

TEST_F(StaffHomeRoutesTest, ALongListIsPaged) {
  auto extra = store::testing::enrollment_catalogue(30);
  extra.organisations.clear();
  extra.municipalities.clear();
  extra.diagnosis_areas.clear();
  extra.courses.clear();
  std::erase_if(extra.runs, [](const kursbase::Run& run) { return run.id < 300; });
  ASSERT_TRUE(catalogue_->import_catalogue(extra).ok());
  auto r = get("/ansatt", advisor_);
  ASSERT_EQ(r.status, 200);
  std::size_t rows = 0;
  for (auto p = r.body.find("<tr data-run="); p != std::string::npos;
       p = r.body.find("<tr data-run=", p + 1))
    ++rows;
  EXPECT_EQ(rows, 25u);
  EXPECT_NE(r.body.find("Viser 36 av 36."), std::string::npos);
  EXPECT_NE(r.body.find("Side 1 av 2"), std::string::npos);
  EXPECT_NE(r.body.find("href=\"/ansatt?side=2\" rel=\"next\""), std::string::npos);
  r = get("/ansatt?side=2", advisor_);
  rows = 0;
  for (auto p = r.body.find("<tr data-run="); p != std::string::npos;
       p = r.body.find("<tr data-run=", p + 1))
    ++rows;
  EXPECT_EQ(rows, 11u);
  EXPECT_NE(r.body.find("rel=\"prev\""), std::string::npos);
  EXPECT_EQ(get("/ansatt?side=99", advisor_).body.find("rel=\"next\""), std::string::npos);
}

TEST_F(StaffHomeRoutesTest, RoleLabelsNameTheCourseAndTheOrganisationNeverAnId) {
  auto many = session_for("mange", {{Role::CourseLeader, ScopeKind::Course, 10},
                                    {Role::LmsAdvisor, ScopeKind::HealthTrust, 2},
                                    {Role::Analyst, ScopeKind::Region, 1},
                                    {Role::Auditor, ScopeKind::Nation, 0}});
  auto r = get("/ansatt", many);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find("<li>Kursleder – kurs: Lær å leve med KOLS</li>"), std::string::npos);
  EXPECT_NE(r.body.find("<li>LMS-rådgiver – helseforetak: Helse Bergen HF</li>"),
            std::string::npos);
  EXPECT_NE(r.body.find("<li>Analytiker – region: Helse Vest RHF</li>"), std::string::npos);
  EXPECT_NE(r.body.find("<li>Revisor (tilgangslogg) – hele landet</li>"), std::string::npos);
  EXPECT_EQ(r.body.find("kurs 10"), std::string::npos);
}

// The staff bar: a way home, who is signed in, and a CSRF-protected sign-out,
// on every staff page, also on a staff page's error; never on public pages.
TEST_F(StaffHomeRoutesTest, EveryStaffPageHasTheStaffBarWithSignOut) {
  auto leader = session_for("leder", {{Role::CourseLeader, ScopeKind::Course, 10},
                                      {Role::CourseLeader, ScopeKind::Course, 11},
                                      {Role::Auditor, ScopeKind::Nation, 0}});
  const std::string run = "/ansatt/gjennomforing/" + std::to_string(kOpenRun);
  const std::string referral = "/ansatt/gjennomforing/" + std::to_string(kReferralRun);
  for (const auto& path :
       {std::string("/ansatt"), run, run + "/venteliste", referral + "/henvisning",
        std::string("/ansatt/logg"), std::string("/ansatt/gjennomforing/999999")}) {
    auto r = get(path, leader);
    EXPECT_LT(r.status, 500) << path;
    EXPECT_NE(r.body.find("<nav class=\"kb-staff-bar\" aria-label=\"Ansatt\">"), std::string::npos)
        << path << " " << r.status;
    EXPECT_NE(r.body.find("Logget inn som <strong>leder</strong>"), std::string::npos) << path;
    const auto form = r.body.find("<form method=\"post\" action=\"/utlogging\"");
    ASSERT_NE(form, std::string::npos) << path;
    EXPECT_NE(r.body.find("name=\"csrf\" value=\"" + leader.csrf_token + "\"", form),
              std::string::npos)
        << path;
    EXPECT_NE(r.body.find(">Logg ut</button>", form), std::string::npos) << path;
  }
}

}  // namespace
}  // namespace kursbase::http
