#pragma once
// Statements prepared once per database connection and run again with new
// values.
//
// Why: SOCI's one-off `sql << "…"` prepares the statement every time it runs,
// and SQLite parses and plans it anew each time: on a sign-up that was ~40 % of
// the server's CPU (perf, docs/performance.md). The hot paths (sign-up, the
// run a sign-up is for, the rate-limit count, the outbox) keep their
// statements here; everything else stays one-off, which reads more simply.
//
// A cached statement binds the fields of its `Vars` struct by reference once;
// a caller sets the input fields, runs it and reads the output fields. The
// cache belongs to one pooled connection, which one transaction uses at a time
// (store/engine/database.hpp), so it needs no lock. Inside Database::transact,
// `statements(sql)` returns the cache of `sql`'s connection.
#include <soci/soci.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <typeindex>
#include <unordered_map>

namespace kursbase::store {

class PreparedStatement {
 public:
  explicit PreparedStatement(soci::session& sql, std::type_index vars_type)
      : st_(sql), vars_type_(vars_type), sqlite_(sql.get_backend_name() == "sqlite3") {}
  virtual ~PreparedStatement() = default;
  std::type_index vars_type() const { return vars_type_; }
  bool broken() const { return broken_; }

 protected:
  // Runs `f`; a statement that threw is not trusted again (the cache makes a
  // new one next time), and SQLite's statement is reset in any case so that it
  // holds no read snapshot or lock after its last row.
  template <class F>
  auto guarded(F&& f) {
    try {
      auto result = f();
      return result;
    } catch (...) {
      broken_ = true;
      reset();
      throw;
    }
  }
  void reset();

  soci::statement st_;

 private:
  std::type_index vars_type_;
  bool sqlite_;
  bool broken_ = false;
};

template <class Vars>
class Prepared final : public PreparedStatement {
 public:
  template <class Bind>
  Prepared(soci::session& sql, const std::string& query, Bind& bind)
      : PreparedStatement(sql, typeid(Vars)) {
    bind(vars, st_);
    st_.alloc();
    st_.prepare(query);
    st_.define_and_bind();
  }

  Vars vars;  // inputs before run(), the first row's outputs after

  // Runs it; a query's first row lands in `vars`. True when a row came back
  // (otherwise the output fields keep their old values).
  bool run() {
    return guarded([&] {
      const bool got = st_.execute(true);
      reset();
      return got;
    });
  }
  // Runs a query and calls `on_row(vars)` for each row.
  template <class F>
  void each(F&& on_row) {
    guarded([&] {
      st_.execute(false);
      while (st_.fetch()) on_row(vars);
      reset();
      return true;
    });
  }
};

class StatementCache {
 public:
  explicit StatementCache(soci::session& sql) : sql_(sql) {}

  // The statement for `query` on this connection, prepared with `bind(vars,
  // statement)` (which registers soci::use/into on the fields) the first time.
  template <class Vars, class Bind>
  Prepared<Vars>& get(const std::string& query, Bind&& bind) {
    auto it = cache_.find(query);
    if (it != cache_.end() && !it->second->broken()) {
      if (it->second->vars_type() != typeid(Vars))
        throw std::logic_error("one statement cached with two binding types");
      return static_cast<Prepared<Vars>&>(*it->second);
    }
    auto p = std::make_unique<Prepared<Vars>>(sql_, query, bind);
    ++prepared_;
    auto& ref = *p;
    cache_[query] = std::move(p);
    return ref;
  }

  // Before the connection is reopened: its statements die with it.
  void clear() { cache_.clear(); }
  soci::session& session() const { return sql_; }
  // Statements prepared on this connection so far (tests).
  std::size_t prepared() const { return prepared_; }

 private:
  soci::session& sql_;
  std::unordered_map<std::string, std::unique_ptr<PreparedStatement>> cache_;
  std::size_t prepared_ = 0;
};

// The cache of `sql`'s connection; only inside Database::transact.
StatementCache& statements(soci::session& sql);

// Makes `cache` the one statements() returns on this thread while it lives
// (Database::transact, around the caller's work).
class StatementScope {
 public:
  explicit StatementScope(StatementCache& cache);
  ~StatementScope();
  StatementScope(const StatementScope&) = delete;
  StatementScope& operator=(const StatementScope&) = delete;

 private:
  StatementCache* previous_;
};

}  // namespace kursbase::store
