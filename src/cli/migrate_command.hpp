#pragma once
// `kursbase migrate`: applies the pending database migrations and prints the
// schema version. Idempotent (Database::migrate); every other subcommand that
// opens the database migrates it first as well.
#include <CLI/CLI.hpp>
#include <string>

#include "config/config.hpp"

namespace kursbase::cli {

class MigrateCommand {
 public:
  // Adds the subcommand to `app`; `database` receives --database.
  MigrateCommand(CLI::App& app, std::string& database);

  bool parsed() const;
  // Migrates the database of `settings`; returns the process exit code.
  int run(const config::Settings& settings) const;

 private:
  CLI::App* command_ = nullptr;
};

}  // namespace kursbase::cli
