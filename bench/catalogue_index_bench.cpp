// Hot code of catalogue search, without HTTP or the database: the in-memory
// index over the scale-10 demo catalogue (15,000 courses, ~50,000 runs).
// Run: build/bench/kursbase_bench --benchmark_min_time=1
#include <benchmark/benchmark.h>

#include <unordered_map>

#include "demo/demo_catalogue.hpp"
#include "domain/catalogue/catalogue_index.hpp"
#include "domain/catalogue/search_text.hpp"

namespace kursbase {
namespace {

const Day kToday = *parse_day("2027-01-10");
const Instant kNow = Instant{kToday} + std::chrono::hours{12};

// Listings as the store would build them (HF/RHF resolved from the owner).
std::vector<CourseListing> listings(int scale) {
  auto demo = demo::generate_demo_catalogue(scale, 1, kToday);
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
    CourseListing l{c.id, c.title, c.summary, c.field, c.target_groups, c.languages,
                    c.interpreter_available, c.format, c.referral_required, c.owner_id,
                    orgs.at(c.owner_id)->name, {}, {}, {}, c.diagnosis_keys, {}};
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

void BM_FoldSearchText(benchmark::State& state) {
  const std::string text =
      "Mestringskurs for pårørende til personer med demens – Lærings- og mestringssenteret";
  for (auto _ : state) benchmark::DoNotOptimize(fold_search_text(text));
}
BENCHMARK(BM_FoldSearchText);

}  // namespace
}  // namespace kursbase

BENCHMARK_MAIN();
