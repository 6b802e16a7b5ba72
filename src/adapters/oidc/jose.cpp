#include "adapters/oidc/jose.hpp"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <sodium.h>

#include <cstdio>
#include <utility>
#include <vector>

namespace kursbase::adapters::jose {
namespace {

constexpr int kMinRsaBits = 2048;  // NIST SP 800-131A; HelseID keys are larger
constexpr std::size_t kMaxTokenLength = 64 * 1024;

const Error kTokenInvalid{ErrorCode::Malformed, "oidc.failed", "malformed JWT"};

bool init_sodium() {
  static const bool ok = sodium_init() >= 0;
  return ok;
}

struct BnFree {
  void operator()(BIGNUM* b) const { BN_free(b); }
};
using Bn = std::unique_ptr<BIGNUM, BnFree>;

Bn bignum_of(const std::string& bytes) {
  return Bn(
      BN_bin2bn(reinterpret_cast<const unsigned char*>(bytes.data()), int(bytes.size()), nullptr));
}

struct MdCtxFree {
  void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};

// Sets the padding on a digest-sign/verify context (PSS: salt = digest length, RFC 7518 3.5).
bool set_padding(EVP_PKEY_CTX* pctx, Alg alg) {
  if (alg == Alg::RS256) return EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PADDING) > 0;
  return EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) > 0 &&
         EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST) > 0 &&
         EVP_PKEY_CTX_set_rsa_mgf1_md(pctx, EVP_sha256()) > 0;
}

}  // namespace

std::string base64url_encode(std::string_view bytes) {
  init_sodium();
  const auto variant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), variant), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), variant);
  out.resize(out.size() - 1);  // the terminating NUL
  return out;
}

std::optional<std::string> base64url_decode(std::string_view text) {
  init_sodium();
  std::string out(text.size() * 3 / 4 + 3, '\0');
  std::size_t len = 0;
  const char* end = nullptr;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(),
                        text.size(), nullptr, &len, &end,
                        sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
      end != text.data() + text.size())
    return std::nullopt;
  out.resize(len);
  return out;
}

std::string pkce_s256(std::string_view verifier) {
  init_sodium();
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(verifier.data()),
                     verifier.size());
  return base64url_encode(std::string_view(reinterpret_cast<const char*>(digest), sizeof digest));
}

std::string random_url_token(std::size_t bytes) {
  init_sodium();
  std::string raw(bytes, '\0');
  randombytes_buf(raw.data(), raw.size());
  return base64url_encode(raw);
}

std::optional<Alg> parse_alg(std::string_view name) {
  if (name == "RS256") return Alg::RS256;
  if (name == "PS256") return Alg::PS256;
  return std::nullopt;
}

const char* alg_name(Alg alg) { return alg == Alg::RS256 ? "RS256" : "PS256"; }

Result<Jwt> parse_jwt(std::string_view compact) {
  if (compact.size() > kMaxTokenLength) return kTokenInvalid;
  const auto first = compact.find('.');
  if (first == std::string_view::npos) return kTokenInvalid;
  const auto second = compact.find('.', first + 1);
  if (second == std::string_view::npos || compact.find('.', second + 1) != std::string_view::npos)
    return kTokenInvalid;
  auto header = base64url_decode(compact.substr(0, first));
  auto payload = base64url_decode(compact.substr(first + 1, second - first - 1));
  auto signature = base64url_decode(compact.substr(second + 1));
  if (!header || !payload || !signature) return kTokenInvalid;
  Jwt jwt;
  jwt.header = nlohmann::json::parse(*header, nullptr, false);
  jwt.payload = nlohmann::json::parse(*payload, nullptr, false);
  if (!jwt.header.is_object() || !jwt.payload.is_object()) return kTokenInvalid;
  jwt.signing_input = std::string(compact.substr(0, second));
  jwt.signature = std::move(*signature);
  return jwt;
}

RsaKey::~RsaKey() { EVP_PKEY_free(key_); }
RsaKey::RsaKey(RsaKey&& other) noexcept : key_(std::exchange(other.key_, nullptr)) {}
RsaKey& RsaKey::operator=(RsaKey&& other) noexcept {
  if (this != &other) {
    EVP_PKEY_free(key_);
    key_ = std::exchange(other.key_, nullptr);
  }
  return *this;
}

Result<RsaKey> RsaKey::from_jwk(const nlohmann::json& jwk) {
  const auto bad = [](const char* why) { return invalid_input("oidc.failed", why); };
  if (!jwk.is_object() || jwk.value("kty", "") != "RSA") return bad("JWK is not RSA");
  if (jwk.contains("use") && jwk["use"] != "sig") return bad("JWK is not for signatures");
  if (!jwk.contains("n") || !jwk["n"].is_string() || !jwk.contains("e") || !jwk["e"].is_string())
    return bad("JWK without n or e");
  const auto n = base64url_decode(jwk["n"].get<std::string>());
  const auto e = base64url_decode(jwk["e"].get<std::string>());
  if (!n || !e || n->empty() || e->empty()) return bad("JWK n or e not base64url");
  Bn bn_n = bignum_of(*n), bn_e = bignum_of(*e);
  if (!bn_n || !bn_e) return unavailable("BN_bin2bn failed");
  if (BN_num_bits(bn_n.get()) < kMinRsaBits) return bad("RSA key shorter than 2048 bits");

  OSSL_PARAM_BLD* bld = OSSL_PARAM_BLD_new();
  if (!bld) return unavailable("OSSL_PARAM_BLD_new failed");
  OSSL_PARAM* params = nullptr;
  if (OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, bn_n.get()) > 0 &&
      OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, bn_e.get()) > 0)
    params = OSSL_PARAM_BLD_to_param(bld);
  OSSL_PARAM_BLD_free(bld);
  if (!params) return unavailable("OSSL_PARAM_BLD_to_param failed");
  EVP_PKEY* key = nullptr;
  EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr);
  const bool made = ctx && EVP_PKEY_fromdata_init(ctx) > 0 &&
                    EVP_PKEY_fromdata(ctx, &key, EVP_PKEY_PUBLIC_KEY, params) > 0;
  EVP_PKEY_CTX_free(ctx);
  OSSL_PARAM_free(params);
  if (!made) return bad("RSA key not accepted by OpenSSL");
  return RsaKey(key);
}

Result<RsaKey> RsaKey::private_from_pem_file(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return unavailable("cannot read the OIDC private key file");
  EVP_PKEY* key = PEM_read_PrivateKey(f, nullptr, nullptr, nullptr);
  std::fclose(f);
  if (!key) return invalid_input("config.error.file", "no private key in the OIDC key file");
  if (EVP_PKEY_get_base_id(key) != EVP_PKEY_RSA || EVP_PKEY_get_bits(key) < kMinRsaBits) {
    EVP_PKEY_free(key);
    return invalid_input("config.error.file", "the OIDC key must be RSA of 2048 bits or more");
  }
  return RsaKey(key);
}

Result<std::string> RsaKey::sign(Alg alg, std::string_view input) const {
  std::unique_ptr<EVP_MD_CTX, MdCtxFree> md(EVP_MD_CTX_new());
  EVP_PKEY_CTX* pctx = nullptr;  // owned by md
  std::size_t len = 0;
  if (!md || EVP_DigestSignInit(md.get(), &pctx, EVP_sha256(), nullptr, key_) <= 0 ||
      !set_padding(pctx, alg) ||
      EVP_DigestSign(md.get(), nullptr, &len, reinterpret_cast<const unsigned char*>(input.data()),
                     input.size()) <= 0)
    return unavailable("signing failed");
  std::string out(len, '\0');
  if (EVP_DigestSign(md.get(), reinterpret_cast<unsigned char*>(out.data()), &len,
                     reinterpret_cast<const unsigned char*>(input.data()), input.size()) <= 0)
    return unavailable("signing failed");
  out.resize(len);
  return out;
}

bool RsaKey::verify(Alg alg, std::string_view input, std::string_view signature) const {
  std::unique_ptr<EVP_MD_CTX, MdCtxFree> md(EVP_MD_CTX_new());
  EVP_PKEY_CTX* pctx = nullptr;
  return md && EVP_DigestVerifyInit(md.get(), &pctx, EVP_sha256(), nullptr, key_) > 0 &&
         set_padding(pctx, alg) &&
         EVP_DigestVerify(md.get(), reinterpret_cast<const unsigned char*>(signature.data()),
                          signature.size(), reinterpret_cast<const unsigned char*>(input.data()),
                          input.size()) == 1;
}

Result<std::string> sign_jwt(nlohmann::json header, const nlohmann::json& payload,
                             const RsaKey& key, Alg alg) {
  header["alg"] = alg_name(alg);
  const std::string input =
      base64url_encode(header.dump()) + "." + base64url_encode(payload.dump());
  auto signature = key.sign(alg, input);
  if (!signature) return signature.error();
  return input + "." + base64url_encode(*signature);
}

}  // namespace kursbase::adapters::jose
