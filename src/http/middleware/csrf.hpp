#pragma once
// Cross-site request forgery protection for every state-changing request
// (POST, PUT, PATCH, DELETE), as router middleware. A request passes when
//  - it carries a non-simple header a cross-site form cannot send
//    (`Content-Type: application/json` or `X-Requested-With`): the JSON API, or
//  - its form body has the field `csrf` equal to the page's token:
//      * signed-in staff: the token of their session (StaffSession::csrf_token),
//      * anyone else: a signed double-submit token — a random nonce and its
//        HMAC under a key shared by all servers, sent as an HttpOnly cookie
//        and echoed in the form; a forged cookie fails the HMAC;
// and, when the browser sends `Origin`, that origin is this host. Otherwise 403.
//
// For handlers that render a form (the sign-up form on /gjennomforing/{id},
// the sign-in form, every staff form): put the token in the view model and a
// hidden field in the template:
//
//     data["csrf"] = http::csrf_token(req);
//     <input type="hidden" name="csrf" value="{{csrf}}">
//
// (or `{{{csrf_field}}}` with data["csrf_field"] = http::csrf_field(req)).
// The handler parsing the form ignores the `csrf` field; the middleware has
// already checked it. The cookie is set by the finisher on HTML answers.
#include <functional>
#include <optional>
#include <string>

#include "http/core/router.hpp"

namespace kursbase::http {

inline constexpr const char* kCsrfField = "csrf";

// The token forms on this request's page must carry (set by the middleware;
// empty only when the CSRF middleware is not installed).
std::string csrf_token(const Request& request);
// `<input type="hidden" name="csrf" value="…">`, HTML-safe (the token is base64url).
std::string csrf_field(const Request& request);

struct CsrfOptions {
  std::string key;             // ≥ 32 bytes, the same on every server (StaffStore::shared_key)
  bool secure_cookie = false;  // TLS: cookie `__Host-kursbase-csrf` with Secure
  // For an anonymous form whose token has expired (the cookie went with a
  // closed browser, say): the page that shows the form again with what was
  // typed and a fresh token, instead of a bare 403. Rendering only: the
  // request's action is never run. Empty answer: the plain 403.
  std::function<std::optional<Response>(const Request&)> form_again;
};

// Installs the check (Router::use) and the cookie (Router::finish_with). Must
// be installed after the session middleware (it reads Request::staff).
void install_csrf(Router& router, const Responder& responder, const CsrfOptions& options);

// Exposed for tests.
std::string csrf_cookie_name(bool secure_cookie);
bool csrf_token_valid(const std::string& key, const std::string& token);
std::string new_anonymous_csrf_token(const std::string& key);

}  // namespace kursbase::http
