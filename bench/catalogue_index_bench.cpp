// Hot code of catalogue search, without HTTP or the database: the in-memory
// index over the scale-10 demo catalogue (15,000 courses, ~50,000 runs).
// Run: build/bench/kursbase_bench --benchmark_min_time=1
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <random>
#include <unordered_map>

#include "adapters/tz/tzdb_time_zone.hpp"
#include "demo/demo_catalogue.hpp"
#include "domain/catalogue/catalogue_index.hpp"
#include "domain/catalogue/search_text.hpp"

namespace kursbase {
namespace {

const Day kToday = *parse_day("2027-01-10");
const Instant kNow = Instant{kToday} + std::chrono::hours{12};

// Listings as the store would build them (HF/RHF resolved from the owner).
std::vector<CourseListing> listings(int scale) {
  auto zone = adapters::TzdbTimeZone::locate("Europe/Oslo");
  if (!zone) std::abort();
  auto demo = demo::generate_demo_catalogue(
      scale, 1, kToday, [&](Day d, std::chrono::minutes t) { return (*zone)->instant_of(d, t); });
  std::unordered_map<std::int64_t, const Organisation*> orgs;
  for (const auto& o : demo.organisations) orgs.emplace(o.id, &o);
  auto ancestor = [&](std::int64_t id, OrganisationKind kind) -> std::optional<std::int64_t> {
    for (int depth = 0; depth < 8; ++depth) {
      auto it = orgs.find(id);
      if (it == orgs.end()) return std::nullopt;
      if (it->second->kind == kind) return id;
      if (!it->second->parent_id) return std::nullopt;
      id = *it->second->parent_id;
    }
    return std::nullopt;
  };
  std::unordered_map<std::int64_t, std::size_t> index;
  std::vector<CourseListing> out;
  for (const auto& c : demo.courses) {
    if (c.status != CourseStatus::Published) continue;
    CourseListing l{c.id,
                    c.title,
                    c.summary,
                    c.text_language,
                    c.translations,
                    c.field,
                    c.target_groups,
                    c.languages,
                    c.interpreter_available,
                    c.format,
                    c.referral_required,
                    c.owner_id,
                    orgs.at(c.owner_id)->name,
                    {},
                    {},
                    {},
                    c.diagnosis_keys,
                    {}};
    l.health_trust_id = ancestor(c.owner_id, OrganisationKind::HealthTrust);
    if (l.health_trust_id)
      l.region_id = ancestor(*l.health_trust_id, OrganisationKind::RegionalHealthAuthority);
    index.emplace(c.id, out.size());
    out.push_back(std::move(l));
  }
  for (const auto& r : demo.runs) {
    auto it = index.find(r.course_id);
    if (it == index.end() || r.state == RunState::Draft) continue;
    auto& c = out[it->second];
    if (r.location) c.municipalities.push_back(r.location->municipality_number);
    c.runs.push_back({r, r.capacity / 2});
  }
  return out;
}

const CatalogueIndex& index10() {
  static const CatalogueIndex idx(listings(10));
  return idx;
}

void BM_SearchNoFilters(benchmark::State& state) {
  const auto& idx = index10();
  CatalogueQuery q;
  for (auto _ : state) benchmark::DoNotOptimize(idx.search(q, {}, nullptr, kNow));
  state.SetLabel(std::to_string(idx.size()) + " courses");
}
BENCHMARK(BM_SearchNoFilters)->Unit(benchmark::kMicrosecond);

void BM_SearchThreeFilters(benchmark::State& state) {
  const auto& idx = index10();
  CatalogueQuery q;
  q.fields = {Field::MentalHealth};
  q.target_groups = {TargetGroup::Relatives};
  q.free_seats_only = true;
  for (auto _ : state) benchmark::DoNotOptimize(idx.search(q, {}, nullptr, kNow));
}
BENCHMARK(BM_SearchThreeFilters)->Unit(benchmark::kMicrosecond);

void BM_SearchWithTextMatches(benchmark::State& state) {
  const auto& idx = index10();
  // About 5 % of the catalogue matching, as for a diagnosis word.
  TextMatches text;
  for (std::int64_t id = 1; id <= std::int64_t(idx.size()); id += 20) text.emplace(id, 1.0 / id);
  CatalogueQuery q;
  for (auto _ : state) benchmark::DoNotOptimize(idx.search(q, {}, &text, kNow));
}
BENCHMARK(BM_SearchWithTextMatches)->Unit(benchmark::kMicrosecond);

// The long tail: 20,000 distinct filter combinations drawn from the facet
// values of the catalogue (one to four filters, some with a date window), each
// searched once per pass, as a public catalogue sees them (every combination
// is a URL of its own, so caches rarely help).
void BM_SearchLongTail(benchmark::State& state) {
  const auto& idx = index10();
  const auto all = idx.search(CatalogueQuery{}, {}, nullptr, kNow).facets;
  std::mt19937 rng(42);
  auto pick = [&](const std::vector<FacetValue>& f) { return f[rng() % f.size()].key; };
  struct Search {
    CatalogueQuery q;
    StartWindow w;
  };
  std::vector<Search> searches;
  while (searches.size() < 20'000) {
    Search s;
    for (int k = 1 + int(rng() % 4); k > 0; --k) {
      switch (rng() % 9) {
        case 0:
          s.q.regions.push_back(std::stoll(pick(all.regions)));
          break;
        case 1:
          s.q.health_trusts.push_back(std::stoll(pick(all.health_trusts)));
          break;
        case 2:
          s.q.municipalities.push_back(pick(all.municipalities));
          break;
        case 3:
          s.q.fields.push_back(*parse_key<Field>(pick(all.fields)));
          break;
        case 4:
          s.q.diagnoses.push_back(pick(all.diagnoses));
          break;
        case 5:
          s.q.target_groups.push_back(*parse_key<TargetGroup>(pick(all.target_groups)));
          break;
        case 6:
          s.q.languages.push_back(pick(all.languages));
          break;
        case 7:
          s.q.free_seats_only = true;
          break;
        default:
          s.w.from = kNow + std::chrono::days{rng() % 120};
          s.w.until = *s.w.from + std::chrono::days{7 + rng() % 60};
      }
    }
    s.q.page = 1 + int(rng() % 3);
    searches.push_back(std::move(s));
  }
  std::size_t i = 0;
  for (auto _ : state) {
    const auto& s = searches[i++ % searches.size()];
    benchmark::DoNotOptimize(idx.search(s.q, s.w, nullptr, kNow));
  }
  state.SetLabel("20000 distinct searches");
}
BENCHMARK(BM_SearchLongTail)->Unit(benchmark::kMicrosecond);

// Building the index from listings (a rebuild after a catalogue change), and
// the first search at a new instant (the clock-dependent view).
void BM_BuildIndex(benchmark::State& state) {
  const auto courses = listings(10);
  for (auto _ : state) {
    CatalogueIndex idx(courses);
    benchmark::DoNotOptimize(idx.search(CatalogueQuery{}, {}, nullptr, kNow));
  }
}
BENCHMARK(BM_BuildIndex)->Unit(benchmark::kMillisecond);

void BM_FoldSearchText(benchmark::State& state) {
  const std::string text =
      "Mestringskurs for pårørende til personer med demens – Lærings- og mestringssenteret";
  for (auto _ : state) benchmark::DoNotOptimize(fold_search_text(text));
}
BENCHMARK(BM_FoldSearchText);

}  // namespace
}  // namespace kursbase

BENCHMARK_MAIN();
