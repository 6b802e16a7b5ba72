#pragma once
// The demo courses' texts in other languages than the one they are written in
// (issue 13): the Sami-language courses in North Sami (and English), the
// English-language ones in bokmål, the bilingual heart failure school in
// English. Keyed by the template's first title, so that the templates and the
// random draws of the generator stay as they are. The Sami texts want a
// native speaker's review, as docs/glossary.md says of its Sami terms.
#include <array>
#include <string_view>

namespace kursbase::demo {

struct TranslationRef {
  std::string_view language;  // empty: unused slot
  std::string_view title;
  std::string_view summary;
  std::string_view description;
};

struct TemplateTexts {
  std::string_view first_title;    // CourseTemplate::titles[0]
  std::string_view text_language;  // what the template itself is written in
  std::array<TranslationRef, 2> translations;
};

// The texts of the template whose first title is `first_title`, or null: a
// template not listed is written in bokmål (or nynorsk by its owner) only.
const TemplateTexts* template_texts(std::string_view first_title);

}  // namespace kursbase::demo
