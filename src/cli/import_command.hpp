#pragma once
// `kursbase import courses FILE [--dry-run] [--format csv|json]`: a centre's
// catalogue moved in (issue 14; the columns in docs/import.md). Every record
// is checked first; one bad record and nothing is written, and each bad one
// is printed with its line (CSV) or position (JSON), the field and why:
//
//   kursbase import courses kurs.csv --dry-run
//   linje 14: Tittel: Fyll ut feltet.
//   kursbase import: 1 500 kurs lest, 1 med feil; ingenting er lagret.
//
// Exit code 0 when all were imported (or, on a dry run, all would be), 1
// otherwise. The courses come in as drafts.
#include <CLI/CLI.hpp>
#include <string>

#include "config/config.hpp"

namespace kursbase::cli {

class ImportCommand {
 public:
  ImportCommand(CLI::App& app, std::string& database);

  bool parsed() const;
  int run(const config::Settings& settings) const;

 private:
  CLI::App* import_ = nullptr;
  CLI::App* courses_ = nullptr;
  std::string file_;
  std::string format_;  // "csv", "json"; empty: by the file's extension
  bool dry_run_ = false;
};

}  // namespace kursbase::cli
