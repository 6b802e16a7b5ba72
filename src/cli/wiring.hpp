#pragma once
// The composition root: the one place that knows every layer and builds a
// running server from the settings (database, stores, services, adapters,
// router, background workers). The subcommands (cli/*_command.hpp) use the
// helpers below to open what they need; nothing outside cli/ constructs
// adapters or chooses implementations.
#include <memory>
#include <string>

#include "app/core/time_zone.hpp"
#include "config/config.hpp"
#include "domain/core/result.hpp"
#include "domain/core/time.hpp"
#include "store/engine/database.hpp"

namespace kursbase::cli {

// The wall clock, to the second: the Clock every use case gets in production.
Instant system_now();

// Europe/Oslo from the system's tz database: the wall clock of every course
// (Svalbard keeps the same time). Unavailable when tzdata is missing.
Result<std::unique_ptr<app::TimeZone>> open_course_time_zone();

// Prints "kursbase: " and the error's text (cli/error_text.hpp) to stderr;
// returns the exit code 1.
int fail(const Error& e);

// The database of `settings`, opened with its pool and migrated to the
// current schema. Errors of opening or migrating come back unchanged.
Result<std::unique_ptr<store::Database>> open_migrated(const config::Settings& settings);

// The database of `settings`, opened with its pool and checked, not changed:
// fails with store.schema_not_current, naming what to run, when a migration
// this build carries is not applied. What `serve` opens, so that the servers
// can run as a role without DDL rights (docs/operations.md).
Result<std::unique_ptr<store::Database>> open_current(const config::Settings& settings);

// The data key file: configured, else beside the SQLite file, else var/.
std::string data_key_path(const config::Settings& settings);

// Everything `kursbase serve` runs, built from the settings. Owns every part;
// parts refer to each other by reference, so they are destroyed in the
// reverse order of building. Not copyable, not movable.
class Server {
 public:
  // Builds the parts. Fails (nothing started) when the database, the data key,
  // a shared key or the OIDC settings cannot be used.
  static Result<std::unique_ptr<Server>> build(const config::Settings& settings);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Starts the background workers, serves HTTP until the process is asked to
  // stop (SIGINT/SIGTERM), then stops the workers. Returns the exit code.
  int run();

 private:
  struct Parts;
  explicit Server(std::unique_ptr<Parts> parts);
  std::unique_ptr<Parts> parts_;
};

}  // namespace kursbase::cli
