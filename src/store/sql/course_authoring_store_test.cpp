// The course authoring store's contract (issue 14), run against SQLite and
// (as "postgres.*" in ctest) against PostgreSQL: versions that refuse a stale
// save, history rows, drafts kept from the public, and the public catalogue
// and its search following every save.
#include "store/course_authoring_store.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <thread>

#include "domain/authoring/course_form.hpp"
#include "domain/catalogue/search_text.hpp"
#include "store/catalogue_store.hpp"
#include "store/engine/database.hpp"
#include "store/staff_store.hpp"
#include "store/testing/test_database.hpp"

namespace kursbase::store {
namespace {

const Instant kMonday = *parse_instant("2027-01-11T09:00:00Z");

CatalogueImport organisations() {
  CatalogueImport d;
  d.organisations = {
      {1, OrganisationKind::RegionalHealthAuthority, "Helse Vest RHF", "", {}, "", "", "", ""},
      {2, OrganisationKind::HealthTrust, "Helse Bergen HF", "", 1, "", "", "", ""},
      {3, OrganisationKind::LearningCentre, "Lærings- og mestringssenteret, Helse Bergen", "", 2,
       "", "", "", ""}};
  d.municipalities = {{"4601", "Bergen", 2}};
  d.diagnosis_areas = {{"kols", "KOLS", "J44"}};
  return d;
}

// A course as the form makes it: a draft of the LMS.
Course draft(const std::string& title) {
  CourseForm f;
  f.title = title;
  f.summary = "For deg med kronisk obstruktiv lungesykdom.";
  f.field = "somatic";
  f.target_groups = {"adults"};
  f.languages = {"nb"};
  f.format = "on_site";
  f.owner = "3";
  f.diagnosis_keys = {"kols"};
  f.programme = {{"Hva er KOLS?", "2", "professional"}, {"Å leve med KOLS", "1,5", "both"}};
  auto c =
      validate_course_form(f, {{3}, {"kols"}, {CompletionScheme{}, {"study_association", 75}}});
  EXPECT_TRUE(c.ok());
  return c.ok() ? *c : Course{};
}

TextQuery words(const std::string& q) {
  TextQuery out;
  for (const auto& t : search_terms(q)) out.groups.push_back({{t}});
  return out;
}

class CourseAuthoringStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string url = testing::fresh_database_url(
        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    auto opened = Database::open(url, 3);
    ASSERT_TRUE(opened.ok()) << opened.error().detail;
    db_ = std::move(*opened);
    ASSERT_TRUE(db_->migrate().ok());
    catalogue_ = make_catalogue_store(*db_);
    authoring_ = make_course_authoring_store(*db_);
    ASSERT_TRUE(catalogue_->import_catalogue(organisations()).ok());
    StaffAccount kari;
    kari.username = "kari";
    kari.display_name = "Kari Nordmann";
    auto id = make_staff_store(*db_)->create_account(kari);
    ASSERT_TRUE(id.ok());
    kari_ = *id;
  }

  bool public_listing_has(CourseId id) {
    auto listings = catalogue_->published_listings();
    EXPECT_TRUE(listings.ok());
    if (!listings.ok()) return false;
    for (const auto& l : *listings)
      if (l.id == id) return true;
    return false;
  }

  std::unique_ptr<Database> db_;
  std::unique_ptr<CatalogueStore> catalogue_;
  std::unique_ptr<CourseAuthoringStore> authoring_;
  std::int64_t kari_ = 0;
};

TEST_F(CourseAuthoringStoreTest, ADraftIsHiddenUntilPublishedAndEverySaveIsHistory) {
  const auto v0 = *catalogue_->catalogue_version();
  auto created = authoring_->create_course(draft("Lær å leve med KOLS"), kari_, kMonday);
  ASSERT_TRUE(created.ok()) << created.error().detail;
  EXPECT_EQ(created->version, 1);
  const CourseId id = created->course.id;
  EXPECT_GT(id, 0);
  EXPECT_GT(*catalogue_->catalogue_version(), v0);

  // Staff see the draft; the public and search do not.
  auto editing = authoring_->course_for_editing(id);
  ASSERT_TRUE(editing.ok() && *editing);
  EXPECT_EQ((*editing)->course.status, CourseStatus::Draft);
  EXPECT_EQ((*editing)->course.programme.total_teaching_minutes(), 210);
  EXPECT_FALSE(public_listing_has(id));
  EXPECT_FALSE(*catalogue_->find_course(id));
  EXPECT_FALSE(catalogue_->match_text(words("kols"))->count(id));

  // Published: in the listings, by id, and found by its words and its place.
  Course published = (*editing)->course;
  published.status = CourseStatus::Published;
  const auto v1 = *catalogue_->catalogue_version();
  auto saved = authoring_->save_course(published, 1, kari_, kMonday + std::chrono::hours(1));
  ASSERT_TRUE(saved.ok()) << saved.error().detail;
  EXPECT_EQ(saved->version, 2);
  EXPECT_GT(*catalogue_->catalogue_version(), v1);
  EXPECT_TRUE(public_listing_has(id));
  EXPECT_TRUE(*catalogue_->find_course(id));
  EXPECT_TRUE(catalogue_->match_text(words("leve kols"))->count(id));
  EXPECT_TRUE(catalogue_->match_text(words("bergen"))->count(id));  // the owner's HF
  EXPECT_TRUE(catalogue_->match_text(words("J44"))->count(id));     // its diagnosis

  auto history = authoring_->course_history(id);
  ASSERT_TRUE(history.ok()) << history.error().detail;
  ASSERT_EQ(history->size(), 2u);
  EXPECT_EQ((*history)[0].version, 2);  // newest first
  EXPECT_EQ((*history)[0].changed, std::vector<std::string>{"status"});
  EXPECT_EQ((*history)[0].account_name, "Kari Nordmann");
  EXPECT_EQ((*history)[0].at, kMonday + std::chrono::hours(1));
  EXPECT_EQ((*history)[1].changed, std::vector<std::string>{"created"});
  EXPECT_EQ((*history)[1].account_id, kari_);
}

// The completion scheme is data: the catalogue's reference data lists the
// schemes in their order, a course keeps the one it names and reads back its
// share, and the public read of the course carries it (attendance uses it).
TEST_F(CourseAuthoringStoreTest, ACourseKeepsItsCompletionSchemeAndReadsBackItsShare) {
  auto ref = catalogue_->reference_data();
  ASSERT_TRUE(ref.ok()) << ref.error().detail;
  ASSERT_EQ(ref->completion_schemes.size(), 2u);
  EXPECT_EQ(ref->completion_schemes[0].key, "isf");
  EXPECT_EQ(ref->completion_schemes[0].required_percent, 80);
  EXPECT_EQ(ref->completion_schemes[1].key, "study_association");
  EXPECT_EQ(ref->completion_schemes[1].required_percent, 75);

  auto created = authoring_->create_course(draft("Mestring i hverdagen"), kari_, kMonday);
  ASSERT_TRUE(created.ok()) << created.error().detail;
  const CourseId id = created->course.id;
  auto editing = authoring_->course_for_editing(id);
  ASSERT_TRUE(editing.ok() && *editing);
  EXPECT_EQ((*editing)->course.completion.key, "isf");
  EXPECT_EQ((*editing)->course.completion.required_percent, 80);

  Course changed = (*editing)->course;
  changed.completion = ref->completion_schemes[1];
  changed.status = CourseStatus::Published;
  ASSERT_TRUE(authoring_->save_course(changed, 1, kari_, kMonday + std::chrono::hours(1)).ok());
  auto published = catalogue_->find_course(id);
  ASSERT_TRUE(published.ok() && *published);
  EXPECT_EQ((*published)->course.completion.key, "study_association");
  EXPECT_EQ((*published)->course.completion.required_percent, 75);
  auto history = authoring_->course_history(id);
  ASSERT_TRUE(history.ok());
  EXPECT_EQ((*history)[0].changed, (std::vector<std::string>{"completion_scheme", "status"}));

  // A key the table does not hold is refused by the database and saves nothing.
  Course unknown = (*published)->course;
  unknown.completion = {"no_such_scheme", 50};
  EXPECT_FALSE(authoring_->save_course(unknown, 2, kari_, kMonday + std::chrono::hours(2)).ok());
  auto after = authoring_->course_for_editing(id);
  ASSERT_TRUE(after.ok() && *after);
  EXPECT_EQ((*after)->version, 2);
  EXPECT_EQ((*after)->course.completion.key, "study_association");
}

// The didactic plan is kept part by part: written parts come back as saved, a
// part emptied by a later save is gone, and the public read carries the plan
// too (a design copied from the library takes it along).
TEST_F(CourseAuthoringStoreTest, TheDidacticPlanComesBackPartByPart) {
  Course c = draft("Pust og trygghet");
  c.plan[DidacticPart::TargetGroup] = "Voksne med KOLS.\n\nOg pårørende.";
  c.plan[DidacticPart::Evaluation] = "Skjema og evalueringsmøte.";
  auto created = authoring_->create_course(c, kari_, kMonday);
  ASSERT_TRUE(created.ok()) << created.error().detail;
  const CourseId id = created->course.id;
  auto read = authoring_->course_for_editing(id);
  ASSERT_TRUE(read.ok() && *read);
  EXPECT_EQ((*read)->course.plan, c.plan);

  Course next = (*read)->course;
  next.plan[DidacticPart::Evaluation].clear();
  next.plan[DidacticPart::Goals] = "Mestre pusten i hverdagen.";
  ASSERT_TRUE(authoring_->save_course(next, 1, kari_, kMonday + std::chrono::hours(1)).ok());
  read = authoring_->course_for_editing(id);
  ASSERT_TRUE(read.ok() && *read);
  EXPECT_EQ((*read)->course.plan, next.plan);
  EXPECT_EQ((*read)->course.plan.written(), 2);
  auto history = authoring_->course_history(id);
  ASSERT_TRUE(history.ok());
  EXPECT_EQ((*history)[0].changed, std::vector<std::string>{"didactic_plan"});

  next.status = CourseStatus::Published;
  ASSERT_TRUE(authoring_->save_course(next, 2, kari_, kMonday + std::chrono::hours(2)).ok());
  auto published = catalogue_->find_course(id);
  ASSERT_TRUE(published.ok() && *published);
  EXPECT_EQ((*published)->course.plan, next.plan);
}

TEST_F(CourseAuthoringStoreTest, TheCourseListHasEveryStatusNewestFirst) {
  auto first = authoring_->create_course(draft("Lær å leve med KOLS"), kari_, kMonday);
  auto second = authoring_->create_course(draft("KOLS-skolen for pårørende"), kari_, kMonday);
  ASSERT_TRUE(first.ok() && second.ok());
  Course published = first->course;
  published.status = CourseStatus::Published;
  ASSERT_TRUE(authoring_->save_course(published, 1, kari_, kMonday).ok());
  auto lines = authoring_->course_lines();
  ASSERT_TRUE(lines.ok()) << lines.error().detail;
  ASSERT_EQ(lines->size(), 2u);
  EXPECT_EQ((*lines)[0].id, second->course.id);
  EXPECT_EQ((*lines)[0].title, "KOLS-skolen for pårørende");
  EXPECT_EQ((*lines)[0].status, CourseStatus::Draft);
  EXPECT_EQ((*lines)[0].version, 1);
  EXPECT_EQ((*lines)[1].status, CourseStatus::Published);
  EXPECT_EQ((*lines)[1].version, 2);
  EXPECT_EQ((*lines)[1].owner_id, 3);
  EXPECT_EQ((*lines)[1].text_language, "nb");
  EXPECT_EQ((*lines)[1].runs, 0);
}

TEST_F(CourseAuthoringStoreTest, ASaveReplacesTheProgrammeTextsAndSearchWords) {
  auto created = authoring_->create_course(draft("Lær å leve med KOLS"), kari_, kMonday);
  ASSERT_TRUE(created.ok());
  Course c = created->course;
  c.status = CourseStatus::Published;
  c.title = "Pusteskolen";
  c.programme.items.pop_back();
  c.translations = {{"se", "Vuoiŋŋahanskuvla", "Dutnje geas lea KOLS.", ""}};
  auto saved = authoring_->save_course(c, 1, kari_, kMonday);
  ASSERT_TRUE(saved.ok()) << saved.error().detail;
  auto again = *authoring_->course_for_editing(c.id);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->course.title, "Pusteskolen");
  EXPECT_EQ(again->course.programme.items.size(), 1u);
  ASSERT_EQ(again->course.translations.size(), 1u);
  EXPECT_EQ(again->course.translations[0].title, "Vuoiŋŋahanskuvla");
  EXPECT_EQ(again->course.target_groups, std::vector<TargetGroup>{TargetGroup::Adults});
  EXPECT_TRUE(catalogue_->match_text(words("pusteskolen"))->count(c.id));
  EXPECT_TRUE(catalogue_->match_text(words("vuoinnahanskuvla"))->count(c.id));
  EXPECT_FALSE(catalogue_->match_text(words("leve"))->count(c.id));  // the old title is gone
  const auto history = *authoring_->course_history(c.id);
  EXPECT_EQ(history[0].changed,
            (std::vector<std::string>{"title", "programme", "translations", "status"}));
}

TEST_F(CourseAuthoringStoreTest, ASaveFromAnOldVersionIsRefusedAndChangesNothing) {
  auto created = authoring_->create_course(draft("Lær å leve med KOLS"), kari_, kMonday);
  ASSERT_TRUE(created.ok());
  Course mine = created->course, theirs = created->course;
  theirs.title = "Tittelen deres";
  ASSERT_TRUE(authoring_->save_course(theirs, 1, kari_, kMonday).ok());
  mine.title = "Min tittel";
  auto stale = authoring_->save_course(mine, 1, kari_, kMonday);
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.error().code, ErrorCode::Conflict);
  EXPECT_EQ(stale.error().message_key, "course_form.error.conflict");
  auto stored = *authoring_->course_for_editing(mine.id);
  EXPECT_EQ(stored->course.title, "Tittelen deres");
  EXPECT_EQ(stored->version, 2);
  EXPECT_EQ(authoring_->course_history(mine.id)->size(), 2u);
  // A save from the version now stored goes through.
  EXPECT_TRUE(authoring_->save_course(mine, 2, kari_, kMonday).ok());
  // And a course that does not exist is not found, not created.
  Course ghost = mine;
  ghost.id = 9999;
  auto missing = authoring_->save_course(ghost, 1, kari_, kMonday);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::NotFound);
  EXPECT_FALSE(*authoring_->course_for_editing(9999));
}

// What the caller does in the save's transaction (the audit row) is part of
// it: when that fails, nothing of the save is kept.
TEST_F(CourseAuthoringStoreTest, AFailureInTheSameTransactionKeepsNothing) {
  int called = 0;
  auto refuse = [&](Tx&, const EditableCourse& saved) -> Status {
    ++called;
    EXPECT_GT(saved.course.id, 0);
    return unavailable("the audit log cannot be written");
  };
  auto created = authoring_->create_course(draft("Lær å leve med KOLS"), kari_, kMonday, refuse);
  ASSERT_FALSE(created.ok());
  EXPECT_EQ(called, 1);
  EXPECT_FALSE(*authoring_->course_for_editing(1));
  auto kept = authoring_->create_course(draft("Lær å leve med KOLS"), kari_, kMonday,
                                        [](Tx&, const EditableCourse&) { return ok_status(); });
  ASSERT_TRUE(kept.ok());
  Course changed = kept->course;
  changed.title = "Ny tittel";
  ASSERT_FALSE(authoring_->save_course(changed, 1, kari_, kMonday, refuse).ok());
  EXPECT_EQ(called, 2);
  const auto stored = *authoring_->course_for_editing(kept->course.id);
  EXPECT_EQ(stored->course.title, "Lær å leve med KOLS");
  EXPECT_EQ(stored->version, 1);
  EXPECT_EQ(authoring_->course_history(kept->course.id)->size(), 1u);
}

// Two editors saving from the same version at the same moment: exactly one
// save lands, the other is told, and the stored course is the winner's whole.
TEST_F(CourseAuthoringStoreTest, TwoConcurrentSavesFromOneVersionLandExactlyOnce) {
  auto created = authoring_->create_course(draft("Lær å leve med KOLS"), kari_, kMonday);
  ASSERT_TRUE(created.ok());
  for (int round = 0; round < 10; ++round) {
    const auto base = *authoring_->course_for_editing(created->course.id);
    ASSERT_TRUE(base);
    std::atomic<int> saved{0}, refused{0};
    std::vector<std::thread> editors;
    for (int e = 0; e < 2; ++e)
      editors.emplace_back([&, e] {
        Course c = base->course;
        c.title = "Redaktør " + std::to_string(e) + " runde " + std::to_string(round);
        auto r = authoring_->save_course(c, base->version, kari_, kMonday);
        if (r.ok())
          ++saved;
        else if (r.error().code == ErrorCode::Conflict)
          ++refused;
      });
    for (auto& t : editors) t.join();
    EXPECT_EQ(saved.load(), 1) << "round " << round;
    EXPECT_EQ(refused.load(), 1) << "round " << round;
    const auto now = *authoring_->course_for_editing(created->course.id);
    EXPECT_EQ(now->version, base->version + 1);
  }
}

// Two creators at once get two courses with ids of their own.
TEST_F(CourseAuthoringStoreTest, ConcurrentCreatesGetTheirOwnIds) {
  std::vector<CourseId> ids(4);
  std::vector<std::thread> creators;
  for (std::size_t i = 0; i < ids.size(); ++i)
    creators.emplace_back([&, i] {
      auto r = authoring_->create_course(draft("Kurs " + std::to_string(i)), kari_, kMonday);
      EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().detail);
      if (r.ok()) ids[i] = r->course.id;
    });
  for (auto& t : creators) t.join();
  std::set<CourseId> distinct(ids.begin(), ids.end());
  EXPECT_EQ(distinct.size(), ids.size());
  EXPECT_FALSE(distinct.count(0));
}

}  // namespace
}  // namespace kursbase::store
