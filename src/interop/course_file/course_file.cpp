#include "interop/course_file/course_file.hpp"

#include <algorithm>
#include <map>

#include "interop/csv/csv_reader.hpp"

namespace kursbase::interop {
namespace {

using json = nlohmann::json;

// A JSON member as form text: strings as they are, numbers as written, and
// anything else the field's type error.
bool text_of(const json& v, std::string& out) {
  if (v.is_null()) return out.clear(), true;
  if (v.is_string()) return out = v.get<std::string>(), true;
  if (v.is_number_integer()) return out = std::to_string(v.get<std::int64_t>()), true;
  if (v.is_number_float()) {
    out = v.dump();
    return true;
  }
  return false;
}

// "ja"/"nei" as a spreadsheet's people write them, and what the form takes.
bool tick_text(const std::string& value, std::string& out) {
  std::string v;
  for (char c : value)
    if (c != ' ') v += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  if (v == "ja" || v == "1" || v == "true" || v == "yes") return out = "1", true;
  if (v.empty() || v == "nei" || v == "0" || v == "false" || v == "no") return out.clear(), true;
  return false;
}

std::vector<std::string> list_of(const std::string& cell) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= cell.size()) {
    auto end = cell.find(',', start);
    if (end == std::string::npos) end = cell.size();
    std::string item = cell.substr(start, end - start);
    item.erase(0, item.find_first_not_of(' '));
    item.erase(item.find_last_not_of(' ') + 1);
    if (!item.empty()) out.push_back(item);
    start = end + 1;
  }
  return out;
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (;;) {
    auto end = s.find(sep, start);
    out.push_back(s.substr(start, end == std::string::npos ? std::string::npos : end - start));
    if (end == std::string::npos) return out;
    start = end + 1;
  }
}

std::string joined(const std::vector<std::string>& items, const char* sep) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : sep) + i;
  return out;
}

}  // namespace

bool course_form_from_json(const json& body, CourseForm& f, std::vector<FieldError>& errors) {
  if (!body.is_object()) return false;
  auto wrong = [&](const std::string& name) { errors.push_back({name, "course_form.error.type"}); };
  auto text = [&](const char* name, std::string& out) {
    if (auto it = body.find(name); it != body.end() && !text_of(*it, out)) wrong(name);
  };
  auto tick = [&](const char* name, std::string& out) {
    auto it = body.find(name);
    if (it == body.end() || it->is_null()) return;
    if (!it->is_boolean()) return wrong(name);
    out = it->get<bool>() ? "1" : "";
  };
  auto list = [&](const char* name, std::vector<std::string>& out) {
    auto it = body.find(name);
    if (it == body.end() || it->is_null()) return;
    if (!it->is_array()) return wrong(name);
    for (const auto& v : *it) {
      if (!v.is_string()) return wrong(name);
      out.push_back(v.get<std::string>());
    }
  };
  text("title", f.title);
  text("summary", f.summary);
  text("description", f.description);
  text("field", f.field);
  list("target_groups", f.target_groups);
  list("languages", f.languages);
  tick("interpreter_available", f.interpreter_available);
  text("format", f.format);
  tick("referral_required", f.referral_required);
  text("pathway", f.pathway);
  if (auto it = body.find("owner_id"); it != body.end() && !text_of(*it, f.owner)) wrong("owner");
  list("diagnosis_keys", f.diagnosis_keys);
  text("contact_email", f.contact_email);
  text("contact_phone", f.contact_phone);
  if (auto it = body.find("fee_nok"); it != body.end() && !text_of(*it, f.fee)) wrong("fee");
  if (auto it = body.find("no_show_fee_nok"); it != body.end() && !text_of(*it, f.no_show_fee))
    wrong("no_show_fee");
  text("what_to_bring", f.what_to_bring);
  text("completion_scheme", f.completion_scheme);
  if (auto it = body.find("didactic_plan"); it != body.end() && !it->is_null()) {
    if (!it->is_object()) {
      wrong("didactic_plan");
    } else {
      for (const auto& [part, key] : EnumKeys<DidacticPart>::kAll)
        if (auto v = it->find(std::string(key)); v != it->end() && !text_of(*v, f.plan[part]))
          wrong("plan." + std::string(key));
    }
  }
  if (auto it = body.find("programme"); it != body.end() && !it->is_null()) {
    if (!it->is_array()) {
      wrong("programme");
    } else {
      std::size_t row = 0;
      for (const auto& item : *it) {
        ++row;
        const std::string at = "programme." + std::to_string(row) + ".";
        ProgrammeItemForm p;
        if (!item.is_object()) {
          wrong(at + "topic");
          continue;
        }
        auto part = [&](const char* name, std::string& out) {
          if (auto v = item.find(name); v != item.end() && !text_of(*v, out)) wrong(at + name);
        };
        part("topic", p.topic);
        part("hours", p.hours);
        part("teacher", p.teacher);
        f.programme.push_back(std::move(p));
      }
    }
  }
  return true;
}

Result<std::vector<CourseFileRecord>> read_course_csv(std::string_view text) {
  auto records = read_csv(text);
  if (!records) return records.error();
  if (records->empty())
    return malformed("course_file.error.no_header", "the file has no header record");
  const auto& header = records->front().fields;
  std::map<std::string, std::size_t> column;
  for (std::size_t i = 0; i < header.size(); ++i) {
    std::string name = header[i];
    name.erase(0, name.find_first_not_of(' '));
    name.erase(name.find_last_not_of(' ') + 1);
    if (std::find(std::begin(kCourseCsvColumns), std::end(kCourseCsvColumns), name) ==
        std::end(kCourseCsvColumns))
      return malformed("course_file.error.unknown_column", "unknown column '" + name + "'");
    column[name] = i;
  }
  std::vector<CourseFileRecord> out;
  for (std::size_t r = 1; r < records->size(); ++r) {
    const auto& rec = (*records)[r];
    CourseFileRecord c;
    c.position = rec.line;
    auto cell = [&](const char* name) -> std::string {
      auto it = column.find(name);
      if (it == column.end() || it->second >= rec.fields.size()) return {};
      return rec.fields[it->second];
    };
    auto tick = [&](const char* name, std::string& out_value) {
      if (!tick_text(cell(name), out_value)) c.errors.push_back({name, "course_form.error.type"});
    };
    if (rec.fields.size() > header.size())
      c.errors.push_back({"record", "course_file.error.too_many_fields"});
    CourseForm& f = c.form;
    f.title = cell("title");
    f.summary = cell("summary");
    f.description = cell("description");
    f.owner = cell("owner_id");
    f.field = cell("field");
    f.target_groups = list_of(cell("target_groups"));
    f.languages = list_of(cell("languages"));
    tick("interpreter_available", f.interpreter_available);
    f.format = cell("format");
    tick("referral_required", f.referral_required);
    f.pathway = cell("pathway");
    f.diagnosis_keys = list_of(cell("diagnosis_keys"));
    f.contact_email = cell("contact_email");
    f.contact_phone = cell("contact_phone");
    f.fee = cell("fee_nok");
    f.no_show_fee = cell("no_show_fee_nok");
    f.what_to_bring = cell("what_to_bring");
    f.completion_scheme = cell("completion_scheme");
    for (const auto& [part, key] : EnumKeys<DidacticPart>::kAll)
      f.plan[part] = cell(("plan_" + std::string(key)).c_str());
    std::size_t n = 0;
    for (const auto& line : split(cell("programme"), '\n')) {
      std::string l = line;
      if (!l.empty() && l.back() == '\r') l.pop_back();
      ++n;
      if (l.find_first_not_of(' ') == std::string::npos) continue;
      const auto parts = split(l, '|');
      ProgrammeItemForm item;
      item.topic = parts[0];
      if (parts.size() > 1) item.hours = parts[1];
      if (parts.size() > 2) item.teacher = parts[2];
      if (parts.size() != 3)
        c.errors.push_back(
            {"programme." + std::to_string(n) + ".topic", "course_file.error.programme_line"});
      f.programme.push_back(std::move(item));
    }
    out.push_back(std::move(c));
  }
  return out;
}

Result<std::vector<CourseFileRecord>> read_course_json(std::string_view text) {
  const auto doc = json::parse(text, nullptr, false);
  if (doc.is_discarded() || !doc.is_array())
    return malformed("course_file.error.not_a_json_array", "not a JSON array of courses");
  std::vector<CourseFileRecord> out;
  std::size_t position = 0;
  for (const auto& item : doc) {
    CourseFileRecord c;
    c.position = ++position;
    if (!course_form_from_json(item, c.form, c.errors))
      c.errors.push_back({"record", "course_file.error.not_an_object"});
    out.push_back(std::move(c));
  }
  return out;
}

std::string write_course_csv(const std::vector<CourseForm>& courses) {
  std::string out;
  for (auto name : kCourseCsvColumns) out += (out.empty() ? "" : ",") + std::string(name);
  out += "\r\n";
  for (const auto& f : courses) {
    std::vector<std::string> programme;
    for (const auto& p : f.programme)
      programme.push_back(p.topic + "|" + p.hours + "|" + p.teacher);
    const std::vector<std::string> cells{f.title,
                                         f.summary,
                                         f.description,
                                         f.owner,
                                         f.field,
                                         joined(f.target_groups, ","),
                                         joined(f.languages, ","),
                                         f.interpreter_available.empty() ? "nei" : "ja",
                                         f.format,
                                         f.referral_required.empty() ? "nei" : "ja",
                                         f.pathway,
                                         joined(f.diagnosis_keys, ","),
                                         f.contact_email,
                                         f.contact_phone,
                                         f.fee,
                                         f.no_show_fee,
                                         f.what_to_bring,
                                         f.completion_scheme,
                                         f.plan[DidacticPart::TargetGroup],
                                         f.plan[DidacticPart::Goals],
                                         f.plan[DidacticPart::Frame],
                                         f.plan[DidacticPart::Content],
                                         f.plan[DidacticPart::Methods],
                                         f.plan[DidacticPart::Evaluation],
                                         joined(programme, "\n")};
    std::string line;
    for (const auto& c : cells) line += (line.empty() ? "" : ",") + csv_field(c);
    out += line + "\r\n";
  }
  return out;
}

}  // namespace kursbase::interop
