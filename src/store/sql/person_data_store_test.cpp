// The person data store's contract on SQLite and (as "postgres.*") PostgreSQL:
// finding one person's rows, anonymising them with counts kept, and the
// retention query. Results are checked against the raw tables.
#include "store/person_data_store.hpp"

#include <gtest/gtest.h>

#include "store/catalogue_store.hpp"
#include "store/engine/connection.hpp"
#include "store/engine/database.hpp"
#include "store/enrollment_store.hpp"
#include "store/testing/enrollment_catalogue.hpp"
#include "store/testing/test_database.hpp"

namespace kursbase::store {
namespace {

using testing::kOpenRun;

Instant now() { return *parse_instant(testing::kToday); }

NewEnrollment person(const std::string& name, const std::string& email, const std::string& lookup) {
  NewEnrollment n;
  n.person.name = name;
  n.person.email = email;
  n.person.mobile = "+4791234567";
  n.person.national_id_sealed = lookup.empty() ? "" : "sealed-" + lookup;
  n.person.national_id_lookup = lookup;
  n.identity_hash = "identity-" + name;
  n.manage_token_hash = "token-" + name;
  n.manage_token_sealed = "sealed-token-" + name;
  n.needs = "rullestol";
  n.interpreter_language = "ar";
  n.referring_doctor = "Dr. Lege";
  n.consent_text = "samtykke v1";
  return n;
}

class PersonDataStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened =
        Database::open(testing::fresh_database_url(
                           std::string("person-") +
                           ::testing::UnitTest::GetInstance()->current_test_info()->name()),
                       2);
    ASSERT_TRUE(opened.ok()) << opened.error().detail;
    db_ = std::move(*opened);
    ASSERT_TRUE(db_->migrate().ok());
    ASSERT_TRUE(make_catalogue_store(*db_)->import_catalogue(testing::enrollment_catalogue()).ok());
    enrollments_ = make_enrollment_store(*db_);
    store_ = make_person_data_store(*db_);
  }

  // Signs up on `run` with a relative; a message is queued for the main one.
  EnrollmentId sign_up(RunId run, const std::string& name, const std::string& email,
                       const std::string& lookup, bool with_relative = false) {
    SignUpRequest r;
    r.run_id = run;
    r.main = person(name, email, lookup);
    if (with_relative) {
      r.relative = person(name + " pårørende", "", "");
      r.relative->kind = ParticipantKind::Relative;
      r.relative->accompanies_name = name;
    }
    r.now = now();
    auto out = enrollments_->sign_up(r, [&](const SignUpOutcome& o) {
      OutboxMessage m;
      m.recipient = email;
      m.subject = "Bekreftelse";
      m.body = "Hei " + name;
      m.kind = "confirmation";
      m.enrollment_id = o.main.id;
      return std::vector<OutboxMessage>{m};
    });
    EXPECT_TRUE(out.ok()) << out.error().detail;
    return out.ok() ? out->main.id : 0;
  }

  template <class T>
  T scalar(const std::string& query) {
    auto r = db_->transact(TxKind::Read, [&](Tx& tx) -> Result<T> {
      soci::session& sql = session_of(tx);
      T v{};
      sql << query, soci::into(v);
      return v;
    });
    EXPECT_TRUE(r.ok());
    return r.ok() ? *r : T{};
  }
  long long count(const std::string& query) { return scalar<long long>(query); }

  template <class F>
  auto in_tx(F&& f) {
    using R = decltype(f(std::declval<Tx&>()));
    auto r = db_->transact(TxKind::Write, [&](Tx& tx) -> Result<R> { return f(tx); });
    EXPECT_TRUE(r.ok()) << r.error().detail;
    return std::move(*r);
  }

  std::unique_ptr<Database> db_;
  std::unique_ptr<EnrollmentStore> enrollments_;
  std::unique_ptr<PersonDataStore> store_;
};

TEST_F(PersonDataStoreTest, FindsOnePersonByIdEmailOrEnrollmentAndNobodyElse) {
  const auto a1 = sign_up(kOpenRun, "Kari", "kari@example.no", "hash-kari");
  const auto a2 = sign_up(testing::kReferralRun, "Kari N", "KARI@example.no", "");
  const auto b = sign_up(kOpenRun, "Ola", "ola@example.no", "hash-ola");
  ASSERT_TRUE(a1 && a2 && b);
  const auto session = enrollments_->run_seats(kOpenRun)->run.sessions.front().id;
  in_tx([&](Tx& tx) {
    return enrollments_
        ->record_attendance(tx, kOpenRun, {a1, session, AttendanceMark::Present, "kom sent", {}}, 7,
                            now())
        .ok();
  });

  auto by_id = in_tx([&](Tx& tx) { return store_->find(tx, {"hash-kari", "", std::nullopt}); });
  ASSERT_EQ(by_id.size(), 1u);
  EXPECT_EQ(by_id[0].record.id, a1);
  EXPECT_EQ(by_id[0].record.person.name, "Kari");
  EXPECT_EQ(by_id[0].record.needs, "rullestol");
  EXPECT_EQ(by_id[0].course_id, 10);
  EXPECT_EQ(by_id[0].consent_text, "samtykke v1");
  ASSERT_EQ(by_id[0].attendance.size(), 1u);
  EXPECT_EQ(by_id[0].attendance[0].note, "kom sent");
  ASSERT_EQ(by_id[0].pending_messages.size(), 1u);
  EXPECT_EQ(by_id[0].pending_messages[0].recipient, "kari@example.no");
  EXPECT_EQ(by_id[0].sessions.size(), 3u);

  auto by_email = in_tx([&](Tx& tx) {
    return store_->find(tx, {"", "Kari@Example.no", std::nullopt});
  });
  ASSERT_EQ(by_email.size(), 2u);
  for (const auto& e : by_email) EXPECT_NE(e.record.id, b);

  auto by_enrollment = in_tx([&](Tx& tx) { return store_->find(tx, {"", "", b}); });
  ASSERT_EQ(by_enrollment.size(), 1u);
  EXPECT_EQ(by_enrollment[0].record.person.name, "Ola");

  auto nothing = in_tx([&](Tx& tx) { return store_->find(tx, {}); });
  EXPECT_TRUE(nothing.empty());
  auto unknown = in_tx([&](Tx& tx) {
    return store_->find(tx, {"no-such-hash", "nobody@example.no", std::nullopt});
  });
  EXPECT_TRUE(unknown.empty());
}

TEST_F(PersonDataStoreTest, AnonymiseKeepsCountsRemovesPersonalDataAndIsIdempotent) {
  const auto kari = sign_up(kOpenRun, "Kari", "kari@example.no", "hash-kari", true);
  const auto ola = sign_up(kOpenRun, "Ola", "ola@example.no", "hash-ola");
  const auto session = enrollments_->run_seats(kOpenRun)->run.sessions.front().id;
  in_tx([&](Tx& tx) {
    return enrollments_
        ->record_attendance(tx, kOpenRun, {kari, session, AttendanceMark::Present, "kom sent", {}},
                            7, now())
        .ok();
  });
  const std::string counts_query =
      "SELECT confirmed_count * 1000 + waitlisted_count FROM run WHERE id = 200";
  const long long counts_before = count(counts_query);
  const long long rows_before =
      count("SELECT count(*) FROM enrollment WHERE run_id = 200 AND status = 'confirmed'");
  const long long marks_before = count("SELECT count(*) FROM attendance WHERE mark = 'present'");

  const auto request = in_tx([&](Tx& tx) {
    return store_->add_erasure_request(tx, {now(), 7, "Saksbehandler", "request", "sak 2027/1"});
  });
  const auto done = in_tx([&](Tx& tx) {
    return store_->anonymise(tx, {kari}, {now(), 7, request});
  });
  EXPECT_EQ(done.enrollments, 1);
  EXPECT_EQ(done.persons, 1);
  EXPECT_EQ(done.messages_deleted, 1);

  EXPECT_EQ(count(counts_query), counts_before);
  EXPECT_EQ(count("SELECT count(*) FROM enrollment WHERE run_id = 200 AND status = 'confirmed'"),
            rows_before);
  EXPECT_EQ(count("SELECT count(*) FROM attendance WHERE mark = 'present'"), marks_before);
  // Raw tables: nothing of Kari left.
  const std::string k = std::to_string(kari);
  EXPECT_EQ(count("SELECT count(*) FROM person p JOIN enrollment e ON e.person_id = p.id WHERE "
                  "e.id = " +
                  k +
                  " AND p.name = '' AND p.email = '' AND p.mobile = '' AND "
                  "p.national_id_sealed IS NULL AND p.national_id_lookup IS NULL AND "
                  "p.erased_at IS NOT NULL"),
            1);
  EXPECT_EQ(count("SELECT count(*) FROM enrollment WHERE id = " + k +
                  " AND needs = '' AND interpreter_language = '' AND referring_doctor = '' AND "
                  "manage_token_hash = 'erased:" +
                  k +
                  "' AND erased_at IS NOT NULL AND "
                  "erased_by = 7 AND status = 'confirmed'"),
            1);
  EXPECT_EQ(count("SELECT count(*) FROM person WHERE name LIKE '%Kari%' OR email LIKE "
                  "'%kari%' OR national_id_lookup = 'hash-kari'"),
            1);  // the relative's own row ("Kari pårørende") is a person of its own
  EXPECT_EQ(count("SELECT count(*) FROM enrollment WHERE accompanies_name LIKE '%Kari%'"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM attendance WHERE note <> ''"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM outbox WHERE enrollment_id = " + k), 0);
  EXPECT_EQ(count("SELECT count(*) FROM outbox WHERE enrollment_id = " + std::to_string(ola)), 1);
  EXPECT_EQ(count("SELECT count(*) FROM person WHERE name = 'Ola' AND email = 'ola@example.no'"),
            1);
  // The private link no longer finds anything.
  auto by_token = enrollments_->find_by_token("token-Kari");
  ASSERT_TRUE(by_token.ok());
  EXPECT_FALSE(by_token->has_value());

  // Twice: nothing more happens.
  const auto again = in_tx([&](Tx& tx) {
    return store_->anonymise(tx, {kari}, {now(), 7, request});
  });
  EXPECT_EQ(again.enrollments, 0);
  EXPECT_EQ(again.persons, 0);
  EXPECT_EQ(count(counts_query), counts_before);
}

TEST_F(PersonDataStoreTest, AnonymiseClearsSealedTokenReasonsAndReferringDoctor) {
  const auto kari = sign_up(kOpenRun, "Kari", "kari@example.no", "hash-kari");
  const auto ok = [](const EnrollmentChange&) { return std::vector<OutboxMessage>{}; };
  ASSERT_TRUE(enrollments_->set_capacity(kOpenRun, 1, now(), ok).ok());
  const auto per = sign_up(kOpenRun, "Per", "per@example.no", "hash-per");
  const auto anna = sign_up(kOpenRun, "Anna", "anna@example.no", "hash-anna");
  ASSERT_TRUE(kari && per && anna);
  ASSERT_EQ(enrollments_->find(anna).value()->waitlist_position, 2);
  ASSERT_TRUE(enrollments_->move_on_waiting_list(anna, 1, "Anna har time hos lege", 7, now()).ok());
  ASSERT_TRUE(enrollments_->cancel_by_staff(per, "Per er innlagt", 7, now(), ok).ok());
  in_tx([&](Tx& tx) {
    soci::session& sql = session_of(tx);
    sql << "UPDATE enrollment SET referring_doctor_hpr = '1234567' WHERE id IN (:a, :b, :c)",
        soci::use(static_cast<long long>(kari), "a"), soci::use(static_cast<long long>(per), "b"),
        soci::use(static_cast<long long>(anna), "c");
    return true;
  });
  // The store keeps the sealed token as given and reads it back.
  EXPECT_EQ(enrollments_->find(kari).value()->manage_token_sealed, "sealed-token-Kari");
  ASSERT_EQ(count("SELECT count(*) FROM waiting_list_move WHERE reason LIKE '%Anna%'"), 1);
  ASSERT_EQ(count("SELECT count(*) FROM enrollment_cancellation WHERE reason LIKE '%Per%'"), 1);

  const auto request = in_tx([&](Tx& tx) {
    return store_->add_erasure_request(tx, {now(), 7, "Saksbehandler", "request", "sak 2027/2"});
  });
  const auto done = in_tx([&](Tx& tx) {
    return store_->anonymise(tx, {per, anna}, {now(), 7, request});
  });
  EXPECT_EQ(done.enrollments, 2);
  // Raw tables: no token, reason or referring doctor of Per or Anna left.
  for (const auto id : {per, anna}) {
    const std::string e = std::to_string(id);
    EXPECT_EQ(count("SELECT count(*) FROM enrollment WHERE id = " + e +
                    " AND manage_token_sealed IS NULL AND referring_doctor = '' AND "
                    "referring_doctor_hpr = '' AND referral_date IS NULL"),
              1)
        << id;
    EXPECT_EQ(count("SELECT count(*) FROM waiting_list_move WHERE enrollment_id = " + e +
                    " AND reason <> ''"),
              0)
        << id;
    EXPECT_EQ(count("SELECT count(*) FROM enrollment_cancellation WHERE enrollment_id = " + e +
                    " AND reason <> '-'"),
              0)
        << id;
  }
  EXPECT_EQ(count("SELECT count(*) FROM enrollment WHERE manage_token_sealed LIKE '%Per%' OR "
                  "manage_token_sealed LIKE '%Anna%'"),
            0);
  EXPECT_EQ(count("SELECT count(*) FROM waiting_list_move WHERE reason LIKE '%Anna%'"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM enrollment_cancellation WHERE reason LIKE '%Per%'"), 0);
  EXPECT_EQ(enrollments_->find(anna).value()->manage_token_sealed, "");
  // Kari, not erased, keeps hers.
  EXPECT_EQ(count("SELECT count(*) FROM enrollment WHERE id = " + std::to_string(kari) +
                  " AND manage_token_sealed = 'sealed-token-Kari' AND "
                  "referring_doctor_hpr = '1234567'"),
            1);
}

TEST_F(PersonDataStoreTest, AuditRowsAboutThePersonAreFoundAndStayUnchanged) {
  const auto kari = sign_up(kOpenRun, "Kari", "kari@example.no", "hash-kari");
  auto audit = make_audit_store(*db_);
  const auto person_id = enrollments_->find(kari).value()->person.id;
  in_tx([&](Tx& tx) {
    AuditEntry e;
    e.at = now();
    e.account_id = 7;
    e.account_name = "Kurs Leder";
    e.action = "view_participants";
    e.object_type = "enrollment";
    e.object_id = std::to_string(kari);
    e.person_id = person_id;
    return audit->append(tx, e);
  });
  auto rows = in_tx([&](Tx& tx) { return store_->audit_about(tx, {person_id}, 100); });
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].account_name, "Kurs Leder");
  in_tx([&](Tx& tx) {
    return store_
        ->anonymise(tx, {kari},
                    {now(), std::nullopt,
                     store_->add_erasure_request(
                         tx, {now(), std::nullopt, "system", "retention", "retention"})})
        .enrollments;
  });
  EXPECT_EQ(count("SELECT count(*) FROM audit_log WHERE person_id = " + std::to_string(person_id) +
                  " AND account_name = 'Kurs Leder'"),
            1);
  EXPECT_EQ(count("SELECT count(*) FROM enrollment WHERE id = " + std::to_string(kari) +
                  " AND erased_by IS NULL AND erased_at IS NOT NULL"),
            1);
}

TEST_F(PersonDataStoreTest, ExpiredOnlyAfterTheLastSessionEnded) {
  const auto kari = sign_up(kOpenRun, "Kari", "kari@example.no", "hash-kari");
  ASSERT_TRUE(kari);
  // Last session of the test runs ends 2027-03-31T10:00:00Z.
  auto before =
      in_tx([&](Tx& tx) { return store_->expired(tx, *parse_instant("2027-03-31T10:00:00Z")); });
  EXPECT_TRUE(before.empty());
  auto after =
      in_tx([&](Tx& tx) { return store_->expired(tx, *parse_instant("2027-03-31T10:00:01Z")); });
  ASSERT_EQ(after.size(), 1u);
  EXPECT_EQ(after[0].id, kari);
  EXPECT_EQ(after[0].course_id, 10);
  in_tx([&](Tx& tx) {
    return store_->anonymise(tx, {kari}, {now(), std::nullopt, 0}).enrollments;
  });
  auto erased =
      in_tx([&](Tx& tx) { return store_->expired(tx, *parse_instant("2030-01-01T00:00:00Z")); });
  EXPECT_TRUE(erased.empty());
}

}  // namespace
}  // namespace kursbase::store
