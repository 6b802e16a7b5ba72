#pragma once
// An HTTP response built by a handler; the server adds the security headers.
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace kursbase::http {

struct Response {
  int status = 200;
  std::string content_type = "text/html; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  bool personal_data = false;  // → Cache-Control: no-store

  static Response html(int status, std::string body);
  static Response json(int status, const nlohmann::json& body);
};

// Headers every response carries (CSP without unsafe-inline, nosniff, ...).
std::vector<std::pair<std::string, std::string>> security_headers(const Response& response);

}  // namespace kursbase::http
