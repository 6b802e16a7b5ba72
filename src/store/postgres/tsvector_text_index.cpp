#include <string>

#include "store/sql/index_words.hpp"
#include "store/sql/text_index.hpp"

namespace kursbase::store {
namespace {

// The text is folded before it reaches PostgreSQL (domain/catalogue/search_text.hpp) and
// reduced to the words both engines see (index_words.hpp), so the 'simple'
// configuration plus prefix matching gives the same matches as FTS5.
constexpr const char* kPut =
    "INSERT INTO course_text (course_id, document) VALUES (:id, "
    "setweight(to_tsvector('simple', :title), 'A') || setweight(to_tsvector('simple', "
    ":subjects), 'B') || setweight(to_tsvector('simple', :places), 'C') || "
    "setweight(to_tsvector('simple', :body), 'D')) "
    "ON CONFLICT (course_id) DO UPDATE SET document = excluded.document";
constexpr const char* kMatch =
    "SELECT t.course_id, ts_rank(t.document, to_tsquery('simple', :q)) FROM course_text t "
    "JOIN course c ON c.id = t.course_id "
    "WHERE t.document @@ to_tsquery('simple', :q2) AND c.status = 'published'";
// Every lexeme of the index with the number of documents that have it, as
// FTS5's vocabulary table gives them on SQLite.
constexpr const char* kVocabulary =
    "SELECT word, ndoc FROM ts_stat('SELECT document FROM course_text')";

// Letters and digits only (index_words.hpp): nothing in a term is tsquery syntax.
std::string prefix_term(const std::string& word) { return word + ":*"; }

class TsvectorTextIndex final : public TextIndex {
 public:
  void put(soci::session& sql, const CourseText& t) override {
    long long id = t.course_id;
    const std::string title = index_words(t.title), subjects = index_words(t.subjects),
                      body = index_words(t.body), places = index_words(t.places);
    sql << kPut, soci::use(id, "id"), soci::use(title, "title"), soci::use(subjects, "subjects"),
        soci::use(places, "places"), soci::use(body, "body");
  }

  TextMatches match(soci::session& sql, const TextQuery& text) override {
    const std::string query = boolean_query(text, {prefix_term, " & ", " | "});
    if (query.empty()) return {};
    TextMatches out;
    long long id = 0;
    double score = 0;
    soci::statement st = (sql.prepare << kMatch, soci::use(query, "q"), soci::use(query, "q2"),
                          soci::into(id), soci::into(score));
    st.execute();
    while (st.fetch()) out.emplace(id, score);
    return out;
  }

  std::vector<SearchWord> vocabulary(soci::session& sql) override {
    return read_vocabulary(sql, kVocabulary);
  }
};

}  // namespace

std::unique_ptr<TextIndex> make_postgres_text_index() {
  return std::make_unique<TsvectorTextIndex>();
}

}  // namespace kursbase::store
