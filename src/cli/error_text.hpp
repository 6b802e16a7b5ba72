#pragma once
// What a command prints for an error: the operator reads the Norwegian text of
// its message key (web/i18n), not the key.
#include <string>

#include "domain/core/result.hpp"

namespace kursbase::cli {

// "TEXT (DETAIL)" when the bokmål catalogue has the key; "DETAIL (KEY)" for a
// key without a text (store and engine errors, whose detail is the message).
std::string error_text(const Error& error);

}  // namespace kursbase::cli
