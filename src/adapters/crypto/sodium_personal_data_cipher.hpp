#pragma once
// The personal-data cipher with libsodium, behind app::PersonalDataCipher
// (app/privacy/personal_data_cipher.hpp).
//
// One 32-byte master key (from KURSBASE_DATA_KEY as 64 hex digits, or from a
// key file, generated on first start with mode 0600) gives two subkeys
// (crypto_kdf): one for crypto_secretbox (sealing ID numbers: base64 of
// nonce || XSalsa20-Poly1305 box), one for crypto_generichash (lookup hashes
// of ID numbers, identity keys of sign-ups, client addresses). Losing the key
// file makes sealed ID numbers unreadable: back it up apart from the database
// (docs/operations.md).
//
// Thread safety: immutable after construction; all methods may be called
// from any thread.
#include <array>
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "app/privacy/personal_data_cipher.hpp"
#include "domain/core/result.hpp"

namespace kursbase::adapters {

class SodiumPersonalDataCipher final : public app::PersonalDataCipher {
 public:
  static constexpr std::size_t kKeyBytes = 32;
  using Key = std::array<unsigned char, kKeyBytes>;

  explicit SodiumPersonalDataCipher(const Key& master);

  // The key from `env_hex` when given (64 hex digits), else from `key_file`,
  // created with a fresh random key (mode 0600) when it does not exist; a
  // second server creating it at the same moment reads the first one's.
  // Unavailable when the file cannot be read or written, InvalidInput
  // "config.error.data_key" for a malformed key or no file named.
  static Result<std::unique_ptr<SodiumPersonalDataCipher>> load(const std::string& env_hex,
                                                                const std::string& key_file);

  std::string seal(std::string_view plain) const override;
  Result<std::string> open(std::string_view sealed) const override;
  std::string lookup_hash(std::string_view text) const override;
  std::string new_token() const override;
  std::string token_hash(std::string_view token) const override;

 private:
  std::array<unsigned char, 32> seal_key_{};
  std::array<unsigned char, 32> hash_key_{};
};

}  // namespace kursbase::adapters
