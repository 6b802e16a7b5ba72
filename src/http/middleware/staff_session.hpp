#pragma once
// The signed-in staff member of a request, loaded from the session cookie by
// the session middleware (install_staff_sessions) into Request::staff, and the
// cookie that carries the session.
//
// Cookie: `__Host-kursbase` with Secure when the server is reached over TLS
// (settings `security.tls`), else `kursbase_session` (plain HTTP on loopback,
// where browsers drop Secure cookies); always HttpOnly, SameSite=Lax, Path=/.
//
// Routes whose RouteAccess::audience is Staff get, without a live session:
// HTML → 303 to /innlogging?neste=<local path>, JSON → 401 `unauthenticated`.
#include <optional>
#include <string>

#include "app/staff/audit_log.hpp"
#include "app/staff/staff_accounts.hpp"
#include "domain/staff/access.hpp"
#include "http/core/router.hpp"

namespace kursbase::http {

struct StaffSession {
  Actor actor;
  std::string csrf_token;  // forms of a signed-in staff member carry this
  std::string token_hash;  // identifies the session for sign-out
};

struct SessionCookieOptions {
  bool secure = false;  // TLS: __Host- prefix and Secure
};

std::string session_cookie_name(const SessionCookieOptions& options);
// Set-Cookie value for a new session token / for clearing the cookie.
std::string session_cookie(const SessionCookieOptions& options, const std::string& token);
std::string clear_session_cookie(const SessionCookieOptions& options);

// Installs the middleware that loads Request::staff and guards Staff routes.
void install_staff_sessions(Router& router, const Responder& responder,
                            app::StaffAccounts& accounts, const SessionCookieOptions& options);

// Who acts and from where, for app use cases and the audit log. The route is
// the matched pattern ("GET /ansatt/logg"), never the raw path with values.
app::AccessContext access_context(const Request& request);

// A return path after sign-in: a local absolute path ("/ansatt?x=1"), else "/ansatt".
std::string safe_return_path(const std::string& candidate);

}  // namespace kursbase::http
