#pragma once
// Staff sign-in with OpenID Connect (HelseID), issue 4:
//   GET /innlogging/oidc?neste=PATH   start: 303 to the provider, sets the
//                                     sealed short-lived sign-in cookie
//   GET /innlogging/oidc/tilbake      the redirect URI: checks state, takes
//                                     the code, starts a staff session
// Registered only when OIDC is configured; otherwise both paths are 404.
// Both are public routes (the person is not signed in yet). Refusals are
// pages in the user's language: 400 (state, code or token not accepted),
// 403 (no such account, or disabled), 503 (provider unreachable).
#include "app/staff/identity_provider.hpp"
#include "app/staff/oidc_sign_in.hpp"
#include "app/staff/staff_accounts.hpp"
#include "http/core/responder.hpp"
#include "http/core/route_table.hpp"
#include "http/middleware/staff_session.hpp"

namespace kursbase::http {

inline constexpr const char* kOidcStartPath = "/innlogging/oidc";
inline constexpr const char* kOidcCallbackPath = "/innlogging/oidc/tilbake";

// Name of the cookie that carries the pending sign-in between the two legs.
std::string oidc_pending_cookie_name(const SessionCookieOptions& options);

void add_oidc_routes(RouteTable& routes, const Responder& responder, app::IdentityProvider& client,
                     app::OidcSignIn& sign_in, app::StaffAccounts& accounts,
                     const SessionCookieOptions& cookies);

}  // namespace kursbase::http
