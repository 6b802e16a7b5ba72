#include "http/core/page_language.hpp"

#include <algorithm>

#include "web/language_choice.hpp"
#include "web/messages.hpp"

namespace kursbase::http {
namespace {

std::vector<std::string> with_catalogues(std::initializer_list<const char*> wanted) {
  const auto& have = web::supported_languages();
  std::vector<std::string> out;
  for (const char* l : wanted)
    if (std::find(have.begin(), have.end(), l) != have.end()) out.emplace_back(l);
  return out;
}

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

}  // namespace

bool is_staff_path(std::string_view path) {
  for (std::string_view prefix :
       {"/ansatt", "/innlogging", "/utlogging", "/api/v1/staff", "/api/v1/audit"})
    if (starts_with(path, prefix) &&
        (path.size() == prefix.size() || path[prefix.size()] == '/' || path[prefix.size()] == '.'))
      return true;
  return false;
}

const std::vector<std::string>& languages_offered(std::string_view path) {
  static const auto public_pages = with_catalogues({"nb", "nn", "en", "se"});
  static const auto staff_pages = with_catalogues({"nb", "nn", "en"});
  return is_staff_path(path) ? staff_pages : public_pages;
}

void choose_page_language(Request& request) {
  const auto url = request.param("lang");
  const auto choice = web::choose_language(
      url ? std::optional<std::string_view>(*url) : std::nullopt, request.cookie(kLanguageCookie),
      request.accept_language, languages_offered(request.path));
  request.language = choice.language;
  request.language_from_url = choice.source == web::LanguageSource::Url;
}

std::string_view language_name(std::string_view language) {
  if (language == "nn") return "Norsk nynorsk";
  if (language == "en") return "English";
  if (language == "se") return "Davvisámegiella";
  return "Norsk bokmål";
}

std::string lang_attr(std::string_view text_language, std::string_view page_language) {
  if (text_language.empty() || text_language == page_language) return {};
  // A language tag is letters and hyphens; anything else is not written into HTML.
  for (char ch : text_language)
    if (!((ch >= 'a' && ch <= 'z') || ch == '-')) return {};
  return " lang=\"" + std::string(text_language) + "\"";
}

}  // namespace kursbase::http
