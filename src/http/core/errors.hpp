#pragma once
// The one mapping from Result error codes to HTTP status codes, and the JSON
// error body of the API: {"error": {"code", "message", "fields": [...]}} with
// messages in the user's language.
#include <nlohmann/json.hpp>

#include "domain/core/result.hpp"
#include "web/messages.hpp"

namespace kursbase::http {

int status_for(ErrorCode code);
nlohmann::json error_json(const Error& error, const web::Messages& messages);

}  // namespace kursbase::http
