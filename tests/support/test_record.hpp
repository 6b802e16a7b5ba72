#pragma once
// The project's own test record (docs/security.md, "Test record"): every
// figure there is asserted by the test that produces it, so the page says what
// `make test` does and cannot drift from it. A row of the table:
//   | `race_sign_ups` | 600 | what it counts |
// Header-only, for the C++ suites; tests/support/test_record.mjs is the same
// for the Node suites.
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <string>

namespace kursbase::testing {

// The figure of the row whose first cell is `key` in backticks ("20,704" or
// "20 704" → 20704), or -1 when KURSBASE_SOURCE_DIR, the page or the row is missing.
inline long long documented_figure(const std::string& key) {
  const char* root = std::getenv("KURSBASE_SOURCE_DIR");
  if (!root || !*root) return -1;
  std::ifstream in(std::string(root) + "/docs/security.md");
  const std::string start = "| `" + key + "` |";
  for (std::string line; std::getline(in, line);) {
    if (line.rfind(start, 0) != 0) continue;
    const auto end = line.find('|', start.size());
    std::string digits;
    for (std::size_t i = start.size(); i < end && i < line.size(); ++i)
      if (std::isdigit(static_cast<unsigned char>(line[i]))) digits += line[i];
    return digits.empty() ? -1 : std::stoll(digits);
  }
  return -1;
}

}  // namespace kursbase::testing
