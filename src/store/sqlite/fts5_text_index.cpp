#include <string>

#include "store/sql/index_words.hpp"
#include "store/sql/text_index.hpp"

namespace kursbase::store {
namespace {

constexpr const char* kPut =
    "INSERT OR REPLACE INTO course_text (rowid, title, subjects, body, places) "
    "VALUES (:id, :title, :subjects, :body, :places)";
// bm25 weights: title, subjects, body, places. bm25 is lower-is-better, so negate.
constexpr const char* kMatch =
    "SELECT t.rowid, -bm25(course_text, 8.0, 4.0, 1.0, 2.0) FROM course_text t "
    "JOIN course c ON c.id = t.rowid "
    "WHERE course_text MATCH :q AND c.status = 'published'";
// The fts5vocab table over course_text (migrations/sqlite/0012_search_vocabulary.sql).
constexpr const char* kVocabulary = "SELECT term, doc FROM course_text_vocabulary";

// Terms are letters and digits only (index_words.hpp), so quoting each as an
// FTS5 string is safe. `"kols"*` is a prefix query: parkinson finds parkinsons.
std::string prefix_term(const std::string& word) { return '"' + word + "\"*"; }

class Fts5TextIndex final : public TextIndex {
 public:
  void put(soci::session& sql, const CourseText& t) override {
    long long id = t.course_id;
    const std::string title = index_words(t.title), subjects = index_words(t.subjects),
                      body = index_words(t.body), places = index_words(t.places);
    sql << kPut, soci::use(id), soci::use(title), soci::use(subjects), soci::use(body),
        soci::use(places);
  }

  TextMatches match(soci::session& sql, const TextQuery& text) override {
    const std::string query = boolean_query(text, {prefix_term, " AND ", " OR "});
    if (query.empty()) return {};
    TextMatches out;
    long long id = 0;
    double score = 0;
    soci::statement st =
        (sql.prepare << kMatch, soci::use(query), soci::into(id), soci::into(score));
    st.execute();
    while (st.fetch()) out.emplace(id, score);
    return out;
  }

  std::vector<SearchWord> vocabulary(soci::session& sql) override {
    return read_vocabulary(sql, kVocabulary);
  }
};

}  // namespace

std::unique_ptr<TextIndex> make_sqlite_text_index() { return std::make_unique<Fts5TextIndex>(); }

}  // namespace kursbase::store
