#include "store/engine/database.hpp"

#include <soci/postgresql/soci-postgresql.h>
#include <soci/sqlite3/soci-sqlite3.h>
#include <sqlite3.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "store/engine/connection.hpp"
#include "store/engine/migrations.hpp"
#include "store/engine/statement_cache.hpp"
#include "store/engine/wal_checkpointer.hpp"
#include "store/engine/write_group.hpp"

namespace kursbase::store {

Result<DatabaseUrl> parse_database_url(const std::string& url) {
  auto starts = [&](std::string_view p) { return url.rfind(p, 0) == 0; };
  if (starts("postgresql://") || starts("postgres://")) return DatabaseUrl{Engine::Postgres, url};
  std::string path = url;
  if (starts("sqlite://"))
    path = url.substr(9);
  else if (starts("sqlite:"))
    path = url.substr(7);
  if (path.empty()) return invalid_input("error.database_url", "empty database path");
  return DatabaseUrl{Engine::Sqlite, path};
}

namespace {
// libpq conninfo values are quoted when they hold spaces, quotes or backslashes.
std::string conninfo_value(std::string v) {
  if (!v.empty() && v.find_first_of(" '\\") == std::string::npos) return v;
  std::string out = "'";
  for (char c : v) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  return out + "'";
}

std::string percent_decode(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      out += static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}
}  // namespace

std::string postgres_conninfo(const std::string& url) {
  std::string_view rest(url);
  bool is_uri = false;
  for (std::string_view scheme : {"postgresql://", "postgres://"})
    if (!is_uri && rest.rfind(scheme, 0) == 0) {
      rest.remove_prefix(scheme.size());
      is_uri = true;
    }
  if (!is_uri) return url;
  std::string out;
  auto add = [&](std::string_view key, std::string_view value) {
    if (value.empty()) return;
    if (!out.empty()) out += ' ';
    out += std::string(key) + "=" + conninfo_value(percent_decode(value));
  };
  std::string_view query;
  if (auto q = rest.find('?'); q != std::string_view::npos) {
    query = rest.substr(q + 1);
    rest = rest.substr(0, q);
  }
  std::string_view dbname;
  if (auto slash = rest.find('/'); slash != std::string_view::npos) {
    dbname = rest.substr(slash + 1);
    rest = rest.substr(0, slash);
  }
  if (auto at = rest.rfind('@'); at != std::string_view::npos) {
    auto userinfo = rest.substr(0, at);
    rest = rest.substr(at + 1);
    if (auto colon = userinfo.find(':'); colon != std::string_view::npos) {
      add("user", userinfo.substr(0, colon));
      add("password", userinfo.substr(colon + 1));
    } else {
      add("user", userinfo);
    }
  }
  std::string_view host = rest, port;
  if (auto colon = rest.rfind(':');
      colon != std::string_view::npos && rest.find(']') == std::string_view::npos) {
    host = rest.substr(0, colon);
    port = rest.substr(colon + 1);
  }
  add("host", host);
  add("port", port);
  add("dbname", dbname);
  while (!query.empty()) {
    auto amp = query.find('&');
    auto pair = query.substr(0, amp);
    if (auto eq = pair.find('='); eq != std::string_view::npos)
      add(pair.substr(0, eq), pair.substr(eq + 1));
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return out;
}

// The pool of connections, the SQLite write group and the retry loop behind
// Database::transact(). Everything here that names SOCI stays in this file.
class Database::Impl {
 public:
  Impl(Engine engine, std::size_t pool_size, std::size_t write_group)
      : engine_(engine), write_group_(write_group) {
    for (std::size_t i = 0; i < std::max<std::size_t>(pool_size, 1); ++i) {
      connections_.push_back(std::make_unique<Connection>());
      free_.push_back(connections_.back().get());
    }
  }

  void run(TxKind kind, const Body& body);
  static bool is_retryable(const std::exception& e);
  static std::string describe(const std::exception& e);

  const Engine engine_;
  std::vector<std::unique_ptr<Connection>> connections_;
  std::vector<Connection*> free_;
  std::mutex pool_mutex_;
  std::condition_variable freed_;
  WriteGroup<const Body> write_group_;
  FaultHook fault_hook_;                           // empty unless a test set one
  std::unique_ptr<WalCheckpointer> checkpointer_;  // SQLite only; stops before the pool closes

 private:
  // Waits for a free connection and gives it back when it goes.
  class Lease {
   public:
    explicit Lease(Impl& pool);
    ~Lease();
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    Connection& connection() { return *connection_; }

   private:
    Impl& pool_;
    Connection* connection_;
  };

  void begin(soci::session& sql, TxKind kind);
  // Runs a statement without values (BEGIN, COMMIT, …) from the connection's cache.
  static void exec(soci::session& sql, const char* text);
  void write_in_group(const Body& body);
  void commit_group(const std::vector<const Body*>& group);
  // True when `e` (or the session's state) says the connection is gone.
  bool connection_lost(soci::session& sql, const std::exception& e) const;
  // Reopens the session's connection; false when that fails too.
  static bool reconnect(soci::session& sql) noexcept;
  void fault_point(FaultPoint point, TxKind kind) {
    if (fault_hook_) [[unlikely]]
      fault_hook_(point, kind);
  }
};

Database::Database(std::unique_ptr<Impl> impl) : engine_(impl->engine_), impl_(std::move(impl)) {}

Database::Impl::Lease::Lease(Impl& pool) : pool_(pool) {
  std::unique_lock lock(pool_.pool_mutex_);
  pool_.freed_.wait(lock, [&] { return !pool_.free_.empty(); });
  connection_ = pool_.free_.back();
  pool_.free_.pop_back();
}

Database::Impl::Lease::~Lease() {
  {
    std::lock_guard lock(pool_.pool_mutex_);
    pool_.free_.push_back(connection_);
  }
  pool_.freed_.notify_one();
}

Database::~Database() = default;

void Database::set_fault_hook(FaultHook hook) { impl_->fault_hook_ = std::move(hook); }

std::size_t Database::queued_writes() { return impl_->write_group_.waiting(); }

std::uint64_t Database::wal_checkpoints() const {
  return impl_->checkpointer_ ? impl_->checkpointer_->completed() : 0;
}

Result<std::unique_ptr<Database>> Database::open(const std::string& url, std::size_t pool_size,
                                                 std::size_t write_group) {
  auto parsed = parse_database_url(url);
  if (!parsed) return parsed.error();
  auto impl = std::make_unique<Impl>(parsed->engine, pool_size, write_group);
  try {
    for (auto& connection : impl->connections_) {
      soci::session& sql = connection->session;
      if (parsed->engine == Engine::Sqlite) {
        const auto dir = std::filesystem::path(parsed->target).parent_path();
        if (!dir.empty()) std::filesystem::create_directories(dir);
        // SOCI's connection string is "key=value ..."; quote the path for spaces.
        sql.open(soci::sqlite3, "db=\"" + parsed->target + "\" timeout=10");
        sql << "PRAGMA journal_mode = WAL";
        sql << "PRAGMA foreign_keys = ON";
        sql << "PRAGMA synchronous = FULL";
        sql << "PRAGMA wal_autocheckpoint = 0";  // store/engine/wal_checkpointer.hpp
        sql << "PRAGMA busy_timeout = 10000";
      } else {
        sql.open(soci::postgresql, postgres_conninfo(parsed->target));
      }
    }
    if (parsed->engine == Engine::Sqlite)
      impl->checkpointer_ = std::make_unique<WalCheckpointer>(parsed->target);
  } catch (const std::exception& e) {
    return unavailable("cannot open database: " + Impl::describe(e));
  }
  return std::unique_ptr<Database>(new Database(std::move(impl)));
}

void Database::run(TxKind kind, const Body& body) { impl_->run(kind, body); }

// PostgreSQL, and reads on SQLite: each call its own transaction, retried here.
void Database::Impl::run(TxKind kind, const Body& body) {
  if (engine_ == Engine::Sqlite && kind == TxKind::Write) {
    write_in_group(body);
    return;
  }
  auto backoff = std::chrono::milliseconds(2);
  bool reconnected = false;
  for (int attempt = 1;; ++attempt) {
    Lease lease(*this);
    Connection& connection = lease.connection();
    soci::session& sql = connection.session;
    StatementScope scope(connection.statements);
    bool committing = false;
    try {
      fault_point(FaultPoint::Begin, kind);
      begin(sql, kind);
      Tx tx = connection.tx(engine_, kind);
      committing = body.run(body.call, tx);
      if (committing) fault_point(FaultPoint::Commit, kind);
      exec(sql, committing ? "COMMIT" : "ROLLBACK");
      return;
    } catch (const std::exception& e) {
      if (connection_lost(sql, e)) {
        // The server rolled back whatever was open; only a COMMIT in flight
        // may or may not have happened, so that is not run again.
        connection.statements.clear();
        const bool reopened = reconnect(sql);
        if (reopened && !committing && !reconnected) {
          reconnected = true;
          continue;
        }
        body.fail(body.call, describe(e));
        return;
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
      body.fail(body.call, describe(e));
      return;
    } catch (...) {  // not an exception type of ours or SOCI's: not retried
      try {
        sql << "ROLLBACK";
      } catch (...) {  // the transaction may already be gone
      }
      body.fail(body.call, "unexpected error in a transaction");
      return;
    }
  }
}

void Database::Impl::begin(soci::session& sql, TxKind kind) {
  if (engine_ == Engine::Sqlite)
    exec(sql, kind == TxKind::Write ? "BEGIN IMMEDIATE" : "BEGIN");
  else
    exec(sql, kind == TxKind::Write ? "BEGIN" : "BEGIN READ ONLY");
}

void Database::Impl::exec(soci::session& sql, const char* text) {
  struct NoValues {};
  statements(sql).get<NoValues>(text, [](NoValues&, soci::statement&) {}).run();
}

void Database::Impl::write_in_group(const Body& body) {
  if (decltype(write_group_)::leading()) {
    body.fail(body.call, "a write transaction was started inside another one");
    return;
  }
  write_group_.run(body, [this](const std::vector<const Body*>& group) { commit_group(group); });
}

// One transaction for the group, each job in its own savepoint so that a job
// that fails or answers "no" (a refused sign-up) leaves the others' changes in.
// When the transaction itself fails (busy, disk error at COMMIT), nothing of it
// stays and every job still waiting runs again in the next attempt; a job that
// threw on its own is answered and not run again. A group of one runs without
// savepoints: the same statements as a transaction on its own.
void Database::Impl::commit_group(const std::vector<const Body*>& group) {
  auto backoff = std::chrono::milliseconds(2);
  std::vector<const Body*> pending = group;
  for (int attempt = 1; !pending.empty(); ++attempt) {
    std::vector<const Body*> answered;  // threw on its own: answered, not run again
    Lease lease(*this);
    Connection& connection = lease.connection();
    soci::session& sql = connection.session;
    StatementScope scope(connection.statements);
    const bool alone = pending.size() == 1;
    try {
      fault_point(FaultPoint::Begin, TxKind::Write);
      exec(sql, "BEGIN IMMEDIATE");
      bool kept_any = false;
      for (auto* job : pending) {
        if (!alone) exec(sql, "SAVEPOINT job");
        bool keep = false;
        try {
          Tx tx = connection.tx(engine_, TxKind::Write);
          keep = job->run(job->call, tx);
        } catch (const std::exception& e) {
          if (is_retryable(e)) throw;
          job->fail(job->call, describe(e));
          answered.push_back(job);
          if (alone) throw;
        } catch (...) {  // not from SOCI; must not escape the group's leader
          job->fail(job->call, "unexpected error in a write transaction");
          answered.push_back(job);
          if (alone) throw std::runtime_error("unexpected error in a write transaction");
        }
        if (!alone) {
          if (!keep) exec(sql, "ROLLBACK TO job");
          exec(sql, "RELEASE job");
        }
        kept_any = kept_any || keep;
      }
      if (kept_any) fault_point(FaultPoint::Commit, TxKind::Write);
      exec(sql, kept_any ? "COMMIT" : "ROLLBACK");
      if (kept_any && checkpointer_) checkpointer_->nudge();
      return;
    } catch (const std::exception& e) {
      try {
        sql << "ROLLBACK";
      } catch (...) {  // the transaction may already be gone
      }
      std::erase_if(pending, [&](const Body* j) {
        return std::find(answered.begin(), answered.end(), j) != answered.end();
      });
      const bool retryable = is_retryable(e);
      if (attempt < kMaxAttempts && (retryable || !answered.empty())) {
        if (retryable) {
          std::this_thread::sleep_for(backoff);
          backoff *= 2;
        }
        continue;
      }
      for (auto* job : pending) job->fail(job->call, describe(e));
      return;
    }
  }
}

void Database::throw_fault(Fault fault) const {
  const std::string what = "injected fault";
  if (engine_ == Engine::Sqlite) {
    switch (fault) {
      case Fault::ConnectionLost:
        throw soci::sqlite3_soci_error(what + ": disk I/O error", SQLITE_IOERR);
      default:
        throw soci::sqlite3_soci_error(what + ": database is locked", SQLITE_BUSY);
    }
  }
  switch (fault) {
    case Fault::Busy:
    case Fault::SerializationFailure:
      throw soci::postgresql_soci_error(what + ": could not serialize access", "40001");
    case Fault::Deadlock:
      throw soci::postgresql_soci_error(what + ": deadlock detected", "40P01");
    case Fault::ConnectionLost:
      throw soci::postgresql_soci_error(what + ": server closed the connection", "08006");
  }
  throw soci::soci_error(what);
}

bool Database::Impl::is_retryable(const std::exception& e) {
  if (auto* s = dynamic_cast<const soci::sqlite3_soci_error*>(&e)) {
    const int code = s->result() & 0xFF;
    return code == SQLITE_BUSY || code == SQLITE_LOCKED;
  }
  if (auto* p = dynamic_cast<const soci::postgresql_soci_error*>(&e)) {
    const auto state = p->sqlstate();
    // serialization_failure, deadlock_detected
    return state == "40001" || state == "40P01";
  }
  return false;
}

bool Database::Impl::connection_lost(soci::session& sql, const std::exception& e) const {
  if (engine_ != Engine::Postgres) return false;
  if (auto* p = dynamic_cast<const soci::postgresql_soci_error*>(&e)) {
    const auto state = p->sqlstate();
    // connection_exception (08…), admin_shutdown / crash_shutdown /
    // cannot_connect_now (pg_terminate_backend, server restart).
    if (state.rfind("08", 0) == 0 || state == "57P01" || state == "57P02" || state == "57P03")
      return true;
    // Any other SQLSTATE came from the server over a working connection.
    if (!state.empty()) return false;
  }
  if (auto* se = dynamic_cast<const soci::soci_error*>(&e);
      se && se->get_error_category() == soci::soci_error::connection_error)
    return true;
  try {
    return !sql.is_connected();  // PQstatus(conn) == CONNECTION_BAD
  } catch (...) {
    return true;
  }
}

bool Database::Impl::reconnect(soci::session& sql) noexcept {
  try {
    sql.reconnect();
    return sql.is_connected();
  } catch (...) {
    return false;
  }
}

std::string Database::Impl::describe(const std::exception& e) {
  // SOCI messages can quote bound values; keep only the engine's own message
  // (its first line), which names no user data, for the logs.
  std::string text = e.what();
  if (auto* se = dynamic_cast<const soci::soci_error*>(&e)) text = se->get_error_message();
  if (auto nl = text.find('\n'); nl != std::string::npos) text.resize(nl);
  return text;
}

Result<int> Database::schema_version() {
  return transact(TxKind::Read, [&](Tx& tx) -> Result<int> {
    soci::session& sql = session_of(tx);
    int exists = 0;
    if (engine_ == Engine::Sqlite)
      sql << "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = "
             "'schema_migrations'",
          soci::into(exists);
    else
      sql << "SELECT count(*) FROM information_schema.tables WHERE table_name = "
             "'schema_migrations' AND table_schema = current_schema()",
          soci::into(exists);
    if (!exists) return 0;
    int version = 0;
    soci::indicator ind;
    sql << "SELECT max(version) FROM schema_migrations", soci::into(version, ind);
    return ind == soci::i_ok ? version : 0;
  });
}

Result<std::vector<int>> Database::pending_migrations() {
  auto version = schema_version();  // 0 also when schema_migrations is missing
  if (!version) return version.error();
  return transact(TxKind::Read, [&](Tx& tx) -> Result<std::vector<int>> {
    std::set<int> applied;
    if (*version > 0) {
      soci::session& sql = session_of(tx);
      int v = 0;
      soci::statement st = (sql.prepare << "SELECT version FROM schema_migrations", soci::into(v));
      st.execute();
      while (st.fetch()) applied.insert(v);
    }
    std::vector<int> pending;
    for (const auto& m : migrations(engine_))
      if (!applied.count(m.version)) pending.push_back(m.version);
    return pending;
  });
}

Status Database::migrate() {
  return transact(TxKind::Write, [&](Tx& tx) -> Status {
    soci::session& sql = session_of(tx);
    if (engine_ == Engine::Postgres) {
      // Several servers may start at once: one migrates, the others wait here.
      sql << "SELECT pg_advisory_xact_lock(7261001)";
    }
    sql << "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
           "name TEXT NOT NULL, applied_at TEXT NOT NULL)";
    // Apply every migration not yet recorded (not just those above the
    // highest): migrations written on parallel branches may land out of order.
    std::set<int> applied;
    {
      int version = 0;
      soci::statement st =
          (sql.prepare << "SELECT version FROM schema_migrations", soci::into(version));
      st.execute();
      while (st.fetch()) applied.insert(version);
    }
    for (const auto& m : migrations(engine_)) {
      if (applied.count(m.version)) continue;
      run_script(sql, m.sql);
      // Named, not temporaries: SOCI runs a one-off statement when the full
      // expression ends, after temporary strings bound with use() are gone.
      const std::string name(m.name), applied_at = utc_now_text();
      sql << "INSERT INTO schema_migrations (version, name, applied_at) VALUES (:v, :n, :t)",
          soci::use(m.version), soci::use(name), soci::use(applied_at);
    }
    return ok_status();
  });
}

}  // namespace kursbase::store
