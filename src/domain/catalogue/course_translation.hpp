#pragma once
// A course's title, summary and description in more languages than the one
// it is written in (issue 13). The catalogue shows a reader the text in their
// language when the course has it, and otherwise the course's own text, marked
// with its language so that a screen reader reads it right (WCAG 3.1.2).
#include <string>
#include <string_view>
#include <vector>

namespace kursbase {

struct CourseTranslation {
  std::string language;  // kCourseLanguages (domain/core/language.hpp)
  std::string title;
  std::string summary;
  std::string description;  // empty in listings: they carry no description
};

// The text one reader sees, and the language it is in. Views into the course
// it came from: valid as long as that course is.
struct CourseWording {
  std::string_view language;
  std::string_view title;
  std::string_view summary;
  std::string_view description;
};

// The wording for a reader of `reader_language`: the translation in that
// language; else the bokmål one (the catalogue's default language, which
// every reader of the site can be offered) when the course has one; else the
// course's own text in `text_language`.
CourseWording wording_for(std::string_view reader_language, std::string_view text_language,
                          std::string_view title, std::string_view summary,
                          std::string_view description,
                          const std::vector<CourseTranslation>& translations);

// A course's title in each of its languages, for messages to people who read
// different ones (a run's participants each get theirs).
struct CourseTitles {
  std::string text_language = "nb";
  std::string title;
  std::vector<CourseTranslation> translations;  // titles only
  std::string_view for_reader(std::string_view language) const {
    return wording_for(language, text_language, title, {}, {}, translations).title;
  }
};

// The problem with a set of translations, or empty: a language outside
// kCourseLanguages, the course's own language or one language twice, or a
// translation without a title.
std::string translation_problem(std::string_view text_language,
                                const std::vector<CourseTranslation>& translations);

}  // namespace kursbase
