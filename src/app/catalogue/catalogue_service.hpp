#pragma once
// Use cases of the public catalogue: search, show a course, show a run.
// Public data only (no personal data), so no access decision and no audit here.
//
// The search runs on an in-memory snapshot (a CatalogueIndex,
// domain/catalogue/catalogue_index.hpp) built from the store. A server polls
// the store's CatalogueStamp at most once per `refresh_interval`, on the
// request that finds the interval over; every change that a search result
// shows moves the stamp (store/catalogue_store.hpp), so it reaches search
// within one interval, from this server or any other on the database. When
// only seat figures moved, the snapshot is patched from the runs' figures
// (one query) instead of read again whole. Course pages are read from the
// store once per snapshot and then served from memory; run pages always read
// the store (they show the waiting-list count, which the stamp does not follow).
//
// A text search answers from one catalogue version. Free text is matched by
// the database's full-text index, which is always at the newest version, not
// by the snapshot: the matches come with the catalogue version they are of
// (CatalogueStore::match_text_with_version), and they are used with, and
// cached for, only a snapshot of that version. When the database is ahead (a
// course saved since the snapshot was read), the search brings the snapshot
// up to date at once instead of waiting for the interval, and matches again
// with it. That costs nothing while the words are cached for the snapshot
// (the usual case); a miss already goes to the database. If saves keep coming
// in meanwhile (kCatchUps refreshes in a row, each overtaken), or the refresh
// fails, the search answers with the newest snapshot and the newest matches,
// not cached: then, and only then, an answer can show a course found by the
// words of a newer version than the one it shows. A snapshot's data is
// read in several statements after its stamp, so a save in between can make
// it newer than its stamp, or on PostgreSQL part old and part new: text
// searches notice (their matches are then of a newer version) and catch up;
// searches without text show it until the next refresh.
//
// Snapshots are immutable and published by swapping one pointer. At most one
// refresh runs at a time per service; a request that finds one running
// serves the current snapshot instead of queueing (only the very first build,
// with nothing to serve yet, is waited for). Searches without free text, and
// with words cached for the current snapshot, never wait for a refresh. A text
// search that found the database ahead of the snapshot (above) needs the
// newer snapshot: it waits for the refresh that is running, or runs one
// itself, and does not start a second when another caught up meanwhile. A
// refresh that fails keeps the last good snapshot, logs why (the error's code
// and detail, no personal data) and is tried again after the interval (text
// searches do not try it again sooner); with no snapshot yet, the request
// gets the store's error.
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
#include <vector>

#include "app/core/time_zone.hpp"
#include "domain/catalogue/catalogue_index.hpp"
#include "domain/catalogue/catalogue_query.hpp"
#include "domain/catalogue/search_interpretation.hpp"
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
  // How the free text was read (corrections, synonyms); empty without text.
  SearchInterpretation text;
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
  // `zone`: where a search's dates are days (from/to are local days).
  CatalogueService(store::CatalogueStore& store, Clock clock, const TimeZone& zone,
                   std::chrono::milliseconds refresh_interval = std::chrono::seconds(1));

  Result<CatalogueResult> search(const CatalogueQuery& query);
  Result<CourseView> course(CourseId id);
  Result<RunView> run(RunId id);
  Instant now() const { return clock_(); }

 private:
  // Full-text matches by query, for one catalogue version (only matches read
  // at the snapshot's version are put here): ranking a common word
  // ("pårørende": half the catalogue) costs the database milliseconds, and
  // people search the same words again and again. Seats do not change text
  // matches, so snapshots patched for seats share it, and the index's words,
  // read once per version to correct mistyped terms.
  struct TextCache {
    explicit TextCache(SearchVocabulary v) : vocabulary(std::move(v)) {}
    const SearchVocabulary vocabulary;
    std::mutex mutex;
    std::unordered_map<std::string, std::shared_ptr<const TextMatches>> entries;
  };
  // Course pages read for one snapshot: a course page is five queries
  // (course, programme, runs, sessions, places), and everything it shows moves
  // the stamp, so a new snapshot starts with an empty cache. Run pages are not
  // cached: they show the waiting-list count, which the stamp does not follow.
  struct PageCache {
    std::mutex mutex;
    std::unordered_map<CourseId, std::shared_ptr<const store::CourseRecord>> courses;
  };
  struct Snapshot {
    store::CatalogueStamp stamp;
    std::shared_ptr<const Reference> reference;
    CatalogueIndex index;
    std::vector<CourseId> course_ids;  // of `index`, to patch seats from
    std::shared_ptr<TextCache> text;
    std::shared_ptr<PageCache> pages = std::make_shared<PageCache>();
  };
  using SnapshotPtr = std::shared_ptr<const Snapshot>;
  static constexpr std::size_t kTextCacheEntries = 1024;
  // Every course of the scale-10 catalogue (15 000) fits; past this the cache
  // starts again empty rather than growing without bound.
  static constexpr std::size_t kPageCacheEntries = 20'000;
  // How many times a text search brings the snapshot up to the full-text
  // index's version before it answers with what it has (see the top): two
  // saves overtaking two refreshes in one search are already rare.
  static constexpr int kCatchUps = 2;
  struct TextAnswer {
    SearchInterpretation text;
    std::shared_ptr<const TextMatches> matches;
  };
  // The search words `terms` as read with `snapshot`'s vocabulary, and their
  // matches of `snapshot`'s catalogue version (but see kCatchUps). When the
  // database is ahead of `snapshot`, `snapshot` is replaced by a newer one.
  Result<TextAnswer> text_matches(SnapshotPtr& snapshot, const std::vector<std::string>& terms);
  Result<SnapshotPtr> snapshot();
  // A snapshot of catalogue version `version` or newer, for a text search that
  // read matches of `version` with `seen`: the one another request published
  // meanwhile, else a refresh now (waiting for one that runs). The current
  // snapshot, still behind, when a refresh failed within the interval or
  // fails now.
  SnapshotPtr catch_up(const SnapshotPtr& seen, std::int64_t version);
  // refresh(current) and publishing its snapshot; with refresh_mutex_ held.
  // `current` when the refresh fails and there is one (the failure is logged).
  Result<SnapshotPtr> refresh_and_publish(const SnapshotPtr& current, std::int64_t now_ms);
  // A snapshot for the store as it is now: `current` itself when its stamp is
  // still the store's, patched when only seat figures moved, else read whole.
  Result<SnapshotPtr> refresh(const SnapshotPtr& current);
  Result<SnapshotPtr> build(const store::CatalogueStamp& stamp);
  // Null when the set of runs differs from `current`'s (a full build is due).
  Result<SnapshotPtr> patch_seats(const Snapshot& current, const store::CatalogueStamp& stamp);
  Status check_filters(const CatalogueQuery& q, const Reference& ref) const;

  store::CatalogueStore& store_;
  Clock clock_;
  const TimeZone& zone_;
  std::chrono::milliseconds refresh_interval_;
  std::atomic<SnapshotPtr> snapshot_;  // the one readers use; swapped whole
  std::mutex refresh_mutex_;           // held by the one refresh at a time
  std::atomic<std::int64_t> next_check_ms_{0};
  bool last_refresh_failed_ = false;  // guarded by refresh_mutex_
};

}  // namespace kursbase::app
