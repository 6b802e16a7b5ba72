#pragma once
// `kursbase org list [--search TEXT]`: the organisations with their ids and the
// grant scope each can be, to find the id for `kursbase user add --role`:
//
//   kursbase org list --search "oslo universitetssykehus"
//   kursbase user add --username kari --name "Kari Nordmann" --role lms_advisor:health_trust:5
#include <CLI/CLI.hpp>
#include <string>

#include "config/config.hpp"

namespace kursbase::cli {

class OrgCommand {
 public:
  // Adds the subcommand to `app`; `database` receives --database.
  OrgCommand(CLI::App& app, std::string& database);

  bool parsed() const;
  // Prints the listing from the database of `settings` (read only: the schema
  // must be current); returns the process exit code.
  int run(const config::Settings& settings) const;

 private:
  CLI::App* org_ = nullptr;
  CLI::App* list_ = nullptr;
  std::string search_;
};

}  // namespace kursbase::cli
