#pragma once
// The engine-specific part of catalogue search: keeping a course's folded text
// in the engine's full-text index and matching folded terms against it.
// SQLite: FTS5 (sqlite/fts5_text_index.cpp); PostgreSQL: tsvector (postgres/).
#include <soci/soci.h>

#include <memory>
#include <string>
#include <vector>

#include "domain/catalogue/catalogue_index.hpp"
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

class TextIndex {
 public:
  virtual ~TextIndex() = default;
  virtual void put(soci::session& sql, const CourseText& text) = 0;
  // Published courses containing every term as a word prefix; score: higher is better.
  virtual TextMatches match(soci::session& sql, const std::vector<std::string>& terms) = 0;
};

std::unique_ptr<TextIndex> make_text_index(Engine engine);

}  // namespace kursbase::store
