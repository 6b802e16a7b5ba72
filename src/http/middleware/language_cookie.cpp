#include "http/middleware/language_cookie.hpp"

#include "http/core/page_language.hpp"

namespace kursbase::http {
namespace {

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

}  // namespace

void install_language_cookie(Router& router, bool secure) {
  // A year: a preference, not a session. Not HttpOnly-sensitive, but no
  // script of ours reads it.
  const std::string attributes = std::string("; Path=/; Max-Age=31536000; HttpOnly; SameSite=Lax") +
                                 (secure ? "; Secure" : "");
  router.finish_with([attributes](const Request& r, Response& response) {
    if (r.language.empty()) return;
    const bool page = starts_with(response.content_type, "text/html");
    if (page)
      response.headers.emplace_back("Content-Language",
                                    response.language.empty() ? r.language : response.language);
    if (!r.language_from_url && (page || starts_with(response.content_type, "application/json")))
      response.headers.emplace_back("Vary", "Accept-Language, Cookie");
    if (r.language_from_url && r.cookie(kLanguageCookie) != r.language)
      response.headers.emplace_back("Set-Cookie",
                                    std::string(kLanguageCookie) + "=" + r.language + attributes);
  });
}

}  // namespace kursbase::http
