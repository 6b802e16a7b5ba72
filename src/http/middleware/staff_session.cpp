#include "http/middleware/staff_session.hpp"

#include <spdlog/spdlog.h>

namespace kursbase::http {
namespace {

bool is_api(const Request& r) { return r.path.rfind("/api/", 0) == 0; }

bool staff_only(const Request& r) {
  return r.route_access && r.route_access->audience == RouteAccess::Audience::Staff;
}

}  // namespace

std::string session_cookie_name(const SessionCookieOptions& options) {
  // `__Host-` makes the browser insist on Secure, Path=/ and no Domain, so a
  // sibling host cannot plant a session; it needs TLS.
  return options.secure ? "__Host-kursbase" : "kursbase_session";
}

std::string session_cookie(const SessionCookieOptions& options, const std::string& token) {
  // No Max-Age: a browser session cookie; the server enforces the timeouts.
  return session_cookie_name(options) + "=" + token + "; Path=/; HttpOnly; SameSite=Lax" +
         (options.secure ? "; Secure" : "");
}

std::string clear_session_cookie(const SessionCookieOptions& options) {
  return session_cookie_name(options) + "=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0" +
         (options.secure ? "; Secure" : "");
}

std::string safe_return_path(const std::string& candidate) {
  static const std::string kHome = "/ansatt";
  // Local absolute paths only: "//host" and "/\host" are other sites to browsers.
  if (candidate.empty() || candidate[0] != '/' || candidate.size() > 2000) return kHome;
  if (candidate.size() > 1 && (candidate[1] == '/' || candidate[1] == '\\')) return kHome;
  for (unsigned char c : candidate)
    if (c < 0x20 || c == 0x7f || c == '\\') return kHome;
  return candidate;
}

app::AccessContext access_context(const Request& request) {
  app::AccessContext who;
  if (request.staff) who.actor = request.staff->actor;
  // Staff routes carry ids in the path, no personal data; the query is left out.
  who.route = request.method + " " + request.path;
  who.client_address = request.client_address;
  return who;
}

void install_staff_sessions(Router& router, const Responder& responder,
                            app::StaffAccounts& accounts, const SessionCookieOptions& options) {
  const std::string cookie = session_cookie_name(options);
  router.use([&responder, &accounts, cookie](Request& r) -> std::optional<Response> {
    if (const auto token = r.cookie(cookie); !token.empty()) {
      auto live = accounts.resume(token);
      if (!live) return responder.error(r, live.error());
      if (*live)
        r.staff = std::make_shared<StaffSession>(
            StaffSession{(*live)->actor, (*live)->csrf_token, (*live)->token_hash});
    }
    if (r.staff || !staff_only(r)) return std::nullopt;
    if (is_api(r))
      return responder.error_api(
          r, Error{ErrorCode::Unauthenticated, "access.unauthenticated", "no session"});
    Response redirect = Response::html(303, "");
    std::string back = r.path;
    if (const auto q = r.target.find('?'); q != std::string::npos) back += r.target.substr(q);
    redirect.headers.emplace_back("Location",
                                  "/innlogging?neste=" + url_encode(safe_return_path(back)));
    return redirect;
  });
  // A cookie naming no live session (expired, signed out elsewhere) is cleared.
  router.finish_with([cookie, options](const Request& r, Response& response) {
    if (!r.staff && !r.cookie(cookie).empty()) {
      for (const auto& [k, v] : response.headers)
        if (k == "Set-Cookie" && v.rfind(cookie + "=", 0) == 0) return;
      response.headers.emplace_back("Set-Cookie", clear_session_cookie(options));
    }
  });
}

}  // namespace kursbase::http
