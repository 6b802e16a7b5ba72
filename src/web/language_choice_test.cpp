#include "web/language_choice.hpp"

#include <gtest/gtest.h>

#include "web/plural.hpp"

namespace kursbase::web {
namespace {

const std::vector<std::string> kPublic{"nb", "nn", "en", "se"};
const std::vector<std::string> kStaff{"nb", "nn", "en"};

TEST(LanguageChoice, TheUrlThenTheCookieThenTheHeaderThenBokmaal) {
  auto c = choose_language("se", "nn", "en-GB", kPublic);
  EXPECT_EQ(c.language, "se");
  EXPECT_EQ(c.source, LanguageSource::Url);
  c = choose_language(std::nullopt, "nn", "en-GB", kPublic);
  EXPECT_EQ(c.language, "nn");
  EXPECT_EQ(c.source, LanguageSource::Cookie);
  c = choose_language(std::nullopt, "", "en-GB,en;q=0.9", kPublic);
  EXPECT_EQ(c.language, "en");
  EXPECT_EQ(c.source, LanguageSource::Header);
  c = choose_language(std::nullopt, "", "", kPublic);
  EXPECT_EQ(c.language, "nb");
  EXPECT_EQ(c.source, LanguageSource::Default);
}

TEST(LanguageChoice, WhatIsNotOfferedOrNotKnownIsSkipped) {
  // Staff pages have no Sami: the cookie's se falls through to the header.
  auto c = choose_language(std::nullopt, "se", "nn-NO", kStaff);
  EXPECT_EQ(c.language, "nn");
  EXPECT_EQ(c.source, LanguageSource::Header);
  c = choose_language("xx", "", "", kPublic);  // an unknown ?lang= is ignored
  EXPECT_EQ(c.source, LanguageSource::Default);
  c = choose_language("se", "", "", kStaff);
  EXPECT_EQ(c.language, "nb");
}

TEST(LanguageChoice, AcceptLanguageByQualityAndNorwegianTags) {
  EXPECT_EQ(choose_language(std::nullopt, "", "de-DE, en;q=0.5, nn;q=0.8", kPublic).language, "nn");
  EXPECT_EQ(choose_language(std::nullopt, "", "no", kPublic).language, "nb");
  EXPECT_EQ(choose_language(std::nullopt, "", "sme;q=0.9, nb;q=0.1", kPublic).language, "se");
  EXPECT_EQ(choose_language(std::nullopt, "", "en;q=0, nn;q=0.2", kPublic).language, "nn");
  EXPECT_EQ(choose_language(std::nullopt, "", "en;q=oops", kPublic).source,
            LanguageSource::Default);  // a malformed element counts for nothing
  EXPECT_EQ(language_of_tag("nb-NO"), "nb");
  EXPECT_EQ(language_of_tag("NN_no"), "nn");
  EXPECT_EQ(language_of_tag("se-FI"), "se");
  EXPECT_EQ(language_of_tag("sv"), "");
}

TEST(Plural, NorwegianAndEnglishHaveOneAndOtherSamiAlsoTwo) {
  for (const char* language : {"nb", "nn", "en"}) {
    EXPECT_EQ(plural_category(language, 1), "one") << language;
    EXPECT_EQ(plural_category(language, 2), "other") << language;
    EXPECT_EQ(plural_category(language, 0), "other") << language;
  }
  EXPECT_EQ(plural_category("se", 0), "other");
  EXPECT_EQ(plural_category("se", 1), "one");
  EXPECT_EQ(plural_category("se", 2), "two");
  EXPECT_EQ(plural_category("se", 3), "other");
  EXPECT_EQ(plural_category("se", 12), "other");
}

}  // namespace
}  // namespace kursbase::web
