#include "http/authoring/course_form_view.hpp"

#include <algorithm>
#include <charconv>
#include <map>

#include "app/messaging/message_text.hpp"
#include "domain/core/contact_check.hpp"
#include "domain/core/language.hpp"
#include "domain/core/time.hpp"
#include "http/core/formatting.hpp"

namespace kursbase::http {
namespace {

using json = nlohmann::json;

std::vector<std::string> values_of(const QueryParams& posted, const std::string& name) {
  std::vector<std::string> out;
  for (const auto& [k, v] : posted)
    if (k == name && !v.empty()) out.push_back(v);
  return out;
}

// "programme.12.topic" → 12 and "topic"; false for any other name.
bool programme_part(const std::string& name, std::size_t& row, std::string& part) {
  static const std::string prefix = "programme.";
  if (name.rfind(prefix, 0) != 0) return false;
  const auto dot = name.find('.', prefix.size());
  if (dot == std::string::npos) return false;
  const char* begin = name.data() + prefix.size();
  auto [p, ec] = std::from_chars(begin, name.data() + dot, row);
  if (ec != std::errc{} || p != name.data() + dot) row = 0;
  part = name.substr(dot + 1);
  return true;
}

std::string label(const web::Messages& m, const std::string& name) {
  return m.text("course_form.label." + name);
}

json option(const std::string& value, const std::string& text, bool checked) {
  return {{"value", value}, {"text", text}, {"checked", checked}};
}

bool has(const std::vector<std::string>& values, std::string_view v) {
  return std::find(values.begin(), values.end(), v) != values.end();
}

// One field of the form's list; `kind` picks the template's markup.
json field(const std::string& name, const std::string& kind, const web::Messages& m,
           const FormErrors& errors, bool required) {
  json f{{"name", name}, {"label", label(m, name)}, {kind, true}, {"required", required}};
  if (auto e = errors.by_field.find(name); e != errors.by_field.end()) f["error"] = e->second;
  return f;
}

json text_field(const std::string& name, const std::string& value, std::size_t max,
                const web::Messages& m, const FormErrors& errors, bool required,
                const char* type = "text", const char* autocomplete = "off") {
  json f = field(name, "text", m, errors, required);
  f["value"] = value;
  f["type"] = type;
  f["autocomplete"] = autocomplete;
  if (max) f["maxlength"] = max;
  return f;
}

json textarea(const std::string& name, const std::string& value, int rows, const web::Messages& m,
              const FormErrors& errors, bool required) {
  json f = field(name, "text", m, errors, required);
  f["value"] = value;
  f["multiline"] = true;
  f["rows"] = rows;
  return f;
}

template <class E>
json enum_options(const std::string& prefix, const std::string& chosen, const web::Messages& m) {
  json out = json::array();
  for (const auto& [value, key] : EnumKeys<E>::kAll)
    out.push_back(option(std::string(key), m.text(prefix + std::string(key)), chosen == key));
  return out;
}

template <class E>
json enum_boxes(const std::string& prefix, const std::vector<std::string>& chosen,
                const web::Messages& m) {
  json out = json::array();
  for (const auto& [value, key] : EnumKeys<E>::kAll)
    out.push_back(option(std::string(key), m.text(prefix + std::string(key)), has(chosen, key)));
  return out;
}

void give_option_ids(json& f, const std::string& name) {
  // The first option gets the field's id, so the error summary's link lands on it.
  bool first = true;
  for (auto& o : f["options"]) {
    o["id"] = first ? "field-" + name : "field-" + name + "-" + o["value"].get<std::string>();
    first = false;
  }
}

}  // namespace

std::string completion_scheme_text(const CompletionScheme& scheme, const web::Messages& m) {
  const std::string share =
      app::replace_all(m.text("number.percent"), "{n}", std::to_string(scheme.required_percent));
  return app::replace_all(app::replace_all(m.text("course_form.completion_option"), "{scheme}",
                                           m.text("completion_scheme." + scheme.key)),
                          "{share}", share);
}

bool course_form_from_post(const QueryParams& posted, CourseForm& f) {
  f.title = form_value(posted, "title");
  f.summary = form_value(posted, "summary");
  f.description = form_value(posted, "description");
  f.field = form_value(posted, "field");
  f.target_groups = values_of(posted, "target_groups");
  f.languages = values_of(posted, "languages");
  f.interpreter_available = form_value(posted, "interpreter_available");
  f.format = form_value(posted, "format");
  f.referral_required = form_value(posted, "referral_required");
  f.pathway = form_value(posted, "pathway");
  f.owner = form_value(posted, "owner");
  f.diagnosis_keys = values_of(posted, "diagnosis_keys");
  f.contact_email = form_value(posted, "contact_email");
  f.contact_phone = form_value(posted, "contact_phone");
  f.fee = form_value(posted, "fee");
  f.no_show_fee = form_value(posted, "no_show_fee");
  f.what_to_bring = form_value(posted, "what_to_bring");
  f.completion_scheme = form_value(posted, "completion_scheme");
  for (const auto& [part, key] : EnumKeys<DidacticPart>::kAll)
    f.plan[part] = form_value(posted, "plan." + std::string(key));
  f.programme.clear();
  for (const auto& [name, value] : posted) {
    std::size_t row = 0;
    std::string part;
    if (!programme_part(name, row, part)) continue;
    if (row < 1 || row > kMaxPostedProgrammeRows) return false;
    if (f.programme.size() < row) f.programme.resize(row);
    auto& item = f.programme[row - 1];
    if (part == "topic")
      item.topic = value;
    else if (part == "hours")
      item.hours = value;
    else if (part == "teacher")
      item.teacher = value;
  }
  return true;
}

Error with_api_field_names(Error error) {
  static const std::map<std::string, std::string> kApiNames{
      {"owner", "owner_id"}, {"fee", "fee_nok"}, {"no_show_fee", "no_show_fee_nok"}};
  for (auto& f : error.fields)
    if (auto it = kApiNames.find(f.field); it != kApiNames.end()) f.field = it->second;
  return error;
}

json course_json(const app::CourseEditing& c, const app::TimeZone& zone) {
  const auto& f = c.form;
  auto number_or_null = [](const std::string& text) -> json {
    if (text.empty()) return nullptr;
    return std::stoll(text);  // form_of() wrote it from a number
  };
  json programme = json::array();
  for (const auto& p : f.programme) {
    std::string hours = p.hours;
    std::replace(hours.begin(), hours.end(), ',', '.');
    programme.push_back({{"topic", p.topic}, {"hours", std::stod(hours)}, {"teacher", p.teacher}});
  }
  json plan = json::object();
  for (const auto& [part, key] : EnumKeys<DidacticPart>::kAll)
    plan[std::string(key)] = f.plan[part];
  json history = json::array();
  for (const auto& h : c.history)
    history.push_back({{"version", h.version},
                       {"at", app::format_local_iso(zone, h.at)},
                       {"account_id", h.account_id ? json(*h.account_id) : json(nullptr)},
                       {"account_name", h.account_name},
                       {"changed", h.changed}});
  return {{"id", c.id},
          {"version", c.version},
          {"status", std::string(key_of(c.status))},
          {"text_language", c.text_language},
          {"title", f.title},
          {"summary", f.summary},
          {"description", f.description},
          {"field", f.field},
          {"target_groups", f.target_groups},
          {"languages", f.languages},
          {"interpreter_available", !f.interpreter_available.empty()},
          {"format", f.format},
          {"referral_required", !f.referral_required.empty()},
          {"pathway", f.pathway},
          {"owner_id", std::stoll(f.owner)},
          {"owner_name", c.owner_name},
          {"diagnosis_keys", f.diagnosis_keys},
          {"contact_email", f.contact_email},
          {"contact_phone", f.contact_phone},
          {"fee_nok", number_or_null(f.fee)},
          {"no_show_fee_nok", number_or_null(f.no_show_fee)},
          {"what_to_bring", f.what_to_bring},
          {"completion_scheme", f.completion_scheme},
          {"programme", programme},
          {"didactic_plan", plan},
          {"history", history}};
}

json course_form_view(const CourseForm& f, const app::CourseFormOptions& options,
                      const FormErrors& errors, const web::Messages& m, std::size_t rows) {
  json fields = json::array();
  fields.push_back(text_field("title", f.title, kMaxCourseTitle, m, errors, true));
  fields.push_back(textarea("summary", f.summary, 3, m, errors, true));
  fields.push_back(textarea("description", f.description, 10, m, errors, false));

  json owner = field("owner", "select", m, errors, true);
  owner["options"] = json::array();
  for (const auto& o : options.owners)
    owner["options"].push_back(
        option(std::to_string(o.id), o.name, f.owner == std::to_string(o.id)));
  fields.push_back(owner);

  json field_choice = field("field", "select", m, errors, true);
  field_choice["options"] = enum_options<Field>("field.", f.field, m);
  fields.push_back(field_choice);

  json diagnoses = field("diagnosis_keys", "boxes", m, errors, false);
  diagnoses["options"] = json::array();
  for (const auto& d : options.diagnosis_areas)
    diagnoses["options"].push_back(option(d.key, d.name, has(f.diagnosis_keys, d.key)));
  give_option_ids(diagnoses, "diagnosis_keys");
  fields.push_back(diagnoses);

  json targets = field("target_groups", "boxes", m, errors, true);
  targets["options"] = enum_boxes<TargetGroup>("target.", f.target_groups, m);
  give_option_ids(targets, "target_groups");
  fields.push_back(targets);

  json languages = field("languages", "boxes", m, errors, true);
  languages["options"] = json::array();
  for (auto key : kCourseLanguages)
    languages["options"].push_back(
        option(std::string(key), m.text("language." + std::string(key)), has(f.languages, key)));
  give_option_ids(languages, "languages");
  fields.push_back(languages);

  json interpreter = field("interpreter_available", "tick", m, errors, false);
  interpreter["checked"] = !f.interpreter_available.empty();
  fields.push_back(interpreter);

  json format = field("format", "radios", m, errors, true);
  format["options"] =
      enum_options<CourseFormat>("format.", f.format.empty() ? "on_site" : f.format, m);
  give_option_ids(format, "format");
  fields.push_back(format);

  json referral = field("referral_required", "tick", m, errors, false);
  referral["checked"] = !f.referral_required.empty();
  fields.push_back(referral);

  json pathway = field("pathway", "select", m, errors, false);
  pathway["options"] = enum_options<PathwayPlacement>("pathway.", f.pathway, m);
  fields.push_back(pathway);

  fields.push_back(
      text_field("contact_email", f.contact_email, kMaxEmailLength, m, errors, false, "email"));
  fields.push_back(text_field("contact_phone", f.contact_phone, 20, m, errors, false, "tel"));
  json fee = text_field("fee", f.fee, 6, m, errors, false);
  fee["inputmode"] = "numeric";
  fee["help"] = m.text("course_form.help.fee");
  fields.push_back(fee);
  json no_show = text_field("no_show_fee", f.no_show_fee, 6, m, errors, false);
  no_show["inputmode"] = "numeric";
  no_show["help"] = m.text("course_form.help.no_show_fee");
  fields.push_back(no_show);
  fields.push_back(textarea("what_to_bring", f.what_to_bring, 3, m, errors, false));

  json scheme = field("completion_scheme", "select", m, errors, true);
  scheme["options"] = json::array();
  const std::string chosen =
      f.completion_scheme.empty() ? std::string(kDefaultCompletionScheme) : f.completion_scheme;
  for (const auto& s : options.completion_schemes)
    scheme["options"].push_back(option(s.key, completion_scheme_text(s, m), chosen == s.key));
  scheme["help"] = m.text("course_form.help.completion_scheme");
  fields.push_back(scheme);

  json programme = json::array();
  const std::size_t count = std::max(rows, f.programme.size());
  for (std::size_t i = 0; i < count; ++i) {
    const ProgrammeItemForm item = i < f.programme.size() ? f.programme[i] : ProgrammeItemForm{};
    const std::string at = "programme." + std::to_string(i + 1) + ".";
    json row{{"number", i + 1}, {"topic", item.topic}, {"hours", item.hours}};
    for (const char* part : {"topic", "hours", "teacher"})
      if (auto e = errors.by_field.find(at + part); e != errors.by_field.end())
        row[std::string(part) + "_error"] = e->second;
    row["teachers"] =
        enum_options<Teacher>("teacher.", item.teacher.empty() ? "professional" : item.teacher, m);
    programme.push_back(row);
  }
  json plan = json::array();
  for (const auto& [part, key] : EnumKeys<DidacticPart>::kAll) {
    const std::string name = "plan." + std::string(key);
    json f_part = textarea(name, f.plan[part], 4, m, errors, false);
    f_part["help"] = m.text("course_form.help." + name);
    plan.push_back(std::move(f_part));
  }
  json out{{"fields", fields}, {"programme", programme}, {"programme_rows", count}, {"plan", plan}};
  if (auto e = errors.by_field.find("programme"); e != errors.by_field.end())
    out["programme_error"] = e->second;
  return out;
}

std::string course_field_label(const std::string& name, const web::Messages& m) {
  return m.text("course_form.label." + name);
}

std::string course_field_text(const std::string& name, const CourseForm& f,
                              const app::CourseFormOptions& options, const web::Messages& m) {
  auto joined = [&](const std::vector<std::string>& keys, const std::string& prefix) {
    std::string out;
    for (const auto& k : keys) out += (out.empty() ? "" : ", ") + m.text(prefix + k);
    return out;
  };
  if (name == "title") return f.title;
  if (name == "summary") return f.summary;
  if (name == "description") return f.description;
  if (name == "field") return m.text("field." + f.field);
  if (name == "target_groups") return joined(f.target_groups, "target.");
  if (name == "languages") {
    std::string out = joined(f.languages, "language.");
    if (!f.interpreter_available.empty()) out += "; " + label(m, "interpreter_available");
    return out;
  }
  if (name == "format") return m.text("format." + f.format);
  if (name == "referral_required")
    return m.text(f.referral_required.empty() ? "course.no_referral" : "course.referral_required");
  if (name == "pathway") return m.text("pathway." + f.pathway);
  if (name == "owner") {
    for (const auto& o : options.owners)
      if (std::to_string(o.id) == f.owner) return o.name;
    return f.owner;
  }
  if (name == "diagnosis_keys") {
    std::string out;
    for (const auto& d : options.diagnosis_areas)
      if (has(f.diagnosis_keys, d.key)) out += (out.empty() ? "" : ", ") + d.name;
    return out;
  }
  if (name == "contact") {
    std::string out = f.contact_email;
    if (!f.contact_phone.empty()) out += (out.empty() ? "" : ", ") + f.contact_phone;
    return out;
  }
  if (name == "practical") {
    std::string out;
    if (!f.fee.empty()) out += label(m, "fee") + ": " + f.fee;
    if (!f.no_show_fee.empty())
      out += (out.empty() ? "" : "; ") + label(m, "no_show_fee") + ": " + f.no_show_fee;
    if (!f.what_to_bring.empty()) out += (out.empty() ? "" : "; ") + f.what_to_bring;
    return out;
  }
  if (name == "completion_scheme") {
    for (const auto& s : options.completion_schemes)
      if (s.key == f.completion_scheme) return completion_scheme_text(s, m);
    return f.completion_scheme;
  }
  if (name == "didactic_plan") {
    std::string out;
    for (const auto& [part, key] : EnumKeys<DidacticPart>::kAll)
      if (!f.plan[part].empty())
        out +=
            (out.empty() ? "" : "; ") + label(m, "plan." + std::string(key)) + ": " + f.plan[part];
    return out;
  }
  if (name == "programme") {
    std::string out;
    std::size_t n = 0;
    for (const auto& p : f.programme)
      out += (out.empty() ? "" : "; ") + std::to_string(++n) + ". " + p.topic + " (" + p.hours +
             " " + m.text("course.hours_unit") + ")";
    return out;
  }
  return {};  // status, translations: the name says it
}

}  // namespace kursbase::http
