#pragma once
// The private link, out of the URL (issue 11). A link in a mail or SMS,
// `/pamelding/{token}`, is exchanged at once: the answer sets this cookie and
// sends the browser on to `/pamelding`, which (with its forms and calendar)
// reads the token from the cookie. So the token is in one request line per
// opening, not in every page view, form post and download, and never in a
// Referer or the browser history's later entries. docs/operations.md says
// what a proxy in front must not log.
//
// Cookie: `__Secure-kursbase_link` with Secure under TLS (settings
// `security.tls`), else `kursbase_link` (plain HTTP on loopback); HttpOnly,
// Path=/pamelding (no other page gets it), SameSite=Lax (a link followed from
// a webmail is a cross-site top-level GET, which Lax lets the cookie ride on;
// Strict would drop it on the redirect), Max-Age two hours: on a shared
// computer it does not outlive the visit for long, and the mail's link opens
// it again.
#include <chrono>
#include <string>

#include "http/middleware/staff_session.hpp"

namespace kursbase::http {

inline constexpr std::chrono::seconds kPrivateLinkCookieLifetime{2 * 3600};

std::string private_link_cookie_name(const SessionCookieOptions& options);
// Set-Cookie values: the token for kPrivateLinkCookieLifetime / clearing it.
std::string private_link_cookie(const SessionCookieOptions& options, const std::string& token);
std::string clear_private_link_cookie(const SessionCookieOptions& options);

}  // namespace kursbase::http
