#pragma once
// The one mapping from Result error codes to HTTP status codes, and the JSON
// error body of the API: {"error": {"code", "message", "fields": [...]}} with
// messages in the user's language. No handler chooses an error status: it hands
// the use case's Error to Responder (pages and JSON alike), which asks here.
// A test scans src/http for status literals to keep it so.
//
// The decision, the same for HTML pages and the JSON API (docs/openapi.yaml):
//   Malformed        400  the request cannot be read: broken syntax, a body that
//                         does not parse or is not the documented object, a query
//                         parameter that is not of its kind or names nothing
//                         there is (search filters: the page is shown again
//                         with the errors and the other filters kept)
//   InvalidInput     422  a well-formed body whose values break a rule; one
//                         field error per field, the form shown again filled in
//   Unauthenticated  401  no staff session (JSON; pages redirect to sign-in), or
//                         a sign-in with wrong credentials
//   Forbidden        403  signed in, but the grant does not cover the action or
//                         the object's scope, or a cross-site POST (CSRF)
//   NotFound         404  no such object, or one the caller may not learn of;
//                         also a path that names nothing (an id that is no number)
//   MethodNotAllowed 405  the path exists, the method does not (with Allow)
//   Conflict         409  valid, but the object's state refuses it
//   UriTooLong       414  the target is longer than the server reads
//   ContentTooLarge  413  the body is longer than the server accepts
//   HttpVersionNotSupported 505  not HTTP/1.0 or 1.1 (answered before the router)
//   RateLimited      429  too many attempts from this address or account
//   Internal         500  an exception reached the router (logged)
//   Unavailable      503  the database or the OIDC provider cannot be reached
#include <nlohmann/json.hpp>
#include <string_view>

#include "domain/core/result.hpp"
#include "http/core/response.hpp"
#include "web/messages.hpp"

namespace kursbase::http {

int status_for(ErrorCode code);
// The stable lower-case name of `code` in JSON bodies ("invalid_input", ...).
std::string_view code_name(ErrorCode code);
nlohmann::json error_json(const Error& error, const web::Messages& messages);
// A text/plain answer in bokmål, for routes that render no page (static files).
Response plain_error(const Error& error);

}  // namespace kursbase::http
