#include "http/privacy/person_data_routes.hpp"

#include <nlohmann/json.hpp>

#include "http/middleware/staff_session.hpp"

namespace kursbase::http {
namespace {

using Audience = RouteAccess::Audience;
using nlohmann::json;

json optional_text(const std::optional<Instant>& t) {
  return t ? json(format_instant(*t)) : json(nullptr);
}

// The request body: a JSON object with the documented members. Members of the
// wrong type are field errors (InvalidInput); a body that is not an object is
// Malformed.
struct Decoded {
  app::PersonLookup lookup;
  std::string reason;
  std::vector<FieldError> errors;
};

bool decode(const std::string& body, Decoded& out) {
  const auto doc = json::parse(body, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) return false;
  auto text = [&](const char* name, std::string& into) {
    if (!doc.contains(name) || doc[name].is_null()) return;
    if (doc[name].is_string())
      into = doc[name].get<std::string>();
    else
      out.errors.push_back({name, std::string("person_data.error.") +
                                      (std::string(name) == "reason" ? "reason_missing" : name)});
  };
  auto id = [&](const char* name, const char* key, std::optional<std::int64_t>& into) {
    if (!doc.contains(name) || doc[name].is_null()) return;
    if (doc[name].is_number_integer() && doc[name].get<std::int64_t>() > 0)
      into = doc[name].get<std::int64_t>();
    else
      out.errors.push_back({name, key});
  };
  text("national_id", out.lookup.national_id);
  text("email", out.lookup.email);
  text("reason", out.reason);
  id("enrollment_id", "person_data.error.enrollment", out.lookup.enrollment_id);
  id("health_trust_id", "person_data.error.health_trust", out.lookup.health_trust_id);
  return true;
}

json export_json(const app::PersonExport& x, const web::Messages& m) {
  json enrollments = json::array();
  for (const auto& e : x.enrollments) {
    const auto& r = e.data.record;
    json sessions = json::array();
    for (const auto& s : e.data.sessions)
      sessions.push_back({{"session_id", s.id},
                          {"starts_at", format_instant(s.starts_at)},
                          {"ends_at", format_instant(s.ends_at)}});
    json attendance = json::array();
    for (const auto& a : e.data.attendance)
      attendance.push_back(
          {{"session_id", a.session_id}, {"mark", std::string(key_of(a.mark))}, {"note", a.note}});
    json moves = json::array();
    for (const auto& mv : e.data.waiting_list_moves)
      moves.push_back({{"from_position", mv.from_position},
                       {"to_position", mv.to_position},
                       {"reason", mv.reason},
                       {"moved_at", format_instant(mv.moved_at)}});
    json messages = json::array();
    for (const auto& msg : e.data.pending_messages)
      messages.push_back({{"channel", msg.channel},
                          {"kind", msg.kind},
                          {"recipient", msg.recipient},
                          {"subject", msg.subject},
                          {"created_at", format_instant(msg.created_at)},
                          {"failed", msg.failed}});
    json referral = nullptr;
    if (r.referral_date || !r.referring_doctor.empty())
      referral = {{"date", r.referral_date ? json(format_day(*r.referral_date)) : json(nullptr)},
                  {"referring_doctor", r.referring_doctor}};
    enrollments.push_back(
        {{"enrollment_id", r.id},
         {"run_id", r.run_id},
         {"course_id", e.data.course_id},
         {"course_title", e.data.course_title},
         {"health_trust_id", e.health_trust_id ? json(*e.health_trust_id) : json(nullptr)},
         {"kind", std::string(key_of(r.kind))},
         {"status", std::string(key_of(r.status))},
         {"waitlist_position", r.waitlist_position ? json(*r.waitlist_position) : json(nullptr)},
         {"offer_expires_at", optional_text(r.offer_expires_at)},
         {"source", std::string(key_of(r.source))},
         {"created_at", format_instant(r.created_at)},
         {"updated_at", format_instant(e.data.updated_at)},
         {"cancelled_at", optional_text(e.data.cancelled_at)},
         {"erased_at", optional_text(e.data.erased_at)},
         {"person",
          {{"person_id", r.person.id},
           {"name", r.person.name},
           {"email", r.person.email},
           {"mobile", r.person.mobile},
           {"national_id", e.national_id}}},
         {"needs", r.needs},
         {"interpreter_language", r.interpreter_language},
         {"accompanies_enrollment_id", r.accompanies_id ? json(*r.accompanies_id) : json(nullptr)},
         {"accompanies_name", r.accompanies_name},
         {"consent_text", e.data.consent_text},
         {"referral", referral},
         {"sessions", sessions},
         {"attendance", attendance},
         {"waiting_list_moves", moves},
         {"pending_messages", messages}});
  }
  json accesses = json::array();
  for (const auto& a : x.accesses)
    accesses.push_back({{"at", format_instant(a.at)},
                        {"staff_name", a.account_name},
                        {"role", a.role},
                        {"action", a.action},
                        {"object_type", a.object_type}});
  return {{"generated_at", format_instant(x.generated_at)},
          {"withheld_enrollments", x.withheld},
          {"scope_note", x.withheld ? m.text("person_data.withheld") : ""},
          {"enrollments", enrollments},
          {"accesses", accesses}};
}

json summary_json(const app::ErasureSummary& s, const web::Messages& m) {
  return {{"erasure_id", s.erasure_id ? json(*s.erasure_id) : json(nullptr)},
          {"enrollments_erased", s.enrollments},
          {"already_erased", s.already_erased},
          {"persons_anonymised", s.persons},
          {"messages_deleted", s.messages_deleted},
          {"withheld_enrollments", s.withheld},
          {"scope_note", s.withheld ? m.text("person_data.withheld") : ""}};
}

// Decodes, runs `call`, encodes; errors as JSON through the one mapping.
template <class Call, class Encode>
Response handle(const Responder& r, const Request& req, Call&& call, Encode&& encode) {
  Decoded d;
  if (!decode(req.body, d))
    return personal(r.error_api(req, malformed("person_data.error.bad_json", "bad JSON body")));
  if (!d.errors.empty())
    return personal(
        r.error_api(req, invalid_input("person_data.error.invalid", "fields", d.errors)));
  auto answer = call(d);
  if (!answer) return personal(r.error_api(req, answer.error()));
  return personal(Response::json(200, encode(*answer, r.messages(req))));
}

}  // namespace

void add_person_data_routes(RouteTable& routes, const Responder& r,
                            const app::PersonalDataService& service) {
  routes.add(
      "POST", "/api/v1/staff/person-data/export",
      [&r, &service](const Request& req, const RouteMatch&) {
        return handle(
            r, req,
            [&](const Decoded& d) { return service.export_person(access_context(req), d.lookup); },
            export_json);
      },
      {Audience::Staff, Action::ExportPersonalData, "person_data"});

  routes.add("POST", "/api/v1/staff/person-data/erase",
             [&r, &service](const Request& req, const RouteMatch&) {
               return handle(
                   r, req,
                   [&](const Decoded& d) {
                     return service.erase(access_context(req), {d.lookup, d.reason});
                   },
                   summary_json);
             },
             {Audience::Staff, Action::ErasePersonalData, "person_data"});
}

}  // namespace kursbase::http
