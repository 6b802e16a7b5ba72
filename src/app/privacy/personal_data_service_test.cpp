// Access and erasure requests and the retention job on the real engine
// (SQLite, and "postgres.*" in ctest), with a person enrolled in runs of two
// HFs in different regions.
#include "app/privacy/personal_data_service.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <mutex>
#include <thread>

#include "adapters/crypto/sodium_personal_data_cipher.hpp"
#include "app/privacy/retention_scheduler.hpp"
#include "store/audit_store.hpp"
#include "store/catalogue_store.hpp"
#include "store/engine/database.hpp"
#include "store/enrollment_store.hpp"
#include "store/testing/enrollment_catalogue.hpp"
#include "store/testing/raw_sql.hpp"
#include "store/testing/test_database.hpp"

namespace kursbase::app {
namespace {

using store::testing::kOpenRun;

Instant now() { return *parse_instant(store::testing::kToday); }

constexpr std::int64_t kBergen = 2;  // HF of course 10 (region 1)
constexpr std::int64_t kOslo = 5;    // HF of course 12 (region 4)
constexpr RunId kOsloRun = 400;      // course 12; sessions moved to 2020 by SetUp
constexpr const char* kKariId = "13097248022";
constexpr const char* kOlaId = "29029600013";

store::CatalogueImport two_health_trusts() {
  auto d = store::testing::enrollment_catalogue();
  d.organisations.push_back({4,
                             OrganisationKind::RegionalHealthAuthority,
                             "Helse Sør-Øst RHF",
                             "991324968",
                             {},
                             "",
                             "",
                             "",
                             ""});
  d.organisations.push_back({5, OrganisationKind::HealthTrust, "Oslo universitetssykehus HF",
                             "993467049", 4, "", "", "", ""});
  d.organisations.push_back(
      {6, OrganisationKind::LearningCentre, "LMS OUS", "", 5, "", "", "", ""});
  Course oslo = d.courses.front();
  oslo.id = 12;
  oslo.owner_id = 6;
  d.courses.push_back(oslo);
  Run run = d.runs.front();
  run.id = kOsloRun;
  run.course_id = 12;
  for (auto& s : run.sessions) s.id += 900;
  d.runs.push_back(run);
  return d;
}

class PersonalDataServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = store::Database::open(
        store::testing::fresh_database_url(
            std::string("pds-") + ::testing::UnitTest::GetInstance()->current_test_info()->name()),
        2);
    ASSERT_TRUE(opened.ok()) << opened.error().detail;
    db_ = std::move(*opened);
    ASSERT_TRUE(db_->migrate().ok());
    ASSERT_TRUE(store::make_catalogue_store(*db_)->import_catalogue(two_health_trusts()).ok());
    enrollments_ = store::make_enrollment_store(*db_);
    staff_ = store::make_staff_store(*db_);
    audit_store_ = store::make_audit_store(*db_);
    audit_ = std::make_unique<AuditLog>(*db_, *audit_store_, now, region_lookup(*staff_));
    person_store_ = store::make_person_data_store(*db_);
    service_ =
        std::make_unique<PersonalDataService>(*db_, *person_store_, *staff_, cipher_, *audit_, now);
    kari_bergen_ = sign_up(kOpenRun, "Kari Nordmann", "kari@example.no", kKariId);
    kari_oslo_ = sign_up(kOsloRun, "Kari Nordmann", "kari@example.no", kKariId);
    ola_ = sign_up(kOpenRun, "Ola Hansen", "ola@example.no", kOlaId);
    // The Oslo run took place in 2020.
    ASSERT_TRUE(
        exec("UPDATE run_session SET starts_at = '2020-03-03T08:00:00Z', ends_at = "
             "'2020-03-03T11:00:00Z' WHERE run_id = 400"));
  }

  EnrollmentId sign_up(RunId run, const std::string& name, const std::string& email,
                       const std::string& national_id) {
    store::SignUpRequest r;
    r.run_id = run;
    r.main.person.name = name;
    r.main.person.email = email;
    r.main.person.national_id_sealed = cipher_.seal(national_id);
    r.main.person.national_id_lookup = cipher_.lookup_hash("national_id:" + national_id);
    r.main.identity_hash = "identity-" + name;
    r.main.manage_token_hash = "token-" + name + std::to_string(run);
    r.main.needs = "trenger rullestoltilgang";
    r.main.consent_text = "samtykke v1";
    r.now = now();
    auto out = enrollments_->sign_up(r, [&](const store::SignUpOutcome& o) {
      store::OutboxMessage m;
      m.recipient = email;
      m.subject = "Bekreftelse";
      m.body = "Hei " + name;
      m.kind = "confirmation";
      m.enrollment_id = o.main.id;
      return std::vector<store::OutboxMessage>{m};
    });
    EXPECT_TRUE(out.ok());
    return out.ok() ? out->main.id : 0;
  }

  bool exec(const std::string& statement) { return store::testing::exec_sql(*db_, statement).ok(); }

  long long count(const std::string& query) {
    auto r = store::testing::query_int(*db_, query);
    EXPECT_TRUE(r.ok());
    return r.ok() ? *r : -1;
  }

  static AccessContext as(Role role, ScopeKind scope, std::int64_t id) {
    AccessContext who;
    who.actor = {77, "Saksbehandler", {{role, scope, id}}};
    who.route = "POST /api/v1/staff/person-data/export";
    who.client_address = "10.0.0.1";
    return who;
  }

  std::size_t audit_rows(std::int64_t account) {
    store::AuditQuery q;
    q.account_id = account;
    q.limit = 1000;
    return audit_store_->search(q)->size();
  }

  adapters::SodiumPersonalDataCipher cipher_{adapters::SodiumPersonalDataCipher::Key{}};
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<store::EnrollmentStore> enrollments_;
  std::unique_ptr<store::StaffStore> staff_;
  std::unique_ptr<store::AuditStore> audit_store_;
  std::unique_ptr<AuditLog> audit_;
  std::unique_ptr<store::PersonDataStore> person_store_;
  std::unique_ptr<PersonalDataService> service_;
  EnrollmentId kari_bergen_ = 0, kari_oslo_ = 0, ola_ = 0;
};

TEST_F(PersonalDataServiceTest, ExportHoldsWhatWasStoredOnlyInScopeAndIsAudited) {
  const auto advisor = as(Role::LmsAdvisor, ScopeKind::HealthTrust, kBergen);
  PersonLookup lookup;
  lookup.national_id = kKariId;
  auto out = service_->export_person(advisor, lookup);
  ASSERT_TRUE(out.ok()) << out.error().detail;
  ASSERT_EQ(out->enrollments.size(), 1u);
  EXPECT_EQ(out->withheld, 1);  // the Oslo run is another HF's
  const auto& e = out->enrollments[0];
  EXPECT_EQ(e.data.record.id, kari_bergen_);
  EXPECT_EQ(e.data.record.person.name, "Kari Nordmann");
  EXPECT_EQ(e.national_id, kKariId);
  EXPECT_EQ(e.data.record.needs, "trenger rullestoltilgang");
  EXPECT_EQ(e.health_trust_id, kBergen);
  ASSERT_EQ(e.data.pending_messages.size(), 1u);
  for (const auto& x : out->enrollments) EXPECT_NE(x.data.record.person.name, "Ola Hansen");
  // One row for the search, one for the enrollment with the person.
  store::AuditQuery q;
  q.account_id = 77;
  auto rows = audit_store_->search(q);
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0].action, "export_personal_data");
  EXPECT_EQ((*rows)[0].person_id, e.data.record.person.id);
  EXPECT_EQ((*rows)[1].object_type, "person_search");

  // Nation-wide: both runs; the second export lists the first one among "who looked".
  auto all = service_->export_person(as(Role::SystemAdministrator, ScopeKind::Nation, 0), lookup);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->enrollments.size(), 2u);
  EXPECT_EQ(all->withheld, 0);
  EXPECT_FALSE(all->accesses.empty());
}

TEST_F(PersonalDataServiceTest, EraseKeepsCountsRemovesPersonalDataAndLeavesTheAuditAlone) {
  const auto advisor = as(Role::LmsAdvisor, ScopeKind::HealthTrust, kBergen);
  const std::string counts =
      "SELECT confirmed_count * 1000 + waitlisted_count FROM run WHERE id = 200";
  const auto before = count(counts);
  // Someone looked at Kari earlier: that audit row must survive as it is.
  PersonLookup kari;
  kari.email = "KARI@example.no";
  ASSERT_TRUE(service_->export_person(advisor, kari).ok());
  const auto audit_before = count("SELECT count(*) FROM audit_log");

  auto done = service_->erase(advisor, {kari, "  sak 2027/123 "});
  ASSERT_TRUE(done.ok()) << done.error().detail;
  EXPECT_EQ(done->enrollments, 1);
  EXPECT_EQ(done->withheld, 1);
  EXPECT_EQ(done->messages_deleted, 1);
  ASSERT_TRUE(done->erasure_id);
  EXPECT_EQ(count(counts), before);
  EXPECT_EQ(count("SELECT count(*) FROM erasure_request WHERE reason = 'sak 2027/123' AND "
                  "account_id = 77 AND kind = 'request'"),
            1);
  // Raw tables: Kari's Bergen enrollment has nothing personal left; Oslo's is untouched.
  EXPECT_EQ(count("SELECT count(*) FROM person p JOIN enrollment e ON e.person_id = p.id WHERE "
                  "e.id = " +
                  std::to_string(kari_bergen_) +
                  " AND p.name = '' AND p.email = '' AND p.national_id_sealed IS NULL AND "
                  "e.needs = '' AND e.status = 'confirmed' AND e.erased_by = 77"),
            1);
  EXPECT_EQ(count("SELECT count(*) FROM person WHERE name = 'Kari Nordmann'"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM person WHERE name = 'Ola Hansen'"), 1);
  // Audit: earlier rows unchanged, new rows added (search, request, enrollment).
  EXPECT_EQ(count("SELECT count(*) FROM audit_log"), audit_before + 3);
  EXPECT_EQ(count("SELECT count(*) FROM audit_log WHERE action = 'export_personal_data' AND "
                  "object_type = 'enrollment' AND account_name = 'Saksbehandler'"),
            1);

  // Twice: nothing more to erase, counts unchanged.
  auto again = service_->erase(advisor, {kari, "sak 2027/123"});
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->enrollments, 0);
  EXPECT_EQ(again->already_erased, 0);  // no longer found by the erased e-mail
  EXPECT_FALSE(again->erasure_id);
  EXPECT_EQ(count(counts), before);
  PersonLookup by_enrollment;
  by_enrollment.enrollment_id = kari_bergen_;
  auto third = service_->erase(advisor, {by_enrollment, "sak 2027/123"});
  ASSERT_TRUE(third.ok());
  EXPECT_EQ(third->already_erased, 1);
  EXPECT_EQ(third->enrollments, 0);
}

TEST_F(PersonalDataServiceTest, RefusalsAndBadInput) {
  PersonLookup kari;
  kari.national_id = kKariId;
  for (const auto& who :
       {as(Role::CourseLeader, ScopeKind::Course, 10),
        as(Role::MedicalResponsible, ScopeKind::Nation, 0), as(Role::Auditor, ScopeKind::Nation, 0),
        as(Role::Analyst, ScopeKind::Nation, 0)}) {
    auto e = service_->export_person(who, kari);
    ASSERT_FALSE(e.ok());
    EXPECT_EQ(e.error().code, ErrorCode::Forbidden);
    auto x = service_->erase(who, {kari, "sak"});
    ASSERT_FALSE(x.ok());
    EXPECT_EQ(x.error().code, ErrorCode::Forbidden);
  }
  const auto advisor = as(Role::LmsAdvisor, ScopeKind::HealthTrust, kBergen);
  PersonLookup other_hf = kari;
  other_hf.health_trust_id = kOslo;
  auto e = service_->export_person(advisor, other_hf);
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.error().code, ErrorCode::Forbidden);
  EXPECT_EQ(audit_rows(77), 0u);

  auto no_reason = service_->erase(advisor, {kari, "   "});
  ASSERT_FALSE(no_reason.ok());
  EXPECT_EQ(no_reason.error().code, ErrorCode::InvalidInput);
  ASSERT_EQ(no_reason.error().fields.size(), 1u);
  EXPECT_EQ(no_reason.error().fields[0].field, "reason");
  auto too_long = service_->erase(advisor, {kari, std::string(201, 'x')});
  ASSERT_FALSE(too_long.ok());
  EXPECT_EQ(too_long.error().code, ErrorCode::InvalidInput);
  auto nobody = service_->export_person(advisor, PersonLookup{});
  ASSERT_FALSE(nobody.ok());
  EXPECT_EQ(nobody.error().code, ErrorCode::InvalidInput);
  PersonLookup bad;
  bad.national_id = "12345678901";
  bad.email = "no-at-sign";
  auto malformed = service_->export_person(advisor, bad);
  ASSERT_FALSE(malformed.ok());
  EXPECT_EQ(malformed.error().fields.size(), 2u);
  EXPECT_EQ(count("SELECT count(*) FROM person WHERE name = 'Kari Nordmann'"), 2);
}

TEST_F(PersonalDataServiceTest, RetentionAnonymisesOnlyOldRunsAndDryRunChangesNothing) {
  const auto audit_before = count("SELECT count(*) FROM audit_log");
  auto dry = service_->anonymise_expired(now(), 60, true);
  ASSERT_TRUE(dry.ok());
  EXPECT_EQ(dry->enrollments, 1);
  EXPECT_EQ(dry->cutoff, *parse_instant("2022-01-10T10:00:00Z"));
  EXPECT_EQ(count("SELECT count(*) FROM enrollment WHERE erased_at IS NOT NULL"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM audit_log"), audit_before);

  auto off = service_->anonymise_expired(now(), 0);
  ASSERT_TRUE(off.ok());
  EXPECT_FALSE(off->enabled);
  EXPECT_EQ(count("SELECT count(*) FROM enrollment WHERE erased_at IS NOT NULL"), 0);

  auto run = service_->anonymise_expired(now(), 60);
  ASSERT_TRUE(run.ok());
  EXPECT_EQ(run->enrollments, 1);
  EXPECT_EQ(count("SELECT count(*) FROM enrollment WHERE erased_at IS NOT NULL AND id = " +
                  std::to_string(kari_oslo_) + " AND erased_by IS NULL"),
            1);
  EXPECT_EQ(count("SELECT count(*) FROM person WHERE name = 'Kari Nordmann'"), 1);  // Bergen
  EXPECT_EQ(count("SELECT count(*) FROM audit_log WHERE account_id = 0 AND action = "
                  "'erase_personal_data'"),
            2);  // the request and the enrollment
  auto again = service_->anonymise_expired(now(), 60);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->enrollments, 0);
  EXPECT_EQ(count("SELECT count(*) FROM erasure_request"), 1);
  // A shorter period reaches no further: the Bergen run has not ended yet.
  auto short_period = service_->anonymise_expired(now(), 1);
  ASSERT_TRUE(short_period.ok());
  EXPECT_EQ(short_period->enrollments, 0);
}

// A batch whose commit fails with a conflict runs again (store/engine/database.hpp):
// the counts are those of the batch that committed, not of both tries.
TEST_F(PersonalDataServiceTest, RetentionCountsABatchOnceWhenItsCommitIsRetried) {
  int commits = 0;
  db_->set_fault_hook([&](store::FaultPoint point, store::TxKind kind) {
    if (point != store::FaultPoint::Commit || kind != store::TxKind::Write) return;
    if (++commits == 1) db_->throw_fault(store::Fault::SerializationFailure);
  });
  auto run = service_->anonymise_expired(now(), 60);
  db_->set_fault_hook({});
  ASSERT_TRUE(run.ok()) << run.error().detail;
  EXPECT_EQ(commits, 2) << "the first batch's commit failed and was retried";
  EXPECT_EQ(run->enrollments, 1) << "counted once, not for the rolled-back try";
  EXPECT_EQ(count("SELECT count(*) FROM enrollment WHERE erased_at IS NOT NULL"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM erasure_request"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM audit_log WHERE account_id = 0 AND action = "
                  "'erase_personal_data'"),
            2);
}

TEST_F(PersonalDataServiceTest, TheSchedulerRunsTheJobInTheBackgroundAndStops) {
  int rounds = 0;
  std::mutex m;
  RetentionSettings settings;
  settings.retention_months = 60;
  settings.first_delay = std::chrono::seconds(0);
  settings.interval = std::chrono::hours(24);
  RetentionScheduler scheduler(*service_, now, settings,
                               [&](const Result<RetentionOutcome>& outcome) {
                                 EXPECT_TRUE(outcome.ok());
                                 std::lock_guard lock(m);
                                 ++rounds;
                               });
  scheduler.start();
  // Poll with a deadline: the first round runs right after start.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (count("SELECT count(*) FROM enrollment WHERE erased_at IS NOT NULL") < 1 &&
         std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  scheduler.stop();  // wakes the thread from its day-long wait
  EXPECT_EQ(count("SELECT count(*) FROM enrollment WHERE erased_at IS NOT NULL AND id = " +
                  std::to_string(kari_oslo_)),
            1);
  std::lock_guard lock(m);
  EXPECT_EQ(rounds, 1);

  RetentionSettings off = settings;
  off.retention_months = 0;
  RetentionScheduler disabled(*service_, now, off, [&](const auto&) { ++rounds; });
  disabled.start();
  disabled.stop();
  EXPECT_EQ(rounds, 1);
}

TEST(MonthsBefore, ClampsToTheEndOfTheMonth) {
  EXPECT_EQ(months_before(*parse_instant("2027-03-31T12:00:00Z"), 1),
            *parse_instant("2027-02-28T12:00:00Z"));
  EXPECT_EQ(months_before(*parse_instant("2027-01-10T10:00:00Z"), 60),
            *parse_instant("2022-01-10T10:00:00Z"));
}

}  // namespace
}  // namespace kursbase::app
