#include "web/messages.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <regex>
#include <set>
#include <string>

namespace kursbase::web {
namespace {

TEST(Messages, BokmaalIsTheDefault) {
  EXPECT_EQ(Messages::get("nb").text("search.button"), "Søk");
  EXPECT_EQ(Messages::get("xx").language(), "nb");
  EXPECT_EQ(supported_languages().front(), "nb");
}

TEST(Messages, MissingKeysShowTheKey) {
  EXPECT_FALSE(Messages::get("nb").has("no.such.key"));
  EXPECT_EQ(Messages::get("nb").text("no.such.key"), "no.such.key");
}

TEST(Messages, EveryErrorKeyTheCodeUsesExists) {
  for (auto key : {"catalogue.error.invalid_search", "catalogue.error.unknown_value",
                   "catalogue.error.encoding", "catalogue.error.too_many_parameters",
                   "catalogue.error.text_too_long", "catalogue.error.date",
                   "catalogue.error.date_order", "catalogue.error.page", "error.page_not_found",
                   "error.bad_request", "error.method_not_allowed", "error.unavailable",
                   "error.internal", "course.error.not_found", "run.error.not_found"})
    EXPECT_TRUE(Messages::get("nb").has(key)) << key;
}

// The {placeholders} of a text, which the code fills in.
std::multiset<std::string> placeholders(const std::string& text) {
  static const std::regex placeholder(R"(\{[a-z_]+\})");
  std::multiset<std::string> out;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), placeholder);
       it != std::sregex_iterator(); ++it)
    out.insert(it->str());
  return out;
}

// Every translation is of a bokmål text and fills the same placeholders, so
// that no mail loses the course's name and no page shows "{course}".
TEST(Messages, TranslationsKeepThePlaceholdersOfTheirBokmaalText) {
  const auto& nb = Messages::get("nb").own_texts();
  for (const auto& language : supported_languages()) {
    if (language == "nb") continue;
    for (const auto& [key, text] : Messages::get(language).own_texts()) {
      const auto original = nb.find(key);
      ASSERT_NE(original, nb.end()) << language << ": " << key << " is not a bokmål key";
      EXPECT_EQ(placeholders(text), placeholders(original->second)) << language << ": " << key;
      EXPECT_FALSE(text.empty()) << language << ": " << key;
    }
  }
}

// What still falls back to bokmål, per language (a report, not a check: the
// languages issue decides which must be complete).
TEST(Messages, ReportsWhatFallsBackToBokmaal) {
  const auto& nb = Messages::get("nb").own_texts();
  for (const auto& language : supported_languages()) {
    if (language == "nb") continue;
    const auto& own = Messages::get(language).own_texts();
    int missing = 0;
    for (const auto& [key, _] : nb) missing += own.count(key) == 0;
    std::printf("%s: %d of %zu texts fall back to bokmål\n", language.c_str(), missing, nb.size());
  }
}

}  // namespace
}  // namespace kursbase::web
