// The bitset index against a plain oracle: random catalogues and thousands of
// random searches, compared field by field (hits in order, totals, every facet).
// The oracle is written from the rules, one course at a time, with none of the
// index's machinery (no interning, no bitsets, no cached order), so that a
// mistake in a shortcut — the totals-minus-rest counting, the clock-dependent
// view reused between two `now`s, the window found by binary search — shows up
// as a difference.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <map>
#include <random>
#include <set>
#include <thread>

#include "domain/catalogue/catalogue_index.hpp"
#include "domain/catalogue/search_text.hpp"

namespace kursbase {
namespace {

using std::chrono::days;
using std::chrono::hours;
using std::chrono::seconds;

const Instant kEpoch = *parse_instant("2027-01-15T12:00:00Z");

template <class T>
bool contains(const std::vector<T>& v, const T& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}
template <class T>
bool any_in(const std::vector<T>& have, const std::vector<T>& wanted) {
  return std::any_of(have.begin(), have.end(), [&](const T& h) { return contains(wanted, h); });
}

bool in_window(const Run& run, const StartWindow& w) {
  auto start = run.first_start();
  return start && (!w.from || *start >= *w.from) && (!w.until || *start < *w.until);
}

// The rules, one course at a time.
CatalogueSearch oracle(const std::vector<CourseListing>& courses, const CatalogueQuery& q,
                       const StartWindow& w, const TextMatches* text, Instant now) {
  enum Dim {
    kRegion,
    kHf,
    kMunicipality,
    kField,
    kDiagnosis,
    kTarget,
    kLanguage,
    kFormat,
    kReferral,
    kRuns,
    kText,
    kDims
  };
  struct Course {
    const CourseListing* c;
    std::array<bool, kDims> ok;
    bool free_in_window;
    bool bookable_in_window;
    Instant next_start;
    Instant next_bookable;
    const RunListing* shown = nullptr;  // the next bookable run, else the next to start
  };
  std::vector<Course> all;
  const bool run_filter = w.from || w.until || q.free_seats_only || q.open_only;
  auto shown_key = [&](const RunListing& r) {
    return std::pair{!accepts_sign_ups(r.run, r.confirmed, now), *r.run.first_start()};
  };
  for (const auto& c : courses) {
    Course e{&c, {}, false, false, Instant::max(), Instant::max()};
    e.ok[kRegion] = q.regions.empty() || (c.region_id && contains(q.regions, *c.region_id));
    e.ok[kHf] = q.health_trusts.empty() ||
                (c.health_trust_id && contains(q.health_trusts, *c.health_trust_id));
    e.ok[kMunicipality] = q.municipalities.empty() || any_in(c.municipalities, q.municipalities);
    e.ok[kField] = q.fields.empty() || contains(q.fields, c.field);
    e.ok[kDiagnosis] = q.diagnoses.empty() || any_in(c.diagnosis_keys, q.diagnoses);
    e.ok[kTarget] = q.target_groups.empty() || any_in(c.target_groups, q.target_groups);
    e.ok[kLanguage] = q.languages.empty() || any_in(c.languages, q.languages);
    e.ok[kFormat] = q.formats.empty() || contains(q.formats, c.format);
    e.ok[kReferral] = !q.no_referral_only || !c.referral_required;
    bool any = false;
    for (const auto& rl : c.runs) {
      if (rl.run.state != RunState::Open) continue;
      auto start = rl.run.first_start();
      if (start && *start > now) e.next_start = std::min(e.next_start, *start);
      if (start && *start > now && accepts_sign_ups(rl.run, rl.confirmed, now))
        e.next_bookable = std::min(e.next_bookable, *start);
      if (start && *start > now && (!e.shown || shown_key(rl) < shown_key(*e.shown))) e.shown = &rl;
      if (!in_window(rl.run, w)) continue;
      any = true;
      if (run_status(rl.run, rl.confirmed, now) == RunStatus::Open &&
          !rl.run.staff_registration_only)
        e.free_in_window = true;
      if (accepts_sign_ups(rl.run, rl.confirmed, now)) e.bookable_in_window = true;
    }
    e.ok[kRuns] = !run_filter || (q.free_seats_only ? e.free_in_window
                                  : q.open_only     ? e.bookable_in_window
                                                    : any);
    e.ok[kText] = !text || text->count(c.id);
    all.push_back(e);
  }
  auto passes_but = [](const Course& e, int except) {
    for (int d = 0; d < kDims; ++d)
      if (d != except && !e.ok[d]) return false;
    return true;
  };
  CatalogueSearch out;
  // Facets: distinct values of the courses passing every other filter.
  auto facet = [&](int dim, auto values_of, std::vector<std::string> selected) {
    std::map<std::string, int> n;
    for (const auto& e : all) {
      if (!passes_but(e, dim)) continue;
      std::set<std::string> distinct;
      for (auto& v : values_of(*e.c)) distinct.insert(v);
      for (auto& v : distinct) ++n[v];
    }
    std::vector<FacetValue> f;
    for (auto& [k, v] : n) f.push_back({k, v});
    for (auto& s : selected)  // shown once, with 0, so that it can be unselected
      if (std::none_of(f.begin(), f.end(), [&](auto& v) { return v.key == s; }))
        f.push_back({s, 0});
    std::sort(f.begin(), f.end(), [](auto& a, auto& b) {
      return a.count != b.count ? a.count > b.count : a.key < b.key;
    });
    return f;
  };
  auto strs = [](const auto& values) {
    std::vector<std::string> o;
    for (const auto& v : values) {
      if constexpr (std::is_same_v<std::decay_t<decltype(v)>, std::string>)
        o.push_back(v);
      else if constexpr (std::is_integral_v<std::decay_t<decltype(v)>>)
        o.push_back(std::to_string(v));
      else
        o.push_back(std::string(key_of(v)));
    }
    return o;
  };
  auto opt = [](const std::optional<std::int64_t>& v) {
    return v ? std::vector<std::string>{std::to_string(*v)} : std::vector<std::string>{};
  };
  out.facets.regions = facet(
      kRegion, [&](auto& c) { return opt(c.region_id); }, strs(q.regions));
  out.facets.health_trusts = facet(
      kHf, [&](auto& c) { return opt(c.health_trust_id); }, strs(q.health_trusts));
  out.facets.municipalities = facet(
      kMunicipality, [&](auto& c) { return c.municipalities; }, strs(q.municipalities));
  out.facets.fields = facet(
      kField, [&](auto& c) { return std::vector{std::string(key_of(c.field))}; }, strs(q.fields));
  out.facets.diagnoses = facet(
      kDiagnosis, [&](auto& c) { return c.diagnosis_keys; }, strs(q.diagnoses));
  out.facets.target_groups = facet(
      kTarget, [&](auto& c) { return strs(c.target_groups); }, strs(q.target_groups));
  out.facets.languages = facet(
      kLanguage, [&](auto& c) { return c.languages; }, strs(q.languages));
  out.facets.formats = facet(
      kFormat, [&](auto& c) { return std::vector{std::string(key_of(c.format))}; },
      strs(q.formats));
  for (const auto& e : all) {
    if (passes_but(e, kReferral) && !e.c->referral_required) ++out.facets.no_referral;
    if (passes_but(e, kRuns) && e.free_in_window) ++out.facets.free_seats;
    if (passes_but(e, kRuns) && e.bookable_in_window) ++out.facets.open_for_sign_up;
  }
  struct Match {
    const Course* e;
    double relevance;
  };
  std::vector<Match> matches;
  for (const auto& e : all)
    if (passes_but(e, -1)) matches.push_back({&e, text ? text->at(e.c->id) : 0});
  if (text) {
    double best = 0;
    for (auto& m : matches) best = std::max(best, m.relevance);
    for (auto& m : matches) m.relevance = best > 0 ? std::ceil(4 * m.relevance / best) : 0;
  }
  // What sorting by start and by place look at: the shown run's start and place.
  auto shown_start = [](const Course* e) {
    return e->shown ? *e->shown->run.first_start() : Instant::max();
  };
  auto shown_place = [](const Course* e) -> std::optional<std::string> {
    if (!e->shown || !e->shown->run.location) return std::nullopt;
    return alphabetical_key(e->shown->run.location->postal_place);
  };
  std::sort(matches.begin(), matches.end(), [&](const Match& a, const Match& b) {
    switch (q.sort) {
      case CatalogueSort::Relevance:
        if (text && a.relevance != b.relevance) return a.relevance > b.relevance;
        if (a.e->next_bookable != b.e->next_bookable)
          return a.e->next_bookable < b.e->next_bookable;
        if (a.e->next_start != b.e->next_start) return a.e->next_start < b.e->next_start;
        break;
      case CatalogueSort::Place: {
        const auto pa = shown_place(a.e), pb = shown_place(b.e);
        if (pa.has_value() != pb.has_value()) return pa.has_value();
        if (pa != pb) return *pa < *pb;
        [[fallthrough]];
      }
      case CatalogueSort::Start:
        if (shown_start(a.e) != shown_start(b.e)) return shown_start(a.e) < shown_start(b.e);
        break;
    }
    auto ta = alphabetical_key(a.e->c->title), tb = alphabetical_key(b.e->c->title);
    if (ta != tb) return ta < tb;
    return a.e->c->id < b.e->c->id;
  });
  out.total = static_cast<int>(matches.size());
  const std::size_t begin = std::size_t(q.page - 1) * std::size_t(q.page_size);
  for (std::size_t k = begin; k < matches.size() && k < begin + std::size_t(q.page_size); ++k) {
    CatalogueHit hit{std::make_shared<const CourseListing>(*matches[k].e->c), std::nullopt, 0,
                     matches[k].relevance};
    for (const auto& rl : hit.course->runs) {
      auto start = rl.run.first_start();
      if (rl.run.state != RunState::Open || !start || *start <= now) continue;
      ++hit.upcoming_runs;
      auto key = [&](const RunListing& r) {
        return std::pair{!accepts_sign_ups(r.run, r.confirmed, now), *r.run.first_start()};
      };
      if (!hit.next_run || key(rl) < key(*hit.next_run)) hit.next_run = rl;
    }
    out.items.push_back(hit);
  }
  return out;
}

// A random catalogue: few values per dimension so that filters overlap, runs
// in every state around the epoch, duplicate municipalities, courses with no
// HF or region, ties in titles and dates.
std::vector<CourseListing> random_catalogue(std::mt19937& rng, int n) {
  auto pick = [&](int k) { return int(rng() % unsigned(k)); };
  const std::vector<std::string> municipalities{"0301", "4601", "5001", "1103", "3407", "1804"};
  const std::vector<std::string> diagnoses{"kols", "diabetes", "hjerte", "kreft", "psykose"};
  const std::vector<std::string> languages{"nb", "nn", "se", "en"};
  const std::vector<std::string> titles{"Lær å leve med KOLS", "Diabetes type 2", "Psykoseskolen",
                                        "Pårørendekurs",       "Hjertekurs",      "Ålesund-kurset"};
  std::vector<CourseListing> out;
  std::int64_t run_id = 1;
  for (int i = 0; i < n; ++i) {
    CourseListing c;
    c.id = 1000 + i * 7 % 1009;  // ids not in insertion order
    c.title = titles[pick(int(titles.size()))];
    c.field = EnumKeys<Field>::kAll[pick(int(EnumKeys<Field>::kAll.size()))].first;
    c.format = EnumKeys<CourseFormat>::kAll[pick(int(EnumKeys<CourseFormat>::kAll.size()))].first;
    if (pick(8)) {
      c.health_trust_id = 5 + pick(6);
      if (pick(8)) c.region_id = *c.health_trust_id % 4 + 1;
    }
    for (int k = pick(4); k > 0; --k) c.municipalities.push_back(municipalities[pick(6)]);
    for (int k = pick(3); k > 0; --k) c.diagnosis_keys.push_back(diagnoses[pick(5)]);
    for (int k = 1 + pick(2); k > 0; --k) c.languages.push_back(languages[pick(4)]);
    for (int k = pick(3); k > 0; --k)
      c.target_groups.push_back(
          EnumKeys<TargetGroup>::kAll[pick(int(EnumKeys<TargetGroup>::kAll.size()))].first);
    c.referral_required = pick(3) == 0;
    for (int k = pick(5); k > 0; --k) {
      RunListing rl;
      rl.run.id = run_id++;
      rl.run.course_id = c.id;
      const int s = pick(10);
      rl.run.state = s < 7 ? RunState::Open : s < 9 ? RunState::Cancelled : RunState::Draft;
      rl.run.capacity = 4 + pick(8);
      rl.confirmed = pick(14);
      rl.run.waiting_list_enabled = pick(3) != 0;
      rl.run.staff_registration_only = pick(6) == 0;
      const Instant start = kEpoch + days{pick(120) - 60} + hours{pick(24)};
      rl.run.registration_deadline = start - days{pick(15)} - hours{pick(24)};
      for (int session = pick(4); session >= 0; --session) {
        const Instant at = start + days{7 * (int(rl.run.sessions.size()))};
        rl.run.sessions.push_back({run_id * 10 + session, at, at + hours{3}});
      }
      if (pick(10) == 0) rl.run.sessions.clear();  // not yet planned
      if (pick(4)) {  // else online only; places that fold alike, to tie
        rl.run.location = Location{};
        rl.run.location->postal_place =
            std::vector<std::string>{"OSLO", "Ålesund", "alesund", "Bodø", "Tromsø"}[pick(5)];
      }
      c.runs.push_back(rl);
    }
    out.push_back(std::move(c));
  }
  return out;
}

CatalogueQuery random_query(std::mt19937& rng) {
  auto pick = [&](int k) { return int(rng() % unsigned(k)); };
  CatalogueQuery q;
  auto maybe = [&](int one_in) { return pick(one_in) == 0; };
  if (maybe(4)) q.regions = {1 + pick(5)};
  if (maybe(5)) q.regions.push_back(1 + pick(4));
  if (maybe(4)) q.health_trusts = {5 + pick(7)};
  if (maybe(4))
    q.municipalities = {std::vector<std::string>{"0301", "4601", "5001", "9999"}[pick(4)]};
  if (maybe(3)) q.fields = {EnumKeys<Field>::kAll[pick(int(EnumKeys<Field>::kAll.size()))].first};
  if (maybe(4))
    q.diagnoses = {std::vector<std::string>{"kols", "diabetes", "hjerte", "ukjent"}[pick(4)]};
  if (maybe(5))
    q.target_groups = {
        EnumKeys<TargetGroup>::kAll[pick(int(EnumKeys<TargetGroup>::kAll.size()))].first};
  if (maybe(5)) q.languages = {std::vector<std::string>{"nb", "nn", "se"}[pick(3)]};
  if (maybe(5))
    q.formats = {
        EnumKeys<CourseFormat>::kAll[pick(int(EnumKeys<CourseFormat>::kAll.size()))].first};
  q.free_seats_only = maybe(3);
  q.no_referral_only = maybe(4);
  q.open_only = maybe(3);
  q.sort =
      std::vector{CatalogueSort::Relevance, CatalogueSort::Start, CatalogueSort::Place}[pick(3)];
  q.page_size = 3 + pick(18);
  q.page = 1 + pick(3);
  return q;
}

void expect_same(const CatalogueSearch& got, const CatalogueSearch& want, const std::string& what) {
  ASSERT_EQ(got.total, want.total) << what;
  ASSERT_EQ(got.items.size(), want.items.size()) << what;
  for (std::size_t k = 0; k < got.items.size(); ++k) {
    const auto& g = got.items[k];
    const auto& w = want.items[k];
    ASSERT_EQ(g.course->id, w.course->id) << what << " item " << k;
    EXPECT_EQ(g.relevance, w.relevance) << what << " item " << k;
    EXPECT_EQ(g.upcoming_runs, w.upcoming_runs) << what << " item " << k;
    ASSERT_EQ(g.next_run.has_value(), w.next_run.has_value()) << what << " item " << k;
    if (g.next_run) {
      EXPECT_EQ(g.next_run->run.id, w.next_run->run.id) << what << " item " << k;
    }
  }
  auto same = [&](const std::vector<FacetValue>& a, const std::vector<FacetValue>& b,
                  const char* name) {
    ASSERT_EQ(a.size(), b.size()) << what << " facet " << name;
    for (std::size_t k = 0; k < a.size(); ++k) {
      EXPECT_EQ(a[k].key, b[k].key) << what << " facet " << name << " #" << k;
      EXPECT_EQ(a[k].count, b[k].count) << what << " facet " << name << " " << a[k].key;
    }
  };
  same(got.facets.regions, want.facets.regions, "regions");
  same(got.facets.health_trusts, want.facets.health_trusts, "health_trusts");
  same(got.facets.municipalities, want.facets.municipalities, "municipalities");
  same(got.facets.fields, want.facets.fields, "fields");
  same(got.facets.diagnoses, want.facets.diagnoses, "diagnoses");
  same(got.facets.target_groups, want.facets.target_groups, "target_groups");
  same(got.facets.languages, want.facets.languages, "languages");
  same(got.facets.formats, want.facets.formats, "formats");
  EXPECT_EQ(got.facets.free_seats, want.facets.free_seats) << what;
  EXPECT_EQ(got.facets.open_for_sign_up, want.facets.open_for_sign_up) << what;
  EXPECT_EQ(got.facets.no_referral, want.facets.no_referral) << what;
}

// Instants where the answer changes: at and just around the starts, ends and
// deadlines of the catalogue's runs, plus ordinary ones.
std::vector<Instant> interesting_nows(const std::vector<CourseListing>& courses,
                                      std::mt19937& rng) {
  std::vector<Instant> nows{kEpoch, kEpoch + days{3}, kEpoch - days{30}, kEpoch + days{45}};
  for (int k = 0; k < 12; ++k) {
    const auto& c = courses[rng() % courses.size()];
    if (c.runs.empty()) continue;
    const auto& r = c.runs[rng() % c.runs.size()].run;
    for (Instant t :
         {r.registration_deadline, r.first_start().value_or(kEpoch), r.last_end().value_or(kEpoch)})
      for (auto d : {seconds{-1}, seconds{0}, seconds{1}}) nows.push_back(t + d);
  }
  return nows;
}

TEST(CatalogueIndexOracle, RandomSearchesGiveWhatTheRulesSay) {
  std::mt19937 rng(20261201);
  int searches = 0;
  for (int catalogue = 0; catalogue < 6; ++catalogue) {
    // Sizes around a word boundary and larger ones.
    const int n = std::vector<int>{1, 63, 64, 65, 300, 700}[catalogue];
    const auto courses = random_catalogue(rng, n);
    const CatalogueIndex index(courses);
    for (Instant now : interesting_nows(courses, rng)) {
      for (int k = 0; k < 40; ++k) {
        auto q = random_query(rng);
        StartWindow w;
        if (rng() % 3 == 0) w.from = now + days{int(rng() % 40) - 10};
        if (rng() % 3 == 0) w.until = now + days{int(rng() % 60)};
        TextMatches text;
        const bool with_text = rng() % 4 == 0;
        if (with_text)
          for (const auto& c : courses)
            if (rng() % 3 == 0) text[c.id] = double(rng() % 5);  // ties and zeros
        const TextMatches* t = with_text ? &text : nullptr;
        const std::string what = "catalogue " + std::to_string(catalogue) + " search " +
                                 std::to_string(k) + " at " + format_instant(now);
        expect_same(index.search(q, w, t, now), oracle(courses, q, w, t, now), what);
        ++searches;
        if (HasFatalFailure()) return;
      }
    }
  }
  EXPECT_GT(searches, 1000);
}

TEST(CatalogueIndexOracle, OneIndexServesManyThreadsAcrossChangesOfTheClock) {
  std::mt19937 rng(7);
  const auto courses = random_catalogue(rng, 200);
  const CatalogueIndex index(courses);
  const auto nows = interesting_nows(courses, rng);
  CatalogueQuery q;
  q.free_seats_only = true;
  q.page_size = 50;
  std::vector<CatalogueSearch> want;
  for (Instant now : nows) want.push_back(oracle(courses, q, {}, nullptr, now));
  std::vector<std::thread> threads;
  std::atomic<int> wrong{0};
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      for (int round = 0; round < 10; ++round)
        for (std::size_t k = 0; k < nows.size(); ++k) {
          const std::size_t i = (k * 7 + std::size_t(t) * 3 + std::size_t(round)) % nows.size();
          const auto got = index.search(q, {}, nullptr, nows[i]);
          if (got.total != want[i].total || got.facets.free_seats != want[i].facets.free_seats)
            ++wrong;
        }
    });
  for (auto& th : threads) th.join();
  EXPECT_EQ(wrong.load(), 0);
}

}  // namespace
}  // namespace kursbase
