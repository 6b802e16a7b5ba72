#pragma once
// One relational database (SQLite file or PostgreSQL server) behind a pool of
// connections, with the one transaction runner every store uses.
//
// Engine-neutral: transaction bodies get a Tx (store/transaction.hpp), and this
// header includes nothing of SOCI. The pool, the SQLite write group and the
// retry loop live in database.cpp; the connections behind a Tx are
// store/engine/connection.hpp.
//
// Thread safety: a Database is shared by all request threads; each call leases
// its own connection from the pool for the duration of the call. Each pooled
// connection keeps the statements prepared on it (store/engine/statement_cache.hpp).
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "domain/core/result.hpp"
#include "store/transaction.hpp"

namespace kursbase::store {

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

  // Runs `fn(tx)` in one transaction and commits when it returns an ok
  // Result (or Status), rolls back otherwise. `tx` (store/transaction.hpp) is
  // the transaction's handle: `fn` passes it to every store call it makes in
  // this transaction (AuditStore::append, EnrollmentStore::roster, …), and it is
  // valid only while `fn` runs. Write transactions on SQLite take the write
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
  //   a group whose commit failed; each try gets a Tx of its own. The answer
  //   is the one of the try that committed. So a body does no I/O outside this database (mail, SMS,
  //   HTTP and files go through the outbox, in the same transaction), and keeps no state across
  //   tries: it builds its answer in locals, and a captured variable is only assigned from what
  //   this try did, never added to (`+=` on a caller's total counts a rolled-back try too). Values
  //   that must not change between tries (the clock, ids shown to the user before the call) are
  //   taken before transact().
  // - Only this runner retries. An Unavailable from here has been retried as
  //   far as is safe; callers pass it on (a background worker logs it and tries
  //   again on its next round), they do not loop on it.
  template <class F>
  auto transact(TxKind kind, F&& fn) -> decltype(fn(std::declval<Tx&>()));

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
  void set_fault_hook(FaultHook hook);
  // Throws what this engine's driver throws for `fault`. SQLite: SQLITE_BUSY
  // (its form of all three conflicts), or SQLITE_IOERR for ConnectionLost (a
  // file has no connection to lose). PostgreSQL: SQLSTATE 40001 (also for
  // Busy: PostgreSQL waits for locks instead), 40P01, or 08006 connection
  // failure.
  [[noreturn]] void throw_fault(Fault fault) const;

  // SQLite: write calls queued for the next group, not yet taken (tests).
  std::size_t queued_writes();

  // SQLite: WAL checkpoints completed by the background checkpointer (tests).
  std::uint64_t wal_checkpoints() const;

  // Applies the engine's pending migrations in order; idempotent.
  Status migrate();
  // The highest applied migration version (0 on an empty database).
  Result<int> schema_version();
  // The versions of the migrations this build carries that the database has
  // not applied, in order; empty when the schema is current. Only reads, so
  // `serve` can check the schema as a role that may not change it.
  Result<std::vector<int>> pending_migrations();

 private:
  // One call's body with its answer, type-erased for the runner, which may run
  // it more than once: `run` runs the body once and keeps its answer (true: the
  // answer is ok, commit it), `fail` replaces the answer with Unavailable.
  // The runner answers every call: when run(kind, body) returns, one of the
  // two has set the answer, and the last one set is the call's. The caller's
  // body lives on its stack for the whole call: no allocation per call.
  struct Body {
    void* call;
    bool (*run)(void* call, Tx& tx);
    void (*fail)(void* call, const std::string& why);
  };

  class Impl;  // the pool, the write group, the fault hook: database.cpp

  explicit Database(std::unique_ptr<Impl> impl);
  // The runner behind transact(): the SQLite write group, retries with
  // back-off, reconnects, the fault seam (database.cpp).
  void run(TxKind kind, const Body& body);

  Engine engine_;
  std::unique_ptr<Impl> impl_;
};

template <class F>
auto Database::transact(TxKind kind, F&& fn) -> decltype(fn(std::declval<Tx&>())) {
  using R = decltype(fn(std::declval<Tx&>()));
  struct Call {
    F& fn;
    std::optional<R> answer;
  };
  Call call{fn, std::nullopt};
  run(kind, Body{&call,
                 [](void* c, Tx& tx) {
                   auto& self = *static_cast<Call*>(c);
                   self.answer.emplace(self.fn(tx));
                   return self.answer->ok();
                 },
                 [](void* c, const std::string& why) {
                   static_cast<Call*>(c)->answer.emplace(unavailable(why));
                 }});
  return std::move(*call.answer);
}

}  // namespace kursbase::store
