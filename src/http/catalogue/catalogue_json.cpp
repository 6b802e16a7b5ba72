#include "http/catalogue/catalogue_json.hpp"

#include "http/catalogue/run_status_view.hpp"
#include "http/catalogue/search_text_view.hpp"

namespace kursbase::http {
namespace {

using nlohmann::json;

json org_json(const app::Reference& ref, std::optional<std::int64_t> id) {
  if (!id) return nullptr;
  const auto* o = ref.organisation(*id);
  if (!o) return nullptr;
  return {{"id", o->id}, {"name", o->name}, {"org_number", o->org_number}};
}

template <class E>
json keys(const std::vector<E>& values) {
  json out = json::array();
  for (auto v : values) out.push_back(key_of(v));
  return out;
}

json location_json(const Run& run) {
  if (!run.location) return nullptr;
  const auto& l = *run.location;
  return {{"name", l.name},
          {"address", l.address},
          {"postal_code", l.postal_code},
          {"postal_place", l.postal_place},
          {"municipality_number", l.municipality_number}};
}

json run_summary_json(const RunListing& rl, Instant now, const app::TimeZone& zone) {
  const auto& r = rl.run;
  const auto status = run_status(r, rl.confirmed, now);
  json j{{"id", r.id},
         {"status", key_of(status)},
         {"sign_up", offer_key(sign_up_offer(r, status, 0).option)},
         {"waiting_list", r.waiting_list_enabled},
         {"seats_left", seats_left(r, rl.confirmed)},
         {"capacity", r.capacity},
         {"registration_deadline", app::format_local_iso(zone, r.registration_deadline)},
         {"digital", r.digital},
         {"language", r.language},
         {"location", location_json(r)},
         {"session_count", r.sessions.size()}};
  if (auto s = r.first_start()) j["starts_at"] = app::format_local_iso(zone, *s);
  if (auto e = r.last_end()) j["ends_at"] = app::format_local_iso(zone, *e);
  return j;
}

json diagnoses_json(const app::Reference& ref, const std::vector<std::string>& keys) {
  json out = json::array();
  for (const auto& k : keys) {
    auto it = ref.diagnosis_areas.find(k);
    if (it != ref.diagnosis_areas.end())
      out.push_back({{"key", k}, {"name", it->second->name}, {"icd10", it->second->icd10}});
  }
  return out;
}

json translations_json(const std::vector<CourseTranslation>& translations, bool with_description) {
  json out = json::array();
  for (const auto& t : translations) {
    json j{{"language", t.language}, {"title", t.title}, {"summary", t.summary}};
    if (with_description) j["description"] = t.description;
    out.push_back(std::move(j));
  }
  return out;
}

json facet_json(const std::vector<FacetValue>& values,
                const std::function<std::string(const std::string&)>& label) {
  json out = json::array();
  for (const auto& v : values)
    out.push_back({{"value", v.key}, {"label", label(v.key)}, {"count", v.count}});
  return out;
}

}  // namespace

json search_json(const app::CatalogueResult& result, const web::Messages& m, Instant now,
                 const app::TimeZone& zone) {
  const auto& ref = *result.reference;
  json items = json::array();
  for (const auto& hit : result.search.items) {
    const auto& c = *hit.course;
    items.push_back(
        {{"id", c.id},
         {"title", c.title},
         {"summary", c.summary},
         {"text_language", c.text_language},
         {"translations", translations_json(c.translations, false)},
         {"field", key_of(c.field)},
         {"target_groups", keys(c.target_groups)},
         {"languages", c.languages},
         {"interpreter_available", c.interpreter_available},
         {"format", key_of(c.format)},
         {"referral_required", c.referral_required},
         {"diagnoses", diagnoses_json(ref, c.diagnosis_keys)},
         {"owner", org_json(ref, c.owner_id)},
         {"health_trust", org_json(ref, c.health_trust_id)},
         {"region", org_json(ref, c.region_id)},
         {"upcoming_runs", hit.upcoming_runs},
         {"next_run", hit.next_run ? run_summary_json(*hit.next_run, now, zone) : json()},
         {"url", "/kurs/" + std::to_string(c.id)}});
  }
  auto org_label = [&](const std::string& id) {
    const auto* o = ref.organisation(std::stoll(id));
    return o ? o->name : id;
  };
  auto municipality_label = [&](const std::string& n) {
    auto it = ref.municipalities.find(n);
    return it == ref.municipalities.end() ? n : it->second->name;
  };
  auto diagnosis_label = [&](const std::string& k) {
    auto it = ref.diagnosis_areas.find(k);
    return it == ref.diagnosis_areas.end() ? k : it->second->name;
  };
  auto message = [&m](const char* prefix) {
    return [&m, prefix](const std::string& k) { return m.text(prefix + k); };
  };
  const auto& f = result.search.facets;
  json out{{"items", std::move(items)},
           {"total", result.search.total},
           {"page", result.query.page},
           {"page_size", result.query.page_size},
           {"facets",
            {{"region", facet_json(f.regions, org_label)},
             {"hf", facet_json(f.health_trusts, org_label)},
             {"municipality", facet_json(f.municipalities, municipality_label)},
             {"field", facet_json(f.fields, message("field."))},
             {"diagnosis", facet_json(f.diagnoses, diagnosis_label)},
             {"target", facet_json(f.target_groups, message("target."))},
             {"language", facet_json(f.languages, message("language."))},
             {"format", facet_json(f.formats, message("format."))},
             {"free_seats", f.free_seats},
             {"no_referral", f.no_referral},
             {"open", f.open_for_sign_up}}}};
  if (result.text.changed()) out["text"] = search_text_json(result.text, m);
  return out;
}

json course_json(const app::CourseView& view, Instant now, const app::TimeZone& zone) {
  const auto& c = view.record.course;
  const auto& ref = *view.reference;
  json programme = json::array();
  int position = 0;
  for (const auto& item : c.programme.items)
    programme.push_back({{"position", ++position},
                         {"topic", item.topic},
                         {"teaching_hours", item.teaching_minutes / 60.0},
                         {"teacher", key_of(item.teacher)}});
  json runs = json::array();
  for (const auto& rl : view.record.runs) runs.push_back(run_summary_json(rl, now, zone));
  const auto* hf = ref.ancestor(c.owner_id, OrganisationKind::HealthTrust);
  const auto* rhf = hf ? ref.ancestor(hf->id, OrganisationKind::RegionalHealthAuthority) : nullptr;
  return {{"id", c.id},
          {"title", c.title},
          {"summary", c.summary},
          {"description", c.description},
          {"text_language", c.text_language},
          {"translations", translations_json(c.translations, true)},
          {"field", key_of(c.field)},
          {"target_groups", keys(c.target_groups)},
          {"languages", c.languages},
          {"interpreter_available", c.interpreter_available},
          {"format", key_of(c.format)},
          {"referral_required", c.referral_required},
          {"pathway", key_of(c.pathway)},
          {"diagnoses", diagnoses_json(ref, c.diagnosis_keys)},
          {"owner", org_json(ref, c.owner_id)},
          {"health_trust", org_json(ref, hf ? std::optional<std::int64_t>(hf->id) : std::nullopt)},
          {"region", org_json(ref, rhf ? std::optional<std::int64_t>(rhf->id) : std::nullopt)},
          {"contact", {{"email", c.contact_email}, {"phone", c.contact_phone}}},
          {"programme", std::move(programme)},
          {"teaching_hours", c.programme.total_teaching_minutes() / 60.0},
          {"runs", std::move(runs)}};
}

json run_json(const app::RunView& view, const Course* course, const app::TimeZone& zone) {
  const auto& rec = view.record;
  const auto& r = rec.run.run;
  json sessions = json::array();
  for (std::size_t i = 0; i < r.sessions.size(); ++i) {
    const auto& s = r.sessions[i];
    json js{{"id", s.id},
            {"position", i + 1},
            {"starts_at", app::format_local_iso(zone, s.starts_at)},
            {"ends_at", app::format_local_iso(zone, s.ends_at)}};
    if (course && i < course->programme.items.size()) {
      const auto& item = course->programme.items[i];
      js["topic"] = item.topic;
      js["teaching_hours"] = item.teaching_minutes / 60.0;
      js["teacher"] = key_of(item.teacher);
    }
    sessions.push_back(std::move(js));
  }
  const auto offer = sign_up_offer(r, view.status, static_cast<int>(rec.waitlisted));
  return {
      {"id", r.id},
      {"course_id", rec.course_id},
      {"course_title", rec.course_title},
      {"status", key_of(view.status)},
      {"sign_up", offer_key(offer.option)},
      {"waitlist_position",
       offer.option == SignUpOption::WaitingList ? json(offer.waitlist_position) : json(nullptr)},
      {"capacity", r.capacity},
      {"min_participants", r.min_participants},
      {"confirmed", rec.run.confirmed},
      {"waitlisted", rec.waitlisted},
      {"seats_left", seats_left(r, rec.run.confirmed)},
      {"waiting_list", r.waiting_list_enabled},
      {"registration_deadline", app::format_local_iso(zone, r.registration_deadline)},
      {"language", r.language},
      {"digital", r.digital},
      {"location", location_json(r)},
      {"sessions", std::move(sessions)}};
}

}  // namespace kursbase::http
