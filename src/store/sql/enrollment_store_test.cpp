// The enrollment store's contract, run against SQLite and (as "postgres.*" in
// ctest) against PostgreSQL, including the seat race across two Database
// objects (two servers) on one database.
#include "store/enrollment_store.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <map>
#include <random>
#include <set>
#include <thread>

#include "store/catalogue_store.hpp"
#include "store/engine/connection.hpp"
#include "store/engine/database.hpp"
#include "store/outbox_store.hpp"
#include "store/testing/enrollment_catalogue.hpp"
#include "store/testing/test_database.hpp"

namespace kursbase::store {
namespace {

using testing::kToday;

Instant now() { return *parse_instant(kToday); }

constexpr int kExtraRuns = 20;  // runs 300..319, one per race round

NewEnrollment person(int i) {
  NewEnrollment n;
  n.person.name = "Deltaker " + std::to_string(i);
  n.person.email = "d" + std::to_string(i) + "@example.no";
  n.identity_hash = "identity-" + std::to_string(i);
  n.manage_token_hash = "token-" + std::to_string(i);
  n.consent_text = "samtykke v1";
  return n;
}

SignUpRequest request(RunId run, int i) {
  SignUpRequest r;
  r.run_id = run;
  r.main = person(i);
  r.now = now();
  return r;
}

// Reads the truth from the tables, not from the store's answers.
struct Truth {
  int confirmed_rows = 0;  // confirmed + offered rows
  int waitlisted_rows = 0;
  int confirmed_count = 0;  // run.confirmed_count
  int waitlisted_count = 0;
  std::vector<int> positions;  // sorted
};

class EnrollmentStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    url_ = testing::fresh_database_url(
        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    auto opened = Database::open(url_, 4);
    ASSERT_TRUE(opened.ok()) << opened.error().detail;
    db_ = std::move(*opened);
    ASSERT_TRUE(db_->migrate().ok());
    ASSERT_TRUE(make_catalogue_store(*db_)
                    ->import_catalogue(testing::enrollment_catalogue(kExtraRuns))
                    .ok());
    store_ = make_enrollment_store(*db_);
  }

  Truth truth(RunId run) {
    auto r = db_->transact(TxKind::Read, [&](Tx& tx) -> Result<Truth> {
      soci::session& sql = session_of(tx);
      Truth t;
      const long long id = run;
      long long n = 0;
      sql << "SELECT count(*) FROM enrollment WHERE run_id = :id AND status IN ('confirmed', "
             "'offered')",
          soci::use(id, "id"), soci::into(n);
      t.confirmed_rows = int(n);
      sql << "SELECT count(*) FROM enrollment WHERE run_id = :id AND status = 'waitlisted'",
          soci::use(id, "id"), soci::into(n);
      t.waitlisted_rows = int(n);
      sql << "SELECT confirmed_count, waitlisted_count FROM run WHERE id = :id",
          soci::use(id, "id"), soci::into(t.confirmed_count), soci::into(t.waitlisted_count);
      int p = 0;
      soci::statement st = (sql.prepare << "SELECT waitlist_position FROM enrollment WHERE "
                                           "run_id = :id AND status = 'waitlisted' ORDER BY 1",
                            soci::use(id, "id"), soci::into(p));
      st.execute();
      while (st.fetch()) t.positions.push_back(p);
      return t;
    });
    EXPECT_TRUE(r.ok());
    return r.ok() ? *r : Truth{};
  }

  static bool gap_free(const std::vector<int>& sorted) {
    for (std::size_t i = 0; i < sorted.size(); ++i)
      if (sorted[i] != int(i) + 1) return false;
    return true;
  }

  std::string url_;
  std::unique_ptr<Database> db_;
  std::unique_ptr<EnrollmentStore> store_;
};

TEST_F(EnrollmentStoreTest, RunSeatsCarryTheCoursesFeeAndWhatToBringAndTheCatalogueToo) {
  // Course 11 charges (the fixture); course 10 has said nothing.
  auto referral = store_->run_seats(testing::kReferralRun);
  ASSERT_TRUE(referral.ok());
  EXPECT_EQ(referral->practical.fee_nok, 350);
  EXPECT_EQ(referral->practical.no_show_fee_nok, 700);
  EXPECT_EQ(referral->practical.what_to_bring, "Ta med medisinlisten din.");
  auto open = store_->run_seats(testing::kOpenRun);
  ASSERT_TRUE(open.ok());
  EXPECT_TRUE(open->practical.empty());  // not said is not "free"
  auto course = make_catalogue_store(*db_)->find_course(11);
  ASSERT_TRUE(course.ok() && *course);
  EXPECT_EQ((*course)->course.practical.fee_nok, 350);
  EXPECT_EQ((*course)->course.practical.no_show_fee_nok, 700);
  EXPECT_EQ((*course)->course.practical.what_to_bring, "Ta med medisinlisten din.");
  EXPECT_FALSE((*make_catalogue_store(*db_)->find_course(10))->course.practical.fee_nok);
}

TEST_F(EnrollmentStoreTest, ConfirmedWhileSeatsRemainThenWaitlisted) {
  for (int i = 0; i < 14; ++i) {
    auto r = store_->sign_up(request(testing::kOpenRun, i), nullptr);
    ASSERT_TRUE(r.ok()) << r.error().detail;
    EXPECT_FALSE(r->existing);
    if (i < 12) {
      EXPECT_EQ(r->main.status, EnrollmentStatus::Confirmed) << i;
      EXPECT_FALSE(r->main.waitlist_position);
    } else {
      EXPECT_EQ(r->main.status, EnrollmentStatus::Waitlisted) << i;
      EXPECT_EQ(r->main.waitlist_position, i - 11);
    }
  }
  const auto t = truth(testing::kOpenRun);
  EXPECT_EQ(t.confirmed_rows, 12);
  EXPECT_EQ(t.confirmed_count, 12);
  EXPECT_EQ(t.waitlisted_count, 2);
  EXPECT_EQ(t.positions, (std::vector<int>{1, 2}));
}

TEST_F(EnrollmentStoreTest, DoubleSubmitReturnsTheFirstEnrollment) {
  auto first = store_->sign_up(request(testing::kOpenRun, 1), nullptr);
  ASSERT_TRUE(first.ok());
  auto again = request(testing::kOpenRun, 1);
  again.main.manage_token_hash = "another-token";
  auto second = store_->sign_up(again, nullptr);
  ASSERT_TRUE(second.ok());
  EXPECT_TRUE(second->existing);
  EXPECT_EQ(second->main.id, first->main.id);
  EXPECT_EQ(truth(testing::kOpenRun).confirmed_rows, 1);
  // After a cancellation the same person may sign up again.
  ASSERT_TRUE(store_->cancel(first->main.id, now(), nullptr).ok());
  auto third = store_->sign_up(again, nullptr);
  ASSERT_TRUE(third.ok());
  EXPECT_FALSE(third->existing);
  EXPECT_NE(third->main.id, first->main.id);
}

TEST_F(EnrollmentStoreTest, RefusesClosedCancelledFullAndUnknownRuns) {
  auto code = [&](RunId run, int i) {
    auto r = store_->sign_up(request(run, i), nullptr);
    return r.ok() ? std::string("ok") : r.error().message_key;
  };
  EXPECT_EQ(code(testing::kCancelledRun, 1), "enrollment.refused.cancelled");
  EXPECT_EQ(code(testing::kDeadlinePassed, 1), "enrollment.refused.closed");
  EXPECT_EQ(code(testing::kDraftRun, 1), "enrollment.error.run_not_found");
  EXPECT_EQ(code(9999, 1), "enrollment.error.run_not_found");
  EXPECT_EQ(code(testing::kNoWaitingList, 1), "ok");
  EXPECT_EQ(code(testing::kNoWaitingList, 2), "ok");
  EXPECT_EQ(code(testing::kNoWaitingList, 3), "enrollment.refused.full");
  // Issue 11: someone already enrolled gets the same refusal as a newcomer,
  // so the answer does not tell that they attend.
  EXPECT_EQ(code(testing::kNoWaitingList, 1), "enrollment.refused.full");
  EXPECT_EQ(truth(testing::kNoWaitingList).confirmed_count, 2);
  // Staff may register after the deadline.
  auto staff = request(testing::kDeadlinePassed, 5);
  staff.ignore_deadline = true;
  staff.main.source = EnrollmentSource::Staff;
  EXPECT_TRUE(store_->sign_up(staff, nullptr).ok());
}

TEST_F(EnrollmentStoreTest, RelativeInTheSameFormIsLinkedAndTakesItsOwnSeat) {
  auto r = request(testing::kOpenRun, 1);
  r.relative = person(2);
  r.relative->kind = ParticipantKind::Relative;
  auto out = store_->sign_up(r, nullptr);
  ASSERT_TRUE(out.ok()) << out.error().detail;
  ASSERT_TRUE(out->relative);
  EXPECT_EQ(out->relative->accompanies_id, out->main.id);
  EXPECT_EQ(out->relative->kind, ParticipantKind::Relative);
  auto found = store_->find(out->relative->id);
  ASSERT_TRUE(found.ok() && *found);
  EXPECT_EQ((*found)->accompanies_id, out->main.id);
  EXPECT_EQ(truth(testing::kOpenRun).confirmed_count, 2);
}

// Issue 13: the participant's language is kept with the enrollment and read
// back everywhere a record is read (by id, by the private link's hash, the roster).
TEST_F(EnrollmentStoreTest, TheParticipantsLanguageIsKeptAndReadBack) {
  auto r = request(testing::kOpenRun, 1);
  r.main.language = "se";
  r.relative = person(2);
  r.relative->kind = ParticipantKind::Relative;
  r.relative->language = "se";
  auto out = store_->sign_up(r, nullptr);
  ASSERT_TRUE(out.ok()) << out.error().detail;
  EXPECT_EQ(out->main.language, "se");
  auto plain = store_->sign_up(request(testing::kOpenRun, 3), nullptr);
  ASSERT_TRUE(plain.ok());
  for (auto [id, language] : {std::pair{out->main.id, "se"}, std::pair{out->relative->id, "se"},
                              std::pair{plain->main.id, "nb"}}) {
    auto found = store_->find(id);
    ASSERT_TRUE(found.ok() && *found);
    EXPECT_EQ((*found)->language, language) << id;
  }
  auto by_token = store_->find_by_token("token-1");
  ASSERT_TRUE(by_token.ok() && *by_token);
  EXPECT_EQ((*by_token)->language, "se");
}

TEST_F(EnrollmentStoreTest, CancelPromotesTheFirstInLineAndClosesTheGap) {
  std::vector<EnrollmentId> ids;
  for (int i = 0; i < 15; ++i)
    ids.push_back(store_->sign_up(request(testing::kOpenRun, i), nullptr)->main.id);
  // Waitlisted: ids[12] (1), ids[13] (2), ids[14] (3).
  auto c = store_->cancel(ids[13], now(), nullptr);  // a waitlisted one leaves
  ASSERT_TRUE(c.ok());
  EXPECT_TRUE(c->promoted.empty());
  EXPECT_EQ((*store_->find(ids[14]))->waitlist_position, 2);
  c = store_->cancel(ids[3], now(), nullptr);  // a confirmed one leaves
  ASSERT_TRUE(c.ok());
  ASSERT_EQ(c->promoted.size(), 1u);
  EXPECT_EQ(c->promoted[0].id, ids[12]);
  EXPECT_EQ(c->promoted[0].status, EnrollmentStatus::Confirmed);
  EXPECT_EQ((*store_->find(ids[14]))->waitlist_position, 1);
  const auto t = truth(testing::kOpenRun);
  EXPECT_EQ(t.confirmed_count, 12);
  EXPECT_EQ(t.confirmed_rows, 12);
  EXPECT_EQ(t.positions, (std::vector<int>{1}));
  // Cancelling twice changes nothing.
  auto again = store_->cancel(ids[3], now(), nullptr);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->no_op);
  EXPECT_EQ(truth(testing::kOpenRun).confirmed_count, 12);
}

TEST_F(EnrollmentStoreTest, OfferModeHoldsTheSeatUntilTheDeadline) {
  ASSERT_TRUE(store_->set_promotion_mode(testing::kOpenRun, PromotionMode::Offer, 24).ok());
  std::vector<EnrollmentId> ids;
  for (int i = 0; i < 14; ++i)
    ids.push_back(store_->sign_up(request(testing::kOpenRun, i), nullptr)->main.id);
  auto c = store_->cancel(ids[0], now(), nullptr);
  ASSERT_TRUE(c.ok());
  ASSERT_EQ(c->promoted.size(), 1u);
  EXPECT_EQ(c->promoted[0].status, EnrollmentStatus::Offered);
  EXPECT_EQ(c->promoted[0].offer_expires_at, now() + std::chrono::hours(24));
  EXPECT_EQ(truth(testing::kOpenRun).confirmed_count, 12) << "an offered seat is taken";
  // A new sign-up cannot take the held seat.
  EXPECT_EQ(store_->sign_up(request(testing::kOpenRun, 50), nullptr)->main.status,
            EnrollmentStatus::Waitlisted);
  // Nothing expires before the deadline; after it the seat is offered on.
  EXPECT_TRUE(store_->expire_offers(now() + std::chrono::hours(23), nullptr)->empty());
  auto expired = store_->expire_offers(now() + std::chrono::hours(25), nullptr);
  ASSERT_TRUE(expired.ok());
  ASSERT_EQ(expired->size(), 1u);
  EXPECT_EQ((*expired)[0].changed->id, ids[12]);
  ASSERT_EQ((*expired)[0].promoted.size(), 1u);
  EXPECT_EQ((*expired)[0].promoted[0].id, ids[13]);
  // The next one accepts in time.
  auto late = store_->accept_offer(ids[12], now() + std::chrono::hours(26), nullptr);
  EXPECT_FALSE(late.ok());
  auto accepted = store_->accept_offer(ids[13], now() + std::chrono::hours(26), nullptr);
  ASSERT_TRUE(accepted.ok());
  EXPECT_EQ(accepted->changed->status, EnrollmentStatus::Confirmed);
  EXPECT_EQ(truth(testing::kOpenRun).confirmed_rows, 12);
}

TEST_F(EnrollmentStoreTest, RaisingCapacityPromotesAndLoweringBelowTakenIsRefused) {
  std::vector<EnrollmentId> ids;
  for (int i = 0; i < 16; ++i)
    ids.push_back(store_->sign_up(request(testing::kOpenRun, i), nullptr)->main.id);
  auto c = store_->set_capacity(testing::kOpenRun, 14, now(), nullptr);
  ASSERT_TRUE(c.ok());
  ASSERT_EQ(c->promoted.size(), 2u);
  EXPECT_EQ(c->promoted[0].id, ids[12]);
  EXPECT_EQ(c->promoted[1].id, ids[13]);
  EXPECT_EQ(truth(testing::kOpenRun).positions, (std::vector<int>{1, 2}));
  auto low = store_->set_capacity(testing::kOpenRun, 13, now(), nullptr);
  ASSERT_FALSE(low.ok());
  EXPECT_EQ(low.error().message_key, "enrollment.error.capacity_below_taken");
}

TEST_F(EnrollmentStoreTest, MovingOnTheWaitingListNeedsAReasonAndIsKept) {
  std::vector<EnrollmentId> ids;
  for (int i = 0; i < 15; ++i)
    ids.push_back(store_->sign_up(request(testing::kOpenRun, i), nullptr)->main.id);
  EXPECT_FALSE(store_->move_on_waiting_list(ids[14], 1, "", 7, now()).ok());
  ASSERT_TRUE(store_->move_on_waiting_list(ids[14], 1, "Henvist som hastesak", 7, now()).ok());
  EXPECT_EQ((*store_->find(ids[14]))->waitlist_position, 1);
  EXPECT_EQ((*store_->find(ids[12]))->waitlist_position, 2);
  EXPECT_EQ((*store_->find(ids[13]))->waitlist_position, 3);
  auto reason = db_->transact(TxKind::Read, [&](Tx& tx) -> Result<std::string> {
    soci::session& sql = session_of(tx);
    std::string r;
    sql << "SELECT reason FROM waiting_list_move", soci::into(r);
    return r;
  });
  EXPECT_EQ(*reason, "Henvist som hastesak");
  // The moved person is promoted first.
  auto c = store_->cancel(ids[0], now(), nullptr);
  ASSERT_EQ(c->promoted.size(), 1u);
  EXPECT_EQ(c->promoted[0].id, ids[14]);
}

TEST_F(EnrollmentStoreTest, MessagesCommitWithTheChange) {
  auto compose = [](const SignUpOutcome& o) {
    OutboxMessage m;
    m.recipient = o.main.person.email;
    m.subject = "Bekreftelse";
    m.body = "Hei";
    m.kind = "confirmation";
    m.enrollment_id = o.main.id;
    return std::vector<OutboxMessage>{m};
  };
  ASSERT_TRUE(store_->sign_up(request(testing::kOpenRun, 1), compose).ok());
  // A refused sign-up writes no message.
  EXPECT_FALSE(store_->sign_up(request(testing::kCancelledRun, 2), compose).ok());
  auto outbox = make_outbox_store(*db_);
  EXPECT_EQ(outbox->counts()->pending, 1);
  auto claimed = outbox->claim("w1", now(), now() + std::chrono::seconds(60), 10);
  ASSERT_TRUE(claimed.ok());
  ASSERT_EQ(claimed->size(), 1u);
  EXPECT_EQ((*claimed)[0].message.subject, "Bekreftelse");
  EXPECT_FALSE((*claimed)[0].message.message_id.empty());
  // Leased: a second worker gets nothing until the lease runs out.
  EXPECT_TRUE(outbox->claim("w2", now(), now() + std::chrono::seconds(60), 10)->empty());
  auto again =
      outbox->claim("w2", now() + std::chrono::seconds(61), now() + std::chrono::seconds(120), 10);
  ASSERT_EQ(again->size(), 1u);
  // The first worker lost the lease: its late mark does nothing.
  ASSERT_TRUE(outbox->mark_sent((*claimed)[0].id, "w1", now()).ok());
  EXPECT_EQ(outbox->counts()->sent, 0);
  ASSERT_TRUE(outbox->mark_sent((*again)[0].id, "w2", now()).ok());
  EXPECT_EQ(outbox->counts()->sent, 1);
  EXPECT_TRUE(outbox->claim("w3", now() + std::chrono::hours(1), now() + std::chrono::hours(2), 10)
                  ->empty());
}

TEST_F(EnrollmentStoreTest, FailedSendsRetryThenGiveUp) {
  auto compose = [](const SignUpOutcome& o) {
    OutboxMessage m;
    m.recipient = o.main.person.email;
    m.body = "x";
    m.kind = "confirmation";
    return std::vector<OutboxMessage>{m};
  };
  ASSERT_TRUE(store_->sign_up(request(testing::kOpenRun, 1), compose).ok());
  auto outbox = make_outbox_store(*db_);
  auto c = outbox->claim("w", now(), now() + std::chrono::seconds(30), 10);
  ASSERT_EQ(c->size(), 1u);
  ASSERT_TRUE(
      outbox->mark_failed((*c)[0].id, "w", "421 try later", now() + std::chrono::minutes(1), now())
          .ok());
  EXPECT_TRUE(
      outbox->claim("w", now() + std::chrono::seconds(59), now() + std::chrono::hours(1), 10)
          ->empty());
  c = outbox->claim("w", now() + std::chrono::minutes(2), now() + std::chrono::hours(1), 10);
  ASSERT_EQ(c->size(), 1u);
  EXPECT_EQ((*c)[0].attempts, 1);
  ASSERT_TRUE(outbox->mark_failed((*c)[0].id, "w", "550 no such user", std::nullopt, now()).ok());
  EXPECT_EQ(outbox->counts()->failed, 1);
  EXPECT_EQ(outbox->counts()->pending, 0);
}

TEST_F(EnrollmentStoreTest, AttendanceIsUpsertedAndOnlyForTheRunsParticipants) {
  auto e = store_->sign_up(request(testing::kOpenRun, 1), nullptr)->main.id;
  const auto seats = store_->run_seats(testing::kOpenRun);
  ASSERT_TRUE(seats.ok());
  const auto session = seats->run.sessions.at(0).id;
  auto write = [&](AttendanceRecord rec) {
    return db_->transact(TxKind::Write, [&](Tx& tx) {
      return store_->record_attendance(tx, testing::kOpenRun, rec, 7, now());
    });
  };
  ASSERT_TRUE(write({e, session, AttendanceMark::Present, "", {}}).ok());
  ASSERT_TRUE(write({e, session, AttendanceMark::Absent, "Syk", {}}).ok());
  auto wrong_run = db_->transact(TxKind::Write, [&](Tx& tx) {
    return store_->record_attendance(tx, testing::kNoWaitingList,
                                     {e, session, AttendanceMark::Present, "", {}}, 7, now());
  });
  EXPECT_EQ(wrong_run.error().code, ErrorCode::NotFound);
  auto roster = db_->transact(TxKind::Read, [&](Tx& tx) -> Result<RunRoster> {
    return store_->roster(tx, testing::kOpenRun);
  });
  ASSERT_TRUE(roster.ok());
  ASSERT_EQ(roster->attendance.size(), 1u);
  EXPECT_EQ(roster->attendance[0].mark, AttendanceMark::Absent);
  EXPECT_EQ(roster->attendance[0].note, "Syk");
  ASSERT_TRUE(write({e, session, AttendanceMark::Unrecorded, "", {}}).ok());
}

// The statuses of issue 12 (migration 0014): excused and partial with the
// minutes attended are kept and read back; partial without minutes, or
// minutes on another mark, is refused by the database itself.
TEST_F(EnrollmentStoreTest, ExcusedAndPartialWithMinutesAreKept) {
  auto a = store_->sign_up(request(testing::kOpenRun, 1), nullptr)->main.id;
  auto b = store_->sign_up(request(testing::kOpenRun, 2), nullptr)->main.id;
  const auto seats = store_->run_seats(testing::kOpenRun);
  ASSERT_TRUE(seats.ok());
  const auto s1 = seats->run.sessions.at(0).id;
  const auto s2 = seats->run.sessions.at(1).id;
  auto write = [&](AttendanceRecord rec) {
    return db_->transact(TxKind::Write, [&](Tx& tx) {
      return store_->record_attendance(tx, testing::kOpenRun, rec, 7, now());
    });
  };
  ASSERT_TRUE(write({a, s1, AttendanceMark::Excused, "Meldt syk", {}}).ok());
  ASSERT_TRUE(write({b, s1, AttendanceMark::Partial, "Kom 10.30", 90}).ok());
  ASSERT_TRUE(write({a, s2, AttendanceMark::Partial, "", 30}).ok());
  ASSERT_TRUE(
      write({a, s2, AttendanceMark::Present, "", {}}).ok());  // the minutes go with the mark
  EXPECT_FALSE(write({b, s2, AttendanceMark::Partial, "", std::nullopt}).ok());
  EXPECT_FALSE(write({b, s2, AttendanceMark::Present, "", 30}).ok());
  auto roster = db_->transact(TxKind::Read, [&](Tx& tx) -> Result<RunRoster> {
    return store_->roster(tx, testing::kOpenRun);
  });
  ASSERT_TRUE(roster.ok());
  std::map<std::pair<EnrollmentId, std::int64_t>, AttendanceRecord> got;
  for (const auto& r : roster->attendance) got[std::make_pair(r.enrollment_id, r.session_id)] = r;
  ASSERT_EQ(got.size(), 3u);
  const auto a1 = got[std::make_pair(a, s1)];
  const auto b1 = got[std::make_pair(b, s1)];
  const auto a2 = got[std::make_pair(a, s2)];
  EXPECT_EQ(a1.mark, AttendanceMark::Excused);
  EXPECT_EQ(a1.note, "Meldt syk");
  EXPECT_FALSE(a1.minutes_attended);
  EXPECT_EQ(b1.mark, AttendanceMark::Partial);
  EXPECT_EQ(b1.minutes_attended, 90);
  EXPECT_EQ(a2.mark, AttendanceMark::Present);
  EXPECT_FALSE(a2.minutes_attended);
}

// Attendance recorded before migration 0014 keeps its meaning: the table is
// put back as 0003 made it, marked with the old values, and 0014 applied again.
TEST_F(EnrollmentStoreTest, MarksFromBeforeTheNewStatusesStayValid) {
  auto a = store_->sign_up(request(testing::kOpenRun, 1), nullptr)->main.id;
  auto b = store_->sign_up(request(testing::kOpenRun, 2), nullptr)->main.id;
  const auto seats = store_->run_seats(testing::kOpenRun);
  ASSERT_TRUE(seats.ok());
  const long long s1 = seats->run.sessions.at(0).id;
  const bool sqlite = db_->engine() == Engine::Sqlite;
  auto old_schema = db_->transact(TxKind::Write, [&](Tx& tx) -> Status {
    soci::session& sql = session_of(tx);
    if (sqlite) {
      sql << "DROP TABLE attendance";
      sql << "CREATE TABLE attendance (enrollment_id INTEGER NOT NULL REFERENCES enrollment (id), "
             "session_id INTEGER NOT NULL REFERENCES run_session (id), mark TEXT NOT NULL CHECK "
             "(mark IN ('present', 'absent')), note TEXT NOT NULL DEFAULT '', recorded_by "
             "INTEGER NOT NULL, recorded_at TEXT NOT NULL, PRIMARY KEY (enrollment_id, "
             "session_id))";
    } else {
      sql << "DROP INDEX attendance_by_session";
      sql << "ALTER TABLE attendance DROP CONSTRAINT attendance_partial_minutes";
      sql << "ALTER TABLE attendance DROP CONSTRAINT attendance_mark_check";
      sql << "ALTER TABLE attendance DROP COLUMN minutes_attended";
      sql << "ALTER TABLE attendance ADD CONSTRAINT attendance_mark_check CHECK (mark IN "
             "('present', 'absent'))";
    }
    sql << "DELETE FROM schema_migrations WHERE version = 14";
    const long long ea = a, eb = b;
    sql << "INSERT INTO attendance (enrollment_id, session_id, mark, note, recorded_by, "
           "recorded_at) VALUES (:e, :s, 'present', '', 7, '2027-03-03T12:00:00Z')",
        soci::use(ea, "e"), soci::use(s1, "s");
    sql << "INSERT INTO attendance (enrollment_id, session_id, mark, note, recorded_by, "
           "recorded_at) VALUES (:e, :s, 'absent', 'Syk', 7, '2027-03-03T12:00:00Z')",
        soci::use(eb, "e"), soci::use(s1, "s");
    return ok_status();
  });
  ASSERT_TRUE(old_schema.ok()) << old_schema.error().detail;
  ASSERT_TRUE(db_->migrate().ok());
  auto roster = db_->transact(TxKind::Read, [&](Tx& tx) -> Result<RunRoster> {
    return store_->roster(tx, testing::kOpenRun);
  });
  ASSERT_TRUE(roster.ok());
  ASSERT_EQ(roster->attendance.size(), 2u);
  for (const auto& r : roster->attendance) {
    EXPECT_EQ(r.mark, r.enrollment_id == a ? AttendanceMark::Present : AttendanceMark::Absent);
    EXPECT_FALSE(r.minutes_attended);
    if (r.enrollment_id == b) {
      EXPECT_EQ(r.note, "Syk");
    }
  }
  // And the new statuses work on the migrated table.
  auto partial = db_->transact(TxKind::Write, [&](Tx& tx) {
    return store_->record_attendance(tx, testing::kOpenRun,
                                     {b, s1, AttendanceMark::Partial, "", 45}, 7, now());
  });
  EXPECT_TRUE(partial.ok());
}

TEST_F(EnrollmentStoreTest, RateLimitCountsAcrossConnections) {
  auto second = Database::open(url_, 2);
  ASSERT_TRUE(second.ok());
  auto other = make_enrollment_store(**second);
  const Instant w = now();
  EXPECT_TRUE(*store_->count_sign_up_attempt("a", w, 3));
  EXPECT_TRUE(*other->count_sign_up_attempt("a", w, 3));
  EXPECT_TRUE(*store_->count_sign_up_attempt("a", w, 3));
  EXPECT_FALSE(*other->count_sign_up_attempt("a", w, 3));
  EXPECT_TRUE(*store_->count_sign_up_attempt("b", w, 3));
  EXPECT_TRUE(*store_->count_sign_up_attempt("a", w + std::chrono::minutes(1), 3));
}

// A public sign-up counts its attempt in its own transaction (one commit per
// sign-up); over the limit it is refused and writes nothing, not even the count.
TEST_F(EnrollmentStoreTest, SignUpCountsItsAttemptInTheSameTransaction) {
  const Instant w = now();
  auto with_attempt = [&](int i) {
    auto r = request(testing::kOpenRun, i);
    r.attempts = {SignUpAttempt{"client", w, 2}};
    return r;
  };
  ASSERT_TRUE(store_->sign_up(with_attempt(1), nullptr).ok());
  ASSERT_TRUE(store_->sign_up(with_attempt(2), nullptr).ok());
  bool composed = false;
  auto third = store_->sign_up(with_attempt(3), [&](const SignUpOutcome&) {
    composed = true;
    return std::vector<OutboxMessage>{};
  });
  ASSERT_FALSE(third.ok());
  EXPECT_EQ(third.error().code, ErrorCode::RateLimited);
  EXPECT_FALSE(composed);
  auto seats = store_->run_seats(testing::kOpenRun);
  ASSERT_TRUE(seats.ok());
  EXPECT_EQ(seats->seats_taken, 2);
  // The two sign-ups counted and the refused one did not: the limit of 3
  // leaves one more attempt for this client, then none.
  EXPECT_TRUE(*store_->count_sign_up_attempt("client", w, 3));
  EXPECT_FALSE(*store_->count_sign_up_attempt("client", w, 3));
  // Without an attempt (staff registration) nothing is counted or limited.
  EXPECT_TRUE(store_->sign_up(request(testing::kOpenRun, 4), nullptr).ok());
}

TEST_F(EnrollmentStoreTest, RemindersAreQueuedOncePerEnrollment) {
  ASSERT_TRUE(store_->sign_up(request(testing::kOpenRun, 1), nullptr).ok());
  auto gone = store_->sign_up(request(testing::kOpenRun, 2), nullptr)->main.id;
  ASSERT_TRUE(store_->cancel(gone, now(), nullptr).ok());  // cancelled: no reminder
  auto compose = [](const EnrollmentRecord& r, const RunSeats&) {
    OutboxMessage m;
    m.recipient = r.person.email;
    m.body = "Påminnelse";
    return std::optional<OutboxMessage>(m);
  };
  // First session 2027-03-03: 7 days before is 2027-02-24.
  EXPECT_EQ(*store_->queue_reminders(*parse_instant("2027-02-20T10:00:00Z"), 7, compose), 0);
  EXPECT_EQ(*store_->queue_reminders(*parse_instant("2027-02-25T10:00:00Z"), 7, compose), 1);
  EXPECT_EQ(*store_->queue_reminders(*parse_instant("2027-02-26T10:00:00Z"), 7, compose), 0);
}

// The race: 200 sign-ups for 12 seats from many threads on two Database
// objects (as two servers would), then 30 random cancellations, repeated.
TEST_F(EnrollmentStoreTest, ConcurrentSignUpsNeverOversellAndKeepPositionsGapFree) {
  const char* env = std::getenv("KURSBASE_RACE_ROUNDS");
  const int rounds = std::min(kExtraRuns, env ? std::max(1, std::atoi(env)) : 3);
  constexpr int kPeople = 200, kThreads = 16, kCancellations = 30;
  auto second = Database::open(url_, 4);
  ASSERT_TRUE(second.ok());
  auto other = make_enrollment_store(**second);
  EnrollmentStore* stores[] = {store_.get(), other.get()};

  for (int round = 0; round < rounds; ++round) {
    const RunId run = 300 + round;
    std::atomic<int> next{0}, errors{0};
    std::vector<std::thread> threads;
    std::mutex mu;
    std::map<EnrollmentId, std::optional<int>> first_answer;  // id → waitlist position
    for (int t = 0; t < kThreads; ++t)
      threads.emplace_back([&, t] {
        for (int i = next++; i < kPeople; i = next++) {
          auto r = stores[t % 2]->sign_up(request(run, round * 1000 + i), nullptr);
          if (!r.ok()) {
            ++errors;
            continue;
          }
          std::lock_guard lock(mu);
          first_answer[r->main.id] = r->main.waitlist_position;
        }
      });
    for (auto& th : threads) th.join();
    ASSERT_EQ(errors.load(), 0) << "round " << round;
    auto t = truth(run);
    ASSERT_EQ(t.confirmed_rows, 12) << "round " << round;
    ASSERT_EQ(t.confirmed_count, 12);
    ASSERT_EQ(t.waitlisted_rows, kPeople - 12);
    ASSERT_EQ(t.waitlisted_count, kPeople - 12);
    ASSERT_TRUE(gap_free(t.positions)) << "round " << round;
    std::set<int> answered;
    for (auto& [id, pos] : first_answer)
      if (pos) answered.insert(*pos);
    ASSERT_EQ(answered.size(), std::size_t(kPeople - 12)) << "every waitlisted answer unique";

    // Original waiting order, for checking promotions.
    std::vector<std::pair<int, EnrollmentId>> order;
    for (auto& [id, pos] : first_answer)
      if (pos) order.emplace_back(*pos, id);
    std::sort(order.begin(), order.end());
    std::vector<EnrollmentId> all;
    for (auto& [id, _] : first_answer) all.push_back(id);
    std::mt19937 rng(round + 1);
    std::shuffle(all.begin(), all.end(), rng);
    std::vector<EnrollmentId> cancel(all.begin(), all.begin() + kCancellations);
    std::set<EnrollmentId> cancelled(cancel.begin(), cancel.end());
    std::atomic<int> cancel_next{0};
    threads.clear();
    for (int th = 0; th < 8; ++th)
      threads.emplace_back([&, th] {
        for (int i = cancel_next++; i < kCancellations; i = cancel_next++)
          if (!stores[th % 2]->cancel(cancel[i], now(), nullptr).ok()) ++errors;
      });
    for (auto& th : threads) th.join();
    ASSERT_EQ(errors.load(), 0);
    t = truth(run);
    EXPECT_EQ(t.confirmed_rows, 12) << "seats refilled from the list, round " << round;
    EXPECT_EQ(t.confirmed_count, 12);
    EXPECT_EQ(t.waitlisted_rows, kPeople - 12 - kCancellations);
    EXPECT_EQ(t.waitlisted_count, t.waitlisted_rows);
    EXPECT_TRUE(gap_free(t.positions));
    // Promotions in order: the confirmed among the originally waitlisted are
    // exactly the first not-cancelled ones of the original order.
    int originally_confirmed_left = 0;
    for (auto& [id, pos] : first_answer)
      if (!pos && !cancelled.count(id)) ++originally_confirmed_left;
    const int promoted_count = 12 - originally_confirmed_left;
    int seen = 0;
    for (auto& [pos, id] : order) {
      if (cancelled.count(id)) continue;
      auto e = store_->find(id);
      ASSERT_TRUE(e.ok() && *e);
      if (seen < promoted_count)
        EXPECT_EQ((*e)->status, EnrollmentStatus::Confirmed) << "original position " << pos;
      else
        EXPECT_EQ((*e)->waitlist_position, seen - promoted_count + 1)
            << "original position " << pos;
      ++seen;
    }
  }
}

// Staff side (migration 0004): the referring doctor's HPR number is kept with
// the enrollment, a staff cancellation keeps its reason with who and when, and
// the moves on the list come back as the run's history.
TEST_F(EnrollmentStoreTest, ReferralFieldsAreStoredWithTheEnrollment) {
  auto r = request(testing::kOpenRun, 1);
  r.main.source = EnrollmentSource::Staff;
  r.main.registered_by = 7;
  r.main.referral_date = parse_day("2027-01-05");
  r.main.referring_doctor = "Dr. Lege";
  r.main.referring_doctor_hpr = "1234567";
  r.main.consent_text.clear();
  auto out = store_->sign_up(r, nullptr);
  ASSERT_TRUE(out.ok()) << out.error().detail;
  auto e = store_->find(out->main.id);
  ASSERT_TRUE(e.ok() && *e);
  EXPECT_EQ((*e)->source, EnrollmentSource::Staff);
  EXPECT_EQ((*e)->referral_date, parse_day("2027-01-05"));
  EXPECT_EQ((*e)->referring_doctor, "Dr. Lege");
  EXPECT_EQ((*e)->referring_doctor_hpr, "1234567");
  // A public sign-up has none.
  auto pub = store_->sign_up(request(testing::kOpenRun, 2), nullptr);
  EXPECT_EQ((*store_->find(pub->main.id))->referring_doctor_hpr, "");
}

// Issue "Every state right": a public sign-up for a referral course is a
// request with no seat until staff confirm it under the seat rule.
TEST_F(EnrollmentStoreTest, ReferralRequestsTakeNoSeatUntilStaffConfirmThem) {
  auto req = store_->sign_up(request(testing::kReferralRun, 1), nullptr);
  ASSERT_TRUE(req.ok()) << req.error().detail;
  EXPECT_EQ(req->main.status, EnrollmentStatus::AwaitingReferral);
  EXPECT_FALSE(req->main.waitlist_position);
  EXPECT_FALSE(req->seats.organiser.empty()) << "whom the referral goes to";
  auto t = truth(testing::kReferralRun);
  EXPECT_EQ(t.confirmed_rows + t.waitlisted_rows, 0);
  EXPECT_EQ(t.confirmed_count, 0);
  // Not a participant: the roster lists it apart.
  auto roster = db_->transact(TxKind::Read, [&](Tx& tx) -> Result<RunRoster> {
    return store_->roster(tx, testing::kReferralRun);
  });
  ASSERT_TRUE(roster.ok());
  EXPECT_TRUE(roster->enrollments.empty());
  ASSERT_EQ(roster->awaiting_referral.size(), 1u);
  EXPECT_EQ(roster->awaiting_referral[0].id, req->main.id);
  // Asking twice finds the first request.
  auto again = store_->sign_up(request(testing::kReferralRun, 1), nullptr);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->existing);

  const ReferralReceived referral{*parse_day("2027-01-08"), "Dr. Lege", "9876543"};
  auto confirmed = store_->confirm_referral(req->main.id, referral, now(), nullptr);
  ASSERT_TRUE(confirmed.ok()) << confirmed.error().detail;
  ASSERT_TRUE(confirmed->changed);
  EXPECT_EQ(confirmed->changed->status, EnrollmentStatus::Confirmed);
  auto stored = store_->find(req->main.id);
  ASSERT_TRUE(stored.ok() && *stored);
  EXPECT_EQ((*stored)->status, EnrollmentStatus::Confirmed);
  EXPECT_EQ((*stored)->referral_date, parse_day("2027-01-08"));
  EXPECT_EQ((*stored)->referring_doctor, "Dr. Lege");
  EXPECT_EQ((*stored)->referring_doctor_hpr, "9876543");
  EXPECT_GT((*stored)->calendar_sequence, req->main.calendar_sequence) << "the .ics changes";
  EXPECT_EQ(truth(testing::kReferralRun).confirmed_count, 1);
  auto twice = store_->confirm_referral(req->main.id, referral, now(), nullptr);
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.error().message_key, "enrollment.error.not_awaiting_referral");
}

TEST_F(EnrollmentStoreTest,
       AConfirmedRequestOnAFullRunJoinsTheWaitingListAndACancelledOneFreesNothing) {
  // Staff fill the run (they have the referrals in hand).
  for (int i = 0; i < 12; ++i) {
    auto r = request(testing::kReferralRun, 100 + i);
    r.main.source = EnrollmentSource::Staff;
    ASSERT_EQ(store_->sign_up(r, nullptr)->main.status, EnrollmentStatus::Confirmed);
  }
  auto a = store_->sign_up(request(testing::kReferralRun, 1), nullptr);
  auto b = store_->sign_up(request(testing::kReferralRun, 2), nullptr);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->main.status, EnrollmentStatus::AwaitingReferral) << "full, but a request waits";
  auto confirmed =
      store_->confirm_referral(a->main.id, {*parse_day("2027-01-09"), "Dr. A", ""}, now(), nullptr);
  ASSERT_TRUE(confirmed.ok()) << confirmed.error().detail;
  EXPECT_EQ(confirmed->changed->status, EnrollmentStatus::Waitlisted);
  EXPECT_EQ(confirmed->changed->waitlist_position, 1);
  // Withdrawing a request frees no seat and moves nobody.
  auto withdrawn = store_->cancel(b->main.id, now(), nullptr);
  ASSERT_TRUE(withdrawn.ok());
  EXPECT_TRUE(withdrawn->promoted.empty());
  const auto t = truth(testing::kReferralRun);
  EXPECT_EQ(t.confirmed_count, 12);
  EXPECT_EQ(t.waitlisted_count, 1);
  EXPECT_EQ(t.positions, (std::vector<int>{1}));
}

TEST_F(EnrollmentStoreTest, AStaffOnlyRunRefusesThePublicAndTakesStaff) {
  ASSERT_TRUE(db_->transact(TxKind::Write,
                            [&](Tx& tx) -> Status {
                              const long long id = testing::kOpenRun;
                              session_of(tx)
                                  << "UPDATE run SET staff_registration_only = 1 WHERE id = :id",
                                  soci::use(id, "id");
                              return ok_status();
                            })
                  .ok());
  auto seats = store_->run_seats(testing::kOpenRun);
  ASSERT_TRUE(seats.ok());
  EXPECT_TRUE(seats->run.staff_registration_only);
  auto pub = store_->sign_up(request(testing::kOpenRun, 1), nullptr);
  ASSERT_FALSE(pub.ok());
  EXPECT_EQ(pub.error().message_key, "enrollment.refused.staff_only");
  auto staff = request(testing::kOpenRun, 2);
  staff.main.source = EnrollmentSource::Staff;
  auto ok = store_->sign_up(staff, nullptr);
  ASSERT_TRUE(ok.ok()) << ok.error().detail;
  EXPECT_EQ(ok->main.status, EnrollmentStatus::Confirmed);
  auto listed = make_catalogue_store(*db_)->find_run(testing::kOpenRun);
  ASSERT_TRUE(listed.ok() && *listed);
  EXPECT_TRUE((*listed)->run.run.staff_registration_only) << "the public page must know";
}

TEST_F(EnrollmentStoreTest, StaffCancelKeepsTheReasonAndPromotesTheNext) {
  std::vector<EnrollmentId> ids;
  for (int i = 0; i < 14; ++i)
    ids.push_back(store_->sign_up(request(testing::kOpenRun, i), nullptr)->main.id);
  EXPECT_FALSE(store_->cancel_by_staff(ids[0], "", 7, now(), nullptr).ok());
  EXPECT_EQ((*store_->find(ids[0]))->status, EnrollmentStatus::Confirmed);
  int composed = 0;
  auto ch = store_->cancel_by_staff(ids[0], "Flyttet til annen by", 7, now(),
                                    [&](const EnrollmentChange& c) {
                                      composed += int(c.promoted.size()) + (c.changed ? 1 : 0);
                                      return std::vector<OutboxMessage>{};
                                    });
  ASSERT_TRUE(ch.ok()) << ch.error().detail;
  EXPECT_EQ(composed, 2);
  ASSERT_EQ(ch->promoted.size(), 1u);
  EXPECT_EQ(ch->promoted[0].id, ids[12]);
  EXPECT_EQ((*store_->find(ids[0]))->status, EnrollmentStatus::Cancelled);
  EXPECT_EQ(truth(testing::kOpenRun).positions, (std::vector<int>{1}));
  auto kept = db_->transact(TxKind::Read, [&](Tx& tx) -> Result<std::string> {
    soci::session& sql = session_of(tx);
    std::string reason;
    long long by = 0;
    const long long id = ids[0];
    sql << "SELECT reason, account_id FROM enrollment_cancellation WHERE enrollment_id = :id",
        soci::use(id, "id"), soci::into(reason), soci::into(by);
    return reason + "/" + std::to_string(by);
  });
  EXPECT_EQ(*kept, "Flyttet til annen by/7");
  // Cancelling again is a no-op and keeps the first reason.
  auto again = store_->cancel_by_staff(ids[0], "Annen grunn", 7, now(), nullptr);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->no_op);
}

TEST_F(EnrollmentStoreTest, WaitingListMovesComeBackAsTheRunsHistory) {
  std::vector<EnrollmentId> ids;
  for (int i = 0; i < 15; ++i)
    ids.push_back(store_->sign_up(request(testing::kOpenRun, i), nullptr)->main.id);
  ASSERT_TRUE(store_->move_on_waiting_list(ids[14], 1, "Hastesak", 7, now()).ok());
  ASSERT_TRUE(
      store_->move_on_waiting_list(ids[12], 3, "Ønsket senere", 7, now() + std::chrono::minutes(1))
          .ok());
  auto moves = db_->transact(TxKind::Read, [&](Tx& tx) -> Result<std::vector<WaitingListMove>> {
    return store_->waiting_list_moves(tx, testing::kOpenRun);
  });
  ASSERT_TRUE(moves.ok());
  ASSERT_EQ(moves->size(), 2u);
  EXPECT_EQ((*moves)[0].enrollment_id, ids[14]);
  EXPECT_EQ((*moves)[0].from_position, 3);
  EXPECT_EQ((*moves)[0].to_position, 1);
  EXPECT_EQ((*moves)[0].reason, "Hastesak");
  EXPECT_EQ((*moves)[0].moved_at, now());
  EXPECT_EQ((*moves)[1].enrollment_id, ids[12]);
  EXPECT_EQ((*moves)[1].reason, "Ønsket senere");
  EXPECT_EQ(truth(testing::kOpenRun).positions, (std::vector<int>{1, 2, 3}));
}

}  // namespace
}  // namespace kursbase::store
