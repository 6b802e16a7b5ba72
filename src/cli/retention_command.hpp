#pragma once
// `kursbase retention run [--dry-run]`: the retention job once, by hand or
// from cron (`kursbase serve` also runs it daily). Anonymises participants of
// runs whose last session ended more than `privacy.retention_months` ago;
// --dry-run only counts. Prints counts, never names.
#include <CLI/CLI.hpp>
#include <memory>
#include <string>

#include "config/config.hpp"

namespace kursbase::cli {

class RetentionCommand {
 public:
  // Adds the subcommand to `app`; `database` receives --database.
  RetentionCommand(CLI::App& app, std::string& database);
  ~RetentionCommand();

  bool parsed() const;
  // Runs the job on the database of `settings`, with its data key and
  // retention_months; returns the process exit code.
  int run(const config::Settings& settings);

 private:
  struct Options;
  std::unique_ptr<Options> options_;
};

}  // namespace kursbase::cli
