#include "domain/catalogue/course_translation.hpp"

#include <set>

#include "domain/core/language.hpp"

namespace kursbase {
namespace {

const CourseTranslation* in_language(const std::vector<CourseTranslation>& translations,
                                     std::string_view language) {
  for (const auto& t : translations)
    if (t.language == language) return &t;
  return nullptr;
}

CourseWording wording_of(const CourseTranslation& t) {
  return {t.language, t.title, t.summary, t.description};
}

}  // namespace

CourseWording wording_for(std::string_view reader_language, std::string_view text_language,
                          std::string_view title, std::string_view summary,
                          std::string_view description,
                          const std::vector<CourseTranslation>& translations) {
  const CourseWording own{text_language, title, summary, description};
  if (reader_language == text_language) return own;
  if (const auto* t = in_language(translations, reader_language)) return wording_of(*t);
  if (text_language != "nb")
    if (const auto* t = in_language(translations, "nb")) return wording_of(*t);
  return own;
}

std::string translation_problem(std::string_view text_language,
                                const std::vector<CourseTranslation>& translations) {
  if (!is_course_language(text_language)) return "unknown text language";
  std::set<std::string_view> seen{text_language};
  for (const auto& t : translations) {
    if (!is_course_language(t.language)) return "unknown translation language " + t.language;
    if (!seen.insert(t.language).second) return "two texts in " + t.language;
    if (t.title.empty()) return "translation without a title in " + t.language;
  }
  return {};
}

}  // namespace kursbase
