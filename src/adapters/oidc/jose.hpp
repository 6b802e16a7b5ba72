#pragma once
// The small part of JOSE (RFC 7515/7517/7518/7519) and PKCE (RFC 7636) that
// OpenID Connect sign-in needs: base64url, compact JWT parsing, RS256/PS256
// signatures with OpenSSL libcrypto, RSA keys from a JWK or a PEM file.
//
// Algorithms are an allow-list: RS256 and PS256 only. `none` and the HMAC
// algorithms (HS*) are refused, so a token cannot pick a weaker check than the
// provider's RSA key (the classic "alg: none" and "HS256 with the public key"
// attacks). HelseID signs with RSA.
//
// Thread safety: free functions are safe from any thread; a key is immutable
// after it is made and may be shared between threads.
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "domain/core/result.hpp"

struct evp_pkey_st;

namespace kursbase::adapters::jose {

std::string base64url_encode(std::string_view bytes);
// nullopt when `text` is not base64url without padding.
std::optional<std::string> base64url_decode(std::string_view text);

// PKCE S256: base64url(SHA-256(verifier)) (RFC 7636 section 4.2).
std::string pkce_s256(std::string_view verifier);

// `bytes` random bytes from the CSPRNG (libsodium), base64url encoded.
std::string random_url_token(std::size_t bytes);

enum class Alg { RS256, PS256 };
// "RS256" / "PS256" → Alg; anything else (none, HS256, ES256, ...) → nullopt.
std::optional<Alg> parse_alg(std::string_view name);
const char* alg_name(Alg alg);

// A parsed compact JWS; the signature is not checked by parsing.
struct Jwt {
  nlohmann::json header;
  nlohmann::json payload;
  std::string signing_input;  // "header.payload" as received
  std::string signature;      // raw bytes
};
// Malformed "oidc.failed" for anything that is not three base64url
// parts with JSON objects in the first two.
Result<Jwt> parse_jwt(std::string_view compact);

// An RSA key (public, or private for signing). Owns an OpenSSL EVP_PKEY.
class RsaKey {
 public:
  ~RsaKey();
  RsaKey(RsaKey&&) noexcept;
  RsaKey& operator=(RsaKey&&) noexcept;
  RsaKey(const RsaKey&) = delete;
  RsaKey& operator=(const RsaKey&) = delete;

  // A public key from a JWK object: kty RSA, n and e, at least 2048 bits,
  // `use` absent or "sig". InvalidInput otherwise.
  static Result<RsaKey> from_jwk(const nlohmann::json& jwk);
  // A private key from a PEM file (PKCS#8 or PKCS#1). Unavailable when the
  // file cannot be read, InvalidInput when it holds no RSA private key.
  static Result<RsaKey> private_from_pem_file(const std::string& path);

  // Signature over `input` (SHA-256; PSS with a 32-byte salt for PS256).
  Result<std::string> sign(Alg alg, std::string_view input) const;
  bool verify(Alg alg, std::string_view input, std::string_view signature) const;

 private:
  explicit RsaKey(evp_pkey_st* key) : key_(key) {}
  evp_pkey_st* key_ = nullptr;
};

// A compact JWS of `header` (alg set here) and `payload` signed with `key`.
Result<std::string> sign_jwt(nlohmann::json header, const nlohmann::json& payload,
                             const RsaKey& key, Alg alg);

}  // namespace kursbase::adapters::jose
