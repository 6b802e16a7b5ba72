#pragma once
// Test support: statements on a PostgreSQL server outside any transaction, on
// one connection of their own: what Database::transact cannot run (CREATE
// DATABASE, ALTER DATABASE … RENAME) and what must hold across statements (a
// session-level advisory lock, held until unlocked or the connection closes).
// Test fixtures use it to make fresh databases and templates; under tests/ it
// keeps SOCI out of the integration fixtures.
//
// Thread safety: one thread at a time per ServerAdmin.
#include <memory>
#include <string>

namespace kursbase::store::testing {

class ServerAdmin {
 public:
  // Connects to the server at `url` (postgresql://… or libpq key=value pairs).
  // Throws a std::exception when it cannot.
  explicit ServerAdmin(const std::string& url);
  ~ServerAdmin();
  ServerAdmin(const ServerAdmin&) = delete;
  ServerAdmin& operator=(const ServerAdmin&) = delete;

  // Runs one statement; throws a std::exception on a database error.
  void exec(const std::string& sql);
  // The first column of the first row as an integer, with `text` bound to the
  // query's one placeholder `:p`; throws on a database error or when no row came back.
  long long query_int(const std::string& sql, const std::string& text);

 private:
  struct Session;
  std::unique_ptr<Session> session_;
};

}  // namespace kursbase::store::testing
