#pragma once
// Test support: the plain text of a sealed column (`manage_token_sealed`,
// `national_id_sealed`), opened with the data key the servers under test were
// given (KURSBASE_DATA_KEY). For tests over HTTP that must follow what only a
// mail carries, such as a private link (issue 11: no answer hands it out).
#include <string>

#include "domain/core/result.hpp"

namespace kursbase::store::testing {

// `data_key_hex`: 64 hex digits. InvalidInput for a malformed key, an error
// from the cipher when `sealed` was not sealed under that key.
Result<std::string> open_sealed(const std::string& data_key_hex, const std::string& sealed);

}  // namespace kursbase::store::testing
