#pragma once
// An HTTP request as the handlers see it: decoded path segments and query
// parameters, independent of the server library (so handlers are testable
// without a socket).
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/catalogue/catalogue_query.hpp"

namespace kursbase::http {

struct StaffSession;  // http/middleware/staff_session.hpp: who is signed in, if anyone

struct Request {
  std::string method;  // "GET", "POST", ...
  std::string target;  // raw request target, e.g. "/kurs/12?lang=nn"
  std::string path;    // decoded path
  QueryParams query;   // decoded query parameters, in order
  std::string accept;  // Accept header
  std::string accept_language;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // as received
  std::string client_address;                                // peer IP, for rate limits and audit
  std::shared_ptr<const StaffSession> staff;                 // set by the session middleware
  const struct RouteAccess* route_access = nullptr;          // set by the router before middleware
  std::string csrf_token;  // set by the CSRF middleware: what this page's forms carry (csrf.hpp)
  // Set by the router before anything else: the answer's language and whether
  // the URL named it (else a cookie or Accept-Language did): page_language.hpp.
  std::string language;
  bool language_from_url = false;

  // The first value of query parameter `name`, if present.
  std::optional<std::string> param(std::string_view name) const;
  // Header value by case-insensitive name; empty when absent.
  std::string header(std::string_view name) const;
  // Cookie value from the Cookie header; empty when absent.
  std::string cookie(std::string_view name) const;
  // The Content-Type's type/subtype, lower-cased, without parameters and
  // blanks ("Application/JSON; charset=UTF-8" → "application/json"; RFC 9110
  // §8.3.1: the media type is case-insensitive); empty when absent.
  std::string media_type() const;
};

// Decodes an application/x-www-form-urlencoded body; false when malformed.
bool parse_form(std::string_view body, QueryParams& fields);

// Splits and percent-decodes a request target. Returns false for malformed
// percent-escapes, NUL bytes or a path that is not absolute; `+` in the query
// is a space (HTML forms).
bool parse_target(std::string_view target, std::string& path, QueryParams& query);

// Percent-encodes for a query component (RFC 3986 unreserved kept).
std::string url_encode(std::string_view s);
// "a=1&b=2" from parameters.
std::string encode_query(const QueryParams& params);

}  // namespace kursbase::http
