// `kursbase demo` writes the demo catalogue once: into an empty database, never
// over a catalogue (unless told to skip), on both engines ("postgres.*" in ctest).
#include "cli/demo_command.hpp"

#include <gtest/gtest.h>

#include "app/testing/oslo_time_zone.hpp"
#include "store/engine/database.hpp"
#include "store/testing/test_database.hpp"

namespace kursbase::cli {
namespace {

class DemoCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = store::Database::open(
        store::testing::fresh_database_url(
            std::string("demo_") + ::testing::UnitTest::GetInstance()->current_test_info()->name()),
        2);
    ASSERT_TRUE(opened.ok()) << opened.error().detail;
    db_ = std::move(*opened);
    ASSERT_TRUE(db_->migrate().ok());
    store_ = store::make_catalogue_store(*db_);
    options_.today = *parse_day("2027-01-10");
  }
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<store::CatalogueStore> store_;
  DemoOptions options_;
};

TEST_F(DemoCommandTest, LoadsTheCountryIntoAnEmptyDatabase) {
  auto loaded = load_demo(*store_, options_, app::testing::oslo_time_zone());
  ASSERT_TRUE(loaded.ok()) << loaded.error().detail;
  EXPECT_TRUE(loaded->loaded);
  EXPECT_GT(loaded->organisations, 0u);
  EXPECT_GT(loaded->courses, 0u);
  EXPECT_GT(loaded->runs, loaded->courses);
  EXPECT_FALSE(*store_->is_empty());
}

TEST_F(DemoCommandTest, RefusesADatabaseThatHasACatalogue) {
  ASSERT_TRUE(load_demo(*store_, options_, app::testing::oslo_time_zone()).ok());
  auto again = load_demo(*store_, options_, app::testing::oslo_time_zone());
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::Conflict);
  EXPECT_EQ(again.error().message_key, "demo.error.not_empty");
}

TEST_F(DemoCommandTest, IfEmptySkipsADatabaseThatHasACatalogue) {
  ASSERT_TRUE(load_demo(*store_, options_, app::testing::oslo_time_zone()).ok());
  options_.only_if_empty = true;
  auto skipped = load_demo(*store_, options_, app::testing::oslo_time_zone());
  ASSERT_TRUE(skipped.ok()) << skipped.error().detail;
  EXPECT_FALSE(skipped->loaded);
  EXPECT_EQ(skipped->courses, 0u);
}

TEST_F(DemoCommandTest, IfEmptyStillLoadsAnEmptyDatabase) {
  options_.only_if_empty = true;
  auto loaded = load_demo(*store_, options_, app::testing::oslo_time_zone());
  ASSERT_TRUE(loaded.ok()) << loaded.error().detail;
  EXPECT_TRUE(loaded->loaded);
}

}  // namespace
}  // namespace kursbase::cli
