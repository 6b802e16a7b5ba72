#include "http/core/form_view.hpp"

#include <charconv>
#include <iterator>
#include <vector>

#include "domain/enrollment/enrollment.hpp"
#include "http/core/page_language.hpp"

namespace kursbase::http {

using json = nlohmann::json;

FormErrors form_errors(const Error& error, const web::Messages& m) {
  FormErrors out;
  for (const auto& f : error.fields) {
    out.list.push_back({{"field", f.field}, {"message", m.text(f.message_key)}});
    out.by_field.emplace(f.field, m.text(f.message_key));
  }
  return out;
}

std::string form_value(const QueryParams& values, const std::string& name) {
  for (const auto& [k, v] : values)
    if (k == name) return v;
  return {};
}

std::optional<std::int64_t> positive_id(const std::string& text) {
  std::int64_t v = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc{} || p != text.data() + text.size() || v <= 0) return std::nullopt;
  return v;
}

json form_field(const FormFieldSpec& spec, const std::string& label, const QueryParams& values,
                const FormErrors& errors, const web::Messages& m, bool radio_default_first) {
  const std::string name = spec.name, type = spec.type;
  const std::string value = form_value(values, name);
  json f{{"name", name}, {"label", label}, {"required", spec.required}};
  if (type == "checkbox") {
    f["checkbox"] = true;
    f["checked"] = !value.empty();
  } else if (type == "radio") {
    f["radio"] = true;
    json options = json::array();
    // The participant's language (issue 13) is named in itself and read so, and
    // until chosen is the first (bokmål) where the form defaults to the first,
    // else the page's own; or else a participant kind.
    const bool language = name == "language";
    std::vector<std::string> values;
    if (language)
      values.assign(std::begin(kParticipantLanguages), std::end(kParticipantLanguages));
    else
      values = {"patient", "relative"};
    bool first = true;
    for (const auto& v : values) {
      const bool by_default =
          value.empty() && (radio_default_first ? first : language && v == m.language());
      json option{
          {"value", v},
          {"text", language ? std::string(language_name(v)) : m.text("enrollment.kind." + v)},
          {"checked", value == v || by_default},
          {"first", first},
          {"name", name}};
      if (language) option["option_lang"] = v;
      options.push_back(std::move(option));
      first = false;
    }
    f["options"] = std::move(options);
  } else {
    f["text"] = true;
    f["type"] = type == "textarea" ? "text" : type;
    f["multiline"] = type == "textarea";
    f["value"] = value;
    f["autocomplete"] = spec.autocomplete;
    if (*spec.inputmode)
      f["inputmode"] = spec.inputmode;
    else if (type == "tel")
      f["inputmode"] = "tel";
    if (*spec.help_key) f["help"] = m.text(spec.help_key);
  }
  if (auto it = errors.by_field.find(name); it != errors.by_field.end()) f["error"] = it->second;
  return f;
}

}  // namespace kursbase::http
