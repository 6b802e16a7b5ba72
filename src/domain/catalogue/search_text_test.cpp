#include "domain/catalogue/search_text.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace kursbase {
namespace {

TEST(SearchText, FoldsCaseAndNorwegianLetters) {
  EXPECT_EQ(fold_search_text("KOLS"), "kols");
  EXPECT_EQ(fold_search_text("Pårørende til personer med demens"),
            "parorende til personer med demens");
  EXPECT_EQ(fold_search_text("Lærings- og MESTRINGSSENTER"), "laerings og mestringssenter");
  EXPECT_EQ(fold_search_text("Café Ødegården"), "cafe odegarden");
  EXPECT_EQ(fold_search_text("Sámegiella: Diabetes-kurs"), "samegiella diabetes kurs");
}

TEST(SearchText, AlphabeticalKeyPutsAeOeAaAfterZ) {
  std::vector<std::string> places{"Ålesund", "Bodø",  "Øksnes", "Voss", "Ærøy", "bergen",
                                  "ARENDAL", "Åsnes", "Bø",     "Bo",   "Café"};
  std::sort(places.begin(), places.end(), [](const std::string& a, const std::string& b) {
    return alphabetical_key(a) < alphabetical_key(b);
  });
  EXPECT_EQ(places, (std::vector<std::string>{"ARENDAL", "bergen", "Bo", "Bodø", "Bø", "Café",
                                              "Voss", "Ærøy", "Øksnes", "Ålesund", "Åsnes"}));
  EXPECT_EQ(alphabetical_key("Å"), alphabetical_key("å"));
}

TEST(SearchText, DropsInvalidUtf8) {
  EXPECT_EQ(fold_search_text("ko\xffls"), "kols");
  EXPECT_EQ(fold_search_text("\xc3"), "");
  EXPECT_FALSE(is_valid_utf8("\xc0\xaf"));      // overlong '/'
  EXPECT_FALSE(is_valid_utf8("\xed\xa0\x80"));  // surrogate
  EXPECT_TRUE(is_valid_utf8("blåbær ✓"));
}

TEST(SearchText, TermsAreFoldedUniqueAndBounded) {
  EXPECT_EQ(search_terms("  Parkinson, KOLS! parkinson "),
            (std::vector<std::string>{"parkinson", "kols"}));
  EXPECT_TRUE(search_terms("\"*()").empty());
  EXPECT_EQ(search_terms("a b c d e f", 3).size(), 3u);
  EXPECT_EQ(search_terms(std::string(500, 'x'))[0].size(), 64u);
}

}  // namespace
}  // namespace kursbase
