#pragma once
// `kursbase backup --database PATH --to FILE`: a consistent copy of a live
// SQLite database through SQLite's online backup API, while servers keep
// writing (WAL: the copy is one read transaction's snapshot). The copy is
// written beside FILE, checked (PRAGMA integrity_check) and renamed into place.
// PostgreSQL is backed up with its own tools (pg_dump, pg_basebackup + WAL
// archiving; docs/operations.md): for a postgresql:// URL this says so and
// exits non-zero.
#include <CLI/CLI.hpp>
#include <string>

namespace kursbase::cli {

class BackupCommand {
 public:
  // Adds the subcommand to `app`; `database` receives --database.
  BackupCommand(CLI::App& app, std::string& database);

  bool parsed() const;
  // Backs up `database` (the resolved setting); returns the exit code.
  int run(const std::string& database) const;

 private:
  CLI::App* command_ = nullptr;
  std::string to_;
};

}  // namespace kursbase::cli
