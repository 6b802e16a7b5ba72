#pragma once
// PersonalDataCipher: national ID numbers encrypted at rest and found again by
// a keyed hash; private-link tokens and their hashes.
//
// One 32-byte master key (from KURSBASE_DATA_KEY as 64 hex digits, or from a
// key file, generated on first start with mode 0600) gives two subkeys
// (libsodium crypto_kdf): one for crypto_secretbox (sealing ID numbers), one
// for crypto_generichash (lookup hashes of ID numbers, identity keys of
// sign-ups, client addresses). Losing the key file makes sealed ID numbers
// unreadable: back it up apart from the database (docs/operations.md).
//
// Thread safety: const methods may be called from any thread.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "domain/core/result.hpp"

namespace kursbase::app {

class PersonalDataCipher {
 public:
  static constexpr std::size_t kKeyBytes = 32;
  using Key = std::array<unsigned char, kKeyBytes>;

  explicit PersonalDataCipher(const Key& master);

  // The key from `env_hex` when given (64 hex digits), else from `key_file`,
  // created with a fresh random key (mode 0600) when it does not exist.
  // Unavailable when the file cannot be read or written, InvalidInput for a
  // malformed key.
  static Result<PersonalDataCipher> load(const std::string& env_hex, const std::string& key_file);

  // base64(nonce || secretbox(plain)).
  std::string seal(std::string_view plain) const;
  // InvalidInput "error.sealed_data" when tampered or sealed with another key.
  Result<std::string> open(std::string_view sealed) const;
  // Hex keyed hash (32 bytes): the same input always gives the same hash.
  std::string lookup_hash(std::string_view text) const;

  // A private-link token: 32 random bytes (256 bits), base64url without padding.
  static std::string new_token();
  // Hex SHA-256 of a token: what the database keeps.
  static std::string token_hash(std::string_view token);

 private:
  std::array<unsigned char, 32> seal_key_{};
  std::array<unsigned char, 32> hash_key_{};
};

}  // namespace kursbase::app
