#include <string>

#include "store/text_index.hpp"

namespace kursbase::store {
namespace {

// The text is folded before it reaches PostgreSQL (domain/search_text.hpp), so
// the 'simple' configuration plus prefix matching gives the same matches as FTS5.
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

class TsvectorTextIndex final : public TextIndex {
 public:
  void put(soci::session& sql, const CourseText& t) override {
    long long id = t.course_id;
    sql << kPut, soci::use(id, "id"), soci::use(t.title, "title"),
        soci::use(t.subjects, "subjects"), soci::use(t.places, "places"),
        soci::use(t.body, "body");
  }

  TextMatches match(soci::session& sql, const std::vector<std::string>& terms) override {
    std::string query;
    for (const auto& term : terms) {
      if (!query.empty()) query += " & ";
      query += term + ":*";
    }
    TextMatches out;
    long long id = 0;
    double score = 0;
    soci::statement st = (sql.prepare << kMatch, soci::use(query, "q"), soci::use(query, "q2"),
                          soci::into(id), soci::into(score));
    st.execute();
    while (st.fetch()) out.emplace(id, score);
    return out;
  }
};

}  // namespace

std::unique_ptr<TextIndex> make_postgres_text_index() {
  return std::make_unique<TsvectorTextIndex>();
}

}  // namespace kursbase::store
