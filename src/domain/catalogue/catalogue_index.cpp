#include "domain/catalogue/catalogue_index.hpp"

#include <algorithm>
#include <bit>
#include <cmath>

#include "domain/catalogue/search_text.hpp"

namespace kursbase {
namespace {

constexpr std::uint16_t kNone = 0xFFFF;
// A filter value the index has never seen: matches no course.
constexpr std::uint16_t kUnknown = 0xFFFE;

enum Dim : unsigned {
  kRegion, kHealthTrust, kMunicipality, kField, kDiagnosis, kTarget, kLanguage, kFormat,
  kReferral, kRuns, kText,
};
constexpr std::uint32_t bit(Dim d) { return 1u << d; }

template <class E>
std::uint32_t enum_index(E value) {
  const auto& all = EnumKeys<E>::kAll;
  for (std::size_t i = 0; i < all.size(); ++i)
    if (all[i].first == value) return static_cast<std::uint32_t>(i);
  return 0;
}

// Any of `wanted` among the `n` values at `have`.
bool any_of_in(const std::uint16_t* have, std::size_t n, const std::vector<std::uint16_t>& wanted) {
  for (auto w : wanted)
    for (std::size_t i = 0; i < n; ++i)
      if (have[i] == w) return true;
  return false;
}

bool in_window(const RunTimes& run, const StartWindow& w) {
  if (!run.first_start) return false;
  const Instant start = *run.first_start;
  return (!w.from || start >= *w.from) && (!w.until || start < *w.until);
}

bool is_published(const Run& run) { return run.state == RunState::Open; }

}  // namespace

struct CatalogueIndex::Row {
  std::uint16_t region = kNone;
  std::uint16_t health_trust = kNone;
  std::uint32_t field = 0;
  std::uint32_t format = 0;
  std::uint32_t target_mask = 0;
  bool no_referral = false;
  // values_[values_begin ...]: municipalities, then diagnoses, then languages
  std::uint32_t values_begin = 0;
  std::uint16_t municipality_count = 0, diagnosis_count = 0, language_count = 0;
  std::uint32_t runs_begin = 0, runs_end = 0;  // published runs in runs_
};

struct CatalogueIndex::RunRow {
  RunTimes times;
  int confirmed = 0;
};

std::uint16_t CatalogueIndex::Dictionary::intern(const std::string& key) {
  auto [it, inserted] = index.try_emplace(key, static_cast<std::uint16_t>(keys.size()));
  if (inserted) keys.push_back(key);
  return it->second;
}

CatalogueIndex::~CatalogueIndex() = default;
CatalogueIndex::CatalogueIndex(CatalogueIndex&&) noexcept = default;

CatalogueIndex::CatalogueIndex(std::vector<CourseListing> courses) : courses_(std::move(courses)) {
  rows_.reserve(courses_.size());
  sort_titles_.reserve(courses_.size());
  for (std::size_t i = 0; i < courses_.size(); ++i) {
    const auto& c = courses_[i];
    Row r;
    if (c.region_id) r.region = regions_.intern(std::to_string(*c.region_id));
    if (c.health_trust_id) r.health_trust = health_trusts_.intern(std::to_string(*c.health_trust_id));
    r.values_begin = static_cast<std::uint32_t>(values_.size());
    for (const auto& m : c.municipalities) values_.push_back(municipalities_.intern(m));
    for (const auto& d : c.diagnosis_keys) values_.push_back(diagnoses_.intern(d));
    for (const auto& l : c.languages) values_.push_back(languages_.intern(l));
    r.municipality_count = static_cast<std::uint16_t>(c.municipalities.size());
    r.diagnosis_count = static_cast<std::uint16_t>(c.diagnosis_keys.size());
    r.language_count = static_cast<std::uint16_t>(c.languages.size());
    r.field = enum_index(c.field);
    r.format = enum_index(c.format);
    for (auto t : c.target_groups) r.target_mask |= 1u << enum_index(t);
    r.no_referral = !c.referral_required;
    r.runs_begin = static_cast<std::uint32_t>(runs_.size());
    for (const auto& rl : c.runs)
      if (is_published(rl.run)) runs_.push_back({run_times(rl.run), rl.confirmed});
    r.runs_end = static_cast<std::uint32_t>(runs_.size());
    rows_.push_back(r);
    sort_titles_.push_back(fold_search_text(c.title));
    by_id_.emplace(c.id, i);
  }
}

const CourseListing* CatalogueIndex::find(CourseId id) const {
  auto it = by_id_.find(id);
  return it == by_id_.end() ? nullptr : &courses_[it->second];
}

CatalogueSearch CatalogueIndex::search(const CatalogueQuery& q, const StartWindow& window,
                                       const TextMatches* text, Instant now) const {
  auto lookup = [](const Dictionary& dict, const std::string& key) {
    auto it = dict.index.find(key);
    return it == dict.index.end() ? kUnknown : it->second;
  };
  auto lookup_all = [&](const Dictionary& dict, const auto& values) {
    std::vector<std::uint16_t> out;
    for (const auto& v : values) {
      if constexpr (std::is_same_v<std::decay_t<decltype(v)>, std::string>)
        out.push_back(lookup(dict, v));
      else
        out.push_back(lookup(dict, std::to_string(v)));
    }
    return out;
  };
  const auto want_regions = lookup_all(regions_, q.regions);
  const auto want_hfs = lookup_all(health_trusts_, q.health_trusts);
  const auto want_municipalities = lookup_all(municipalities_, q.municipalities);
  const auto want_diagnoses = lookup_all(diagnoses_, q.diagnoses);
  const auto want_languages = lookup_all(languages_, q.languages);
  std::uint32_t want_fields = 0, want_formats = 0, want_targets = 0;
  for (auto f : q.fields) want_fields |= 1u << enum_index(f);
  for (auto f : q.formats) want_formats |= 1u << enum_index(f);
  for (auto t : q.target_groups) want_targets |= 1u << enum_index(t);
  const bool run_filter = window.from || window.until || q.free_seats_only;

  // Counters per facet value, indexed like the dictionaries / enum arrays.
  std::vector<int> c_regions(regions_.keys.size()), c_hfs(health_trusts_.keys.size()),
      c_municipalities(municipalities_.keys.size()), c_diagnoses(diagnoses_.keys.size()),
      c_languages(languages_.keys.size()), c_fields(EnumKeys<Field>::kAll.size()),
      c_formats(EnumKeys<CourseFormat>::kAll.size()), c_targets(EnumKeys<TargetGroup>::kAll.size());
  Facets facets;

  struct Match {
    std::size_t index;
    double relevance;
    Instant next_start;
  };
  std::vector<Match> matches;
  constexpr Instant kNever = Instant::max();

  // With free text only its matches are candidates (text is never a facet).
  std::vector<std::pair<std::size_t, double>> candidates;
  if (text) {
    candidates.reserve(text->size());
    for (const auto& [id, score] : *text)
      if (auto it = by_id_.find(id); it != by_id_.end()) candidates.emplace_back(it->second, score);
  }
  const std::size_t candidate_count = text ? candidates.size() : rows_.size();

  for (std::size_t k = 0; k < candidate_count; ++k) {
    const std::size_t i = text ? candidates[k].first : k;
    const double relevance = text ? candidates[k].second : 0;
    const Row& r = rows_[i];
    const std::uint16_t* municipalities = values_.data() + r.values_begin;
    const std::uint16_t* diagnoses = municipalities + r.municipality_count;
    const std::uint16_t* languages = diagnoses + r.diagnosis_count;
    std::uint32_t fails = 0;
    if (!want_regions.empty() &&
        std::find(want_regions.begin(), want_regions.end(), r.region) == want_regions.end())
      fails |= bit(kRegion);
    if (!want_hfs.empty() &&
        std::find(want_hfs.begin(), want_hfs.end(), r.health_trust) == want_hfs.end())
      fails |= bit(kHealthTrust);
    if (!want_municipalities.empty() &&
        !any_of_in(municipalities, r.municipality_count, want_municipalities))
      fails |= bit(kMunicipality);
    if (want_fields && !(want_fields & (1u << r.field))) fails |= bit(kField);
    if (!want_diagnoses.empty() && !any_of_in(diagnoses, r.diagnosis_count, want_diagnoses))
      fails |= bit(kDiagnosis);
    if (want_targets && !(want_targets & r.target_mask)) fails |= bit(kTarget);
    if (!want_languages.empty() && !any_of_in(languages, r.language_count, want_languages))
      fails |= bit(kLanguage);
    if (want_formats && !(want_formats & (1u << r.format))) fails |= bit(kFormat);
    if (q.no_referral_only && !r.no_referral) fails |= bit(kReferral);

    bool any_in_window = false, free_in_window = false;
    Instant next_start = kNever;
    for (std::uint32_t ri = r.runs_begin; ri < r.runs_end; ++ri) {
      const RunRow& run = runs_[ri];
      if (run.times.first_start && *run.times.first_start > now && *run.times.first_start < next_start)
        next_start = *run.times.first_start;
      if (!in_window(run.times, window)) continue;
      any_in_window = true;
      if (!free_in_window && run_status(run.times, run.confirmed, now) == RunStatus::Open)
        free_in_window = true;
    }
    const bool runs_ok = !run_filter || (q.free_seats_only ? free_in_window : any_in_window);
    if (!runs_ok) fails |= bit(kRuns);

    if (fails == 0) matches.push_back({i, relevance, next_start});
    // Each facet counts as if its own filter were off.
    auto counts_for = [fails](Dim d) { return (fails & ~bit(d)) == 0; };
    if (counts_for(kRegion) && r.region != kNone) ++c_regions[r.region];
    if (counts_for(kHealthTrust) && r.health_trust != kNone) ++c_hfs[r.health_trust];
    if (counts_for(kMunicipality))
      for (std::size_t v = 0; v < r.municipality_count; ++v) ++c_municipalities[municipalities[v]];
    if (counts_for(kField)) ++c_fields[r.field];
    if (counts_for(kDiagnosis))
      for (std::size_t v = 0; v < r.diagnosis_count; ++v) ++c_diagnoses[diagnoses[v]];
    if (counts_for(kTarget))
      for (std::size_t t = 0; t < c_targets.size(); ++t)
        if (r.target_mask & (1u << t)) ++c_targets[t];
    if (counts_for(kLanguage))
      for (std::size_t v = 0; v < r.language_count; ++v) ++c_languages[languages[v]];
    if (counts_for(kFormat)) ++c_formats[r.format];
    if (counts_for(kReferral) && r.no_referral) ++facets.no_referral;
    if (counts_for(kRuns) && free_in_window) ++facets.free_seats;
  }

  auto to_facet = [](const std::vector<int>& counts, auto key_at, const auto& selected) {
    std::vector<FacetValue> out;
    for (std::size_t k = 0; k < counts.size(); ++k)
      if (counts[k] > 0) out.push_back({std::string(key_at(k)), counts[k]});
    // A selected value stays visible (with 0) so that it can be unselected.
    for (const auto& s : selected)
      if (std::none_of(out.begin(), out.end(), [&](auto& f) { return f.key == s; }))
        out.push_back({s, 0});
    std::sort(out.begin(), out.end(), [](const FacetValue& a, const FacetValue& b) {
      return a.count != b.count ? a.count > b.count : a.key < b.key;
    });
    return out;
  };
  auto dict_key = [](const Dictionary& d) { return [&d](std::size_t k) { return d.keys[k]; }; };
  auto strings = [](const auto& values) {
    std::vector<std::string> out;
    for (const auto& v : values) {
      if constexpr (std::is_same_v<std::decay_t<decltype(v)>, std::string>)
        out.push_back(v);
      else if constexpr (std::is_integral_v<std::decay_t<decltype(v)>>)
        out.push_back(std::to_string(v));
      else
        out.push_back(std::string(key_of(v)));
    }
    return out;
  };
  auto enum_key = [](auto tag) {
    return [](std::size_t k) { return EnumKeys<decltype(tag)>::kAll[k].second; };
  };
  facets.regions = to_facet(c_regions, dict_key(regions_), strings(q.regions));
  facets.health_trusts = to_facet(c_hfs, dict_key(health_trusts_), strings(q.health_trusts));
  facets.municipalities =
      to_facet(c_municipalities, dict_key(municipalities_), strings(q.municipalities));
  facets.diagnoses = to_facet(c_diagnoses, dict_key(diagnoses_), strings(q.diagnoses));
  facets.languages = to_facet(c_languages, dict_key(languages_), strings(q.languages));
  facets.fields = to_facet(c_fields, enum_key(Field{}), strings(q.fields));
  facets.formats = to_facet(c_formats, enum_key(CourseFormat{}), strings(q.formats));
  facets.target_groups = to_facet(c_targets, enum_key(TargetGroup{}), strings(q.target_groups));

  // Relevance first when searching text, then the next start, then the title.
  // Relevance counts in tiers (a quarter of the best score each), so that among
  // about equally good matches the course starting soonest comes first rather
  // than one with no dates that scored a hair higher.
  if (text && !matches.empty()) {
    double best = 0;
    for (const auto& m : matches) best = std::max(best, m.relevance);
    for (auto& m : matches) m.relevance = best > 0 ? std::ceil(4 * m.relevance / best) : 0;
  }
  const std::size_t page_begin = std::size_t(q.page - 1) * std::size_t(q.page_size);
  const std::size_t page_end = std::min(matches.size(), page_begin + std::size_t(q.page_size));
  CatalogueSearch result;
  result.total = static_cast<int>(matches.size());
  result.facets = std::move(facets);
  if (page_begin >= matches.size()) return result;
  auto before = [this, with_text = text != nullptr](const Match& a, const Match& b) {
    if (with_text && a.relevance != b.relevance) return a.relevance > b.relevance;
    if (a.next_start != b.next_start) return a.next_start < b.next_start;
    const auto& ta = sort_titles_[a.index];
    const auto& tb = sort_titles_[b.index];
    if (ta != tb) return ta < tb;
    return courses_[a.index].id < courses_[b.index].id;
  };
  std::partial_sort(matches.begin(), matches.begin() + std::ptrdiff_t(page_end), matches.end(),
                    before);
  for (std::size_t k = page_begin; k < page_end; ++k) {
    const auto& m = matches[k];
    CatalogueHit hit{courses_[m.index], std::nullopt, 0, m.relevance};
    for (const auto& rl : hit.course.runs) {
      if (!is_published(rl.run)) continue;
      auto start = rl.run.first_start();
      if (!start || *start <= now) continue;
      ++hit.upcoming_runs;
      if (!hit.next_run || *start < *hit.next_run->run.first_start()) hit.next_run = rl;
    }
    result.items.push_back(std::move(hit));
  }
  return result;
}

}  // namespace kursbase
