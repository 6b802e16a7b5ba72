// The ID token claim checks and the provider URL rule. The whole flow (PKCE,
// state, private_key_jwt, JWKS, PAR) runs against a real OpenID provider in
// tests/integration/oidc.test.mjs.
#include "adapters/oidc/oidc_client.hpp"

#include <gtest/gtest.h>

namespace kursbase::adapters {
namespace {

const Instant kNow = *parse_instant("2027-01-10T10:00:00Z");
const std::int64_t kNowSeconds = kNow.time_since_epoch().count();

IdTokenExpectations expected() {
  return {"https://helseid.example", "kursbase", "nonce-123", kNow, std::chrono::seconds(60)};
}

nlohmann::json good_claims() {
  return {{"iss", "https://helseid.example"},
          {"aud", "kursbase"},
          {"sub", "person-1"},
          {"nonce", "nonce-123"},
          {"iat", kNowSeconds - 5},
          {"exp", kNowSeconds + 300}};
}

std::string why(const nlohmann::json& claims) {
  auto r = check_id_token_claims(claims, expected());
  return r ? std::string("accepted") : r.error().detail;
}

TEST(IdTokenClaims, GoodTokenGivesTheSubject) {
  auto r = check_id_token_claims(good_claims(), expected());
  ASSERT_TRUE(r.ok()) << r.error().detail;
  EXPECT_EQ(*r, "person-1");
  auto listed = good_claims();
  listed["aud"] = {"kursbase"};
  EXPECT_EQ(why(listed), "accepted");
}

TEST(IdTokenClaims, EachWrongClaimIsRefused) {
  const auto with = [](const char* name, nlohmann::json value) {
    auto c = good_claims();
    c[name] = std::move(value);
    return c;
  };
  const auto without = [](const char* name) {
    auto c = good_claims();
    c.erase(name);
    return c;
  };
  EXPECT_EQ(why(with("iss", "https://evil.example")), "id token: wrong iss");
  EXPECT_EQ(why(without("iss")), "id token: wrong iss");
  EXPECT_EQ(why(with("aud", "another-client")), "id token: wrong aud");
  EXPECT_EQ(why(with("aud", {"kursbase", "other"})), "id token: wrong aud");  // no azp
  auto two = with("aud", {"kursbase", "other"});
  two["azp"] = "kursbase";
  EXPECT_EQ(why(two), "accepted");
  EXPECT_EQ(why(with("azp", "other")), "id token: wrong azp");
  EXPECT_EQ(why(without("aud")), "id token: no aud");
  EXPECT_EQ(why(with("exp", kNowSeconds - 61)), "id token: expired");
  EXPECT_EQ(why(with("exp", kNowSeconds - 30)), "accepted");  // within the skew
  EXPECT_EQ(why(without("exp")), "id token: exp or iat missing");
  EXPECT_EQ(why(with("exp", "soon")), "id token: exp or iat missing");
  EXPECT_EQ(why(with("iat", kNowSeconds + 120)), "id token: issued in the future");
  EXPECT_EQ(why(with("nonce", "nonce-124")), "id token: wrong nonce");
  EXPECT_EQ(why(without("nonce")), "id token: wrong nonce");
  EXPECT_EQ(why(with("sub", "")), "id token: no usable sub");
  EXPECT_EQ(why(with("sub", 42)), "id token: no usable sub");
}

TEST(IdTokenClaims, EmptyExpectedNonceNeverMatches) {
  auto e = expected();
  e.nonce = "";
  auto c = good_claims();
  c["nonce"] = "";
  EXPECT_FALSE(check_id_token_claims(c, e).ok());
}

TEST(ProviderUrls, HttpsOrLoopbackOnly) {
  EXPECT_TRUE(acceptable_provider_url("https://helseid-sts.nhn.no"));
  EXPECT_TRUE(acceptable_provider_url("http://127.0.0.1:4000/token"));
  EXPECT_TRUE(acceptable_provider_url("http://localhost:4000"));
  EXPECT_FALSE(acceptable_provider_url("http://helseid-sts.nhn.no"));
  EXPECT_FALSE(acceptable_provider_url("http://127.0.0.1.evil.example/"));
  EXPECT_FALSE(acceptable_provider_url("http://localhost.evil.example"));
  EXPECT_FALSE(acceptable_provider_url("ftp://x"));
  EXPECT_FALSE(acceptable_provider_url(""));
}

TEST(OidcClientCreate, RefusesSettingsThatCannotWork) {
  const auto clock = [] { return kNow; };
  OidcSettings s{"http://helseid.example", "kursbase", "/nonexistent.pem", "",
                 "http://127.0.0.1/cb"};
  auto plain_http = OidcClient::create(s, std::string(32, 'k'), clock);
  ASSERT_FALSE(plain_http.ok());
  EXPECT_EQ(plain_http.error().code, ErrorCode::InvalidInput);
  s.issuer = "https://helseid.example";
  auto no_key = OidcClient::create(s, std::string(32, 'k'), clock);
  ASSERT_FALSE(no_key.ok());
  EXPECT_EQ(no_key.error().code, ErrorCode::Unavailable);
  auto short_state_key = OidcClient::create(s, "short", clock);
  EXPECT_FALSE(short_state_key.ok());
}

}  // namespace
}  // namespace kursbase::adapters
