#include "adapters/crypto/sodium_personal_data_cipher.hpp"

#include <sodium.h>
#include <sys/stat.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <vector>

namespace kursbase::adapters {
namespace {

constexpr char kKdfContext[crypto_kdf_CONTEXTBYTES] = {'k', 'b', 'p', 'e', 'r', 's', 'o', 'n'};
constexpr std::uint64_t kSealSubkey = 1;
constexpr std::uint64_t kHashSubkey = 2;

void ensure_sodium() {
  if (sodium_init() < 0) throw std::runtime_error("libsodium cannot initialise");
}

std::string to_hex(const unsigned char* data, std::size_t n) {
  std::string out(n * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), data, n);
  out.pop_back();
  return out;
}

Result<SodiumPersonalDataCipher::Key> from_hex(std::string_view hex) {
  SodiumPersonalDataCipher::Key key{};
  std::size_t len = 0;
  std::string text(hex);
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' '))
    text.pop_back();
  if (sodium_hex2bin(key.data(), key.size(), text.data(), text.size(), nullptr, &len, nullptr) !=
          0 ||
      len != key.size() || text.size() != key.size() * 2)
    return invalid_input("config.error.data_key", "data key must be 64 hex digits");
  return key;
}

}  // namespace

SodiumPersonalDataCipher::SodiumPersonalDataCipher(const Key& master) {
  ensure_sodium();
  crypto_kdf_derive_from_key(seal_key_.data(), seal_key_.size(), kSealSubkey, kKdfContext,
                             master.data());
  crypto_kdf_derive_from_key(hash_key_.data(), hash_key_.size(), kHashSubkey, kKdfContext,
                             master.data());
}

Result<std::unique_ptr<SodiumPersonalDataCipher>> SodiumPersonalDataCipher::load(
    const std::string& env_hex, const std::string& key_file) {
  ensure_sodium();
  if (!env_hex.empty()) {
    auto key = from_hex(env_hex);
    if (!key) return key.error();
    return std::make_unique<SodiumPersonalDataCipher>(*key);
  }
  if (key_file.empty()) return invalid_input("config.error.data_key", "no data key file");
  std::error_code ec;
  if (std::filesystem::exists(key_file, ec)) {
    std::ifstream in(key_file);
    std::string hex;
    std::getline(in, hex);
    if (!in && !in.eof()) return unavailable("cannot read data key file " + key_file);
    auto key = from_hex(hex);
    if (!key) return key.error();
    return std::make_unique<SodiumPersonalDataCipher>(*key);
  }
  const auto dir = std::filesystem::path(key_file).parent_path();
  if (!dir.empty()) std::filesystem::create_directories(dir, ec);
  Key key{};
  crypto_kdf_keygen(key.data());
  // Created 0600 from the start (umask cannot widen it), never written twice.
  const mode_t old = ::umask(077);
  std::FILE* f = std::fopen(key_file.c_str(), "wx");
  ::umask(old);
  if (!f) {
    // Another server may have created it at the same moment: read theirs.
    if (std::filesystem::exists(key_file, ec)) return load("", key_file);
    return unavailable("cannot create data key file " + key_file);
  }
  const std::string hex = to_hex(key.data(), key.size()) + "\n";
  const bool written = std::fwrite(hex.data(), 1, hex.size(), f) == hex.size();
  if (std::fclose(f) != 0 || !written) return unavailable("cannot write data key file " + key_file);
  ::chmod(key_file.c_str(), 0600);
  return std::make_unique<SodiumPersonalDataCipher>(key);
}

std::string SodiumPersonalDataCipher::seal(std::string_view plain) const {
  std::vector<unsigned char> out(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES +
                                 plain.size());
  randombytes_buf(out.data(), crypto_secretbox_NONCEBYTES);
  crypto_secretbox_easy(out.data() + crypto_secretbox_NONCEBYTES,
                        reinterpret_cast<const unsigned char*>(plain.data()), plain.size(),
                        out.data(), seal_key_.data());
  std::string b64(sodium_base64_ENCODED_LEN(out.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(b64.data(), b64.size(), out.data(), out.size(), sodium_base64_VARIANT_ORIGINAL);
  b64.resize(std::char_traits<char>::length(b64.c_str()));
  return b64;
}

Result<std::string> SodiumPersonalDataCipher::open(std::string_view sealed) const {
  // Empty is never a seal; and libsodium declares its buffers non-null, which an
  // empty vector's data() is not (UBSan found it).
  if (sealed.empty()) return invalid_input("error.sealed_data", "sealed data empty");
  std::vector<unsigned char> bin(sealed.size());
  std::size_t len = 0;
  if (sodium_base642bin(bin.data(), bin.size(), sealed.data(), sealed.size(), nullptr, &len,
                        nullptr, sodium_base64_VARIANT_ORIGINAL) != 0 ||
      len < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES)
    return invalid_input("error.sealed_data", "sealed data malformed");
  std::string plain(len - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES, '\0');
  if (crypto_secretbox_open_easy(
          reinterpret_cast<unsigned char*>(plain.data()), bin.data() + crypto_secretbox_NONCEBYTES,
          len - crypto_secretbox_NONCEBYTES, bin.data(), seal_key_.data()) != 0)
    return invalid_input("error.sealed_data", "sealed data fails authentication");
  return plain;
}

std::string SodiumPersonalDataCipher::lookup_hash(std::string_view text) const {
  std::array<unsigned char, 32> out{};
  crypto_generichash(out.data(), out.size(), reinterpret_cast<const unsigned char*>(text.data()),
                     text.size(), hash_key_.data(), hash_key_.size());
  return to_hex(out.data(), out.size());
}

std::string SodiumPersonalDataCipher::new_token() const {
  ensure_sodium();
  std::array<unsigned char, 32> raw{};
  randombytes_buf(raw.data(), raw.size());
  std::string b64(sodium_base64_ENCODED_LEN(raw.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING),
                  '\0');
  sodium_bin2base64(b64.data(), b64.size(), raw.data(), raw.size(),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  b64.resize(std::char_traits<char>::length(b64.c_str()));
  return b64;
}

std::string SodiumPersonalDataCipher::token_hash(std::string_view token) const {
  std::array<unsigned char, crypto_hash_sha256_BYTES> out{};
  crypto_hash_sha256(out.data(), reinterpret_cast<const unsigned char*>(token.data()),
                     token.size());
  return to_hex(out.data(), out.size());
}

}  // namespace kursbase::adapters
