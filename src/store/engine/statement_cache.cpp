#include "store/engine/statement_cache.hpp"

#include <soci/sqlite3/soci-sqlite3.h>
#include <sqlite3.h>

namespace kursbase::store {
namespace {
thread_local StatementCache* current = nullptr;
}  // namespace

void PreparedStatement::reset() {
  // SQLite keeps a statement that has not run to its end active: it would hold
  // the connection's read snapshot into the next transaction. PostgreSQL's
  // prepared statements hold nothing between runs.
  // (static_cast: Debian's SOCI exports no typeinfo for its backends.)
  if (!sqlite_) return;
  if (auto* b = static_cast<soci::sqlite3_statement_backend*>(st_.get_backend()); b && b->stmt_)
    sqlite3_reset(b->stmt_);
}

StatementCache& statements(soci::session& sql) {
  if (current == nullptr || &current->session() != &sql)
    throw std::logic_error("statements() used outside the transaction of its connection");
  return *current;
}

StatementScope::StatementScope(StatementCache& cache) : previous_(current) { current = &cache; }
StatementScope::~StatementScope() { current = previous_; }

}  // namespace kursbase::store
