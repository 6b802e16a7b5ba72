#include "web/language_choice.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace kursbase::web {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool offered_has(const std::vector<std::string>& offered, const std::string& language) {
  return !language.empty() && std::find(offered.begin(), offered.end(), language) != offered.end();
}

// The q-value of one Accept-Language element's parameters; 1 without one,
// -1 when malformed.
double quality(std::string_view params) {
  for (std::size_t start = 0; start <= params.size();) {
    const auto end = std::min(params.find(';', start), params.size());
    auto p = trim(params.substr(start, end - start));
    if (p.size() > 2 && (p[0] == 'q' || p[0] == 'Q') && p[1] == '=') {
      const std::string value(p.substr(2));
      char* rest = nullptr;
      const double q = std::strtod(value.c_str(), &rest);
      if (rest == value.c_str() || *rest != '\0' || q < 0 || q > 1) return -1;
      return q;
    }
    start = end + 1;
  }
  return 1;
}

}  // namespace

std::string language_of_tag(std::string_view tag) {
  const std::string t = lower(trim(tag));
  const std::string primary = t.substr(0, t.find_first_of("-_"));
  if (primary == "nb" || primary == "no" || primary == "nob") return "nb";
  if (primary == "nn" || primary == "nno") return "nn";
  if (primary == "en" || primary == "eng") return "en";
  if (primary == "se" || primary == "sme") return "se";
  return {};
}

LanguageChoice choose_language(std::optional<std::string_view> url, std::string_view cookie,
                               std::string_view accept_language,
                               const std::vector<std::string>& offered) {
  if (url && offered_has(offered, language_of_tag(*url)))
    return {language_of_tag(*url), LanguageSource::Url};
  if (offered_has(offered, language_of_tag(cookie)))
    return {language_of_tag(cookie), LanguageSource::Cookie};
  // The offered language of the highest q; among equals, the first listed.
  std::string best;
  double best_q = 0;
  for (std::size_t start = 0; start <= accept_language.size();) {
    const auto end = std::min(accept_language.find(',', start), accept_language.size());
    const auto element = accept_language.substr(start, end - start);
    const auto semi = element.find(';');
    const auto language = language_of_tag(element.substr(0, semi));
    const double q = semi == std::string_view::npos ? 1 : quality(element.substr(semi + 1));
    if (offered_has(offered, language) && q > best_q) best = language, best_q = q;
    start = end + 1;
  }
  if (!best.empty()) return {best, LanguageSource::Header};
  return {offered.empty() ? std::string("nb") : offered.front(), LanguageSource::Default};
}

}  // namespace kursbase::web
