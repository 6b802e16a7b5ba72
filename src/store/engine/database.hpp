#pragma once
// One relational database (SQLite file or PostgreSQL server) behind a pool of
// SOCI sessions, with the one transaction runner every store uses.
//
// Thread safety: a Database is shared by all request threads; each call leases
// its own connection from the pool for the duration of the call. Each pooled
// connection keeps the statements prepared on it (store/engine/statement_cache.hpp).
#include <soci/soci.h>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "domain/core/result.hpp"
#include "store/engine/statement_cache.hpp"
#include "store/engine/write_group.hpp"

namespace kursbase::store {

class WalCheckpointer;  // store/engine/wal_checkpointer.hpp

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

// Where Database's fault seam may make a transaction fail, and how (tests).
enum class FaultPoint { Begin, Commit };
enum class Fault { Busy, SerializationFailure, Deadlock, ConnectionLost };

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
  // other calls made before it, and must not start a write of its own (that is
  // refused with Unavailable). It is answered only after the commit. PostgreSQL
  // commits each call on its own (it syncs concurrent commits together itself).
  //
  // The error contract of a transaction body, for every store and use case:
  // - What it returns is the answer. An ok Result commits; an error (a refusal:
  //   InvalidInput, NotFound, Conflict, Forbidden, or an Unavailable of its own)
  //   rolls back and comes back unchanged and is not retried: the same request
  //   would be refused again.
  // - Database exceptions (soci_error and the drivers' own) are let through, not
  //   caught: the runner decides what they mean, here and nowhere else.
  //   Busy (SQLITE_BUSY, SQLITE_LOCKED), serialization failure (SQLSTATE 40001)
  //   and deadlock (40P01) are retried with back-off, kMaxAttempts tries in all,
  //   then Unavailable. A lost PostgreSQL connection (server restart, terminated
  //   backend) is reconnected in its pool slot and the body run once more,
  //   unless it was lost during COMMIT, whose outcome is then unknown
  //   (Unavailable, not run again). Any other database error is Unavailable. A
  //   body that catches these itself and answers an error turns a conflict that
  //   a second try would have passed into a failure its caller sees; one that
  //   catches and goes on works in a transaction PostgreSQL has already aborted.
  // - Any other exception rolls back and becomes Unavailable, not retried.
  //   Nothing the body throws leaves transact().
  // - The body may run more than once for one call: after busy, serialization
  //   failure or deadlock, after a reconnect, and on SQLite for every member of
  //   a group whose commit failed. The answer is the one of the try that
  //   committed. So a body does no I/O outside this database (mail, SMS, HTTP
  //   and files go through the outbox, in the same transaction), and keeps no
  //   state across tries: it builds its answer in locals, and a captured
  //   variable is only assigned from what this try did, never added to (`+=`
  //   on a caller's total counts a rolled-back try too). Values that must not
  //   change between tries (the clock, ids shown to the user before the call)
  //   are taken before transact().
  // - Only this runner retries. An Unavailable from here has been retried as
  //   far as is safe; callers pass it on (a background worker logs it and tries
  //   again on its next round), they do not loop on it.
  template <class F>
  auto transact(TxKind kind, F&& fn) -> decltype(fn(std::declval<soci::session&>()));

  // Busy databases, serialization failures and deadlocks: tries in all.
  static constexpr int kMaxAttempts = 8;

  // Fault seam for tests of the runner (store/engine/transaction_retry_test.cpp).
  // The hook is called with the step and the transaction's kind, on the thread
  // that runs the attempt, before each BEGIN and before each COMMIT (not before
  // a ROLLBACK), so it sees and can count every attempt. It may throw a
  // std::exception, e.g. throw_fault(), to make that step fail as the engine
  // would (the SQLite group's leader lets no other kind out). Unset, it costs
  // one test of an empty std::function per step. Not synchronised: set it
  // while no transaction runs.
  using FaultHook = std::function<void(FaultPoint, TxKind)>;
  void set_fault_hook(FaultHook hook) { fault_hook_ = std::move(hook); }
  // Throws what this engine's driver throws for `fault`. SQLite: SQLITE_BUSY
  // (its form of all three conflicts), or SQLITE_IOERR for ConnectionLost (a
  // file has no connection to lose). PostgreSQL: SQLSTATE 40001 (also for
  // Busy: PostgreSQL waits for locks instead), 40P01, or 08006 connection
  // failure.
  [[noreturn]] void throw_fault(Fault fault) const;

  // SQLite: write calls queued for the next group, not yet taken (tests).
  std::size_t queued_writes() { return write_group_.waiting(); }

  // SQLite: WAL checkpoints completed by the background checkpointer (tests).
  std::uint64_t wal_checkpoints() const;

  // Applies the engine's pending migrations in order; idempotent.
  Status migrate();
  // The highest applied migration version (0 on an empty database).
  Result<int> schema_version();

 private:
  // One SQLite write transaction waiting for its group's commit.
  struct WriteJob {
    std::function<bool(soci::session&)> run;       // the caller's work; true: keep it
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
  void fault_point(FaultPoint point, TxKind kind) {
    if (fault_hook_) [[unlikely]]
      fault_hook_(point, kind);
  }

  Engine engine_;
  std::vector<std::unique_ptr<Slot>> slots_;
  std::vector<Slot*> free_slots_;
  std::mutex pool_mutex_;
  std::condition_variable slot_freed_;
  WriteGroup<WriteJob> write_group_;
  FaultHook fault_hook_;                           // empty unless a test set one
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
      fault_point(FaultPoint::Begin, kind);
      begin(sql, kind);
      auto result = fn(sql);
      committing = result.ok();
      if (committing) fault_point(FaultPoint::Commit, kind);
      exec(sql, committing ? "COMMIT" : "ROLLBACK");
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
    } catch (...) {  // not an exception type of ours or SOCI's: not retried
      try {
        sql << "ROLLBACK";
      } catch (...) {  // the transaction may already be gone
      }
      return unavailable("unexpected error in a transaction");
    }
  }
}

}  // namespace kursbase::store
