#include "domain/catalogue/search_interpretation.hpp"

#include <gtest/gtest.h>

#include "domain/catalogue/search_text.hpp"

namespace kursbase {
namespace {

const SearchVocabulary& catalogue_words() {
  static const SearchVocabulary v(
      {{"diabetes", 30}, {"kurs", 80}, {"kols", 10}, {"hjertesvikt", 4}, {"parorende", 50}});
  return v;
}

SearchInterpretation read(const char* typed) {
  return interpret_search(search_terms(typed), catalogue_words());
}

TEST(SearchInterpretation, PlainWordsAreSearchedAsTyped) {
  const auto i = read("KOLS kurs");
  EXPECT_FALSE(i.changed());
  EXPECT_EQ(i.query.key(), "kols;kurs;");
  ASSERT_EQ(i.terms.size(), 2u);
  EXPECT_EQ(i.terms[0].searched, std::vector<std::string>{"kols"});
}

TEST(SearchInterpretation, MisspeltWordIsReplacedAndSaidSo) {
  const auto i = read("diabetis kurs");
  EXPECT_TRUE(i.changed());
  EXPECT_EQ(i.query.key(), "diabetes;kurs;");
  EXPECT_TRUE(i.terms[0].corrected);
  EXPECT_EQ(i.terms[0].typed, "diabetis");
  EXPECT_EQ(i.terms[0].searched, std::vector<std::string>{"diabetes"});
  EXPECT_FALSE(i.terms[1].corrected);
}

TEST(SearchInterpretation, UnknownWordWithNothingNearIsKept) {
  const auto i = read("xylofon");
  EXPECT_FALSE(i.changed());
  EXPECT_EQ(i.query.key(), "xylofon;");
}

TEST(SearchInterpretation, LayWordAlsoFindsItsMeanings) {
  const auto i = read("Sukkersyke");
  EXPECT_TRUE(i.changed());
  EXPECT_EQ(i.query.key(), "sukkersyke|diabetes;");
  ASSERT_EQ(i.terms.size(), 1u);
  EXPECT_TRUE(i.terms[0].synonym);
  EXPECT_EQ(i.terms[0].searched, (std::vector<std::string>{"sukkersyke", "diabetes"}));
  EXPECT_EQ(read("lungesykdom").query.key(), "lungesykdom|kols|astma|lunge;");
  EXPECT_EQ(read("hjerteinfarkt").query.key(), "hjerteinfarkt|hjerte;");
}

TEST(SearchInterpretation, PhrasesWinOverTheirWordsAndKeepTheRest) {
  // "høyt blodsukker" is one lay phrase; "kurs" stays a word of its own.
  const auto i = read("høyt blodsukker kurs");
  EXPECT_EQ(i.query.key(), "hoyt blodsukker|diabetes;kurs;");
  ASSERT_EQ(i.terms.size(), 2u);
  EXPECT_EQ(i.terms[0].typed, "hoyt blodsukker");
  EXPECT_EQ(i.terms[0].searched.front(), "høyt blodsukker");  // as the list writes it
}

TEST(SearchInterpretation, TheMaintainedListIsWellFormed) {
  for (const auto& s : lay_synonyms()) {
    SCOPED_TRACE(s.phrase);
    EXPECT_FALSE(s.words.empty());
    ASSERT_FALSE(s.meanings.empty());
    for (const auto& m : s.meaning_terms) {
      EXPECT_FALSE(m.empty());
      EXPECT_NE(m, s.words) << "a synonym of itself";
    }
  }
}

}  // namespace
}  // namespace kursbase
