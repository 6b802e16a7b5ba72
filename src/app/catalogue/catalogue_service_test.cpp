// The catalogue use cases over the real store (SQLite, and PostgreSQL as
// "postgres.*" in ctest) with the scale-1 demo catalogue; and the read model's
// freshness and availability (issue 10) over the enrollment test catalogue:
// seat changes reach search within the refresh interval, a failed refresh
// keeps answers flowing, a slow refresh does not hold searches up, and a
// text search is of one catalogue version even right after a course's rename.
#include "app/catalogue/catalogue_service.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "app/testing/enrollment_world.hpp"
#include "app/testing/oslo_time_zone.hpp"
#include "store/course_authoring_store.hpp"
#include "store/engine/database.hpp"
#include "store/staff_store.hpp"
#include "store/testing/demo_catalogue.hpp"
#include "store/testing/enrollment_catalogue.hpp"
#include "store/testing/raw_sql.hpp"
#include "store/testing/test_database.hpp"

namespace kursbase::app {
namespace {

// Far longer than any test: only a search's own check of the text matches'
// catalogue version can bring the snapshot up to date.
constexpr auto kNeverRefreshed = std::chrono::hours(1);

// A staff account to save courses as (a save's history names who made it).
std::int64_t editor(store::StaffStore& staff) {
  store::StaffAccount kari;
  kari.username = "redaktor";
  kari.display_name = "Kari Redaktør";
  auto id = staff.create_account(kari);
  EXPECT_TRUE(id.ok()) << (id.ok() ? "" : id.error().detail);
  return id.ok() ? *id : 0;
}

// Renames course `id` as its owners do (store/course_authoring_store.hpp): one
// transaction moves catalogue_state.version and rewrites the course's
// full-text entry.
void rename_course(store::CourseAuthoringStore& courses, std::int64_t account, CourseId id,
                   const std::string& title) {
  auto editing = courses.course_for_editing(id);
  ASSERT_TRUE(editing.ok()) << editing.error().detail;
  ASSERT_TRUE(*editing) << "no course " << id;
  Course course = (*editing)->course;
  ASSERT_EQ(course.status, CourseStatus::Published);
  course.title = title;
  auto saved = courses.save_course(course, (*editing)->version, account,
                                   *parse_instant("2027-01-10T12:00:00Z"));
  ASSERT_TRUE(saved.ok()) << saved.error().detail;
  ASSERT_GT(saved->version, (*editing)->version);
}

// The title `course` has in a search for `text`, or none if it is not found.
std::optional<std::string> title_found(CatalogueService& service, const std::string& text,
                                       CourseId course) {
  CatalogueQuery q;
  q.text = text;
  q.page_size = CatalogueQuery::kMaxPageSize;
  auto r = service.search(q);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().detail);
  if (!r.ok()) return std::nullopt;
  for (const auto& hit : r->search.items)
    if (hit.course->id == course) return hit.course->title;
  return std::nullopt;
}

// Both answers of one catalogue version: the new word finds the course with
// its new title and the old word does not, or (from the version before the
// rename) the old word finds it with its old title and the new word does not.
::testing::AssertionResult one_version(const std::optional<std::string>& by_new_word,
                                       const std::optional<std::string>& by_old_word,
                                       const std::string& new_title, const std::string& old_title) {
  const bool after = by_new_word == new_title && !by_old_word;
  const bool before = by_old_word == old_title && !by_new_word;
  if (after || before) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << "two catalogue versions in the answers: the new word shows "
         << by_new_word.value_or("nothing") << ", the old word shows "
         << by_old_word.value_or("nothing");
}

class CatalogueServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = std::move(
        *store::Database::open(store::testing::fresh_database_url(
                                   ::testing::UnitTest::GetInstance()->current_test_info()->name()),
                               2));
    ASSERT_TRUE(db_->migrate().ok());
    store_ = store::make_catalogue_store(*db_);
    ASSERT_TRUE(store::testing::import_demo_catalogue(*store_, *parse_day("2027-01-10")).ok());
    service_ = std::make_unique<CatalogueService>(
        *store_, [] { return *parse_instant("2027-01-10T12:00:00Z"); }, testing::oslo_time_zone(),
        std::chrono::milliseconds(0));
  }
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<store::CatalogueStore> store_;
  std::unique_ptr<CatalogueService> service_;
};

TEST_F(CatalogueServiceTest, SearchFindsDiagnosesRegardlessOfCase) {
  CatalogueQuery q;
  q.text = "kols";
  auto r = service_->search(q);
  ASSERT_TRUE(r.ok()) << r.error().detail;
  ASSERT_GT(r->search.total, 0);
  for (const auto& hit : r->search.items) EXPECT_GT(hit.relevance, 0);
  q.text = "PARKINSON";
  auto p = service_->search(q);
  ASSERT_TRUE(p.ok());
  EXPECT_GT(p->search.total, 0);
}

TEST_F(CatalogueServiceTest, UnknownFilterValuesAreMalformed) {
  CatalogueQuery q;
  q.health_trusts = {999999};
  auto r = service_->search(q);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::Malformed);
  EXPECT_EQ(r.error().fields.at(0).field, "hf");
  CatalogueQuery d;
  d.diagnoses = {"no-such-diagnosis"};
  EXPECT_FALSE(service_->search(d).ok());
  CatalogueQuery rhf_as_hf;
  rhf_as_hf.health_trusts = {
      service_->search({})->search.facets.regions.at(0).key.empty()
          ? 0
          : std::stoll(service_->search({})->search.facets.regions.at(0).key)};
  EXPECT_FALSE(service_->search(rhf_as_hf).ok());  // an RHF is not an HF
}

TEST_F(CatalogueServiceTest, FiltersNarrowAndFacetsCount) {
  auto all = service_->search({});
  ASSERT_TRUE(all.ok());
  CatalogueQuery q;
  q.no_referral_only = true;
  auto r = service_->search(q);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->search.total, all->search.facets.no_referral);
  EXPECT_LT(r->search.total, all->search.total);
  CatalogueQuery window;
  window.from = *parse_day("2027-02-01");
  window.to = *parse_day("2027-02-28");
  auto w = service_->search(window);
  ASSERT_TRUE(w.ok());
  EXPECT_GT(w->search.total, 0);
  EXPECT_LT(w->search.total, all->search.total);
}

TEST_F(CatalogueServiceTest, CourseAndRunPagesReadTheStore) {
  auto all = service_->search({});
  ASSERT_TRUE(all.ok());
  const auto id = all->search.items.at(0).course->id;
  auto c = service_->course(id);
  ASSERT_TRUE(c.ok());
  EXPECT_FALSE(c->record.course.programme.items.empty());
  EXPECT_EQ(service_->course(99999999).error().code, ErrorCode::NotFound);
  ASSERT_FALSE(c->record.runs.empty());
  auto run = service_->run(c->record.runs[0].run.id);
  ASSERT_TRUE(run.ok());
  EXPECT_EQ(run->record.course_id, id);
  EXPECT_EQ(service_->run(99999999).error().code, ErrorCode::NotFound);
}

// A published course renamed right after a search built the snapshot and
// cached the old word's matches: the database's full-text index already has
// the new title while the snapshot still shows the old one. A search must not
// combine the two (found by the new word, shown with the old title).
TEST_F(CatalogueServiceTest, ATextSearchRightAfterARenameIsOfOneCatalogueVersion) {
  auto courses = store::make_course_authoring_store(*db_);
  const std::int64_t kari = editor(*store::make_staff_store(*db_));
  auto all = service_->search({});
  ASSERT_TRUE(all.ok());
  const CourseId id = all->search.items.at(0).course->id;
  const std::string old_title = "Marsvinkurset", new_title = "Blekksprutkurset";
  ASSERT_NO_FATAL_FAILURE(rename_course(*courses, kari, id, old_title));

  CatalogueService service(
      *store_, [] { return *parse_instant("2027-01-10T12:00:00Z"); }, testing::oslo_time_zone(),
      kNeverRefreshed);
  ASSERT_EQ(title_found(service, "marsvinkurset", id), old_title) << "warms the snapshot";
  ASSERT_NO_FATAL_FAILURE(rename_course(*courses, kari, id, new_title));

  const auto by_new_word = title_found(service, "blekksprutkurset", id);
  const auto by_old_word = title_found(service, "marsvinkurset", id);
  EXPECT_TRUE(one_version(by_new_word, by_old_word, new_title, old_title));
}

// The real store with knobs: reads that fail, a slow full read, work before a
// full read, and counts of what the service asked for. Thread-safe like the store it wraps.
class ProbeStore final : public store::CatalogueStore {
 public:
  explicit ProbeStore(store::CatalogueStore& inner) : inner_(inner) {}

  std::atomic<bool> fail_stamp{false};
  std::atomic<int> listings_delay_ms{0};
  std::atomic<int> listings_calls{0}, figures_calls{0}, course_calls{0};
  std::atomic<int> listings_running{0}, listings_running_max{0};
  std::atomic<int> match_calls{0};
  // Runs before each full read (set while no search runs).
  std::function<void()> before_listings;

  Result<std::int64_t> catalogue_version() override { return inner_.catalogue_version(); }
  Result<store::CatalogueStamp> catalogue_stamp() override {
    if (fail_stamp) return unavailable("probe: the database is away");
    return inner_.catalogue_stamp();
  }
  Result<std::vector<store::RunFigures>> run_figures() override {
    ++figures_calls;
    return inner_.run_figures();
  }
  Result<store::ReferenceData> reference_data() override { return inner_.reference_data(); }
  Result<std::vector<CourseListing>> published_listings() override {
    ++listings_calls;
    if (before_listings) before_listings();
    const int running = ++listings_running;
    for (int seen = listings_running_max; running > seen;)
      if (listings_running_max.compare_exchange_weak(seen, running)) break;
    if (const int ms = listings_delay_ms; ms > 0)
      std::this_thread::sleep_for(std::chrono::milliseconds(ms));
    auto out = inner_.published_listings();
    --listings_running;
    return out;
  }
  Result<store::VersionedTextMatches> match_text_with_version(const TextQuery& query) override {
    ++match_calls;
    return inner_.match_text_with_version(query);
  }
  Result<std::vector<SearchWord>> search_words() override { return inner_.search_words(); }
  Result<std::optional<store::CourseRecord>> find_course(CourseId id) override {
    ++course_calls;
    return inner_.find_course(id);
  }
  Result<std::optional<store::RunRecord>> find_run(RunId id) override {
    return inner_.find_run(id);
  }
  Result<bool> is_empty() override { return inner_.is_empty(); }
  Status import_catalogue(const store::CatalogueImport& data) override {
    return inner_.import_catalogue(data);
  }

 private:
  store::CatalogueStore& inner_;
};

using store::testing::kCancelledRun;
using store::testing::kNoWaitingList;
using store::testing::kOpenRun;
constexpr CourseId kKols = 10;  // kOpenRun (12 seats) and kNoWaitingList (2) take sign-ups
constexpr auto kRefresh = std::chrono::milliseconds(50);
// How long a poll waits for the read model before the test fails: far above
// kRefresh, so a slow machine does not fail it, and far below "never".
constexpr auto kDeadline = std::chrono::seconds(5);

class CatalogueFreshnessTest : public testing::EnrollmentWorld {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(open_world("fresh-"));
    probe_ = std::make_unique<ProbeStore>(*catalogue_);
    service_ =
        std::make_unique<CatalogueService>(*probe_, clock(), testing::oslo_time_zone(), kRefresh);
  }

  EnrollmentId sign_up(RunId run, int i) {
    store::SignUpRequest r;
    r.run_id = run;
    r.main.person.name = "Deltaker " + std::to_string(i);
    r.main.person.email = "d" + std::to_string(i) + "@example.no";
    r.main.identity_hash = "id-" + std::to_string(i);
    r.main.manage_token_hash = "tok-" + std::to_string(i);
    r.now = now_;
    auto out = enrollments_->sign_up(r, nullptr);
    EXPECT_TRUE(out.ok()) << (out.ok() ? "" : out.error().detail);
    return out.ok() ? out->main.id : 0;
  }

  // The KOLS course as a `free_seats` search shows it, or null if it does not.
  std::optional<CourseListing> kols_with_free_seats() {
    CatalogueQuery q;
    q.free_seats_only = true;
    q.page_size = 100;
    auto r = service_->search(q);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().detail);
    if (!r.ok()) return std::nullopt;
    for (const auto& hit : r->search.items)
      if (hit.course->id == kKols) return *hit.course;
    return std::nullopt;
  }

  int confirmed_shown(const CourseListing& c, RunId run) {
    for (const auto& rl : c.runs)
      if (rl.run.id == run) return rl.confirmed;
    return -1;
  }

  // Polls `shown` until true or kDeadline; no fixed sleep for the refresh.
  template <class F>
  bool eventually(F&& shown) {
    const auto until = std::chrono::steady_clock::now() + kDeadline;
    while (std::chrono::steady_clock::now() < until) {
      if (shown()) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return shown();
  }

  Status exec(const std::string& sql) { return store::testing::exec_sql(*db_, sql); }

  std::unique_ptr<ProbeStore> probe_;
  std::unique_ptr<CatalogueService> service_;
};

TEST_F(CatalogueFreshnessTest, SignUpsThatFillTheRunsTakeTheCourseOutOfFreeSeats) {
  ASSERT_TRUE(kols_with_free_seats());
  const int full_builds = probe_->listings_calls;
  for (int i = 0; i < 12; ++i) sign_up(kOpenRun, i);
  sign_up(kNoWaitingList, 100);
  EXPECT_TRUE(eventually([&] {
    auto c = kols_with_free_seats();
    return c && confirmed_shown(*c, kNoWaitingList) == 1 && confirmed_shown(*c, kOpenRun) == 12;
  })) << "seats taken show in search";
  const EnrollmentId last = sign_up(kNoWaitingList, 101);
  EXPECT_TRUE(eventually([&] { return !kols_with_free_seats(); }))
      << "a course whose runs are all full is no longer listed with free seats";
  // Only seats moved: patched from the runs' figures, the courses not read again.
  EXPECT_EQ(probe_->listings_calls, full_builds);
  EXPECT_GT(probe_->figures_calls, 0);

  ASSERT_TRUE(enrollments_->cancel(last, now_, nullptr).ok());
  EXPECT_TRUE(eventually([&] {
    auto c = kols_with_free_seats();
    return c && confirmed_shown(*c, kNoWaitingList) == 1;
  })) << "a cancelled seat is free again";
}

TEST_F(CatalogueFreshnessTest, ACoursePageIsReadOncePerSnapshotAndShowsNewSeats) {
  auto confirmed_on_page = [&] {
    auto c = service_->course(kKols);
    EXPECT_TRUE(c.ok());
    if (!c.ok()) return -1;
    for (const auto& rl : c->record.runs)
      if (rl.run.id == kOpenRun) return rl.confirmed;
    return -1;
  };
  const int before = confirmed_on_page();
  ASSERT_GE(before, 0);
  const int reads = probe_->course_calls;
  EXPECT_EQ(confirmed_on_page(), before);
  EXPECT_EQ(confirmed_on_page(), before);
  EXPECT_EQ(probe_->course_calls, reads) << "served from the snapshot's cache";
  EXPECT_EQ(service_->course(99999999).error().code, ErrorCode::NotFound);

  sign_up(kOpenRun, 1);
  EXPECT_TRUE(eventually([&] { return confirmed_on_page() == before + 1; }))
      << "a sign-up reaches the course page within the refresh interval";
  EXPECT_GT(probe_->course_calls, reads) << "the new snapshot read the course again";
}

TEST_F(CatalogueFreshnessTest, CapacityAndRunStateReachSearch) {
  for (int i = 0; i < 12; ++i) sign_up(kOpenRun, i);
  sign_up(kNoWaitingList, 100);
  sign_up(kNoWaitingList, 101);
  ASSERT_TRUE(eventually([&] { return !kols_with_free_seats(); }));

  const int full_builds = probe_->listings_calls;
  ASSERT_TRUE(enrollments_->set_capacity(kOpenRun, 13, now_, nullptr).ok());
  EXPECT_TRUE(eventually([&] { return kols_with_free_seats().has_value(); }))
      << "one more seat on kOpenRun";

  // A change of state by any writer (here by hand) moves the run's stamp.
  ASSERT_TRUE(
      exec("UPDATE run SET state = 'cancelled' WHERE id = " + std::to_string(kOpenRun)).ok());
  EXPECT_TRUE(eventually([&] { return !kols_with_free_seats(); })) << "the run was cancelled";
  ASSERT_TRUE(
      exec("UPDATE run SET state = 'open' WHERE id = " + std::to_string(kCancelledRun)).ok());
  EXPECT_TRUE(eventually([&] { return kols_with_free_seats().has_value(); }))
      << "a cancelled run opened again";
  EXPECT_EQ(probe_->listings_calls, full_builds) << "capacity and state: patched, not rebuilt";
}

TEST_F(CatalogueFreshnessTest, AFailedRefreshKeepsServingTheLastSnapshot) {
  ASSERT_TRUE(kols_with_free_seats());
  probe_->fail_stamp = true;
  for (int i = 0; i < 12; ++i) sign_up(kOpenRun, i);
  sign_up(kNoWaitingList, 100);
  sign_up(kNoWaitingList, 101);
  // Several refresh intervals pass; every search still answers, from the old snapshot.
  const auto until = std::chrono::steady_clock::now() + 4 * kRefresh;
  int answered = 0;
  while (std::chrono::steady_clock::now() < until) {
    auto c = kols_with_free_seats();
    ASSERT_TRUE(c) << "the last good snapshot is served";
    EXPECT_EQ(confirmed_shown(*c, kOpenRun), 0);
    ++answered;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  EXPECT_GT(answered, 0);
  probe_->fail_stamp = false;
  EXPECT_TRUE(eventually([&] { return !kols_with_free_seats(); })) << "caught up once it works";
}

TEST_F(CatalogueFreshnessTest, AFailingFullReadKeepsServingAndRecovers) {
  ASSERT_TRUE(kols_with_free_seats());
  // A course edit (the version moves) while a table the full read needs is gone.
  ASSERT_TRUE(exec("ALTER TABLE course_language RENAME TO course_language_away").ok());
  ASSERT_TRUE(exec("UPDATE catalogue_state SET version = version + 1 WHERE id = 1").ok());
  ASSERT_TRUE(exec("UPDATE course SET title = 'Ny tittel' WHERE id = 10").ok());
  const int before = probe_->listings_calls;
  ASSERT_TRUE(eventually([&] {
    kols_with_free_seats();  // a search is what polls
    return probe_->listings_calls > before;
  }));
  auto c = kols_with_free_seats();
  ASSERT_TRUE(c) << "answers still come, from the last good snapshot";
  EXPECT_EQ(c->title, "Lær å leve med KOLS");
  ASSERT_TRUE(exec("ALTER TABLE course_language_away RENAME TO course_language").ok());
  EXPECT_TRUE(eventually([&] {
    auto now = kols_with_free_seats();
    return now && now->title == "Ny tittel";
  }));
}

TEST_F(CatalogueFreshnessTest, WithNoSnapshotYetTheStoresErrorComesBack) {
  probe_->fail_stamp = true;
  auto r = service_->search({});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::Unavailable);
  probe_->fail_stamp = false;
  EXPECT_TRUE(service_->search({}).ok());
}

// Searches while a (deliberately slow, 300 ms) full rebuild runs answer from
// the old snapshot at once; other requests do not start a second rebuild.
TEST_F(CatalogueFreshnessTest, SearchesDoNotWaitForASlowRebuild) {
  service_ = std::make_unique<CatalogueService>(*probe_, clock(), testing::oslo_time_zone(),
                                                std::chrono::milliseconds(0));
  ASSERT_TRUE(kols_with_free_seats());
  probe_->listings_delay_ms = 300;
  ASSERT_TRUE(exec("UPDATE catalogue_state SET version = version + 1 WHERE id = 1").ok());
  const int before = probe_->listings_calls;
  std::thread rebuilder([&] { EXPECT_TRUE(service_->search({}).ok()); });
  ASSERT_TRUE(eventually([&] { return probe_->listings_running > 0; }));

  std::atomic<int> searches{0}, failures{0};
  std::atomic<long long> slowest_us{0};
  auto search_while_rebuilding = [&] {
    while (probe_->listings_running > 0) {
      const auto t0 = std::chrono::steady_clock::now();
      auto r = service_->search({});
      const long long us = std::chrono::duration_cast<std::chrono::microseconds>(
                               std::chrono::steady_clock::now() - t0)
                               .count();
      if (!r.ok()) ++failures;
      for (long long seen = slowest_us; us > seen;)
        if (slowest_us.compare_exchange_weak(seen, us)) break;
      ++searches;
    }
  };
  std::thread other(search_while_rebuilding);
  search_while_rebuilding();
  other.join();
  rebuilder.join();

  EXPECT_GT(searches, 10);
  EXPECT_EQ(failures, 0);
  // A search of this catalogue takes µs; one that waited for the rebuild would
  // take most of its 300 ms (the first starts as the rebuild does). The bound
  // leaves room for a loaded machine (ctest -j2, a sanitizer build) that
  // preempts a thread for tens of ms.
  EXPECT_LT(slowest_us, 150'000) << "a search waited for the rebuild";
  EXPECT_EQ(probe_->listings_calls, before + 1) << "one rebuild, not one per request";
  EXPECT_EQ(probe_->listings_running_max, 1);
}

// Searches that all find, right after a rename, the text index ahead of the
// snapshot wait for one rebuild, not one each, and all answer from it.
TEST_F(CatalogueFreshnessTest, SearchesRightAfterARenameShareOneRebuild) {
  service_ = std::make_unique<CatalogueService>(*probe_, clock(), testing::oslo_time_zone(),
                                                kNeverRefreshed);
  ASSERT_TRUE(kols_with_free_seats());  // builds the snapshot
  auto courses = store::make_course_authoring_store(*db_);
  ASSERT_NO_FATAL_FAILURE(rename_course(*courses, editor(*staff_), kKols, "Blekksprutkurset"));
  const int before = probe_->listings_calls;

  constexpr int kSearchers = 4;
  std::atomic<int> new_title_shown{0};
  std::vector<std::thread> searchers;
  for (int i = 0; i < kSearchers; ++i)
    searchers.emplace_back([&] {
      if (title_found(*service_, "blekksprutkurset", kKols) == "Blekksprutkurset")
        ++new_title_shown;
    });
  for (auto& t : searchers) t.join();
  EXPECT_EQ(new_title_shown, kSearchers);
  EXPECT_EQ(probe_->listings_calls, before + 1) << "one rebuild for all of them";
  EXPECT_EQ(probe_->listings_running_max, 1);
  EXPECT_EQ(title_found(*service_, "leve", kKols), std::nullopt) << "a word of the old title only";
}

// A save, and then saves that commit during every refresh (after it read the
// stamp; here version bumps before each full read), so that each snapshot is
// behind the text match that follows it: the search still answers, after
// kCatchUps rebuilds, from the newest snapshot.
TEST_F(CatalogueFreshnessTest, SavesThatKeepRacingASearchCostItTwoRebuildsAtMost) {
  service_ = std::make_unique<CatalogueService>(*probe_, clock(), testing::oslo_time_zone(),
                                                kNeverRefreshed);
  ASSERT_TRUE(kols_with_free_seats());
  const int before = probe_->listings_calls;
  const auto bump = [&] {
    EXPECT_TRUE(exec("UPDATE catalogue_state SET version = version + 1 WHERE id = 1").ok());
  };
  bump();
  probe_->before_listings = bump;
  EXPECT_EQ(title_found(*service_, "leve", kKols), "Lær å leve med KOLS");
  EXPECT_EQ(probe_->listings_calls, before + 2);
  EXPECT_EQ(probe_->match_calls, 3);
  probe_->before_listings = nullptr;
  // The saves stopped: the next miss brings the snapshot up to date, and its
  // matches serve on, cached for it.
  EXPECT_EQ(title_found(*service_, "bergen", kKols), "Lær å leve med KOLS");
  EXPECT_EQ(probe_->listings_calls, before + 3);
  EXPECT_EQ(probe_->match_calls, 5) << "matched again with the new snapshot";
  EXPECT_EQ(title_found(*service_, "bergen", kKols), "Lær å leve med KOLS");
  EXPECT_EQ(probe_->match_calls, 5) << "cached for the snapshot of their version";
}

// A text search that finds the database ahead while the full read fails
// answers from the last good snapshot, and the failing rebuild is not tried
// again by every search that follows, only after the interval.
TEST_F(CatalogueFreshnessTest, ATextSearchWhileTheFullReadFailsAnswersAtOnce) {
  service_ = std::make_unique<CatalogueService>(*probe_, clock(), testing::oslo_time_zone(),
                                                kNeverRefreshed);
  ASSERT_TRUE(kols_with_free_seats());
  const int before = probe_->listings_calls;
  ASSERT_TRUE(exec("ALTER TABLE course_language RENAME TO course_language_away").ok());
  ASSERT_TRUE(exec("UPDATE catalogue_state SET version = version + 1 WHERE id = 1").ok());
  EXPECT_EQ(title_found(*service_, "leve", kKols), "Lær å leve med KOLS");
  EXPECT_EQ(probe_->listings_calls, before + 1) << "the rebuild was tried";
  EXPECT_EQ(title_found(*service_, "bergen", kKols), "Lær å leve med KOLS");
  EXPECT_EQ(title_found(*service_, "kols", kKols), "Lær å leve med KOLS");
  EXPECT_EQ(probe_->listings_calls, before + 1) << "and not again within the interval";
  ASSERT_TRUE(exec("ALTER TABLE course_language_away RENAME TO course_language").ok());
}

}  // namespace
}  // namespace kursbase::app
