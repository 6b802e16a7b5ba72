#pragma once
// `kursbase serve`: the catalogue, sign-up and staff pages over HTTP, with the
// outbox and retention workers, until SIGINT/SIGTERM. The flags override the
// settings file; the server itself is built by the composition root
// (cli/wiring.hpp).
#include <CLI/CLI.hpp>
#include <string>

#include "config/config.hpp"
#include "domain/core/result.hpp"

namespace kursbase::cli {

class ServeCommand {
 public:
  // Adds the subcommand to `app`; `database` receives --database.
  ServeCommand(CLI::App& app, std::string& database);

  bool parsed() const;
  // Writes the flags that were given into `settings`. InvalidInput for a
  // --listen that is not ADDRESS:PORT.
  Status apply(config::Settings& settings) const;
  // Builds the server and serves; returns the process exit code.
  int run(config::Settings settings) const;

 private:
  CLI::App* command_ = nullptr;
  std::string listen_;
  std::string static_dir_;
  std::size_t threads_ = 0;
  std::size_t write_threads_ = 0;
};

}  // namespace kursbase::cli
