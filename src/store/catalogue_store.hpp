#pragma once
// Storage of the public course catalogue: organisations, places, courses with
// their programmes, and runs. One interface, one SOCI implementation shared by
// the engines; only full-text search differs per engine (TextSearch).
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "domain/catalogue/catalogue_index.hpp"
#include "domain/catalogue/course.hpp"
#include "domain/catalogue/organisation.hpp"
#include "domain/core/result.hpp"
#include "domain/catalogue/run.hpp"

namespace kursbase::store {

class Database;

// Organisations, municipalities and diagnosis areas: small, read often, used to
// name things and to check filter values.
struct ReferenceData {
  std::vector<Organisation> organisations;
  std::vector<Municipality> municipalities;
  std::vector<DiagnosisArea> diagnosis_areas;
};

struct CourseRecord {
  Course course;
  std::vector<RunListing> runs;  // every run, ordered by first session
};

struct RunRecord {
  RunListing run;
  std::int64_t waitlisted = 0;
  CourseId course_id = 0;
  std::string course_title;
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

  // Changes whenever something the public catalogue shows changes.
  virtual Result<std::int64_t> catalogue_version() = 0;
  virtual Result<ReferenceData> reference_data() = 0;
  // Every published course with its runs, HF/RHF resolved from the owner.
  virtual Result<std::vector<CourseListing>> published_listings() = 0;
  // Published courses matching every folded term (as a prefix), with a score.
  virtual Result<TextMatches> match_text(const std::vector<std::string>& terms) = 0;
  virtual Result<std::optional<CourseRecord>> find_course(CourseId id) = 0;
  virtual Result<std::optional<RunRecord>> find_run(RunId id) = 0;
  virtual Result<bool> is_empty() = 0;
  // Writes everything in one transaction, keeping the given ids.
  virtual Status import_catalogue(const CatalogueImport& data) = 0;
};

std::unique_ptr<CatalogueStore> make_catalogue_store(Database& db);

}  // namespace kursbase::store
