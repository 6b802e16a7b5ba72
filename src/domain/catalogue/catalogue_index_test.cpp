#include "domain/catalogue/catalogue_index.hpp"

#include <gtest/gtest.h>

namespace kursbase {
namespace {

Instant at(const char* s) { return *parse_instant(s); }
const Instant kNow = at("2027-01-15T12:00:00Z");

RunListing run_starting(const char* start, int capacity, int confirmed,
                        RunState state = RunState::Open) {
  RunListing rl;
  rl.run.state = state;
  rl.run.capacity = capacity;
  rl.run.registration_deadline = at(start) - std::chrono::days{7};
  rl.run.sessions = {{1, at(start), at(start) + std::chrono::hours{3}}};
  rl.confirmed = confirmed;
  return rl;
}

CourseListing course(CourseId id, std::string title, Field field, std::int64_t hf,
                     std::vector<std::string> municipalities, std::vector<RunListing> runs) {
  CourseListing c;
  c.id = id;
  c.title = std::move(title);
  c.field = field;
  c.health_trust_id = hf;
  c.region_id = hf < 10 ? 1 : 2;
  c.municipalities = std::move(municipalities);
  c.runs = std::move(runs);
  c.languages = {"nb"};
  c.target_groups = {TargetGroup::Adults};
  return c;
}

CatalogueIndex sample() {
  std::vector<CourseListing> v;
  v.push_back(course(1, "Lær å leve med KOLS", Field::Somatic, 5, {"0301"},
                     {run_starting("2027-03-01T08:00:00Z", 12, 3)}));
  v.push_back(course(2, "Diabetes type 2", Field::Somatic, 5, {"0301"},
                     {run_starting("2027-02-01T08:00:00Z", 12, 12)}));  // full
  v.push_back(course(3, "Psykoseskolen", Field::MentalHealth, 12, {"4601"},
                     {run_starting("2027-04-01T08:00:00Z", 10, 0)}));
  v.back().referral_required = true;
  v.back().target_groups = {TargetGroup::Relatives};
  v.back().languages = {"nn"};
  v.push_back(course(4, "Pårørendekurs", Field::MentalHealth, 12, {"4601"},
                     {run_starting("2026-04-01T08:00:00Z", 10, 0)}));  // past only
  return CatalogueIndex(std::move(v));
}

std::vector<CourseId> ids(const CatalogueSearch& s) {
  std::vector<CourseId> out;
  for (const auto& h : s.items) out.push_back(h.course->id);
  return out;
}

int count_of(const std::vector<FacetValue>& f, const std::string& key) {
  for (const auto& v : f)
    if (v.key == key) return v.count;
  return -1;
}

TEST(CatalogueIndex, NoFiltersListsEverythingByNextStart) {
  auto idx = sample();
  auto s = idx.search(CatalogueQuery{}, {}, nullptr, kNow);
  EXPECT_EQ(s.total, 4);
  EXPECT_EQ(ids(s), (std::vector<CourseId>{2, 1, 3, 4}));  // course 4 has no upcoming run
  EXPECT_EQ(s.items[0].upcoming_runs, 1);
  EXPECT_FALSE(s.items[3].next_run);
}

// Issue 12: a course card shows the next run one can still sign up for, and
// the default order leads with what is bookable.
TEST(CatalogueIndex, NextRunAndOrderLeadWithWhatIsBookable) {
  auto closed = run_starting("2027-01-20T08:00:00Z", 12, 0);
  closed.run.registration_deadline = at("2027-01-10T08:00:00Z");  // passed
  auto full_no_list = run_starting("2027-01-25T08:00:00Z", 10, 10);
  full_no_list.run.waiting_list_enabled = false;
  auto open_later = run_starting("2027-05-01T08:00:00Z", 10, 2);
  open_later.run.id = 77;
  std::vector<CourseListing> v;
  v.push_back(course(1, "Bare stengt", Field::Somatic, 5, {}, {closed}));
  v.push_back(course(2, "Fullt uten venteliste", Field::Somatic, 5, {}, {full_no_list}));
  v.push_back(course(3, "Stengt nå, åpent senere", Field::Somatic, 5, {}, {closed, open_later}));
  CatalogueIndex idx(std::move(v));
  auto s = idx.search(CatalogueQuery{}, {}, nullptr, kNow);
  EXPECT_EQ(ids(s), (std::vector<CourseId>{3, 1, 2}));
  ASSERT_TRUE(s.items[0].next_run);
  EXPECT_EQ(s.items[0].next_run->run.id, 77);  // not the closed run that starts first
  EXPECT_EQ(s.items[0].upcoming_runs, 2);
  ASSERT_TRUE(s.items[1].next_run);  // nothing bookable: still the next to start
  EXPECT_EQ(s.items[1].next_run->run.registration_deadline, at("2027-01-10T08:00:00Z"));
}

TEST(CatalogueIndex, FacetsCountWithTheOtherFiltersOnly) {
  auto idx = sample();
  CatalogueQuery q;
  q.fields = {Field::Somatic};
  auto s = idx.search(q, {}, nullptr, kNow);
  EXPECT_EQ(s.total, 2);
  // The field facet ignores the field filter itself: both values remain choosable.
  EXPECT_EQ(count_of(s.facets.fields, "somatic"), 2);
  EXPECT_EQ(count_of(s.facets.fields, "mental_health"), 2);
  // Other facets are narrowed by the field filter.
  EXPECT_EQ(count_of(s.facets.health_trusts, "5"), 2);
  EXPECT_EQ(count_of(s.facets.health_trusts, "12"), -1);
  EXPECT_EQ(s.facets.free_seats, 1);  // course 2 is full
}

TEST(CatalogueIndex, FreeSeatsAndDateWindowApplyToOneRun) {
  auto idx = sample();
  CatalogueQuery q;
  q.free_seats_only = true;
  EXPECT_EQ(ids(idx.search(q, {}, nullptr, kNow)), (std::vector<CourseId>{1, 3}));
  StartWindow march{at("2027-03-01T00:00:00Z"), at("2027-04-01T00:00:00Z")};
  EXPECT_EQ(ids(idx.search(CatalogueQuery{}, march, nullptr, kNow)), std::vector<CourseId>{1});
}

TEST(CatalogueIndex, ReferralLanguageTargetAndMunicipality) {
  auto idx = sample();
  CatalogueQuery q;
  q.no_referral_only = true;
  q.municipalities = {"4601"};
  EXPECT_EQ(ids(idx.search(q, {}, nullptr, kNow)), std::vector<CourseId>{4});
  CatalogueQuery l;
  l.languages = {"nn"};
  l.target_groups = {TargetGroup::Relatives};
  EXPECT_EQ(ids(idx.search(l, {}, nullptr, kNow)), std::vector<CourseId>{3});
  CatalogueQuery unknown;
  unknown.municipalities = {"9999"};
  auto s = idx.search(unknown, {}, nullptr, kNow);
  EXPECT_EQ(s.total, 0);
  EXPECT_EQ(count_of(s.facets.municipalities, "9999"), 0);  // selected stays visible
}

TEST(CatalogueIndex, TextMatchesRankBeforeDate) {
  auto idx = sample();
  TextMatches text{{3, 1.0}, {1, 5.0}};
  auto s = idx.search(CatalogueQuery{}, {}, &text, kNow);
  EXPECT_EQ(ids(s), (std::vector<CourseId>{1, 3}));
  EXPECT_EQ(s.items[0].relevance, 4);
  EXPECT_EQ(s.items[1].relevance, 1);
  TextMatches tie{{3, 1.0}, {1, 1.0}};
  EXPECT_EQ(ids(idx.search(CatalogueQuery{}, {}, &tie, kNow)), (std::vector<CourseId>{1, 3}));
  // Nearly equal scores share a tier: the sooner start wins (2 starts before 1).
  TextMatches close{{1, 5.0}, {2, 4.9}, {4, 5.1}};
  EXPECT_EQ(ids(idx.search(CatalogueQuery{}, {}, &close, kNow)), (std::vector<CourseId>{2, 1, 4}));
}

TEST(CatalogueIndex, PagesAndCancelledRuns) {
  auto idx = sample();
  CatalogueQuery q;
  q.page_size = 3;
  q.page = 2;
  auto s = idx.search(q, {}, nullptr, kNow);
  EXPECT_EQ(s.total, 4);
  EXPECT_EQ(ids(s), std::vector<CourseId>{4});
  q.page = 3;
  EXPECT_TRUE(idx.search(q, {}, nullptr, kNow).items.empty());

  std::vector<CourseListing> v{
      course(9, "Avlyst", Field::Somatic, 5, {},
             {run_starting("2027-03-01T08:00:00Z", 12, 0, RunState::Cancelled)})};
  CatalogueIndex cancelled(std::move(v));
  CatalogueQuery free;
  free.free_seats_only = true;
  EXPECT_EQ(cancelled.search(free, {}, nullptr, kNow).total, 0);
  EXPECT_FALSE(cancelled.search(CatalogueQuery{}, {}, nullptr, kNow).items[0].next_run);
  EXPECT_NE(cancelled.find(9), nullptr);
  EXPECT_EQ(cancelled.find(10), nullptr);
}

}  // namespace
}  // namespace kursbase
