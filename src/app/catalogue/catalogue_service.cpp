#include "app/catalogue/catalogue_service.hpp"

#include <spdlog/spdlog.h>

#include <exception>

#include "domain/catalogue/search_text.hpp"

namespace kursbase::app {

Reference::Reference(store::ReferenceData d) : data(std::move(d)) {
  for (const auto& o : data.organisations) organisations.emplace(o.id, &o);
  for (const auto& m : data.municipalities) municipalities.emplace(m.number, &m);
  for (const auto& a : data.diagnosis_areas) diagnosis_areas.emplace(a.key, &a);
}

const Organisation* Reference::organisation(std::int64_t id) const {
  auto it = organisations.find(id);
  return it == organisations.end() ? nullptr : it->second;
}

const Organisation* Reference::ancestor(std::int64_t id, OrganisationKind kind) const {
  for (int depth = 0; depth < 16; ++depth) {
    const auto* o = organisation(id);
    if (!o) return nullptr;
    if (o->kind == kind) return o;
    if (!o->parent_id) return nullptr;
    id = *o->parent_id;
  }
  return nullptr;
}

CatalogueService::CatalogueService(store::CatalogueStore& store, Clock clock, const TimeZone& zone,
                                   std::chrono::milliseconds refresh_interval)
    : store_(store), clock_(std::move(clock)), zone_(zone), refresh_interval_(refresh_interval) {}

namespace {

std::int64_t steady_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace

Result<CatalogueService::SnapshotPtr> CatalogueService::snapshot() {
  const auto now_ms = steady_ms();
  SnapshotPtr current = snapshot_.load(std::memory_order_acquire);
  if (current && now_ms < next_check_ms_.load(std::memory_order_relaxed)) return current;

  // One refresh at a time; everyone else keeps serving the current snapshot.
  std::unique_lock lock(refresh_mutex_, std::try_to_lock);
  if (!lock.owns_lock()) {
    if (current) return current;
    lock.lock();  // the first build: nothing to serve until it is done
  }
  // Another thread may have refreshed (or built the first one) meanwhile.
  current = snapshot_.load(std::memory_order_acquire);
  if (current && now_ms < next_check_ms_.load(std::memory_order_relaxed)) return current;
  return refresh_and_publish(current, now_ms);
}

CatalogueService::SnapshotPtr CatalogueService::catch_up(const SnapshotPtr& seen,
                                                         std::int64_t version) {
  // Blocking, unlike snapshot(): this search has no answer of one version
  // until the refresh is done, and the one running may be what it needs.
  std::lock_guard lock(refresh_mutex_);
  SnapshotPtr current = snapshot_.load(std::memory_order_acquire);
  if (current != seen && current->stamp.version >= version) return current;
  const auto now_ms = steady_ms();
  // A failing refresh is retried once per interval, not by every text search.
  if (last_refresh_failed_ && now_ms < next_check_ms_.load(std::memory_order_relaxed))
    return current;
  auto fresh = refresh_and_publish(current, now_ms);
  return fresh ? *fresh : current;
}

Result<CatalogueService::SnapshotPtr> CatalogueService::refresh_and_publish(
    const SnapshotPtr& current, std::int64_t now_ms) {
  next_check_ms_.store(now_ms + refresh_interval_.count(), std::memory_order_relaxed);
  Result<SnapshotPtr> fresh = unavailable("catalogue refresh did not run");
  try {
    fresh = refresh(current);
  } catch (const std::exception& e) {  // a store must not throw; if it does, the same as failing
    fresh = unavailable(std::string("catalogue refresh threw: ") + e.what());
  }
  last_refresh_failed_ = !fresh;
  if (!fresh) {
    if (!current) return fresh.error();
    spdlog::warn("catalogue: refresh failed ({}: {}); still serving catalogue version {}",
                 fresh.error().message_key, fresh.error().detail, current->stamp.version);
    return current;
  }
  if (*fresh != current) snapshot_.store(*fresh, std::memory_order_release);
  return *fresh;
}

Result<CatalogueService::SnapshotPtr> CatalogueService::refresh(const SnapshotPtr& current) {
  auto stamp = store_.catalogue_stamp();
  if (!stamp) return stamp.error();
  if (current && current->stamp == *stamp) return current;
  if (current && current->stamp.version == stamp->version) {
    auto patched = patch_seats(*current, *stamp);
    if (!patched) return patched.error();
    if (*patched) return *patched;
  }
  return build(*stamp);
}

// The stamp is read before the data: a change committed in between is in the
// data but not the stamp, so the next poll merely refreshes once more.
Result<CatalogueService::SnapshotPtr> CatalogueService::build(const store::CatalogueStamp& stamp) {
  auto ref = store_.reference_data();
  if (!ref) return ref.error();
  auto listings = store_.published_listings();
  if (!listings) return listings.error();
  auto words = store_.search_words();
  if (!words) return words.error();
  std::vector<CourseId> ids;
  ids.reserve(listings->size());
  for (const auto& c : *listings) ids.push_back(c.id);
  return SnapshotPtr(std::make_shared<const Snapshot>(
      Snapshot{stamp, std::make_shared<const Reference>(std::move(*ref)),
               CatalogueIndex(std::move(*listings)), std::move(ids),
               std::make_shared<TextCache>(SearchVocabulary(std::move(*words)))}));
}

Result<CatalogueService::SnapshotPtr> CatalogueService::patch_seats(
    const Snapshot& current, const store::CatalogueStamp& stamp) {
  auto figures = store_.run_figures();
  if (!figures) return figures.error();
  std::unordered_map<RunId, const store::RunFigures*> by_run;
  by_run.reserve(figures->size());
  for (const auto& f : *figures) by_run.emplace(f.id, &f);

  std::vector<CourseListing> listings;
  listings.reserve(current.course_ids.size());
  std::size_t patched = 0;
  for (const auto id : current.course_ids) {
    const CourseListing* old = current.index.find(id);
    if (!old) return SnapshotPtr();
    listings.push_back(*old);
    for (auto& listing : listings.back().runs) {
      auto it = by_run.find(listing.run.id);
      if (it == by_run.end() || it->second->course_id != id) return SnapshotPtr();
      const store::RunFigures& f = *it->second;
      listing.run.state = f.state;
      listing.run.min_participants = f.min_participants;
      listing.run.capacity = f.capacity;
      listing.run.registration_deadline = f.registration_deadline;
      listing.confirmed = f.confirmed;
      ++patched;
    }
  }
  if (patched != by_run.size()) return SnapshotPtr();  // a run came or went
  return SnapshotPtr(std::make_shared<const Snapshot>(Snapshot{stamp, current.reference,
                                                               CatalogueIndex(std::move(listings)),
                                                               current.course_ids, current.text}));
}

// Matches read after `snapshot` was published and of its version are of the
// same catalogue version as its data, although build() reads the stamp before
// the data (a save in between makes the data newer than the stamp): the data
// was read between the two, and the version only grows. So matches read
// before a catch-up are not used with the newer snapshot, even when they are
// of its version: they are read again.
Result<CatalogueService::TextAnswer> CatalogueService::text_matches(
    SnapshotPtr& snapshot, const std::vector<std::string>& terms) {
  for (int catch_ups = 0;; ++catch_ups) {
    SearchInterpretation text = interpret_search(terms, snapshot->text->vocabulary);
    std::string key = text.query.key();
    TextCache& cache = *snapshot->text;
    {
      std::lock_guard lock(cache.mutex);
      if (auto it = cache.entries.find(key); it != cache.entries.end())
        return TextAnswer{std::move(text), it->second};
    }
    auto found = store_.match_text_with_version(text.query);
    if (!found) return found.error();
    auto matches = std::make_shared<const TextMatches>(std::move(found->matches));
    if (found->version == snapshot->stamp.version) {
      std::lock_guard lock(cache.mutex);
      // Bounded: forget everything when full; the common words come back first.
      if (cache.entries.size() >= kTextCacheEntries) cache.entries.clear();
      cache.entries.emplace(std::move(key), matches);
      return TextAnswer{std::move(text), std::move(matches)};
    }
    SnapshotPtr newer = catch_ups == kCatchUps ? snapshot : catch_up(snapshot, found->version);
    if (newer == snapshot) {
      // Overtaken kCatchUps times, or the refresh failed: answer as is, not
      // cached (see the header).
      spdlog::info(
          "catalogue: text matches of catalogue version {} answered with the snapshot of "
          "version {}",
          found->version, snapshot->stamp.version);
      return TextAnswer{std::move(text), std::move(matches)};
    }
    snapshot = std::move(newer);
  }
}

Status CatalogueService::check_filters(const CatalogueQuery& q, const Reference& ref) const {
  std::vector<FieldError> errors;
  auto fail = [&](const char* field) {
    for (const auto& e : errors)
      if (e.field == field) return;  // one message per field
    errors.push_back({field, "catalogue.error.unknown_value"});
  };
  auto is_kind = [&](std::int64_t id, OrganisationKind kind) {
    const auto* o = ref.organisation(id);
    return o && o->kind == kind;
  };
  for (auto id : q.regions)
    if (!is_kind(id, OrganisationKind::RegionalHealthAuthority)) fail("region");
  for (auto id : q.health_trusts)
    if (!is_kind(id, OrganisationKind::HealthTrust)) fail("hf");
  for (const auto& m : q.municipalities)
    if (!ref.municipalities.count(m)) fail("municipality");
  for (const auto& d : q.diagnoses)
    if (!ref.diagnosis_areas.count(d)) fail("diagnosis");
  if (errors.empty()) return ok_status();
  return malformed("catalogue.error.invalid_search", "unknown filter value", std::move(errors));
}

Result<CatalogueResult> CatalogueService::search(const CatalogueQuery& query) {
  auto snap = snapshot();
  if (!snap) return snap.error();
  SnapshotPtr s = std::move(*snap);
  if (auto checked = check_filters(query, *s->reference); !checked) return checked.error();

  StartWindow window;
  if (query.from) window.from = local_midnight(zone_, *query.from);
  if (query.to) window.until = local_midnight(zone_, *query.to + std::chrono::days{1});

  std::shared_ptr<const TextMatches> matches;
  SearchInterpretation text;
  if (auto terms = search_terms(query.text); !terms.empty()) {
    const Snapshot* checked_with = s.get();
    auto found = text_matches(s, terms);
    if (!found) return found.error();
    if (s.get() != checked_with) {  // caught up: the filter values may have changed too
      if (auto checked = check_filters(query, *s->reference); !checked) return checked.error();
    }
    text = std::move(found->text);
    matches = std::move(found->matches);
  }
  auto result = s->index.search(query, window, matches.get(), clock_());
  return CatalogueResult{query, std::move(text), std::move(result), s->reference};
}

Result<CourseView> CatalogueService::course(CourseId id) {
  auto snap = snapshot();
  if (!snap) return snap.error();
  PageCache& cache = *(*snap)->pages;
  {
    std::lock_guard lock(cache.mutex);
    if (auto it = cache.courses.find(id); it != cache.courses.end())
      return CourseView{*it->second, (*snap)->reference};
  }
  auto record = store_.find_course(id);
  if (!record) return record.error();
  if (!*record) return not_found("course.error.not_found", "no such published course");
  auto shared = std::make_shared<const store::CourseRecord>(std::move(**record));
  {
    std::lock_guard lock(cache.mutex);
    if (cache.courses.size() >= kPageCacheEntries) cache.courses.clear();
    cache.courses.emplace(id, shared);
  }
  return CourseView{*shared, (*snap)->reference};
}

Result<RunView> CatalogueService::run(RunId id) {
  auto snap = snapshot();
  if (!snap) return snap.error();
  auto record = store_.find_run(id);
  if (!record) return record.error();
  if (!*record) return not_found("run.error.not_found", "no such run");
  const auto status = run_status((*record)->run.run, (*record)->run.confirmed, clock_());
  return RunView{std::move(**record), status, (*snap)->reference};
}

}  // namespace kursbase::app
