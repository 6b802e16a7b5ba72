// Bulk writing of a whole catalogue (demo data, imports) in the caller's
// transaction, with prepared statements re-executed per row.
#include <unordered_map>

#include "domain/catalogue/search_text.hpp"
#include "store/catalogue_store.hpp"
#include "store/sql/text_index.hpp"

namespace kursbase::store {
namespace {

void write_organisations(soci::session& sql, const std::vector<Organisation>& orgs) {
  long long id = 0, parent = 0;
  std::string kind, name, org_number, municipality, email, phone, web;
  soci::indicator parent_ind = soci::i_null;
  soci::statement st =
      (sql.prepare << "INSERT INTO organisation (id, kind, name, org_number, parent_id, "
                      "municipality_number, email, phone, web) VALUES (:id, :kind, :name, "
                      ":org, :parent, :mun, :email, :phone, :web)",
       soci::use(id), soci::use(kind), soci::use(name), soci::use(org_number),
       soci::use(parent, parent_ind), soci::use(municipality), soci::use(email), soci::use(phone),
       soci::use(web));
  for (const auto& o : orgs) {
    id = o.id;
    kind = key_of(o.kind);
    name = o.name;
    org_number = o.org_number;
    parent = o.parent_id.value_or(0);
    parent_ind = o.parent_id ? soci::i_ok : soci::i_null;
    municipality = o.municipality_number;
    email = o.email;
    phone = o.phone;
    web = o.web;
    st.execute(true);
  }
}

void write_courses(soci::session& sql, const std::vector<Course>& courses) {
  long long id = 0, owner = 0;
  std::string title, summary, description, text_language, field, format, pathway, email, phone,
      status;
  int referral = 0, interpreter = 0, fee = 0, no_show_fee = 0;
  soci::indicator fee_ind = soci::i_null, no_show_ind = soci::i_null;
  std::string bring, completion;
  soci::statement course =
      (sql.prepare << "INSERT INTO course (id, title, summary, description, field, format, "
                      "referral_required, interpreter_available, pathway, owner_id, "
                      "contact_email, contact_phone, status, fee_nok, no_show_fee_nok, "
                      "what_to_bring, text_language, completion_scheme) VALUES (:id, :title, "
                      ":summary, :description, :field, :format, :referral, :interpreter, "
                      ":pathway, :owner, :email, :phone, :status, :fee, :no_show_fee, :bring, "
                      ":text_language, :completion)",
       soci::use(id), soci::use(title), soci::use(summary), soci::use(description),
       soci::use(field), soci::use(format), soci::use(referral), soci::use(interpreter),
       soci::use(pathway), soci::use(owner), soci::use(email), soci::use(phone), soci::use(status),
       soci::use(fee, fee_ind), soci::use(no_show_fee, no_show_ind), soci::use(bring),
       soci::use(text_language), soci::use(completion));
  std::string value;
  int position = 0, minutes = 0;
  soci::statement target = (sql.prepare << "INSERT INTO course_target_group (course_id, "
                                           "target_group) VALUES (:id, :v)",
                            soci::use(id), soci::use(value));
  soci::statement language = (sql.prepare << "INSERT INTO course_language (course_id, language, "
                                             "position) VALUES (:id, :v, :p)",
                              soci::use(id), soci::use(value), soci::use(position));
  soci::statement diagnosis = (sql.prepare << "INSERT INTO course_diagnosis_area (course_id, "
                                              "diagnosis_key) VALUES (:id, :v)",
                               soci::use(id), soci::use(value));
  std::string t_title, t_summary, t_description;
  soci::statement translation =
      (sql.prepare << "INSERT INTO course_translation (course_id, language, title, summary, "
                      "description) VALUES (:id, :v, :title, :summary, :description)",
       soci::use(id), soci::use(value), soci::use(t_title), soci::use(t_summary),
       soci::use(t_description));
  std::string teacher;
  soci::statement item = (sql.prepare << "INSERT INTO programme_item (course_id, position, topic, "
                                         "teaching_minutes, teacher) VALUES (:id, :p, :v, :m, :t)",
                          soci::use(id), soci::use(position), soci::use(value), soci::use(minutes),
                          soci::use(teacher));
  for (const auto& c : courses) {
    id = c.id;
    title = c.title;
    summary = c.summary;
    description = c.description;
    field = key_of(c.field);
    format = key_of(c.format);
    referral = c.referral_required;
    interpreter = c.interpreter_available;
    pathway = key_of(c.pathway);
    owner = c.owner_id;
    email = c.contact_email;
    phone = c.contact_phone;
    status = key_of(c.status);
    fee = c.practical.fee_nok.value_or(0);
    fee_ind = c.practical.fee_nok ? soci::i_ok : soci::i_null;
    no_show_fee = c.practical.no_show_fee_nok.value_or(0);
    no_show_ind = c.practical.no_show_fee_nok ? soci::i_ok : soci::i_null;
    bring = c.practical.what_to_bring;
    text_language = c.text_language;
    completion = c.completion.key;
    course.execute(true);
    for (const auto& t : c.translations) {
      value = t.language;
      t_title = t.title;
      t_summary = t.summary;
      t_description = t.description;
      translation.execute(true);
    }
    for (auto t : c.target_groups) {
      value = key_of(t);
      target.execute(true);
    }
    position = 0;
    for (const auto& l : c.languages) {
      value = l;
      language.execute(true);
      ++position;
    }
    for (const auto& d : c.diagnosis_keys) {
      value = d;
      diagnosis.execute(true);
    }
    position = 0;
    for (const auto& p : c.programme.items) {
      ++position;
      value = p.topic;
      minutes = p.teaching_minutes;
      teacher = key_of(p.teacher);
      item.execute(true);
    }
  }
}

void write_runs(soci::session& sql, const std::vector<Run>& runs) {
  long long id = 0, course_id = 0;
  std::string state, deadline, language, lname, laddr, lpost, lplace, lmun;
  int min_p = 0, capacity = 0, digital = 0, waiting = 0, staff_only = 0;
  soci::indicator loc = soci::i_null, mun = soci::i_null;
  soci::statement run =
      (sql.prepare << "INSERT INTO run (id, course_id, state, min_participants, capacity, "
                      "registration_deadline, digital, language, waiting_list_enabled, "
                      "location_name, location_address, location_postal_code, "
                      "location_postal_place, location_municipality, staff_registration_only) "
                      "VALUES (:id, :course, :state, :min, :cap, :deadline, :digital, :lang, "
                      ":waiting, :lname, :laddr, :lpost, :lplace, :lmun, :staff_only)",
       soci::use(id), soci::use(course_id), soci::use(state), soci::use(min_p), soci::use(capacity),
       soci::use(deadline), soci::use(digital), soci::use(language), soci::use(waiting),
       soci::use(lname, loc), soci::use(laddr, loc), soci::use(lpost, loc), soci::use(lplace, loc),
       soci::use(lmun, mun), soci::use(staff_only));
  long long session_id = 0;
  std::string starts, ends;
  soci::statement session =
      (sql.prepare << "INSERT INTO run_session (id, run_id, starts_at, "
                      "ends_at) VALUES (:id, :run, :starts, :ends)",
       soci::use(session_id), soci::use(id), soci::use(starts), soci::use(ends));
  for (const auto& r : runs) {
    id = r.id;
    course_id = r.course_id;
    state = key_of(r.state);
    min_p = r.min_participants;
    capacity = r.capacity;
    deadline = format_instant(r.registration_deadline);
    digital = r.digital;
    language = r.language;
    waiting = r.waiting_list_enabled;
    staff_only = r.staff_registration_only;
    loc = r.location ? soci::i_ok : soci::i_null;
    mun = r.location && !r.location->municipality_number.empty() ? soci::i_ok : soci::i_null;
    if (r.location) {
      lname = r.location->name;
      laddr = r.location->address;
      lpost = r.location->postal_code;
      lplace = r.location->postal_place;
      lmun = r.location->municipality_number;
    }
    run.execute(true);
    for (const auto& s : r.sessions) {
      session_id = s.id;
      starts = format_instant(s.starts_at);
      ends = format_instant(s.ends_at);
      session.execute(true);
    }
  }
}

}  // namespace

void write_catalogue(soci::session& sql, TextIndex& text, const CatalogueImport& data) {
  write_organisations(sql, data.organisations);
  {
    std::string number, name;
    long long hf = 0;
    soci::indicator hf_ind = soci::i_null;
    soci::statement st = (sql.prepare << "INSERT INTO municipality (number, name, "
                                         "health_trust_id) VALUES (:n, :name, :hf)",
                          soci::use(number), soci::use(name), soci::use(hf, hf_ind));
    for (const auto& m : data.municipalities) {
      number = m.number;
      name = m.name;
      hf = m.health_trust_id.value_or(0);
      hf_ind = m.health_trust_id ? soci::i_ok : soci::i_null;
      st.execute(true);
    }
  }
  {
    std::string key, name, icd10;
    soci::statement st = (sql.prepare << "INSERT INTO diagnosis_area (key, name, icd10) VALUES "
                                         "(:k, :n, :i)",
                          soci::use(key), soci::use(name), soci::use(icd10));
    for (const auto& d : data.diagnosis_areas) {
      key = d.key;
      name = d.name;
      icd10 = d.icd10;
      st.execute(true);
    }
  }
  write_courses(sql, data.courses);
  write_runs(sql, data.runs);

  // The searchable text of each course, folded once here.
  std::unordered_map<OrganisationId, const Organisation*> orgs;
  for (const auto& o : data.organisations) orgs.emplace(o.id, &o);
  std::unordered_map<std::string, const DiagnosisArea*> areas;
  for (const auto& d : data.diagnosis_areas) areas.emplace(d.key, &d);
  std::unordered_map<std::string, std::string> municipality_names;
  for (const auto& m : data.municipalities) municipality_names.emplace(m.number, m.name);
  std::unordered_map<CourseId, std::string> run_places;
  for (const auto& r : data.runs) {
    if (!r.location) continue;
    auto& places = run_places[r.course_id];
    places += ' ' + r.location->postal_place;
    if (auto it = municipality_names.find(r.location->municipality_number);
        it != municipality_names.end())
      places += ' ' + it->second;
  }
  for (const auto& c : data.courses) {
    std::string subjects;
    for (const auto& k : c.diagnosis_keys)
      if (auto it = areas.find(k); it != areas.end())
        subjects += it->second->name + ' ' + it->second->icd10 + ' ';
    std::string places;
    for (auto id = std::optional<OrganisationId>(c.owner_id); id;) {
      auto it = orgs.find(*id);
      if (it == orgs.end()) break;
      places += it->second->name + ' ';
      id = it->second->parent_id;
    }
    places += run_places[c.id];
    const CourseText t = course_text(c, subjects, places);
    text.put(sql, t);
  }
}

}  // namespace kursbase::store
