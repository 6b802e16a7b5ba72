#include "domain/catalogue/course_translation.hpp"

#include <gtest/gtest.h>

namespace kursbase {
namespace {

const std::vector<CourseTranslation> kSamiAndEnglish{
    {"se", "Diabeteskursa", "Oahpa eallit diabetesiin.", "Guhkit teaksta."},
    {"en", "Diabetes course", "Learn to live with diabetes.", "Longer text."},
};

TEST(CourseWording, AReaderGetsTheTranslationInTheirLanguage) {
  auto w = wording_for("se", "nb", "Diabeteskurs", "Lær å leve med diabetes.", "Lang tekst.",
                       kSamiAndEnglish);
  EXPECT_EQ(w.language, "se");
  EXPECT_EQ(w.title, "Diabeteskursa");
  EXPECT_EQ(w.summary, "Oahpa eallit diabetesiin.");
  EXPECT_EQ(w.description, "Guhkit teaksta.");
}

TEST(CourseWording, WithoutOneTheCoursesOwnTextInItsOwnLanguage) {
  auto w = wording_for("nn", "nb", "Diabeteskurs", "Lær å leve med diabetes.", "Lang tekst.",
                       kSamiAndEnglish);
  EXPECT_EQ(w.language, "nb");
  EXPECT_EQ(w.title, "Diabeteskurs");
  EXPECT_EQ(w.description, "Lang tekst.");
  // The reader of the course's own language gets it even if a translation
  // in that language were (wrongly) stored too.
  auto own = wording_for("nb", "nb", "Diabeteskurs", "", "", {{"nb", "Annen", "", ""}});
  EXPECT_EQ(own.title, "Diabeteskurs");
}

TEST(CourseWording, ACourseWrittenInSamiShowsOthersItsBokmalTranslation) {
  const std::vector<CourseTranslation> bokmal{{"nb", "Samisk helsekurs", "Kort.", "Lang."}};
  auto en = wording_for("en", "se", "Dearvvašvuođakursa", "Oanehaččat.", "Guhkit.", bokmal);
  EXPECT_EQ(en.language, "nb");
  EXPECT_EQ(en.title, "Samisk helsekurs");
  auto se = wording_for("se", "se", "Dearvvašvuođakursa", "Oanehaččat.", "Guhkit.", bokmal);
  EXPECT_EQ(se.language, "se");
  EXPECT_EQ(se.title, "Dearvvašvuođakursa");
  // And with no bokmål text either, its own Sami text.
  auto nn = wording_for("nn", "se", "Dearvvašvuođakursa", "", "", {});
  EXPECT_EQ(nn.language, "se");
}

TEST(CourseTranslations, UnknownOrRepeatedLanguagesAndMissingTitlesAreProblems) {
  EXPECT_EQ(translation_problem("nb", kSamiAndEnglish), "");
  EXPECT_NE(translation_problem("xx", {}), "");
  EXPECT_NE(translation_problem("nb", {{"klingon", "T", "", ""}}), "");
  EXPECT_NE(translation_problem("nb", {{"nb", "Same language as the course", "", ""}}), "");
  EXPECT_NE(translation_problem("nb", {{"se", "A", "", ""}, {"se", "B", "", ""}}), "");
  EXPECT_NE(translation_problem("nb", {{"se", "", "Summary only", ""}}), "");
}

}  // namespace
}  // namespace kursbase
