#pragma once
// Use cases of the public catalogue: search, show a course, show a run.
// Public data only (no personal data), so no access decision and no audit here.
//
// The search runs on an in-memory CatalogueIndex (domain/catalogue/catalogue_index.hpp)
// built from the store; a server checks the store's catalogue version at most
// once per `refresh_interval` and rebuilds when it changed, so a change made by
// another server shows within that interval. Course and run pages always read
// the store directly.
//
// Thread safety: all methods may be called from any thread.
#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "domain/catalogue/catalogue_index.hpp"
#include "domain/catalogue/catalogue_query.hpp"
#include "store/catalogue_store.hpp"

namespace kursbase::app {

using Clock = std::function<Instant()>;

// Names and kinds of things, for checking filters and showing labels.
struct Reference {
  store::ReferenceData data;
  std::unordered_map<std::int64_t, const Organisation*> organisations;
  std::unordered_map<std::string, const Municipality*> municipalities;
  std::unordered_map<std::string, const DiagnosisArea*> diagnosis_areas;

  explicit Reference(store::ReferenceData d);
  Reference(const Reference&) = delete;
  const Organisation* organisation(std::int64_t id) const;
  // The nearest organisation of `kind` at or above `id`.
  const Organisation* ancestor(std::int64_t id, OrganisationKind kind) const;
};

struct CatalogueResult {
  CatalogueQuery query;
  CatalogueSearch search;
  std::shared_ptr<const Reference> reference;
};

struct CourseView {
  store::CourseRecord record;
  std::shared_ptr<const Reference> reference;
};

struct RunView {
  store::RunRecord record;
  RunStatus status;
  std::shared_ptr<const Reference> reference;
};

class CatalogueService {
 public:
  CatalogueService(store::CatalogueStore& store, Clock clock,
                   std::chrono::milliseconds refresh_interval = std::chrono::seconds(1));

  Result<CatalogueResult> search(const CatalogueQuery& query);
  Result<CourseView> course(CourseId id);
  Result<RunView> run(RunId id);
  Instant now() const { return clock_(); }

 private:
  struct Snapshot {
    std::int64_t version;
    std::shared_ptr<const Reference> reference;
    CatalogueIndex index;
    // Full-text matches by query terms, for this version of the catalogue:
    // ranking a common word ("pårørende": half the catalogue) costs the
    // database milliseconds, and people search the same words again and again.
    mutable std::mutex text_mutex;
    mutable std::unordered_map<std::string, std::shared_ptr<const TextMatches>> text_cache;
  };
  static constexpr std::size_t kTextCacheEntries = 1024;
  Result<std::shared_ptr<const TextMatches>> text_matches(const Snapshot& snapshot,
                                                          const std::vector<std::string>& terms);
  Result<std::shared_ptr<const Snapshot>> snapshot();
  Status check_filters(const CatalogueQuery& q, const Reference& ref) const;

  store::CatalogueStore& store_;
  Clock clock_;
  std::chrono::milliseconds refresh_interval_;
  std::mutex mutex_;  // guards snapshot_ and serialises rebuilds
  std::shared_ptr<const Snapshot> snapshot_;
  std::atomic<std::int64_t> next_check_ms_{0};
};

}  // namespace kursbase::app
