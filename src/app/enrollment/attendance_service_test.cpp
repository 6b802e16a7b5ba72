// AttendanceService on the real engines (SQLite; "postgres.*" in ctest):
// access allowed and denied by scope, audit rows per person, idempotent
// recording, completion and its early warning.
#include "app/enrollment/attendance_service.hpp"

#include <gtest/gtest.h>

#include "app/testing/enrollment_world.hpp"
#include "domain/person/national_id.hpp"
#include "store/testing/enrollment_catalogue.hpp"

namespace kursbase::app {
namespace {

using store::testing::kOpenRun;

constexpr std::int64_t kCourse = 10;  // of kOpenRun
constexpr std::int64_t kHf = 2;       // Helse Bergen HF
constexpr std::int64_t kRegion = 1;   // Helse Vest RHF

Instant now() { return *parse_instant(store::testing::kToday); }

constexpr std::uint8_t kKeyByte = 7;

class AttendanceServiceTest : public testing::EnrollmentWorld {
 protected:
  AttendanceServiceTest() : EnrollmentWorld(kKeyByte) {}

  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(open_world(""));
    // After the last session (31 March), so every session may be recorded.
    now_ = *parse_instant("2027-03-31T12:00:00Z");
    service_ = std::make_unique<AttendanceService>(*db_, *enrollments_, *catalogue_, *staff_,
                                                   cipher_, *audit_, clock());
  }

  EnrollmentId sign_up(const std::string& name, int i, const std::string& national_id = "") {
    store::SignUpRequest r;
    r.run_id = kOpenRun;
    r.main.person.name = name;
    r.main.person.email = "p" + std::to_string(i) + "@example.no";
    if (!national_id.empty()) {
      r.main.person.national_id_sealed = cipher_.seal(national_id);
      r.main.person.national_id_lookup = cipher_.lookup_hash(national_id);
    }
    r.main.identity_hash = "id-" + std::to_string(i);
    r.main.manage_token_hash = "tok-" + std::to_string(i);
    r.main.consent_text = "samtykke";
    r.now = now();
    auto out = enrollments_->sign_up(r, nullptr);
    EXPECT_TRUE(out.ok());
    return out.ok() ? out->main.id : 0;
  }

  static AccessContext as(Role role, ScopeKind scope, std::int64_t scope_id) {
    AccessContext who;
    who.actor.account_id = 42;
    who.actor.display_name = "Kari Kursleder";
    who.actor.grants = {{role, scope, scope_id}};
    who.route = "GET /ansatt/gjennomforing/{id}";
    who.client_address = "10.0.0.1";
    return who;
  }

  std::vector<store::AuditEntry> audit_rows() {
    store::AuditQuery q;
    q.account_id = 42;
    q.limit = 1000;
    auto rows = audit_store_->search(q);
    EXPECT_TRUE(rows.ok());
    return rows.ok() ? *rows : std::vector<store::AuditEntry>{};
  }

  std::vector<std::int64_t> session_ids() {
    auto seats = enrollments_->run_seats(kOpenRun);
    std::vector<std::int64_t> ids;
    for (const auto& s : seats->run.sessions) ids.push_back(s.id);
    return ids;
  }

  std::unique_ptr<AttendanceService> service_;
};

TEST_F(AttendanceServiceTest, CourseLeaderSeesParticipantsMaskedAndEveryReadIsAudited) {
  sign_up("Berit Berg", 1, "13097248022");
  sign_up("Anders And", 2);
  auto v = service_->view(as(Role::CourseLeader, ScopeKind::Course, kCourse), kOpenRun);
  ASSERT_TRUE(v.ok()) << v.error().detail;
  ASSERT_EQ(v->participants.size(), 2u);
  EXPECT_EQ(v->participants[0].name, "Anders And");
  EXPECT_EQ(v->participants[1].name, "Berit Berg");
  EXPECT_FALSE(v->national_ids_shown);
  EXPECT_EQ(v->participants[1].national_id, mask_national_id("13097248022"));
  EXPECT_EQ(v->participants[1].national_id.find("48022"), std::string::npos);
  EXPECT_TRUE(v->may_record);
  EXPECT_EQ(v->sessions.size(), 3u);
  EXPECT_EQ(v->course_title, "Lær å leve med KOLS");

  const auto rows = audit_rows();
  ASSERT_EQ(rows.size(), 3u);  // the run and one row per person
  int per_person = 0;
  for (const auto& r : rows) {
    EXPECT_EQ(r.action, "view_participants");
    EXPECT_EQ(r.health_trust_id, kHf);
    if (r.person_id) ++per_person;
  }
  EXPECT_EQ(per_person, 2);
}

TEST_F(AttendanceServiceTest, MedicalResponsibleSeesIdNumbersAndThatIsAudited) {
  sign_up("Berit Berg", 1, "13097248022");
  auto v = service_->view(as(Role::MedicalResponsible, ScopeKind::HealthTrust, kHf), kOpenRun);
  ASSERT_TRUE(v.ok());
  EXPECT_TRUE(v->national_ids_shown);
  EXPECT_FALSE(v->may_record);
  EXPECT_EQ(v->participants.at(0).national_id, "13097248022");
  bool id_row = false;
  for (const auto& r : audit_rows()) id_row = id_row || r.action == "view_national_id";
  EXPECT_TRUE(id_row);
}

TEST_F(AttendanceServiceTest, OtherScopesAndRolesAreForbiddenAndNotAudited) {
  sign_up("Berit Berg", 1);
  for (const auto& who : {as(Role::CourseLeader, ScopeKind::Course, 11),
                          as(Role::LmsAdvisor, ScopeKind::HealthTrust, 99),
                          as(Role::CourseLeader, ScopeKind::Region, kRegion + 1),
                          as(Role::UserRepresentative, ScopeKind::Course, kCourse),
                          as(Role::Analyst, ScopeKind::Nation, 0)}) {
    auto v = service_->view(who, kOpenRun);
    ASSERT_FALSE(v.ok());
    EXPECT_EQ(v.error().code, ErrorCode::Forbidden);
  }
  auto rec = service_->record(as(Role::MedicalResponsible, ScopeKind::Nation, 0), kOpenRun,
                              {1, session_ids()[0], AttendanceMark::Present, "", {}});
  EXPECT_EQ(rec.error().code, ErrorCode::Forbidden);
  EXPECT_TRUE(audit_rows().empty());
  EXPECT_TRUE(service_->view(as(Role::LmsAdvisor, ScopeKind::Region, kRegion), kOpenRun).ok());
}

TEST_F(AttendanceServiceTest, UnknownRunIsNotFound) {
  auto v = service_->view(as(Role::LmsAdvisor, ScopeKind::Nation, 0), 999999);
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.error().code, ErrorCode::NotFound);
}

TEST_F(AttendanceServiceTest, RecordingTwiceKeepsOneMarkAndIsAuditedWithThePerson) {
  const auto e = sign_up("Berit Berg", 1);
  const auto who = as(Role::Professional, ScopeKind::Course, kCourse);
  const auto s = session_ids();
  ASSERT_TRUE(
      service_->record(who, kOpenRun, {e, s[0], AttendanceMark::Present, "kom sent", {}}).ok());
  ASSERT_TRUE(
      service_->record(who, kOpenRun, {e, s[0], AttendanceMark::Present, "kom sent", {}}).ok());
  auto v = service_->view(who, kOpenRun);
  ASSERT_TRUE(v.ok());
  const auto& row = v->participants.at(0);
  EXPECT_EQ(row.cells[0].mark, AttendanceMark::Present);
  EXPECT_EQ(row.cells[0].note, "kom sent");
  EXPECT_EQ(row.cells[1].mark, AttendanceMark::Unrecorded);
  int recorded = 0;
  for (const auto& r : audit_rows())
    if (r.action == "record_attendance") {
      ++recorded;
      EXPECT_EQ(r.person_id, row.person_id);
    }
  EXPECT_EQ(recorded, 2);
  auto roster = db_->transact(store::TxKind::Read, [&](store::Tx& tx) -> Result<store::RunRoster> {
    return enrollments_->roster(tx, kOpenRun);
  });
  ASSERT_TRUE(roster.ok());
  EXPECT_EQ(roster->attendance.size(), 1u);
}

TEST_F(AttendanceServiceTest, BadInputAndForeignEnrollmentsAreRefused) {
  const auto e = sign_up("Berit Berg", 1);
  const auto who = as(Role::CourseLeader, ScopeKind::Course, kCourse);
  const auto s = session_ids();
  EXPECT_EQ(
      service_->record(who, kOpenRun, {0, s[0], AttendanceMark::Present, "", {}}).error().code,
      ErrorCode::InvalidInput);
  EXPECT_EQ(service_->record(who, kOpenRun, {e, 0, AttendanceMark::Present, "", {}}).error().code,
            ErrorCode::InvalidInput);
  EXPECT_EQ(
      service_
          ->record(who, kOpenRun,
                   {e, s[0], AttendanceMark::Present, std::string(kMaxAttendanceNote + 1, 'x'), {}})
          .error()
          .code,
      ErrorCode::InvalidInput);
  EXPECT_EQ(service_->record(who, kOpenRun, {e + 1000, s[0], AttendanceMark::Present, "", {}})
                .error()
                .code,
            ErrorCode::NotFound);
  EXPECT_EQ(service_->record(who, kOpenRun, {e, s[0] + 1000, AttendanceMark::Present, "", {}})
                .error()
                .code,
            ErrorCode::NotFound);
}

TEST_F(AttendanceServiceTest, CompletionAndTheWarningWhenEightyPercentIsOutOfReach) {
  const auto a = sign_up("Anne Alltid", 1);
  const auto b = sign_up("Bjørn Borte", 2);
  const auto who = as(Role::CourseLeader, ScopeKind::Course, kCourse);
  const auto s = session_ids();
  for (auto id : s)
    ASSERT_TRUE(service_->record(who, kOpenRun, {a, id, AttendanceMark::Present, "", {}}).ok());
  // 3 × 3 h: missing one session leaves 6 of 9 h < 80 %.
  ASSERT_TRUE(service_->record(who, kOpenRun, {b, s[0], AttendanceMark::Absent, "syk", {}}).ok());
  auto v = service_->view(who, kOpenRun);
  ASSERT_TRUE(v.ok());
  const auto& anne = v->participants.at(0);
  const auto& bjorn = v->participants.at(1);
  EXPECT_TRUE(anne.completion.completed);
  EXPECT_TRUE(anne.completion.can_still_complete);
  EXPECT_FALSE(bjorn.completion.completed);
  EXPECT_FALSE(bjorn.completion.can_still_complete);
  EXPECT_EQ(bjorn.completion.required_minutes, 432);
}

TEST_F(AttendanceServiceTest, WaitingListIsInOrder) {
  for (int i = 0; i < 14; ++i) sign_up("Person " + std::to_string(100 + i), i);
  auto v = service_->view(as(Role::CourseLeader, ScopeKind::Course, kCourse), kOpenRun);
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->participants.size(), 12u);
  ASSERT_EQ(v->waiting_list.size(), 2u);
  EXPECT_EQ(v->waiting_list[0].position, 1);
  EXPECT_EQ(v->waiting_list[0].name, "Person 112");
  EXPECT_EQ(v->waiting_list[1].name, "Person 113");
}

// Issue 12: no attendance for a session that has not started; the form's
// problem comes back as field errors.
TEST_F(AttendanceServiceTest, ASessionThatHasNotStartedCannotBeRecorded) {
  const auto e = sign_up("Berit Berg", 1);
  const auto who = as(Role::CourseLeader, ScopeKind::Course, kCourse);
  const auto s = session_ids();
  now_ = *parse_instant("2027-03-03T07:59:00Z");  // a minute before the first session
  const auto early = service_->record(who, kOpenRun, {e, s[0], AttendanceMark::Present, "", {}});
  ASSERT_FALSE(early.ok());
  EXPECT_EQ(early.error().code, ErrorCode::InvalidInput);
  ASSERT_EQ(early.error().fields.size(), 1u);
  EXPECT_EQ(early.error().fields[0].message_key, "attendance.error.not_started");
  const auto all = service_->mark_all_present(who, kOpenRun, s[0]);
  ASSERT_FALSE(all.ok());
  EXPECT_EQ(all.error().code, ErrorCode::InvalidInput);
  auto v = service_->view(who, kOpenRun);
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->participants.at(0).cells[0].mark, AttendanceMark::Unrecorded);
  EXPECT_EQ(v->session_started, (std::vector<bool>{false, false, false}));
  now_ = *parse_instant("2027-03-03T08:00:00Z");
  EXPECT_TRUE(service_->record(who, kOpenRun, {e, s[0], AttendanceMark::Present, "", {}}).ok());
  EXPECT_FALSE(service_->record(who, kOpenRun, {e, s[1], AttendanceMark::Present, "", {}}).ok());
}

TEST_F(AttendanceServiceTest, ExcusedAndPartialAreKeptAndPartialCountsItsHours) {
  const auto a = sign_up("Anne Alltid", 1);
  const auto who = as(Role::CourseLeader, ScopeKind::Course, kCourse);
  const auto s = session_ids();
  ASSERT_TRUE(service_->record(who, kOpenRun, {a, s[0], AttendanceMark::Present, "", {}}).ok());
  ASSERT_TRUE(service_->record(who, kOpenRun, {a, s[1], AttendanceMark::Present, "", {}}).ok());
  // 6 h + 2 of 3 h = 8 of 9 h ≥ 7.2 h: completed, by the partial hours.
  ASSERT_TRUE(
      service_->record(who, kOpenRun, {a, s[2], AttendanceMark::Partial, "gikk tidlig", 120}).ok());
  auto v = service_->view(who, kOpenRun);
  ASSERT_TRUE(v.ok());
  const auto& row = v->participants.at(0);
  EXPECT_EQ(row.cells[2].mark, AttendanceMark::Partial);
  EXPECT_EQ(row.cells[2].minutes_attended, 120);
  EXPECT_EQ(row.completion.attended_minutes, 480);
  EXPECT_TRUE(row.completion.completed);
  // 1 h of the last session is not enough: 7 h < 7.2 h.
  ASSERT_TRUE(service_->record(who, kOpenRun, {a, s[2], AttendanceMark::Partial, "", 60}).ok());
  v = service_->view(who, kOpenRun);
  EXPECT_EQ(v->participants.at(0).completion.attended_minutes, 420);
  EXPECT_FALSE(v->participants.at(0).completion.completed);
  // Excused: absent for completion, kept as its own mark.
  ASSERT_TRUE(
      service_->record(who, kOpenRun, {a, s[2], AttendanceMark::Excused, "meldt syk", {}}).ok());
  v = service_->view(who, kOpenRun);
  EXPECT_EQ(v->participants.at(0).cells[2].mark, AttendanceMark::Excused);
  EXPECT_EQ(v->participants.at(0).completion.attended_minutes, 360);
  EXPECT_EQ(v->participants.at(0).completion.excused_minutes, 180);
  // Partial needs minutes inside the session.
  for (const auto minutes : {std::optional<int>(), std::optional<int>(0), std::optional<int>(180)})
    EXPECT_EQ(service_->record(who, kOpenRun, {a, s[2], AttendanceMark::Partial, "", minutes})
                  .error()
                  .fields.at(0)
                  .message_key,
              "attendance.error.minutes");
}

TEST_F(AttendanceServiceTest, MarkAllPresentFillsOnlyWhatIsNotRecordedAndAuditsEach) {
  sign_up("Anne Alltid", 1);
  const auto b = sign_up("Bjørn Borte", 2);
  const auto c = sign_up("Cecilie Sen", 3);
  for (int i = 0; i < 13; ++i) sign_up("Venter " + std::to_string(i), 10 + i);  // 3 wait
  const auto who = as(Role::CourseLeader, ScopeKind::Course, kCourse);
  const auto s = session_ids();
  ASSERT_TRUE(service_->record(who, kOpenRun, {b, s[0], AttendanceMark::Excused, "syk", {}}).ok());
  ASSERT_TRUE(service_->record(who, kOpenRun, {c, s[0], AttendanceMark::Partial, "", 60}).ok());
  const auto before = audit_rows().size();
  auto marked = service_->mark_all_present(who, kOpenRun, s[0]);
  ASSERT_TRUE(marked.ok());
  EXPECT_EQ(*marked, 10);  // 12 seats, two already recorded; the waiting list is not marked
  std::size_t recorded = 0;
  const auto rows = audit_rows();
  for (std::size_t i = before; i < rows.size(); ++i)
    recorded += rows[i].action == "record_attendance";
  EXPECT_EQ(recorded, 10u);
  auto v = service_->view(who, kOpenRun);
  ASSERT_TRUE(v.ok());
  for (const auto& p : v->participants) {
    const auto expected = p.enrollment_id == b   ? AttendanceMark::Excused
                          : p.enrollment_id == c ? AttendanceMark::Partial
                                                 : AttendanceMark::Present;
    EXPECT_EQ(p.cells[0].mark, expected) << p.name;
    EXPECT_EQ(p.cells[1].mark, AttendanceMark::Unrecorded);
  }
  // Again: nothing left to mark.
  EXPECT_EQ(*service_->mark_all_present(who, kOpenRun, s[0]), 0);
  // Others may not; an unknown session is not found.
  EXPECT_EQ(service_
                ->mark_all_present(as(Role::UserRepresentative, ScopeKind::Course, kCourse),
                                   kOpenRun, s[0])
                .error()
                .code,
            ErrorCode::Forbidden);
  EXPECT_EQ(service_->mark_all_present(who, kOpenRun, s[0] + 1000).error().code,
            ErrorCode::NotFound);
}

}  // namespace
}  // namespace kursbase::app
