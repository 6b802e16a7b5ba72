#pragma once
// OidcClient: staff sign-in with OpenID Connect (issue 4), as the Norwegian
// health sector's provider HelseID requires it; the implementation of
// app::IdentityProvider (app/staff/identity_provider.hpp):
//
// - Discovery from `<issuer>/.well-known/openid-configuration`, cached for an
//   hour; the document's `issuer` must be the configured one exactly.
// - Authorization code flow with PKCE S256, a random `state` and `nonce`
//   (256 bits each from the CSPRNG); optionally pushed (PAR, RFC 9126).
// - Client authentication `private_key_jwt` (RFC 7523): a client assertion
//   signed RS256 or PS256 with the client's RSA key, iss = sub = client_id,
//   aud = the issuer, a fresh jti, valid for 60 s. No client secret exists.
// - The ID token: signature against the provider's JWKS (cached by `kid`,
//   fetched again once when a token names an unknown `kid`, so key rotation
//   works), alg allow-list RS256/PS256 (jose.hpp), iss, aud (+ azp), exp/iat
//   with 60 s skew, nonce.
//
// Where state, nonce and the PKCE verifier live between the two legs: in a
// short-lived cookie sealed with libsodium's crypto_secretbox (XSalsa20-
// Poly1305) under a key shared by all servers, not in a server-side table.
// Servers keep no state between requests (they run behind a load balancer,
// the callback may reach another server), and a cookie needs no cleanup of
// abandoned sign-ins. The seal makes it tamper-proof and keeps the verifier
// secret; the cookie binds the flow to the browser that started it (a
// callback URL without that browser's cookie fails the state check, which is
// the CSRF defence of RFC 6749 10.12); it expires after 10 minutes and is
// cleared at the callback. A replayed authorization code is refused by the
// provider (codes are single use), and the nonce ties the ID token to this
// browser's request.
//
// Only the identity comes from the provider: `sub` of the configured issuer.
// Which account and which roles is kursbase's own data (oidc_sign_in.hpp).
//
// Thread safety: all methods may be called from any thread (the caches are
// guarded by a mutex; network calls happen outside it).
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "adapters/oidc/jose.hpp"
#include "app/staff/identity_provider.hpp"
#include "domain/core/result.hpp"
#include "domain/core/time.hpp"

namespace kursbase::adapters {

struct OidcSettings {
  std::string issuer;  // e.g. "https://helseid-sts.nhn.no"
  std::string client_id;
  std::string private_key_file;  // PEM, RSA ≥ 2048 bits
  std::string key_id;            // `kid` in the client assertion header; empty: none
  std::string redirect_uri;      // ".../innlogging/oidc/tilbake"
  std::string scopes = "openid profile";
  bool use_par = false;  // push the authorization request (RFC 9126)
  jose::Alg assertion_alg = jose::Alg::RS256;
};

// What the ID token's claims must say.
struct IdTokenExpectations {
  std::string issuer;
  std::string client_id;
  std::string nonce;
  Instant now{};
  std::chrono::seconds skew{60};
};

// Checks iss, aud/azp, exp, iat, nonce and sub; returns `sub`.
// Malformed "oidc.failed" (detail says which) otherwise.
Result<std::string> check_id_token_claims(const nlohmann::json& claims,
                                          const IdTokenExpectations& expected);

// http(s) URL acceptable for the provider: https, or http on loopback (tests).
bool acceptable_provider_url(const std::string& url);

class OidcClient final : public app::IdentityProvider {
 public:
  using Clock = std::function<Instant()>;

  // Loads the private key. InvalidInput/Unavailable for settings that cannot
  // work (non-https issuer, unreadable key) so a misconfigured server stops at start.
  static Result<std::unique_ptr<OidcClient>> create(OidcSettings settings, std::string state_key,
                                                    Clock clock);

  // The two legs; errors as app::IdentityProvider says.
  Result<Started> begin(const std::string& return_path) override;
  Result<app::OidcIdentity> complete(const Callback& callback,
                                     const std::string& sealed_state) override;

  const OidcSettings& settings() const { return settings_; }

 private:
  struct Discovery {
    std::string authorization_endpoint;
    std::string token_endpoint;
    std::string jwks_uri;
    std::string par_endpoint;
    std::chrono::steady_clock::time_point fetched_at;
  };
  struct Pending {
    std::string state, nonce, verifier, return_path;
    Instant expires_at{};
  };

  OidcClient(OidcSettings settings, std::string state_key, Clock clock, jose::RsaKey key);

  Result<Discovery> discovery();
  Result<std::shared_ptr<const jose::RsaKey>> signing_key(const std::string& kid);
  Status refresh_jwks(const std::string& jwks_uri);
  Result<std::string> client_assertion();
  std::string seal(const Pending& pending) const;
  std::optional<Pending> unseal(const std::string& sealed) const;

  const OidcSettings settings_;
  const std::string state_key_;  // 32 bytes, the same on every server
  const Clock clock_;
  const jose::RsaKey client_key_;

  std::mutex mutex_;  // guards the two caches below
  std::optional<Discovery> discovery_;
  std::map<std::string, std::shared_ptr<const jose::RsaKey>> jwks_;
};

}  // namespace kursbase::adapters
