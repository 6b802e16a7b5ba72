#pragma once
// `kursbase export courses --hf ID [--output FILE]`: an HF's courses (owned by
// the HF or any organisation under it, every status) as the CSV that
// `kursbase import courses` reads (docs/import.md); to standard output
// without --output.
#include <CLI/CLI.hpp>
#include <cstdint>
#include <string>

#include "config/config.hpp"

namespace kursbase::cli {

class ExportCommand {
 public:
  ExportCommand(CLI::App& app, std::string& database);

  bool parsed() const;
  int run(const config::Settings& settings) const;

 private:
  CLI::App* export_ = nullptr;
  CLI::App* courses_ = nullptr;
  std::int64_t health_trust_ = 0;
  std::string output_;
};

}  // namespace kursbase::cli
