#pragma once
// Result<T>: errors as values at layer boundaries (style guide rule 4).
// A use case or store returns either a value or an Error with one of a short set
// of codes; the HTTP layer maps codes to status codes in one place
// (http/core/errors.cpp), so the code must say everything the status says.
#include <cassert>
#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace kursbase {

// What went wrong, in the words a caller decides by. Invalid input is two codes:
//  - Malformed: the request cannot be read as sent. Its syntax is broken (percent-
//    escapes, a form or JSON body that does not parse, JSON that is not the
//    documented object), or a query parameter is not a value of its kind or names
//    nothing there is (catalogue and audit filters, the OIDC callback's state and
//    code). Nothing was submitted that could be corrected in a form. A path is an
//    address, not input: one that names nothing (`/kurs/abc`) is NotFound.
//  - InvalidInput: a submitted body (form or JSON) was read, but its values break
//    a rule: a required field is empty, an ID number fails its checksum, a member
//    has the wrong type. `fields` names each one, and pages show the form again,
//    filled in as sent.
// An object outside the actor's scope is Forbidden when the actor may know it
// exists (a run of another health trust on a staff route), NotFound when the
// caller has no right to learn that (drafts in the public catalogue, an unknown
// private-link token).
enum class ErrorCode {
  Malformed,
  InvalidInput,
  NotFound,
  Conflict,  // the request is valid but the object's state refuses it (run full, offer expired)
  Forbidden,
  Unavailable,  // a dependency (database, provider) cannot be reached: try again later
  RateLimited,
  MethodNotAllowed,
  Unauthenticated,          // no signed-in staff member where one is needed, or wrong credentials
  UriTooLong,               // the request target is longer than the server reads
  ContentTooLarge,          // the request body is longer than the server accepts
  HttpVersionNotSupported,  // the request line names a version other than HTTP/1.0 and 1.1
  Internal,                 // a bug: an exception no adapter turned into a Result
};

// A problem with one input field: the field's name and a message key in the
// user-facing catalogues (web/i18n), never a literal text.
struct FieldError {
  std::string field;
  std::string message_key;
};

struct Error {
  ErrorCode code;
  std::string message_key;  // key in the message catalogues, shown to the user
  std::string detail;       // for logs only: never personal data
  std::vector<FieldError> fields = {};
  // RateLimited: how long until trying again makes sense, when the caller knows
  // (the HTTP layer sends it as Retry-After, else its default).
  std::optional<std::chrono::seconds> retry_after = {};
};

inline Error malformed(std::string key, std::string detail = {},
                       std::vector<FieldError> fields = {}) {
  return {ErrorCode::Malformed, std::move(key), std::move(detail), std::move(fields)};
}
inline Error invalid_input(std::string key, std::string detail = {},
                           std::vector<FieldError> fields = {}) {
  return {ErrorCode::InvalidInput, std::move(key), std::move(detail), std::move(fields)};
}
inline Error not_found(std::string key, std::string detail = {}) {
  return {ErrorCode::NotFound, std::move(key), std::move(detail)};
}
inline Error unavailable(std::string detail) {
  return {ErrorCode::Unavailable, "error.unavailable", std::move(detail)};
}
inline Error conflict(std::string key, std::string detail = {}) {
  return {ErrorCode::Conflict, std::move(key), std::move(detail)};
}

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}      // NOLINT: implicit by design
  Result(Error error) : state_(std::move(error)) {}  // NOLINT: implicit by design

  bool ok() const { return std::holds_alternative<T>(state_); }
  explicit operator bool() const { return ok(); }

  T& value() & {
    assert(ok());
    return std::get<T>(state_);
  }
  const T& value() const& {
    assert(ok());
    return std::get<T>(state_);
  }
  T&& value() && {
    assert(ok());
    return std::get<T>(std::move(state_));
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }

  const Error& error() const {
    assert(!ok());
    return std::get<Error>(state_);
  }

 private:
  std::variant<T, Error> state_;
};

// Result<void> stand-in.
struct Done {};
using Status = Result<Done>;
inline Status ok_status() { return Done{}; }

}  // namespace kursbase
