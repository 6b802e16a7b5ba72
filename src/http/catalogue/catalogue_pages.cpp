#include "http/catalogue/catalogue_pages.hpp"

#include <algorithm>

#include "app/messaging/message_text.hpp"
#include "http/catalogue/practical_info_view.hpp"
#include "http/catalogue/run_status_view.hpp"
#include "http/catalogue/search_text_view.hpp"
#include "http/core/formatting.hpp"
#include "http/core/page_language.hpp"
#include "http/core/request.hpp"
#include "store/catalogue_store.hpp"

namespace kursbase::http {
namespace {

using nlohmann::json;

std::string run_place(const Run& r, const web::Messages& m) {
  if (r.location) {
    std::string place =
        r.location->postal_place.empty() ? r.location->name : r.location->postal_place;
    return r.digital ? place + " / " + m.text("format.digital") : place;
  }
  return m.text("format.digital");
}

json run_card(const RunListing& rl, const web::Messages& m, Instant now,
              const app::TimeZone& zone) {
  const auto& r = rl.run;
  const auto status = run_status(r, rl.confirmed, now);
  json j{{"id", r.id},
         {"url", "/gjennomforing/" + std::to_string(r.id)},
         {"place", run_place(r, m)},
         {"seats_left", seats_left(r, rl.confirmed)},
         {"seats_left_text", m.count_text("run.seats_left", seats_left(r, rl.confirmed))},
         {"capacity", r.capacity},
         {"open", status == RunStatus::Open},
         {"deadline", format_date_time(r.registration_deadline, zone, m)},
         {"session_count", r.sessions.size()}};
  // No waiting-list count in the catalogue's listing: cards show no position.
  add_run_offer(j, r, status, 0, m);
  if (j["bookable"]) j["sign_up_url"] = "/gjennomforing/" + std::to_string(r.id) + "/pamelding";
  if (auto s = r.first_start()) {
    j["date"] = format_date(*s, zone, m);
    j["start_iso"] = format_instant(*s);
  }
  if (auto e = r.last_end()) j["last_date"] = format_short_date(*e, zone, m);
  json sessions = json::array();
  for (const auto& s : r.sessions)
    sessions.push_back(
        {{"date", format_date(s.starts_at, zone, m)},
         {"time", format_clock(s.starts_at, zone, m) + "–" + format_clock(s.ends_at, zone, m)}});
  j["sessions"] = std::move(sessions);
  return j;
}

template <class E>
std::string labels(const std::vector<E>& values, const char* prefix, const web::Messages& m) {
  std::string out;
  for (const auto& v : values) {
    if (!out.empty()) out += ", ";
    if constexpr (std::is_same_v<E, std::string>)
      out += m.text(prefix + v);
    else
      out += m.text(prefix + std::string(key_of(v)));
  }
  return out;
}

bool selected(const QueryParams& raw, const std::string& name, const std::string& value) {
  return std::any_of(raw.begin(), raw.end(),
                     [&](auto& p) { return p.first == name && p.second == value; });
}

// Parameters with an element id="field-NAME" on the search page.
bool has_form_field(const std::string& name) {
  for (auto f : {"q", "region", "hf", "municipality", "diagnosis", "field", "target", "language",
                 "format", "from", "to", "free_seats", "no_referral", "open", "sort"})
    if (name == f) return true;
  return false;
}

std::string page_url(const CatalogueQuery& q, int page) {
  CatalogueQuery copy = q;
  copy.page = page;
  auto params = to_query_params(copy);
  return params.empty() ? "/" : "/?" + encode_query(params);
}

// The other languages the course's text is written in that the pages are
// offered in, as links to the course page in each (named in themselves).
json text_languages(const Course& c, const CourseWording& shown, const web::Messages& m) {
  json out = json::array();
  const std::string path = "/kurs/" + std::to_string(c.id);
  for (const auto& language : languages_offered(path)) {
    if (language == shown.language || language == m.language()) continue;
    bool has = language == c.text_language;
    for (const auto& t : c.translations) has = has || t.language == language;
    if (has)
      out.push_back({{"code", language},
                     {"name", std::string(language_name(language))},
                     {"href", path + "?lang=" + language}});
  }
  if (!out.empty()) out.back()["last"] = true;
  return out;
}

}  // namespace

json search_page(const QueryParams& raw, const CatalogueQuery& query,
                 const app::CatalogueResult* result, const Error* error, const web::Messages& m,
                 Instant now, const app::TimeZone& zone) {
  json page{{"title", m.text("search.title")}, {"q", ""}};
  for (const auto& [k, v] : raw) {
    if (k == "q") page["q"] = v;
    if (k == "from") page["from"] = v;
    if (k == "to") page["to"] = v;
  }
  page["free_seats_checked"] = selected(raw, "free_seats", "1");
  page["no_referral_checked"] = selected(raw, "no_referral", "1");
  page["open_checked"] = selected(raw, "open", "1");
  json sorts = json::array();
  for (auto sort : {CatalogueSort::Relevance, CatalogueSort::Start, CatalogueSort::Place}) {
    const std::string key(key_of(sort));
    sorts.push_back({{"value", key},
                     {"label", m.text("search.sort." + key)},
                     {"selected", query.sort == sort}});
  }
  page["sorts"] = std::move(sorts);
  if (error) {
    json errors = json::array();
    for (const auto& f : error->fields)
      errors.push_back(
          {{"field", has_form_field(f.field) ? f.field : "q"}, {"message", m.text(f.message_key)}});
    page["errors"] = std::move(errors);
    page["has_errors"] = true;
    page["error_message"] = m.text(error->message_key);
    page["title"] = m.text("search.title_error");
  }
  if (!result) return page;

  const auto& ref = *result->reference;
  const auto& s = result->search;
  json items = json::array();
  for (const auto& hit : s.items) {
    const auto& c = *hit.course;
    // In the reader's language when the course has it (issue 13); each card
    // says its own language, which may differ from its neighbour's.
    const CourseWording w = wording_for(c, m.language());
    json item{{"url", "/kurs/" + std::to_string(c.id)},
              {"title", w.title},
              {"summary", w.summary},
              {"content_lang_attr", lang_attr(w.language, m.language())},
              {"owner", c.owner_name},
              {"field", m.text("field." + std::string(key_of(c.field)))},
              {"format", m.text("format." + std::string(key_of(c.format)))},
              {"languages", labels(c.languages, "language.", m)},
              {"targets", labels(c.target_groups, "target.", m)},
              {"referral_required", c.referral_required},
              {"upcoming_runs", hit.upcoming_runs}};
    if (c.health_trust_id)
      if (const auto* hf = ref.organisation(*c.health_trust_id)) item["health_trust"] = hf->name;
    if (hit.next_run) item["next_run"] = run_card(*hit.next_run, m, now, zone);
    items.push_back(std::move(item));
  }
  page["items"] = std::move(items);
  page["total"] = s.total;
  page["has_results"] = s.total > 0;

  auto options = [&](const char* name, const std::vector<FacetValue>& values, auto label) {
    json opts = json::array();
    for (const auto& v : values)
      opts.push_back({{"value", v.key},
                      {"label", label(v.key)},
                      {"count", v.count},
                      {"selected", selected(raw, name, v.key)}});
    std::sort(opts.begin(), opts.end(), [](const json& a, const json& b) {
      return a["label"].get<std::string>() < b["label"].get<std::string>();
    });
    return opts;
  };
  auto org = [&](const std::string& id) {
    const auto* o = ref.organisation(std::stoll(id));
    return o ? o->name : id;
  };
  auto municipality = [&](const std::string& n) {
    auto it = ref.municipalities.find(n);
    return it == ref.municipalities.end() ? n : it->second->name;
  };
  auto diagnosis = [&](const std::string& k) {
    auto it = ref.diagnosis_areas.find(k);
    return it == ref.diagnosis_areas.end() ? k : it->second->name;
  };
  auto message = [&](const char* prefix) {
    return [&m, prefix](const std::string& k) { return m.text(prefix + k); };
  };
  const auto& f = s.facets;
  page["regions"] = options("region", f.regions, org);
  page["health_trusts"] = options("hf", f.health_trusts, org);
  page["municipalities"] = options("municipality", f.municipalities, municipality);
  page["diagnoses"] = options("diagnosis", f.diagnoses, diagnosis);
  json groups = json::array();
  auto group = [&](const char* name, const char* legend, const std::vector<FacetValue>& values,
                   const char* prefix) {
    json opts = json::array();
    int i = 0;
    for (const auto& v : values)
      opts.push_back({{"name", name},
                      {"value", v.key},
                      {"id", std::string(name) + "-" + std::to_string(i++)},
                      {"label", message(prefix)(v.key)},
                      {"count", v.count},
                      {"selected", selected(raw, name, v.key)}});
    groups.push_back({{"legend", m.text(legend)}, {"name", name}, {"options", std::move(opts)}});
  };
  group("field", "filter.field", f.fields, "field.");
  group("target", "filter.target", f.target_groups, "target.");
  group("language", "filter.language", f.languages, "language.");
  group("format", "filter.format", f.formats, "format.");
  page["groups"] = std::move(groups);
  page["free_seats_count"] = f.free_seats;
  page["no_referral_count"] = f.no_referral;
  page["open_count"] = f.open_for_sign_up;
  if (result->text.changed()) page["interpreted"] = interpreted_text(result->text, m);

  const int pages = std::max(1, (s.total + query.page_size - 1) / query.page_size);
  page["page"] = query.page;
  page["pages"] = pages;
  if (query.page > 1) page["prev_url"] = page_url(query, std::min(query.page - 1, pages));
  if (query.page < pages) page["next_url"] = page_url(query, query.page + 1);
  json links = json::array();
  for (int p = std::max(1, query.page - 2); p <= std::min(pages, query.page + 2); ++p)
    links.push_back({{"number", p}, {"url", page_url(query, p)}, {"current", p == query.page}});
  page["page_links"] = std::move(links);
  page["has_pages"] = pages > 1;
  return page;
}

json course_page(const app::CourseView& view, const web::Messages& m, Instant now,
                 const app::TimeZone& zone) {
  const auto& c = view.record.course;
  const auto& ref = *view.reference;
  const CourseWording w = wording_for(c, m.language());
  json paragraphs = json::array();
  std::size_t start = 0;
  while (start < w.description.size()) {
    auto end = w.description.find("\n\n", start);
    if (end == std::string_view::npos) end = w.description.size();
    if (end > start) paragraphs.push_back(w.description.substr(start, end - start));
    start = end + 2;
  }
  json programme = json::array();
  int position = 0;
  for (const auto& item : c.programme.items)
    programme.push_back({{"position", ++position},
                         {"topic", item.topic},
                         {"hours", format_hours(item.teaching_minutes)},
                         {"teacher", m.text("teacher." + std::string(key_of(item.teacher)))}});
  // The next run one can still sign up for comes first, on its own (issue 12);
  // then the other runs still to come or under way, by date.
  json runs = json::array(), past = json::array(), next_bookable;
  for (const auto& rl : view.record.runs) {
    auto end = rl.run.last_end();
    if (end && *end <= now) {
      past.push_back(run_card(rl, m, now, zone));
      continue;
    }
    auto card = run_card(rl, m, now, zone);
    auto start = rl.run.first_start();
    const bool upcoming = start && *start > now;
    if (next_bookable.is_null() && upcoming && card["bookable"].get<bool>())
      next_bookable = std::move(card);
    else
      runs.push_back(std::move(card));
  }
  json diagnoses = json::array();
  for (const auto& k : c.diagnosis_keys)
    if (auto it = ref.diagnosis_areas.find(k); it != ref.diagnosis_areas.end())
      diagnoses.push_back(it->second->icd10.empty()
                              ? it->second->name
                              : it->second->name + " (" + it->second->icd10 + ")");
  json page{{"title", w.title},
            {"course_title", w.title},
            {"summary", w.summary},
            {"content_lang_attr", lang_attr(w.language, m.language())},
            // The programme is in the course's own language.
            {"own_lang_attr", lang_attr(c.text_language, m.language())},
            {"text_languages", text_languages(c, w, m)},
            {"paragraphs", std::move(paragraphs)},
            {"field", m.text("field." + std::string(key_of(c.field)))},
            {"format", m.text("format." + std::string(key_of(c.format)))},
            {"languages", labels(c.languages, "language.", m)},
            {"interpreter_available", c.interpreter_available},
            {"targets", labels(c.target_groups, "target.", m)},
            {"referral_required", c.referral_required},
            {"pathway", m.text("pathway." + std::string(key_of(c.pathway)))},
            {"has_pathway", c.pathway != PathwayPlacement::None},
            {"diagnoses", std::move(diagnoses)},
            {"programme", std::move(programme)},
            {"total_hours", format_hours(c.programme.total_teaching_minutes())},
            {"runs", std::move(runs)},
            {"past_runs", std::move(past)},
            {"contact_email", c.contact_email},
            {"contact_phone", c.contact_phone},
            {"contact_phone_uri", tel_uri(c.contact_phone)}};
  // A reader whose language the text is not in is told which one it is in.
  if (w.language != m.language())
    page["text_not_in_language"] =
        app::replace_all(m.text("course.text_not_in_language"), "{language}",
                         m.text("language." + std::string(w.language)));
  if (!next_bookable.is_null()) page["next_bookable"] = std::move(next_bookable);
  page["has_runs"] = !page["runs"].empty() || page.contains("next_bookable");
  page["has_other_runs"] = !page["runs"].empty();
  page["has_past_runs"] = !page["past_runs"].empty();
  if (const auto* owner = ref.organisation(c.owner_id)) page["owner"] = owner->name;
  if (const auto* hf = ref.ancestor(c.owner_id, OrganisationKind::HealthTrust)) {
    page["health_trust"] = hf->name;
    for (const auto& o : ref.data.organisations)
      if (o.kind == OrganisationKind::LearningCentre && o.parent_id == hf->id) {
        page["centre"] = o.name;
        page["centre_email"] = o.email;
        page["centre_phone"] = o.phone;
      }
  }
  return page;
}

json run_page(const app::RunView& view, const Course* course, const web::Messages& m,
              const app::TimeZone& zone) {
  const auto& rec = view.record;
  const auto& r = rec.run.run;
  json sessions = json::array();
  for (std::size_t i = 0; i < r.sessions.size(); ++i) {
    const auto& s = r.sessions[i];
    json js{{"position", i + 1},
            {"date", format_date(s.starts_at, zone, m)},
            {"time", format_clock(s.starts_at, zone, m) + "–" + format_clock(s.ends_at, zone, m)}};
    if (course && i < course->programme.items.size()) {
      js["topic"] = course->programme.items[i].topic;
      js["hours"] = format_hours(course->programme.items[i].teaching_minutes);
    }
    sessions.push_back(std::move(js));
  }
  const CourseWording w = store::course_wording_for(rec, m.language());
  json page{{"title", w.title},
            {"course_title", w.title},
            {"content_lang_attr", lang_attr(w.language, m.language())},
            {"own_lang_attr", lang_attr(rec.course_text_language, m.language())},
            {"course_url", "/kurs/" + std::to_string(rec.course_id)},
            {"sign_up_url", "/gjennomforing/" + std::to_string(r.id) + "/pamelding"},
            {"capacity", r.capacity},
            {"confirmed", rec.run.confirmed},
            {"waitlisted", rec.waitlisted},
            {"seats_left", seats_left(r, rec.run.confirmed)},
            {"deadline", format_date_time(r.registration_deadline, zone, m)},
            {"language", m.text("language." + r.language)},
            {"digital", r.digital},
            {"sessions", std::move(sessions)}};
  add_run_offer(page, r, view.status, static_cast<int>(rec.waitlisted), m);
  page["waiting_list_enabled"] = r.waiting_list_enabled;
  if (r.location) {
    page["location_name"] = r.location->name;
    page["location_address"] = r.location->address;
    page["location_postal"] = r.location->postal_code + " " + r.location->postal_place;
  }
  if (course) {
    page["referral_required"] = course->referral_required;
    page["contact_email"] = course->contact_email;
    page["contact_phone"] = course->contact_phone;
    page["contact_phone_uri"] = tel_uri(course->contact_phone);
    page["has_contact"] = !course->contact_email.empty() || !course->contact_phone.empty();
    page["practical"] = practical_lines(course->practical, m);
    // The organiser, as on the course page: the privacy notice names it the data controller.
    if (view.reference) {
      const auto& ref = *view.reference;
      if (const auto* owner = ref.organisation(course->owner_id)) page["owner"] = owner->name;
      if (const auto* hf = ref.ancestor(course->owner_id, OrganisationKind::HealthTrust);
          hf && hf->id != course->owner_id)
        page["health_trust"] = hf->name;
    }
  }
  page["cancelled"] = view.status == RunStatus::Cancelled;
  return page;
}

}  // namespace kursbase::http
