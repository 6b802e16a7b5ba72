#include "store/sql/text_index.hpp"

#include <algorithm>

#include "store/sql/index_words.hpp"

namespace kursbase::store {

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
