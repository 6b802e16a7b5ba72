#pragma once
// One pooled database connection of a Database and the statements prepared on
// it, and the way from a transaction handle (store/transaction.hpp) to the SOCI
// session it runs on.
//
// Engine machinery: for store/engine, store/sql, store/sqlite, store/postgres and
// the store/testing fixtures only (scripts/check-layering.py keeps SOCI there).
// Everything above the store passes a Tx and never sees the session.
//
// Thread safety: one transaction uses a connection at a time (the pool leases
// it out whole), so neither the session nor its statement cache has a lock.
#include <soci/soci.h>

#include "store/engine/statement_cache.hpp"
#include "store/transaction.hpp"

namespace kursbase::store {

class Connection {
 public:
  Connection() = default;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // The handle of a transaction the runner has begun on this connection.
  Tx tx(Engine engine, TxKind kind) { return Tx(*this, engine, kind); }
  // The connection `tx` runs on.
  static Connection& of(Tx& tx) { return tx.connection_; }

  soci::session session;
  StatementCache statements{session};
};

// The SOCI session behind `tx`, valid while the transaction body runs.
inline soci::session& session_of(Tx& tx) { return Connection::of(tx).session; }

}  // namespace kursbase::store
