#pragma once
// One relational database (SQLite file or PostgreSQL server) behind a pool of
// SOCI sessions, with the one transaction runner every store uses.
//
// Thread safety: a Database is shared by all request threads; each call leases
// its own connection from the pool for the duration of the call. Each pooled
// connection keeps the statements prepared on it (store/engine/statement_cache.hpp).
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <optional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <soci/soci.h>

#include "domain/core/result.hpp"
#include "store/engine/statement_cache.hpp"
#include "store/engine/wal_checkpointer.hpp"
#include "store/engine/write_group.hpp"

namespace kursbase::store {

enum class Engine { Sqlite, Postgres };

struct DatabaseUrl {
  Engine engine = Engine::Sqlite;
  std::string target;  // file path for SQLite, libpq connection string for PostgreSQL
};

// "postgresql://…" or "postgres://…" → PostgreSQL; "sqlite:PATH", "sqlite://PATH"
// or a plain path → SQLite.
Result<DatabaseUrl> parse_database_url(const std::string& url);

// "postgresql://user:pw@host:port/db?sslmode=x" → "host=host port=port user=user
// password=pw dbname=db sslmode=x": SOCI 4.0 mangles libpq URIs (the database
// name becomes "db="), so PostgreSQL sessions are opened with key=value pairs.
// Anything that is not a URI is returned unchanged.
std::string postgres_conninfo(const std::string& url);

enum class TxKind { Read, Write };

class Database {
 public:
  // Most write calls committed together by default (their callers wait for the group).
  static constexpr std::size_t kMaxGroup = 64;

  // Opens `pool_size` connections. For SQLite: WAL, foreign keys, a busy timeout,
  // synchronous=FULL (a confirmed sign-up survives power loss).
  // `write_group`: SQLite commits up to this many concurrent write calls
  // together (1: each call its own commit).
  static Result<std::unique_ptr<Database>> open(const std::string& url, std::size_t pool_size,
                                                std::size_t write_group = kMaxGroup);
  ~Database();

  Engine engine() const { return engine_; }

  // Runs `fn(session)` in one transaction and commits when it returns an ok
  // Result, rolls back otherwise. Write transactions on SQLite take the write
  // lock up front (BEGIN IMMEDIATE), so a read-then-write never deadlocks, and
  // are committed in groups (store/engine/write_group.hpp): `fn` may then run on
  // another thread, in a savepoint of a transaction that holds the changes of
  // other calls made before it, and must not start a write of its own. It is
  // answered only after the commit. PostgreSQL commits each call on its own
  // (it syncs concurrent commits together itself).
  // Busy databases, serialization failures and deadlocks are retried with
  // back-off here, and nowhere else; other database errors become Unavailable.
  // A lost PostgreSQL connection (server restart, terminated backend) is
  // reconnected in its pool slot and the transaction run once more, unless it
  // was lost during COMMIT, whose outcome is then unknown (Unavailable).
  template <class F>
  auto transact(TxKind kind, F&& fn) -> decltype(fn(std::declval<soci::session&>()));

  // SQLite: WAL checkpoints completed by the background checkpointer (tests).
  std::uint64_t wal_checkpoints() const { return checkpointer_ ? checkpointer_->completed() : 0; }

  // Applies the engine's pending migrations in order; idempotent.
  Status migrate();
  // The highest applied migration version (0 on an empty database).
  Result<int> schema_version();

 private:
  // Busy databases and serialization failures: tries in all.
  static constexpr int kMaxAttempts = 8;

  // One SQLite write transaction waiting for its group's commit.
  struct WriteJob {
    std::function<bool(soci::session&)> run;     // the caller's work; true: keep it
    std::function<void(const std::string&)> fail;  // answers the caller Unavailable
  };

  // One pooled connection and the statements prepared on it.
  struct Slot {
    soci::session session;
    StatementCache statements{session};
  };
  // Waits for a free connection and gives it back when it goes.
  class Lease {
   public:
    explicit Lease(Database& db);
    ~Lease();
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    Slot& slot() { return *slot_; }

   private:
    Database& db_;
    Slot* slot_;
  };

  Database(Engine engine, std::size_t pool_size, std::size_t write_group);
  void begin(soci::session& sql, TxKind kind);
  // Runs a statement without values (BEGIN, COMMIT, …) from the connection's cache.
  static void exec(soci::session& sql, const char* text);
  void write_in_group(WriteJob& job);
  void commit_group(const std::vector<WriteJob*>& group);
  static bool is_retryable(const std::exception& e);
  // True when `e` (or the session's state) says the connection is gone.
  bool connection_lost(soci::session& sql, const std::exception& e) const;
  // Reopens the session's connection; false when that fails too.
  static bool reconnect(soci::session& sql) noexcept;
  static std::string describe(const std::exception& e);

  Engine engine_;
  std::vector<std::unique_ptr<Slot>> slots_;
  std::vector<Slot*> free_slots_;
  std::mutex pool_mutex_;
  std::condition_variable slot_freed_;
  WriteGroup<WriteJob> write_group_;
  std::unique_ptr<WalCheckpointer> checkpointer_;  // SQLite only; stops before the pool closes
};

template <class F>
auto Database::transact(TxKind kind, F&& fn) -> decltype(fn(std::declval<soci::session&>())) {
  using R = decltype(fn(std::declval<soci::session&>()));
  if (engine_ == Engine::Sqlite && kind == TxKind::Write) {
    std::optional<R> result;
    WriteJob job{[&](soci::session& sql) {
                   result.emplace(fn(sql));
                   return result->ok();
                 },
                 [&](const std::string& why) { result.emplace(unavailable(why)); }};
    write_in_group(job);
    return std::move(*result);
  }
  auto backoff = std::chrono::milliseconds(2);
  bool reconnected = false;
  for (int attempt = 1;; ++attempt) {
    Lease lease(*this);
    soci::session& sql = lease.slot().session;
    StatementScope scope(lease.slot().statements);
    bool committing = false;
    try {
      begin(sql, kind);
      auto result = fn(sql);
      committing = result.ok();
      exec(sql, result.ok() ? "COMMIT" : "ROLLBACK");
      return result;
    } catch (const std::exception& e) {
      if (connection_lost(sql, e)) {
        // The server rolled back whatever was open; only a COMMIT in flight
        // may or may not have happened, so that is not run again.
        lease.slot().statements.clear();
        const bool reopened = reconnect(sql);
        if (reopened && !committing && !reconnected) {
          reconnected = true;
          continue;
        }
        return unavailable(describe(e));
      }
      try {
        sql << "ROLLBACK";
      } catch (...) {  // the transaction may already be gone
      }
      if (attempt < kMaxAttempts && is_retryable(e)) {
        std::this_thread::sleep_for(backoff);
        backoff *= 2;
        continue;
      }
      return unavailable(describe(e));
    }
  }
}

}  // namespace kursbase::store
