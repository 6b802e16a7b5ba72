#include "domain/catalogue/search_vocabulary.hpp"

#include <gtest/gtest.h>

namespace kursbase {
namespace {

SearchVocabulary vocabulary() {
  return SearchVocabulary({{"diabetes", 40},
                           {"diabetesforbundet", 3},
                           {"kols", 12},
                           {"parkinsons", 7},
                           {"hjertesvikt", 5},
                           {"demens", 9},
                           {"dement", 1},
                           {"epilepsi", 4}});
}

TEST(SearchVocabulary, KnowsWordsAndWordStarts) {
  const auto v = vocabulary();
  EXPECT_TRUE(v.knows("diabetes"));
  EXPECT_TRUE(v.knows("parkinson"));  // the index matches prefixes
  EXPECT_FALSE(v.knows("diabetis"));
  EXPECT_FALSE(v.knows("sukkersyke"));
}

TEST(SearchVocabulary, CorrectsOneEditInWordsOfFiveLettersOrMore) {
  const auto v = vocabulary();
  EXPECT_EQ(v.correction("diabetis"), "diabetes");   // replaced letter
  EXPECT_EQ(v.correction("diabets"), "diabetes");    // missing letter
  EXPECT_EQ(v.correction("diabeetes"), "diabetes");  // extra letter
  EXPECT_EQ(v.correction("daibetes"), "diabetes");   // swapped neighbours
  EXPECT_EQ(v.correction("epilepsy"), "epilepsi");
  EXPECT_EQ(v.correction("parkinsn"), "parkinson");  // a word start one edit away
  EXPECT_EQ(v.correction("hjertesvigt"), "hjertesvikt");
}

TEST(SearchVocabulary, LeavesKnownShortFarAndForeignTermsAlone) {
  const auto v = vocabulary();
  EXPECT_EQ(v.correction("diabetes"), std::nullopt);    // known
  EXPECT_EQ(v.correction("parkin"), std::nullopt);      // known as a word start
  EXPECT_EQ(v.correction("kolz"), std::nullopt);        // four letters: too short to guess
  EXPECT_EQ(v.correction("diabtis"), std::nullopt);     // two edits away
  EXPECT_EQ(v.correction("sukkersyke"), std::nullopt);  // nothing near
  EXPECT_EQ(v.correction("dïabetis"), std::nullopt);    // not plain folded letters
  EXPECT_EQ(SearchVocabulary().correction("diabetis"), std::nullopt);
}

TEST(SearchVocabulary, PrefersWholeWordsThenTheCommonerThenTheAlphabet) {
  // "demenz" is one edit from both "demens" (9 courses) and "dement" (1).
  EXPECT_EQ(vocabulary().correction("demenz"), "demens");
  // A whole word beats a more common word start.
  const SearchVocabulary v({{"astma", 1}, {"astmaskolen", 50}});
  EXPECT_EQ(v.correction("astmo"), "astma");
  // Equal: the first in the alphabet, so both engines and every run agree.
  const SearchVocabulary tie({{"kreft", 3}, {"krest", 3}});
  EXPECT_EQ(tie.correction("krext"), "kreft");
}

}  // namespace
}  // namespace kursbase
