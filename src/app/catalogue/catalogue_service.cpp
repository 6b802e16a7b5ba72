#include "app/catalogue/catalogue_service.hpp"

#include "app/core/oslo_time.hpp"
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

CatalogueService::CatalogueService(store::CatalogueStore& store, Clock clock,
                                   std::chrono::milliseconds refresh_interval)
    : store_(store), clock_(std::move(clock)), refresh_interval_(refresh_interval) {}

Result<std::shared_ptr<const CatalogueService::Snapshot>> CatalogueService::snapshot() {
  const auto now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::steady_clock::now().time_since_epoch())
                          .count();
  std::shared_ptr<const Snapshot> current;
  {
    std::lock_guard lock(mutex_);
    current = snapshot_;
  }
  if (current && now_ms < next_check_ms_.load(std::memory_order_relaxed)) return current;

  // One thread checks and rebuilds; the others keep serving the current one.
  std::unique_lock lock(mutex_, std::try_to_lock);
  if (!lock.owns_lock()) {
    if (current) return current;
    lock.lock();  // first build: everyone waits for it
    if (snapshot_) return snapshot_;
  }
  next_check_ms_.store(now_ms + refresh_interval_.count(), std::memory_order_relaxed);
  auto version = store_.catalogue_version();
  if (!version) return current ? Result<std::shared_ptr<const Snapshot>>(current) : version.error();
  if (snapshot_ && snapshot_->version == *version) return snapshot_;
  auto ref = store_.reference_data();
  if (!ref) return ref.error();
  auto listings = store_.published_listings();
  if (!listings) return listings.error();
  auto fresh = std::make_shared<Snapshot>(
      *version, std::make_shared<const Reference>(std::move(*ref)),
      CatalogueIndex(std::move(*listings)));
  snapshot_ = std::move(fresh);
  return snapshot_;
}

Result<std::shared_ptr<const TextMatches>> CatalogueService::text_matches(
    const Snapshot& snapshot, const std::vector<std::string>& terms) {
  std::string key;
  for (const auto& t : terms) key += t + ' ';
  {
    std::lock_guard lock(snapshot.text_mutex);
    if (auto it = snapshot.text_cache.find(key); it != snapshot.text_cache.end()) return it->second;
  }
  auto found = store_.match_text(terms);
  if (!found) return found.error();
  auto shared = std::make_shared<const TextMatches>(std::move(*found));
  std::lock_guard lock(snapshot.text_mutex);
  // Bounded: forget everything when full; the common words come back first.
  if (snapshot.text_cache.size() >= kTextCacheEntries) snapshot.text_cache.clear();
  snapshot.text_cache.emplace(std::move(key), shared);
  return shared;
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
  const auto& s = **snap;
  if (auto checked = check_filters(query, *s.reference); !checked) return checked.error();

  StartWindow window;
  if (query.from) window.from = oslo_midnight(*query.from);
  if (query.to) window.until = oslo_midnight(*query.to + std::chrono::days{1});

  std::shared_ptr<const TextMatches> matches;
  if (auto terms = search_terms(query.text); !terms.empty()) {
    auto found = text_matches(s, terms);
    if (!found) return found.error();
    matches = std::move(*found);
  }
  auto result = s.index.search(query, window, matches.get(), clock_());
  return CatalogueResult{query, std::move(result), s.reference};
}

Result<CourseView> CatalogueService::course(CourseId id) {
  auto snap = snapshot();
  if (!snap) return snap.error();
  auto record = store_.find_course(id);
  if (!record) return record.error();
  if (!*record) return not_found("course.error.not_found", "no such published course");
  return CourseView{std::move(**record), (*snap)->reference};
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
