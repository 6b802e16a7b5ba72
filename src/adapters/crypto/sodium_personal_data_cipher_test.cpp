// The libsodium personal-data cipher: sealing survives only the right key,
// lookup hashes are keyed and stable, tokens are long and random, and the key
// comes from the environment or a 0600 file made once.
#include "adapters/crypto/sodium_personal_data_cipher.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>

namespace kursbase::adapters {
namespace {

SodiumPersonalDataCipher::Key key_of(unsigned char byte) {
  SodiumPersonalDataCipher::Key k{};
  k.fill(byte);
  return k;
}

const std::string kHexKey(64, 'a');

std::filesystem::path temp_key_file(const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("kursbase-cipher-" + std::to_string(::getpid()) + "-" + name);
  std::filesystem::remove_all(dir);
  return dir / "sub" / "data.key";
}

TEST(SodiumPersonalDataCipher, SealedTextOpensWithTheSameKeyOnly) {
  const SodiumPersonalDataCipher cipher(key_of(1));
  const std::string sealed = cipher.seal("01017012345");
  EXPECT_EQ(sealed.find("01017012345"), std::string::npos);
  EXPECT_NE(cipher.seal("01017012345"), sealed) << "a fresh nonce each time";
  auto opened = cipher.open(sealed);
  ASSERT_TRUE(opened.ok()) << opened.error().detail;
  EXPECT_EQ(*opened, "01017012345");
  auto other = SodiumPersonalDataCipher(key_of(2)).open(sealed);
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.error().code, ErrorCode::InvalidInput);
  EXPECT_EQ(other.error().message_key, "error.sealed_data");
}

TEST(SodiumPersonalDataCipher, TamperedOrMalformedSealIsRefused) {
  const SodiumPersonalDataCipher cipher(key_of(1));
  std::string sealed = cipher.seal("hemmelig");
  sealed[sealed.size() / 2] = sealed[sealed.size() / 2] == 'A' ? 'B' : 'A';
  for (const std::string& bad :
       {sealed, std::string("not base64!"), std::string("AAAA"), std::string()}) {
    auto opened = cipher.open(bad);
    ASSERT_FALSE(opened.ok()) << bad;
    EXPECT_EQ(opened.error().message_key, "error.sealed_data") << bad;
  }
}

TEST(SodiumPersonalDataCipher, LookupHashIsStableAndKeyed) {
  const SodiumPersonalDataCipher a(key_of(1));
  const SodiumPersonalDataCipher b(key_of(2));
  EXPECT_EQ(a.lookup_hash("national_id:01017012345"), a.lookup_hash("national_id:01017012345"));
  EXPECT_NE(a.lookup_hash("national_id:01017012345"), a.lookup_hash("national_id:01017012346"));
  EXPECT_NE(a.lookup_hash("national_id:01017012345"), b.lookup_hash("national_id:01017012345"));
  EXPECT_EQ(a.lookup_hash("x").size(), 64u) << "32 bytes in hex";
}

TEST(SodiumPersonalDataCipher, TokensAreRandomUrlSafeAndHashedWithSha256) {
  const SodiumPersonalDataCipher cipher(key_of(1));
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    const auto token = cipher.new_token();
    EXPECT_EQ(token.size(), 43u) << "32 bytes, base64url without padding";
    EXPECT_EQ(
        token.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
        std::string::npos)
        << token;
    seen.insert(token);
  }
  EXPECT_EQ(seen.size(), 100u);
  // SHA-256("abc") (FIPS 180-2 example); unkeyed, so any key gives the same.
  EXPECT_EQ(cipher.token_hash("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(SodiumPersonalDataCipher(key_of(2)).token_hash("abc"), cipher.token_hash("abc"));
}

TEST(SodiumPersonalDataCipher, KeyFromTheEnvironmentMustBe64HexDigits) {
  auto good = SodiumPersonalDataCipher::load(kHexKey, "");
  ASSERT_TRUE(good.ok()) << good.error().detail;
  auto again = SodiumPersonalDataCipher::load(kHexKey + "\n", "");
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*(*again)->open((*good)->seal("x")), "x") << "the same key, trailing newline ignored";
  for (const std::string& bad :
       {std::string(63, 'a'), std::string(66, 'a'), std::string(64, 'g')}) {
    auto refused = SodiumPersonalDataCipher::load(bad, "");
    ASSERT_FALSE(refused.ok()) << bad;
    EXPECT_EQ(refused.error().code, ErrorCode::InvalidInput);
    EXPECT_EQ(refused.error().message_key, "config.error.data_key");
  }
  EXPECT_EQ(SodiumPersonalDataCipher::load("", "").error().code, ErrorCode::InvalidInput);
}

TEST(SodiumPersonalDataCipher, KeyFileIsCreatedOnceWithMode0600) {
  const auto file = temp_key_file("create");
  auto first = SodiumPersonalDataCipher::load("", file.string());
  ASSERT_TRUE(first.ok()) << first.error().detail;
  struct stat st {};
  ASSERT_EQ(::stat(file.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  auto second = SodiumPersonalDataCipher::load("", file.string());
  ASSERT_TRUE(second.ok()) << second.error().detail;
  const auto sealed = (*first)->seal("01017012345");
  auto opened = (*second)->open(sealed);
  ASSERT_TRUE(opened.ok()) << "the second start reads the key the first one made";
  EXPECT_EQ(*opened, "01017012345");
  std::filesystem::remove_all(file.parent_path().parent_path());
}

TEST(SodiumPersonalDataCipher, MalformedKeyFileIsRefused) {
  const auto file = temp_key_file("malformed");
  std::filesystem::create_directories(file.parent_path());
  std::ofstream(file) << "not a key\n";
  auto refused = SodiumPersonalDataCipher::load("", file.string());
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::InvalidInput);
  EXPECT_EQ(refused.error().message_key, "config.error.data_key");
  std::filesystem::remove_all(file.parent_path().parent_path());
}

}  // namespace
}  // namespace kursbase::adapters
