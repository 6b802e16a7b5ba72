// The run authoring store's contract (issue 14), against SQLite and (as
// "postgres.*" in ctest) PostgreSQL: versions that refuse a stale save,
// sessions saved by position (ids kept), a capacity that holds the seats
// taken, history rows, drafts kept from the public, and concurrent saves
// landing exactly once.
#include "store/run_authoring_store.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "domain/authoring/course_form.hpp"
#include "store/catalogue_store.hpp"
#include "store/course_authoring_store.hpp"
#include "store/engine/database.hpp"
#include "store/staff_store.hpp"
#include "store/testing/raw_sql.hpp"
#include "store/testing/test_database.hpp"

namespace kursbase::store {
namespace {

const Instant kMonday = *parse_instant("2027-01-11T09:00:00Z");
Instant at(const char* s) { return *parse_instant(s); }

CatalogueImport organisations() {
  CatalogueImport d;
  d.organisations = {
      {1, OrganisationKind::RegionalHealthAuthority, "Helse Vest RHF", "", {}, "", "", "", ""},
      {2, OrganisationKind::HealthTrust, "Helse Bergen HF", "", 1, "", "", "", ""},
      {3, OrganisationKind::LearningCentre, "Lærings- og mestringssenteret, Helse Bergen", "", 2,
       "", "", "", ""}};
  d.municipalities = {{"4601", "Bergen", 2}, {"4621", "Voss", 2}};
  return d;
}

Course published_course() {
  CourseForm f;
  f.title = "Lær å leve med KOLS";
  f.summary = "For deg med kronisk obstruktiv lungesykdom.";
  f.field = "somatic";
  f.target_groups = {"adults"};
  f.languages = {"nb"};
  f.format = "on_site";
  f.owner = "3";
  f.programme = {{"Hva er KOLS?", "2", "professional"}, {"Å leve med KOLS", "2", "both"}};
  auto c = validate_course_form(f, {{3}, {}, {CompletionScheme{}}});
  EXPECT_TRUE(c.ok());
  Course out = c.ok() ? *c : Course{};
  out.status = CourseStatus::Published;
  return out;
}

Run two_evenings(CourseId course) {
  Run r;
  r.course_id = course;
  r.state = RunState::Draft;
  r.capacity = 12;
  r.min_participants = 4;
  r.language = "nb";
  r.registration_deadline = at("2027-03-16T23:00:00Z");
  r.location = Location{"LMS Haukeland", "Jonas Lies vei 65", "5021", "Bergen", "4621"};
  r.sessions = {{0, at("2027-03-23T17:00:00Z"), at("2027-03-23T19:30:00Z")},
                {0, at("2027-03-30T16:00:00Z"), at("2027-03-30T18:30:00Z")}};
  return r;
}

class RunAuthoringStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string url = testing::fresh_database_url(
        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    auto opened = Database::open(url, 3);
    ASSERT_TRUE(opened.ok()) << opened.error().detail;
    db_ = std::move(*opened);
    ASSERT_TRUE(db_->migrate().ok());
    catalogue_ = make_catalogue_store(*db_);
    runs_ = make_run_authoring_store(*db_);
    ASSERT_TRUE(catalogue_->import_catalogue(organisations()).ok());
    StaffAccount kari;
    kari.username = "kari";
    kari.display_name = "Kari Nordmann";
    auto id = make_staff_store(*db_)->create_account(kari);
    ASSERT_TRUE(id.ok());
    kari_ = *id;
    auto course =
        make_course_authoring_store(*db_)->create_course(published_course(), kari_, kMonday);
    ASSERT_TRUE(course.ok()) << course.error().detail;
    course_ = course->course.id;
  }

  std::size_t public_runs() {
    auto record = catalogue_->find_course(course_);
    EXPECT_TRUE(record.ok() && *record);
    return record.ok() && *record ? (*record)->runs.size() : 0;
  }

  std::unique_ptr<Database> db_;
  std::unique_ptr<CatalogueStore> catalogue_;
  std::unique_ptr<RunAuthoringStore> runs_;
  std::int64_t kari_ = 0;
  CourseId course_ = 0;
};

TEST_F(RunAuthoringStoreTest, ANewRunIsADraftUntilOpenedAndEverySaveIsHistory) {
  const auto v0 = *catalogue_->catalogue_version();
  auto created = runs_->create_run(two_evenings(course_), kari_, kMonday);
  ASSERT_TRUE(created.ok()) << created.error().detail;
  EXPECT_EQ(created->version, 1);
  EXPECT_GT(created->run.id, 0);
  ASSERT_EQ(created->run.sessions.size(), 2u);
  EXPECT_GT(created->run.sessions[0].id, 0);
  EXPECT_EQ(created->run.sessions[1].starts_at, at("2027-03-30T16:00:00Z"));
  EXPECT_EQ(created->run.location->municipality_number, "4621");
  EXPECT_GT(*catalogue_->catalogue_version(), v0);
  EXPECT_EQ(public_runs(), 0u);  // a draft
  // The place is searchable with the course once the run is saved.
  TextQuery voss;
  voss.groups.push_back({{"voss"}});
  EXPECT_TRUE(catalogue_->match_text(voss)->count(course_));

  kursbase::Run open = created->run;
  open.state = RunState::Open;
  auto saved = runs_->save_run(open, 1, kari_, kMonday + std::chrono::hours(1));
  ASSERT_TRUE(saved.ok()) << saved.error().detail;
  EXPECT_EQ(saved->version, 2);
  EXPECT_EQ(public_runs(), 1u);

  auto listed = runs_->runs_of_course(course_);
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].version, 2);
  auto history = runs_->run_history(created->run.id);
  ASSERT_TRUE(history.ok());
  ASSERT_EQ(history->size(), 2u);
  EXPECT_EQ((*history)[0].changed, std::vector<std::string>{"state"});
  EXPECT_EQ((*history)[0].account_name, "Kari Nordmann");
  EXPECT_EQ((*history)[1].changed, std::vector<std::string>{"created"});
  // A run of no course is not made.
  EXPECT_EQ(runs_->create_run(two_evenings(9999), kari_, kMonday).error().code,
            ErrorCode::NotFound);
}

TEST_F(RunAuthoringStoreTest, SessionsAreSavedByPositionKeepingTheirIds) {
  auto created = runs_->create_run(two_evenings(course_), kari_, kMonday);
  ASSERT_TRUE(created.ok());
  const auto first_id = created->run.sessions[0].id;
  const auto second_id = created->run.sessions[1].id;
  kursbase::Run moved = created->run;
  moved.sessions[0].starts_at = at("2027-03-24T17:00:00Z");
  moved.sessions[0].ends_at = at("2027-03-24T19:00:00Z");
  moved.sessions.push_back({0, at("2027-04-06T16:00:00Z"), at("2027-04-06T18:00:00Z")});
  auto saved = runs_->save_run(moved, 1, kari_, kMonday);
  ASSERT_TRUE(saved.ok()) << saved.error().detail;
  ASSERT_EQ(saved->run.sessions.size(), 3u);
  EXPECT_EQ(saved->run.sessions[0].id, first_id);
  EXPECT_EQ(saved->run.sessions[0].starts_at, at("2027-03-24T17:00:00Z"));
  EXPECT_EQ(saved->run.sessions[1].id, second_id);
  EXPECT_NE(saved->run.sessions[2].id, second_id);

  kursbase::Run shorter = saved->run;
  shorter.sessions.resize(1);
  auto cut = runs_->save_run(shorter, 2, kari_, kMonday);
  ASSERT_TRUE(cut.ok()) << cut.error().detail;
  ASSERT_EQ(cut->run.sessions.size(), 1u);
  EXPECT_EQ(cut->run.sessions[0].id, first_id);
  EXPECT_EQ(*testing::query_int(*db_, "SELECT count(*) FROM run_session WHERE run_id = " +
                                          std::to_string(created->run.id)),
            1);
  EXPECT_EQ((*runs_->run_history(created->run.id))[0].changed,
            std::vector<std::string>{"sessions"});
}

TEST_F(RunAuthoringStoreTest, AStaleSaveAndACapacityBelowTheSeatsTakenChangeNothing) {
  auto created = runs_->create_run(two_evenings(course_), kari_, kMonday);
  ASSERT_TRUE(created.ok());
  kursbase::Run theirs = created->run, mine = created->run;
  theirs.capacity = 14;
  ASSERT_TRUE(runs_->save_run(theirs, 1, kari_, kMonday).ok());
  mine.capacity = 10;
  auto stale = runs_->save_run(mine, 1, kari_, kMonday);
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.error().code, ErrorCode::Conflict);
  EXPECT_EQ(stale.error().message_key, "run_form.error.conflict");
  EXPECT_EQ((*runs_->run_for_editing(created->run.id))->run.capacity, 14);

  // Eleven confirmed meanwhile (as sign-ups keep the count): 10 seats would not hold them.
  ASSERT_TRUE(testing::exec_sql(*db_, "UPDATE run SET confirmed_count = 11 WHERE id = " +
                                          std::to_string(created->run.id))
                  .ok());
  auto below = runs_->save_run(mine, 2, kari_, kMonday);
  ASSERT_FALSE(below.ok());
  EXPECT_EQ(below.error().code, ErrorCode::InvalidInput);
  ASSERT_EQ(below.error().fields.size(), 1u);
  EXPECT_EQ(below.error().fields[0].field, "capacity");
  EXPECT_EQ(below.error().fields[0].message_key, "run_form.error.capacity_below_taken");
  const auto now = *runs_->run_for_editing(created->run.id);
  EXPECT_EQ(now->run.capacity, 14);
  EXPECT_EQ(now->version, 2);
  EXPECT_EQ(now->confirmed, 11);
  mine.capacity = 11;
  EXPECT_TRUE(runs_->save_run(mine, 2, kari_, kMonday).ok());
  kursbase::Run ghost = mine;
  ghost.id = 9999;
  EXPECT_EQ(runs_->save_run(ghost, 1, kari_, kMonday).error().code, ErrorCode::NotFound);
}

TEST_F(RunAuthoringStoreTest, TwoConcurrentSavesFromOneVersionLandExactlyOnce) {
  auto created = runs_->create_run(two_evenings(course_), kari_, kMonday);
  ASSERT_TRUE(created.ok());
  for (int round = 0; round < 10; ++round) {
    const auto base = *runs_->run_for_editing(created->run.id);
    ASSERT_TRUE(base);
    std::atomic<int> saved{0}, refused{0};
    std::vector<std::thread> editors;
    for (int e = 0; e < 2; ++e)
      editors.emplace_back([&, e] {
        kursbase::Run r = base->run;
        r.capacity = 20 + 2 * round + e;  // never the stored value: a real change
        auto result = runs_->save_run(r, base->version, kari_, kMonday);
        if (result.ok())
          ++saved;
        else if (result.error().code == ErrorCode::Conflict)
          ++refused;
      });
    for (auto& t : editors) t.join();
    EXPECT_EQ(saved.load(), 1) << "round " << round;
    EXPECT_EQ(refused.load(), 1) << "round " << round;
    EXPECT_EQ((*runs_->run_for_editing(created->run.id))->version, base->version + 1);
  }
  EXPECT_EQ(runs_->run_history(created->run.id)->size(), 11u);
}

}  // namespace
}  // namespace kursbase::store
