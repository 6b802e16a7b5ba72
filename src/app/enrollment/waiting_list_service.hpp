#pragma once
// WaitingListService: the staff side of a run's waiting list (issue 3). Staff
// with Action::ManageWaitingList see the list in order with each person's
// history of moves, move a person to a new position (only with a reason,
// kept with who and when), change the run's capacity (new seats go to the
// list, who are told through the outbox; never below the seats taken), choose
// how freed seats are filled (automatic promotion or an offer with a reply
// deadline), and cancel an enrollment with a reason (the person is told, the
// next in line gets the seat).
//
// Every use case asks the AccessGuard (app/staff/access_guard.hpp) about the
// run before it reads or validates anything, and puts what it read or changed
// on record (AuditLog): one row for the run and one per person shown or changed.
//
// Errors: Forbidden when the guard refuses; NotFound for an unknown run;
// InvalidInput with field errors for a bad form, an enrollment not of the run
// ("waiting_list.error.not_in_run"), a person not on the list, or a capacity
// below the seats taken ("enrollment.error.capacity_below_taken").
//
// Thread safety: all methods may be called from any thread.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/enrollment/enrollment_service.hpp"
#include "app/staff/access_guard.hpp"
#include "app/staff/audit_log.hpp"
#include "domain/enrollment/staff_forms.hpp"
#include "store/catalogue_store.hpp"
#include "store/enrollment_store.hpp"
#include "store/staff_store.hpp"

namespace kursbase::app {

// One person on the run (holding a seat or waiting), as staff see them.
struct RunPerson {
  EnrollmentId enrollment_id = 0;
  std::int64_t person_id = 0;
  std::string name;
  ParticipantKind kind = ParticipantKind::Patient;
  EnrollmentStatus status = EnrollmentStatus::Confirmed;
  std::optional<int> position;           // waitlisted
  std::optional<Instant> offer_expires;  // offered
  EnrollmentSource source = EnrollmentSource::Public;
  std::optional<Day> referral_date;
  std::string referring_doctor;
  std::string referring_doctor_hpr;
  std::vector<store::WaitingListMove> history;  // moves on the list, oldest first
};

struct WaitingListView {
  RunId run_id = 0;
  std::int64_t course_id = 0;
  std::string course_title;
  std::string course_text_language = "nb";  // the title's
  int capacity = 0;
  int seats_taken = 0;
  PromotionMode promotion_mode = PromotionMode::Automatic;
  int offer_reply_hours = 48;
  bool waiting_list_enabled = true;
  std::vector<RunPerson> participants;  // confirmed and offered, by name
  std::vector<RunPerson> waiting;       // by position
  // Public sign-ups for a course that needs a referral, waiting for it
  // (no seat, no place in line), oldest first; staff confirm them here.
  std::vector<RunPerson> awaiting_referral;
  bool may_register = false;  // the guard's Access allows RegisterParticipant
};

// What a change did, for the page's confirmation.
struct WaitingListOutcome {
  int promoted = 0;  // given a seat (confirmed or offered)
  bool no_op = false;
};

class WaitingListService {
 public:
  WaitingListService(store::Database& db, store::EnrollmentStore& enrollments,
                     store::CatalogueStore& catalogue, store::StaffStore& staff,
                     EnrollmentService& enrollment_service, const AuditLog& audit);

  Result<WaitingListView> view(const AccessContext& who, RunId run_id) const;
  Result<WaitingListOutcome> move(const AccessContext& who, RunId run_id,
                                  const MoveForm& form) const;
  Result<WaitingListOutcome> set_capacity(const AccessContext& who, RunId run_id,
                                          const std::string& capacity) const;
  Result<WaitingListOutcome> set_promotion_mode(const AccessContext& who, RunId run_id,
                                                const PromotionForm& form) const;
  Result<WaitingListOutcome> cancel(const AccessContext& who, RunId run_id,
                                    const CancelForm& form) const;
  // The referral of a request has come (Action::RegisterParticipant, as
  // registering from a referral): a seat or the waiting list by the seat rule.
  // The result's `status` says which.
  Result<store::EnrollmentChange> confirm_referral(const AccessContext& who, RunId run_id,
                                                   const ReferralReceivedForm& form) const;

 private:
  struct Allowed {
    store::RunSeats seats;
    Access access;
    AccessDecision decision;  // for `action`
  };
  Result<Allowed> allow(const AccessContext& who, RunId run_id, Action action) const;
  // The enrollment, when it is of the run; InvalidInput otherwise.
  Result<store::EnrollmentRecord> of_run(RunId run_id, EnrollmentId id) const;
  Status audit_change(const AccessContext& who, const Allowed& a,
                      const store::EnrollmentChange& change,
                      Action action = Action::ManageWaitingList) const;

  store::Database& db_;
  store::EnrollmentStore& enrollments_;
  store::CatalogueStore& catalogue_;
  EnrollmentService& enrollment_service_;
  const AuditLog& audit_;
  AccessGuard guard_;
};

}  // namespace kursbase::app
