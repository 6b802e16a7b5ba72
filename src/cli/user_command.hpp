#pragma once
// `kursbase user add|disable|reset-password`: local staff accounts from the
// command line. Passwords come from stdin (first line) or --password-file,
// never from argv (other users of the machine can read argv in /proc).
//
//   kursbase user add --username kari --name "Kari Nordmann"
//       --role lms_advisor:health_trust:5 --role auditor:health_trust:5 < pw.txt
//   (the HF's id from `kursbase org list --search …`; a scope that does not exist is refused)
//   kursbase user disable --username kari
//   kursbase user reset-password --username kari --password-file pw.txt
#include <CLI/CLI.hpp>
#include <memory>
#include <string>

#include "config/config.hpp"

namespace kursbase::cli {

class UserCommand {
 public:
  // Adds the subcommand to `app`; `database` receives --database.
  UserCommand(CLI::App& app, std::string& database);
  ~UserCommand();

  bool parsed() const;
  // Runs the parsed action on the database of `settings`; returns the process
  // exit code.
  int run(const config::Settings& settings);

 private:
  struct Options;
  std::unique_ptr<Options> options_;
};

}  // namespace kursbase::cli
