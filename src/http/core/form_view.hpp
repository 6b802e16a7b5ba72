#pragma once
// The view model of a form's fields, shared by the public sign-up form and the
// staff's referral form (templates enrollment_form and staff_referral): one
// entry per field with its label, kept value, error, and how it is typed in.
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "domain/core/result.hpp"
#include "http/core/request.hpp"
#include "web/messages.hpp"

namespace kursbase::http {

struct FormFieldSpec {
  const char* name;
  const char* type;  // text, email, tel, date, textarea, checkbox, radio (kind or language)
  const char* autocomplete;
  bool required;
  const char* inputmode = "";  // "" : as the type implies (tel for tel)
  const char* help_key = "";   // a message shown under the label
};

// The error summary (list of {field, message}) and each field's message.
struct FormErrors {
  nlohmann::json list = nlohmann::json::array();
  std::map<std::string, std::string> by_field;
};
FormErrors form_errors(const Error& error, const web::Messages& m);

// The posted value of `name`, or empty.
std::string form_value(const QueryParams& values, const std::string& name);

// `text` as a whole number greater than 0 (an id or a page number), or none.
std::optional<std::int64_t> positive_id(const std::string& text);

// One field; `radio_default_first`: with no value yet, the first option is
// checked (else, for the language, the page's language; for the kind, none).
nlohmann::json form_field(const FormFieldSpec& spec, const std::string& label,
                          const QueryParams& values, const FormErrors& errors,
                          const web::Messages& m, bool radio_default_first = false);

}  // namespace kursbase::http
