#include "domain/catalogue/catalogue_index.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <bit>
#include <cmath>
#include <mutex>

#include "domain/catalogue/search_text.hpp"

namespace kursbase {
namespace {

using Word = std::uint64_t;
constexpr std::size_t kWordBits = 64;
// A set of courses by position in the index, one bit each.
using Bits = std::vector<Word>;

// The filters. The first kFacetDims have per-value counts (facets); referral
// and runs are counted as one number each; text is never counted.
enum Dim : unsigned {
  kRegion,
  kHealthTrust,
  kMunicipality,
  kField,
  kDiagnosis,
  kTarget,
  kLanguage,
  kFormat,
  kReferral,
  kRuns,
  kText,
  kDimCount,
};
constexpr unsigned kFacetDims = kFormat + 1;

// A filter value the index has never seen: matches no course.
constexpr std::uint16_t kUnknown = 0xFFFF;
constexpr Instant kNever = Instant::max();
// Below one course in this many matching, a page is found by sorting the
// matches rather than by walking the whole order past the ones left out.
constexpr std::size_t kWalkShare = 16;

template <class E>
std::uint16_t enum_index(E value) {
  const auto& all = EnumKeys<E>::kAll;
  for (std::size_t i = 0; i < all.size(); ++i)
    if (all[i].first == value) return static_cast<std::uint16_t>(i);
  return 0;
}

void set_bit(Bits& b, std::size_t i) { b[i / kWordBits] |= Word{1} << (i % kWordBits); }
bool has_bit(const Bits& b, std::size_t i) { return (b[i / kWordBits] >> (i % kWordBits)) & 1; }
int count_bits(const Bits& b) {
  int n = 0;
  for (Word w : b) n += std::popcount(w);
  return n;
}
void and_into(Bits& into, const Bits& other) {
  for (std::size_t w = 0; w < into.size(); ++w) into[w] &= other[w];
}
void or_into(Bits& into, const Bits& other) {
  for (std::size_t w = 0; w < into.size(); ++w) into[w] |= other[w];
}
// Calls `f(position)` for every set bit, in order.
template <class F>
void for_each_bit(const Bits& b, F&& f) {
  for (std::size_t w = 0; w < b.size(); ++w)
    for (Word x = b[w]; x; x &= x - 1) f(w * kWordBits + std::size_t(std::countr_zero(x)));
}

bool is_published(const Run& run) { return run.state == RunState::Open; }

struct Dictionary {
  std::vector<std::string> keys;
  std::unordered_map<std::string, std::uint16_t> index;
  std::uint16_t intern(const std::string& key) {
    auto [it, inserted] = index.try_emplace(key, static_cast<std::uint16_t>(keys.size()));
    if (inserted) keys.push_back(key);
    return it->second;
  }
  std::uint16_t find(const std::string& key) const {
    auto it = index.find(key);
    return it == index.end() ? kUnknown : it->second;
  }
};

// One filter dimension: for each value the courses that have it, and for each
// course its values (to count the few courses a narrow search leaves).
struct Facet {
  std::vector<Bits> courses_with;      // by value id
  std::vector<int> totals;             // by value id: courses with it, no filter applied
  std::vector<std::uint32_t> offsets;  // course i has values[offsets[i] .. offsets[i + 1])
  std::vector<std::uint16_t> values;
};

struct PublishedRun {
  RunTimes times;
  int confirmed = 0;
  bool waiting_list = false;
  std::uint32_t course = 0;  // position of its course
  std::string place;         // postal place as an alphabetical_key; empty: none (online)
  bool staff_only = false;   // takes staff registrations only: never bookable by the public
};

constexpr std::uint32_t kNoRun = 0xFFFFFFFF;

// Course positions in one order, and each course's place in it.
struct Order {
  std::vector<std::uint32_t> order;
  std::vector<std::uint32_t> rank;  // by course position
};

// What depends on the clock, valid for `now` in [valid_from, valid_until):
// between two instants at which a next start or a run's status changes.
struct TimeView {
  Instant valid_from{}, valid_until{};
  // Relevance without text: first the courses with a run one can sign up for
  // (or join the waiting list of), by its start; then the rest by next start;
  // then title, id.
  Order relevance;
  std::vector<char> open;      // by run (as in State::runs): status Open now
  std::vector<char> bookable;  // by run: takes sign-ups now (a seat or the waiting list)
  Bits open_courses;           // courses with a run that starts and is open now
  Bits bookable_courses;       // courses with a run that takes sign-ups now
  // By course: the run its result shows (the next bookable, else the next to
  // start), as an index into State::runs; kNoRun when none is still to start.
  std::vector<std::uint32_t> shown_run;
  // The other orders, made on first use: most searches never ask for them.
  mutable std::once_flag start_once, place_once;
  mutable Order by_start, by_place;
};

}  // namespace

struct CatalogueIndex::State {
  std::vector<std::shared_ptr<const CourseListing>> courses;
  std::size_t words = 0;
  std::array<Facet, kFacetDims> facets;
  std::array<Dictionary, kFacetDims> dictionaries;  // for the dimensions keyed by text or id
  Bits all, no_referral;
  Bits none;  // no course: what a filter value the index never saw lets through
  std::vector<PublishedRun> runs;  // with a first start, ordered by it
  std::vector<std::string> sort_titles;
  std::unordered_map<CourseId, std::size_t> by_id;

  // The clock-dependent view, published atomically: readers never wait while
  // another thread computes a new one; only one thread computes at a time.
  mutable std::atomic<std::shared_ptr<const TimeView>> view;
  mutable std::mutex view_mutex;

  std::shared_ptr<const TimeView> time_view(Instant now) const;
  std::shared_ptr<TimeView> compute_time_view(Instant now) const;
  const Order& order_of(const TimeView& v, CatalogueSort sort) const;
  template <class Before>
  Order make_order(Before before) const;
  bool by_title(std::uint32_t a, std::uint32_t b) const;
};

std::shared_ptr<TimeView> CatalogueIndex::State::compute_time_view(Instant now) const {
  auto made = std::make_shared<TimeView>();
  TimeView& v = *made;
  v.valid_from = Instant::min();
  v.valid_until = kNever;
  std::vector<Instant> next_start(courses.size(), kNever);
  std::vector<Instant> next_bookable(courses.size(), kNever);
  v.open.resize(runs.size());
  v.bookable.resize(runs.size());
  v.open_courses.assign(words, 0);
  v.bookable_courses.assign(words, 0);
  v.shown_run.assign(courses.size(), kNoRun);
  // Each start, end and deadline is an instant where the view changes: the
  // view holds from the last of them up to `now` until the next one after it.
  auto event_at = [&](Instant t) {
    if (t > now)
      v.valid_until = std::min(v.valid_until, t);
    else
      v.valid_from = std::max(v.valid_from, t);
  };
  for (std::size_t i = 0; i < runs.size(); ++i) {
    const auto& r = runs[i];
    const Instant start = *r.times.first_start;
    if (start > now) next_start[r.course] = std::min(next_start[r.course], start);
    event_at(start);
    if (r.times.last_end) event_at(*r.times.last_end);
    // Closed once now > deadline: the status changes one second after it.
    event_at(r.times.registration_deadline + std::chrono::seconds{1});
    const auto status = run_status(r.times, r.confirmed, now);
    // Free seats for the public: a staff-only run's seats are not theirs to take.
    if (status == RunStatus::Open && !r.staff_only) {
      v.open[i] = 1;
      set_bit(v.open_courses, r.course);
    }
    if (accepts_sign_ups(status, r.waiting_list, r.staff_only)) {
      v.bookable[i] = 1;
      set_bit(v.bookable_courses, r.course);
      next_bookable[r.course] = std::min(next_bookable[r.course], start);
    }
    // Runs are by start: the first bookable one still to start, else the first to start.
    auto& shown = v.shown_run[r.course];
    if (start > now && (shown == kNoRun || (v.bookable[i] && !v.bookable[shown])))
      shown = static_cast<std::uint32_t>(i);
  }
  v.relevance = make_order([&](std::uint32_t a, std::uint32_t b) {
    if (next_bookable[a] != next_bookable[b]) return next_bookable[a] < next_bookable[b];
    if (next_start[a] != next_start[b]) return next_start[a] < next_start[b];
    return by_title(a, b);
  });
  return made;
}

bool CatalogueIndex::State::by_title(std::uint32_t a, std::uint32_t b) const {
  if (sort_titles[a] != sort_titles[b]) return sort_titles[a] < sort_titles[b];
  return courses[a]->id < courses[b]->id;
}

template <class Before>
Order CatalogueIndex::State::make_order(Before before) const {
  Order o;
  o.order.resize(courses.size());
  for (std::uint32_t i = 0; i < o.order.size(); ++i) o.order[i] = i;
  std::sort(o.order.begin(), o.order.end(), before);
  o.rank.resize(courses.size());
  for (std::uint32_t k = 0; k < o.order.size(); ++k) o.rank[o.order[k]] = k;
  return o;
}

const Order& CatalogueIndex::State::order_of(const TimeView& v, CatalogueSort sort) const {
  // The start of the shown run (none: last), and its place (none: after every place).
  auto start_of = [&](std::uint32_t c) {
    return v.shown_run[c] == kNoRun ? kNever : *runs[v.shown_run[c]].times.first_start;
  };
  auto place_of = [&](std::uint32_t c) -> const std::string* {
    return v.shown_run[c] == kNoRun || runs[v.shown_run[c]].place.empty()
               ? nullptr
               : &runs[v.shown_run[c]].place;
  };
  switch (sort) {
    case CatalogueSort::Relevance:
      return v.relevance;
    case CatalogueSort::Start:
      std::call_once(v.start_once, [&] {
        v.by_start = make_order([&](std::uint32_t a, std::uint32_t b) {
          if (start_of(a) != start_of(b)) return start_of(a) < start_of(b);
          return by_title(a, b);
        });
      });
      return v.by_start;
    case CatalogueSort::Place:
      std::call_once(v.place_once, [&] {
        v.by_place = make_order([&](std::uint32_t a, std::uint32_t b) {
          const std::string *pa = place_of(a), *pb = place_of(b);
          if (!pa != !pb) return pa != nullptr;
          if (pa && *pa != *pb) return *pa < *pb;
          if (start_of(a) != start_of(b)) return start_of(a) < start_of(b);
          return by_title(a, b);
        });
      });
      return v.by_place;
  }
  return v.relevance;
}

std::shared_ptr<const TimeView> CatalogueIndex::State::time_view(Instant now) const {
  auto valid = [now](const std::shared_ptr<const TimeView>& v) {
    return v && now >= v->valid_from && now < v->valid_until;
  };
  auto v = view.load(std::memory_order_acquire);
  if (valid(v)) return v;
  std::lock_guard lock(view_mutex);
  v = view.load(std::memory_order_acquire);
  if (valid(v)) return v;
  v = compute_time_view(now);
  view.store(v, std::memory_order_release);
  return v;
}

CatalogueIndex::~CatalogueIndex() = default;
CatalogueIndex::CatalogueIndex(CatalogueIndex&&) noexcept = default;
CatalogueIndex& CatalogueIndex::operator=(CatalogueIndex&&) noexcept = default;

CatalogueIndex::CatalogueIndex(std::vector<CourseListing> courses)
    : state_(std::make_unique<State>()) {
  State& s = *state_;
  s.courses.reserve(courses.size());
  for (auto& c : courses) s.courses.push_back(std::make_shared<const CourseListing>(std::move(c)));
  const std::size_t n = s.courses.size();
  s.words = (n + kWordBits - 1) / kWordBits;
  s.all.assign(s.words, 0);
  s.no_referral.assign(s.words, 0);
  s.none.assign(s.words, 0);
  for (unsigned d = 0; d < kFacetDims; ++d) s.facets[d].offsets.push_back(0);
  s.facets[kField].courses_with.resize(EnumKeys<Field>::kAll.size());
  s.facets[kFormat].courses_with.resize(EnumKeys<CourseFormat>::kAll.size());
  s.facets[kTarget].courses_with.resize(EnumKeys<TargetGroup>::kAll.size());
  s.sort_titles.reserve(n);

  auto add = [&](Dim d, std::size_t course, std::uint16_t value) {
    Facet& f = s.facets[d];
    if (value >= f.courses_with.size()) f.courses_with.resize(value + 1);
    Bits& b = f.courses_with[value];
    if (b.empty()) b.assign(s.words, 0);
    if (has_bit(b, course)) return;  // a value listed twice counts once
    set_bit(b, course);
    f.values.push_back(value);
  };
  auto add_key = [&](Dim d, std::size_t course, const std::string& key) {
    add(d, course, s.dictionaries[d].intern(key));
  };
  for (std::size_t i = 0; i < n; ++i) {
    const auto& c = *s.courses[i];
    set_bit(s.all, i);
    if (c.region_id) add_key(kRegion, i, std::to_string(*c.region_id));
    if (c.health_trust_id) add_key(kHealthTrust, i, std::to_string(*c.health_trust_id));
    for (const auto& m : c.municipalities) add_key(kMunicipality, i, m);
    add(kField, i, enum_index(c.field));
    for (const auto& d : c.diagnosis_keys) add_key(kDiagnosis, i, d);
    for (auto t : c.target_groups) add(kTarget, i, enum_index(t));
    for (const auto& l : c.languages) add_key(kLanguage, i, l);
    add(kFormat, i, enum_index(c.format));
    if (!c.referral_required) set_bit(s.no_referral, i);
    for (unsigned d = 0; d < kFacetDims; ++d)
      s.facets[d].offsets.push_back(static_cast<std::uint32_t>(s.facets[d].values.size()));
    for (const auto& rl : c.runs)
      if (is_published(rl.run) && rl.run.first_start())
        s.runs.push_back(
            {run_times(rl.run), rl.confirmed, rl.run.waiting_list_enabled,
             static_cast<std::uint32_t>(i),
             rl.run.location ? alphabetical_key(rl.run.location->postal_place) : std::string(),
             rl.run.staff_registration_only});
    s.sort_titles.push_back(alphabetical_key(c.title));
    s.by_id.emplace(c.id, i);
  }
  for (auto& f : s.facets) {
    for (auto& b : f.courses_with)
      if (b.empty()) b.assign(s.words, 0);
    f.totals.resize(f.courses_with.size());
    for (std::size_t v = 0; v < f.courses_with.size(); ++v)
      f.totals[v] = count_bits(f.courses_with[v]);
  }
  std::stable_sort(s.runs.begin(), s.runs.end(), [](const PublishedRun& a, const PublishedRun& b) {
    return *a.times.first_start < *b.times.first_start;
  });
}

const CourseListing* CatalogueIndex::find(CourseId id) const {
  auto it = state_->by_id.find(id);
  return it == state_->by_id.end() ? nullptr : state_->courses[it->second].get();
}

std::size_t CatalogueIndex::size() const { return state_->courses.size(); }

namespace {

// The selected values of one dimension as value ids (kUnknown: never seen).
template <class V>
std::vector<std::uint16_t> value_ids(const std::vector<V>& selected, const Dictionary& dict) {
  std::vector<std::uint16_t> out;
  for (const auto& v : selected) {
    if constexpr (std::is_same_v<V, std::string>)
      out.push_back(dict.find(v));
    else if constexpr (std::is_integral_v<V>)
      out.push_back(dict.find(std::to_string(v)));
    else
      out.push_back(enum_index(v));
  }
  return out;
}

template <class V>
std::vector<std::string> selected_keys(const std::vector<V>& values) {
  std::vector<std::string> out;
  for (const auto& v : values) {
    if constexpr (std::is_same_v<V, std::string>)
      out.push_back(v);
    else if constexpr (std::is_integral_v<V>)
      out.push_back(std::to_string(v));
    else
      out.push_back(std::string(key_of(v)));
  }
  return out;
}

// Values with a count, most first; a selected value stays visible (with 0) so
// that it can be unselected.
template <class KeyAt>
std::vector<FacetValue> to_facet(const std::vector<int>& counts, KeyAt key_at,
                                 const std::vector<std::string>& selected) {
  std::vector<FacetValue> out;
  for (std::size_t k = 0; k < counts.size(); ++k)
    if (counts[k] > 0) out.push_back({std::string(key_at(k)), counts[k]});
  for (const auto& s : selected)
    if (std::none_of(out.begin(), out.end(), [&](auto& f) { return f.key == s; }))
      out.push_back({s, 0});
  std::sort(out.begin(), out.end(), [](const FacetValue& a, const FacetValue& b) {
    return a.count != b.count ? a.count > b.count : a.key < b.key;
  });
  return out;
}

}  // namespace

CatalogueSearch CatalogueIndex::search(const CatalogueQuery& q, const StartWindow& window,
                                       const TextMatches* text, Instant now) const {
  const State& s = *state_;
  const auto view = s.time_view(now);

  // The courses each active filter lets through: a set of the index itself
  // where one is enough (one value, "no referral"), else one made here.
  std::array<const Bits*, kDimCount> pass{};
  std::array<Bits, kDimCount> made;
  auto union_of = [&](unsigned dim, const std::vector<std::uint16_t>& ids) {
    auto set_of = [&](std::uint16_t id) {
      const auto& sets = s.facets[dim].courses_with;
      return id != kUnknown && id < sets.size() ? &sets[id] : &s.none;
    };
    if (ids.size() == 1) {
      pass[dim] = set_of(ids[0]);
      return;
    }
    made[dim].assign(s.words, 0);
    for (auto id : ids) or_into(made[dim], *set_of(id));
    pass[dim] = &made[dim];
  };
  auto filter = [&](Dim dim, const auto& selected) {
    if (!selected.empty()) union_of(dim, value_ids(selected, s.dictionaries[dim]));
  };
  filter(kRegion, q.regions);
  filter(kHealthTrust, q.health_trusts);
  filter(kMunicipality, q.municipalities);
  filter(kField, q.fields);
  filter(kDiagnosis, q.diagnoses);
  filter(kTarget, q.target_groups);
  filter(kLanguage, q.languages);
  filter(kFormat, q.formats);
  if (q.no_referral_only) pass[kReferral] = &s.no_referral;

  // Runs: starting in the window (binary search on the start), and of those
  // the ones with a free seat now, and the ones that take sign-ups now.
  const bool has_window = window.from || window.until;
  const Bits* free_in_window = &view->open_courses;
  const Bits* bookable_in_window = &view->bookable_courses;
  Bits free_made, bookable_made, any_in_window;
  if (has_window) {
    free_made.assign(s.words, 0);
    bookable_made.assign(s.words, 0);
    any_in_window.assign(s.words, 0);
    free_in_window = &free_made;
    bookable_in_window = &bookable_made;
    auto first_at_or_after = [&](Instant t) {
      return std::partition_point(s.runs.begin(), s.runs.end(),
                                  [t](const PublishedRun& r) { return *r.times.first_start < t; });
    };
    const auto lo = window.from ? first_at_or_after(*window.from) : s.runs.begin();
    const auto hi = window.until ? first_at_or_after(*window.until) : s.runs.end();
    for (auto it = lo; it < hi; ++it) {
      set_bit(any_in_window, it->course);
      const auto i = std::size_t(it - s.runs.begin());
      if (view->open[i]) set_bit(free_made, it->course);
      if (view->bookable[i]) set_bit(bookable_made, it->course);
    }
  }
  // A free seat is a way to sign up, so "free seats" is the narrower of the two.
  if (q.free_seats_only)
    pass[kRuns] = free_in_window;
  else if (q.open_only)
    pass[kRuns] = bookable_in_window;
  else if (has_window)
    pass[kRuns] = &any_in_window;

  std::vector<std::pair<std::size_t, double>> candidates;  // with text: position, score
  if (text) {
    made[kText].assign(s.words, 0);
    candidates.reserve(text->size());
    for (const auto& [id, score] : *text)
      if (auto it = s.by_id.find(id); it != s.by_id.end()) {
        candidates.emplace_back(it->second, score);
        set_bit(made[kText], it->second);
      }
    pass[kText] = &made[kText];
  }

  // The courses passing every filter but `except` (kDimCount: every filter).
  auto passing_all_but = [&](unsigned except) {
    Bits m = s.all;
    for (unsigned d = 0; d < kDimCount; ++d)
      if (d != except && pass[d]) and_into(m, *pass[d]);
    return m;
  };
  const Bits matches = passing_all_but(kDimCount);
  const int total_courses = static_cast<int>(s.courses.size());

  // Facet counts: each facet as if its own filter were off, so a facet without
  // a filter of its own counts the matches (sharing the set of those left out).
  std::array<std::vector<int>, kFacetDims> counts;
  for (unsigned d = 0; d < kFacetDims; ++d) counts[d].assign(s.facets[d].totals.size(), 0);
  auto count_with = [](const Bits& mask, const Bits& set) {
    int n = 0;
    for (std::size_t w = 0; w < mask.size(); ++w) n += std::popcount(mask[w] & set[w]);
    return n;
  };
  // One facet's counts over the courses in `mask` (`n` of them), the cheaper
  // of two ways, by the instructions each takes (measured with callgrind):
  // a popcount of the mask with each value's bitset (few values: fields,
  // formats, regions), or a walk over the courses adding up their values
  // (many values, few courses: municipalities); a walk over more than half of
  // the courses walks the ones left out instead and subtracts from the totals.
  auto count_facet = [&](unsigned d, const Bits& mask, int n, std::optional<Bits>& rest) {
    const Facet& f = s.facets[d];
    auto& out = counts[d];
    if (n == total_courses) {
      out = f.totals;
      return;
    }
    if (n == 0) return;
    const bool most = n * 2 > total_courses;
    const std::size_t walked = std::size_t(most ? total_courses - n : n);
    const std::size_t walk_cost = walked * (3 * f.values.size() / s.courses.size() + 4);
    const std::size_t popcount_cost = f.courses_with.size() * s.words * 4;
    if (popcount_cost < walk_cost) {
      for (std::size_t v = 0; v < out.size(); ++v) out[v] = count_with(mask, f.courses_with[v]);
      return;
    }
    auto add = [&](std::size_t c) {
      for (std::uint32_t k = f.offsets[c]; k < f.offsets[c + 1]; ++k) ++out[f.values[k]];
    };
    if (!most) {
      for_each_bit(mask, add);
      return;
    }
    if (!rest) {  // the courses left out, shared by the facets of one mask
      rest = s.all;
      for (std::size_t w = 0; w < rest->size(); ++w) (*rest)[w] &= ~mask[w];
    }
    for_each_bit(*rest, add);
    for (std::size_t v = 0; v < out.size(); ++v) out[v] = f.totals[v] - out[v];
  };
  const int match_count = count_bits(matches);
  std::optional<Bits> matches_rest;
  for (unsigned d = 0; d < kFacetDims; ++d) {
    if (pass[d]) {
      const Bits mask = passing_all_but(d);
      std::optional<Bits> rest;
      count_facet(d, mask, count_bits(mask), rest);
    } else {
      count_facet(d, matches, match_count, matches_rest);
    }
  }

  Facets facets;
  facets.no_referral =
      count_with(pass[kReferral] ? passing_all_but(kReferral) : matches, s.no_referral);
  {
    const Bits but_runs = pass[kRuns] ? passing_all_but(kRuns) : matches;
    facets.free_seats = count_with(but_runs, *free_in_window);
    facets.open_for_sign_up = count_with(but_runs, *bookable_in_window);
  }

  auto dict_key = [&](unsigned d) {
    return [&s, d](std::size_t k) -> const std::string& { return s.dictionaries[d].keys[k]; };
  };
  auto enum_key = [](auto tag) {
    return [](std::size_t k) { return EnumKeys<decltype(tag)>::kAll[k].second; };
  };
  facets.regions = to_facet(counts[kRegion], dict_key(kRegion), selected_keys(q.regions));
  facets.health_trusts =
      to_facet(counts[kHealthTrust], dict_key(kHealthTrust), selected_keys(q.health_trusts));
  facets.municipalities =
      to_facet(counts[kMunicipality], dict_key(kMunicipality), selected_keys(q.municipalities));
  facets.diagnoses = to_facet(counts[kDiagnosis], dict_key(kDiagnosis), selected_keys(q.diagnoses));
  facets.languages = to_facet(counts[kLanguage], dict_key(kLanguage), selected_keys(q.languages));
  facets.fields = to_facet(counts[kField], enum_key(Field{}), selected_keys(q.fields));
  facets.formats = to_facet(counts[kFormat], enum_key(CourseFormat{}), selected_keys(q.formats));
  facets.target_groups =
      to_facet(counts[kTarget], enum_key(TargetGroup{}), selected_keys(q.target_groups));

  CatalogueSearch result;
  result.total = match_count;
  result.facets = std::move(facets);
  const std::size_t page_begin = std::size_t(q.page - 1) * std::size_t(q.page_size);
  const std::size_t page_end =
      std::min(std::size_t(result.total), page_begin + std::size_t(q.page_size));
  if (page_begin >= page_end) return result;

  // The page, in the order asked for. By relevance with text: in tiers (a
  // quarter of the best score each), so that among about equally good matches
  // the course starting soonest comes first rather than one with no dates that
  // scored a hair higher; within a tier, and without text, the relevance order
  // of the view (bookable first). By start or place: that order alone.
  const Order& order = s.order_of(*view, q.sort);
  struct Ranked {
    std::uint32_t position;
    double tier;
  };
  std::vector<Ranked> page;
  if (text) {
    const bool by_score = q.sort == CatalogueSort::Relevance;
    std::vector<Ranked> ranked;
    double best = 0;
    for (const auto& [position, score] : candidates)
      if (has_bit(matches, position)) {
        ranked.push_back({static_cast<std::uint32_t>(position), score});
        best = std::max(best, score);
      }
    for (auto& r : ranked) r.tier = best > 0 ? std::ceil(4 * r.tier / best) : 0;
    auto before = [&](const Ranked& a, const Ranked& b) {
      if (by_score && a.tier != b.tier) return a.tier > b.tier;
      return order.rank[a.position] < order.rank[b.position];
    };
    std::partial_sort(ranked.begin(), ranked.begin() + std::ptrdiff_t(page_end), ranked.end(),
                      before);
    page.assign(ranked.begin() + std::ptrdiff_t(page_begin),
                ranked.begin() + std::ptrdiff_t(page_end));
  } else if (std::size_t(result.total) * kWalkShare < s.courses.size()) {
    // Few matches: sort them by their place in the order.
    std::vector<std::uint32_t> found;
    found.reserve(std::size_t(result.total));
    for_each_bit(matches, [&](std::size_t c) { found.push_back(std::uint32_t(c)); });
    auto before = [&](std::uint32_t a, std::uint32_t b) { return order.rank[a] < order.rank[b]; };
    std::partial_sort(found.begin(), found.begin() + std::ptrdiff_t(page_end), found.end(), before);
    for (std::size_t k = page_begin; k < page_end; ++k) page.push_back({found[k], 0});
  } else {
    // Many matches: walk the precomputed order, skipping what the filters left out.
    std::size_t seen = 0;
    for (std::uint32_t position : order.order) {
      if (!has_bit(matches, position)) continue;
      if (seen++ < page_begin) continue;
      page.push_back({position, 0});
      if (seen == page_end) break;
    }
  }
  for (const auto& m : page) {
    CatalogueHit hit{s.courses[m.position], std::nullopt, 0, m.tier};
    // The next run one can sign up for; failing that, the next to start.
    const RunListing* next = nullptr;
    std::pair<bool, Instant> next_key{true, kNever};  // (not bookable, start)
    for (const auto& rl : hit.course->runs) {
      if (!is_published(rl.run)) continue;
      auto start = rl.run.first_start();
      if (!start || *start <= now) continue;
      ++hit.upcoming_runs;
      const std::pair<bool, Instant> key{!accepts_sign_ups(rl.run, rl.confirmed, now), *start};
      if (!next || key < next_key) {
        next = &rl;
        next_key = key;
      }
    }
    if (next) hit.next_run = *next;
    result.items.push_back(std::move(hit));
  }
  return result;
}

}  // namespace kursbase
