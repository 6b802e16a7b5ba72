#include "http/core/errors.hpp"

namespace kursbase::http {

int status_for(ErrorCode code) {
  switch (code) {
    case ErrorCode::Malformed:
      return 400;
    case ErrorCode::InvalidInput:
      return 422;
    case ErrorCode::Unauthenticated:
      return 401;
    case ErrorCode::Forbidden:
      return 403;
    case ErrorCode::NotFound:
      return 404;
    case ErrorCode::MethodNotAllowed:
      return 405;
    case ErrorCode::Conflict:
      return 409;
    case ErrorCode::UriTooLong:
      return 414;
    case ErrorCode::ContentTooLarge:
      return 413;
    case ErrorCode::HttpVersionNotSupported:
      return 505;
    case ErrorCode::RateLimited:
      return 429;
    case ErrorCode::Internal:
      return 500;
    case ErrorCode::Unavailable:
      return 503;
  }
  return 500;
}

std::string_view code_name(ErrorCode code) {
  switch (code) {
    case ErrorCode::Malformed:
      return "malformed";
    case ErrorCode::InvalidInput:
      return "invalid_input";
    case ErrorCode::Unauthenticated:
      return "unauthenticated";
    case ErrorCode::Forbidden:
      return "forbidden";
    case ErrorCode::NotFound:
      return "not_found";
    case ErrorCode::MethodNotAllowed:
      return "method_not_allowed";
    case ErrorCode::Conflict:
      return "conflict";
    case ErrorCode::UriTooLong:
      return "uri_too_long";
    case ErrorCode::ContentTooLarge:
      return "content_too_large";
    case ErrorCode::HttpVersionNotSupported:
      return "http_version_not_supported";
    case ErrorCode::RateLimited:
      return "rate_limited";
    case ErrorCode::Internal:
      return "internal";
    case ErrorCode::Unavailable:
      return "unavailable";
  }
  return "internal";
}

nlohmann::json error_json(const Error& error, const web::Messages& messages) {
  nlohmann::json fields = nlohmann::json::array();
  for (const auto& f : error.fields)
    fields.push_back({{"field", f.field}, {"message", messages.text(f.message_key)}});
  return {{"error",
           {{"code", code_name(error.code)},
            {"message", messages.text(error.message_key)},
            {"fields", std::move(fields)}}}};
}

Response plain_error(const Error& error) {
  return Response{status_for(error.code),
                  "text/plain; charset=utf-8",
                  web::Messages::get("nb").text(error.message_key),
                  {},
                  false,
                  {}};
}

}  // namespace kursbase::http
