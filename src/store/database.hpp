#pragma once
// One relational database (SQLite file or PostgreSQL server) behind a pool of
// SOCI sessions, with the one transaction runner every store uses.
//
// Thread safety: a Database is shared by all request threads; each call leases
// its own session from the pool for the duration of the call.
#include <chrono>
#include <memory>
#include <string>
#include <thread>

#include <soci/soci.h>

#include "domain/result.hpp"

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
  // Opens `pool_size` connections. For SQLite: WAL, foreign keys, a busy timeout,
  // synchronous=FULL (a confirmed sign-up survives power loss).
  static Result<std::unique_ptr<Database>> open(const std::string& url, std::size_t pool_size);
  ~Database();

  Engine engine() const { return engine_; }

  // Runs `fn(session)` in one transaction and commits when it returns an ok
  // Result, rolls back otherwise. Write transactions on SQLite take the write
  // lock up front (BEGIN IMMEDIATE), so a read-then-write never deadlocks.
  // Busy databases, serialization failures and deadlocks are retried with
  // back-off here, and nowhere else; other database errors become Unavailable.
  // A lost PostgreSQL connection (server restart, terminated backend) is
  // reconnected in its pool slot and the transaction run once more, unless it
  // was lost during COMMIT, whose outcome is then unknown (Unavailable).
  template <class F>
  auto transact(TxKind kind, F&& fn) -> decltype(fn(std::declval<soci::session&>()));

  // Applies the engine's pending migrations in order; idempotent.
  Status migrate();
  // The highest applied migration version (0 on an empty database).
  Result<int> schema_version();

 private:
  Database(Engine engine, std::size_t pool_size);
  void begin(soci::session& sql, TxKind kind);
  static bool is_retryable(const std::exception& e);
  // True when `e` (or the session's state) says the connection is gone.
  bool connection_lost(soci::session& sql, const std::exception& e) const;
  // Reopens the session's connection; false when that fails too.
  static bool reconnect(soci::session& sql) noexcept;
  static std::string describe(const std::exception& e);

  Engine engine_;
  soci::connection_pool pool_;
  std::size_t pool_size_;
};

template <class F>
auto Database::transact(TxKind kind, F&& fn) -> decltype(fn(std::declval<soci::session&>())) {
  constexpr int kMaxAttempts = 8;
  auto backoff = std::chrono::milliseconds(2);
  bool reconnected = false;
  for (int attempt = 1;; ++attempt) {
    soci::session sql(pool_);
    bool committing = false;
    try {
      begin(sql, kind);
      auto result = fn(sql);
      committing = result.ok();
      sql << (result.ok() ? "COMMIT" : "ROLLBACK");
      return result;
    } catch (const std::exception& e) {
      if (connection_lost(sql, e)) {
        // The server rolled back whatever was open; only a COMMIT in flight
        // may or may not have happened, so that is not run again.
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
