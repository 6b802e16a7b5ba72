#pragma once
// RunAuthoringService: LMS advisors (Action::EditCourse) plan the runs of
// their courses, change them, open them for sign-up and copy one to new
// dates (issue 14).
//
// Time: a session is typed on the wall clock where the course runs (its date,
// "18:00"); which instant that is comes from the TimeZone, so an evening
// course keeps 18:00 on both sides of a summer-time change. A time the clock
// skips (02:30 on the spring night) is refused. Sign-up is open to the end of
// the deadline's day, or to the first session if that comes first.
//
// Access and audit as CourseAuthoringService: the grant that covers the
// course (AccessGuard::require_course / require_run); an "edit_course" row
// (object "run") in the save's own transaction.
//
// States (domain/authoring/run_moves.hpp): a draft is opened; an open run
// with nobody signed up goes back to draft; a run is cancelled, and everyone
// signed up told, in the cancellation's own transaction; sign-up closes early.
// A run's lock is held through a save (store/run_authoring_store.hpp), so a
// sign-up either comes before a cancellation and is told, or after it and is
// refused: nobody signs up for a cancelled run unseen.
//
// Thread safety: all methods may be called from any thread.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "app/core/time_zone.hpp"
#include "app/enrollment/enrollment_service.hpp"
#include "app/staff/access_guard.hpp"
#include "app/staff/audit_log.hpp"
#include "domain/authoring/run_form.hpp"
#include "domain/authoring/run_moves.hpp"
#include "store/catalogue_store.hpp"
#include "store/course_authoring_store.hpp"
#include "store/run_authoring_store.hpp"

namespace kursbase::app {

// A run as its editor sees it: the form of what is saved, and what it holds.
struct RunEditing {
  store::EditableRun stored;
  RunStatus status = RunStatus::Draft;  // as people see it now (run_status())
  RunForm form;
  std::vector<store::RunHistoryEntry> history;
  std::string course_title;
  std::string course_text_language;
  std::vector<Municipality> municipalities;  // the form's choices
};

// What cancel() did: the run as saved, and how many people were told.
struct RunCancelled {
  store::EditableRun run;
  int told = 0;
};

class RunAuthoringService {
 public:
  // `enrollments` and `messages`: whom a cancellation tells, and what.
  RunAuthoringService(store::RunAuthoringStore& runs, store::CourseAuthoringStore& courses,
                      store::CatalogueStore& catalogue, store::EnrollmentStore& enrollments,
                      const EnrollmentService& messages, const AccessGuard& guard,
                      const AuditLog& audit, const TimeZone& zone, Clock clock);

  // The form of a new run of `course`: empty but for its choices and the
  // course's first language.
  Result<RunEditing> new_run(const AccessContext& who, CourseId course);
  Result<store::EditableRun> create(const AccessContext& who, CourseId course, const RunForm& form);
  // Saves the form over run `id` as of `version`; its state stays.
  Result<store::EditableRun> save(const AccessContext& who, RunId id, std::int64_t version,
                                  const RunForm& form);
  // Opens a draft or takes an open run back to draft (not cancelling: cancel()).
  // Conflict "run_form.error.state" for a move the run's state does not allow.
  Result<store::EditableRun> move(const AccessContext& who, RunId id, std::int64_t version,
                                  RunState to);
  // Cancels run `id` as of `version`: its state, the history and audit rows,
  // and a message to everyone signed up (EnrollmentService::
  // run_cancelled_messages) with the staff's `note`, in one transaction.
  // Conflict "run_form.error.state" when the run may not be cancelled (it is
  // completed, or cancelled already); InvalidInput field "note" for a note
  // that is not plain text of at most kCancelNoteChars.
  Result<RunCancelled> cancel(const AccessContext& who, RunId id, std::int64_t version,
                              std::string_view note);
  // Closes sign-up now: the registration deadline becomes the past second.
  // Conflict "run_form.error.state" unless sign-up is open (open or full).
  Result<store::EditableRun> close_sign_up(const AccessContext& who, RunId id,
                                           std::int64_t version);
  // A draft with the run's place, capacity and sessions, moved to start on
  // `first_day` at the same wall-clock times (and the deadline as many days on).
  Result<store::EditableRun> copy(const AccessContext& who, RunId id, Day first_day);
  Result<RunEditing> for_editing(const AccessContext& who, RunId id);
  // The course's runs in every state, by first session.
  Result<std::vector<store::EditableRun>> runs_of(const AccessContext& who, CourseId course);

  // The run the plan describes on `zone`'s clock; InvalidInput
  // "run_form.error.invalid" for a time the clock skips.
  static Result<Run> run_of(const RunPlan& plan, const TimeZone& zone);
  // The form that shows `run` as saved.
  static RunForm form_of(const Run& run, const TimeZone& zone);

 private:
  Result<RunFormChoices> choices(int seats_taken) const;
  // The stored run `id` at `version`, or why not (NotFound, Conflict).
  Result<store::EditableRun> stored_at(RunId id, std::int64_t version);
  store::RunInSameTransaction audit_row(const AccessContext& who, const Access& access) const;

  store::RunAuthoringStore& runs_;
  store::CourseAuthoringStore& courses_;
  store::CatalogueStore& catalogue_;
  store::EnrollmentStore& enrollments_;
  const EnrollmentService& messages_;
  const AccessGuard& guard_;
  const AuditLog& audit_;
  const TimeZone& zone_;
  Clock clock_;
};

}  // namespace kursbase::app
