#pragma once
// PersonalDataCipher: national ID numbers encrypted at rest and found again by
// a keyed hash; private-link tokens and their hashes. Use cases take it by
// reference; the libsodium implementation
// (adapters/crypto/sodium_personal_data_cipher.hpp) holds the key and is
// made by the composition root (cli/wiring.cpp) and by the test fixtures.
//
// Losing the key makes sealed ID numbers unreadable, and lookup hashes
// different: every server of one database must use the same key.
//
// Thread safety: all methods may be called from any thread.
#include <string>
#include <string_view>

#include "domain/core/result.hpp"

namespace kursbase::app {

class PersonalDataCipher {
 public:
  virtual ~PersonalDataCipher() = default;

  // Authenticated encryption of `plain`, as printable text; a fresh nonce
  // each time, so the same plain text seals differently.
  virtual std::string seal(std::string_view plain) const = 0;
  // InvalidInput "error.sealed_data" when tampered or sealed with another key.
  virtual Result<std::string> open(std::string_view sealed) const = 0;
  // Hex keyed hash (32 bytes): the same input always gives the same hash
  // under one key, and nothing without the key.
  virtual std::string lookup_hash(std::string_view text) const = 0;

  // A private-link token: 32 random bytes (256 bits), base64url without padding.
  virtual std::string new_token() const = 0;
  // Hex SHA-256 of a token: what the database keeps (unkeyed, so a token
  // found in the database does not need the data key).
  virtual std::string token_hash(std::string_view token) const = 0;
};

}  // namespace kursbase::app
