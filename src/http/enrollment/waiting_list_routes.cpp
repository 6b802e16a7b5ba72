#include "http/enrollment/waiting_list_routes.hpp"

#include <charconv>
#include <functional>
#include <map>

#include "http/core/form_view.hpp"
#include "http/core/formatting.hpp"
#include "http/core/page_language.hpp"
#include "http/middleware/csrf.hpp"
#include "http/middleware/staff_session.hpp"

namespace kursbase::http {
namespace {

using Audience = RouteAccess::Audience;
using nlohmann::json;

std::string list_path(RunId id) {
  return "/ansatt/gjennomforing/" + std::to_string(id) + "/venteliste";
}

// Which form was sent, with what, and what went wrong, to show it again.
struct Posted {
  std::string form;  // "move", "cancel", "referral", "capacity", "mode"
  std::int64_t enrollment = 0;
  QueryParams values;
  const Error* error = nullptr;
};

// The id of a form field on the page, the target of the error summary's link.
std::string field_id(const Posted& p, const std::string& name) {
  if (p.form == "move" || p.form == "cancel" || p.form == "referral") {
    if (name == "enrollment" || p.enrollment == 0) return "waiting-heading";
    return p.form + "-" + std::to_string(p.enrollment) + "-" + name;
  }
  if (p.form == "mode") return name == "mode" ? "mode-automatic" : "hours";
  return "capacity";
}

std::string error_of(const Posted& p, const std::string& form, std::int64_t enrollment,
                     const std::string& name, const web::Messages& m) {
  if (!p.error || p.form != form || p.enrollment != enrollment) return {};
  for (const auto& f : p.error->fields)
    if (f.field == name) return m.text(f.message_key);
  return {};
}

std::string value_of(const Posted& p, const std::string& form, std::int64_t enrollment,
                     const std::string& name) {
  if (p.form != form || p.enrollment != enrollment) return {};
  return form_value(p.values, name);
}

json person_json(const app::RunPerson& person, const Posted& p, const web::Messages& m,
                 const app::TimeZone& zone) {
  const auto id = person.enrollment_id;
  json history = json::array();
  for (const auto& h : person.history) {
    json line{{"from", h.from_position},
              {"to", h.to_position},
              {"reason", h.reason},
              {"when", format_date_time(h.moved_at, zone, m)}};
    if (!h.moved_by.empty()) line["by"] = h.moved_by;  // sections: an empty string is truthy
    history.push_back(std::move(line));
  }
  json out{{"id", id},
           {"name", person.name},
           {"kind", m.text("attendance.kind." + std::string(key_of(person.kind)))},
           {"status", m.text("waiting_list.status." + std::string(key_of(person.status)))},
           {"offered", person.status == EnrollmentStatus::Offered},
           {"referral", person.source == EnrollmentSource::Staff && person.referral_date},
           {"referring_doctor", person.referring_doctor},
           {"history", history},
           {"has_history", !history.empty()}};
  if (!person.referring_doctor_hpr.empty()) out["hpr"] = person.referring_doctor_hpr;
  if (person.position) out["position"] = *person.position;
  if (person.offer_expires)
    out["offer_deadline"] = format_date_time(*person.offer_expires, zone, m);
  if (person.referral_date) out["referral_date"] = format_day(*person.referral_date, m);
  for (const std::string form : {"move", "cancel"}) {
    for (const std::string name : {"position", "reason"}) {
      const auto error = error_of(p, form, id, name, m);
      out[form + "_" + name + "_value"] = value_of(p, form, id, name);
      if (!error.empty()) out[form + "_" + name + "_error"] = error;
    }
  }
  for (const std::string name : {"referral_date", "referring_doctor", "referring_doctor_hpr"}) {
    const auto error = error_of(p, "referral", id, name, m);
    out["referral_" + name + "_value"] = value_of(p, "referral", id, name);
    if (!error.empty()) out["referral_" + name + "_error"] = error;
  }
  out["open"] = p.error && (p.form == "move" || p.form == "cancel") && p.enrollment == id;
  out["referral_open"] = p.error && p.form == "referral" && p.enrollment == id;
  return out;
}

json list_page(const Request& req, const app::WaitingListView& v, const Posted& p,
               const web::Messages& m, const app::TimeZone& zone) {
  json participants = json::array();
  for (const auto& person : v.participants) participants.push_back(person_json(person, p, m, zone));
  json waiting = json::array();
  for (const auto& person : v.waiting) waiting.push_back(person_json(person, p, m, zone));
  json awaiting = json::array();
  for (const auto& person : v.awaiting_referral)
    awaiting.push_back(person_json(person, p, m, zone));
  const bool offer = v.promotion_mode == PromotionMode::Offer;
  json data{{"title", m.text("waiting_list.title") + " – " + v.course_title},
            {"course_title", v.course_title},
            {"content_lang_attr", lang_attr(v.course_text_language, m.language())},
            {"run_id", v.run_id},
            {"csrf", csrf_token(req)},
            {"capacity", v.capacity},
            {"seats_taken", v.seats_taken},
            {"participants", participants},
            {"no_participants", participants.empty()},
            {"waiting", waiting},
            {"no_waiting", waiting.empty()},
            {"has_awaiting", !awaiting.empty()},
            {"awaiting", awaiting},
            {"waiting_list_enabled", v.waiting_list_enabled},
            {"mode_automatic", !offer},
            {"mode_offer", offer},
            {"hours", std::to_string(v.offer_reply_hours)},
            {"capacity_value", std::to_string(v.capacity)},
            {"may_register", v.may_register}};
  if (p.error) {
    json errors = json::array();
    for (const auto& f : p.error->fields)
      errors.push_back({{"target", field_id(p, f.field)}, {"message", m.text(f.message_key)}});
    if (errors.empty())
      errors.push_back({{"target", "main"}, {"message", m.text(p.error->message_key)}});
    data["has_errors"] = true;
    data["error_message"] = m.text(p.error->message_key);
    data["errors"] = errors;
    data["title"] = m.text(p.error->message_key) + " – " + v.course_title;
    if (p.form == "capacity") {
      data["capacity_value"] = form_value(p.values, "capacity");
      if (auto e = error_of(p, "capacity", 0, "capacity", m); !e.empty())
        data["capacity_error"] = e;
    } else if (p.form == "mode") {
      const auto mode = form_value(p.values, "mode");
      data["mode_automatic"] = mode == "automatic";
      data["mode_offer"] = mode == "offer";
      data["hours"] = form_value(p.values, "hours");
      if (auto e = error_of(p, "mode", 0, "mode", m); !e.empty()) data["mode_error"] = e;
      if (auto e = error_of(p, "mode", 0, "hours", m); !e.empty()) data["hours_error"] = e;
    }
  } else if (auto done = req.param("endret")) {
    static const std::map<std::string, std::string> kDone{
        {"flyttet", "waiting_list.done.moved"},
        {"plasser", "waiting_list.done.capacity"},
        {"plasser-opprykk", "waiting_list.done.capacity_promoted"},
        {"opprykk", "waiting_list.done.mode"},
        {"avmeldt", "waiting_list.done.cancelled"},
        {"registrert", "waiting_list.done.registered"},
        {"henvisning-plass", "waiting_list.done.referral_seat"},
        {"henvisning-venteliste", "waiting_list.done.referral_waiting"}};
    if (auto it = kDone.find(*done); it != kDone.end()) data["done"] = m.text(it->second);
  }
  return data;
}

// The answer to a waiting-list POST: 303 back on success, else the page again
// with the problem (the view is itself audited) and the error's status.
Response after_change(const Responder& r, const app::WaitingListService& service,
                      const Request& req, RunId run_id, const Result<app::WaitingListOutcome>& done,
                      Posted posted, const std::string& done_key) {
  if (done) {
    std::string location = list_path(run_id) + "?endret=" + done_key;
    if (done_key == "plasser" && done->promoted > 0) location += "-opprykk";
    if (done_key == "henvisning") location += done->promoted > 0 ? "-plass" : "-venteliste";
    if (posted.enrollment) location += "#e" + std::to_string(posted.enrollment);
    return personal(see_other(location));
  }
  const auto& err = done.error();
  if (err.code != ErrorCode::InvalidInput) return personal(r.error_html(req, err));
  auto v = service.view(access_context(req), run_id);
  if (!v) return personal(r.error_html(req, v.error()));
  posted.error = &err;
  return personal(r.page(req, err, "staff_waiting_list",
                         list_page(req, *v, posted, r.messages(req), r.zone())));
}

std::int64_t id_of(const std::string& text) {
  std::int64_t v = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  return ec == std::errc{} && p == text.data() + text.size() && v > 0 ? v : 0;
}

// ---- registration from a referral ----

// The referral form's fields: the person's, then the referral's.
struct ReferralField {
  FormFieldSpec spec;
  bool referral;  // in the referral fieldset, else the person's
};
constexpr ReferralField kReferralFields[] = {
    {{"name", "text", "off", true}, false},
    {{"email", "email", "off", false}, false},
    {{"mobile", "tel", "off", false}, false},
    {{"kind", "radio", "", true}, false},
    {{"national_id", "text", "off", true, "numeric", "referral.field.national_id_help"}, false},
    {{"accompanies", "text", "off", false}, false},
    {{"interpreter_language", "text", "off", false}, false},
    {{"needs", "textarea", "off", false}, false},
    {{"language", "radio", "", false}, false},
    {{"referral_date", "date", "off", true, "", "referral.field.referral_date_help"}, true},
    {{"referring_doctor", "text", "off", true}, true},
    {{"referring_doctor_hpr", "text", "off", false, "numeric"}, true},
};

SignUpForm sign_up_form(const QueryParams& fields) {
  SignUpForm f;
  f.name = form_value(fields, "name");
  f.email = form_value(fields, "email");
  f.mobile = form_value(fields, "mobile");
  f.kind = form_value(fields, "kind");
  f.national_id = form_value(fields, "national_id");
  f.accompanies = form_value(fields, "accompanies");
  f.interpreter_language = form_value(fields, "interpreter_language");
  f.needs = form_value(fields, "needs");
  f.language = form_value(fields, "language");
  f.referral_date = form_value(fields, "referral_date");
  f.referring_doctor = form_value(fields, "referring_doctor");
  return f;
}

json referral_page(const Request& req, const app::ReferralFormInfo& info, const QueryParams& values,
                   const Error* error, const web::Messages& m) {
  json page{{"title", m.text("referral.title") + ": " + info.course_title},
            {"course_title", info.course_title},
            {"content_lang_attr", lang_attr(info.course_text_language, m.language())},
            {"run_id", info.run_id},
            {"capacity", info.capacity},
            {"seats_taken", info.seats_taken},
            {"csrf", csrf_token(req)}};
  FormErrors errors;
  if (error) {
    errors = form_errors(*error, m);
    if (error->fields.empty())
      errors.list.push_back({{"field", "name"}, {"message", m.text(error->message_key)}});
    page["errors"] = errors.list;
    page["has_errors"] = true;
    page["error_message"] = m.text(error->message_key);
    page["title"] = m.text(error->message_key) + " – " + info.course_title;
  }
  json person = json::array(), referral = json::array();
  for (const auto& [spec, in_referral] : kReferralFields) {
    const std::string name = spec.name;
    if (name == "national_id" && !info.national_id_required) continue;
    (in_referral ? referral : person)
        .push_back(form_field(spec, m.text("referral.field." + name), values, errors, m,
                              // the participant's language: bokmål until staff choose,
                              // whatever the language of their own pages
                              /*radio_default_first=*/true));
  }
  page["groups"] =
      json::array({{{"legend", m.text("referral.person_legend")}, {"fields", person}},
                   {{"legend", m.text("referral.referral_legend")}, {"fields", referral}}});
  return page;
}

}  // namespace

void add_waiting_list_routes(RouteTable& routes, const Responder& r,
                             const app::WaitingListService& service,
                             const app::ReferralService& referrals) {
  const RouteAccess manage{Audience::Staff, Action::ManageWaitingList, "run"};
  const RouteAccess registration{Audience::Staff, Action::RegisterParticipant, "run"};
  const std::string base = "/ansatt/gjennomforing/{id}";

  routes.add(
      "GET", base + "/venteliste",
      [&r, &service](const Request& req, const RouteMatch& m) {
        auto v = service.view(access_context(req), m.id());
        if (!v) return personal(r.error_html(req, v.error()));
        return personal(
            r.page(req, "staff_waiting_list", list_page(req, *v, {}, r.messages(req), r.zone())));
      },
      manage);

  // Every POST: parse the form, call one use case, answer by after_change().
  auto post = [&](const std::string& path, const std::string& form_name,
                  const std::string& done_key,
                  std::function<Result<app::WaitingListOutcome>(const app::AccessContext&, RunId,
                                                                const QueryParams&)>
                      call,
                  const RouteAccess& access) {
    routes.add(
        "POST", base + path,
        [&r, &service, form_name, done_key, call](const Request& req, const RouteMatch& m) {
          Posted posted;
          posted.form = form_name;
          if (!parse_form(req.body, posted.values))
            return personal(r.error_html(req, malformed("error.bad_request", "form")));
          posted.enrollment = id_of(form_value(posted.values, "enrollment"));
          auto done = call(access_context(req), m.id(), posted.values);
          return after_change(r, service, req, m.id(), done, std::move(posted), done_key);
        },
        access);
  };
  post(
      "/venteliste/flytt", "move", "flyttet",
      [&service](const app::AccessContext& who, RunId run, const QueryParams& f) {
        return service.move(
            who, run,
            {form_value(f, "enrollment"), form_value(f, "position"), form_value(f, "reason")});
      },
      manage);
  post(
      "/venteliste/kapasitet", "capacity", "plasser",
      [&service](const app::AccessContext& who, RunId run, const QueryParams& f) {
        return service.set_capacity(who, run, form_value(f, "capacity"));
      },
      manage);
  post(
      "/venteliste/opprykk", "mode", "opprykk",
      [&service](const app::AccessContext& who, RunId run, const QueryParams& f) {
        return service.set_promotion_mode(who, run,
                                          {form_value(f, "mode"), form_value(f, "hours")});
      },
      manage);
  // A request's referral has come: the same right as registering from one.
  post(
      "/venteliste/henvisning", "referral", "henvisning",
      [&service](const app::AccessContext& who, RunId run,
                 const QueryParams& f) -> Result<app::WaitingListOutcome> {
        auto ch = service.confirm_referral(
            who, run,
            {form_value(f, "enrollment"), form_value(f, "referral_date"),
             form_value(f, "referring_doctor"), form_value(f, "referring_doctor_hpr")});
        if (!ch) return ch.error();
        // `promoted`: 1 when the person got a seat, 0 when the waiting list (the page says which).
        const bool seat = ch->changed && holds_seat(ch->changed->status);
        return app::WaitingListOutcome{seat ? 1 : 0, ch->no_op};
      },
      registration);
  post(
      "/venteliste/avmelding", "cancel", "avmeldt",
      [&service](const app::AccessContext& who, RunId run, const QueryParams& f) {
        return service.cancel(who, run, {form_value(f, "enrollment"), form_value(f, "reason")});
      },
      manage);

  routes.add(
      "GET", base + "/henvisning",
      [&r, &referrals](const Request& req, const RouteMatch& m) {
        auto info = referrals.form_info(access_context(req), m.id());
        if (!info) return personal(r.error_html(req, info.error()));
        return personal(
            r.page(req, "staff_referral", referral_page(req, *info, {}, nullptr, r.messages(req))));
      },
      registration);

  routes.add(
      "POST", base + "/henvisning",
      [&r, &referrals](const Request& req, const RouteMatch& m) {
        QueryParams fields;
        if (!parse_form(req.body, fields))
          return personal(r.error_html(req, malformed("error.bad_request", "form")));
        const auto who = access_context(req);
        auto answer = referrals.register_person(who, m.id(), sign_up_form(fields),
                                                form_value(fields, "referring_doctor_hpr"));
        if (answer)
          return personal(
              see_other(list_path(m.id()) + "?endret=registrert#e" + std::to_string(answer->id)));
        const auto& err = answer.error();
        if (err.code != ErrorCode::InvalidInput && err.code != ErrorCode::Conflict)
          return personal(r.error_html(req, err));
        auto info = referrals.form_info(who, m.id());
        if (!info) return personal(r.error_html(req, info.error()));
        return personal(r.page(req, err, "staff_referral",
                               referral_page(req, *info, fields, &err, r.messages(req))));
      },
      registration);
}

}  // namespace kursbase::http
