#include "http/core/errors.hpp"

namespace kursbase::http {

int status_for(ErrorCode code) {
  switch (code) {
    case ErrorCode::InvalidInput: return 400;
    case ErrorCode::NotFound: return 404;
    case ErrorCode::Conflict: return 409;
    case ErrorCode::Forbidden: return 403;
    case ErrorCode::RateLimited: return 429;
    case ErrorCode::Unavailable: return 503;
    case ErrorCode::MethodNotAllowed: return 405;
    case ErrorCode::Unauthenticated: return 401;
  }
  return 500;
}

namespace {
const char* code_name(ErrorCode code) {
  switch (code) {
    case ErrorCode::InvalidInput: return "invalid_input";
    case ErrorCode::NotFound: return "not_found";
    case ErrorCode::Conflict: return "conflict";
    case ErrorCode::Forbidden: return "forbidden";
    case ErrorCode::RateLimited: return "rate_limited";
    case ErrorCode::Unavailable: return "unavailable";
    case ErrorCode::MethodNotAllowed: return "method_not_allowed";
    case ErrorCode::Unauthenticated: return "unauthenticated";
  }
  return "error";
}
}  // namespace

nlohmann::json error_json(const Error& error, const web::Messages& messages) {
  nlohmann::json fields = nlohmann::json::array();
  for (const auto& f : error.fields)
    fields.push_back({{"field", f.field}, {"message", messages.text(f.message_key)}});
  return {{"error",
           {{"code", code_name(error.code)},
            {"message", messages.text(error.message_key)},
            {"fields", std::move(fields)}}}};
}

}  // namespace kursbase::http
