#include "http/staff/staff_routes.hpp"

#include "http/catalogue/run_status_view.hpp"
#include "http/core/form_view.hpp"
#include "http/core/formatting.hpp"
#include "http/middleware/csrf.hpp"
#include "http/staff/audit_routes.hpp"

namespace kursbase::http {
namespace {

using Audience = RouteAccess::Audience;

nlohmann::json grants_json(const Actor& actor) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& g : actor.grants)
    out.push_back({{"role", key_of(g.role)},
                   {"scope", key_of(g.scope)},
                   {"scope_id",
                    g.scope == ScopeKind::Nation ? nlohmann::json() : nlohmann::json(g.scope_id)}});
  return out;
}

nlohmann::json sign_in_page(const Request& r, const web::Messages& m, const std::string& username,
                            const std::string& next, const Error* error, bool oidc = false) {
  nlohmann::json data{{"title", m.text("staff.sign_in_title")},
                      {"csrf", csrf_token(r)},
                      {"username", username},
                      {"next", next}};
  if (oidc) data["oidc_url"] = "/innlogging/oidc?neste=" + url_encode(next);
  if (error) data["error"] = m.text(error->message_key);
  if (r.param("utlogget")) data["signed_out"] = true;
  return data;
}

// ?vis=upcoming|this_month|needs_attention&q=words&side=N; anything else
// falls back to every run, the first page.
app::StaffHomeQuery parse_home_query(const Request& req) {
  app::StaffHomeQuery q;
  q.filter = parse_key<RunListFilter>(req.param("vis").value_or("")).value_or(RunListFilter::All);
  q.text = req.param("q").value_or("");
  if (auto page = positive_id(req.param("side").value_or(""))) q.page = static_cast<int>(*page);
  return q;
}

std::string home_link(const app::StaffHomeQuery& q, RunListFilter filter, int page) {
  std::string link = "/ansatt";
  char sep = '?';
  auto add = [&](const std::string& k, const std::string& v) {
    link += sep + k + "=" + url_encode(v);
    sep = '&';
  };
  if (filter != RunListFilter::All) add("vis", std::string(key_of(filter)));
  if (!q.text.empty()) add("q", q.text);
  if (page > 1) add("side", std::to_string(page));
  return link;
}

nlohmann::json run_line(const app::StaffRunLine& line, const web::Messages& m,
                        const app::TimeZone& zone) {
  const auto& run = line.run;
  const auto& o = line.overview;
  nlohmann::json attention = nlohmann::json::array();
  if (o.attendance_missing) attention.push_back(m.text("staff.attention.attendance_missing"));
  if (o.waiting_list) attention.push_back(m.text("staff.attention.waiting_list"));
  if (o.referrals_awaited) attention.push_back(m.text("staff.attention.referrals_awaited"));
  if (o.few_sign_ups)
    attention.push_back(m.text("staff.attention.few_sign_ups") + " (" +
                        m.text("staff.attention.minimum") + " " +
                        std::to_string(run.min_participants) + ")");
  // A run links to its attendance page only for those who may see its
  // participants (a user representative sees the course, not them).
  return {{"id", run.id},
          {"course_id", line.course_id},
          {"course_title", line.course_title},
          {"link", line.permissions.may_view_participants},
          {"when", run.first_start ? format_date(*run.first_start, zone, m)
                                   : m.text("staff.run_no_sessions")},
          {"status", m.text(status_label_key(o.status, run.waiting_list_enabled))},
          {"status_color", std::string(status_color(o.status))},
          {"status_key", std::string(key_of(o.status))},
          {"confirmed", run.confirmed},
          {"capacity", run.capacity},
          {"waitlisted", run.waitlisted},
          {"attention", attention},
          {"needs_attention", o.needs_attention()}};
}

nlohmann::json home_page(const Request& req, const app::StaffHome& home,
                         const app::StaffHomeQuery& query, const web::Messages& m,
                         const app::TimeZone& zone) {
  nlohmann::json grants = nlohmann::json::array();
  for (const auto& g : home.grants)
    grants.push_back({{"role", m.text("role." + std::string(key_of(g.grant.role)))},
                      {"scope", m.text("scope." + std::string(key_of(g.grant.scope)))},
                      {"scope_name", g.scope_name},
                      {"has_scope_name", !g.scope_name.empty()}});
  nlohmann::json runs = nlohmann::json::array();
  for (const auto& line : home.runs) runs.push_back(run_line(line, m, zone));
  nlohmann::json filters = nlohmann::json::array();
  for (const auto& [filter, key] : EnumKeys<RunListFilter>::kAll) {
    std::string label = m.text("staff.filter." + std::string(key));
    if (filter == RunListFilter::NeedsAttention)
      label += " (" + std::to_string(home.needs_attention) + ")";
    filters.push_back({{"href", home_link(query, filter, 1)},
                       {"label", label},
                       {"current", filter == query.filter}});
  }
  nlohmann::json data{{"title", m.text("staff.home_title")},
                      {"name", req.staff->actor.display_name},
                      {"grants", grants},
                      {"no_grants", grants.empty()},
                      {"runs", runs},
                      {"no_runs", runs.empty()},
                      {"filters", filters},
                      {"filter", std::string(key_of(query.filter))},
                      {"q", query.text},
                      {"matching", home.matching_runs},
                      {"total", home.total_runs},
                      {"page", home.page},
                      {"pages", home.pages},
                      {"paged", home.pages > 1},
                      {"auditor", home.may_search_audit},
                      {"csrf", csrf_token(req)}};
  if (query.filter != RunListFilter::All) data["filter_param"] = std::string(key_of(query.filter));
  if (home.page > 1) data["previous"] = home_link(query, query.filter, home.page - 1);
  if (home.page < home.pages) data["next"] = home_link(query, query.filter, home.page + 1);
  return data;
}

}  // namespace

void add_staff_routes(RouteTable& routes, const Responder& r, app::StaffAccounts& accounts,
                      const app::AuditLog& audit, const SessionCookieOptions& cookies,
                      bool oidc_sign_in) {
  routes.add("GET", "/innlogging", [&r, oidc_sign_in](const Request& req, const RouteMatch&) {
    const auto next = safe_return_path(req.param("neste").value_or(""));
    return r.page(req, "sign_in",
                  sign_in_page(req, r.messages(req), "", next, nullptr, oidc_sign_in));
  });

  routes.add(
      "POST", "/innlogging",
      [&r, &accounts, cookies, oidc_sign_in](const Request& req, const RouteMatch&) {
        QueryParams form;
        if (!parse_form(req.body, form))
          return r.error(req, malformed("error.bad_request", "form"));
        const auto username = form_value(form, "username");
        const auto next = safe_return_path(form_value(form, "neste"));
        auto started = accounts.sign_in(username, form_value(form, "password"), req.client_address);
        if (!started) {
          const auto& e = started.error();
          if (e.code != ErrorCode::Unauthenticated && e.code != ErrorCode::RateLimited)
            return r.error_html(req, e);
          // A RateLimited error carries its wait: the Responder sends it as Retry-After.
          return r.page(req, e, "sign_in",
                        sign_in_page(req, r.messages(req), username, next, &e, oidc_sign_in));
        }
        // A new session replaces any the browser had (no session fixation).
        if (req.staff) (void)accounts.sign_out(req.staff->token_hash);
        Response out = Response::html(303, "");
        out.headers.emplace_back("Location", next);
        out.headers.emplace_back("Set-Cookie", session_cookie(cookies, started->token));
        return out;
      });

  routes.add("POST", "/utlogging", [&r, &accounts, cookies](const Request& req, const RouteMatch&) {
    if (req.staff)
      if (auto st = accounts.sign_out(req.staff->token_hash); !st) return r.error(req, st.error());
    Response out = Response::html(303, "");
    out.headers.emplace_back("Location", "/innlogging?utlogget=1");
    out.headers.emplace_back("Set-Cookie", clear_session_cookie(cookies));
    return out;
  });

  const RouteAccess self{Audience::Staff, Action::ViewOwnAccount, "self"};

  routes.add(
      "GET", "/ansatt",
      [&r, &accounts](const Request& req, const RouteMatch&) {
        const auto& m = r.messages(req);
        const Actor& actor = req.staff->actor;
        const auto query = parse_home_query(req);
        auto home = accounts.home(actor, query, r.zone());
        if (!home) return r.error_html(req, home.error());
        return r.page(req, "staff_home", home_page(req, *home, query, m, r.zone()));
      },
      self);

  routes.add(
      "GET", "/api/v1/staff/me",
      [](const Request& req, const RouteMatch&) {
        const Actor& actor = req.staff->actor;
        return Response::json(200, {{"account_id", actor.account_id},
                                    {"display_name", actor.display_name},
                                    {"grants", grants_json(actor)}});
      },
      self);

  add_audit_routes(routes, r, audit);
}

}  // namespace kursbase::http
