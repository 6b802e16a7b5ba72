#include "http/staff/audit_routes.hpp"

#include "http/core/form_view.hpp"
#include "http/core/formatting.hpp"
#include "http/middleware/csrf.hpp"
#include "http/middleware/staff_session.hpp"
#include "http/staff/audit_labels.hpp"
#include "interop/spreadsheet/attendance_export.hpp"

namespace kursbase::http {
namespace {

using Audience = RouteAccess::Audience;

constexpr int kPageRows = 50;
// A download holds at most this many entries (the newest); the file says so
// in its name when more matched.
constexpr int kExportRows = 1000;

// The criteria a form or query names. Dates are the auditor's local days
// (Europe/Oslo): from its midnight, to the midnight after the `to` day.
// `from_body`: the person's name and ID number are read only from a form
// body, so that a URL (history, proxy logs) never carries whom it is about.
Result<app::AuditSearch> parse_audit_search(const QueryParams& fields, const app::TimeZone& zone,
                                            bool from_body) {
  app::AuditSearch s;
  std::vector<FieldError> errors;
  auto id_param = [&](const char* name, std::optional<std::int64_t>& out) {
    const auto v = form_value(fields, name);
    if (v.empty()) return;
    out = positive_id(v);
    if (!out) errors.push_back({name, "audit.invalid_id"});
  };
  id_param("person", s.person_id);
  id_param("account", s.account_id);
  id_param("hf", s.health_trust_id);
  auto day_param = [&](const char* name, std::optional<Instant>& out, int add_days) {
    const auto v = form_value(fields, name);
    if (v.empty()) return;
    auto d = parse_day(v);
    if (!d) return errors.push_back({name, "audit.invalid_date"});
    out = local_midnight(zone, *d + std::chrono::days(add_days));
  };
  day_param("from", s.from, 0);
  day_param("to", s.to, 1);
  s.staff_name = form_value(fields, "staff_name");
  s.course_title = form_value(fields, "course");
  if (from_body) {
    s.person_name = form_value(fields, "person_name");
    s.national_id = form_value(fields, "national_id");
  }
  if (auto page = positive_id(form_value(fields, "side"))) {
    if (*page > 100000)
      errors.push_back({"side", "audit.invalid_id"});
    else
      s.offset = static_cast<int>((*page - 1) * kPageRows);
  }
  if (!errors.empty()) return malformed("audit.invalid_search", "audit query", errors);
  return s;
}

nlohmann::json audit_json(const store::AuditEntry& e) {
  auto opt = [](const std::optional<std::int64_t>& v) {
    return v ? nlohmann::json(*v) : nlohmann::json();
  };
  return {{"id", e.id},
          {"at", format_instant(e.at)},
          {"account_id", e.account_id},
          {"account_name", e.account_name},
          {"role", e.role},
          {"scope", e.scope},
          {"scope_id", opt(e.scope_id)},
          {"action", e.action},
          {"event", std::string(key_of(app::event_kind_of(e)))},
          {"route", e.route},
          {"object_type", e.object_type},
          {"object_id", e.object_id},
          {"person_id", opt(e.person_id)},
          {"person_name", e.person_name},
          {"course_title", e.course_title},
          {"health_trust_id", opt(e.health_trust_id)},
          {"client_address", e.client_address}};
}

std::string role_label(const web::Messages& m, const std::string& role) {
  return role.empty() ? std::string() : m.text("role." + role);
}

// What the row is about, in words: the course, or the kind of object.
std::string object_label(const web::Messages& m, const store::AuditEntry& e) {
  if (!e.course_title.empty()) return e.course_title;
  const std::string key = "audit.object." + e.object_type;
  return m.has(key) ? m.text(key) : e.object_type;
}

// One row as the page and the file show it.
struct RowText {
  std::string when, who, role, what, about, person, from;
};

RowText row_text(const store::AuditEntry& e, const web::Messages& m, const app::TimeZone& zone) {
  return {format_date_time(e.at, zone, m),
          e.account_name,
          role_label(m, e.role),
          audit_event_label(m, e.action, app::event_kind_of(e)),
          object_label(m, e),
          e.person_name.empty() && e.person_id ? m.text("audit.person_unnamed") : e.person_name,
          e.client_address};
}

// The form's fields as typed (the ID number too: it is in the page's body,
// which is personal data and never cached, as the results are).
nlohmann::json form_values(const QueryParams& fields) {
  nlohmann::json data;
  for (const char* name : {"person", "account", "hf", "from", "to", "person_name", "staff_name",
                           "course", "national_id"})
    data[name] = form_value(fields, name);
  return data;
}

Response audit_page(const Request& req, const Responder& r, const app::AuditLog& audit,
                    const QueryParams& fields, bool from_body) {
  const auto& m = r.messages(req);
  nlohmann::json data = form_values(fields);
  data["title"] = m.text("audit.title");
  data["csrf"] = csrf_token(req);
  data["narrowed_person"] = !form_value(fields, "person").empty();
  data["narrowed_account"] = !form_value(fields, "account").empty();
  auto query = parse_audit_search(fields, r.zone(), from_body);
  Error invalid = query ? Error{} : query.error();
  if (query) {
    query->limit = kPageRows;
    auto found = audit.search(access_context(req), *query);
    if (!found && found.error().code != ErrorCode::Malformed)
      return r.error_html(req, found.error());
    if (!found) {
      invalid = found.error();
    } else {
      nlohmann::json rows = nlohmann::json::array();
      for (const auto& e : found->entries) {
        const auto t = row_text(e, m, r.zone());
        rows.push_back({{"when", t.when},
                        {"who", t.who},
                        {"role", t.role},
                        {"action", t.what},
                        {"object", t.about},
                        {"person", t.person},
                        {"from", t.from}});
      }
      const int page = query->offset / kPageRows + 1;
      data["rows"] = rows;
      data["no_rows"] = rows.empty();
      data["page"] = page;
      data["first"] = query->offset + 1;
      data["last"] = query->offset + static_cast<int>(rows.size());
      if (page > 1) data["previous_page"] = page - 1;
      if (found->more) data["next_page"] = page + 1;
      data["paged"] = page > 1 || found->more;
      return personal(r.page(req, "staff_audit", data));
    }
  }
  nlohmann::json errors = nlohmann::json::array();
  for (const auto& f : invalid.fields)
    errors.push_back({{"field", f.field}, {"message", m.text(f.message_key)}});
  data["errors"] = errors;
  data["has_errors"] = true;
  return personal(r.page(req, invalid, "staff_audit", data));
}

Response audit_file(const Request& req, const Responder& r, const app::AuditLog& audit,
                    const QueryParams& fields) {
  const auto& m = r.messages(req);
  auto query = parse_audit_search(fields, r.zone(), true);
  if (!query) return audit_page(req, r, audit, fields, true);
  query->offset = 0;
  query->limit = kExportRows;
  query->is_export = true;
  auto found = audit.search(access_context(req), *query);
  if (!found) {
    if (found.error().code == ErrorCode::Malformed) return audit_page(req, r, audit, fields, true);
    return r.error_html(req, found.error());
  }
  interop::Table t;
  t.title = m.text("audit.title");
  t.header = {m.text("audit.col_when"),   m.text("audit.col_who"),    m.text("audit.col_role"),
              m.text("audit.col_action"), m.text("audit.col_object"), m.text("audit.col_person"),
              m.text("audit.col_from")};
  for (const auto& e : found->entries) {
    auto x = row_text(e, m, r.zone());
    t.rows.push_back({x.when, x.who, x.role, x.what, x.about, x.person, x.from});
  }
  Response out;
  out.status = 200;
  out.content_type = "text/csv; charset=utf-8";
  out.body = interop::to_csv(t);
  out.headers.emplace_back("Content-Disposition",
                           std::string("attachment; filename=\"") +
                               (found->more ? "tilgangslogg-utdrag.csv\"" : "tilgangslogg.csv\""));
  out.personal_data = true;
  return out;
}

}  // namespace

void add_audit_routes(RouteTable& routes, const Responder& r, const app::AuditLog& audit) {
  const RouteAccess audit_access{Audience::Staff, Action::SearchAudit, "audit_log"};

  routes.add(
      "GET", "/api/v1/audit",
      [&r, &audit](const Request& req, const RouteMatch&) {
        auto query = parse_audit_search(req.query, r.zone(), false);
        if (!query) return r.error_api(req, query.error());
        if (auto offset = positive_id(form_value(req.query, "offset")))
          query->offset = static_cast<int>(std::min<std::int64_t>(*offset, 1'000'000'000));
        if (auto limit = positive_id(form_value(req.query, "limit")))
          query->limit = static_cast<int>(std::min<std::int64_t>(*limit, 1000));
        auto found = audit.search(access_context(req), *query);
        if (!found) return r.error_api(req, found.error());
        nlohmann::json entries = nlohmann::json::array();
        for (const auto& e : found->entries) entries.push_back(audit_json(e));
        return personal(Response::json(200, {{"entries", entries}, {"more", found->more}}));
      },
      audit_access);

  routes.add(
      "GET", "/ansatt/logg",
      [&r, &audit](const Request& req, const RouteMatch&) {
        return audit_page(req, r, audit, req.query, false);
      },
      audit_access);

  routes.add(
      "POST", "/ansatt/logg",
      [&r, &audit](const Request& req, const RouteMatch&) {
        QueryParams fields;
        if (!parse_form(req.body, fields))
          return personal(r.error_html(req, malformed("error.bad_request", "form")));
        return audit_page(req, r, audit, fields, true);
      },
      audit_access);

  routes.add(
      "POST", "/ansatt/logg.csv",
      [&r, &audit](const Request& req, const RouteMatch&) {
        QueryParams fields;
        if (!parse_form(req.body, fields))
          return personal(r.error_html(req, malformed("error.bad_request", "form")));
        return audit_file(req, r, audit, fields);
      },
      audit_access);
}

}  // namespace kursbase::http
