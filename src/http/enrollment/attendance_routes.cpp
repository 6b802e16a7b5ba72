#include "http/enrollment/attendance_routes.hpp"

#include <charconv>

#include "app/messaging/message_text.hpp"
#include "http/core/formatting.hpp"
#include "http/core/page_language.hpp"
#include "http/middleware/csrf.hpp"
#include "http/middleware/staff_session.hpp"
#include "interop/spreadsheet/attendance_export.hpp"

namespace kursbase::http {
namespace {

using Audience = RouteAccess::Audience;

std::string field(const QueryParams& fields, std::string_view name) {
  for (const auto& [k, v] : fields)
    if (k == name) return v;
  return {};
}

std::int64_t id_field(const QueryParams& fields, std::string_view name) {
  const auto text = field(fields, name);
  std::int64_t v = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  return ec == std::errc{} && p == text.data() + text.size() && v > 0 ? v : 0;
}

// A tel: URI of a mobile number as typed (digits and a leading '+' kept).
std::string tel_uri(const std::string& mobile) {
  std::string digits;
  for (char c : mobile)
    if ((c >= '0' && c <= '9') || (c == '+' && digits.empty())) digits += c;
  return digits.empty() ? std::string() : "tel:" + digits;
}

// The minutes field of the request's form as typed (shown again after a refusal).
std::string kept_minutes_text(const Request& req) {
  QueryParams form;
  if (!parse_form(req.body, form)) return {};
  for (const auto& [k, v] : form)
    if (k == "minutes") return v;
  return {};
}

// "90" → 90; empty or not a whole number → none (the domain says why it is needed).
std::optional<int> minutes_field(const QueryParams& fields) {
  const auto text = field(fields, "minutes");
  int v = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc{} || p != text.data() + text.size()) return std::nullopt;
  return v;
}

std::string run_path(RunId id) { return "/ansatt/gjennomforing/" + std::to_string(id); }

std::string anchor(std::int64_t session, EnrollmentId enrollment) {
  return "s" + std::to_string(session) + "-e" + std::to_string(enrollment);
}

std::string mark_text(const web::Messages& m, AttendanceMark mark) {
  return m.text("attendance.mark." + std::string(key_of(mark)));
}

// The text of `key` with {share} the course's completion share in the
// language's way ("80 %", English "80%"): the scheme is the course's (data).
std::string with_share(const web::Messages& m, std::string_view key, int percent) {
  return app::replace_all(
      m.text(key), "{share}",
      app::replace_all(m.text("number.percent"), "{n}", std::to_string(percent)));
}

// The completion state in words (never only a colour).
std::string completion_text(const Completion& c, const web::Messages& m) {
  if (c.completed) return m.text("attendance.completion.completed");
  if (!c.can_still_complete)
    return with_share(m, "attendance.completion.out_of_reach", c.required_percent);
  return m.text("attendance.completion.open");
}

std::string hours_of(const Completion& c, const web::Messages& m) {
  return format_hours(c.attended_minutes) + " / " + format_hours(c.total_minutes) + " " +
         m.text("attendance.hours");
}

// A mark in words, with the minutes of a late arrival ("Delvis (90 min)").
std::string cell_text(const web::Messages& m, const app::AttendanceCell& c) {
  std::string text = mark_text(m, c.mark);
  if (c.mark == AttendanceMark::Partial && c.minutes_attended)
    text +=
        " (" + std::to_string(*c.minutes_attended) + " " + m.text("attendance.minutes_short") + ")";
  return text;
}

std::string_view mark_color(AttendanceMark mark) {
  switch (mark) {
    case AttendanceMark::Present:
      return "success";
    case AttendanceMark::Absent:
      return "danger";
    case AttendanceMark::Excused:
      return "warning";
    case AttendanceMark::Partial:
      return "info";
    case AttendanceMark::Unrecorded:
      return "neutral";
  }
  return "neutral";
}

// `kept`: the entry of a form that was refused, shown again as typed.
nlohmann::json page_data(const Request& req, const app::RunAttendance& v, const web::Messages& m,
                         const app::TimeZone& zone, const Error* error,
                         const app::AttendanceEntry* kept = nullptr,
                         std::int64_t kept_session = 0) {
  const auto csrf = csrf_token(req);
  nlohmann::json sessions = nlohmann::json::array();
  for (std::size_t i = 0; i < v.sessions.size(); ++i) {
    const auto& s = v.sessions[i];
    const bool started = i < v.session_started.size() && v.session_started[i];
    nlohmann::json people = nlohmann::json::array();
    int unrecorded = 0;
    for (const auto& p : v.participants) {
      const auto& cell = p.cells.at(i);
      unrecorded += cell.mark == AttendanceMark::Unrecorded;
      const bool is_kept =
          kept && kept->enrollment_id == p.enrollment_id && kept->session_id == s.id;
      std::string note = is_kept ? kept->note : cell.note;
      std::string minutes = cell.minutes_attended ? std::to_string(*cell.minutes_attended) : "";
      if (is_kept) minutes = kept_minutes_text(req);
      people.push_back({{"anchor", anchor(s.id, p.enrollment_id)},
                        {"enrollment_id", p.enrollment_id},
                        {"session_id", s.id},
                        {"name", p.name},
                        {"mark", cell_text(m, cell)},
                        {"mark_color", std::string(mark_color(cell.mark))},
                        {"present", cell.mark == AttendanceMark::Present},
                        {"absent", cell.mark == AttendanceMark::Absent},
                        {"excused", cell.mark == AttendanceMark::Excused},
                        {"partial", cell.mark == AttendanceMark::Partial},
                        {"unrecorded", cell.mark == AttendanceMark::Unrecorded},
                        {"note", note},
                        {"has_note", !note.empty()},
                        {"minutes", minutes},
                        {"session_minutes", session_minutes(s)},
                        {"kept_error", is_kept && error != nullptr},
                        {"warn", !p.completion.can_still_complete}});
    }
    const std::string topic =
        i < v.programme.items.size() ? v.programme.items[i].topic : std::string();
    sessions.push_back({{"number", i + 1},
                        {"id", s.id},
                        {"when", format_date_time(s.starts_at, zone, m)},
                        {"topic", topic},
                        {"has_topic", !topic.empty()},
                        {"started", started},
                        {"may_mark_all", v.may_record && started && unrecorded > 0},
                        {"mark_all_error", error != nullptr && kept_session == s.id},
                        {"people", people}});
  }
  nlohmann::json participants = nlohmann::json::array();
  nlohmann::json warnings = nlohmann::json::array();
  nlohmann::json requests = nlohmann::json::array();  // needs or an interpreter: said first
  for (const auto& p : v.participants) {
    const bool warn = !p.completion.can_still_complete;
    nlohmann::json referral;  // null: a public sign-up
    if (p.referral_date) {
      referral = {{"date", format_day(*p.referral_date, m)}, {"doctor", p.referring_doctor}};
      if (!p.referring_doctor_hpr.empty()) referral["hpr"] = p.referring_doctor_hpr;
    }
    nlohmann::json contact{{"email", p.email},
                           {"mobile", p.mobile},
                           {"tel", tel_uri(p.mobile)},
                           {"has_email", !p.email.empty()},
                           {"has_mobile", !p.mobile.empty()}};
    // Messages in another language than bokmål: staff writing to the
    // person should know (issue 13).
    if (p.language != "nb") {
      contact["language"] = std::string(language_name(p.language));
      contact["language_code"] = p.language;
    }
    if (p.has_requests())
      requests.push_back(
          {{"name", p.name}, {"interpreter", p.interpreter_language}, {"needs", p.needs}});
    participants.push_back({{"name", p.name},
                            {"contact", contact},
                            {"interpreter", p.interpreter_language},
                            {"needs", p.needs},
                            {"accompanies", p.accompanies},
                            {"has_requests", p.has_requests()},
                            {"referral", referral},
                            {"national_id", p.national_id},
                            {"kind", m.text("attendance.kind." + std::string(key_of(p.kind)))},
                            {"offered", p.status == EnrollmentStatus::Offered},
                            {"hours", hours_of(p.completion, m)},
                            {"excused_hours", p.completion.excused_minutes > 0
                                                  ? format_hours(p.completion.excused_minutes)
                                                  : std::string()},
                            {"completion", completion_text(p.completion, m)},
                            {"completed", p.completion.completed},
                            {"warn", warn}});
    if (warn) warnings.push_back({{"name", p.name}, {"hours", hours_of(p.completion, m)}});
  }
  nlohmann::json waiting = nlohmann::json::array();
  for (const auto& w : v.waiting_list)
    waiting.push_back({{"position", w.position}, {"name", w.name}});
  const int percent = v.completion.required_percent;
  nlohmann::json data{
      {"title", m.text("attendance.title") + " – " + v.course_title},
      {"course_title", v.course_title},
      {"content_lang_attr", lang_attr(v.course_text_language, m.language())},
      {"run_id", v.run_id},
      {"csrf", csrf},
      {"capacity", v.capacity},
      {"count", v.participants.size()},
      {"ids_shown", v.national_ids_shown},
      {"may_record", v.may_record},
      {"may_edit", v.may_edit},
      {"may_manage_waiting_list", v.may_manage_waiting_list},
      {"may_register", v.may_register},
      {"sessions", sessions},
      {"no_sessions", sessions.empty()},
      {"participants", participants},
      {"no_participants", participants.empty()},
      {"warnings", warnings},
      {"has_warnings", !warnings.empty()},
      {"requests", requests},
      {"has_requests", !requests.empty()},
      {"waiting", waiting},
      {"no_waiting", waiting.empty()},
      {"rule", with_share(m, "attendance.rule", percent)},
      {"warning_text", with_share(m, "attendance.warning_text", percent)},
      {"out_of_reach", with_share(m, "attendance.completion.out_of_reach", percent)}};
  if (error) {
    data["has_error"] = true;
    data["error"] = m.text(error->message_key);
    nlohmann::json fields = nlohmann::json::array();
    for (const auto& f : error->fields) fields.push_back({{"message", m.text(f.message_key)}});
    data["error_fields"] = fields;
  }
  return data;
}

// Header and one row per participant: name, what they wrote at sign-up
// (e-mail, mobile, interpreter, needs, whom a relative accompanies), a column
// per session (mark and note), attended hours, completion.
interop::Table attendance_table(const app::RunAttendance& v, const web::Messages& m,
                                const app::TimeZone& zone) {
  interop::Table t;
  t.title = m.text("attendance.export_sheet");
  t.header.push_back(m.text("attendance.col.name"));
  for (const char* key :
       {"attendance.col.email", "attendance.col.mobile", "attendance.col.interpreter",
        "attendance.col.needs", "attendance.col.accompanies"})
    t.header.push_back(m.text(key));
  for (std::size_t i = 0; i < v.sessions.size(); ++i)
    t.header.push_back(m.text("attendance.col.session") + " " + std::to_string(i + 1) + " (" +
                       format_short_date(v.sessions[i].starts_at, zone, m) + ")");
  t.header.push_back(m.text("attendance.col.hours"));
  t.header.push_back(m.text("attendance.col.completion"));
  for (const auto& p : v.participants) {
    std::vector<std::string> row{p.name,  p.email,      p.mobile, p.interpreter_language,
                                 p.needs, p.accompanies};
    for (const auto& c : p.cells)
      row.push_back(cell_text(m, c) + (c.note.empty() ? "" : " (" + c.note + ")"));
    row.push_back(format_hours(p.completion.attended_minutes) + " / " +
                  format_hours(p.completion.total_minutes));
    row.push_back(completion_text(p.completion, m));
    t.rows.push_back(std::move(row));
  }
  return t;
}

Response download(std::string body, std::string content_type, const std::string& filename) {
  Response r;
  r.status = 200;
  r.content_type = std::move(content_type);
  r.body = std::move(body);
  r.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + filename + "\"");
  r.personal_data = true;
  return r;
}

}  // namespace

void add_attendance_routes(RouteTable& routes, const Responder& r,
                           const app::AttendanceService& service) {
  const RouteAccess view_access{Audience::Staff, Action::ViewParticipants, "run"};
  const RouteAccess record_access{Audience::Staff, Action::RecordAttendance, "run"};

  routes.add(
      "GET", "/ansatt/gjennomforing/{id}",
      [&r, &service](const Request& req, const RouteMatch& m) {
        auto v = service.view(access_context(req), m.id());
        if (!v) return personal(r.error_html(req, v.error()));
        return personal(
            r.page(req, "staff_run", page_data(req, *v, r.messages(req), r.zone(), nullptr)));
      },
      view_access);

  routes.add(
      "POST", "/ansatt/gjennomforing/{id}/oppmote",
      [&r, &service](const Request& req, const RouteMatch& m) {
        QueryParams form;
        if (!parse_form(req.body, form))
          return personal(r.error_html(req, malformed("error.bad_request", "form")));
        app::AttendanceEntry entry;
        entry.enrollment_id = id_field(form, "enrollment");
        entry.session_id = id_field(form, "session");
        entry.note = field(form, "note");
        entry.mark = parse_key<AttendanceMark>(field(form, "mark"));
        entry.minutes = minutes_field(form);
        const auto who = access_context(req);
        auto done = service.record(who, m.id(), entry);
        if (done) {
          Response out = personal(Response::html(303, ""));
          out.headers.emplace_back(
              "Location", run_path(m.id()) + "#" + anchor(entry.session_id, entry.enrollment_id));
          return out;
        }
        const auto& err = done.error();
        if (err.code != ErrorCode::InvalidInput && err.code != ErrorCode::NotFound)
          return personal(r.error_html(req, err));
        // Show the page again with the problem (the view is itself audited).
        auto v = service.view(who, m.id());
        if (!v) return personal(r.error_html(req, v.error()));
        return personal(r.page(req, err, "staff_run",
                               page_data(req, *v, r.messages(req), r.zone(), &err, &entry)));
      },
      record_access);

  // "Mark all present" for one session: one POST (CSRF-checked by the
  // middleware like every staff form); the rule of what it marks is app's.
  routes.add(
      "POST", "/ansatt/gjennomforing/{id}/oppmote/alle",
      [&r, &service](const Request& req, const RouteMatch& m) {
        QueryParams form;
        if (!parse_form(req.body, form))
          return personal(r.error_html(req, malformed("error.bad_request", "form")));
        const auto session = id_field(form, "session");
        const auto who = access_context(req);
        auto done = service.mark_all_present(who, m.id(), session);
        if (done) {
          Response out = personal(Response::html(303, ""));
          out.headers.emplace_back("Location",
                                   run_path(m.id()) + "#session-" + std::to_string(session));
          return out;
        }
        const auto& err = done.error();
        if (err.code != ErrorCode::InvalidInput && err.code != ErrorCode::NotFound)
          return personal(r.error_html(req, err));
        auto v = service.view(who, m.id());
        if (!v) return personal(r.error_html(req, v.error()));
        return personal(
            r.page(req, err, "staff_run",
                   page_data(req, *v, r.messages(req), r.zone(), &err, nullptr, session)));
      },
      record_access);

  routes.add(
      "GET", "/ansatt/gjennomforing/{id}/oppmote.csv",
      [&r, &service](const Request& req, const RouteMatch& m) {
        auto v = service.view(access_context(req), m.id(), "run_export");
        if (!v) return personal(r.error_html(req, v.error()));
        return download(interop::to_csv(attendance_table(*v, r.messages(req), r.zone())),
                        "text/csv; charset=utf-8", "oppmote-" + std::to_string(m.id()) + ".csv");
      },
      view_access);

  routes.add(
      "GET", "/ansatt/gjennomforing/{id}/oppmote.xlsx",
      [&r, &service](const Request& req, const RouteMatch& m) {
        auto v = service.view(access_context(req), m.id(), "run_export");
        if (!v) return personal(r.error_html(req, v.error()));
        auto xlsx = interop::to_xlsx(attendance_table(*v, r.messages(req), r.zone()));
        if (!xlsx) return personal(r.error_html(req, xlsx.error()));
        return download(std::move(*xlsx),
                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                        "oppmote-" + std::to_string(m.id()) + ".xlsx");
      },
      view_access);
}

}  // namespace kursbase::http
