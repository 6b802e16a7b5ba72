#include "store/sql/index_words.hpp"

#include <gtest/gtest.h>

namespace kursbase::store {
namespace {

TEST(IndexWords, KeepsLettersAndDigitsOfAnyScript) {
  EXPECT_EQ(index_words("laer a leve med kols 2"), "laer a leve med kols 2");
  EXPECT_EQ(index_words("кириллица ελληνικα عربي"), "кириллица ελληνικα عربي");
  EXPECT_EQ(index_words("µ ð þ œ ł"), "µ ð þ œ ł");
}

TEST(IndexWords, SymbolsSeparateWords) {
  EXPECT_EQ(index_words("3½ timer"), "3 timer");
  EXPECT_EQ(index_words("m² «kols» 3×3"), "m kols 3 3");
  EXPECT_EQ(index_words("😀 kols 😀"), "kols");
  EXPECT_EQ(index_words("½ ² 😀"), "");
}

TEST(IndexWords, DropsCombiningAccents) {
  EXPECT_EQ(index_words("cafe\u0301 pa\u030Arorende"), "cafe parorende");
  EXPECT_EQ(index_words("\u0301kols"), "kols");
}

TEST(IndexWords, SkipsBytesThatAreNotUtf8) {
  EXPECT_EQ(index_words("kols\xff"
                        "bergen"),
            "kols bergen");
  EXPECT_EQ(index_words("kols\xc3"), "kols");  // cut sequence
}

TEST(IndexTerms, SplitsDropsAndDeduplicates) {
  EXPECT_EQ(index_terms({"kols", "😀", "3×3", "bergen"}),
            (std::vector<std::string>{"kols", "3", "bergen"}));
  EXPECT_TRUE(index_terms({"«»", "½"}).empty());
  EXPECT_TRUE(index_terms({}).empty());
}

}  // namespace
}  // namespace kursbase::store
