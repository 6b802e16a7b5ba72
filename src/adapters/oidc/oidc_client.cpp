#include "adapters/oidc/oidc_client.hpp"

#include <curl/curl.h>
#include <sodium.h>

#include <cctype>
#include <utility>

namespace kursbase::adapters {
namespace {

using Params = std::vector<std::pair<std::string, std::string>>;

constexpr auto kDiscoveryTtl = std::chrono::hours(1);
constexpr auto kAssertionLifetime = std::chrono::seconds(60);
constexpr long kHttpTimeoutSeconds = 10;
constexpr std::size_t kMaxReplyBytes = 1024 * 1024;
constexpr std::size_t kRandomBytes = 32;  // 256 bits for state, nonce and PKCE verifier
constexpr std::size_t kMaxSubjectLength = 255;
constexpr const char* kJwtBearer = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

// The callback's state, code or token cannot be accepted: Malformed, like any
// query parameter that names nothing there is (ErrorCode), so 400.
Error failed(std::string detail) { return malformed("oidc.failed", std::move(detail)); }
Error state_invalid(std::string detail) {
  return malformed("oidc.state_invalid", std::move(detail));
}
Error provider_unavailable(std::string detail) {
  return Error{ErrorCode::Unavailable, "oidc.unavailable", std::move(detail)};
}

bool same(const std::string& a, const std::string& b) {
  return a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string percent_encode(const std::string& s) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += char(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::string form_encode(const Params& params) {
  std::string out;
  for (const auto& [k, v] : params) {
    if (!out.empty()) out += '&';
    out += percent_encode(k) + "=" + percent_encode(v);
  }
  return out;
}

struct Reply {
  long status = 0;
  std::string body;
};

std::size_t collect(char* data, std::size_t size, std::size_t count, void* user) {
  auto& body = *static_cast<std::string*>(user);
  if (body.size() + size * count > kMaxReplyBytes) return 0;  // aborts the transfer
  body.append(data, size * count);
  return size * count;
}

// GET (no form) or POST of a form; no redirects followed, TLS verified.
Result<Reply> http_call(const std::string& url, const Params* form) {
  static const bool initialised = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
  if (!initialised) return provider_unavailable("curl_global_init failed");
  CURL* curl = curl_easy_init();
  if (!curl) return provider_unavailable("curl_easy_init failed");
  Reply reply;
  const std::string body = form ? form_encode(*form) : std::string();
  curl_slist* headers = curl_slist_append(nullptr, "Accept: application/json");
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, kHttpTimeoutSeconds);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &reply.body);
  if (form) {
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.c_str());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, long(body.size()));
  }
  const CURLcode rc = curl_easy_perform(curl);
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &reply.status);
  curl_slist_free_all(headers);
  curl_easy_cleanup(curl);
  if (rc != CURLE_OK)
    return provider_unavailable(std::string("OIDC provider request failed: ") +
                                curl_easy_strerror(rc));
  return reply;
}

Result<nlohmann::json> json_object(const Reply& reply, const char* what) {
  auto doc = nlohmann::json::parse(reply.body, nullptr, false);
  if (!doc.is_object())
    return provider_unavailable(std::string(what) + " answered without a JSON object");
  return doc;
}

std::string string_field(const nlohmann::json& doc, const char* name) {
  const auto it = doc.find(name);
  return it != doc.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string without_trailing_slash(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

}  // namespace

bool acceptable_provider_url(const std::string& url) {
  if (url.rfind("https://", 0) == 0) return url.size() > 8;
  for (const char* loopback : {"http://127.0.0.1", "http://localhost", "http://[::1]"}) {
    const std::string prefix = loopback;
    if (url.rfind(prefix, 0) == 0 &&
        (url.size() == prefix.size() || url[prefix.size()] == ':' || url[prefix.size()] == '/'))
      return true;
  }
  return false;
}

Result<std::string> check_id_token_claims(const nlohmann::json& claims,
                                          const IdTokenExpectations& expected) {
  if (string_field(claims, "iss") != expected.issuer) return failed("id token: wrong iss");
  const auto aud = claims.find("aud");
  if (aud == claims.end()) return failed("id token: no aud");
  bool audience_ok = false;
  if (aud->is_string()) {
    audience_ok = aud->get<std::string>() == expected.client_id;
  } else if (aud->is_array()) {
    for (const auto& a : *aud)
      audience_ok = audience_ok || (a.is_string() && a == expected.client_id);
    // OIDC Core 3.1.3.7: several audiences → azp must name us.
    if (aud->size() > 1 && string_field(claims, "azp") != expected.client_id) audience_ok = false;
  }
  if (!audience_ok) return failed("id token: wrong aud");
  if (claims.contains("azp") && string_field(claims, "azp") != expected.client_id)
    return failed("id token: wrong azp");
  const auto exp = claims.find("exp");
  const auto iat = claims.find("iat");
  if (exp == claims.end() || !exp->is_number() || iat == claims.end() || !iat->is_number())
    return failed("id token: exp or iat missing");
  const auto now = expected.now.time_since_epoch().count();
  const auto skew = expected.skew.count();
  if (exp->get<double>() <= double(now - skew)) return failed("id token: expired");
  if (iat->get<double>() > double(now + skew)) return failed("id token: issued in the future");
  if (expected.nonce.empty() || !same(string_field(claims, "nonce"), expected.nonce))
    return failed("id token: wrong nonce");
  const auto sub = string_field(claims, "sub");
  if (sub.empty() || sub.size() > kMaxSubjectLength) return failed("id token: no usable sub");
  return sub;
}

OidcClient::OidcClient(OidcSettings settings, std::string state_key, Clock clock, jose::RsaKey key)
    : settings_(std::move(settings)),
      state_key_(std::move(state_key)),
      clock_(std::move(clock)),
      client_key_(std::move(key)) {}

Result<std::unique_ptr<OidcClient>> OidcClient::create(OidcSettings settings, std::string state_key,
                                                       Clock clock) {
  if (!acceptable_provider_url(settings.issuer))
    return invalid_input("config.error.oidc", "oidc issuer must be https (http only on loopback)");
  if (settings.client_id.empty() || settings.redirect_uri.empty())
    return invalid_input("config.error.oidc", "oidc client_id and redirect_uri are required");
  if (state_key.size() != crypto_secretbox_KEYBYTES)
    return invalid_input("config.error.oidc", "state key must be 32 bytes");
  auto key = jose::RsaKey::private_from_pem_file(settings.private_key_file);
  if (!key) return key.error();
  return std::unique_ptr<OidcClient>(
      new OidcClient(std::move(settings), std::move(state_key), std::move(clock), std::move(*key)));
}

Result<OidcClient::Discovery> OidcClient::discovery() {
  {
    std::lock_guard lock(mutex_);
    if (discovery_ && std::chrono::steady_clock::now() - discovery_->fetched_at < kDiscoveryTtl)
      return *discovery_;
  }
  auto reply = http_call(
      without_trailing_slash(settings_.issuer) + "/.well-known/openid-configuration", nullptr);
  if (!reply) return reply.error();
  if (reply->status != 200)
    return provider_unavailable("discovery answered " + std::to_string(reply->status));
  auto doc = json_object(*reply, "discovery");
  if (!doc) return doc.error();
  if (string_field(*doc, "issuer") != settings_.issuer)
    return provider_unavailable("discovery names another issuer");
  Discovery d;
  d.authorization_endpoint = string_field(*doc, "authorization_endpoint");
  d.token_endpoint = string_field(*doc, "token_endpoint");
  d.jwks_uri = string_field(*doc, "jwks_uri");
  d.par_endpoint = string_field(*doc, "pushed_authorization_request_endpoint");
  for (const auto* url : {&d.authorization_endpoint, &d.token_endpoint, &d.jwks_uri})
    if (!acceptable_provider_url(*url))
      return provider_unavailable("discovery lacks an endpoint or names a non-https one");
  if (!d.par_endpoint.empty() && !acceptable_provider_url(d.par_endpoint))
    return provider_unavailable("discovery names a non-https PAR endpoint");
  d.fetched_at = std::chrono::steady_clock::now();
  std::lock_guard lock(mutex_);
  discovery_ = d;
  return d;
}

Status OidcClient::refresh_jwks(const std::string& jwks_uri) {
  auto reply = http_call(jwks_uri, nullptr);
  if (!reply) return reply.error();
  if (reply->status != 200)
    return provider_unavailable("jwks answered " + std::to_string(reply->status));
  auto doc = json_object(*reply, "jwks");
  if (!doc) return doc.error();
  const auto keys = doc->find("keys");
  if (keys == doc->end() || !keys->is_array()) return provider_unavailable("jwks without keys");
  std::map<std::string, std::shared_ptr<const jose::RsaKey>> fresh;
  for (const auto& jwk : *keys) {
    auto key = jose::RsaKey::from_jwk(jwk);
    if (!key) continue;  // other key types, encryption keys: not for ID tokens
    fresh[string_field(jwk, "kid")] = std::make_shared<const jose::RsaKey>(std::move(*key));
  }
  std::lock_guard lock(mutex_);
  jwks_ = std::move(fresh);
  return ok_status();
}

Result<std::shared_ptr<const jose::RsaKey>> OidcClient::signing_key(const std::string& kid) {
  const auto lookup = [&]() -> std::shared_ptr<const jose::RsaKey> {
    std::lock_guard lock(mutex_);
    if (const auto it = jwks_.find(kid); it != jwks_.end()) return it->second;
    // A token without kid is accepted only when the provider has one key.
    if (kid.empty() && jwks_.size() == 1) return jwks_.begin()->second;
    return nullptr;
  };
  if (auto key = lookup()) return key;
  // Unknown kid: the provider may have rotated its keys. Fetch once more.
  auto d = discovery();
  if (!d) return d.error();
  if (auto st = refresh_jwks(d->jwks_uri); !st) return st.error();
  if (auto key = lookup()) return key;
  return failed("id token signed with a key the provider does not publish");
}

Result<std::string> OidcClient::client_assertion() {
  const auto now = clock_().time_since_epoch().count();
  nlohmann::json header{{"typ", "JWT"}};
  if (!settings_.key_id.empty()) header["kid"] = settings_.key_id;
  const nlohmann::json payload{{"iss", settings_.client_id},
                               {"sub", settings_.client_id},
                               {"aud", settings_.issuer},
                               {"jti", jose::random_url_token(kRandomBytes)},
                               {"iat", now},
                               {"nbf", now},
                               {"exp", now + kAssertionLifetime.count()}};
  return jose::sign_jwt(header, payload, client_key_, settings_.assertion_alg);
}

std::string OidcClient::seal(const Pending& p) const {
  const std::string plain = nlohmann::json{{"s", p.state},
                                           {"n", p.nonce},
                                           {"v", p.verifier},
                                           {"r", p.return_path},
                                           {"e", p.expires_at.time_since_epoch().count()}}
                                .dump();
  std::string box(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + plain.size(), '\0');
  auto* out = reinterpret_cast<unsigned char*>(box.data());
  randombytes_buf(out, crypto_secretbox_NONCEBYTES);
  crypto_secretbox_easy(out + crypto_secretbox_NONCEBYTES,
                        reinterpret_cast<const unsigned char*>(plain.data()), plain.size(), out,
                        reinterpret_cast<const unsigned char*>(state_key_.data()));
  return jose::base64url_encode(box);
}

std::optional<OidcClient::Pending> OidcClient::unseal(const std::string& sealed) const {
  constexpr std::size_t kMaxSealed = 4096;
  if (sealed.empty() || sealed.size() > kMaxSealed) return std::nullopt;
  const auto box = jose::base64url_decode(sealed);
  if (!box || box->size() < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES)
    return std::nullopt;
  const auto* in = reinterpret_cast<const unsigned char*>(box->data());
  std::string plain(box->size() - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES, '\0');
  if (crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(plain.data()),
                                 in + crypto_secretbox_NONCEBYTES,
                                 box->size() - crypto_secretbox_NONCEBYTES, in,
                                 reinterpret_cast<const unsigned char*>(state_key_.data())) != 0)
    return std::nullopt;
  const auto doc = nlohmann::json::parse(plain, nullptr, false);
  if (!doc.is_object() || !doc.contains("e") || !doc["e"].is_number_integer()) return std::nullopt;
  Pending p{string_field(doc, "s"), string_field(doc, "n"), string_field(doc, "v"),
            string_field(doc, "r"), Instant(std::chrono::seconds(doc["e"].get<std::int64_t>()))};
  if (p.state.empty() || p.nonce.empty() || p.verifier.empty()) return std::nullopt;
  return p;
}

Result<OidcClient::Started> OidcClient::begin(const std::string& return_path) {
  auto d = discovery();
  if (!d) return d.error();
  Pending p{jose::random_url_token(kRandomBytes), jose::random_url_token(kRandomBytes),
            jose::random_url_token(kRandomBytes), return_path, clock_() + kPendingLifetime};
  Params request{{"response_type", "code"},
                 {"client_id", settings_.client_id},
                 {"redirect_uri", settings_.redirect_uri},
                 {"scope", settings_.scopes},
                 {"state", p.state},
                 {"nonce", p.nonce},
                 {"code_challenge", jose::pkce_s256(p.verifier)},
                 {"code_challenge_method", "S256"}};
  const char sep = d->authorization_endpoint.find('?') == std::string::npos ? '?' : '&';
  Started started;
  started.sealed_state = seal(p);
  if (!settings_.use_par) {
    started.redirect_url = d->authorization_endpoint + sep + form_encode(request);
    return started;
  }
  // PAR: the parameters go to the provider over the back channel, with client
  // authentication; the browser carries only the request_uri.
  if (d->par_endpoint.empty()) return provider_unavailable("oidc_use_par set; provider has no PAR");
  auto assertion = client_assertion();
  if (!assertion) return assertion.error();
  request.emplace_back("client_assertion_type", kJwtBearer);
  request.emplace_back("client_assertion", *assertion);
  auto reply = http_call(d->par_endpoint, &request);
  if (!reply) return reply.error();
  if (reply->status != 201 && reply->status != 200)
    return provider_unavailable("PAR endpoint answered " + std::to_string(reply->status));
  auto doc = json_object(*reply, "PAR endpoint");
  if (!doc) return doc.error();
  const auto request_uri = string_field(*doc, "request_uri");
  if (request_uri.empty()) return provider_unavailable("PAR answer without request_uri");
  started.redirect_url =
      d->authorization_endpoint + sep +
      form_encode({{"client_id", settings_.client_id}, {"request_uri", request_uri}});
  return started;
}

Result<app::OidcIdentity> OidcClient::complete(const Callback& callback,
                                               const std::string& sealed_state) {
  const auto pending = unseal(sealed_state);
  if (!pending) return state_invalid("no or unreadable sign-in cookie");
  if (clock_() > pending->expires_at) return state_invalid("sign-in cookie expired");
  if (callback.state.empty() || !same(callback.state, pending->state))
    return state_invalid("state does not match");
  // RFC 9207 mix-up defence: an answer that names another issuer is not ours.
  if (!callback.iss.empty() && callback.iss != settings_.issuer)
    return failed("authorization response from another issuer");
  if (!callback.error.empty()) return malformed("oidc.denied", "provider answered an error");
  if (callback.code.empty()) return failed("callback without code");

  auto d = discovery();
  if (!d) return d.error();
  auto assertion = client_assertion();
  if (!assertion) return assertion.error();
  const Params form{{"grant_type", "authorization_code"},     {"code", callback.code},
                    {"redirect_uri", settings_.redirect_uri}, {"code_verifier", pending->verifier},
                    {"client_id", settings_.client_id},       {"client_assertion_type", kJwtBearer},
                    {"client_assertion", *assertion}};
  auto reply = http_call(d->token_endpoint, &form);
  if (!reply) return reply.error();
  if (reply->status >= 500)
    return provider_unavailable("token endpoint answered " + std::to_string(reply->status));
  const auto doc = nlohmann::json::parse(reply->body, nullptr, false);
  if (reply->status != 200) {
    // The OAuth error code (invalid_grant for a used code) is safe to log.
    const auto code = doc.is_object() ? string_field(doc, "error") : std::string();
    return failed("token endpoint answered " + std::to_string(reply->status) + " " + code);
  }
  if (!doc.is_object()) return failed("token answer is not JSON");
  const auto id_token = string_field(doc, "id_token");
  if (id_token.empty()) return failed("token answer without id_token");

  auto jwt = jose::parse_jwt(id_token);
  if (!jwt) return jwt.error();
  const auto alg = jose::parse_alg(string_field(jwt->header, "alg"));
  if (!alg) return failed("id token alg not allowed");
  auto key = signing_key(string_field(jwt->header, "kid"));
  if (!key) return key.error();
  if (!(*key)->verify(*alg, jwt->signing_input, jwt->signature))
    return failed("id token signature invalid");
  auto sub = check_id_token_claims(
      jwt->payload, {settings_.issuer, settings_.client_id, pending->nonce, clock_()});
  if (!sub) return sub.error();
  return app::OidcIdentity{settings_.issuer, *sub, pending->return_path};
}

}  // namespace kursbase::adapters
