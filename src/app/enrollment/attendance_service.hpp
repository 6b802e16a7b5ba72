#pragma once
// AttendanceService: the course leader's view of a run (participants,
// attendance per session, completion, waiting list) and recording attendance.
//
// Every use case asks the AccessGuard (app/staff/access_guard.hpp: the run's
// course, HF and region from one indexed query) before it touches the roster,
// and every read of participant data is put on record with AuditLog inside the
// same transaction: one row for the run and one per person shown.
//
// Errors: Forbidden when the guard refuses, NotFound for an unknown run (or an
// enrollment/session not of the run), InvalidInput for a bad mark or a note
// that is too long.
//
// Thread safety: all methods may be called from any thread.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/privacy/personal_data_cipher.hpp"
#include "app/staff/access_guard.hpp"
#include "app/staff/audit_log.hpp"
#include "domain/catalogue/run.hpp"
#include "domain/core/result.hpp"
#include "domain/enrollment/attendance.hpp"
#include "domain/enrollment/completion.hpp"
#include "domain/enrollment/enrollment.hpp"
#include "store/catalogue_store.hpp"
#include "store/enrollment_store.hpp"
#include "store/staff_store.hpp"

namespace kursbase::app {

struct AttendanceCell {
  std::int64_t session_id = 0;
  AttendanceMark mark = AttendanceMark::Unrecorded;
  std::string note;
  std::optional<int> minutes_attended;  // Partial only
};

// One confirmed (or offered) participant with a mark per session of the run.
struct AttendanceRow {
  EnrollmentId enrollment_id = 0;
  std::int64_t person_id = 0;
  std::string name;
  std::string national_id;  // clear when the viewer may see it, else masked; empty: none
  ParticipantKind kind = ParticipantKind::Patient;
  EnrollmentStatus status = EnrollmentStatus::Confirmed;
  std::vector<AttendanceCell> cells;  // one per session, in session order
  Completion completion;
  // Registered by staff from a referral: the referral's date and doctor.
  std::optional<Day> referral_date;
  std::string referring_doctor;
  std::string referring_doctor_hpr;
  // What the person wrote at sign-up, for the course's staff only (the same
  // ViewParticipants decision and audit rows as the name): contact details,
  // interpreter language, needs, and for a relative whom they accompany.
  std::string email;
  std::string mobile;
  std::string interpreter_language;  // empty: no interpreter asked for
  std::string language = "nb";       // of the participant's messages (issue 13)
  std::string needs;                 // empty: none written
  std::string accompanies;           // a relative: the patient's name; else empty
  bool has_requests() const { return !interpreter_language.empty() || !needs.empty(); }
};

struct WaitingEntry {
  EnrollmentId enrollment_id = 0;
  int position = 0;
  std::string name;
};

struct RunAttendance {
  RunId run_id = 0;
  std::int64_t course_id = 0;
  std::string course_title;
  std::string course_text_language = "nb";  // the title's
  std::vector<Session> sessions;            // in order; session i teaches programme item i
  // Per session: whether it has started at the clock's now (attendance can be
  // recorded only then; check_attendance() in the domain says why).
  std::vector<bool> session_started;
  Programme programme;
  CompletionScheme completion;  // the course's: who has completed
  int capacity = 0;
  std::vector<AttendanceRow> participants;  // by name
  std::vector<WaitingEntry> waiting_list;   // by position
  // From the guard's Access to the run (ViewNationalId, RecordAttendance,
  // ManageWaitingList, RegisterParticipant), so pages show only what works.
  bool national_ids_shown = false;
  bool may_record = false;
  bool may_manage_waiting_list = false;
  bool may_register = false;
  bool may_edit = false;  // EditCourse: the page links to the run's form (issue 14)
};

// One mark to record, as the form sends it.
struct AttendanceEntry {
  EnrollmentId enrollment_id = 0;
  std::int64_t session_id = 0;
  std::optional<AttendanceMark> mark;  // none: the form sent no (or an unknown) mark
  std::string note;
  std::optional<int> minutes;  // for Partial; none: not sent or not a number
};

class AttendanceService {
 public:
  AttendanceService(store::Database& db, store::EnrollmentStore& enrollments,
                    store::CatalogueStore& catalogue, store::StaffStore& staff,
                    const PersonalDataCipher& cipher, const AuditLog& audit, Clock clock);

  // The run for its staff (Action::ViewParticipants). `purpose` names the
  // read in the audit log's object type ("run" for the page, "run_export"
  // for the files), so an auditor can tell a look from a download.
  Result<RunAttendance> view(const AccessContext& who, RunId run_id,
                             const std::string& purpose = "run") const;

  // Upserts one mark (Action::RecordAttendance), audited with the person.
  // Recording the same mark twice leaves one mark. InvalidInput (the domain's
  // check_attendance) before the session has started, for Partial without
  // valid minutes; NotFound for a session not of the run.
  Status record(const AccessContext& who, RunId run_id, const AttendanceEntry& entry) const;

  // "Mark all present" for one session (Action::RecordAttendance): everyone
  // holding a seat whose mark is not recorded yet becomes Present, in one
  // transaction, each audited; marks already recorded (an absence, a late
  // arrival) are kept. The same refusals as record(). Returns how many were marked.
  Result<int> mark_all_present(const AccessContext& who, RunId run_id,
                               std::int64_t session_id) const;

 private:
  // The session `session_id` of the run; NotFound "attendance.error.session".
  Result<Session> session_of_run(RunId run_id, std::int64_t session_id) const;

  store::Database& db_;
  store::EnrollmentStore& enrollments_;
  store::CatalogueStore& catalogue_;
  const PersonalDataCipher& cipher_;
  const AuditLog& audit_;
  Clock clock_;
  AccessGuard guard_;
};

}  // namespace kursbase::app
