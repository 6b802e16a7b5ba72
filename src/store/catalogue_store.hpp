#pragma once
// Storage of the public course catalogue: organisations, places, courses with
// their programmes, and runs. One interface, one SOCI implementation shared by
// the engines; only full-text search differs per engine (TextSearch).
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "domain/catalogue/catalogue_index.hpp"
#include "domain/catalogue/course.hpp"
#include "domain/catalogue/organisation.hpp"
#include "domain/catalogue/run.hpp"
#include "domain/catalogue/search_vocabulary.hpp"
#include "domain/catalogue/text_query.hpp"
#include "domain/core/result.hpp"

namespace kursbase::store {

class Database;

// Organisations, municipalities, diagnosis areas and completion schemes: small,
// read often, used to name things and to check filter and form values.
struct ReferenceData {
  std::vector<Organisation> organisations;
  std::vector<Municipality> municipalities;
  std::vector<DiagnosisArea> diagnosis_areas;
  std::vector<CompletionScheme> completion_schemes;  // in the order a form offers them
};

struct CourseRecord {
  Course course;
  std::vector<RunListing> runs;  // every run, ordered by first session
};

struct RunRecord {
  RunListing run;
  std::int64_t waitlisted = 0;
  CourseId course_id = 0;
  std::string course_title;  // in course_text_language
  std::string course_text_language = "nb";
  std::vector<CourseTranslation> course_translations;  // titles only
};

// The course's title as a reader of `language` sees it, with its language.
inline CourseWording course_wording_for(const RunRecord& r, std::string_view language) {
  return wording_for(language, r.course_text_language, r.course_title, {}, {},
                     r.course_translations);
}
inline CourseTitles course_titles(const RunRecord& r) {
  return {r.course_text_language, r.course_title, r.course_translations};
}

// What a server polls to learn whether its catalogue read model is stale
// (app/catalogue/catalogue_service.hpp). Two stamps are equal only if nothing
// the public catalogue shows has changed between their readings:
// - `version` moves with every change of course data and with every import
//   (whoever writes courses, their texts, filters or a run's place and
//   sessions bumps catalogue_state.version in the same transaction);
// - `runs` and `run_changes` (count and sum of the runs' change stamps, see
//   migrations/*/0007_run_change_stamp.sql) move with every change of a run's
//   seat figures (RunFigures), kept by a trigger in the transaction that
//   makes it, so sign-ups touch no row but their run's.
struct CatalogueStamp {
  std::int64_t version = 0;
  std::int64_t runs = 0;
  std::int64_t run_changes = 0;
  bool operator==(const CatalogueStamp&) const = default;
};

// Full-text matches with the catalogue version they are of: both are read in
// one snapshot of the database, and a save moves catalogue_state.version and
// rewrites its course's full-text entry in one transaction, so `matches` are
// those of catalogue version `version` exactly.
struct VersionedTextMatches {
  std::int64_t version = 0;
  TextMatches matches;
};

// The figures of a published run that seat changes move: enough to patch a
// read model without reading courses again.
struct RunFigures {
  RunId id = 0;
  CourseId course_id = 0;
  RunState state = RunState::Draft;
  int min_participants = 0;
  int capacity = 0;
  Instant registration_deadline;
  int confirmed = 0;
};

// Everything written at once by `kursbase demo` or an import.
struct CatalogueImport {
  std::vector<Organisation> organisations;  // parents before children
  std::vector<Municipality> municipalities;
  std::vector<DiagnosisArea> diagnosis_areas;
  std::vector<Course> courses;
  std::vector<Run> runs;
};

class CatalogueStore {
 public:
  virtual ~CatalogueStore() = default;

  // catalogue_state.version alone: changes with course data and imports, not
  // with seats (see CatalogueStamp).
  virtual Result<std::int64_t> catalogue_version() = 0;
  // One statement, no join: a count and a sum over the runs (2-3 ms for the
  // 50 494 runs of the scale-10 demo on SQLite; measured figures at
  // kCatalogueStamp in sql/sql_catalogue_store.cpp); once per refresh interval.
  virtual Result<CatalogueStamp> catalogue_stamp() = 0;
  // The seat figures of every run that published_listings() lists (not in
  // draft, of a published course), in no particular order.
  virtual Result<std::vector<RunFigures>> run_figures() = 0;
  virtual Result<ReferenceData> reference_data() = 0;
  // Every published course with its runs, HF/RHF resolved from the owner.
  virtual Result<std::vector<CourseListing>> published_listings() = 0;
  // Published courses matching the query (folded terms as word prefixes), with
  // a score, and the catalogue version they are of (see VersionedTextMatches):
  // what lets a read model tell whether they are its own version's matches.
  virtual Result<VersionedTextMatches> match_text_with_version(const TextQuery& query) = 0;
  // The same without the version.
  Result<TextMatches> match_text(const TextQuery& query) {
    auto found = match_text_with_version(query);
    if (!found) return found.error();
    return std::move(found->matches);
  }
  // The words of the full-text index and how many courses have each (see
  // TextIndex::vocabulary), to correct what people mistype. Read once per
  // catalogue version: 15 000 courses' words (figure in docs/performance.md).
  virtual Result<std::vector<SearchWord>> search_words() = 0;
  virtual Result<std::optional<CourseRecord>> find_course(CourseId id) = 0;
  virtual Result<std::optional<RunRecord>> find_run(RunId id) = 0;
  virtual Result<bool> is_empty() = 0;
  // Writes everything in one transaction, keeping the given ids.
  virtual Status import_catalogue(const CatalogueImport& data) = 0;
};

std::unique_ptr<CatalogueStore> make_catalogue_store(Database& db);

}  // namespace kursbase::store
