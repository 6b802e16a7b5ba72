#include "http/enrollment/enrollment_routes.hpp"

#include <algorithm>
#include <charconv>

#include "domain/enrollment/sign_up_offer.hpp"
#include "http/catalogue/practical_info_view.hpp"
#include "http/core/errors.hpp"
#include "http/core/form_view.hpp"
#include "http/core/formatting.hpp"
#include "http/core/page_language.hpp"
#include "http/enrollment/private_link_cookie.hpp"
#include "http/middleware/csrf.hpp"
#include "http/public_pages/privacy_facts.hpp"
#include "http/staff/audit_labels.hpp"

namespace kursbase::http {
namespace {

using nlohmann::json;

// The form's fields in order, with how they are shown.
constexpr FormFieldSpec kFields[] = {
    {"name", "text", "name", true},
    {"email", "email", "email", false},
    {"mobile", "tel", "tel", false},
    {"kind", "radio", "", true},
    {"national_id", "text", "off", true, "numeric", "enrollment.national_id_help"},
    {"accompanies", "text", "off", false},
    {"interpreter_language", "text", "off", false},
    {"needs", "textarea", "off", false},
    {"language", "radio", "", false},
    {"relative_name", "text", "off", false},
    {"relative_email", "email", "off", false},
    {"relative_mobile", "tel", "off", false},
    {"consent", "checkbox", "", true},
};

// `page_language`: the participant's language when the form does not name
// one (a JSON client, or a form from before the field): the request's.
SignUpForm form_from(const QueryParams& fields, const std::string& page_language) {
  SignUpForm f;
  for (const auto& [k, v] : fields) {
    if (k == "name")
      f.name = v;
    else if (k == "email")
      f.email = v;
    else if (k == "mobile")
      f.mobile = v;
    else if (k == "kind")
      f.kind = v;
    else if (k == "national_id")
      f.national_id = v;
    else if (k == "accompanies")
      f.accompanies = v;
    else if (k == "interpreter_language")
      f.interpreter_language = v;
    else if (k == "needs")
      f.needs = v;
    else if (k == "language")
      f.language = v;
    else if (k == "consent")
      f.consent = v;
    else if (k == "relative_name")
      f.relative_name = v;
    else if (k == "relative_email")
      f.relative_email = v;
    else if (k == "relative_mobile")
      f.relative_mobile = v;
  }
  if (f.language.empty()) f.language = page_language;
  return f;
}

// The private-link pages speak the participant's language (issue 13) unless
// the visitor chose one: by the URL (the language switch, or ?lang= on the
// link) or before, in the cookie. A link opened on a phone that has never
// been here shows what the person asked for at sign-up, not the browser's.
Request in_participant_language(const Request& req, const app::EnrollmentView& v) {
  Request out = req;
  const bool chosen = req.language_from_url || (!req.cookie(kLanguageCookie).empty() &&
                                                req.cookie(kLanguageCookie) == req.language);
  if (!chosen) out.language = v.enrollment.language;
  return out;
}

// A JSON object of strings (consent may be a boolean) → form fields. False when
// the body is not a JSON object (Malformed); a member of another type is a field
// error in `wrong_type` (InvalidInput), as for the person-data API.
bool fields_from_json(const std::string& body, QueryParams& out,
                      std::vector<FieldError>& wrong_type) {
  const auto j = json::parse(body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return false;
  for (auto it = j.begin(); it != j.end(); ++it) {
    if (it->is_string())
      out.emplace_back(it.key(), it->get<std::string>());
    else if (it->is_boolean())
      out.emplace_back(it.key(), it->get<bool>() ? "1" : "");
    else if (!it->is_null())
      wrong_type.push_back({it.key(), "enrollment.error.not_text"});
  }
  return true;
}

// The course's title as the page's reader sees it (issue 13), marked with its
// language when that is not the page's.
json course_title_fields(const store::RunRecord& run, const web::Messages& m) {
  const CourseWording w = store::course_wording_for(run, m.language());
  return {{"course_title", w.title}, {"content_lang_attr", lang_attr(w.language, m.language())}};
}

json form_page(const Request& req, const app::SignUpFormInfo& info, const QueryParams& values,
               const Error* error, const web::Messages& m, const PrivacyFacts& privacy,
               std::string_view problem_key = {}) {
  json page = course_title_fields(info.run, m);
  page.update(
      {{"title", m.text("enrollment.title") + ": " + page["course_title"].get<std::string>()},
       {"run_url", "/gjennomforing/" + std::to_string(info.run.run.run.id)},
       {"action", "/gjennomforing/" + std::to_string(info.run.run.run.id) + "/pamelding"},
       {"csrf", csrf_token(req)}});
  page["course_url"] = "/kurs/" + std::to_string(info.run.course_id);
  if (!problem_key.empty()) page["problem"] = m.text(problem_key);
  if (!info.refusal_key.empty()) {
    page["refusal"] = m.text(info.refusal_key);
  } else {
    // Said before the person types anything (issue 12): a full run's sign-up
    // goes onto the waiting list, at this position as things stand.
    const auto offer =
        sign_up_offer(info.run.run.run, info.status, static_cast<int>(info.run.waitlisted));
    // A request for a referral course takes no seat and no place in line yet.
    if (info.referral_request) {
      page["referral_request"] = true;
    } else if (offer.option == SignUpOption::WaitingList) {
      page["waiting_list"] = true;
      page["waitlist_position"] = offer.waitlist_position;
    }
  }
  FormErrors errors;
  if (error) {
    errors = form_errors(*error, m);
    page["errors"] = errors.list;
    page["has_errors"] = !error->fields.empty();
    page["error_message"] = m.text(error->message_key);
    page["title"] = m.text("enrollment.error.form");
  }
  json fields = json::array();
  for (const auto& spec : kFields) {
    const std::string name = spec.name;
    if (name == "national_id" && !info.national_id_required) continue;
    if (name == "relative_name") {
      // The heading goes before the relative's fields: emit it on the field before.
      if (!fields.empty()) fields.back()["relative_heading"] = true;
    }
    fields.push_back(form_field(spec, m.text("enrollment." + name), values, errors, m));
    // The consent box states the configured retention, as /personvern does.
    if (name == "consent") fields.back()["consent"] = true;
  }
  page["fields"] = std::move(fields);
  add_privacy_facts(page, privacy);
  return page;
}

// The answer to every accepted sign-up, new or repeated (issue 11): which
// course someone attends is health data, so the answer must not tell whether
// the person was on the run already. Status and private link go to the
// contact on file by e-mail or SMS (EnrollmentService::sign_up).
json received_json(const web::Messages& m) {
  return {{"received", true}, {"message", m.text("enrollment.received")}};
}

json received_page(const app::SignUpFormInfo& info, const web::Messages& m) {
  json page = course_title_fields(info.run, m);
  page["title"] =
      m.text("enrollment.received_title") + ": " + page["course_title"].get<std::string>();
  page["run_url"] = "/gjennomforing/" + std::to_string(info.run.run.run.id);
  return page;
}

// When a visit was: "15. januar 2027 kl. 10.30", or with the end of a
// longer visit on the same day "15. januar 2027 kl. 10.30–10.42".
std::string visit_time(const AuditVisit& v, const app::TimeZone& zone, const web::Messages& m) {
  std::string out = format_date_time(v.first, zone, m);
  const auto end = format_clock(v.last, zone, m), start = format_clock(v.first, zone, m);
  if (end != start && format_date(v.first, zone, m) == format_date(v.last, zone, m))
    out += "–" + end;
  return out;
}

// Who looked at the person's data (issue 4), one entry per visit (issue 12):
// keys, times in Europe/Oslo; `at` is the visit's last row, `first_at` its first.
json access_log_json(const app::EnrollmentView& v, const app::TimeZone& zone) {
  json out = json::array();
  for (const auto& l : v.access_log)
    out.push_back({{"at", app::format_local_iso(zone, l.last)},
                   {"first_at", app::format_local_iso(zone, l.first)},
                   {"staff_name", l.staff_name},
                   {"role", l.role},
                   {"action", l.action},
                   {"event", std::string(key_of(l.kind))}});
  return out;
}

json enrollment_json(const app::EnrollmentView& v, const app::TimeZone& zone) {
  const auto& e = v.enrollment;
  json sessions = json::array();
  for (const auto& s : v.run.run.run.sessions)
    sessions.push_back(
        {{"starts_at", format_instant(s.starts_at)}, {"ends_at", format_instant(s.ends_at)}});
  return {
      {"id", e.id},
      {"run_id", e.run_id},
      {"course_title", v.run.course_title},
      {"status", std::string(key_of(e.status))},
      {"waitlist_position", e.waitlist_position ? json(*e.waitlist_position) : json(nullptr)},
      {"offer_expires_at",
       e.offer_expires_at ? json(format_instant(*e.offer_expires_at)) : json(nullptr)},
      {"kind", std::string(key_of(e.kind))},
      {"name", e.person.name},
      {"national_id", v.national_id_masked.empty() ? json(nullptr) : json(v.national_id_masked)},
      {"language", e.language},
      {"sessions", std::move(sessions)},
      {"access_log", access_log_json(v, zone)}};
}

// The page behind the private link, at the token-free /pamelding (the token
// rides in the cookie, private_link_cookie.hpp). Its forms name the enrollment
// they were shown for, so that a tab left open on another sign-up's page acts
// on nothing when a later link has replaced the cookie.
json manage_page(const Request& req, const app::EnrollmentView& v, const web::Messages& m,
                 const app::TimeZone& zone) {
  const auto& e = v.enrollment;
  const std::string base = "/pamelding";
  json sessions = json::array();
  for (const auto& s : v.run.run.run.sessions)
    sessions.push_back(
        {{"date", format_date(s.starts_at, zone, m)},
         {"time", format_clock(s.starts_at, zone, m) + "–" + format_clock(s.ends_at, zone, m)}});
  json page = course_title_fields(v.run, m);
  // A cancelled run outranks the person's own status: the seat, the place on
  // the waiting list or the offer are of a course that will not be held.
  const bool run_cancelled = v.run.run.run.state == RunState::Cancelled;
  const bool live = !run_cancelled && e.status != EnrollmentStatus::Cancelled;
  const std::string status = run_cancelled && e.status != EnrollmentStatus::Cancelled
                                 ? "run_cancelled"
                                 : std::string(key_of(e.status));
  page.update({{"title", m.text("enrollment.manage_title")},
               {"run_url", "/gjennomforing/" + std::to_string(e.run_id)},
               {"status", status},
               {"status_label", m.text("enrollment.status." + status)},
               {"run_cancelled", run_cancelled},
               {"name", e.person.name},
               {"sessions", std::move(sessions)},
               {"calendar_url", base + "/kalender.ics"},
               {"cancel_url", base + "/avmelding"},
               {"accept_url", base + "/takk-ja"},
               {"csrf", csrf_token(req)},
               {"enrollment_id", e.id},
               {"offered", live && e.status == EnrollmentStatus::Offered},
               {"awaiting_referral", live && e.status == EnrollmentStatus::AwaitingReferral},
               {"can_cancel", live}});
  // Cancelled by mistake: the way back, while the run still takes sign-ups.
  if (e.status == EnrollmentStatus::Cancelled &&
      sign_up_offer(v.run.run.run, run_status(v.run.run.run, v.run.run.confirmed, v.now),
                    static_cast<int>(v.run.waitlisted))
              .option != SignUpOption::None)
    page["sign_up_again_url"] = "/gjennomforing/" + std::to_string(e.run_id) + "/pamelding";
  if (!v.national_id_masked.empty()) page["national_id"] = v.national_id_masked;
  // Where, whom to ask and what to bring: what the person needs to come (issue 12).
  const Run& run = v.run.run.run;
  if (run.location) {
    page["location_name"] = run.location->name;
    page["location_address"] = run.location->address;
    page["location_postal"] = run.location->postal_code + " " + run.location->postal_place;
  }
  page["digital"] = run.digital;
  page["practical"] = practical_lines(v.practical, m);
  page["organiser"] = v.organiser;
  page["contact_email"] = v.contact_email;
  page["contact_phone"] = v.contact_phone;
  page["contact_phone_uri"] = tel_uri(v.contact_phone);
  page["has_contact"] = !v.contact_email.empty() || !v.contact_phone.empty();
  json access_log = json::array();
  for (const auto& l : v.access_log)
    access_log.push_back({{"when", visit_time(l, zone, m)},
                          {"staff_name", l.staff_name},
                          {"role", l.role.empty() ? "" : m.text("role." + l.role)},
                          {"what", audit_event_label(m, l.action, l.kind)}});
  page["has_access_log"] = !access_log.empty();
  page["access_log"] = std::move(access_log);
  if (live && e.waitlist_position) page["position"] = *e.waitlist_position;
  if (live && e.offer_expires_at)
    page["offer_deadline"] = format_date_time(*e.offer_expires_at, zone, m);
  return page;
}

// "Do you want to cancel?", with what happens to the seat (issue 12): asked
// once, on a page of its own, so that a slip of the finger cancels nothing.
json cancel_page(const Request& req, const app::EnrollmentView& v, const web::Messages& m) {
  const auto& e = v.enrollment;
  std::string consequence = "enrollment.cancel_confirm.confirmed";
  if (e.status == EnrollmentStatus::Waitlisted)
    consequence = "enrollment.cancel_confirm.waitlisted";
  else if (e.status == EnrollmentStatus::AwaitingReferral)
    consequence = "enrollment.cancel_confirm.awaiting_referral";
  else if (v.run.waitlisted > 0)
    consequence = "enrollment.cancel_confirm.seat_to_next";
  json page = course_title_fields(v.run, m);
  page.update({{"title", m.text("enrollment.cancel_confirm.title") + ": " +
                             page["course_title"].get<std::string>()},
               {"run_url", "/gjennomforing/" + std::to_string(e.run_id)},
               {"consequence", m.text(consequence)},
               {"cancel_url", "/pamelding/avmelding"},
               {"csrf", csrf_token(req)},
               {"enrollment_id", e.id}});
  if (e.waitlist_position) page["position"] = *e.waitlist_position;
  return page;
}

Response calendar_response(std::string ics) {
  Response r;
  r.status = 200;
  r.content_type = "text/calendar; charset=utf-8";
  r.body = std::move(ics);
  r.headers.emplace_back("Content-Disposition", "attachment; filename=\"kurs.ics\"");
  r.personal_data = true;
  return r;
}

// What was typed, but not the national ID number: a form shown again after a
// problem that was not about the form (expired, rate-limited) keeps the rest,
// and the ID number is never written back into a page it was not checked on.
QueryParams without_national_id(QueryParams fields) {
  fields.erase(std::remove_if(fields.begin(), fields.end(),
                              [](const auto& f) { return f.first == "national_id"; }),
               fields.end());
  return fields;
}

}  // namespace

std::function<std::optional<Response>(const Request&)> sign_up_form_again(
    const Responder& r, app::EnrollmentService& service, const PrivacyFacts& privacy) {
  return [&r, &service, privacy](const Request& req) -> std::optional<Response> {
    static const std::string prefix = "/gjennomforing/", suffix = "/pamelding";
    const auto& p = req.path;
    if (req.method != "POST" || p.size() <= prefix.size() + suffix.size() ||
        p.compare(0, prefix.size(), prefix) != 0 ||
        p.compare(p.size() - suffix.size(), suffix.size(), suffix) != 0)
      return std::nullopt;
    const std::string digits = p.substr(prefix.size(), p.size() - prefix.size() - suffix.size());
    RunId id = 0;
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), id);
    if (ec != std::errc{} || end != digits.data() + digits.size() || id <= 0) return std::nullopt;
    QueryParams fields;
    if (!parse_form(req.body, fields)) return std::nullopt;
    auto info = service.form_info(id);
    if (!info) return std::nullopt;
    const Error expired{ErrorCode::Forbidden, "access.csrf", "expired sign-up form"};
    return r.page(req, expired, "enrollment_form",
                  form_page(req, *info, without_national_id(std::move(fields)), nullptr,
                            r.messages(req), privacy, "enrollment.error.form_expired"));
  };
}

void add_enrollment_routes(RouteTable& routes, const Responder& r, app::EnrollmentService& service,
                           const SessionCookieOptions& cookies, const PrivacyFacts& privacy) {
  using Audience = RouteAccess::Audience;
  const RouteAccess token_route{Audience::Token, std::nullopt, ""};

  routes.add("GET", "/gjennomforing/{id}/pamelding",
             [&r, &service, privacy](const Request& req, const RouteMatch& m) {
               auto info = service.form_info(m.id());
               if (!info) return r.error_html(req, info.error());
               return r.page(req, "enrollment_form",
                             form_page(req, *info, {}, nullptr, r.messages(req), privacy));
             });

  routes.add(
      "POST", "/gjennomforing/{id}/pamelding",
      [&r, &service, privacy](const Request& req, const RouteMatch& m) {
        QueryParams fields;
        if (!parse_form(req.body, fields))
          return r.error_html(req, malformed("error.bad_request", "bad form body"));
        auto answer = service.sign_up(m.id(), form_from(fields, req.language), req.client_address);
        // The same page for a new and a repeated sign-up (received_json).
        if (answer)
          return see_other("/gjennomforing/" + std::to_string(m.id()) + "/pamelding/mottatt");
        const auto& err = answer.error();
        auto info = service.form_info(m.id());
        if (!info) return r.error_html(req, info.error());
        if (err.code == ErrorCode::InvalidInput)
          return r.page(req, err, "enrollment_form",
                        form_page(req, *info, fields, &err, r.messages(req), privacy));
        if (err.code == ErrorCode::Conflict) {
          info->refusal_key = err.message_key;
          return r.page(req, err, "enrollment_form",
                        form_page(req, *info, fields, nullptr, r.messages(req), privacy));
        }
        // Too many sign-ups from here: the form again, as typed, with why (429).
        if (err.code == ErrorCode::RateLimited)
          return r.page(req, err, "enrollment_form",
                        form_page(req, *info, without_national_id(fields), nullptr, r.messages(req),
                                  privacy, err.message_key));
        return r.error_html(req, err);
      });

  // Where the form leads: "check your e-mail or SMS". Nothing personal, so
  // the run may have closed since; an unknown run is a 404 as for the form.
  routes.add("GET", "/gjennomforing/{id}/pamelding/mottatt",
             [&r, &service](const Request& req, const RouteMatch& m) {
               auto info = service.form_info(m.id());
               if (!info) return r.error_html(req, info.error());
               return r.page(req, "enrollment_received", received_page(*info, r.messages(req)));
             });

  // The link from a mail or SMS: exchanged for the cookie, on to /pamelding.
  // An unknown token sets nothing and gets the 404 page as before.
  routes.add(
      "GET", "/pamelding/{token}",
      [&r, &service, cookies](const Request& req, const RouteMatch& m) {
        auto v = service.view(m.params[0]);
        if (!v) return r.error_html(req, v.error());
        Response out = see_other("/pamelding");
        out.headers.emplace_back("Set-Cookie", private_link_cookie(cookies, m.params[0]));
        return personal(std::move(out));
      },
      token_route);

  // The token of the cookie, or NotFound "open the link again" without one.
  const std::string cookie = private_link_cookie_name(cookies);
  auto token_of = [cookie](const Request& req) -> Result<std::string> {
    std::string token = req.cookie(cookie);
    if (token.empty()) return not_found("enrollment.error.open_link", "no private link cookie");
    return token;
  };
  // A form's enrollment must be the cookie's (see manage_page).
  auto form_target = [&service, token_of](const Request& req) -> Result<std::string> {
    auto token = token_of(req);
    if (!token) return token.error();
    QueryParams fields;
    if (!parse_form(req.body, fields)) return malformed("error.bad_request", "bad form body");
    std::string shown;
    for (const auto& [k, v] : fields)
      if (k == "pamelding") shown = v;
    auto v = service.view(*token);
    if (!v) return v.error();
    if (shown != std::to_string(v->enrollment.id))
      return conflict("enrollment.error.other_link", "form of another enrollment");
    return token;
  };
  // A cookie whose enrollment is gone (erased, or the token was never valid) is cleared.
  auto refused = [&r, cookies](const Request& req, const Error& e) {
    Response out = r.error_html(req, e);
    if (e.code == ErrorCode::NotFound)
      out.headers.emplace_back("Set-Cookie", clear_private_link_cookie(cookies));
    return out;
  };

  routes.add(
      "GET", "/pamelding",
      [&r, &service, token_of, refused](const Request& req, const RouteMatch&) {
        auto token = token_of(req);
        if (!token) return refused(req, token.error());
        auto v = service.view(*token);
        if (!v) return refused(req, v.error());
        const Request page = in_participant_language(req, *v);
        return personal(
            r.page(page, "enrollment_manage", manage_page(page, *v, r.messages(page), r.zone())));
      },
      token_route);

  // The question before a cancellation; the answer is the POST below.
  routes.add(
      "GET", "/pamelding/avmelding",
      [&r, &service, token_of, refused](const Request& req, const RouteMatch&) {
        auto token = token_of(req);
        if (!token) return refused(req, token.error());
        auto v = service.view(*token);
        if (!v) return refused(req, v.error());
        if (v->enrollment.status == EnrollmentStatus::Cancelled ||
            v->run.run.run.state == RunState::Cancelled)
          return see_other("/pamelding");
        const Request page = in_participant_language(req, *v);
        return personal(r.page(page, "enrollment_cancel", cancel_page(page, *v, r.messages(page))));
      },
      token_route);

  // The page's two forms: the use case on the cookie's enrollment, then back to the page.
  using FormAction = Result<app::EnrollmentView> (app::EnrollmentService::*)(const std::string&);
  for (const auto& [path, action] :
       {std::pair<const char*, FormAction>{"/pamelding/avmelding", &app::EnrollmentService::cancel},
        std::pair<const char*, FormAction>{"/pamelding/takk-ja",
                                           &app::EnrollmentService::accept_offer}})
    routes.add(
        "POST", path,
        [&service, form_target, refused, action = action](const Request& req, const RouteMatch&) {
          auto token = form_target(req);
          if (!token) return refused(req, token.error());
          auto v = (service.*action)(*token);
          if (!v) return refused(req, v.error());
          return see_other("/pamelding");
        },
        token_route);

  routes.add(
      "GET", "/pamelding/kalender.ics",
      [&service, token_of, refused](const Request& req, const RouteMatch&) {
        auto token = token_of(req);
        if (!token) return refused(req, token.error());
        auto ics = service.calendar(*token);
        if (!ics) return refused(req, ics.error());
        return calendar_response(std::move(*ics));
      },
      token_route);

  // JSON API (docs/openapi.yaml).
  routes.add("POST", "/api/v1/runs/{id}/enrollments",
             [&r, &service](const Request& req, const RouteMatch& m) {
               QueryParams fields;
               std::vector<FieldError> wrong_type;
               if (!fields_from_json(req.body, fields, wrong_type))
                 return r.error_api(req, malformed("enrollment.error.bad_json", "bad JSON body"));
               if (!wrong_type.empty())
                 return r.error_api(req, invalid_input("enrollment.error.form", "JSON member types",
                                                       std::move(wrong_type)));
               auto answer =
                   service.sign_up(m.id(), form_from(fields, req.language), req.client_address);
               if (!answer) return r.error_api(req, answer.error());
               return Response::json(202, received_json(r.messages(req)));
             });

  routes.add(
      "GET", "/api/v1/enrollments/{token}",
      [&r, &service](const Request& req, const RouteMatch& m) {
        auto v = service.view(m.params[0]);
        if (!v) return r.error_api(req, v.error());
        return personal(Response::json(200, enrollment_json(*v, r.zone())));
      },
      token_route);

  routes.add(
      "POST", "/api/v1/enrollments/{token}/cancel",
      [&r, &service](const Request& req, const RouteMatch& m) {
        auto v = service.cancel(m.params[0]);
        if (!v) return r.error_api(req, v.error());
        return personal(Response::json(200, enrollment_json(*v, r.zone())));
      },
      token_route);

  routes.add(
      "POST", "/api/v1/enrollments/{token}/accept",
      [&r, &service](const Request& req, const RouteMatch& m) {
        auto v = service.accept_offer(m.params[0]);
        if (!v) return r.error_api(req, v.error());
        return personal(Response::json(200, enrollment_json(*v, r.zone())));
      },
      token_route);

  routes.add(
      "GET", "/api/v1/enrollments/{token}/calendar.ics",
      [&r, &service](const Request& req, const RouteMatch& m) {
        auto ics = service.calendar(m.params[0]);
        if (!ics) return r.error_api(req, ics.error());
        return calendar_response(std::move(*ics));
      },
      token_route);
}

}  // namespace kursbase::http
