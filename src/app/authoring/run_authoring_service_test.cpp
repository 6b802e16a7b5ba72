// Runs planned by LMS advisors (issue 14): sessions typed on the Oslo clock
// land on the right instants on both sides of the summer-time change, a time
// the clock skips is refused, a copy keeps the wall-clock times, states move
// as allowed, and only the course's own advisors edit. Real engines (SQLite;
// "postgres.*" in ctest) and the real Europe/Oslo rules.
#include "app/authoring/run_authoring_service.hpp"

#include <gtest/gtest.h>

#include "app/testing/enrollment_world.hpp"
#include "app/testing/oslo_time_zone.hpp"
#include "store/testing/enrollment_catalogue.hpp"
#include "store/testing/raw_sql.hpp"

namespace kursbase::app {
namespace {

using store::testing::kOpenRun;
using store::testing::kOtherHf;

constexpr CourseId kCourse = 10;  // "Lær å leve med KOLS", of the LMS of Helse Bergen

Instant at(const char* s) { return *parse_instant(s); }

// Two Tuesday evenings, the last Sunday of March (summer time) between them.
RunForm across_summer_time() {
  RunForm f;
  f.sessions = {{"2027-03-23", "18:00", "20:30"}, {"2027-03-30", "18:00", "20:30"}};
  f.location_name = "Lærings- og mestringssenteret, Haukeland";
  f.municipality = "4601";
  f.language = "nb";
  f.capacity = "12";
  f.min_participants = "4";
  f.registration_deadline = "2027-03-16";
  f.waiting_list_enabled = "1";
  return f;
}

class RunAuthoringServiceTest : public testing::EnrollmentWorld {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(open_world("run_authoring_", true));
    runs_ = store::make_run_authoring_store(*db_);
    courses_ = store::make_course_authoring_store(*db_);
    guard_ = std::make_unique<AccessGuard>(*staff_);
    service_ = std::make_unique<RunAuthoringService>(*runs_, *courses_, *catalogue_, *guard_,
                                                     *audit_, testing::oslo_time_zone(), clock());
    advisor_ = as("kari", {Role::LmsAdvisor, ScopeKind::HealthTrust, 2});
  }

  AccessContext as(const std::string& name, RoleGrant grant) {
    AccessContext who;
    who.actor = session_for(name, grant).actor;
    who.route = "POST /ansatt/kurs/{id}/gjennomforing";
    who.client_address = "10.0.0.1";
    return who;
  }

  std::unique_ptr<store::RunAuthoringStore> runs_;
  std::unique_ptr<store::CourseAuthoringStore> courses_;
  std::unique_ptr<AccessGuard> guard_;
  std::unique_ptr<RunAuthoringService> service_;
  AccessContext advisor_;
};

TEST_F(RunAuthoringServiceTest, EveningSessionsKeepTheirClockTimeAcrossTheSummerTimeChange) {
  auto created = service_->create(advisor_, kCourse, across_summer_time());
  ASSERT_TRUE(created.ok()) << created.error().detail;
  const kursbase::Run& run = created->run;
  EXPECT_EQ(run.state, RunState::Draft);
  ASSERT_EQ(run.sessions.size(), 2u);
  EXPECT_EQ(run.sessions[0].starts_at, at("2027-03-23T17:00:00Z"));  // CET, UTC+1
  EXPECT_EQ(run.sessions[1].starts_at, at("2027-03-30T16:00:00Z"));  // CEST, UTC+2
  EXPECT_EQ(run.sessions[1].ends_at, at("2027-03-30T18:30:00Z"));
  // Open to the end of the deadline's day in Oslo.
  EXPECT_EQ(run.registration_deadline, at("2027-03-16T23:00:00Z"));

  auto editing = service_->for_editing(advisor_, run.id);
  ASSERT_TRUE(editing.ok()) << editing.error().detail;
  EXPECT_EQ(editing->form.sessions[1].start, "18:00");
  EXPECT_EQ(editing->form.registration_deadline, "2027-03-16");
  EXPECT_EQ(editing->course_title, "Lær å leve med KOLS");
  ASSERT_EQ(editing->history.size(), 1u);
  EXPECT_EQ(editing->history[0].account_name, "kari");

  // Saving the form as shown changes nothing: no new version, no history row.
  auto same = service_->save(advisor_, run.id, 1, editing->form);
  ASSERT_TRUE(same.ok()) << same.error().detail;
  EXPECT_EQ(same->version, 1);
  EXPECT_EQ(same->run.sessions[1].starts_at, at("2027-03-30T16:00:00Z"));
  EXPECT_EQ(service_->for_editing(advisor_, run.id)->history.size(), 1u);
}

TEST_F(RunAuthoringServiceTest,
       ATimeTheClockSkipsIsRefusedAndADeadlineOnTheFirstDayEndsAtItsStart) {
  RunForm f = across_summer_time();
  f.sessions = {{"2027-03-28", "02:30", "04:00"}};  // 02:00-03:00 does not happen that night
  f.registration_deadline = "2027-03-20";
  auto skipped = service_->create(advisor_, kCourse, f);
  ASSERT_FALSE(skipped.ok());
  ASSERT_EQ(skipped.error().fields.size(), 1u);
  EXPECT_EQ(skipped.error().fields[0].field, "sessions.1.start");
  EXPECT_EQ(skipped.error().fields[0].message_key, "run_form.error.no_such_time");

  f = across_summer_time();
  f.registration_deadline = "2027-03-23";
  auto same_day = service_->create(advisor_, kCourse, f);
  ASSERT_TRUE(same_day.ok());
  EXPECT_EQ(same_day->run.registration_deadline, at("2027-03-23T17:00:00Z"));
  auto editing = service_->for_editing(advisor_, same_day->run.id);
  EXPECT_EQ(editing->form.registration_deadline, "2027-03-23");
}

TEST_F(RunAuthoringServiceTest, ACopyStartsOnTheNewDayAtTheSameClockTimes) {
  auto created = service_->create(advisor_, kCourse, across_summer_time());
  ASSERT_TRUE(created.ok());
  // To the autumn: 2027-10-26 and 2027-11-02, across the end of summer time.
  auto copy = service_->copy(advisor_, created->run.id, *parse_day("2027-10-26"));
  ASSERT_TRUE(copy.ok()) << copy.error().detail;
  EXPECT_NE(copy->run.id, created->run.id);
  EXPECT_EQ(copy->run.state, RunState::Draft);
  ASSERT_EQ(copy->run.sessions.size(), 2u);
  EXPECT_EQ(copy->run.sessions[0].starts_at, at("2027-10-26T16:00:00Z"));  // CEST
  EXPECT_EQ(copy->run.sessions[1].starts_at, at("2027-11-02T17:00:00Z"));  // CET
  EXPECT_EQ(copy->run.registration_deadline, at("2027-10-19T22:00:00Z"));  // a week before
  EXPECT_EQ(copy->run.capacity, 12);
  ASSERT_TRUE(copy->run.location);
  EXPECT_EQ(copy->run.location->name, "Lærings- og mestringssenteret, Haukeland");
  auto listed = service_->runs_of(advisor_, kCourse);
  ASSERT_TRUE(listed.ok());
  int ours = 0;
  for (const auto& r : *listed) ours += r.run.id == created->run.id || r.run.id == copy->run.id;
  EXPECT_EQ(ours, 2);
}

TEST_F(RunAuthoringServiceTest, ADraftOpensAndGoesBackOnlyWhileNobodyIsSignedUp) {
  auto created = service_->create(advisor_, kCourse, across_summer_time());
  ASSERT_TRUE(created.ok());
  const RunId id = created->run.id;
  auto opened = service_->move(advisor_, id, 1, RunState::Open);
  ASSERT_TRUE(opened.ok()) << opened.error().detail;
  EXPECT_EQ(opened->run.state, RunState::Open);
  EXPECT_EQ(service_->move(advisor_, id, 1, RunState::Draft).error().message_key,
            "run_form.error.conflict");  // a stale version
  ASSERT_TRUE(store::testing::exec_sql(
                  *db_, "UPDATE run SET confirmed_count = 3 WHERE id = " + std::to_string(id))
                  .ok());
  auto back = service_->move(advisor_, id, 2, RunState::Draft);
  ASSERT_FALSE(back.ok());
  EXPECT_EQ(back.error().message_key, "run_form.error.state");
  EXPECT_EQ(service_->move(advisor_, id, 2, RunState::Cancelled).error().message_key,
            "run_form.error.state");  // not offered here yet
  // Three are confirmed: two seats would not hold them, and the state stays.
  RunForm smaller = across_summer_time();
  smaller.capacity = "2";
  smaller.min_participants = "";
  auto refused = service_->save(advisor_, id, 2, smaller);
  ASSERT_FALSE(refused.ok());
  ASSERT_EQ(refused.error().fields.size(), 1u);
  EXPECT_EQ(refused.error().fields[0].message_key, "run_form.error.capacity_below_taken");
  smaller.capacity = "3";
  auto kept_open = service_->save(advisor_, id, 2, smaller);
  ASSERT_TRUE(kept_open.ok()) << kept_open.error().detail;
  EXPECT_EQ(kept_open->run.state, RunState::Open);
}

TEST_F(RunAuthoringServiceTest, OnlyTheCoursesOwnAdvisorsPlanItsRunsAndEveryChangeIsAudited) {
  const auto other_hf = as("ola", {Role::LmsAdvisor, ScopeKind::HealthTrust, kOtherHf});
  const auto leader = as("per", {Role::CourseLeader, ScopeKind::Course, kCourse});
  for (const auto* who : {&other_hf, &leader}) {
    EXPECT_EQ(service_->create(*who, kCourse, across_summer_time()).error().code,
              ErrorCode::Forbidden);
    EXPECT_EQ(service_->save(*who, kOpenRun, 1, across_summer_time()).error().code,
              ErrorCode::Forbidden);
    EXPECT_EQ(service_->copy(*who, kOpenRun, *parse_day("2027-09-01")).error().code,
              ErrorCode::Forbidden);
    EXPECT_EQ(service_->for_editing(*who, kOpenRun).error().code, ErrorCode::Forbidden);
  }
  auto created = service_->create(advisor_, kCourse, across_summer_time());
  ASSERT_TRUE(created.ok());
  ASSERT_TRUE(service_->move(advisor_, created->run.id, 1, RunState::Open).ok());
  store::AuditQuery q;
  q.account_id = advisor_.actor.account_id;
  q.limit = 100;
  auto rows = audit_store_->search(q);
  ASSERT_TRUE(rows.ok());
  int edits = 0;
  for (const auto& row : *rows)
    if (row.action == "edit_course") {
      ++edits;
      EXPECT_EQ(row.object_type, "run");
      EXPECT_EQ(row.object_id, std::to_string(created->run.id));
    }
  EXPECT_EQ(edits, 2);
}

}  // namespace
}  // namespace kursbase::app
