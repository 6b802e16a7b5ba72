#include "http/core/response.hpp"

namespace kursbase::http {

Response Response::html(int status, std::string body) {
  return Response{status, "text/html; charset=utf-8", std::move(body), {}, false, {}};
}

Response personal(Response r) {
  r.personal_data = true;
  return r;
}

Response see_other(const std::string& location) {
  Response r = Response::html(303, "");
  r.headers.emplace_back("Location", location);
  return r;
}

Response Response::json(int status, const nlohmann::json& body) {
  // Invalid UTF-8 never reaches here (input is validated), but replace rather
  // than throw if it ever does.
  return Response{status,
                  "application/json",
                  body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                  {},
                  false,
                  {}};
}

std::vector<std::pair<std::string, std::string>> security_headers(const Response& response) {
  std::vector<std::pair<std::string, std::string>> h{
      {"Content-Security-Policy",
       "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
       "form-action 'self'"},
      {"X-Content-Type-Options", "nosniff"},
      // A page with personal data (the private link's among them) tells other
      // sites nothing, not even our origin. Not "no-referrer": its forms would
      // post with `Origin: null`, which the CSRF guard refuses.
      {"Referrer-Policy",
       response.personal_data ? "same-origin" : "strict-origin-when-cross-origin"},
      {"X-Frame-Options", "DENY"},
      {"Cross-Origin-Opener-Policy", "same-origin"},
  };
  if (response.personal_data) h.emplace_back("Cache-Control", "no-store");
  return h;
}

}  // namespace kursbase::http
