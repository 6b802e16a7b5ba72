// StaffStore::run_scope / course_scope on every engine: the same answer as the
// staff overview's walk of the organisation tree, for every course and run of
// the demo country, and plans that look rows up by index instead of reading
// the run, course or organisation tables (issue 10).
#include "store/sql/scope_queries.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "store/catalogue_store.hpp"
#include "store/engine/connection.hpp"
#include "store/engine/database.hpp"
#include "store/staff_store.hpp"
#include "store/testing/demo_catalogue.hpp"
#include "store/testing/enrollment_catalogue.hpp"
#include "store/testing/test_database.hpp"

namespace kursbase::store {
namespace {

bool same(const ObjectScope& a, const ObjectScope& b) {
  return a.course_id == b.course_id && a.health_trust_id == b.health_trust_id &&
         a.region_id == b.region_id;
}

std::string show(const ObjectScope& s) {
  auto part = [](const std::optional<std::int64_t>& v) {
    return v ? std::to_string(*v) : std::string("-");
  };
  return "{course " + part(s.course_id) + ", hf " + part(s.health_trust_id) + ", region " +
         part(s.region_id) + "}";
}

// `query` with its one parameter replaced by a literal (EXPLAIN takes none).
std::string with_id(std::string query, long long id) {
  const auto at = query.find(":id");
  return query.replace(at, 3, std::to_string(id));
}

class ScopeQueriesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = Database::open(testing::fresh_database_url("scope"), 2);
    ASSERT_TRUE(db.ok()) << db.error().detail;
    db_ = std::move(*db);
    ASSERT_TRUE(db_->migrate().ok());
    catalogue_ = make_catalogue_store(*db_);
    staff_ = make_staff_store(*db_);
  }

  void import_demo() {
    ASSERT_TRUE(testing::import_demo_catalogue(*catalogue_, *parse_day("2027-01-10")).ok());
  }

  // The plan's lines: SQLite's EXPLAIN QUERY PLAN details, PostgreSQL's EXPLAIN
  // text with sequential scans switched off (so a plan that still reads a table
  // through is one without a usable index, whatever the table's size).
  std::vector<std::string> plan(const char* query, long long id) {
    std::vector<std::string> lines;
    auto ok = db_->transact(TxKind::Read, [&](Tx& tx) -> Status {
      soci::session& sql = session_of(tx);
      if (db_->engine() == Engine::Sqlite) {
        soci::rowset<soci::row> rows = (sql.prepare << "EXPLAIN QUERY PLAN " + with_id(query, id));
        for (const auto& row : rows) lines.push_back(row.get<std::string>(3));
      } else {
        sql << "SET LOCAL enable_seqscan = off";
        soci::rowset<std::string> rows = (sql.prepare << "EXPLAIN " + with_id(query, id));
        for (const auto& line : rows) lines.push_back(line);
      }
      return ok_status();
    });
    EXPECT_TRUE(ok.ok()) << ok.error().detail;
    return lines;
  }

  // True when a plan line reads one of the catalogue's tables through.
  bool reads_a_table_through(const std::vector<std::string>& lines) {
    for (const auto& line : lines) {
      for (const char* table : {"run", "course", "organisation"}) {
        const std::string t(table);
        // SQLite: "SCAN r" / "SCAN c" / "SCAN o" (aliases) or the table name;
        // PostgreSQL: "Seq Scan on run r".
        if (line.find("Seq Scan on " + t) != std::string::npos) return true;
      }
      // The recursive queries' own working tables ("chain", "below") are
      // read through by design: a row per level.
      if (db_->engine() == Engine::Sqlite && line.rfind("SCAN ", 0) == 0 &&
          line.rfind("SCAN chain", 0) != 0 && line.rfind("SCAN below", 0) != 0)
        return true;
    }
    return false;
  }

  std::unique_ptr<Database> db_;
  std::unique_ptr<CatalogueStore> catalogue_;
  std::unique_ptr<StaffStore> staff_;
};

// The oracle is courses(), which reads every organisation and walks the tree
// in C++: each course and each run must be placed the same by the one query.
TEST_F(ScopeQueriesTest, EveryCourseAndRunOfTheDemoCountryIsPlacedAsTheOverviewPlacesIt) {
  ASSERT_NO_FATAL_FAILURE(import_demo());
  auto courses = staff_->courses();
  ASSERT_TRUE(courses.ok()) << courses.error().detail;
  ASSERT_GT(courses->size(), 100u);
  int runs = 0, outside_any_hf = 0;
  for (const auto& c : *courses) {
    const ObjectScope want{c.id, c.health_trust_id, c.region_id};
    if (!c.health_trust_id) ++outside_any_hf;
    auto got = staff_->course_scope(c.id);
    ASSERT_TRUE(got.ok()) << got.error().detail;
    EXPECT_TRUE(same(*got, want)) << "course " << c.id << ": " << show(*got) << " vs "
                                  << show(want);
    for (const auto& r : c.runs) {
      auto run = staff_->run_scope(r.id);
      ASSERT_TRUE(run.ok()) << run.error().detail;
      EXPECT_TRUE(same(*run, want)) << "run " << r.id << ": " << show(*run);
      ++runs;
    }
  }
  EXPECT_GT(runs, 100);
  // The demo has HF courses with an RHF above; every one of them was compared.
  EXPECT_LT(outside_any_hf, static_cast<int>(courses->size()));
}

TEST_F(ScopeQueriesTest, ChainsOfEveryShapeAndUnknownObjects) {
  const auto data = testing::scope_catalogue();
  ASSERT_TRUE(catalogue_->import_catalogue(data).ok());

  using namespace testing;
  const std::map<RunId, ObjectScope> runs{
      {kOpenRun, {10, 2, 1}},                                   // LMS -> HF -> RHF
      {kOtherHfRun, {kOtherHfCourse, kOtherHf, kOtherRegion}},  // department -> HF -> RHF
      {kNoHfRun, {kNoHfCourse, std::nullopt, std::nullopt}},    // municipal service
      {kHfOwnedRun, {kHfOwnedCourse, kOtherHf, kOtherRegion}},  // the owner is the HF
  };
  for (const auto& [id, want] : runs) {
    auto got = staff_->run_scope(id);
    ASSERT_TRUE(got.ok()) << got.error().detail;
    EXPECT_TRUE(same(*got, want)) << "run " << id << ": " << show(*got);
    auto by_course = staff_->course_scope(*want.course_id);
    ASSERT_TRUE(by_course.ok());
    EXPECT_TRUE(same(*by_course, want)) << "course " << *want.course_id;
  }

  auto no_run = staff_->run_scope(999999);
  ASSERT_FALSE(no_run.ok());
  EXPECT_EQ(no_run.error().code, ErrorCode::NotFound);
  EXPECT_EQ(no_run.error().message_key, "enrollment.error.run_not_found");
  auto no_course = staff_->course_scope(999999);
  ASSERT_FALSE(no_course.ok());
  EXPECT_EQ(no_course.error().code, ErrorCode::NotFound);
  EXPECT_EQ(no_course.error().message_key, "course.error.not_found");
  // Inside a caller's transaction, the same answers.
  auto in_tx = db_->transact(TxKind::Read, [&](Tx& tx) -> Result<ObjectScope> {
    return staff_->course_scope(tx, kOtherHfCourse);
  });
  ASSERT_TRUE(in_tx.ok());
  EXPECT_TRUE(same(*in_tx, {kOtherHfCourse, kOtherHf, kOtherRegion}));
}

// courses_in() against the overview of the whole country filtered by hand:
// an HF's courses, a region's, single courses, and nothing for unknown ids.
TEST_F(ScopeQueriesTest, CoursesInAreTheOverviewsCoursesBelowTheOrganisations) {
  ASSERT_NO_FATAL_FAILURE(import_demo());
  auto all = staff_->courses();
  ASSERT_TRUE(all.ok());
  std::map<std::int64_t, StaffCourse> by_id;
  std::map<std::int64_t, int> per_hf;
  for (const auto& c : *all) {
    by_id[c.id] = c;
    if (c.health_trust_id) ++per_hf[*c.health_trust_id];
  }
  ASSERT_GE(per_hf.size(), 2u);
  const auto hf = per_hf.begin()->first;
  const auto region = *std::find_if(all->begin(), all->end(), [&](const StaffCourse& c) {
                         return c.health_trust_id == hf;
                       })->region_id;
  auto check = [&](const StaffCourseFilter& filter, auto&& expected) {
    auto got = staff_->courses_in(filter);
    ASSERT_TRUE(got.ok()) << got.error().detail;
    std::set<std::int64_t> want, seen;
    for (const auto& c : *all)
      if (expected(c)) want.insert(c.id);
    for (const auto& c : *got) {
      seen.insert(c.id);
      const auto& o = by_id.at(c.id);
      EXPECT_EQ(c.title, o.title);
      EXPECT_EQ(c.status, o.status);
      EXPECT_EQ(c.owner_id, o.owner_id);
      EXPECT_EQ(c.health_trust_id, o.health_trust_id) << c.id;
      EXPECT_EQ(c.region_id, o.region_id) << c.id;
      ASSERT_EQ(c.runs.size(), o.runs.size()) << c.id;
      for (std::size_t i = 0; i < c.runs.size(); ++i) {
        EXPECT_EQ(c.runs[i].id, o.runs[i].id);
        EXPECT_EQ(c.runs[i].first_start, o.runs[i].first_start);
        EXPECT_EQ(c.runs[i].capacity, o.runs[i].capacity);
        EXPECT_EQ(c.runs[i].confirmed, o.runs[i].confirmed);
        EXPECT_EQ(c.runs[i].state, o.runs[i].state);
      }
    }
    EXPECT_EQ(seen, want);
    EXPECT_TRUE(std::is_sorted(got->begin(), got->end(), [](const auto& a, const auto& b) {
      return a.title != b.title ? a.title < b.title : a.id < b.id;
    }));
  };
  check({{hf}, {}}, [&](const StaffCourse& c) { return c.health_trust_id == hf; });
  // Below an RHF: its HFs' courses (the demo owns no course below an RHF
  // outside an HF; one would show here as a course without an HF).
  check({{region}, {}}, [&](const StaffCourse& c) { return c.region_id == region; });
  const auto one = all->front().id;
  check({{}, {one, 999999}}, [&](const StaffCourse& c) { return c.id == one; });
  check({{999999}, {}}, [](const StaffCourse&) { return false; });
  check({{hf, hf}, {one}},
        [&](const StaffCourse& c) { return c.health_trust_id == hf || c.id == one; });
}

// On the demo country (hundreds of courses, thousands of runs) the plans look
// up each row by its primary key: no full read of run, course or organisation.
TEST_F(ScopeQueriesTest, PlansUseIndexesNotTableScans) {
  ASSERT_NO_FATAL_FAILURE(import_demo());
  if (db_->engine() == Engine::Postgres) {
    auto analysed = db_->transact(TxKind::Write, [&](Tx& tx) -> Status {
      soci::session& sql = session_of(tx);
      sql << "ANALYZE run";
      sql << "ANALYZE course";
      sql << "ANALYZE organisation";
      return ok_status();
    });
    ASSERT_TRUE(analysed.ok()) << analysed.error().detail;
  }
  auto courses = staff_->courses();
  ASSERT_TRUE(courses.ok());
  ASSERT_FALSE(courses->empty());
  const auto& some = courses->back();
  ASSERT_FALSE(some.runs.empty());
  const std::vector<std::pair<const char*, long long>> queries{
      {kRunScopeQuery, some.runs.front().id},
      {kCourseScopeQuery, some.id},
      {kCoursesBelowQuery, some.health_trust_id.value_or(some.owner_id)},
      {kStaffCourseQuery, some.id},
      {kStaffCourseRunsQuery, some.id}};
  for (const auto& [query, id] : queries) {
    const auto lines = plan(query, id);
    std::string text;
    for (const auto& l : lines) text += l + "\n";
    ASSERT_FALSE(lines.empty());
    EXPECT_FALSE(reads_a_table_through(lines)) << text;
    // And the lookups are there: by a primary key or an index on both engines.
    if (db_->engine() == Engine::Sqlite)
      EXPECT_TRUE(text.find("USING INTEGER PRIMARY KEY") != std::string::npos ||
                  text.find("USING INDEX") != std::string::npos)
          << text;
    else
      EXPECT_NE(text.find("Index"), std::string::npos) << text;
  }
}

}  // namespace
}  // namespace kursbase::store
