#include "http/staff/oidc_routes.hpp"

#include <spdlog/spdlog.h>

#include <chrono>

#include "http/core/errors.hpp"

namespace kursbase::http {
namespace {

std::string pending_cookie(const SessionCookieOptions& options, const std::string& value,
                           std::chrono::seconds max_age) {
  // SameSite=Lax: the provider's redirect back is a top-level GET, which Lax
  // cookies accompany; a cross-site POST or subresource does not get it.
  return oidc_pending_cookie_name(options) + "=" + value +
         "; Path=/; HttpOnly; SameSite=Lax; Max-Age=" + std::to_string(max_age.count()) +
         (options.secure ? "; Secure" : "");
}

Response refusal(const Responder& r, const Request& req, const Error& e,
                 const SessionCookieOptions& cookies) {
  // The detail says which check failed (for operators); it holds no personal data.
  spdlog::info("oidc sign-in refused: {}", e.detail);
  const auto& m = r.messages(req);
  Response page =
      r.page(req, e, "oidc_error",
             {{"title", m.text("oidc.error_title")}, {"message", m.text(e.message_key)}});
  page.headers.emplace_back("Set-Cookie", pending_cookie(cookies, "", std::chrono::seconds(0)));
  page.personal_data = true;
  return page;
}

}  // namespace

std::string oidc_pending_cookie_name(const SessionCookieOptions& options) {
  return options.secure ? "__Host-kursbase_oidc" : "kursbase_oidc";
}

void add_oidc_routes(RouteTable& routes, const Responder& r, app::IdentityProvider& client,
                     app::OidcSignIn& sign_in, app::StaffAccounts& accounts,
                     const SessionCookieOptions& cookies) {
  routes.add("GET", kOidcStartPath, [&r, &client, cookies](const Request& req, const RouteMatch&) {
    const auto next = safe_return_path(req.param("neste").value_or(""));
    auto started = client.begin(next);
    if (!started) return refusal(r, req, started.error(), cookies);
    Response out = Response::html(303, "");
    out.headers.emplace_back("Location", started->redirect_url);
    out.headers.emplace_back("Set-Cookie", pending_cookie(cookies, started->sealed_state,
                                                          app::IdentityProvider::kPendingLifetime));
    out.personal_data = true;
    return out;
  });

  routes.add("GET", kOidcCallbackPath,
             [&r, &client, &sign_in, &accounts, cookies](const Request& req, const RouteMatch&) {
               app::IdentityProvider::Callback callback{
                   req.param("code").value_or(""), req.param("state").value_or(""),
                   req.param("error").value_or(""), req.param("iss").value_or("")};
               auto identity =
                   client.complete(callback, req.cookie(oidc_pending_cookie_name(cookies)));
               if (!identity) return refusal(r, req, identity.error(), cookies);
               auto started = sign_in.sign_in(*identity, req.client_address);
               if (!started) {
                 const auto code = started.error().code;
                 if (code != ErrorCode::Forbidden) return r.error_html(req, started.error());
                 return refusal(r, req, started.error(), cookies);
               }
               // A new session replaces any the browser had (no session fixation).
               if (req.staff) (void)accounts.sign_out(req.staff->token_hash);
               Response out = Response::html(303, "");
               out.headers.emplace_back("Location", safe_return_path(identity->return_path));
               out.headers.emplace_back("Set-Cookie", session_cookie(cookies, started->token));
               out.headers.emplace_back("Set-Cookie",
                                        pending_cookie(cookies, "", std::chrono::seconds(0)));
               out.personal_data = true;
               return out;
             });
}

}  // namespace kursbase::http
