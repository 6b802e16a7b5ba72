#pragma once
// The language of an answer (issue 13). The URL names it with `?lang=` (so a
// link to a page in Sami opens in Sami for whoever gets it; a path prefix
// like helsenorge's `/se/` would double every route and every link the code
// writes), else the cookie the last choice set, else Accept-Language, else
// bokmål: web/language_choice.hpp. Public pages are offered in nb, nn, en and
// se; staff pages in nb, nn and en, the staff side the issue asks for.
#include <string>
#include <string_view>
#include <vector>

#include "http/core/request.hpp"

namespace kursbase::http {

// The cookie that remembers a language chosen in a URL (the language switch's
// links are such URLs): http/middleware/language_cookie.hpp sets it.
inline constexpr std::string_view kLanguageCookie = "lang";

// Whether `path` is a staff page or API (signed-in staff, their sign-in).
bool is_staff_path(std::string_view path);

// The languages a page at `path` is offered in, bokmål first; only those
// with a message catalogue.
const std::vector<std::string>& languages_offered(std::string_view path);

// Sets request.language and request.language_negotiated.
void choose_page_language(Request& request);

// ` lang="se"` for text in `text_language` on a page in `page_language`, or
// nothing when they are the same (WCAG 3.1.2: a passage in another language
// says so, as a course title in Sami on a bokmål page).
std::string lang_attr(std::string_view text_language, std::string_view page_language);

// The language's name in itself, for the language switch ("Norsk nynorsk").
std::string_view language_name(std::string_view language);

}  // namespace kursbase::http
