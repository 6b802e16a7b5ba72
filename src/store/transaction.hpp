#pragma once
// The handle of one database transaction in progress: what a transaction body
// gets from Database::transact (store/engine/database.hpp) and passes to every
// store call it makes inside that transaction (AuditStore::append,
// PersonDataStore::find, …), so those calls run in the caller's transaction.
//
// Engine-neutral on purpose: the layers above the store never see SOCI. The
// connection behind a Tx is reachable only from the store's own machinery
// (session_of() in store/engine/connection.hpp, for store/engine, store/sql,
// store/sqlite, store/postgres and the store/testing fixtures).
//
// Lifetime and thread safety: a Tx lives for one try of one transaction body
// and is valid only inside it, on the thread that runs it (on SQLite, that of
// the write group's leader). Do not keep it, copy it or hand it to another
// thread. A body may run more than once for one call, each try with a Tx of its
// own (database.hpp says when).
namespace kursbase::store {

enum class Engine { Sqlite, Postgres };

enum class TxKind { Read, Write };

class Connection;  // store/engine/connection.hpp: one pooled connection

class Tx {
 public:
  Tx(const Tx&) = delete;
  Tx& operator=(const Tx&) = delete;

  // Which engine runs it, for the few answers that differ per engine.
  Engine engine() const { return engine_; }
  // Read: a read-only transaction; Write: it holds (or will take) the write lock.
  TxKind kind() const { return kind_; }

 private:
  friend class Connection;  // begins one and gives the store its session
  Tx(Connection& connection, Engine engine, TxKind kind)
      : connection_(connection), engine_(engine), kind_(kind) {}

  Connection& connection_;
  Engine engine_;
  TxKind kind_;
};

}  // namespace kursbase::store
