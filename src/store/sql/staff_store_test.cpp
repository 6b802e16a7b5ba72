// The staff and audit stores against every engine (contract tests).
#include "store/staff_store.hpp"

#include <gtest/gtest.h>

#include "store/audit_store.hpp"
#include "store/catalogue_store.hpp"
#include "store/engine/connection.hpp"
#include "store/engine/database.hpp"
#include "store/enrollment_store.hpp"
#include "store/testing/enrollment_catalogue.hpp"
#include "store/testing/test_database.hpp"

namespace kursbase::store {
namespace {

Instant at(const char* text) { return *parse_instant(text); }

class StaffStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = Database::open(testing::fresh_database_url("staff"), 2);
    ASSERT_TRUE(db.ok()) << db.error().detail;
    db_ = std::move(*db);
    ASSERT_TRUE(db_->migrate().ok());
    staff_ = make_staff_store(*db_);
    audit_ = make_audit_store(*db_);
  }

  std::int64_t account(const std::string& name, std::vector<RoleGrant> grants = {}) {
    StaffAccount a;
    a.username = name;
    a.display_name = "Name " + name;
    a.password_hash = "$argon2id$x";
    a.grants = std::move(grants);
    auto id = staff_->create_account(a);
    EXPECT_TRUE(id.ok());
    return id.ok() ? *id : 0;
  }

  std::int64_t append(AuditEntry e) {
    auto id = db_->transact(TxKind::Write,
                            [&](Tx& tx) -> Result<std::int64_t> { return audit_->append(tx, e); });
    EXPECT_TRUE(id.ok());
    return id.ok() ? *id : 0;
  }

  std::unique_ptr<Database> db_;
  std::unique_ptr<StaffStore> staff_;
  std::unique_ptr<AuditStore> audit_;
};

// The staff overview lists each course's runs, in the order of their first
// session, with their seats, so that staff can open a run from it.
TEST_F(StaffStoreTest, CoursesCarryTheirRunsInSessionOrder) {
  ASSERT_TRUE(make_catalogue_store(*db_)->import_catalogue(testing::enrollment_catalogue()).ok());
  auto courses = staff_->courses();
  ASSERT_TRUE(courses.ok()) << courses.error().detail;
  const StaffCourse* kols = nullptr;
  for (const auto& c : *courses)
    if (c.id == 10) kols = &c;
  ASSERT_NE(kols, nullptr);
  std::vector<std::int64_t> ids;
  for (const auto& r : kols->runs) ids.push_back(r.id);
  EXPECT_EQ(ids, (std::vector<std::int64_t>{testing::kOpenRun, testing::kCancelledRun,
                                            testing::kNoWaitingList, testing::kDeadlinePassed,
                                            testing::kDraftRun}));
  const auto& open = kols->runs.front();
  EXPECT_EQ(open.state, "open");
  EXPECT_EQ(open.capacity, 12);
  EXPECT_EQ(open.confirmed, 0);
  ASSERT_TRUE(open.first_start.has_value());
  EXPECT_EQ(format_instant(*open.first_start), "2027-03-03T08:00:00Z");
  EXPECT_EQ(kols->runs[1].state, "cancelled");
}

TEST_F(StaffStoreTest, AccountsWithGrantsAndUniqueNames) {
  const auto id = account("kari", {{Role::LmsAdvisor, ScopeKind::HealthTrust, 5},
                                   {Role::Auditor, ScopeKind::Nation, 0}});
  auto found = staff_->find_by_username("kari");
  ASSERT_TRUE(found.ok() && *found);
  EXPECT_EQ((*found)->id, id);
  EXPECT_EQ((*found)->display_name, "Name kari");
  ASSERT_EQ((*found)->grants.size(), 2u);
  EXPECT_TRUE((*found)->oidc_subject.empty());
  StaffAccount again;
  again.username = "kari";
  again.display_name = "Other";
  auto dup = staff_->create_account(again);
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().code, ErrorCode::Conflict);
  auto none = staff_->find_by_username("nobody");
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(*none);
}

TEST_F(StaffStoreTest, SessionsExpireIdleAndAbsoluteAndEndWithTheAccount) {
  const auto id = account("ola");
  const auto idle = std::chrono::seconds(1800);
  ASSERT_TRUE(
      staff_
          ->insert_session({"h1", "c1", id, at("2027-01-10T10:00:00Z"), at("2027-01-10T22:00:00Z")})
          .ok());
  auto s = staff_->find_session("h1", at("2027-01-10T10:29:00Z"), idle);
  ASSERT_TRUE(s.ok() && *s);
  EXPECT_EQ((*s)->csrf_token, "c1");
  EXPECT_EQ((*s)->account.id, id);
  // Idle for 30 minutes: gone, also afterwards.
  EXPECT_FALSE(*staff_->find_session("h1", at("2027-01-10T10:30:00Z"), idle));
  EXPECT_FALSE(*staff_->find_session("h1", at("2027-01-10T10:01:00Z"), idle));

  ASSERT_TRUE(
      staff_
          ->insert_session({"h2", "c2", id, at("2027-01-10T10:00:00Z"), at("2027-01-10T11:00:00Z")})
          .ok());
  ASSERT_TRUE(staff_->touch_session("h2", at("2027-01-10T10:50:00Z")).ok());
  EXPECT_TRUE(*staff_->find_session("h2", at("2027-01-10T10:59:00Z"), idle));
  EXPECT_FALSE(*staff_->find_session("h2", at("2027-01-10T11:00:00Z"), idle));  // absolute

  ASSERT_TRUE(
      staff_
          ->insert_session({"h3", "c3", id, at("2027-01-10T10:00:00Z"), at("2027-01-10T22:00:00Z")})
          .ok());
  ASSERT_TRUE(staff_->set_disabled(id, true).ok());
  EXPECT_FALSE(*staff_->find_session("h3", at("2027-01-10T10:01:00Z"), idle));
}

TEST_F(StaffStoreTest, PasswordResetEndsSessions) {
  const auto id = account("per");
  ASSERT_TRUE(
      staff_->insert_session({"h", "c", id, at("2027-01-10T10:00:00Z"), at("2027-01-10T22:00:00Z")})
          .ok());
  ASSERT_TRUE(staff_->set_password_hash(id, "$argon2id$new").ok());
  EXPECT_FALSE(*staff_->find_session("h", at("2027-01-10T10:01:00Z"), std::chrono::hours(1)));
  EXPECT_EQ((*staff_->find_account(id))->password_hash, "$argon2id$new");
}

TEST_F(StaffStoreTest, FailureCountersSlideAndPrune) {
  ASSERT_TRUE(
      staff_->record_failure("account:a", at("2027-01-10T10:00:00Z"), at("2027-01-10T09:45:00Z"))
          .ok());
  ASSERT_TRUE(
      staff_->record_failure("account:a", at("2027-01-10T10:10:00Z"), at("2027-01-10T09:55:00Z"))
          .ok());
  ASSERT_TRUE(
      staff_->record_failure("account:b", at("2027-01-10T10:10:00Z"), at("2027-01-10T09:55:00Z"))
          .ok());
  EXPECT_EQ(staff_->failures_since("account:a", at("2027-01-10T09:55:00Z"))->count, 2);
  EXPECT_EQ(staff_->failures_since("account:a", at("2027-01-10T09:55:00Z"))->latest,
            at("2027-01-10T10:10:00Z"));
  EXPECT_EQ(staff_->failures_since("account:a", at("2027-01-10T10:05:00Z"))->count, 1);
  ASSERT_TRUE(staff_->clear_failures("account:a").ok());
  EXPECT_EQ(staff_->failures_since("account:a", at("2027-01-10T09:00:00Z"))->count, 0);
  EXPECT_EQ(staff_->failures_since("account:b", at("2027-01-10T09:00:00Z"))->count, 1);
}

TEST_F(StaffStoreTest, KnownAddressesAreRememberedPerAccountAndAge) {
  const auto id = account("kari");
  const auto other = account("ola");
  EXPECT_FALSE(*staff_->known_address(id, "aa", at("2027-01-01T00:00:00Z")));
  ASSERT_TRUE(staff_->remember_address(id, "aa", at("2027-01-10T10:00:00Z")).ok());
  EXPECT_TRUE(*staff_->known_address(id, "aa", at("2027-01-01T00:00:00Z")));
  EXPECT_FALSE(*staff_->known_address(id, "bb", at("2027-01-01T00:00:00Z")));
  EXPECT_FALSE(*staff_->known_address(other, "aa", at("2027-01-01T00:00:00Z")));
  // Too long ago counts as unknown; signing in again refreshes it.
  EXPECT_FALSE(*staff_->known_address(id, "aa", at("2027-02-01T00:00:00Z")));
  ASSERT_TRUE(staff_->remember_address(id, "aa", at("2027-02-02T10:00:00Z")).ok());
  EXPECT_TRUE(*staff_->known_address(id, "aa", at("2027-02-01T00:00:00Z")));
}

TEST_F(StaffStoreTest, SharedKeyIsStable) {
  auto a = staff_->shared_key("csrf");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->size(), 32u);
  auto second = make_staff_store(*db_);  // another server
  EXPECT_EQ(*second->shared_key("csrf"), *a);
  EXPECT_NE(*staff_->shared_key("other"), *a);
}

TEST_F(StaffStoreTest, AuditSearchFiltersAndIsAppendOnly) {
  AuditEntry e;
  e.at = at("2027-01-10T10:00:00Z");
  e.account_id = 1;
  e.account_name = "Kari";
  e.role = "course_leader";
  e.action = "view_participants";
  e.object_type = "run";
  e.object_id = "7";
  e.person_id = 42;
  e.health_trust_id = 5;
  e.client_address = "10.0.0.1";
  const auto first = append(e);
  e.at = at("2027-01-11T10:00:00Z");
  e.account_id = 2;
  e.health_trust_id = 6;
  append(e);
  e.person_id = 43;
  append(e);

  AuditQuery q;
  q.person_id = 42;
  auto r = audit_->search(q);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ((*r)[0].account_id, 2);  // newest first
  EXPECT_EQ((*r)[1].id, first);
  EXPECT_EQ((*r)[1].client_address, "10.0.0.1");
  EXPECT_EQ((*r)[1].scope_id, std::nullopt);
  q.health_trusts = std::vector<std::int64_t>{5};
  EXPECT_EQ(audit_->search(q)->size(), 1u);
  q.health_trusts = std::vector<std::int64_t>{};
  EXPECT_EQ(audit_->search(q)->size(), 0u);
  AuditQuery by_time;
  by_time.from = at("2027-01-11T00:00:00Z");
  by_time.to = at("2027-01-12T00:00:00Z");
  EXPECT_EQ(audit_->search(by_time)->size(), 2u);
  AuditQuery by_account;
  by_account.account_id = 1;
  EXPECT_EQ(audit_->search(by_account)->size(), 1u);
  EXPECT_EQ(audit_->about_person(43, 10)->size(), 1u);

  // The trigger rejects changes, even through the app's own connection.
  auto update = db_->transact(TxKind::Write, [](Tx& tx) -> Status {
    soci::session& sql = session_of(tx);
    sql << "UPDATE audit_log SET account_name = 'x'";
    return ok_status();
  });
  EXPECT_FALSE(update.ok());
  auto erase = db_->transact(TxKind::Write, [](Tx& tx) -> Status {
    soci::session& sql = session_of(tx);
    sql << "DELETE FROM audit_log";
    return ok_status();
  });
  EXPECT_FALSE(erase.ok());
  EXPECT_EQ(audit_->search({})->size(), 3u);
}

// Migration 0015: a row keeps the kind of event it records; rows without
// one (written before) read back as nullopt, not as some kind.
TEST_F(StaffStoreTest, AuditRowsKeepTheirEventKindAndOldRowsHaveNone) {
  AuditEntry e;
  e.at = at("2027-01-10T10:00:00Z");
  e.action = "manage_waiting_list";
  e.event = AuditEventKind::View;
  append(e);
  e.at = at("2027-01-10T10:01:00Z");
  e.event = std::nullopt;
  append(e);
  const auto rows = audit_->search({});
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0].event, std::nullopt);
  EXPECT_EQ((*rows)[1].event, AuditEventKind::View);
}

// The auditor's search (issue 12) by what an auditor knows: the person's
// name or the lookup hash of their ID number, the staff member's name, the
// course title (through the row's run, run file or enrollment), and pages.
TEST_F(StaffStoreTest, AuditSearchByPersonStaffAndCourseNamesAndByPages) {
  ASSERT_TRUE(make_catalogue_store(*db_)->import_catalogue(testing::enrollment_catalogue()).ok());
  auto enrollments = make_enrollment_store(*db_);
  auto sign_up = [&](const std::string& name, const std::string& lookup) {
    SignUpRequest r;
    r.run_id = testing::kOpenRun;
    r.main.person.name = name;
    r.main.person.email = "x@example.no";
    r.main.person.national_id_lookup = lookup;
    r.main.identity_hash = "id-" + name;
    r.main.manage_token_hash = "tok-" + name;
    r.now = at(testing::kToday);
    auto out = enrollments->sign_up(r, nullptr);
    EXPECT_TRUE(out.ok());
    return out.ok() ? out->main : EnrollmentRecord{};
  };
  const auto ase = sign_up("Åse Ødegård", "lookup-ase");
  const auto bjorn = sign_up("Bjørn Berg", "lookup-bjorn");
  AuditEntry e;
  e.action = "view_participants";
  e.account_name = "Kari Kursleder";
  e.at = at("2027-01-11T10:00:00Z");
  e.object_type = "enrollment";
  e.object_id = std::to_string(ase.id);
  e.person_id = ase.person.id;
  append(e);
  e.account_name = "Lars LMS";
  e.object_id = std::to_string(bjorn.id);
  e.person_id = bjorn.person.id;
  append(e);
  e.object_type = "run_export";
  e.object_id = std::to_string(testing::kOpenRun);
  e.person_id = std::nullopt;
  append(e);
  e.object_type = "audit_log";
  e.object_id = "";
  append(e);

  auto count = [&](AuditQuery q) {
    auto r = audit_->search(q);
    EXPECT_TRUE(r.ok());
    return r.ok() ? r->size() : 0u;
  };
  AuditQuery q;
  q.person_name = "berg";
  EXPECT_EQ(count(q), 1u);
  q.person_name = "E";  // both names, case folded
  EXPECT_EQ(count(q), 2u);
  q.person_name = "%";  // a wildcard is a character
  EXPECT_EQ(count(q), 0u);
  AuditQuery by_id;
  by_id.person_lookup = "lookup-ase";
  ASSERT_EQ(count(by_id), 1u);
  EXPECT_EQ(audit_->search(by_id)->front().person_id, ase.person.id);
  AuditQuery by_staff;
  by_staff.staff_name = "lars";
  EXPECT_EQ(count(by_staff), 3u);
  AuditQuery by_course;
  by_course.course_title = "leve med KOLS";
  EXPECT_EQ(count(by_course), 3u);  // two enrollments and the run's file, not the search
  by_course.course_title = "henvisning";
  EXPECT_EQ(count(by_course), 0u);

  // Each row says whose data and which course, by name.
  AuditQuery everything;
  const auto rows = audit_->search(everything);
  ASSERT_EQ(rows->size(), 4u);
  EXPECT_EQ((*rows)[0].course_title, "");  // the audit search names no course
  EXPECT_EQ((*rows)[1].course_title, "Lær å leve med KOLS");
  EXPECT_EQ((*rows)[1].person_name, "");
  EXPECT_EQ((*rows)[2].person_name, "Bjørn Berg");
  EXPECT_EQ((*rows)[2].course_title, "Lær å leve med KOLS");
  EXPECT_EQ((*rows)[3].person_name, "Åse Ødegård");
  // about_person() reads no names: it is the person's own list.
  EXPECT_EQ(audit_->about_person(ase.person.id, 10)->front().person_name, "");

  AuditQuery page;
  page.limit = 3;
  const auto first = audit_->search(page);
  ASSERT_EQ(first->size(), 3u);
  page.offset = 3;
  const auto second = audit_->search(page);
  ASSERT_EQ(second->size(), 1u);
  EXPECT_EQ(second->front().account_name, "Kari Kursleder");  // the oldest last
  EXPECT_LT(second->front().id, first->back().id);
}

TEST_F(StaffStoreTest, AuditRowRollsBackWithTheCallersTransaction) {
  AuditEntry e;
  e.at = at("2027-01-10T10:00:00Z");
  e.action = "view_participants";
  auto failed = db_->transact(TxKind::Write, [&](Tx& tx) -> Status {
    audit_->append(tx, e);
    return conflict("x");
  });
  EXPECT_FALSE(failed.ok());
  EXPECT_EQ(audit_->search({})->size(), 0u);
}

TEST_F(StaffStoreTest, AuditSearchByRegionKeepsTheHealthTrustsUnderIt) {
  ASSERT_TRUE(make_catalogue_store(*db_)->import_catalogue(testing::scope_catalogue()).ok());
  AuditEntry e;
  e.action = "view_participants";
  e.at = at("2027-01-11T10:00:00Z");
  e.health_trust_id = 2;  // Helse Bergen, under RHF 1
  append(e);
  e.health_trust_id = testing::kOtherHf;  // under kOtherRegion
  append(e);
  e.health_trust_id = std::nullopt;  // a sign-in
  append(e);
  AuditQuery region;
  region.regions = std::vector<std::int64_t>{1};
  auto rows = audit_->search(region);
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ(rows->front().health_trust_id, 2);
  region.health_trusts = std::vector<std::int64_t>{testing::kOtherHf};
  EXPECT_EQ(audit_->search(region)->size(), 2u);  // either
  AuditQuery none;
  none.regions = std::vector<std::int64_t>{};
  EXPECT_EQ(audit_->search(none)->size(), 0u);  // scoped to nothing
  EXPECT_EQ(audit_->search({})->size(), 3u);    // unscoped: the nation
}

}  // namespace
}  // namespace kursbase::store
