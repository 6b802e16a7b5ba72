#pragma once
// The engine-specific part of catalogue search: keeping a course's folded text
// in the engine's full-text index and matching folded terms against it.
// SQLite: FTS5 (sqlite/fts5_text_index.cpp); PostgreSQL: tsvector (postgres/).
#include <soci/soci.h>

#include <memory>
#include <string>
#include <vector>

#include "domain/catalogue/catalogue_index.hpp"
#include "domain/catalogue/search_vocabulary.hpp"
#include "domain/catalogue/text_query.hpp"
#include "store/engine/database.hpp"

namespace kursbase::store {

// The text of one course, already folded (domain/catalogue/search_text.hpp).
struct CourseText {
  CourseId course_id = 0;
  std::string title;     // weighted most
  std::string subjects;  // diagnosis names and codes
  std::string body;      // summary and description
  std::string places;    // owner, HF, places of the runs
};

// The folded text of `course`: its own texts and every translation (a search
// in any of its languages finds it, weighted as its own text is), `subjects`
// (names and codes of its diagnosis areas) and `places` (its owners' names up
// the tree, its runs' places).
CourseText course_text(const Course& course, const std::string& subjects,
                       const std::string& places);
// The same with subjects and places read from the database: for one course
// saved by its owners.
CourseText course_text(soci::session& sql, const Course& course);

class TextIndex {
 public:
  virtual ~TextIndex() = default;
  virtual void put(soci::session& sql, const CourseText& text) = 0;
  // Published courses that match `query` (terms as word prefixes); score: higher is better.
  virtual TextMatches match(soci::session& sql, const TextQuery& query) = 0;
  // Every indexed word with the number of courses that have it (courses in
  // draft included: the index holds them too).
  virtual std::vector<SearchWord> vocabulary(soci::session& sql) = 0;
};

// How an engine writes a boolean full-text query.
struct QuerySyntax {
  std::string (*term)(const std::string& word);  // a word as a prefix query
  const char* all_of;                            // " AND ", " & "
  const char* any_of;                            // " OR ", " | "
};

// `query` in an engine's syntax, each term first reduced to the words both
// engines index (index_words.hpp). An alternative left with no word is
// dropped, and so is a group left with no alternative (as a term with no word
// in it is); empty when nothing is left: then nothing matches.
std::string boolean_query(const TextQuery& query, const QuerySyntax& syntax);

// Runs `select` (word, courses) and collects its rows.
std::vector<SearchWord> read_vocabulary(soci::session& sql, const char* select);

std::unique_ptr<TextIndex> make_text_index(Engine engine);

}  // namespace kursbase::store
