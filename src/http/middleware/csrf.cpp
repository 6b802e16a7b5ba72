#include "http/middleware/csrf.hpp"

#include <sodium.h>

#include "http/middleware/staff_session.hpp"

namespace kursbase::http {
namespace {

constexpr std::size_t kNonceBytes = 16;  // 128 bits from the CSPRNG

std::string base64url(const unsigned char* data, std::size_t n) {
  std::string out(sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), data, n, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(out.size() - 1);  // the terminating NUL
  return out;
}

std::string mac_of(const std::string& key, const std::string& nonce) {
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_state st;
  crypto_auth_hmacsha256_init(&st, reinterpret_cast<const unsigned char*>(key.data()), key.size());
  static constexpr char kContext[] = "kursbase-csrf:";
  crypto_auth_hmacsha256_update(&st, reinterpret_cast<const unsigned char*>(kContext),
                                sizeof kContext - 1);
  crypto_auth_hmacsha256_update(&st, reinterpret_cast<const unsigned char*>(nonce.data()),
                                nonce.size());
  crypto_auth_hmacsha256_final(&st, mac);
  return base64url(mac, sizeof mac);
}

bool same(const std::string& a, const std::string& b) {
  return a.size() == b.size() && !a.empty() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

bool state_changing(const std::string& method) {
  return method != "GET" && method != "HEAD" && method != "OPTIONS";
}

bool starts_with(const std::string& s, std::string_view p) { return s.rfind(p, 0) == 0; }

// A cross-site page cannot send these without a CORS preflight, which we never grant.
bool non_simple(const Request& r) {
  return r.media_type() == "application/json" || !r.header("x-requested-with").empty();
}

// The Origin header, when sent, must be this server ("http(s)://" + Host).
bool origin_ok(const Request& r) {
  const auto origin = r.header("origin");
  if (origin.empty()) return true;
  const auto host = r.header("host");
  return !host.empty() && (origin == "http://" + host || origin == "https://" + host);
}

std::string form_token(const Request& r) {
  if (r.media_type() != "application/x-www-form-urlencoded") return {};
  QueryParams fields;
  if (!parse_form(r.body, fields)) return {};
  for (const auto& [k, v] : fields)
    if (k == kCsrfField) return v;
  return {};
}

}  // namespace

std::string csrf_cookie_name(bool secure_cookie) {
  return secure_cookie ? "__Host-kursbase-csrf" : "kursbase_csrf";
}

std::string new_anonymous_csrf_token(const std::string& key) {
  unsigned char nonce[kNonceBytes];
  randombytes_buf(nonce, sizeof nonce);
  const auto n = base64url(nonce, sizeof nonce);
  return n + "." + mac_of(key, n);
}

bool csrf_token_valid(const std::string& key, const std::string& token) {
  const auto dot = token.find('.');
  if (dot == std::string::npos || token.size() > 200) return false;
  return same(token.substr(dot + 1), mac_of(key, token.substr(0, dot)));
}

std::string csrf_token(const Request& request) { return request.csrf_token; }

std::string csrf_field(const Request& request) {
  // The token is base64url (and '.'): nothing to escape.
  return "<input type=\"hidden\" name=\"csrf\" value=\"" + request.csrf_token + "\">";
}

void install_csrf(Router& router, const Responder& responder, const CsrfOptions& options) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium did not initialise");
  const std::string cookie = csrf_cookie_name(options.secure_cookie);
  const std::string key = options.key;
  router.use([&responder, cookie, key,
              form_again = options.form_again](Request& r) -> std::optional<Response> {
    const auto from_cookie = r.cookie(cookie);
    const bool cookie_ok = csrf_token_valid(key, from_cookie);
    if (r.staff)
      r.csrf_token = r.staff->csrf_token;
    else
      r.csrf_token = cookie_ok ? from_cookie : new_anonymous_csrf_token(key);
    if (!state_changing(r.method)) return std::nullopt;
    bool passed = false;
    if (non_simple(r)) {
      passed = true;
    } else if (const auto sent = form_token(r); !sent.empty()) {
      // A signed-in request needs its session's own token: the anonymous pair
      // (cookie and field) is not bound to the session, so a page that could plant
      // the cookie (a sibling subdomain, say) could otherwise post as staff.
      passed = r.staff ? same(sent, r.staff->csrf_token) : cookie_ok && same(sent, from_cookie);
    }
    if (passed && origin_ok(r)) return std::nullopt;
    // Same-site but stale (no cross-site Origin): the form again, kept.
    if (!r.staff && origin_ok(r) && form_again)
      if (auto again = form_again(r)) return again;
    return responder.error(
        r, Error{ErrorCode::Forbidden, "access.csrf", "missing or wrong CSRF token"});
  });
  const std::string attributes =
      std::string("; Path=/; HttpOnly; SameSite=Lax") + (options.secure_cookie ? "; Secure" : "");
  router.finish_with([cookie, attributes](const Request& r, Response& response) {
    // Anonymous HTML pages get the double-submit cookie their forms pair with.
    if (r.staff || r.csrf_token.empty() || r.cookie(cookie) == r.csrf_token) return;
    if (!starts_with(response.content_type, "text/html")) return;
    response.headers.emplace_back("Set-Cookie", cookie + "=" + r.csrf_token + attributes);
  });
}

}  // namespace kursbase::http
