#pragma once
// `kursbase demo`: generates the deterministic demo catalogue (demo/) and
// writes it through the catalogue store, into an empty database only.
#include <CLI/CLI.hpp>
#include <cstdint>
#include <string>

#include "app/core/time_zone.hpp"
#include "config/config.hpp"
#include "domain/core/result.hpp"
#include "domain/core/time.hpp"
#include "store/catalogue_store.hpp"

namespace kursbase::cli {

struct DemoOptions {
  int scale = 1;
  std::uint64_t seed = 1;
  Day today;
  bool only_if_empty = false;  // `make run`: load once, on the first start
};

struct DemoOutcome {
  bool loaded = false;  // false when skipped because data existed
  std::size_t courses = 0, runs = 0, organisations = 0;
};

// Writes the demo catalogue of `options` into `store`. Conflict
// "demo.error.not_empty" when the store holds a catalogue already, unless
// only_if_empty (then nothing is written and `loaded` is false); store errors
// come back unchanged.
// Sessions are laid out on the wall clock of `zone` (09:00 Oslo time all year).
Result<DemoOutcome> load_demo(store::CatalogueStore& store, const DemoOptions& options,
                              const app::TimeZone& zone);

class DemoCommand {
 public:
  // Adds the subcommand to `app`; `database` receives --database.
  DemoCommand(CLI::App& app, std::string& database);

  bool parsed() const;
  // Loads the demo data into the database of `settings`; returns the exit code
  // (2 for a malformed --today).
  int run(const config::Settings& settings) const;

 private:
  CLI::App* command_ = nullptr;
  int scale_ = 1;
  std::uint64_t seed_ = 1;
  bool if_empty_ = false;
  std::string today_;
};

}  // namespace kursbase::cli
