#pragma once
// Test support: reading a Response the router gave, for the http tests.
#include <string>
#include <vector>

#include "http/core/response.hpp"

namespace kursbase::http::testing {

// The first header `name` the handler or the middleware set; empty when none.
inline std::string header(const Response& r, const std::string& name) {
  for (const auto& [k, v] : r.headers)
    if (k == name) return v;
  return {};
}

// As header(), and else the security headers the server adds when it sends
// the answer (http/core/server.cpp): what the client receives.
inline std::string header_as_sent(const Response& r, const std::string& name) {
  if (auto v = header(r, name); !v.empty()) return v;
  for (const auto& [k, v] : security_headers(r))
    if (k == name) return v;
  return {};
}

// Every header `name`, in order (Set-Cookie comes more than once).
inline std::vector<std::string> headers(const Response& r, const std::string& name) {
  std::vector<std::string> out;
  for (const auto& [k, v] : r.headers)
    if (k == name) out.push_back(v);
  return out;
}

inline bool contains(const std::string& text, const std::string& what) {
  return text.find(what) != std::string::npos;
}

}  // namespace kursbase::http::testing
