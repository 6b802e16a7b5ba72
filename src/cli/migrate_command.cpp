#include "cli/migrate_command.hpp"

#include <cstdio>

#include "cli/wiring.hpp"

namespace kursbase::cli {

MigrateCommand::MigrateCommand(CLI::App& app, std::string& database) {
  command_ = app.add_subcommand("migrate", "apply pending database migrations");
  command_->add_option("--database", database, "SQLite path or postgresql:// URL");
}

bool MigrateCommand::parsed() const { return command_->parsed(); }

int MigrateCommand::run(const config::Settings& settings) const {
  auto db = open_migrated(settings);
  if (!db) return fail(db.error());
  auto version = (*db)->schema_version();
  if (!version) return fail(version.error());
  std::printf("schema version %d\n", *version);
  return 0;
}

}  // namespace kursbase::cli
