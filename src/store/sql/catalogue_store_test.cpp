// The catalogue store's contract, run against SQLite and (as "postgres.*" in
// ctest) against PostgreSQL.
#include "store/catalogue_store.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "domain/catalogue/search_text.hpp"
#include "store/engine/connection.hpp"
#include "store/engine/database.hpp"
#include "store/testing/test_database.hpp"

namespace kursbase::store {
namespace {

Instant at(const char* s) { return *parse_instant(s); }

CatalogueImport small_catalogue() {
  CatalogueImport d;
  d.organisations = {
      {1,
       OrganisationKind::RegionalHealthAuthority,
       "Helse Vest RHF",
       "983658725",
       {},
       "",
       "",
       "",
       ""},
      {2, OrganisationKind::HealthTrust, "Helse Bergen HF", "983974724", 1, "", "", "", ""},
      {3, OrganisationKind::LearningCentre, "Lærings- og mestringssenteret, Helse Bergen", "", 2,
       "", "lms@example.no", "+47 55 97 00 00", ""},
      {4,
       OrganisationKind::MunicipalService,
       "Friskliv og mestring, Askøy kommune",
       "",
       {},
       "4627",
       "",
       "",
       ""}};
  d.municipalities = {{"4601", "Bergen", 2}, {"4627", "Askøy", 2}};
  d.diagnosis_areas = {{"kols", "KOLS", "J44"}, {"parkinson", "Parkinsons sykdom", "G20"}};
  Course kols;
  kols.id = 10;
  kols.title = "Lær å leve med KOLS";
  kols.summary = "For deg med kronisk obstruktiv lungesykdom.";
  kols.description = "Første avsnitt.\n\nAndre avsnitt.";
  kols.field = Field::Somatic;
  kols.target_groups = {TargetGroup::Adults, TargetGroup::Relatives};
  kols.languages = {"nb", "en"};
  kols.owner_id = 3;
  kols.diagnosis_keys = {"kols"};
  kols.referral_required = true;
  kols.programme.items = {{"Hva er KOLS?", 120, Teacher::Professional},
                          {"Å leve med KOLS", 90, Teacher::UserRepresentative}};
  kols.status = CourseStatus::Published;
  Course parkinson = kols;
  parkinson.id = 11;
  parkinson.title = "Parkinsonskolen på Askøy";
  parkinson.diagnosis_keys = {"parkinson"};
  parkinson.owner_id = 4;
  parkinson.referral_required = false;
  Course draft = kols;
  draft.id = 12;
  draft.title = "Utkast om KOLS";
  draft.status = CourseStatus::Draft;
  d.courses = {kols, parkinson, draft};
  Run run;
  run.id = 100;
  run.course_id = 10;
  run.state = RunState::Open;
  run.capacity = 12;
  run.min_participants = 6;
  run.registration_deadline = at("2027-02-20T22:59:00Z");
  run.language = "nb";
  run.location = Location{"LMS Haukeland", "Haukelandsveien 22", "5021", "BERGEN", "4601"};
  run.sessions = {{1000, at("2027-03-10T08:00:00Z"), at("2027-03-10T11:00:00Z")},
                  {1001, at("2027-03-03T08:00:00Z"), at("2027-03-03T11:00:00Z")}};
  Run hidden = run;
  hidden.id = 101;
  hidden.state = RunState::Draft;
  hidden.sessions = {{1002, at("2027-04-10T08:00:00Z"), at("2027-04-10T11:00:00Z")}};
  d.runs = {run, hidden};
  return d;
}

class CatalogueStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string url = testing::fresh_database_url(
        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    auto opened = Database::open(url, 2);
    ASSERT_TRUE(opened.ok()) << opened.error().detail;
    db_ = std::move(*opened);
    ASSERT_TRUE(db_->migrate().ok());
    store_ = make_catalogue_store(*db_);
  }
  std::unique_ptr<Database> db_;
  std::unique_ptr<CatalogueStore> store_;
};

TEST_F(CatalogueStoreTest, ImportsAndListsPublishedCourses) {
  EXPECT_TRUE(*store_->is_empty());
  auto v0 = *store_->catalogue_version();
  ASSERT_TRUE(store_->import_catalogue(small_catalogue()).ok());
  EXPECT_FALSE(*store_->is_empty());
  EXPECT_GT(*store_->catalogue_version(), v0);

  auto listings = store_->published_listings();
  ASSERT_TRUE(listings.ok()) << listings.error().detail;
  ASSERT_EQ(listings->size(), 2u);  // the draft is not public
  const auto& kols = (*listings)[0];
  EXPECT_EQ(kols.title, "Lær å leve med KOLS");
  EXPECT_EQ(kols.health_trust_id, 2);
  EXPECT_EQ(kols.region_id, 1);
  EXPECT_EQ(kols.languages, (std::vector<std::string>{"nb", "en"}));
  ASSERT_EQ(kols.runs.size(), 1u);  // the draft run is not public
  EXPECT_EQ(kols.runs[0].run.sessions.size(), 2u);
  EXPECT_EQ(kols.runs[0].run.sessions[0].starts_at, at("2027-03-03T08:00:00Z"));
  EXPECT_EQ(kols.municipalities, std::vector<std::string>{"4601"});
  const auto& parkinson = (*listings)[1];
  EXPECT_FALSE(parkinson.health_trust_id);  // municipal
  EXPECT_EQ(parkinson.municipalities, std::vector<std::string>{"4627"});
}

// The stamp moves with every seat figure the catalogue shows, whoever writes
// it, and not with what it does not show; run_figures() has the published runs.
TEST_F(CatalogueStoreTest, TheStampMovesWithEverySeatFigure) {
  ASSERT_TRUE(store_->import_catalogue(small_catalogue()).ok());
  auto exec = [&](const std::string& sql) {
    return db_
        ->transact(TxKind::Write,
                   [&](Tx& tx) -> Status {
                     soci::session& s = session_of(tx);
                     s << sql;
                     return ok_status();
                   })
        .ok();
  };
  auto stamp = [&] {
    auto s = store_->catalogue_stamp();
    EXPECT_TRUE(s.ok()) << (s.ok() ? "" : s.error().detail);
    return s.ok() ? *s : CatalogueStamp{};
  };
  CatalogueStamp last = stamp();
  EXPECT_EQ(last.version, *store_->catalogue_version());
  EXPECT_EQ(last.runs, 2);
  auto moved = [&] {
    const CatalogueStamp now = stamp();
    const bool changed = !(now == last);
    EXPECT_EQ(now.version, last.version) << "seats do not touch the shared version row";
    last = now;
    return changed;
  };
  EXPECT_FALSE(moved());
  for (const char* change :
       {"UPDATE run SET confirmed_count = 3 WHERE id = 100",
        "UPDATE run SET confirmed_count = 2 WHERE id = 100",
        "UPDATE run SET capacity = 14 WHERE id = 100",
        "UPDATE run SET state = 'cancelled' WHERE id = 100",
        "UPDATE run SET registration_deadline = '2027-02-21T22:59:00Z' WHERE id = 100",
        "UPDATE run SET min_participants = 2 WHERE id = 100"}) {
    ASSERT_TRUE(exec(change)) << change;
    EXPECT_TRUE(moved()) << change;
  }
  ASSERT_TRUE(exec("UPDATE run SET confirmed_count = 2, waitlisted_count = 4 WHERE id = 100"));
  EXPECT_FALSE(moved()) << "nothing the catalogue shows changed";

  auto figures = store_->run_figures();
  ASSERT_TRUE(figures.ok()) << figures.error().detail;
  ASSERT_EQ(figures->size(), 1u);  // the draft run is not public
  const RunFigures& f = figures->front();
  EXPECT_EQ(f.id, 100);
  EXPECT_EQ(f.course_id, 10);
  EXPECT_EQ(f.state, RunState::Cancelled);
  EXPECT_EQ(f.capacity, 14);
  EXPECT_EQ(f.min_participants, 2);
  EXPECT_EQ(f.confirmed, 2);
  EXPECT_EQ(f.registration_deadline, at("2027-02-21T22:59:00Z"));
}

TextQuery text(const char* typed) { return plain_text_query(search_terms(typed)); }

TEST_F(CatalogueStoreTest, FullTextMatchesFoldedPrefixes) {
  ASSERT_TRUE(store_->import_catalogue(small_catalogue()).ok());
  auto m = store_->match_text(text("kols"));
  ASSERT_TRUE(m.ok()) << m.error().detail;
  EXPECT_EQ(m->size(), 1u);  // the draft also says KOLS, but is not public
  EXPECT_TRUE(m->count(10));
  EXPECT_TRUE(store_->match_text(text("parkinson"))->count(11));
  EXPECT_TRUE(store_->match_text(text("ASKOY"))->count(11));  // place, folded
  EXPECT_TRUE(store_->match_text(text("lungesykdom bergen"))->count(10));
  EXPECT_TRUE(store_->match_text(text("J44"))->count(10));
  EXPECT_TRUE(store_->match_text(text("epilepsi"))->empty());
}

TEST_F(CatalogueStoreTest, FullTextAlternativesMatchAnyOfThem) {
  ASSERT_TRUE(store_->import_catalogue(small_catalogue()).ok());
  // (sukkersyke OR kols) AND bergen: the lay word matches nothing, its meaning does.
  const TextQuery q{{{{"sukkersyke"}, {"kols"}}, {{"bergen"}}}};
  auto m = store_->match_text(q);
  ASSERT_TRUE(m.ok()) << m.error().detail;
  EXPECT_EQ(m->size(), 1u);
  EXPECT_TRUE(m->count(10));
  // An alternative of several words needs all of them.
  EXPECT_TRUE(store_->match_text(TextQuery{{{{"kols", "parkinson"}, {"askoy"}}}})->count(11));
  EXPECT_FALSE(store_->match_text(TextQuery{{{{"kols", "parkinson"}}}})->count(10));
  // Alternatives with no word the index keeps are dropped, not matched as "anything".
  EXPECT_TRUE(store_->match_text(TextQuery{{{{"\xF0\x9F\x98\x80"}}}})->empty());
}

TEST_F(CatalogueStoreTest, SearchWordsAreTheIndexedWordsWithCourseCounts) {
  ASSERT_TRUE(store_->import_catalogue(small_catalogue()).ok());
  auto words = store_->search_words();
  ASSERT_TRUE(words.ok()) << words.error().detail;
  auto courses_with = [&](const std::string& w) {
    for (const auto& sw : *words)
      if (sw.word == w) return sw.courses;
    return 0;
  };
  EXPECT_GE(courses_with("kols"), 1);   // a title word
  EXPECT_GE(courses_with("askoy"), 1);  // a place, folded
  EXPECT_GE(courses_with("j44"), 1);    // a diagnosis code, lower-cased
  EXPECT_EQ(courses_with("epilepsi"), 0);
  for (const auto& sw : *words) EXPECT_EQ(sw.word, fold_search_text(sw.word)) << sw.word;
}

TEST_F(CatalogueStoreTest, FindsCourseAndRunWithDetails) {
  ASSERT_TRUE(store_->import_catalogue(small_catalogue()).ok());
  auto c = store_->find_course(10);
  ASSERT_TRUE(c.ok() && *c);
  EXPECT_EQ((*c)->course.programme.items.size(), 2u);
  EXPECT_EQ((*c)->course.programme.total_teaching_minutes(), 210);
  EXPECT_EQ((*c)->course.description, "Første avsnitt.\n\nAndre avsnitt.");
  EXPECT_EQ((*c)->runs.size(), 1u);
  EXPECT_FALSE(*store_->find_course(12));  // draft
  EXPECT_FALSE(*store_->find_course(999));

  auto r = store_->find_run(100);
  ASSERT_TRUE(r.ok() && *r);
  EXPECT_EQ((*r)->course_title, "Lær å leve med KOLS");
  EXPECT_EQ((*r)->run.run.capacity, 12);
  EXPECT_EQ((*r)->run.run.location->postal_place, "BERGEN");
  EXPECT_EQ((*r)->run.confirmed, 0);
  EXPECT_FALSE(*store_->find_run(101));  // draft run
}

// A course's texts in other languages (issue 13): kept, read back by every
// reader of the course, and searched like its own text.
TEST_F(CatalogueStoreTest, TranslationsAreKeptReadBackAndSearched) {
  auto data = small_catalogue();
  data.courses[0].translations = {
      {"se", "Oahpa eallit KOLSain", "Dutnje geas lea guhkesáigásaš geahpesdávda.",
       "Vuosttaš oassi.\n\nNubbi oassi."},
      {"en", "Learning to live with COPD", "For you with chronic obstructive pulmonary disease.",
       "First part."}};
  data.courses[1].text_language = "nn";
  ASSERT_TRUE(store_->import_catalogue(data).ok());

  auto c = store_->find_course(10);
  ASSERT_TRUE(c.ok() && *c);
  const Course& kols = (*c)->course;
  EXPECT_EQ(kols.text_language, "nb");
  ASSERT_EQ(kols.translations.size(), 2u);  // by language
  EXPECT_EQ(kols.translations[0].language, "en");
  EXPECT_EQ(kols.translations[0].description, "First part.");
  EXPECT_EQ(kols.translations[1].language, "se");
  EXPECT_EQ(kols.translations[1].title, "Oahpa eallit KOLSain");
  EXPECT_EQ(kols.translations[1].description, "Vuosttaš oassi.\n\nNubbi oassi.");
  EXPECT_EQ((*store_->find_course(11))->course.text_language, "nn");

  auto listings = store_->published_listings();
  ASSERT_TRUE(listings.ok());
  ASSERT_EQ((*listings)[0].translations.size(), 2u);
  EXPECT_EQ(wording_for((*listings)[0], "se").title, "Oahpa eallit KOLSain");
  EXPECT_EQ(wording_for((*listings)[0], "se").summary,
            "Dutnje geas lea guhkesáigásaš geahpesdávda.");
  EXPECT_EQ((*listings)[1].text_language, "nn");
  EXPECT_TRUE((*listings)[1].translations.empty());

  auto r = store_->find_run(100);
  ASSERT_TRUE(r.ok() && *r);
  EXPECT_EQ(course_wording_for(**r, "en").title, "Learning to live with COPD");
  EXPECT_EQ(course_wording_for(**r, "nn").title, "Lær å leve med KOLS");
  EXPECT_EQ(course_titles(**r).for_reader("se"), "Oahpa eallit KOLSain");

  // Words only the translations have find the course, in title and text.
  EXPECT_TRUE(store_->match_text(text("geahpesdavda"))->count(10));
  EXPECT_TRUE(store_->match_text(text("Oahpa KOLSain"))->count(10));
  EXPECT_TRUE(store_->match_text(text("pulmonary"))->count(10));
  EXPECT_FALSE(store_->match_text(text("pulmonary"))->count(11));
}

TEST_F(CatalogueStoreTest, ImportIsAllOrNothing) {
  auto bad = small_catalogue();
  bad.runs[0].course_id = 999;  // violates the foreign key
  EXPECT_FALSE(store_->import_catalogue(bad).ok());
  EXPECT_TRUE(*store_->is_empty());
}

}  // namespace
}  // namespace kursbase::store
