#pragma once
// Which language a page is in (issue 13): the language named in the URL
// (`?lang=`, so that a link to a page in Sami opens in Sami for whoever gets
// it), else the one the person chose before (a cookie the language switch
// sets), else the browser's Accept-Language, else bokmål.
//
// The issue lists "cookie > switch > header"; the URL goes first here because
// the same issue asks for shareable URLs in a language, which a remembered
// choice must not override. Choosing on the switch sets the cookie, so the
// two agree after any click.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kursbase::web {

enum class LanguageSource { Url, Cookie, Header, Default };

struct LanguageChoice {
  std::string language;  // one of `offered`
  LanguageSource source = LanguageSource::Default;
};

// `offered`: the page's languages, the default first (public pages: nb, nn,
// en, se; staff pages: nb, nn, en). Unknown or not offered values are
// skipped. Accept-Language is read with its q-values (RFC 9110 §12.5.4);
// "no" and "nb-NO" are bokmål, "nn-NO" nynorsk, "se-NO" and "sme" North Sami.
LanguageChoice choose_language(std::optional<std::string_view> url, std::string_view cookie,
                               std::string_view accept_language,
                               const std::vector<std::string>& offered);

// A language tag as ours ("nb-NO" → "nb", "no" → "nb", "sme" → "se",
// "en-GB" → "en"); empty when it is none we know.
std::string language_of_tag(std::string_view tag);

}  // namespace kursbase::web
