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
  std::vector<Session> sessions;  // in order; session i teaches programme item i
  Programme programme;
  int capacity = 0;
  std::vector<AttendanceRow> participants;  // by name
  std::vector<WaitingEntry> waiting_list;   // by position
  // From the guard's Access to the run (ViewNationalId, RecordAttendance,
  // ManageWaitingList, RegisterParticipant), so pages show only what works.
  bool national_ids_shown = false;
  bool may_record = false;
  bool may_manage_waiting_list = false;
  bool may_register = false;
};

// One mark to record, as the form sends it.
struct AttendanceEntry {
  EnrollmentId enrollment_id = 0;
  std::int64_t session_id = 0;
  std::optional<AttendanceMark> mark;  // none: the form sent no (or an unknown) mark
  std::string note;
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
  // Recording the same mark twice leaves one mark.
  Status record(const AccessContext& who, RunId run_id, const AttendanceEntry& entry) const;

 private:
  store::Database& db_;
  store::EnrollmentStore& enrollments_;
  store::CatalogueStore& catalogue_;
  const PersonalDataCipher& cipher_;
  const AuditLog& audit_;
  Clock clock_;
  AccessGuard guard_;
};

}  // namespace kursbase::app
