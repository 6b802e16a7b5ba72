#include "store/engine/database.hpp"

#include <gtest/gtest.h>
#include <soci/postgresql/soci-postgresql.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <optional>
#include <thread>
#include <vector>

#include "store/engine/connection.hpp"
#include "store/engine/migrations.hpp"
#include "store/testing/test_database.hpp"

namespace kursbase::store {
namespace {

std::string temp_db(const char* name) { return testing::fresh_database_url(name); }

TEST(DatabaseUrl, ChoosesTheEngine) {
  EXPECT_EQ(parse_database_url("postgresql://u@127.0.0.1:5432/db")->engine, Engine::Postgres);
  EXPECT_EQ(parse_database_url("postgres://x")->engine, Engine::Postgres);
  EXPECT_EQ(parse_database_url("var/kursbase.db")->target, "var/kursbase.db");
  EXPECT_EQ(parse_database_url("sqlite:/tmp/a.db")->target, "/tmp/a.db");
  EXPECT_EQ(parse_database_url("sqlite:///tmp/a.db")->target, "/tmp/a.db");
  EXPECT_FALSE(parse_database_url("sqlite:").ok());
}

TEST(Database, MigratesOnceAndRecordsVersions) {
  auto db = Database::open(temp_db("migrate.db"), 2);
  ASSERT_TRUE(db.ok()) << db.error().detail;
  EXPECT_EQ(*(*db)->schema_version(), 0);
  ASSERT_TRUE((*db)->migrate().ok());
  const int latest = migrations((*db)->engine()).back().version;
  EXPECT_EQ(*(*db)->schema_version(), latest);
  ASSERT_TRUE((*db)->migrate().ok());  // idempotent
  EXPECT_EQ(*(*db)->schema_version(), latest);
}

TEST(Database, PendingMigrationsAreWhatMigrateWouldApplyAndReadingThemChangesNothing) {
  auto db = Database::open(temp_db("pending.db"), 2);
  ASSERT_TRUE(db.ok()) << db.error().detail;
  const auto& all = migrations((*db)->engine());
  auto before = (*db)->pending_migrations();
  ASSERT_TRUE(before.ok()) << before.error().detail;
  ASSERT_EQ(before->size(), all.size());
  EXPECT_EQ(before->front(), all.front().version);
  EXPECT_EQ(before->back(), all.back().version);
  // Asking twice creates nothing (not even schema_migrations).
  EXPECT_EQ((*db)->pending_migrations()->size(), all.size());
  EXPECT_EQ(*(*db)->schema_version(), 0);
  ASSERT_TRUE((*db)->migrate().ok());
  auto after = (*db)->pending_migrations();
  ASSERT_TRUE(after.ok());
  EXPECT_TRUE(after->empty());
  // A migration that was left out (written on a parallel branch) is pending again.
  ASSERT_TRUE((*db)
                  ->transact(TxKind::Write,
                             [&](Tx& tx) -> Status {
                               session_of(tx) << "DELETE FROM schema_migrations WHERE version = 1";
                               return ok_status();
                             })
                  .ok());
  EXPECT_EQ(*(*db)->pending_migrations(), std::vector<int>{1});
}

TEST(Database, RollsBackWhenTheUseCaseFails) {
  auto db = Database::open(temp_db("rollback.db"), 2);
  ASSERT_TRUE(db.ok());
  ASSERT_TRUE((*db)->migrate().ok());
  auto failed = (*db)->transact(TxKind::Write, [](Tx& tx) -> Status {
    soci::session& sql = session_of(tx);
    sql << "UPDATE catalogue_state SET version = 99";
    return conflict("test.conflict");
  });
  EXPECT_FALSE(failed.ok());
  auto version = (*db)->transact(TxKind::Read, [](Tx& tx) -> Result<int> {
    soci::session& sql = session_of(tx);
    int v = 0;
    sql << "SELECT version FROM catalogue_state", soci::into(v);
    return v;
  });
  EXPECT_EQ(*version, 1);
}

// A body's Tx names its engine and kind, and its session is the transaction's
// own: a write made through it is seen by the same body and kept on commit.
TEST(Database, TheBodysTxNamesItsEngineAndKindAndRunsOnItsTransaction) {
  auto db = Database::open(temp_db("tx_handle.db"), 2);
  ASSERT_TRUE(db.ok());
  ASSERT_TRUE((*db)->migrate().ok());
  for (TxKind kind : {TxKind::Read, TxKind::Write}) {
    auto seen = (*db)->transact(kind, [&](Tx& tx) -> Result<int> {
      EXPECT_EQ(tx.engine(), (*db)->engine());
      EXPECT_EQ(tx.kind(), kind);
      soci::session& sql = session_of(tx);
      if (tx.kind() == TxKind::Write) sql << "UPDATE catalogue_state SET version = 7";
      int v = 0;
      sql << "SELECT version FROM catalogue_state", soci::into(v);
      return v;
    });
    ASSERT_TRUE(seen.ok()) << seen.error().detail;
    EXPECT_EQ(*seen, kind == TxKind::Write ? 7 : 1);
  }
  auto kept = (*db)->transact(TxKind::Read, [](Tx& tx) -> Result<int> {
    int v = 0;
    session_of(tx) << "SELECT version FROM catalogue_state", soci::into(v);
    return v;
  });
  EXPECT_EQ(*kept, 7);
}

TEST(Database, DatabaseErrorsBecomeUnavailableNotExceptions) {
  auto db = Database::open(temp_db("errors.db"), 1);
  ASSERT_TRUE(db.ok());
  auto r = (*db)->transact(TxKind::Read, [](Tx& tx) -> Status {
    soci::session& sql = session_of(tx);
    sql << "SELECT count(*) FROM no_such_table";
    return ok_status();
  });
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::Unavailable);
}

// SQLite commits concurrent writes in groups (store/engine/write_group.hpp); each
// call must still get its own outcome: kept, refused (rolled back) or failed
// (rolled back), whatever the other calls in its group did.
TEST(Database, ConcurrentWritesKeepEachCallsOwnOutcome) {
  auto db = Database::open(temp_db("group.db"), 4);
  ASSERT_TRUE(db.ok());
  ASSERT_TRUE(
      (*db)
          ->transact(
              TxKind::Write,
              [](Tx& tx) -> Status {
                soci::session& sql = session_of(tx);
                sql << "CREATE TABLE group_probe (writer INTEGER NOT NULL, n INTEGER NOT NULL)";
                return ok_status();
              })
          .ok());
  constexpr int kThreads = 8, kEach = 60;
  auto refuses = [](int n) { return n % 5 == 1; };
  auto breaks = [&](int n) { return !refuses(n) && n % 7 == 3; };
  std::atomic<int> kept{0}, refused{0}, failed{0}, other{0};
  std::vector<std::thread> threads;
  for (int w = 0; w < kThreads; ++w)
    threads.emplace_back([&, w] {
      for (int n = 0; n < kEach; ++n) {
        auto r = (*db)->transact(TxKind::Write, [&](Tx& tx) -> Status {
          soci::session& sql = session_of(tx);
          sql << "INSERT INTO group_probe (writer, n) VALUES (:w, :n)", soci::use(w, "w"),
              soci::use(n, "n");
          if (refuses(n)) return conflict("test.refused");
          if (breaks(n)) sql << "INSERT INTO no_such_table VALUES (1)";
          return ok_status();
        });
        if (r.ok())
          ++kept;
        else if (r.error().code == ErrorCode::Conflict)
          ++refused;
        else if (r.error().code == ErrorCode::Unavailable)
          ++failed;
        else
          ++other;
      }
    });
  for (auto& t : threads) t.join();
  int want_refused = 0, want_failed = 0;
  for (int n = 0; n < kEach; ++n) {
    want_refused += refuses(n);
    want_failed += breaks(n);
  }
  EXPECT_EQ(refused, want_refused * kThreads);
  EXPECT_EQ(failed, want_failed * kThreads);
  EXPECT_EQ(other, 0);
  EXPECT_EQ(kept, (kEach - want_refused - want_failed) * kThreads);
  auto rows = (*db)->transact(TxKind::Read, [](Tx& tx) -> Result<std::pair<int, int>> {
    soci::session& sql = session_of(tx);
    int all = 0, wrong = 0;
    sql << "SELECT count(*) FROM group_probe", soci::into(all);
    sql << "SELECT count(*) FROM group_probe WHERE n % 5 = 1 OR n % 7 = 3", soci::into(wrong);
    return std::pair{all, wrong};
  });
  ASSERT_TRUE(rows.ok()) << rows.error().detail;
  EXPECT_EQ(rows->first, kept.load());
  EXPECT_EQ(rows->second, 0) << "a refused or failed call left its insert behind";
}

TEST(Database, AWriteStartedInsideAWriteIsRefusedInsteadOfWaitingForItself) {
  if (testing::on_postgres()) GTEST_SKIP() << "SQLite's group commit";
  auto db = Database::open(temp_db("nested.db"), 2);
  ASSERT_TRUE(db.ok());
  std::optional<ErrorCode> inner;
  auto outer = (*db)->transact(TxKind::Write, [&](Tx&) -> Status {
    auto r = (*db)->transact(TxKind::Write, [](Tx&) -> Status { return ok_status(); });
    if (!r) inner = r.error().code;
    return ok_status();
  });
  EXPECT_TRUE(outer.ok());
  EXPECT_EQ(inner, ErrorCode::Unavailable);
}

// Commits leave the WAL to a background checkpointer (store/engine/wal_checkpointer.hpp)
// instead of checkpointing inside the commit that fills it.
TEST(Database, TheWalIsCopiedBackByTheCheckpointerNotByTheCommits) {
  if (testing::on_postgres()) GTEST_SKIP() << "SQLite's WAL";
  auto db = Database::open(temp_db("checkpoint.db"), 2);
  ASSERT_TRUE(db.ok());
  auto autocheckpoint = (*db)->transact(TxKind::Read, [](Tx& tx) -> Result<int> {
    soci::session& sql = session_of(tx);
    int pages = -1;
    sql << "PRAGMA wal_autocheckpoint", soci::into(pages);
    return pages;
  });
  EXPECT_EQ(*autocheckpoint, 0);
  ASSERT_TRUE((*db)->migrate().ok());
  for (int i = 0; i < 20; ++i)
    ASSERT_TRUE((*db)
                    ->transact(TxKind::Write,
                               [](Tx& tx) -> Status {
                                 soci::session& sql = session_of(tx);
                                 sql << "UPDATE catalogue_state SET version = version + 1";
                                 return ok_status();
                               })
                    .ok());
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while ((*db)->wal_checkpoints() == 0 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  EXPECT_GT((*db)->wal_checkpoints(), 0u) << "no checkpoint within 10 s of the commits";
}

TEST(Database, UnreachableServerIsUnavailable) {
  auto db = Database::open("postgresql://nobody@127.0.0.1:1/none?connect_timeout=1", 1);
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.error().code, ErrorCode::Unavailable);
}

// Issue 5: a PostgreSQL restart or a terminated backend costs no request that
// can safely run again: transact() reconnects the pool slot and retries once.
TEST(Database, ReconnectsWhenTheServerDropsItsConnections) {
  if (!testing::on_postgres()) GTEST_SKIP() << "PostgreSQL only";
  const auto url = temp_db("reconnect");
  auto db = Database::open(url, 3);
  ASSERT_TRUE(db.ok()) << db.error().detail;
  ASSERT_TRUE((*db)->migrate().ok());
  auto terminate_all = [&] {
    soci::session admin(soci::postgresql, postgres_conninfo(url));
    int terminated = 0;
    admin << "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
             "WHERE datname = current_database() AND pid <> pg_backend_pid()",
        soci::into(terminated);
    return terminated;
  };
  auto read_version = [&] {
    return (*db)->transact(TxKind::Read, [](Tx& tx) -> Result<int> {
      soci::session& sql = session_of(tx);
      int v = 0;
      sql << "SELECT version FROM catalogue_state", soci::into(v);
      return v;
    });
  };
  const int before = *read_version();
  for (int round = 0; round < 2; ++round) {
    EXPECT_EQ(terminate_all(), 3) << "round " << round;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));  // backends gone
    // Every pool slot was cut: three at once lease all three dead slots.
    std::atomic<int> failures{0};
    std::vector<std::thread> callers;
    for (int i = 0; i < 3; ++i)
      callers.emplace_back([&] {
        auto v = (*db)->transact(TxKind::Read, [](Tx& tx) -> Status {
          soci::session& sql = session_of(tx);
          sql << "SELECT pg_sleep(0.2)";
          return ok_status();
        });
        if (!v.ok()) ++failures;
      });
    for (auto& c : callers) c.join();
    EXPECT_EQ(failures.load(), 0) << "round " << round;
    for (int i = 0; i < 3; ++i) {
      auto v = read_version();
      ASSERT_TRUE(v.ok()) << "round " << round << " call " << i << ": " << v.error().detail;
    }
    auto written = (*db)->transact(TxKind::Write, [](Tx& tx) -> Status {
      soci::session& sql = session_of(tx);
      sql << "UPDATE catalogue_state SET version = version + 1";
      return ok_status();
    });
    ASSERT_TRUE(written.ok()) << written.error().detail;
  }
  EXPECT_EQ(*read_version(), before + 2);
}

// Issue 5: on PostgreSQL the audit log is append-only by privileges too: the
// application role of docs/operations.md may add rows but not change, delete
// or truncate them, nor drop the trigger that guards the owner.
TEST(Database, ApplicationRoleCanOnlyAppendToTheAuditLog) {
  if (!testing::on_postgres()) GTEST_SKIP() << "PostgreSQL only";
  const auto url = temp_db("audit_roles");
  {
    auto owner = Database::open(url, 1);
    ASSERT_TRUE(owner.ok()) << owner.error().detail;
    ASSERT_TRUE((*owner)->migrate().ok());
  }
  const std::string role = "kb_app_" + std::to_string(::getpid());
  soci::session admin(soci::postgresql, postgres_conninfo(url));
  admin << "CREATE ROLE " + role + " LOGIN";
  admin << "GRANT USAGE ON SCHEMA public TO " + role;
  admin << "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO " + role;
  admin << "GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO " + role;
  admin << "REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM " + role;
  const auto at = url.find("://") + 3;
  const auto app_url = url.substr(0, at) + role + url.substr(url.find('@', at));
  {
    auto app = Database::open(app_url, 1);
    ASSERT_TRUE(app.ok()) << app.error().detail;
    auto run = [&](const std::string& statement) {
      return (*app)->transact(TxKind::Write, [&](Tx& tx) -> Status {
        soci::session& sql = session_of(tx);
        sql << statement;
        return ok_status();
      });
    };
    EXPECT_TRUE(run("INSERT INTO audit_log (occurred_at, account_id, account_name, action) "
                    "VALUES ('2027-01-10T10:00:00Z', 1, 'kari', 'person.view')")
                    .ok());
    EXPECT_TRUE(run("UPDATE catalogue_state SET version = version").ok()) << "other tables: normal";
    for (const char* forbidden :
         {"UPDATE audit_log SET action = 'nothing'", "DELETE FROM audit_log", "TRUNCATE audit_log",
          "DROP TRIGGER audit_log_no_change ON audit_log",
          "ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change"}) {
      auto r = run(forbidden);
      ASSERT_FALSE(r.ok()) << forbidden;
      EXPECT_TRUE(r.error().detail.find("permission denied") != std::string::npos ||
                  r.error().detail.find("must be owner") != std::string::npos)
          << forbidden << ": " << r.error().detail;
    }
    int rows = 0;
    EXPECT_TRUE(
        (*app)
            ->transact(TxKind::Read,
                       [&](Tx& tx) -> Status {
                         soci::session& sql = session_of(tx);
                         sql << "SELECT count(*) FROM audit_log WHERE action = 'person.view'",
                             soci::into(rows);
                         return ok_status();
                       })
            .ok());
    EXPECT_EQ(rows, 1);
  }
  admin << "DROP OWNED BY " + role;
  admin << "DROP ROLE " + role;
}

}  // namespace
}  // namespace kursbase::store
