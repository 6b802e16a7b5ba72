// AccessGuard on the real engines (SQLite; "postgres.*" in ctest): every role
// held in every kind of scope against runs inside and outside it, unknown
// objects, and that staff use cases get their answer from the one indexed
// scope query, never from a read of every course (issue 10).
#include "app/staff/access_guard.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "app/enrollment/attendance_service.hpp"
#include "app/enrollment/referral_service.hpp"
#include "app/enrollment/waiting_list_service.hpp"
#include "app/privacy/personal_data_service.hpp"
#include "app/testing/enrollment_world.hpp"
#include "app/testing/oslo_time_zone.hpp"
#include "store/catalogue_store.hpp"
#include "store/engine/database.hpp"
#include "store/testing/enrollment_catalogue.hpp"
#include "store/testing/test_database.hpp"

namespace kursbase::app {
namespace {

using namespace store::testing;

constexpr std::int64_t kCourse = 10;  // of kOpenRun
constexpr std::int64_t kHf = 2;       // Helse Bergen HF
constexpr std::int64_t kRegion = 1;   // Helse Vest RHF

Actor actor_with(Role role, ScopeKind scope, std::int64_t scope_id) {
  return Actor{7, "Kari", {{role, scope, scope_id}}};
}

class AccessGuardTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = store::Database::open(
        fresh_database_url(
            "guard-" +
            std::string(::testing::UnitTest::GetInstance()->current_test_info()->name())),
        2);
    ASSERT_TRUE(db.ok()) << db.error().detail;
    db_ = std::move(*db);
    ASSERT_TRUE(db_->migrate().ok());
    ASSERT_TRUE(store::make_catalogue_store(*db_)->import_catalogue(scope_catalogue()).ok());
    staff_ = store::make_staff_store(*db_);
    guard_ = std::make_unique<AccessGuard>(*staff_);
  }

  std::unique_ptr<store::Database> db_;
  std::unique_ptr<store::StaffStore> staff_;
  std::unique_ptr<AccessGuard> guard_;
};

const Role kRoles[] = {
    Role::SystemAdministrator, Role::LmsAdvisor,         Role::CourseLeader, Role::Professional,
    Role::UserRepresentative,  Role::MedicalResponsible, Role::Analyst,      Role::Auditor};

// One grant per role × scope kind; each is checked against a run inside its
// scope (every action its role permits is allowed, every other one refused)
// and runs outside it (everything refused, require_run answers Forbidden).
TEST_F(AccessGuardTest, EveryRoleInEveryScopeKindAllowsWhatItsRolePermitsInsideOnly) {
  struct Case {
    ScopeKind kind;
    std::int64_t scope_id;
    std::vector<RunId> inside;
    std::vector<RunId> outside;
  };
  const Case cases[] = {
      {ScopeKind::Nation, 0, {kOpenRun, kOtherHfRun, kNoHfRun, kHfOwnedRun}, {}},
      {ScopeKind::Region, kRegion, {kOpenRun, kReferralRun}, {kOtherHfRun, kNoHfRun, kHfOwnedRun}},
      {ScopeKind::Region, kOtherRegion, {kOtherHfRun, kHfOwnedRun}, {kOpenRun, kNoHfRun}},
      {ScopeKind::HealthTrust, kHf, {kOpenRun, kReferralRun}, {kOtherHfRun, kNoHfRun, kHfOwnedRun}},
      {ScopeKind::HealthTrust, kOtherHf, {kOtherHfRun, kHfOwnedRun}, {kOpenRun, kNoHfRun}},
      {ScopeKind::Course,
       kCourse,
       {kOpenRun, kCancelledRun},
       {kReferralRun, kOtherHfRun, kNoHfRun}},
      {ScopeKind::Course, kNoHfCourse, {kNoHfRun}, {kOpenRun, kOtherHfRun}},
  };
  int allowed = 0, refused = 0;
  for (const auto role : kRoles) {
    for (const auto& c : cases) {
      const Actor actor = actor_with(role, c.kind, c.scope_id);
      const std::string where = std::string(key_of(role)) + " in " + std::string(key_of(c.kind)) +
                                " " + std::to_string(c.scope_id);
      for (const auto run : c.inside) {
        auto access = guard_->run(actor, run);
        ASSERT_TRUE(access.ok()) << access.error().detail;
        for (const auto& [action, key] : EnumKeys<Action>::kAll) {
          const bool want = role_permits(role, action);
          EXPECT_EQ(access->may(action), want) << where << ", run " << run << ": " << key;
          auto required = guard_->require_run(actor, run, action);
          EXPECT_EQ(required.ok(), want) << where << ", run " << run << ": " << key;
          if (want) {
            // The grant that allowed it goes on the audit row.
            ASSERT_TRUE(access->grant(action).has_value());
            EXPECT_EQ(access->grant(action)->scope, c.kind);
            ++allowed;
          } else {
            EXPECT_EQ(required.error().code, ErrorCode::Forbidden);
            ++refused;
          }
        }
      }
      for (const auto run : c.outside) {
        auto access = guard_->run(actor, run);
        ASSERT_TRUE(access.ok()) << access.error().detail;
        for (const auto& [action, key] : EnumKeys<Action>::kAll) {
          if (action == Action::ViewOwnAccount) continue;  // every role, anywhere
          EXPECT_FALSE(access->may(action)) << where << ", run " << run << ": " << key;
          auto required = guard_->require_run(actor, run, action);
          ASSERT_FALSE(required.ok()) << where << ", run " << run << ": " << key;
          EXPECT_EQ(required.error().code, ErrorCode::Forbidden);
          EXPECT_EQ(required.error().message_key, "access.forbidden");
          ++refused;
        }
      }
    }
  }
  EXPECT_GT(allowed, 100);
  EXPECT_GT(refused, 500);
}

TEST_F(AccessGuardTest, PermissionsNameEachActionsAnswer) {
  auto leader = guard_->run(actor_with(Role::CourseLeader, ScopeKind::Course, kCourse), kOpenRun);
  ASSERT_TRUE(leader.ok());
  const auto p = leader->permissions();
  EXPECT_TRUE(p.may_view_participants);
  EXPECT_FALSE(p.may_view_national_id);
  EXPECT_TRUE(p.may_register);
  EXPECT_TRUE(p.may_record_attendance);
  EXPECT_TRUE(p.may_manage_waiting_list);
  EXPECT_FALSE(p.may_edit);
  EXPECT_TRUE(p.may_view_programme);
  EXPECT_FALSE(p.may_export_personal_data);
  EXPECT_FALSE(p.may_erase_personal_data);
  EXPECT_EQ(leader->scope().course_id, kCourse);
  EXPECT_EQ(leader->health_trust_id(), kHf);
  EXPECT_EQ(leader->scope().region_id, kRegion);

  auto advisor = guard_->course(actor_with(Role::LmsAdvisor, ScopeKind::HealthTrust, kOtherHf),
                                kOtherHfCourse);
  ASSERT_TRUE(advisor.ok());
  const auto a = advisor->permissions();
  EXPECT_TRUE(a.may_edit && a.may_view_national_id && a.may_export_personal_data &&
              a.may_erase_personal_data);
  EXPECT_FALSE(guard_->run(actor_with(Role::LmsAdvisor, ScopeKind::HealthTrust, kOtherHf), kOpenRun)
                   ->permissions()
                   .may_view_participants);
}

TEST_F(AccessGuardTest, UnknownRunOrCourseIsNotFoundBeforeAnyDecision) {
  const Actor nation = actor_with(Role::LmsAdvisor, ScopeKind::Nation, 0);
  const Actor nobody = actor_with(Role::Analyst, ScopeKind::HealthTrust, kHf);
  for (const auto& actor : {nation, nobody}) {
    auto run = guard_->require_run(actor, 999999, Action::ViewParticipants);
    ASSERT_FALSE(run.ok());
    EXPECT_EQ(run.error().code, ErrorCode::NotFound);
    EXPECT_EQ(run.error().message_key, "enrollment.error.run_not_found");
    auto course = guard_->require_course(actor, 999999, Action::EditCourse);
    ASSERT_FALSE(course.ok());
    EXPECT_EQ(course.error().code, ErrorCode::NotFound);
    EXPECT_EQ(course.error().message_key, "course.error.not_found");
  }
}

TEST_F(AccessGuardTest, ReachNamesTheScopesOfTheGrantsThatPermitTheAction) {
  const Actor mixed{7,
                    "Kari",
                    {{Role::CourseLeader, ScopeKind::Course, kCourse},
                     {Role::LmsAdvisor, ScopeKind::HealthTrust, kOtherHf},
                     {Role::Analyst, ScopeKind::Nation, 0},
                     {Role::Professional, ScopeKind::Region, kRegion}}};
  const auto reach = AccessGuard::reach(mixed, Action::ViewProgramme);
  EXPECT_FALSE(reach.nation);  // the analyst's nation-wide grant opens no programme
  EXPECT_EQ(reach.courses, std::vector<std::int64_t>{kCourse});
  EXPECT_EQ(reach.health_trusts, std::vector<std::int64_t>{kOtherHf});
  EXPECT_EQ(reach.regions, std::vector<std::int64_t>{kRegion});
  EXPECT_TRUE(AccessGuard::reach(mixed, Action::ViewAggregates).nation);
  EXPECT_TRUE(AccessGuard::reach(mixed, Action::SearchAudit).empty());
}

TEST_F(AccessGuardTest, HealthTrustAndAnywhereAnswers) {
  const Actor region = actor_with(Role::LmsAdvisor, ScopeKind::Region, kRegion);
  EXPECT_TRUE(guard_->require_health_trust(region, kHf, Action::ExportPersonalData).ok());
  auto other = guard_->require_health_trust(region, kOtherHf, Action::ExportPersonalData);
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.error().code, ErrorCode::Forbidden);

  const Actor auditor = actor_with(Role::Auditor, ScopeKind::HealthTrust, kOtherHf);
  EXPECT_TRUE(AccessGuard::permits_anywhere(auditor, Action::SearchAudit));
  EXPECT_FALSE(AccessGuard::permits_anywhere(region, Action::SearchAudit));
  EXPECT_FALSE(AccessGuard::grant_anywhere(auditor, Action::ViewParticipants).has_value());
  ASSERT_TRUE(AccessGuard::grant_anywhere(region, Action::ViewParticipants).has_value());
  EXPECT_EQ(AccessGuard::grant_anywhere(region, Action::ViewParticipants)->scope_id, kRegion);
}

// The staff store of the world, counting the calls that matter here: a use
// case must place its run with run_scope() (a few index lookups), never by
// reading every course of the country with courses().
class CountingStaffStore final : public store::StaffStore {
 public:
  explicit CountingStaffStore(store::StaffStore& real) : real_(real) {}

  std::atomic<int> courses_calls{0};
  std::atomic<int> scope_calls{0};
  std::atomic<int> courses_in_calls{0};

  Result<std::int64_t> create_account(const store::StaffAccount& a) override {
    return real_.create_account(a);
  }
  Result<std::optional<store::StaffAccount>> find_by_username(const std::string& u) override {
    return real_.find_by_username(u);
  }
  Result<std::optional<store::StaffAccount>> find_by_oidc_subject(const std::string& s) override {
    return real_.find_by_oidc_subject(s);
  }
  Result<std::optional<store::StaffAccount>> find_account(std::int64_t id) override {
    return real_.find_account(id);
  }
  Status set_disabled(std::int64_t id, bool disabled) override {
    return real_.set_disabled(id, disabled);
  }
  Status set_password_hash(std::int64_t id, const std::string& hash) override {
    return real_.set_password_hash(id, hash);
  }
  Status add_grant(std::int64_t id, const RoleGrant& grant) override {
    return real_.add_grant(id, grant);
  }
  Status insert_session(const store::NewSession& s) override { return real_.insert_session(s); }
  Result<std::optional<store::SessionRecord>> find_session(const std::string& hash, Instant now,
                                                           std::chrono::seconds idle) override {
    return real_.find_session(hash, now, idle);
  }
  Status touch_session(const std::string& hash, Instant now) override {
    return real_.touch_session(hash, now);
  }
  Status delete_session(const std::string& hash) override { return real_.delete_session(hash); }
  Result<FailureHistory> failures_since(const std::string& key, Instant since) override {
    return real_.failures_since(key, since);
  }
  Result<bool> known_address(std::int64_t id, const std::string& hash, Instant since) override {
    return real_.known_address(id, hash, since);
  }
  Status remember_address(std::int64_t id, const std::string& hash, Instant at) override {
    return real_.remember_address(id, hash, at);
  }
  Status record_failure(const std::string& key, Instant at, Instant prune) override {
    return real_.record_failure(key, at, prune);
  }
  Status clear_failures(const std::string& key) override { return real_.clear_failures(key); }
  Result<std::string> scope_name(ScopeKind scope, std::int64_t id) override {
    return real_.scope_name(scope, id);
  }
  Result<std::string> shared_key(const std::string& name) override {
    return real_.shared_key(name);
  }
  Result<std::optional<std::int64_t>> region_of_health_trust(std::int64_t hf) override {
    return real_.region_of_health_trust(hf);
  }
  Result<std::vector<store::StaffCourse>> courses() override {
    ++courses_calls;
    return real_.courses();
  }
  Result<std::vector<store::StaffCourse>> courses_in(
      const store::StaffCourseFilter& filter) override {
    ++courses_in_calls;
    return real_.courses_in(filter);
  }
  Result<ObjectScope> run_scope(std::int64_t run_id) override {
    ++scope_calls;
    return real_.run_scope(run_id);
  }
  Result<ObjectScope> course_scope(std::int64_t course_id) override {
    ++scope_calls;
    return real_.course_scope(course_id);
  }
  Result<ObjectScope> course_scope(store::Tx& tx, std::int64_t course_id) override {
    ++scope_calls;
    return real_.course_scope(tx, course_id);
  }

 private:
  store::StaffStore& real_;
};

class GuardedUseCasesTest : public testing::EnrollmentWorld {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(open_world("guarded-"));
    counting_ = std::make_unique<CountingStaffStore>(*staff_);
    enrollment_ = std::make_unique<EnrollmentService>(
        *enrollments_, *catalogue_, cipher_, clock(), testing::oslo_time_zone(),
        [](std::string_view key) { return std::string(key); }, EnrollmentSettings{}, audit_.get());
    attendance_ = std::make_unique<AttendanceService>(*db_, *enrollments_, *catalogue_, *counting_,
                                                      cipher_, *audit_, clock());
    waiting_ = std::make_unique<WaitingListService>(*db_, *enrollments_, *catalogue_, *counting_,
                                                    *enrollment_, *audit_);
    referral_ = std::make_unique<ReferralService>(*enrollments_, *counting_, *enrollment_, *audit_);
    personal_ = std::make_unique<PersonalDataService>(*db_, *person_store_, *counting_, cipher_,
                                                      *audit_, clock());
  }

  static AccessContext as(Role role, ScopeKind scope, std::int64_t id) {
    return AccessContext{actor_with(role, scope, id), "GET /ansatt/test", "10.0.0.1"};
  }

  std::unique_ptr<CountingStaffStore> counting_;
  std::unique_ptr<EnrollmentService> enrollment_;
  std::unique_ptr<AttendanceService> attendance_;
  std::unique_ptr<WaitingListService> waiting_;
  std::unique_ptr<ReferralService> referral_;
  std::unique_ptr<PersonalDataService> personal_;
};

TEST_F(GuardedUseCasesTest, EachUseCaseAsksTheScopeQueryOnceAndNeverReadsEveryCourse) {
  const auto leader = as(Role::CourseLeader, ScopeKind::Course, kCourse);
  const auto stranger = as(Role::CourseLeader, ScopeKind::HealthTrust, 99);

  auto view = attendance_->view(leader, kOpenRun);
  ASSERT_TRUE(view.ok()) << view.error().detail;
  EXPECT_TRUE(view->may_record && view->may_manage_waiting_list && view->may_register);
  EXPECT_FALSE(view->national_ids_shown);
  EXPECT_EQ(counting_->scope_calls.load(), 1);

  auto list = waiting_->view(leader, kOpenRun);
  ASSERT_TRUE(list.ok()) << list.error().detail;
  EXPECT_TRUE(list->may_register);
  EXPECT_EQ(counting_->scope_calls.load(), 2);

  auto form = referral_->form_info(leader, kOpenRun);
  ASSERT_TRUE(form.ok()) << form.error().detail;
  EXPECT_EQ(counting_->scope_calls.load(), 3);

  // Refusals are answered from the same query.
  EXPECT_EQ(attendance_->view(stranger, kOpenRun).error().code, ErrorCode::Forbidden);
  EXPECT_EQ(waiting_->view(stranger, kOpenRun).error().code, ErrorCode::Forbidden);
  EXPECT_EQ(referral_->form_info(stranger, kOpenRun).error().code, ErrorCode::Forbidden);
  EXPECT_EQ(counting_->scope_calls.load(), 6);

  // A person's data export places each of their courses inside its transaction.
  store::SignUpRequest r;
  r.run_id = kOpenRun;
  r.main.person.name = "Berit Berg";
  r.main.person.email = "berit@example.no";
  r.main.identity_hash = "id-berit";
  r.main.manage_token_hash = "tok-berit";
  r.main.consent_text = "samtykke";
  r.now = now_;
  ASSERT_TRUE(enrollments_->sign_up(r, nullptr).ok());
  PersonLookup lookup;
  lookup.email = "berit@example.no";
  auto exported =
      personal_->export_person(as(Role::LmsAdvisor, ScopeKind::HealthTrust, kHf), lookup);
  ASSERT_TRUE(exported.ok()) << exported.error().detail;
  EXPECT_EQ(exported->enrollments.size(), 1u);
  EXPECT_EQ(exported->withheld, 0);
  EXPECT_EQ(counting_->scope_calls.load(), 7);
  auto elsewhere =
      personal_->export_person(as(Role::LmsAdvisor, ScopeKind::HealthTrust, 99), lookup);
  ASSERT_TRUE(elsewhere.ok()) << elsewhere.error().detail;
  EXPECT_TRUE(elsewhere->enrollments.empty());
  EXPECT_EQ(elsewhere->withheld, 1);
  auto retention = personal_->anonymise_expired(now_, 12);
  ASSERT_TRUE(retention.ok()) << retention.error().detail;

  EXPECT_EQ(counting_->courses_calls.load(), 0);
}

TEST_F(GuardedUseCasesTest, StaffHomeAnswersPermissionsPerCourseAndTheAuditLink) {
  StaffAccounts accounts(*counting_, *audit_, clock());
  auto professional = accounts.home(actor_with(Role::Professional, ScopeKind::HealthTrust, kHf));
  ASSERT_TRUE(professional.ok());
  ASSERT_EQ(professional->courses.size(), 2u);  // courses 10 and 11 of Helse Bergen
  for (const auto& c : professional->courses) {
    EXPECT_TRUE(c.permissions.may_view_participants);
    EXPECT_TRUE(c.permissions.may_record_attendance);
    EXPECT_FALSE(c.permissions.may_manage_waiting_list);
  }
  EXPECT_FALSE(professional->may_search_audit);

  auto user = accounts.home(actor_with(Role::UserRepresentative, ScopeKind::Course, kCourse));
  ASSERT_TRUE(user.ok());
  ASSERT_EQ(user->courses.size(), 1u);
  EXPECT_EQ(user->courses[0].course.id, kCourse);
  EXPECT_TRUE(user->courses[0].permissions.may_view_programme);
  EXPECT_FALSE(user->courses[0].permissions.may_view_participants);  // no link to the run page

  auto auditor = accounts.home(actor_with(Role::Auditor, ScopeKind::HealthTrust, kHf));
  ASSERT_TRUE(auditor.ok());
  EXPECT_TRUE(auditor->may_search_audit);
  EXPECT_TRUE(auditor->courses.empty());  // an auditor's role opens no programme

  // Only where the grants reach: two scoped reads (the auditor's none), and
  // the whole country only for a nation-wide grant.
  EXPECT_EQ(counting_->courses_in_calls.load(), 2);
  EXPECT_EQ(counting_->courses_calls.load(), 0);
  auto nation = accounts.home(actor_with(Role::LmsAdvisor, ScopeKind::Nation, 0));
  ASSERT_TRUE(nation.ok());
  EXPECT_EQ(nation->courses.size(), 2u);
  EXPECT_EQ(counting_->courses_calls.load(), 1);
  auto elsewhere = accounts.home(actor_with(Role::LmsAdvisor, ScopeKind::HealthTrust, 99));
  ASSERT_TRUE(elsewhere.ok());
  EXPECT_TRUE(elsewhere->courses.empty());
}

}  // namespace
}  // namespace kursbase::app
