#pragma once
// kursbase's settings, from (lowest to highest precedence) built-in defaults,
// the TOML file (kursbase.toml, or --config / KURSBASE_CONFIG), environment
// variables (KURSBASE_*), and command-line flags. docs/configuration.md lists
// every key.
#include <cstdint>
#include <string>

#include "domain/result.hpp"

namespace kursbase::config {

struct Settings {
  std::string listen_address = "127.0.0.1";
  std::uint16_t listen_port = 8080;
  std::size_t threads = 2;
  std::string database = "var/kursbase.db";
  std::size_t pool_size = 0;  // 0: threads + 2
  int catalogue_refresh_ms = 1000;
  std::string static_dir;  // empty: static/ beside the binary
};

// Reads the file at `path` if it exists (a missing default file is fine; a
// missing explicit file is an error), then the environment.
Result<Settings> load_settings(const std::string& path, bool path_is_explicit);

// "127.0.0.1:8080" → address and port.
Status parse_listen(const std::string& text, Settings& settings);

}  // namespace kursbase::config
