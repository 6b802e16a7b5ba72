// The transaction runner's retry branches (Database::transact, its error
// contract in store/engine/database.hpp): what is run again, what is not, and
// what the caller is answered. Real engine errors where a test can cause them
// reliably (a second SQLite connection holding the write lock; a second
// PostgreSQL session for 40001, 40P01 and a terminated backend); the fault
// seam (Database::set_fault_hook) for the rest.
#include <gtest/gtest.h>
#include <soci/postgresql/soci-postgresql.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "store/engine/connection.hpp"
#include "store/engine/database.hpp"
#include "store/testing/test_database.hpp"

namespace kursbase::store {
namespace {

using namespace std::chrono_literals;

// Polls `done` until it holds or 10 s have passed; false on the deadline.
bool eventually(const std::function<bool()>& done) {
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(1ms);
  }
  return true;
}

// A fresh database with one table of two rows (id 1 and 2, v = 0).
struct Probe {
  std::string url;
  std::unique_ptr<Database> db;

  explicit Probe(const std::string& name, std::size_t pool = 2) {
    url = testing::fresh_database_url(name);
    auto opened = Database::open(url, pool);
    if (!opened) throw std::runtime_error(opened.error().detail);
    db = std::move(*opened);
    auto made = db->transact(TxKind::Write, [](Tx& tx) -> Status {
      soci::session& sql = session_of(tx);
      sql << "CREATE TABLE retry_probe (id INTEGER PRIMARY KEY, v INTEGER NOT NULL)";
      sql << "INSERT INTO retry_probe (id, v) VALUES (1, 0)";
      sql << "INSERT INTO retry_probe (id, v) VALUES (2, 0)";
      return ok_status();
    });
    if (!made) throw std::runtime_error(made.error().detail);
  }

  int count(int id) {
    auto n = db->transact(TxKind::Read, [&](Tx& tx) -> Result<int> {
      soci::session& sql = session_of(tx);
      int rows = 0;
      sql << "SELECT count(*) FROM retry_probe WHERE id = :id", soci::use(id, "id"),
          soci::into(rows);
      return rows;
    });
    return n ? *n : -1;
  }

  int value(int id) {
    auto v = db->transact(TxKind::Read, [&](Tx& tx) -> Result<int> {
      soci::session& sql = session_of(tx);
      int value = 0;
      sql << "SELECT v FROM retry_probe WHERE id = :id", soci::use(id, "id"), soci::into(value);
      return value;
    });
    return v ? *v : -1;
  }
};

void insert(soci::session& sql, int id) {
  sql << "INSERT INTO retry_probe (id, v) VALUES (:id, 0)", soci::use(id, "id");
}

// Counts the runner's steps through the fault seam and fails the chosen ones:
// `plan` maps (step, how many times it was reached, from 1) to a fault.
struct Faults {
  std::atomic<int> begins{0}, commits{0};
  std::map<std::pair<FaultPoint, int>, Fault> plan;
  std::optional<Fault> every_begin;
  std::function<void(FaultPoint, int)> also;  // runs before the plan (observation)

  void install(Database& db) {
    db.set_fault_hook([this, &db](FaultPoint point, TxKind) {
      const int n = point == FaultPoint::Begin ? ++begins : ++commits;
      if (also) also(point, n);
      if (point == FaultPoint::Begin && every_begin) db.throw_fault(*every_begin);
      if (auto it = plan.find({point, n}); it != plan.end()) db.throw_fault(it->second);
    });
  }
};

// Busy, serialization failure, deadlock at COMMIT, after the body's work:
// the work is rolled back, the body runs again, one commit keeps it once, and
// the caller gets the second try's answer.
TEST(TransactionRetry, AConflictAtCommitRunsTheBodyAgainAndKeepsItsWorkOnce) {
  Probe probe("retry_commit");
  int id = 10;
  for (Fault fault : {Fault::Busy, Fault::SerializationFailure, Fault::Deadlock}) {
    Faults faults;
    faults.plan[{FaultPoint::Commit, 1}] = fault;
    faults.install(*probe.db);
    int runs = 0;
    auto r = probe.db->transact(TxKind::Write, [&](Tx& tx) -> Result<int> {
      soci::session& sql = session_of(tx);
      ++runs;
      insert(sql, id);
      return runs * 100;
    });
    probe.db->set_fault_hook({});
    ASSERT_TRUE(r.ok()) << static_cast<int>(fault) << ": " << r.error().detail;
    EXPECT_EQ(*r, 200) << "the answer of the try that committed";
    EXPECT_EQ(runs, 2);
    EXPECT_EQ(faults.commits, 2);
    EXPECT_EQ(probe.count(id), 1);
    ++id;
  }
}

// The same conflicts thrown from inside the body (where a real one comes
// from: the statement that hit the lock), on reads and writes.
TEST(TransactionRetry, AConflictInsideTheBodyIsRetriedOnReadsAndWrites) {
  Probe probe("retry_body");
  for (TxKind kind : {TxKind::Read, TxKind::Write})
    for (Fault fault : {Fault::Busy, Fault::SerializationFailure, Fault::Deadlock}) {
      int runs = 0;
      auto r = probe.db->transact(kind, [&](Tx& tx) -> Result<int> {
        soci::session& sql = session_of(tx);
        int v = -1;
        sql << "SELECT v FROM retry_probe WHERE id = 1", soci::into(v);
        if (++runs == 1) probe.db->throw_fault(fault);
        return v;
      });
      ASSERT_TRUE(r.ok()) << r.error().detail;
      EXPECT_EQ(*r, 0);
      EXPECT_EQ(runs, 2);
    }
}

TEST(TransactionRetry, GivesUpAfterMaxAttemptsWithUnavailable) {
  Probe probe("retry_give_up");
  for (TxKind kind : {TxKind::Read, TxKind::Write}) {
    Faults faults;
    faults.every_begin = Fault::Busy;
    faults.install(*probe.db);
    int runs = 0;
    auto r = probe.db->transact(kind, [&](Tx&) -> Status {
      ++runs;
      return ok_status();
    });
    probe.db->set_fault_hook({});
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::Unavailable);
    EXPECT_EQ(faults.begins, Database::kMaxAttempts);
    EXPECT_EQ(runs, 0);
  }
  // A body that meets a deadlock every time is run kMaxAttempts times, no more.
  int runs = 0;
  auto r = probe.db->transact(TxKind::Write, [&](Tx& tx) -> Status {
    soci::session& sql = session_of(tx);
    ++runs;
    insert(sql, 30 + runs);
    probe.db->throw_fault(Fault::Deadlock);
  });
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::Unavailable);
  EXPECT_EQ(runs, Database::kMaxAttempts);
  for (int i = 1; i <= Database::kMaxAttempts; ++i) EXPECT_EQ(probe.count(30 + i), 0);
}

// A refusal is the answer: the same request would be refused again. An
// exception that is not the database's is a bug, not a conflict.
TEST(TransactionRetry, RefusalsAndForeignExceptionsAreNotRetried) {
  Probe probe("retry_refusal", 1);
  struct Case {
    const char* name;
    std::function<Status(Tx&)> body;
    ErrorCode want;
  };
  const std::vector<Case> cases = {
      {"conflict", [](Tx&) -> Status { return conflict("test.conflict"); }, ErrorCode::Conflict},
      {"invalid input", [](Tx&) -> Status { return invalid_input("test.invalid"); },
       ErrorCode::InvalidInput},
      {"std exception", [](Tx&) -> Status { throw std::runtime_error("not the database"); },
       ErrorCode::Unavailable},
      {"foreign exception", [](Tx&) -> Status { throw 42; }, ErrorCode::Unavailable},
  };
  int id = 40;
  for (TxKind kind : {TxKind::Read, TxKind::Write})
    for (const auto& c : cases) {
      Faults faults;
      faults.install(*probe.db);
      int runs = 0;
      auto r = probe.db->transact(kind, [&](Tx& tx) -> Status {
        soci::session& sql = session_of(tx);
        ++runs;
        if (kind == TxKind::Write) insert(sql, id);
        return c.body(tx);
      });
      probe.db->set_fault_hook({});
      ASSERT_FALSE(r.ok()) << c.name;
      EXPECT_EQ(r.error().code, c.want) << c.name;
      EXPECT_EQ(runs, 1) << c.name;
      EXPECT_EQ(faults.begins, 1) << c.name;
      EXPECT_EQ(faults.commits, 0) << c.name;
      // Rolled back, and the only pooled connection is fit for the next call.
      EXPECT_EQ(probe.count(id), 0) << c.name;
      ++id;
    }
}

// A database error that is not a conflict (SQLite: an I/O error; PostgreSQL:
// a broken connection at COMMIT, whose outcome is unknown) is answered
// Unavailable without running the body again.
TEST(TransactionRetry, AFailedCommitThatMayHaveHappenedIsNotRunAgain) {
  Probe probe("retry_commit_lost");
  Faults faults;
  faults.plan[{FaultPoint::Commit, 1}] = Fault::ConnectionLost;
  faults.install(*probe.db);
  int runs = 0;
  auto r = probe.db->transact(TxKind::Write, [&](Tx& tx) -> Status {
    soci::session& sql = session_of(tx);
    ++runs;
    insert(sql, 50);
    return ok_status();
  });
  probe.db->set_fault_hook({});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::Unavailable);
  EXPECT_EQ(runs, 1);
  EXPECT_EQ(faults.commits, 1);
  // The seam fails before COMMIT is sent, so here it did not happen.
  EXPECT_EQ(probe.count(50), 0);
  EXPECT_EQ(probe.count(1), 1) << "the pool works after the reconnect";
}

TEST(TransactionRetry, AConnectionLostBeforeTheBodyIsReconnectedAndRetriedOnce) {
  if (!testing::on_postgres()) GTEST_SKIP() << "PostgreSQL connections";
  Probe probe("retry_lost_begin", 1);
  {
    Faults faults;
    faults.plan[{FaultPoint::Begin, 1}] = Fault::ConnectionLost;
    faults.install(*probe.db);
    int runs = 0;
    auto r = probe.db->transact(TxKind::Write, [&](Tx& tx) -> Status {
      soci::session& sql = session_of(tx);
      ++runs;
      insert(sql, 60);
      return ok_status();
    });
    probe.db->set_fault_hook({});
    ASSERT_TRUE(r.ok()) << r.error().detail;
    EXPECT_EQ(runs, 1);
    EXPECT_EQ(faults.begins, 2);
    EXPECT_EQ(probe.count(60), 1);
  }
  // Lost again after the reconnect: once is the limit.
  Faults faults;
  faults.plan[{FaultPoint::Begin, 1}] = Fault::ConnectionLost;
  faults.plan[{FaultPoint::Begin, 2}] = Fault::ConnectionLost;
  faults.install(*probe.db);
  int runs = 0;
  auto r = probe.db->transact(TxKind::Read, [&](Tx&) -> Status {
    ++runs;
    return ok_status();
  });
  probe.db->set_fault_hook({});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::Unavailable);
  EXPECT_EQ(runs, 0);
  EXPECT_EQ(faults.begins, 2);
}

// A real one: the body's own backend is terminated by another session while
// the body runs; its next statement finds the connection gone.
TEST(TransactionRetry, AConnectionLostInsideTheBodyIsReconnectedAndTheBodyRunAgain) {
  if (!testing::on_postgres()) GTEST_SKIP() << "PostgreSQL connections";
  Probe probe("retry_lost_body", 1);
  soci::session admin(soci::postgresql, postgres_conninfo(probe.url));
  int runs = 0;
  auto r = probe.db->transact(TxKind::Write, [&](Tx& tx) -> Result<int> {
    soci::session& sql = session_of(tx);
    ++runs;
    if (runs == 1) {
      int pid = 0;
      sql << "SELECT pg_backend_pid()", soci::into(pid);
      admin << "SELECT pg_terminate_backend(:p)", soci::use(pid, "p");
      EXPECT_TRUE(eventually([&] {
        int alive = 1;
        admin << "SELECT count(*) FROM pg_stat_activity WHERE pid = :p", soci::use(pid, "p"),
            soci::into(alive);
        return alive == 0;
      }));
    }
    sql << "UPDATE retry_probe SET v = v + 1 WHERE id = 1";
    return runs;
  });
  ASSERT_TRUE(r.ok()) << r.error().detail;
  EXPECT_EQ(*r, 2);
  EXPECT_EQ(probe.value(1), 1);
}

// Waits until a backend of this database waits for a lock.
bool someone_waits_for_a_lock(soci::session& admin) {
  return eventually([&] {
    int waiting = 0;
    admin << "SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
             "WHERE NOT l.granted AND a.datname = current_database()",
        soci::into(waiting);
    return waiting > 0;
  });
}

// A real 40001: a REPEATABLE READ body updates a row that another session
// changed and committed after the body's snapshot.
TEST(TransactionRetry, ARealSerializationFailureIsRetried) {
  if (!testing::on_postgres()) GTEST_SKIP() << "PostgreSQL isolation";
  Probe probe("retry_serialization");
  soci::session admin(soci::postgresql, postgres_conninfo(probe.url));
  admin << "BEGIN";
  admin << "UPDATE retry_probe SET v = v + 1 WHERE id = 1";
  std::atomic<int> runs{0};
  std::optional<Result<int>> r;
  std::thread body([&] {
    r.emplace(probe.db->transact(TxKind::Write, [&](Tx& tx) -> Result<int> {
      soci::session& sql = session_of(tx);
      ++runs;
      sql << "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ";
      int v = -1;
      sql << "SELECT v FROM retry_probe WHERE id = 2", soci::into(v);  // the snapshot
      sql << "UPDATE retry_probe SET v = v + 10 WHERE id = 1";         // waits for the admin's row
      sql << "SELECT v FROM retry_probe WHERE id = 1", soci::into(v);
      return v;
    }));
  });
  const bool waited = someone_waits_for_a_lock(admin);
  admin << "COMMIT";
  body.join();
  ASSERT_TRUE(waited) << "the body never waited for the row";
  ASSERT_TRUE(r->ok()) << r->error().detail;
  EXPECT_EQ(runs, 2);
  EXPECT_EQ(**r, 11);
  EXPECT_EQ(probe.value(1), 11);
}

// A real 40P01: the body and another session take two rows in opposite
// orders. The body's deadlock check runs first, so the body is the victim.
TEST(TransactionRetry, ARealDeadlockIsRetried) {
  if (!testing::on_postgres()) GTEST_SKIP() << "PostgreSQL locks";
  Probe probe("retry_deadlock");
  soci::session admin(soci::postgresql, postgres_conninfo(probe.url));
  admin << "SET deadlock_timeout = '10s'";
  admin << "BEGIN";
  admin << "UPDATE retry_probe SET v = v + 1 WHERE id = 1";
  std::atomic<int> runs{0};
  std::optional<Status> r;
  std::thread body([&] {
    r.emplace(probe.db->transact(TxKind::Write, [&](Tx& tx) -> Status {
      soci::session& sql = session_of(tx);
      ++runs;
      sql << "SET LOCAL deadlock_timeout = '50ms'";
      sql << "UPDATE retry_probe SET v = v + 10 WHERE id = 2";
      sql << "UPDATE retry_probe SET v = v + 10 WHERE id = 1";  // waits for the admin
      return ok_status();
    }));
  });
  const bool waited = someone_waits_for_a_lock(admin);
  if (waited) admin << "UPDATE retry_probe SET v = v + 1 WHERE id = 2";  // closes the cycle
  admin << "COMMIT";
  body.join();
  ASSERT_TRUE(waited) << "the body never waited for the row";
  ASSERT_TRUE(r->ok()) << r->error().detail;
  EXPECT_EQ(runs, 2);
  EXPECT_EQ(probe.value(1), 11);
  EXPECT_EQ(probe.value(2), 11);
}

// A real SQLITE_BUSY: another connection to the file holds the write lock
// longer than this connection's busy timeout. It lets go when the runner
// begins its second try.
TEST(TransactionRetry, ARealBusyDatabaseIsRetriedUntilTheLockIsFree) {
  if (testing::on_postgres()) GTEST_SKIP() << "SQLite's write lock";
  Probe probe("retry_busy.db", 1);
  ASSERT_TRUE(probe.db
                  ->transact(TxKind::Read,
                             [](Tx& tx) -> Status {
                               soci::session& sql = session_of(tx);
                               sql << "PRAGMA busy_timeout = 20";
                               return ok_status();
                             })
                  .ok());
  soci::session other(soci::sqlite3, "db=\"" + probe.url + "\"");
  other << "BEGIN IMMEDIATE";
  other << "UPDATE retry_probe SET v = 5 WHERE id = 1";
  Faults faults;
  faults.also = [&](FaultPoint point, int n) {
    if (point == FaultPoint::Begin && n == 2) other << "COMMIT";
  };
  faults.install(*probe.db);
  int runs = 0;
  auto r = probe.db->transact(TxKind::Write, [&](Tx& tx) -> Result<int> {
    soci::session& sql = session_of(tx);
    ++runs;
    sql << "UPDATE retry_probe SET v = v + 1 WHERE id = 1";
    int v = 0;
    sql << "SELECT v FROM retry_probe WHERE id = 1", soci::into(v);
    return v;
  });
  probe.db->set_fault_hook({});
  ASSERT_TRUE(r.ok()) << r.error().detail;
  EXPECT_EQ(*r, 6);
  EXPECT_EQ(runs, 1) << "BEGIN IMMEDIATE was refused, not the body";
  EXPECT_EQ(faults.begins, 2);
}

// SQLite commits concurrent writes in one group (store/engine/write_group.hpp).
// When the group's COMMIT fails busy, nothing of it stays and every member
// still waiting runs again: each member's row is there once. A member that
// refused is refused again; one that threw on its own was answered and is
// not run again.
TEST(TransactionRetry, ARetriedWriteGroupAppliesEachMembersWritesOnce) {
  if (testing::on_postgres()) GTEST_SKIP() << "SQLite's group commit";
  Probe probe("retry_group.db", 2);
  Faults faults;
  faults.plan[{FaultPoint::Commit, 2}] = Fault::Busy;  // the second group: B, C, D, E
  faults.install(*probe.db);
  std::atomic<bool> first_running{false}, release_first{false};
  std::thread first([&] {
    auto r = probe.db->transact(TxKind::Write, [&](Tx& tx) -> Status {
      soci::session& sql = session_of(tx);
      first_running = true;
      EXPECT_TRUE(eventually([&] { return release_first.load(); }));
      insert(sql, 70);
      return ok_status();
    });
    EXPECT_TRUE(r.ok());
  });
  ASSERT_TRUE(eventually([&] { return first_running.load(); }));
  enum class Does { Keep, Refuse, Throw };
  const std::vector<std::pair<int, Does>> members = {
      {71, Does::Keep}, {72, Does::Keep}, {73, Does::Refuse}, {74, Does::Throw}};
  std::vector<std::atomic<int>> runs(members.size());
  std::vector<std::optional<Status>> answers(members.size());
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < members.size(); ++i)
    threads.emplace_back([&, i] {
      answers[i] = probe.db->transact(TxKind::Write, [&, i](Tx& tx) -> Status {
        soci::session& sql = session_of(tx);
        ++runs[i];
        insert(sql, members[i].first);
        if (members[i].second == Does::Refuse) return conflict("test.refused");
        if (members[i].second == Does::Throw) throw std::runtime_error("not the database");
        return ok_status();
      });
    });
  const bool queued = eventually([&] { return probe.db->queued_writes() == members.size(); });
  release_first = true;
  first.join();
  for (auto& t : threads) t.join();
  probe.db->set_fault_hook({});
  ASSERT_TRUE(queued) << "the four writes never queued behind the first";
  EXPECT_EQ(faults.commits, 3) << "first group, failed group, its retry";
  EXPECT_EQ(probe.count(70), 1);
  for (std::size_t i = 0; i < members.size(); ++i) {
    const auto [id, does] = members[i];
    ASSERT_TRUE(answers[i].has_value());
    const Status& answer = *answers[i];
    switch (does) {
      case Does::Keep:
        EXPECT_TRUE(answer.ok()) << id;
        EXPECT_EQ(runs[i], 2) << id;
        EXPECT_EQ(probe.count(id), 1) << id;
        break;
      case Does::Refuse:
        ASSERT_FALSE(answer.ok());
        EXPECT_EQ(answer.error().code, ErrorCode::Conflict);
        EXPECT_EQ(runs[i], 2) << "refused again on the retried group";
        EXPECT_EQ(probe.count(id), 0);
        break;
      case Does::Throw:
        ASSERT_FALSE(answer.ok());
        EXPECT_EQ(answer.error().code, ErrorCode::Unavailable);
        EXPECT_EQ(runs[i], 1) << "answered, not run again";
        EXPECT_EQ(probe.count(id), 0);
        break;
    }
  }
}

}  // namespace
}  // namespace kursbase::store
