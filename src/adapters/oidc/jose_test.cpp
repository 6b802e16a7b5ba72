// JOSE helpers: base64url, PKCE, JWT parsing, RS256/PS256 with OpenSSL, JWK keys.
#include "adapters/oidc/jose.hpp"

#include <gtest/gtest.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include <cstdio>
#include <filesystem>

namespace kursbase::adapters::jose {
namespace {

std::string bn_param(EVP_PKEY* key, const char* name) {
  BIGNUM* bn = nullptr;
  EVP_PKEY_get_bn_param(key, name, &bn);
  std::string out(BN_num_bytes(bn), '\0');
  BN_bn2bin(bn, reinterpret_cast<unsigned char*>(out.data()));
  BN_free(bn);
  return out;
}

// A fresh RSA key pair: the private half as a PEM file, the public as a JWK.
struct TestKey {
  std::string pem_path;
  nlohmann::json jwk;
};

TestKey make_key(const std::string& name, unsigned bits = 2048) {
  EVP_PKEY* key = EVP_RSA_gen(bits);
  TestKey k;
  k.pem_path = (std::filesystem::temp_directory_path() /
                ("kursbase-jose-" + name + "-" + std::to_string(::getpid()) + ".pem"))
                   .string();
  std::FILE* f = std::fopen(k.pem_path.c_str(), "wb");
  PEM_write_PrivateKey(f, key, nullptr, nullptr, 0, nullptr, nullptr);
  std::fclose(f);
  k.jwk = {{"kty", "RSA"},
           {"kid", name},
           {"use", "sig"},
           {"n", base64url_encode(bn_param(key, OSSL_PKEY_PARAM_RSA_N))},
           {"e", base64url_encode(bn_param(key, OSSL_PKEY_PARAM_RSA_E))}};
  EVP_PKEY_free(key);
  return k;
}

TEST(Base64Url, RoundTripWithoutPadding) {
  EXPECT_EQ(base64url_encode("\xfb\xff"), "-_8");
  EXPECT_EQ(*base64url_decode("-_8"), "\xfb\xff");
  EXPECT_FALSE(base64url_decode("+/8=").has_value());
  EXPECT_FALSE(base64url_decode("a b").has_value());
}

TEST(Pkce, S256MatchesRfc7636AppendixB) {
  EXPECT_EQ(pkce_s256("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
}

TEST(RandomTokens, AreLongAndDifferent) {
  const auto a = random_url_token(32), b = random_url_token(32);
  EXPECT_EQ(a.size(), 43u);  // 256 bits
  EXPECT_NE(a, b);
}

TEST(Algorithms, OnlyRsaAllowed) {
  EXPECT_EQ(parse_alg("RS256"), Alg::RS256);
  EXPECT_EQ(parse_alg("PS256"), Alg::PS256);
  for (const char* refused : {"none", "HS256", "HS512", "ES256", "rs256", ""})
    EXPECT_FALSE(parse_alg(refused).has_value()) << refused;
}

TEST(ParseJwt, RefusesMalformedTokens) {
  const auto part = [](const std::string& json) { return base64url_encode(json); };
  EXPECT_TRUE(parse_jwt(part("{}") + "." + part("{\"a\":1}") + ".c2ln").ok());
  EXPECT_FALSE(parse_jwt("only.two").ok());
  EXPECT_FALSE(parse_jwt("a.b.c.d").ok());
  EXPECT_FALSE(parse_jwt(part("[]") + "." + part("{}") + ".").ok());
  EXPECT_FALSE(parse_jwt(part("{}") + "." + part("not json") + ".").ok());
  EXPECT_FALSE(parse_jwt(part("{}") + ".%%%.").ok());
}

TEST(Signatures, SignedTokensVerifyAndTamperingIsCaught) {
  const auto k = make_key("one");
  auto priv = RsaKey::private_from_pem_file(k.pem_path);
  ASSERT_TRUE(priv.ok()) << priv.error().detail;
  auto pub = RsaKey::from_jwk(k.jwk);
  ASSERT_TRUE(pub.ok()) << pub.error().detail;
  const auto other = make_key("two");
  auto other_pub = RsaKey::from_jwk(other.jwk);
  ASSERT_TRUE(other_pub.ok());
  for (const Alg alg : {Alg::RS256, Alg::PS256}) {
    auto token = sign_jwt({{"kid", "one"}}, {{"sub", "abc"}}, *priv, alg);
    ASSERT_TRUE(token.ok());
    auto jwt = parse_jwt(*token);
    ASSERT_TRUE(jwt.ok());
    EXPECT_EQ(jwt->header["alg"], alg_name(alg));
    EXPECT_EQ(jwt->payload["sub"], "abc");
    EXPECT_TRUE(pub->verify(alg, jwt->signing_input, jwt->signature));
    // Another key, another algorithm, another payload: no.
    EXPECT_FALSE(other_pub->verify(alg, jwt->signing_input, jwt->signature));
    EXPECT_FALSE(pub->verify(alg == Alg::RS256 ? Alg::PS256 : Alg::RS256, jwt->signing_input,
                             jwt->signature));
    EXPECT_FALSE(pub->verify(alg, jwt->signing_input + "x", jwt->signature));
  }
  std::filesystem::remove(k.pem_path);
  std::filesystem::remove(other.pem_path);
}

TEST(Keys, JwkAndPemAreChecked) {
  const auto k = make_key("small", 1024);
  EXPECT_FALSE(RsaKey::from_jwk(k.jwk).ok());  // < 2048 bits
  EXPECT_FALSE(RsaKey::private_from_pem_file(k.pem_path).ok());
  std::filesystem::remove(k.pem_path);
  EXPECT_FALSE(RsaKey::from_jwk({{"kty", "EC"}, {"crv", "P-256"}}).ok());
  EXPECT_FALSE(RsaKey::from_jwk({{"kty", "RSA"}, {"n", "AQAB"}}).ok());
  auto enc = make_key("enc");
  enc.jwk["use"] = "enc";
  EXPECT_FALSE(RsaKey::from_jwk(enc.jwk).ok());
  std::filesystem::remove(enc.pem_path);
  auto missing = RsaKey::private_from_pem_file("/nonexistent/key.pem");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::Unavailable);
}

}  // namespace
}  // namespace kursbase::adapters::jose
