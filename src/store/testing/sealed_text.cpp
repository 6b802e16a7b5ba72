#include "store/testing/sealed_text.hpp"

#include "adapters/crypto/sodium_personal_data_cipher.hpp"

namespace kursbase::store::testing {

Result<std::string> open_sealed(const std::string& data_key_hex, const std::string& sealed) {
  auto cipher = adapters::SodiumPersonalDataCipher::load(data_key_hex, "");
  if (!cipher) return cipher.error();
  return (*cipher)->open(sealed);
}

}  // namespace kursbase::store::testing
