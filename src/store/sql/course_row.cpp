// Reading and writing one course's rows (course_row.hpp).
#include "store/sql/course_row.hpp"

#include "domain/core/enum_keys.hpp"

namespace kursbase::store {
namespace {

template <class E>
E key_or(const std::string& key, E fallback) {
  auto v = parse_key<E>(key);
  return v ? *v : fallback;
}

}  // namespace

std::optional<StoredCourse> read_course(soci::session& sql, CourseId id) {
  long long cid = id, owner = 0, version = 0;
  Course c;
  std::string field, format, pathway, status;
  int referral = 0, interpreter = 0, fee = 0, no_show_fee = 0;
  soci::indicator ind, fee_ind, no_show_ind;
  sql << "SELECT c.title, c.summary, c.description, c.field, c.format, c.referral_required, "
         "c.interpreter_available, c.pathway, c.owner_id, c.contact_email, c.contact_phone, "
         "c.status, c.fee_nok, c.no_show_fee_nok, c.what_to_bring, c.text_language, c.version, "
         "s.key, s.required_percent FROM course c JOIN completion_scheme s ON s.key = "
         "c.completion_scheme WHERE c.id = :id",
      soci::use(cid), soci::into(c.title, ind), soci::into(c.summary), soci::into(c.description),
      soci::into(field), soci::into(format), soci::into(referral), soci::into(interpreter),
      soci::into(pathway), soci::into(owner), soci::into(c.contact_email),
      soci::into(c.contact_phone), soci::into(status), soci::into(fee, fee_ind),
      soci::into(no_show_fee, no_show_ind), soci::into(c.practical.what_to_bring),
      soci::into(c.text_language), soci::into(version), soci::into(c.completion.key),
      soci::into(c.completion.required_percent);
  if (ind != soci::i_ok) return std::nullopt;
  if (fee_ind == soci::i_ok) c.practical.fee_nok = fee;
  if (no_show_ind == soci::i_ok) c.practical.no_show_fee_nok = no_show_fee;
  c.id = id;
  c.field = key_or(field, Field::Somatic);
  c.format = key_or(format, CourseFormat::OnSite);
  c.pathway = key_or(pathway, PathwayPlacement::None);
  c.status = key_or(status, CourseStatus::Draft);
  c.referral_required = referral != 0;
  c.interpreter_available = interpreter != 0;
  c.owner_id = owner;
  std::string value;
  {
    soci::statement st = (sql.prepare << "SELECT target_group FROM course_target_group WHERE "
                                         "course_id = :id ORDER BY target_group",
                          soci::use(cid), soci::into(value));
    st.execute();
    while (st.fetch())
      if (auto t = parse_key<TargetGroup>(value)) c.target_groups.push_back(*t);
  }
  {
    soci::statement st = (sql.prepare << "SELECT language FROM course_language WHERE course_id = "
                                         ":id ORDER BY position",
                          soci::use(cid), soci::into(value));
    st.execute();
    while (st.fetch()) c.languages.push_back(value);
  }
  {
    soci::statement st = (sql.prepare << "SELECT diagnosis_key FROM course_diagnosis_area WHERE "
                                         "course_id = :id ORDER BY diagnosis_key",
                          soci::use(cid), soci::into(value));
    st.execute();
    while (st.fetch()) c.diagnosis_keys.push_back(value);
  }
  {
    CourseTranslation t;
    soci::statement st = (sql.prepare << "SELECT language, title, summary, description FROM "
                                         "course_translation WHERE course_id = :id ORDER BY "
                                         "language",
                          soci::use(cid), soci::into(t.language), soci::into(t.title),
                          soci::into(t.summary), soci::into(t.description));
    st.execute();
    while (st.fetch()) c.translations.push_back(t);
  }
  {
    int minutes = 0;
    std::string teacher;
    soci::statement st =
        (sql.prepare << "SELECT topic, teaching_minutes, teacher FROM "
                        "programme_item WHERE course_id = :id ORDER BY position",
         soci::use(cid), soci::into(value), soci::into(minutes), soci::into(teacher));
    st.execute();
    while (st.fetch())
      c.programme.items.push_back({value, minutes, key_or(teacher, Teacher::Professional)});
  }
  {
    std::string part, text;
    soci::statement st = (sql.prepare << "SELECT part, text FROM course_didactic_part WHERE "
                                         "course_id = :id",
                          soci::use(cid), soci::into(part), soci::into(text));
    st.execute();
    while (st.fetch())
      if (auto p = parse_key<DidacticPart>(part)) c.plan[*p] = text;
  }
  return StoredCourse{std::move(c), version};
}

void write_course_parts(soci::session& sql, CourseId id, const Course& c) {
  long long cid = id;
  for (const char* table : {"course_target_group", "course_language", "course_diagnosis_area",
                            "programme_item", "course_translation", "course_didactic_part"})
    sql << "DELETE FROM " << table << " WHERE course_id = :id", soci::use(cid);
  for (auto t : c.target_groups) {
    const std::string key(key_of(t));
    sql << "INSERT INTO course_target_group (course_id, target_group) VALUES (:id, :v)",
        soci::use(cid), soci::use(key);
  }
  int position = 0;
  for (const auto& l : c.languages) {
    sql << "INSERT INTO course_language (course_id, language, position) VALUES (:id, :v, :p)",
        soci::use(cid), soci::use(l), soci::use(position);
    ++position;
  }
  for (const auto& d : c.diagnosis_keys)
    sql << "INSERT INTO course_diagnosis_area (course_id, diagnosis_key) VALUES (:id, :v)",
        soci::use(cid), soci::use(d);
  position = 0;
  for (const auto& p : c.programme.items) {
    ++position;
    const std::string teacher(key_of(p.teacher));
    int minutes = p.teaching_minutes;
    sql << "INSERT INTO programme_item (course_id, position, topic, teaching_minutes, teacher) "
           "VALUES (:id, :p, :v, :m, :t)",
        soci::use(cid), soci::use(position), soci::use(p.topic), soci::use(minutes),
        soci::use(teacher);
  }
  for (const auto& t : c.translations)
    sql << "INSERT INTO course_translation (course_id, language, title, summary, description) "
           "VALUES (:id, :v, :title, :summary, :description)",
        soci::use(cid), soci::use(t.language), soci::use(t.title), soci::use(t.summary),
        soci::use(t.description);
  for (const auto& [part, key] : EnumKeys<DidacticPart>::kAll) {
    if (c.plan[part].empty()) continue;
    const std::string name(key);
    sql << "INSERT INTO course_didactic_part (course_id, part, text) VALUES (:id, :p, :t)",
        soci::use(cid), soci::use(name), soci::use(c.plan[part]);
  }
}

}  // namespace kursbase::store
