#pragma once
// CourseAuthoringService: LMS advisors (Action::EditCourse) create and change
// their courses and move them draft → published → archived (issue 14).
//
// Access: a course is edited under the grant that covers it (its HF, region,
// or the nation; AccessGuard::require_course); a new or moved course may be
// given only to an owner such a grant covers (owners_for()). Another HF's
// advisor gets Forbidden, a course leader too (their role does not edit).
//
// Audit: every create, save and status change leaves an "edit_course" row
// (kind change, object "course") in the save's own transaction, so a save
// whose audit row cannot be written is not kept.
//
// Errors: InvalidInput "course_form.error.invalid" with a FieldError per bad
// field (the form is the caller's to show again); Conflict
// "course_form.error.conflict" when another save came first (the current
// version comes with for_editing()); Conflict "course_form.error.status" for
// a move the course's status does not allow; NotFound; Forbidden (also for
// an owner the actor may not give courses to: the form never offers one).
//
// Thread safety: all methods may be called from any thread.
#include <cstdint>
#include <string>
#include <vector>

#include "app/staff/access_guard.hpp"
#include "app/staff/audit_log.hpp"
#include "domain/authoring/course_form.hpp"
#include "store/catalogue_store.hpp"
#include "store/course_authoring_store.hpp"

namespace kursbase::app {

// An organisation a course may be given to, for the form's owner choice.
struct OwnerChoice {
  OrganisationId id = 0;
  std::string name;
};

// What the course form offers: the owners this person may choose and the
// catalogue's diagnosis areas and completion schemes.
struct CourseFormOptions {
  std::vector<OwnerChoice> owners;
  std::vector<DiagnosisArea> diagnosis_areas;
  std::vector<CompletionScheme> completion_schemes;
};

// The course as its editor sees it: the form of what is saved, its version
// and status, who changed what when, and what the form offers.
struct CourseEditing {
  CourseId id = 0;
  std::int64_t version = 0;
  CourseStatus status = CourseStatus::Draft;
  std::string text_language;  // of title, summary and description
  std::string owner_name;
  CourseForm form;
  std::vector<store::CourseHistoryEntry> history;
  CourseFormOptions options;
};

// The staff's course list: by status, words of the title, and one HF's
// courses (for those whose grant covers the HF, not only some of its courses).
struct CourseListQuery {
  std::optional<CourseStatus> status;
  std::string text;
  std::optional<OrganisationId> health_trust_id;
};

struct CourseListEntry {
  store::CourseLine line;
  std::string owner_name;
};

struct CourseList {
  std::vector<CourseListEntry> courses;         // those the query matches, newest first
  int drafts = 0, published = 0, archived = 0;  // of every course the reader may edit
  bool may_create = false;
};

// The moves between statuses: a draft is published; a published course goes
// back to draft or is archived; an archived one becomes a draft again.
bool may_move(CourseStatus from, CourseStatus to);

class CourseAuthoringService {
 public:
  CourseAuthoringService(store::CourseAuthoringStore& courses, store::CatalogueStore& catalogue,
                         const AccessGuard& guard, const AuditLog& audit, Clock clock);

  // The owners the actor may give a course to: the departments, centres and
  // the HF itself of every HF their EditCourse grants cover (all of a
  // region's, or the nation's, for such grants). Empty: they may create none.
  Result<std::vector<OwnerChoice>> owners_for(const Actor& actor) const;
  // The choices of a new course's form, or of one now owned by `current_owner`
  // (which stays a choice even where the reader's grant covers only the course).
  Result<CourseFormOptions> form_options(const Actor& actor,
                                         std::optional<OrganisationId> current_owner = {}) const;
  // The choices of a new course's form. Forbidden for those who may give a
  // course to no owner, and when `owner` (the form's preselected owner) is an
  // organisation they may not give one to.
  Result<CourseFormOptions> form_for_new(const Actor& actor,
                                         std::optional<OrganisationId> owner = {}) const;
  // The courses the reader may edit, any status. Forbidden for those who edit
  // none and for an HF their grants do not cover; NotFound for an HF that is not one.
  Result<CourseList> list(const Actor& actor, const CourseListQuery& query) const;

  Result<store::EditableCourse> create(const AccessContext& who, const CourseForm& form);
  // Saves the form over course `id` as of `version`; status and translations stay.
  Result<store::EditableCourse> save(const AccessContext& who, CourseId id, std::int64_t version,
                                     const CourseForm& form);
  Result<store::EditableCourse> move(const AccessContext& who, CourseId id, std::int64_t version,
                                     CourseStatus to);
  Result<CourseEditing> for_editing(const AccessContext& who, CourseId id);

 private:
  Result<CourseFormChoices> choices_for(const Actor& actor) const;
  store::InSameTransaction audit_row(const AccessContext& who, const Access& access) const;

  store::CourseAuthoringStore& courses_;
  store::CatalogueStore& catalogue_;
  const AccessGuard& guard_;
  const AuditLog& audit_;
  Clock clock_;
};

}  // namespace kursbase::app
