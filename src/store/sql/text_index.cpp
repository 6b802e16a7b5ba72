#include "store/sql/text_index.hpp"

#include <algorithm>

#include "domain/catalogue/search_text.hpp"
#include "store/sql/index_words.hpp"

namespace kursbase::store {

CourseText course_text(const Course& c, const std::string& subjects, const std::string& places) {
  CourseText t;
  t.course_id = c.id;
  std::string titles = c.title, bodies = c.summary + ' ' + c.description;
  for (const auto& tr : c.translations) {
    titles += ' ' + tr.title;
    bodies += ' ' + tr.summary + ' ' + tr.description;
  }
  t.title = fold_search_text(titles);
  t.subjects = fold_search_text(subjects);
  t.body = fold_search_text(bodies);
  t.places = fold_search_text(places);
  return t;
}

CourseText course_text(soci::session& sql, const Course& c) {
  std::string subjects, places, a, b;
  for (const auto& key : c.diagnosis_keys) {
    soci::indicator ind = soci::i_null;
    sql << "SELECT name, icd10 FROM diagnosis_area WHERE key = :k", soci::use(key), soci::into(a),
        soci::into(b, ind);
    if (sql.got_data()) subjects += a + ' ' + (ind == soci::i_ok ? b : "") + ' ';
  }
  // The owner and its parents (an HF's department, its HF, the region).
  long long id = c.owner_id;
  for (int depth = 0; depth < 16; ++depth) {
    long long parent = 0;
    soci::indicator parent_ind = soci::i_null;
    sql << "SELECT name, parent_id FROM organisation WHERE id = :id", soci::use(id), soci::into(a),
        soci::into(parent, parent_ind);
    if (!sql.got_data()) break;
    places += a + ' ';
    if (parent_ind != soci::i_ok) break;
    id = parent;
  }
  long long cid = c.id;
  soci::indicator place_ind = soci::i_null, name_ind = soci::i_null;
  soci::statement st =
      (sql.prepare << "SELECT r.location_postal_place, m.name FROM run r LEFT JOIN municipality m "
                      "ON m.number = r.location_municipality WHERE r.course_id = :id ORDER BY r.id",
       soci::use(cid), soci::into(a, place_ind), soci::into(b, name_ind));
  st.execute();
  while (st.fetch()) {
    if (place_ind == soci::i_ok) places += ' ' + a;
    if (name_ind == soci::i_ok) places += ' ' + b;
  }
  return course_text(c, subjects, places);
}

std::unique_ptr<TextIndex> make_sqlite_text_index();
std::unique_ptr<TextIndex> make_postgres_text_index();

std::unique_ptr<TextIndex> make_text_index(Engine engine) {
  return engine == Engine::Sqlite ? make_sqlite_text_index() : make_postgres_text_index();
}

std::string boolean_query(const TextQuery& query, const QuerySyntax& syntax) {
  std::vector<std::string> groups;
  for (const auto& group : query.groups) {
    std::vector<std::string> alternatives;
    for (const auto& alternative : group) {
      std::string all;
      for (const auto& word : index_terms(alternative))
        all += (all.empty() ? "" : syntax.all_of) + syntax.term(word);
      if (!all.empty() &&
          std::find(alternatives.begin(), alternatives.end(), all) == alternatives.end())
        alternatives.push_back("(" + all + ")");
    }
    if (alternatives.empty()) continue;
    std::string any;
    for (const auto& a : alternatives) any += (any.empty() ? "" : syntax.any_of) + a;
    groups.push_back("(" + any + ")");
  }
  std::string out;
  for (const auto& g : groups) out += (out.empty() ? "" : syntax.all_of) + g;
  return out;
}

std::vector<SearchWord> read_vocabulary(soci::session& sql, const char* select) {
  std::vector<SearchWord> out;
  std::string word;
  int courses = 0;
  soci::statement st = (sql.prepare << select, soci::into(word), soci::into(courses));
  st.execute();
  while (st.fetch()) out.push_back({word, courses});
  return out;
}

}  // namespace kursbase::store
