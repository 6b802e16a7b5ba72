// Conformance: parse_national_id must give the same verdict as NAV's @navikt/fnrvalidator
// 2.2.1 on every input national_id_vectors.mjs prints (about 20,000: the package's own test
// numbers, Skatteetaten's 2032 examples, generated numbers of every kind, a full day x month
// grid, leap days, random strings and mutations). Same verdict means: both valid with the same
// type, or both invalid with the same first reason. Needs `node` on PATH and `npm ci` run at the
// repository root; the repository root comes from KURSBASE_SOURCE_DIR (environment, set by
// kursbase_add_tests) or the compile definition of the same name.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "../support/test_record.hpp"
#include "domain/person/national_id.hpp"

namespace kursbase {
namespace {

constexpr std::size_t kMinimumVectors = 10000;  // guards against a generator that prints little
constexpr std::size_t kMismatchesShown = 25;

std::filesystem::path source_dir() {
  if (const char* env = std::getenv("KURSBASE_SOURCE_DIR"); env != nullptr && *env != '\0') {
    return env;
  }
#ifdef KURSBASE_SOURCE_DIR
  return KURSBASE_SOURCE_DIR;
#else
  return {};
#endif
}

struct CommandOutput {
  int exit_status = -1;
  std::string out;
};

CommandOutput run(const std::string& command) {
  CommandOutput result;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return result;
  char buffer[1 << 16];
  std::size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) result.out.append(buffer, n);
  result.exit_status = pclose(pipe);
  return result;
}

// Our verdict in the script's vocabulary: fnrvalidator's type, or its first reason.
struct Verdict {
  std::string status;
  std::string detail;  // type when valid, reason (format | checksum | date) when invalid
  bool operator==(const Verdict&) const = default;
};

std::string fnrvalidator_type(const NationalId& id) {
  const bool d = id.kind == NationalIdKind::DNumber;
  switch (id.marker) {
    case NationalIdMarker::None:
      return d ? "dnr" : "fnr";
    case NationalIdMarker::HNumber:
      return d ? "dnr-and-hnr" : "hnr";
    case NationalIdMarker::Synthetic:
      return d ? "dnr-and-tnr" : "tnr";
  }
  return "?";
}

Verdict our_verdict(const std::string& input) {
  const auto id = parse_national_id(input);
  if (id.ok()) return {"valid", fnrvalidator_type(*id)};
  const std::string& key = id.error().message_key;
  if (key == "national_id.not_digits" || key == "national_id.wrong_length") {
    return {"invalid", "format"};
  }
  if (key == "national_id.invalid_checksum") return {"invalid", "checksum"};
  if (key == "national_id.invalid_date") return {"invalid", "date"};
  return {"invalid", key};
}

TEST(NationalIdConformance, AgreesWithFnrvalidatorOnEveryVector) {
  const std::filesystem::path root = source_dir();
  ASSERT_FALSE(root.empty()) << "set KURSBASE_SOURCE_DIR to the repository root";
  const std::filesystem::path script = root / "tests/conformance/national_id_vectors.mjs";
  ASSERT_TRUE(std::filesystem::exists(script)) << script;
  ASSERT_EQ(script.string().find('\''), std::string::npos) << "quote in path: " << script;

  const CommandOutput node = run("node '" + script.string() + "'");
  ASSERT_EQ(node.exit_status, 0) << "node failed (is node on PATH and `npm ci` done in " << root
                                 << "?)";

  std::size_t total = 0;
  std::map<std::string, std::size_t> by_verdict;
  std::vector<std::string> mismatches;
  std::istringstream lines(node.out);
  for (std::string line; std::getline(lines, line);) {
    if (line.empty()) continue;
    const auto vector = nlohmann::json::parse(line);
    const std::string input = vector.at("input");
    const std::string status = vector.at("status");
    const Verdict theirs{status, vector.at(status == "valid" ? "type" : "reason")};
    const Verdict ours = our_verdict(input);
    ++total;
    ++by_verdict[theirs.status + " " + theirs.detail];
    if (ours != theirs) {
      mismatches.push_back(vector.at("source").get<std::string>() + " " +
                           vector.at("input").dump() + ": fnrvalidator " + theirs.status + " " +
                           theirs.detail + ", ours " + ours.status + " " + ours.detail);
    }
  }

  EXPECT_GE(total, kMinimumVectors);
  EXPECT_EQ(testing::documented_figure("national_id_vectors"), (long long)total)
      << "docs/security.md";
  // Every outcome must be exercised, or the comparison proves less than it claims.
  for (const char* expected :
       {"valid fnr", "valid dnr", "valid hnr", "valid tnr", "valid dnr-and-hnr",
        "valid dnr-and-tnr", "invalid format", "invalid checksum", "invalid date"}) {
    EXPECT_GT(by_verdict[expected], 0U) << "no vector with verdict " << expected;
  }
  std::ostringstream report;
  for (std::size_t i = 0; i < mismatches.size() && i < kMismatchesShown; ++i) {
    report << "\n  " << mismatches[i];
  }
  EXPECT_EQ(mismatches.size(), 0U)
      << mismatches.size() << " of " << total << " verdicts differ:" << report.str();
  std::cout << "compared " << total << " verdicts with fnrvalidator:";
  for (const auto& [verdict, count] : by_verdict) std::cout << " " << verdict << "=" << count;
  std::cout << "\n";
}

}  // namespace
}  // namespace kursbase
