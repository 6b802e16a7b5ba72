#include "http/enrollment/private_link_cookie.hpp"

namespace kursbase::http {
namespace {

std::string attributes(const SessionCookieOptions& options, std::chrono::seconds max_age) {
  return "; Path=/pamelding; HttpOnly; SameSite=Lax; Max-Age=" + std::to_string(max_age.count()) +
         (options.secure ? "; Secure" : "");
}

}  // namespace

std::string private_link_cookie_name(const SessionCookieOptions& options) {
  // `__Secure-` makes the browser insist on Secure; `__Host-` would need Path=/.
  return options.secure ? "__Secure-kursbase_link" : "kursbase_link";
}

std::string private_link_cookie(const SessionCookieOptions& options, const std::string& token) {
  return private_link_cookie_name(options) + "=" + token +
         attributes(options, kPrivateLinkCookieLifetime);
}

std::string clear_private_link_cookie(const SessionCookieOptions& options) {
  return private_link_cookie_name(options) + "=" + attributes(options, std::chrono::seconds(0));
}

}  // namespace kursbase::http
