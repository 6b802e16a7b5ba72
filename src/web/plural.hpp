#pragma once
// Plural forms by the CLDR rules of our languages (issue 13), for whole
// numbers: bokmål, nynorsk and English have "one" (1) and "other"; North Sami
// has "one" (1), "two" (2) and "other" — every counted Sami text needs a dual
// form. A counted text is written as keys `base.one`, `base.two` (Sami),
// `base.other`.
#include <string_view>

namespace kursbase::web {

// "one", "two" or "other".
std::string_view plural_category(std::string_view language, long long n);

}  // namespace kursbase::web
