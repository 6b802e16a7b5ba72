#pragma once
// An HTTP response built by a handler; the server adds the security headers.
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

namespace kursbase::http {

struct Response {
  int status = 200;
  std::string content_type = "text/html; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  bool personal_data = false;  // → Cache-Control: no-store
  // The language a page was written in (Content-Language), where the handler
  // chose it rather than the request (a private-link page in the
  // participant's language); empty: the request's.
  std::string language;

  static Response html(int status, std::string body);
  static Response json(int status, const nlohmann::json& body);
};

// `r` marked as holding personal data (Cache-Control: no-store).
Response personal(Response r);
// 303 See Other to `location` (after a form POST).
Response see_other(const std::string& location);

// Headers every response carries (CSP without unsafe-inline, nosniff, ...).
std::vector<std::pair<std::string, std::string>> security_headers(const Response& response);

}  // namespace kursbase::http
