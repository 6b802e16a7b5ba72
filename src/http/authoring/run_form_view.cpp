#include "http/authoring/run_form_view.hpp"

#include <algorithm>
#include <charconv>

#include "domain/catalogue/search_text.hpp"
#include "domain/core/language.hpp"

namespace kursbase::http {
namespace {

using json = nlohmann::json;

// "sessions.12.date" → 12 and "date"; false for any other name.
bool session_part(const std::string& name, std::size_t& row, std::string& part) {
  static const std::string prefix = "sessions.";
  if (name.rfind(prefix, 0) != 0) return false;
  const auto dot = name.find('.', prefix.size());
  if (dot == std::string::npos) return false;
  auto [p, ec] = std::from_chars(name.data() + prefix.size(), name.data() + dot, row);
  if (ec != std::errc{} || p != name.data() + dot) row = 0;
  part = name.substr(dot + 1);
  return true;
}

json field(const std::string& name, const std::string& kind, const web::Messages& m,
           const FormErrors& errors, bool required) {
  json f{{"name", name},
         {"label", m.text("run_form.label." + name)},
         {kind, true},
         {"required", required}};
  if (auto e = errors.by_field.find(name); e != errors.by_field.end()) f["error"] = e->second;
  return f;
}

json text_field(const std::string& name, const std::string& value, const web::Messages& m,
                const FormErrors& errors, bool required, const char* inputmode = "") {
  json f = field(name, "text", m, errors, required);
  f["value"] = value;
  f["type"] = "text";
  f["autocomplete"] = "off";
  if (*inputmode) f["inputmode"] = inputmode;
  return f;
}

json tick(const std::string& name, const std::string& value, const web::Messages& m,
          const FormErrors& errors) {
  json f = field(name, "tick", m, errors, false);
  f["checked"] = !value.empty();
  return f;
}

}  // namespace

bool run_form_from_post(const QueryParams& posted, RunForm& f) {
  f.location_name = form_value(posted, "location_name");
  f.location_address = form_value(posted, "location_address");
  f.postal_code = form_value(posted, "postal_code");
  f.postal_place = form_value(posted, "postal_place");
  f.municipality = form_value(posted, "municipality");
  f.digital = form_value(posted, "digital");
  f.language = form_value(posted, "language");
  f.min_participants = form_value(posted, "min_participants");
  f.capacity = form_value(posted, "capacity");
  f.registration_deadline = form_value(posted, "registration_deadline");
  f.waiting_list_enabled = form_value(posted, "waiting_list_enabled");
  f.staff_registration_only = form_value(posted, "staff_registration_only");
  f.sessions.clear();
  for (const auto& [name, value] : posted) {
    std::size_t row = 0;
    std::string part;
    if (!session_part(name, row, part)) continue;
    if (row < 1 || row > kMaxPostedSessionRows) return false;
    if (f.sessions.size() < row) f.sessions.resize(row);
    auto& s = f.sessions[row - 1];
    if (part == "date")
      s.date = value;
    else if (part == "start")
      s.start = value;
    else if (part == "end")
      s.end = value;
  }
  return true;
}

json run_form_view(const RunForm& f, const std::vector<Municipality>& municipalities,
                   const FormErrors& errors, const web::Messages& m, std::size_t rows) {
  json place = json::array();
  place.push_back(text_field("location_name", f.location_name, m, errors, false));
  place.push_back(text_field("location_address", f.location_address, m, errors, false));
  place.push_back(text_field("postal_code", f.postal_code, m, errors, false, "numeric"));
  place.push_back(text_field("postal_place", f.postal_place, m, errors, false));
  json municipality = field("municipality", "select", m, errors, false);
  municipality["options"] = json::array({{{"value", ""},
                                          {"text", m.text("run_form.no_municipality")},
                                          {"checked", f.municipality.empty()}}});
  std::vector<const Municipality*> sorted;
  for (const auto& mu : municipalities) sorted.push_back(&mu);
  std::sort(sorted.begin(), sorted.end(), [](const Municipality* a, const Municipality* b) {
    return alphabetical_key(a->name) < alphabetical_key(b->name);
  });
  for (const auto* mu : sorted)
    municipality["options"].push_back(
        {{"value", mu->number}, {"text", mu->name}, {"checked", f.municipality == mu->number}});
  place.push_back(municipality);
  place.push_back(tick("digital", f.digital, m, errors));

  json seats = json::array();
  json language = field("language", "select", m, errors, true);
  language["options"] = json::array();
  for (auto key : kCourseLanguages)
    language["options"].push_back({{"value", std::string(key)},
                                   {"text", m.text("language." + std::string(key))},
                                   {"checked", f.language == key}});
  seats.push_back(language);
  seats.push_back(text_field("capacity", f.capacity, m, errors, true, "numeric"));
  seats.push_back(text_field("min_participants", f.min_participants, m, errors, false, "numeric"));
  json deadline = text_field("registration_deadline", f.registration_deadline, m, errors, true);
  deadline["type"] = "date";
  deadline["help"] = m.text("run_form.help.registration_deadline");
  seats.push_back(deadline);
  seats.push_back(tick("waiting_list_enabled", f.waiting_list_enabled, m, errors));
  seats.push_back(tick("staff_registration_only", f.staff_registration_only, m, errors));

  json sessions = json::array();
  const std::size_t count = std::max(rows, f.sessions.size());
  for (std::size_t i = 0; i < count; ++i) {
    const SessionForm s = i < f.sessions.size() ? f.sessions[i] : SessionForm{};
    const std::string at = "sessions." + std::to_string(i + 1) + ".";
    json row{{"number", i + 1}, {"date", s.date}, {"start", s.start}, {"end", s.end}};
    for (const char* part : {"date", "start", "end"})
      if (auto e = errors.by_field.find(at + part); e != errors.by_field.end())
        row[std::string(part) + "_error"] = e->second;
    sessions.push_back(row);
  }
  json out{
      {"groups", json::array({{{"legend", m.text("run_form.place_heading")}, {"fields", place}},
                              {{"legend", m.text("run_form.seats_heading")}, {"fields", seats}}})},
      {"sessions", sessions}};
  if (auto e = errors.by_field.find("sessions"); e != errors.by_field.end())
    out["sessions_error"] = e->second;
  return out;
}

std::string run_field_label(const std::string& name, const web::Messages& m) {
  return m.text("run_form.changed." + name);
}

}  // namespace kursbase::http
