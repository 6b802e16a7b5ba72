#pragma once
// The public catalogue's search over published courses: filters, per-value
// counts (facets), ordering and paging, held in memory as a read model.
//
// Why in memory: every search page shows counts for ~10 filters, each computed
// with the other filters applied ("disjunctive" facets). Counting in SQL costs a
// scan per filter per request. Here each filter value holds the set of courses
// that have it as a bitset (one bit per course: 15,000 courses are 235 words), so
// a filter is a few ORs and ANDs of bitsets, and a facet counts only the courses
// left by the other filters (or, when more than half are left, subtracts the
// ones filtered out from the precomputed totals). What depends on the clock
// (the order by next start, which runs are open for sign-up) is computed once
// and reused until the next start, deadline or end passes. An earlier version
// scanned every course per search: 0.7-0.8 ms uncached at scale 10; figures in
// docs/performance.md and bench/catalogue_index_bench.cpp. The free-text part
// stays in the database's full-text index (SQLite FTS5, PostgreSQL tsvector),
// whose matches come in as `TextMatches`. The app rebuilds the index when the
// catalogue changes (see app/catalogue/catalogue_service.hpp).
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "domain/catalogue/catalogue_query.hpp"
#include "domain/catalogue/course.hpp"
#include "domain/catalogue/run.hpp"

namespace kursbase {

// What the catalogue needs of one run: the run itself and how many are confirmed.
struct RunListing {
  Run run;
  int confirmed = 0;
};

// What the catalogue needs of one published course.
struct CourseListing {
  CourseId id = 0;
  std::string title;
  std::string summary;
  std::string text_language = "nb";
  std::vector<CourseTranslation> translations;  // titles and summaries
  Field field = Field::Somatic;
  std::vector<TargetGroup> target_groups;
  std::vector<std::string> languages;
  bool interpreter_available = false;
  CourseFormat format = CourseFormat::OnSite;
  bool referral_required = false;
  OrganisationId owner_id = 0;
  std::string owner_name;
  std::optional<OrganisationId> health_trust_id;  // HF above the owner, if any
  std::optional<OrganisationId> region_id;        // RHF above that HF, if any
  std::vector<std::string> municipalities;        // of the owner and the runs' places
  std::vector<std::string> diagnosis_keys;
  std::vector<RunListing> runs;
};

// What a reader of `language` sees of the listing (course_translation.hpp).
inline CourseWording wording_for(const CourseListing& c, std::string_view language) {
  return wording_for(language, c.text_language, c.title, c.summary, {}, c.translations);
}

// Course id → relevance score (higher is better) for the query's free text;
// a course absent from the map does not match the text.
using TextMatches = std::unordered_map<CourseId, double>;

// A time window [from, until) for "has a run starting in"; the app turns the
// query's calendar days into instants in Europe/Oslo.
struct StartWindow {
  std::optional<Instant> from;
  std::optional<Instant> until;
};

struct FacetValue {
  std::string key;  // id, number or enum key as in URLs
  int count = 0;
};

struct Facets {
  std::vector<FacetValue> regions, health_trusts, municipalities, fields, diagnoses, target_groups,
      languages, formats;
  int free_seats = 0;        // courses that would match with "has free seats" on
  int open_for_sign_up = 0;  // ... with "open for sign-up" on
  int no_referral = 0;       // ... with "no referral needed" on
};

struct CatalogueHit {
  // Shared with the index that found it (a hit stays valid when the index is
  // replaced); shared rather than copied, which was a third of a search's cost.
  std::shared_ptr<const CourseListing> course;
  // The first run still to start that one can sign up for (or join the
  // waiting list of); if there is none, the first still to start.
  std::optional<RunListing> next_run;
  int upcoming_runs = 0;  // runs still to start
  double relevance = 0;   // tier 1..4 of the text match (4: within a quarter of the best)
};

struct CatalogueSearch {
  std::vector<CatalogueHit> items;  // the requested page
  int total = 0;                    // matches over all pages
  Facets facets;
};

// Thread safety: search() and find() may be called from any number of threads
// at once; an index is never changed after it is built (a new catalogue is a new
// index).
class CatalogueIndex {
 public:
  explicit CatalogueIndex(std::vector<CourseListing> courses);
  ~CatalogueIndex();
  CatalogueIndex(CatalogueIndex&&) noexcept;
  CatalogueIndex& operator=(CatalogueIndex&&) noexcept;

  // `text` is required when query.text has search terms (null: no text filter).
  CatalogueSearch search(const CatalogueQuery& query, const StartWindow& window,
                         const TextMatches* text, Instant now) const;

  const CourseListing* find(CourseId id) const;
  std::size_t size() const;

 private:
  struct State;  // the bitsets, dictionaries and the clock-dependent view (catalogue_index.cpp)
  std::unique_ptr<State> state_;
};

}  // namespace kursbase
