#pragma once
// IdentityProvider: staff sign-in at an OpenID provider (HelseID), as the
// sign-in routes (http/staff/oidc_routes.hpp) see it: two legs, begin() sends
// the browser to the provider, complete() takes it back and says who the
// person is. The OpenID Connect client (adapters/oidc/oidc_client.hpp)
// implements it; the composition root (cli/wiring.cpp) creates it when OIDC
// is configured.
//
// Between the legs the pending sign-in travels in `sealed_state`, a value the
// caller puts in a short-lived cookie and gives back unchanged: servers keep
// no state between requests.
//
// Only the identity comes from the provider: `sub` of the configured issuer.
// Which account and which roles is kursbase's own data (oidc_sign_in.hpp).
//
// Thread safety: all methods may be called from any thread.
#include <chrono>
#include <string>

#include "domain/core/result.hpp"

namespace kursbase::app {

// The authenticated person, as the provider names them.
struct OidcIdentity {
  std::string issuer;
  std::string subject;
  std::string return_path;  // where the sign-in was started from (caller re-checks it)
};

class IdentityProvider {
 public:
  virtual ~IdentityProvider() = default;

  // How long the pending sign-in (and its cookie) lasts.
  static constexpr std::chrono::seconds kPendingLifetime{600};

  struct Started {
    std::string redirect_url;  // the provider's authorization endpoint
    std::string sealed_state;  // the cookie value (state, nonce, verifier, return path)
  };
  // Unavailable "oidc.unavailable" when the provider cannot be reached.
  virtual Result<Started> begin(const std::string& return_path) = 0;

  struct Callback {
    std::string code;
    std::string state;
    std::string error;  // the provider's `error` parameter, if it sent one
    std::string iss;    // RFC 9207 `iss`, if the provider sends it: must be our issuer
  };
  // Malformed "oidc.state_invalid" (no/expired cookie, state mismatch),
  // "oidc.denied" (the provider said no), "oidc.failed" (code refused, token
  // invalid); Unavailable "oidc.unavailable".
  virtual Result<OidcIdentity> complete(const Callback& callback,
                                        const std::string& sealed_state) = 0;
};

}  // namespace kursbase::app
