// kursbase: the command line. Parses the arguments and the settings, then
// hands over to the subcommand (cli/*_command.hpp); `serve` builds its server
// in the composition root (cli/wiring.hpp).
#include <CLI/CLI.hpp>
#include <string>

#include "cli/backup_command.hpp"
#include "cli/demo_command.hpp"
#include "cli/export_command.hpp"
#include "cli/import_command.hpp"
#include "cli/migrate_command.hpp"
#include "cli/org_command.hpp"
#include "cli/retention_command.hpp"
#include "cli/serve_command.hpp"
#include "cli/user_command.hpp"
#include "cli/wiring.hpp"
#include "config/config.hpp"

using namespace kursbase;

int main(int argc, char** argv) {
  CLI::App app{"kursbase: courses of Norway's learning and coping centres"};
  app.require_subcommand(1);
  std::string config_path = "kursbase.toml";
  auto* config_opt = app.add_option("--config", config_path, "settings file (TOML)");
  std::string database;  // --database of any subcommand

  cli::ServeCommand serve(app, database);
  cli::MigrateCommand migrate(app, database);
  cli::DemoCommand demo(app, database);
  cli::UserCommand user(app, database);
  cli::BackupCommand backup(app, database);
  cli::RetentionCommand retention(app, database);
  cli::OrgCommand org(app, database);
  cli::ImportCommand import(app, database);
  cli::ExportCommand export_courses(app, database);

  CLI11_PARSE(app, argc, argv);

  auto loaded = config::load_settings(config_path, config_opt->count() > 0);
  if (!loaded) return cli::fail(loaded.error());
  config::Settings settings = *loaded;
  if (!database.empty()) settings.database = database;
  if (auto applied = serve.apply(settings); !applied) return cli::fail(applied.error());

  if (backup.parsed()) return backup.run(settings.database);
  if (migrate.parsed()) return migrate.run(settings);
  if (user.parsed()) return user.run(settings);
  if (retention.parsed()) return retention.run(settings);
  if (org.parsed()) return org.run(settings);
  if (import.parsed()) return import.run(settings);
  if (export_courses.parsed()) return export_courses.run(settings);
  if (demo.parsed()) return demo.run(settings);
  return serve.run(settings);
}
