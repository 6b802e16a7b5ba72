#pragma once
// Result<T>: errors as values at layer boundaries (style guide rule 4).
// A use case or store returns either a value or an Error with one of a short set
// of codes; the HTTP layer maps codes to status codes in one place.
#include <cassert>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace kursbase {

enum class ErrorCode {
  InvalidInput,
  NotFound,
  Conflict,
  Forbidden,
  Unavailable,
  RateLimited,
  MethodNotAllowed,
  Unauthenticated,  // no signed-in staff member where one is needed
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
};

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
  Result(T value) : state_(std::move(value)) {}          // NOLINT: implicit by design
  Result(Error error) : state_(std::move(error)) {}      // NOLINT: implicit by design

  bool ok() const { return std::holds_alternative<T>(state_); }
  explicit operator bool() const { return ok(); }

  T& value() & { assert(ok()); return std::get<T>(state_); }
  const T& value() const& { assert(ok()); return std::get<T>(state_); }
  T&& value() && { assert(ok()); return std::get<T>(std::move(state_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }

  const Error& error() const { assert(!ok()); return std::get<Error>(state_); }

 private:
  std::variant<T, Error> state_;
};

// Result<void> stand-in.
struct Done {};
using Status = Result<Done>;
inline Status ok_status() { return Done{}; }

}  // namespace kursbase
