// The catalogue use cases over the real store (SQLite, and PostgreSQL as
// "postgres.*" in ctest) with the scale-1 demo catalogue.
#include "app/catalogue/catalogue_service.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "store/testing/demo_catalogue.hpp"
#include "store/engine/database.hpp"
#include "store/testing/test_database.hpp"

namespace kursbase::app {
namespace {

class CatalogueServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = std::move(*store::Database::open(
        store::testing::fresh_database_url(
            ::testing::UnitTest::GetInstance()->current_test_info()->name()),
        2));
    ASSERT_TRUE(db_->migrate().ok());
    store_ = store::make_catalogue_store(*db_);
    ASSERT_TRUE(store::testing::import_demo_catalogue(*store_, *parse_day("2027-01-10")).ok());
    service_ = std::make_unique<CatalogueService>(
        *store_, [] { return *parse_instant("2027-01-10T12:00:00Z"); },
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

TEST_F(CatalogueServiceTest, UnknownFilterValuesAreInvalidInput) {
  CatalogueQuery q;
  q.health_trusts = {999999};
  auto r = service_->search(q);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::InvalidInput);
  EXPECT_EQ(r.error().fields.at(0).field, "hf");
  CatalogueQuery d;
  d.diagnoses = {"no-such-diagnosis"};
  EXPECT_FALSE(service_->search(d).ok());
  CatalogueQuery rhf_as_hf;
  rhf_as_hf.health_trusts = {service_->search({})->search.facets.regions.at(0).key.empty()
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
  const auto id = all->search.items.at(0).course.id;
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

}  // namespace
}  // namespace kursbase::app
