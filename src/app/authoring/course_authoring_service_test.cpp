// Course authoring as LMS advisors use it (issue 14): create, save, publish,
// with the access rules, the audit rows and the version check. Real engines
// (SQLite; "postgres.*" in ctest).
#include "app/authoring/course_authoring_service.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "app/testing/enrollment_world.hpp"
#include "store/testing/enrollment_catalogue.hpp"

namespace kursbase::app {
namespace {

using store::testing::kOtherHf;

CourseForm form(const std::string& title) {
  CourseForm f;
  f.title = title;
  f.summary = "For deg med hjertesvikt og dine pårørende.";
  f.field = "somatic";
  f.target_groups = {"adults", "relatives"};
  f.languages = {"nb"};
  f.format = "on_site";
  f.owner = "3";  // the LMS of Helse Bergen
  f.programme = {{"Hva er hjertesvikt?", "2", "professional"},
                 {"Å leve med hjertesvikt", "2", "user_representative"}};
  return f;
}

class CourseAuthoringServiceTest : public testing::EnrollmentWorld {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(open_world("authoring_", true));
    courses_ = store::make_course_authoring_store(*db_);
    guard_ = std::make_unique<AccessGuard>(*staff_);
    service_ =
        std::make_unique<CourseAuthoringService>(*courses_, *catalogue_, *guard_, *audit_, clock());
    advisor_ = as("kari", {Role::LmsAdvisor, ScopeKind::HealthTrust, 2});
  }

  AccessContext as(const std::string& name, RoleGrant grant) {
    AccessContext who;
    who.actor = session_for(name, grant).actor;
    who.route = "POST /api/v1/staff/courses";
    who.client_address = "10.0.0.1";
    return who;
  }

  bool listed(CourseId id) {
    auto listings = catalogue_->published_listings();
    EXPECT_TRUE(listings.ok());
    if (!listings.ok()) return false;
    return std::any_of(listings->begin(), listings->end(),
                       [&](const CourseListing& l) { return l.id == id; });
  }

  // The account's edit rows (its sign-in has a row of its own).
  std::vector<store::AuditEntry> edit_rows(std::int64_t account) {
    store::AuditQuery q;
    q.account_id = account;
    q.limit = 100;
    auto rows = audit_store_->search(q);
    EXPECT_TRUE(rows.ok());
    std::vector<store::AuditEntry> out;
    if (!rows.ok()) return out;
    for (const auto& row : *rows)
      if (row.action == "edit_course") out.push_back(row);
    return out;
  }

  std::unique_ptr<store::CourseAuthoringStore> courses_;
  std::unique_ptr<AccessGuard> guard_;
  std::unique_ptr<CourseAuthoringService> service_;
  AccessContext advisor_;
};

TEST_F(CourseAuthoringServiceTest, AnAdvisorCreatesADraftAndPublishesItAndEveryStepIsAudited) {
  auto owners = service_->owners_for(advisor_.actor);
  ASSERT_TRUE(owners.ok());
  std::vector<OrganisationId> ids;
  for (const auto& o : *owners) ids.push_back(o.id);
  EXPECT_EQ(ids, (std::vector<OrganisationId>{2, 3}));  // the HF and its LMS, not the RHF

  auto created = service_->create(advisor_, form("Hjertesviktskolen"));
  ASSERT_TRUE(created.ok()) << created.error().detail;
  const CourseId id = created->course.id;
  EXPECT_EQ(created->course.status, CourseStatus::Draft);
  EXPECT_FALSE(listed(id));

  auto published = service_->move(advisor_, id, created->version, CourseStatus::Published);
  ASSERT_TRUE(published.ok()) << published.error().detail;
  EXPECT_TRUE(listed(id));

  auto editing = service_->for_editing(advisor_, id);
  ASSERT_TRUE(editing.ok());
  EXPECT_EQ(editing->status, CourseStatus::Published);
  EXPECT_EQ(editing->version, 2);
  EXPECT_EQ(editing->form.title, "Hjertesviktskolen");
  EXPECT_EQ(editing->form.programme.size(), 2u);
  ASSERT_EQ(editing->history.size(), 2u);
  EXPECT_EQ(editing->history[0].changed, std::vector<std::string>{"status"});
  EXPECT_EQ(editing->history[0].account_name, "kari");

  const auto rows = edit_rows(advisor_.actor.account_id);
  ASSERT_EQ(rows.size(), 2u);
  for (const auto& row : rows) {
    EXPECT_EQ(row.object_type, "course");
    EXPECT_EQ(row.object_id, std::to_string(id));
    EXPECT_EQ(row.role, "lms_advisor");
    EXPECT_EQ(row.event, AuditEventKind::Change);
  }
}

TEST_F(CourseAuthoringServiceTest, ASecondSaveFromTheSameVersionIsAConflictAndTheFirstStays) {
  auto created = service_->create(advisor_, form("Hjertesviktskolen"));
  ASSERT_TRUE(created.ok());
  const CourseId id = created->course.id;
  auto first = service_->save(advisor_, id, 1, form("Hjertesviktskolen i Bergen"));
  ASSERT_TRUE(first.ok()) << first.error().detail;
  auto second = service_->save(advisor_, id, 1, form("Hjertesviktskolen på Voss"));
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().code, ErrorCode::Conflict);
  EXPECT_EQ(second.error().message_key, "course_form.error.conflict");
  EXPECT_EQ(service_->for_editing(advisor_, id)->form.title, "Hjertesviktskolen i Bergen");
  // A move from a stale version is refused the same way.
  EXPECT_EQ(service_->move(advisor_, id, 1, CourseStatus::Published).error().code,
            ErrorCode::Conflict);
}

TEST_F(CourseAuthoringServiceTest, BadInputIsRefusedFieldByFieldAndNothingSavedIsLost) {
  auto created = service_->create(advisor_, form("Hjertesviktskolen"));
  ASSERT_TRUE(created.ok());
  CourseForm bad = form("<b>Hjertesviktskolen</b>");
  bad.programme[0].hours = "0";
  auto refused = service_->save(advisor_, created->course.id, 1, bad);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::InvalidInput);
  ASSERT_EQ(refused.error().fields.size(), 2u);
  EXPECT_EQ(refused.error().fields[0].field, "title");
  EXPECT_EQ(refused.error().fields[1].field, "programme.1.hours");
  const auto editing = *service_->for_editing(advisor_, created->course.id);
  EXPECT_EQ(editing.form.title, "Hjertesviktskolen");
  EXPECT_EQ(editing.version, 1);
  EXPECT_EQ(editing.history.size(), 1u);
}

TEST_F(CourseAuthoringServiceTest, OnlyAnAdvisorWhoseGrantCoversTheCourseEditsIt) {
  auto created = service_->create(advisor_, form("Hjertesviktskolen"));
  ASSERT_TRUE(created.ok());
  const CourseId id = created->course.id;
  const auto other_hf = as("ola", {Role::LmsAdvisor, ScopeKind::HealthTrust, kOtherHf});
  const auto leader = as("per", {Role::CourseLeader, ScopeKind::Course, id});
  for (const auto* who : {&other_hf, &leader}) {
    EXPECT_EQ(service_->save(*who, id, 1, form("Overtatt")).error().code, ErrorCode::Forbidden);
    EXPECT_EQ(service_->move(*who, id, 1, CourseStatus::Published).error().code,
              ErrorCode::Forbidden);
    EXPECT_EQ(service_->for_editing(*who, id).error().code, ErrorCode::Forbidden);
  }
  // A course leader creates none; another HF's advisor may not give one to
  // Bergen, and an owner that is no organisation is the form's error.
  EXPECT_EQ(service_->create(leader, form("Nytt")).error().code, ErrorCode::Forbidden);
  EXPECT_EQ(service_->create(other_hf, form("Nytt")).error().code, ErrorCode::Forbidden);
  CourseForm nowhere = form("Nytt");
  nowhere.owner = "999999";
  auto unknown = service_->create(advisor_, nowhere);
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, ErrorCode::InvalidInput);
  ASSERT_EQ(unknown.error().fields.size(), 1u);
  EXPECT_EQ(unknown.error().fields[0].field, "owner");
  // An advisor of this one course edits it, keeping its owner, and creates none.
  const auto course_advisor = as("siv", {Role::LmsAdvisor, ScopeKind::Course, id});
  EXPECT_EQ(service_->create(course_advisor, form("Nytt")).error().code, ErrorCode::Forbidden);
  auto kept_owner = service_->save(course_advisor, id, 1, form("Hjertesviktskolen (Voss)"));
  ASSERT_TRUE(kept_owner.ok()) << kept_owner.error().detail;
  // Giving the course to another HF's department is not Bergen's to do.
  CourseForm away = form("Hjertesviktskolen (Voss)");
  away.owner = "22";
  EXPECT_EQ(service_->save(advisor_, id, 2, away).error().code, ErrorCode::Forbidden);
  away.owner = "999999";
  EXPECT_EQ(service_->save(advisor_, id, 2, away).error().code, ErrorCode::InvalidInput);
  // A region's advisor covers the HF's courses; a nation-wide one every owner.
  const auto region = as("rita", {Role::LmsAdvisor, ScopeKind::Region, 1});
  EXPECT_TRUE(service_->save(region, id, 2, form("Hjertesviktskolen, Helse Vest")).ok());
  EXPECT_TRUE(edit_rows(other_hf.actor.account_id).empty());
  EXPECT_EQ(service_->for_editing(advisor_, id)->form.title, "Hjertesviktskolen, Helse Vest");
}

TEST(CourseStatusMoves, DraftPublishedArchivedAndBack) {
  using S = CourseStatus;
  EXPECT_TRUE(may_move(S::Draft, S::Published));
  EXPECT_TRUE(may_move(S::Published, S::Draft));
  EXPECT_TRUE(may_move(S::Published, S::Archived));
  EXPECT_TRUE(may_move(S::Archived, S::Draft));
  EXPECT_FALSE(may_move(S::Draft, S::Archived));
  EXPECT_FALSE(may_move(S::Archived, S::Published));  // back through draft, checked again
  EXPECT_FALSE(may_move(S::Draft, S::Draft));
}

TEST_F(CourseAuthoringServiceTest, AMoveTheStatusDoesNotAllowIsRefused) {
  auto created = service_->create(advisor_, form("Hjertesviktskolen"));
  ASSERT_TRUE(created.ok());
  auto archived = service_->move(advisor_, created->course.id, 1, CourseStatus::Archived);
  ASSERT_FALSE(archived.ok());
  EXPECT_EQ(archived.error().code, ErrorCode::Conflict);
  EXPECT_EQ(archived.error().message_key, "course_form.error.status");
  EXPECT_EQ(service_->for_editing(advisor_, created->course.id)->version, 1);
}

TEST_F(CourseAuthoringServiceTest, TheListHasTheCoursesTheReaderMayEditByStatusAndWords) {
  auto heart = service_->create(advisor_, form("Hjertesviktskolen"));
  auto lungs = service_->create(advisor_, form("Pusteskolen for folk med KOLS"));
  ASSERT_TRUE(heart.ok() && lungs.ok());
  ASSERT_TRUE(service_->move(advisor_, lungs->course.id, 1, CourseStatus::Published).ok());
  auto all = service_->list(advisor_.actor, {});
  ASSERT_TRUE(all.ok()) << all.error().detail;
  EXPECT_TRUE(all->may_create);
  EXPECT_EQ(all->drafts, 1);
  EXPECT_GE(all->published, 1);  // the world's own published course is Bergen's too
  bool heart_listed = false;
  for (const auto& c : all->courses)
    if (c.line.id == heart->course.id) {
      heart_listed = true;
      EXPECT_EQ(c.owner_name, "Lærings- og mestringssenteret, Helse Bergen");
    }
  EXPECT_TRUE(heart_listed);

  auto drafts = service_->list(advisor_.actor, {CourseStatus::Draft, "", std::nullopt});
  ASSERT_TRUE(drafts.ok());
  ASSERT_EQ(drafts->courses.size(), 1u);
  EXPECT_EQ(drafts->courses[0].line.id, heart->course.id);
  auto by_words = service_->list(advisor_.actor, {std::nullopt, "puste kols", std::nullopt});
  ASSERT_TRUE(by_words.ok());
  ASSERT_EQ(by_words->courses.size(), 1u);
  EXPECT_EQ(by_words->courses[0].line.id, lungs->course.id);

  const auto other_hf = as("ola", {Role::LmsAdvisor, ScopeKind::HealthTrust, kOtherHf});
  auto theirs = service_->list(other_hf.actor, {});
  ASSERT_TRUE(theirs.ok());
  for (const auto& c : theirs->courses)
    EXPECT_NE(c.line.id, heart->course.id) << "another HF's course listed";
  // One HF's list: for a grant that covers the HF.
  auto bergen = service_->list(advisor_.actor, {std::nullopt, "", 2});
  ASSERT_TRUE(bergen.ok());
  EXPECT_EQ(bergen->courses.size(), all->courses.size());
  EXPECT_EQ(service_->list(other_hf.actor, {std::nullopt, "", 2}).error().code,
            ErrorCode::Forbidden);
  EXPECT_EQ(service_->list(advisor_.actor, {std::nullopt, "", 3}).error().code,
            ErrorCode::NotFound);  // an LMS, not an HF
  const auto leader = as("per", {Role::CourseLeader, ScopeKind::HealthTrust, 2});
  EXPECT_EQ(service_->list(leader.actor, {}).error().code, ErrorCode::Forbidden);
}

TEST_F(CourseAuthoringServiceTest, ANewCourseFormOffersTheOwnersTheReaderMayChoose) {
  auto options = service_->form_for_new(advisor_.actor, 3);
  ASSERT_TRUE(options.ok());
  EXPECT_EQ(options->owners.size(), 2u);
  EXPECT_FALSE(options->diagnosis_areas.empty());
  const auto other_hf = as("ola", {Role::LmsAdvisor, ScopeKind::HealthTrust, kOtherHf});
  auto theirs = service_->form_for_new(other_hf.actor);
  EXPECT_TRUE(theirs.ok()) << theirs.error().detail;
  EXPECT_EQ(service_->form_for_new(other_hf.actor, 3).error().code, ErrorCode::Forbidden);
  const auto course_advisor = as("siv", {Role::LmsAdvisor, ScopeKind::Course, 1});
  EXPECT_EQ(service_->form_for_new(course_advisor.actor).error().code, ErrorCode::Forbidden);
}

}  // namespace
}  // namespace kursbase::app
