#pragma once
// Storage of the enrollment aggregate: people who signed up, their
// enrollments on runs (confirmed, waitlisted, offered, cancelled), the waiting
// list, attendance, and the sign-up rate limit.
//
// The seat invariant (seats taken = confirmed + offered ≤ capacity) and the
// gap-free waiting-list positions are enforced here, inside one database
// transaction that holds the run's lock: BEGIN IMMEDIATE on SQLite, SELECT …
// FOR UPDATE on the run row on PostgreSQL. An in-process lock would not stop a
// second server, so there is none.
//
// Messages caused by a change (confirmation, promotion, ...) are composed by
// the caller's `Compose` callback inside the same transaction and written to
// the outbox with the change: both commit or neither does.
//
// Thread safety: all methods may be called from any thread.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "domain/catalogue/course_translation.hpp"
#include "domain/catalogue/practical_info.hpp"
#include "domain/catalogue/run.hpp"
#include "domain/core/result.hpp"
#include "domain/enrollment/attendance.hpp"
#include "domain/enrollment/enrollment.hpp"
#include "domain/enrollment/referral_request.hpp"
#include "domain/enrollment/waiting_list.hpp"
#include "store/outbox_store.hpp"
#include "store/transaction.hpp"

namespace kursbase::store {

class Database;

// A person as stored. The national ID number is sealed by the app layer
// (app/personal_data_cipher); the store never sees it in clear.
struct PersonRecord {
  std::int64_t id = 0;
  std::string name;
  std::string email;
  std::string mobile;
  std::string national_id_sealed;  // empty: not given
  std::string national_id_lookup;  // keyed hash; empty: not given
};

struct EnrollmentRecord {
  EnrollmentId id = 0;
  RunId run_id = 0;
  PersonRecord person;
  ParticipantKind kind = ParticipantKind::Patient;
  EnrollmentStatus status = EnrollmentStatus::Confirmed;
  std::optional<int> waitlist_position;
  std::optional<Instant> offer_expires_at;
  std::optional<EnrollmentId> accompanies_id;
  std::string accompanies_name;
  std::string interpreter_language;
  std::string needs;
  // The language of this participant's messages and private-link pages
  // (migration 0017; kParticipantLanguages).
  std::string language = "nb";
  EnrollmentSource source = EnrollmentSource::Public;
  std::optional<Day> referral_date;
  std::string referring_doctor;
  std::string referring_doctor_hpr;  // digits; empty: not given
  Instant created_at{};
  // The private link's token sealed by the app layer (never searched: the
  // link is found by its hash). Empty for enrollments made before it was kept
  // (migration 0006) and after erasure.
  std::string manage_token_sealed;
  // The SEQUENCE of this enrollment's calendar events (migration 0011): the
  // enrollment's counter plus its run's, each kept by a trigger, so it grows
  // with every change of status, offer deadline, run state, place or session
  // times. Read with the row; a record changed in a transaction is read again
  // before its messages are composed.
  std::int64_t calendar_sequence = 0;
};

// One enrollment to write. Hashes come from the app layer (keyed, so the
// database alone does not reveal who signed up).
struct NewEnrollment {
  PersonRecord person;  // id ignored
  ParticipantKind kind = ParticipantKind::Patient;
  std::string accompanies_name;
  std::string identity_hash;
  std::string manage_token_hash;
  std::string manage_token_sealed;  // the token sealed by the app layer
  std::string interpreter_language;
  std::string needs;
  std::string language = "nb";
  EnrollmentSource source = EnrollmentSource::Public;
  std::optional<std::int64_t> registered_by;
  std::optional<Day> referral_date;
  std::string referring_doctor;
  std::string referring_doctor_hpr;
  std::string consent_text;
};

// One counter of the anonymous sign-up rate limit: accepted sign-ups under
// `client_key` (a keyed hash of the address, or of the address and the
// person) in the window starting at `window_start`.
struct SignUpAttempt {
  std::string client_key;
  Instant window_start{};
  int limit = 0;
};

struct SignUpRequest {
  RunId run_id = 0;
  NewEnrollment main;
  std::optional<NewEnrollment> relative;  // signed up with main and linked to it
  Instant now{};
  // Staff may register after the public deadline (e.g. from a late referral).
  bool ignore_deadline = false;
  // Counted in the sign-up's own transaction, so that a sign-up is one durable
  // commit (bench/enroll.sh), and only when it is accepted: a refused one
  // rolls its count back with it. Over any limit: RateLimited, nothing written.
  std::vector<SignUpAttempt> attempts;
};

// The run as the sign-up saw it, for composing messages.
struct RunSeats {
  Run run;                   // with sessions, place and video flag
  std::string course_title;  // in course_text_language; course_titles() for the others
  std::string course_text_language = "nb";
  std::vector<CourseTranslation> course_translations;  // titles only
  int seats_taken = 0;
  int waitlisted = 0;
  PromotionMode promotion_mode = PromotionMode::Automatic;
  int offer_reply_hours = 48;
  std::optional<bool> registers_in_record;  // none: as the course's referral rule
  std::int64_t course_id = 0;
  bool referral_required = false;  // the course's: public sign-ups become requests
  std::string organiser;           // the course owner's name, whom a referral goes to
  std::string contact_email;       // the course's contact, for the person's questions
  std::string contact_phone;
  PracticalInfo practical;  // the course's fee, no-show fee and what to bring
};

inline CourseTitles course_titles(const RunSeats& s) {
  return {s.course_text_language, s.course_title, s.course_translations};
}

struct SignUpOutcome {
  EnrollmentRecord main;
  std::optional<EnrollmentRecord> relative;
  bool existing = false;  // the same person was already enrolled: no enrollment was written
  // With `existing`: when the private link was last re-sent (an outbox row of
  // kind "link_resent"), so that re-sends can be limited.
  std::optional<Instant> link_resent_at;
  RunSeats seats;  // after the sign-up
};

// A change to one or more enrollments (cancel, promote, offer, move) and what
// it caused, for composing messages.
struct EnrollmentChange {
  std::optional<EnrollmentRecord> changed;  // the enrollment acted on (after the change)
  std::vector<EnrollmentRecord> promoted;   // given a seat (confirmed or offered), in order
  bool no_op = false;                       // nothing changed (e.g. already cancelled)
  RunSeats seats;
};

using ComposeSignUp = std::function<std::vector<OutboxMessage>(const SignUpOutcome&)>;
using ComposeChange = std::function<std::vector<OutboxMessage>(const EnrollmentChange&)>;

// One staff move on a run's waiting list, with the reason given (history).
struct WaitingListMove {
  EnrollmentId enrollment_id = 0;
  int from_position = 0;
  int to_position = 0;
  std::string reason;
  std::string moved_by;  // the staff account's display name
  Instant moved_at{};
};

struct AttendanceRecord {
  EnrollmentId enrollment_id = 0;
  std::int64_t session_id = 0;
  AttendanceMark mark = AttendanceMark::Unrecorded;
  std::string note;
  std::optional<int> minutes_attended;  // Partial only (migration 0014 checks it)
};

// A run's participants and waiting list with attendance, for the course
// leader's view and the exports.
struct RunRoster {
  RunSeats seats;
  std::vector<EnrollmentRecord>
      enrollments;  // confirmed/offered by name, then waitlisted by position
  std::vector<EnrollmentRecord> awaiting_referral;  // requests, oldest first (no seat)
  std::vector<AttendanceRecord> attendance;
};

class EnrollmentStore {
 public:
  virtual ~EnrollmentStore() = default;

  // Signs up (and links a relative). Errors: NotFound "enrollment.error.run_not_found"
  // (no such run, or a draft); Conflict with the refusal key of
  // domain/enrollment/enrollment.hpp (closed, cancelled, full without a waiting list).
  // A person already enrolled gets their enrollment back with `existing`.
  virtual Result<SignUpOutcome> sign_up(const SignUpRequest& request,
                                        const ComposeSignUp& compose) = 0;

  virtual Result<std::optional<EnrollmentRecord>> find(EnrollmentId id) = 0;
  virtual Result<std::optional<EnrollmentRecord>> find_by_token(const std::string& token_hash) = 0;
  virtual Result<RunSeats> run_seats(RunId run_id) = 0;

  // Cancels; a freed seat goes to the waiting list (promoted or offered by the
  // run's mode). Cancelling a cancelled enrollment is a no-op.
  virtual Result<EnrollmentChange> cancel(EnrollmentId id, Instant now,
                                          const ComposeChange& compose) = 0;
  // Confirms an offered seat before its deadline. Conflict
  // "enrollment.error.offer_expired" after it, "enrollment.error.not_offered" otherwise.
  virtual Result<EnrollmentChange> accept_offer(EnrollmentId id, Instant now,
                                                const ComposeChange& compose) = 0;
  // Staff confirm a request awaiting its referral, now that it has come
  // (domain/enrollment/referral_request.hpp): a seat, else the waiting list.
  // Conflict "enrollment.error.not_awaiting_referral", "enrollment.refused.*".
  virtual Result<EnrollmentChange> confirm_referral(EnrollmentId id, const ReferralReceived& r,
                                                    Instant now, const ComposeChange& compose) = 0;
  // Cancels offers whose deadline has passed and offers the seats on.
  virtual Result<std::vector<EnrollmentChange>> expire_offers(Instant now,
                                                              const ComposeChange& compose) = 0;
  // Staff: new capacity; the waiting list fills the new seats. Conflict
  // "enrollment.error.capacity_below_taken" when below the seats taken.
  virtual Result<EnrollmentChange> set_capacity(RunId run_id, int capacity, Instant now,
                                                const ComposeChange& compose) = 0;
  virtual Status set_promotion_mode(RunId run_id, PromotionMode mode, int offer_reply_hours) = 0;
  // Staff: moves a waitlisted enrollment, keeping the reason.
  virtual Result<EnrollmentChange> move_on_waiting_list(EnrollmentId id, int new_position,
                                                        const std::string& reason,
                                                        std::int64_t account_id, Instant now) = 0;

  // Staff: cancels like cancel() and keeps the reason with who and when
  // (enrollment_cancellation). InvalidInput "waiting_list.error.reason_missing"
  // for an empty reason; a cancelled enrollment is a no-op.
  virtual Result<EnrollmentChange> cancel_by_staff(EnrollmentId id, const std::string& reason,
                                                   std::int64_t account_id, Instant now,
                                                   const ComposeChange& compose) = 0;

  // Inside a caller's transaction (so the audit row commits with the read).
  virtual RunRoster roster(Tx& tx, RunId run_id) = 0;
  // The moves on a run's waiting list, oldest first.
  virtual std::vector<WaitingListMove> waiting_list_moves(Tx& tx, RunId run_id) = 0;
  // Upserts one mark (and its minutes for Partial; a database CHECK refuses
  // Partial without minutes). NotFound when the enrollment or session is not of the run.
  virtual Status record_attendance(Tx& tx, RunId run_id, const AttendanceRecord& record,
                                   std::int64_t account_id, Instant now) = 0;

  // Queues a reminder for every confirmed enrollment of a run whose first
  // session starts within (now, now + days], at most once per enrollment
  // (a unique index on the outbox). Returns how many were queued.
  virtual Result<int> queue_reminders(
      Instant now, int days,
      const std::function<std::optional<OutboxMessage>(const EnrollmentRecord&, const RunSeats&)>&
          compose) = 0;

  // Counts one anonymous sign-up attempt of `client_key` in the window
  // starting at `window_start`; true while the count is within `limit`.
  virtual Result<bool> count_sign_up_attempt(const std::string& client_key, Instant window_start,
                                             int limit) = 0;
};

std::unique_ptr<EnrollmentStore> make_enrollment_store(Database& db);

}  // namespace kursbase::store
