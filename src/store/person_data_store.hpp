#pragma once
// Storage side of access and erasure requests and of the retention job
// (issue 4): finds everything stored about one person and anonymises it.
//
// A "person" is every person row matched by the request: each sign-up writes
// its own person row, so one human may have several, found again by the keyed
// hash of their ID number, by their e-mail address (case-insensitive), or
// through one of their enrollments.
//
// Anonymising keeps the rows and removes what identifies or describes the
// person: name, e-mail, mobile, sealed ID number and its lookup hash, needs,
// interpreter language, referral data, the name of whoever they came with,
// attendance notes and the reasons of waiting-list moves; identity and
// private-link hashes are replaced, so the private link stops working and a
// new sign-up is not matched to the old one. Run, kind, status, waiting-list
// position and attendance marks stay, so counts per run add up as before.
// Unsent messages to them are deleted; sent ones lose their recipient.
// The audit log is never changed (its triggers forbid it).
//
// Every method runs inside the caller's transaction, so the read or change
// commits with its audit rows. Methods throw on database errors (transact()
// turns them into Unavailable and rolls back).
//
// Thread safety: all methods may be called from any thread.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "domain/catalogue/run.hpp"
#include "domain/core/time.hpp"
#include "domain/enrollment/enrollment.hpp"
#include "store/audit_store.hpp"
#include "store/enrollment_store.hpp"
#include "store/transaction.hpp"

namespace kursbase::store {

class Database;

// Who to look for; any present criterion matches (an empty string is absent).
struct PersonQuery {
  std::string national_id_lookup;  // keyed hash as in person.national_id_lookup
  std::string email;
  std::optional<EnrollmentId> enrollment_id;
};

struct WaitingListMoveRecord {
  int from_position = 0;
  int to_position = 0;
  std::string reason;
  Instant moved_at{};
};

// A message not yet sent (or given up), as queued.
struct PendingMessage {
  std::string channel;  // "email", "sms"
  std::string kind;     // confirmation, reminder, ...
  std::string recipient;
  std::string subject;
  Instant created_at{};
  bool failed = false;  // given up after the last attempt
};

// One enrollment with everything stored with it.
struct PersonEnrollment {
  EnrollmentRecord record;
  std::int64_t course_id = 0;
  std::string course_title;
  std::vector<Session> sessions;  // of the run, in order
  std::string consent_text;
  Instant updated_at{};
  std::optional<Instant> cancelled_at;
  std::optional<Instant> erased_at;
  std::vector<AttendanceRecord> attendance;
  std::vector<WaitingListMoveRecord> waiting_list_moves;
  std::vector<PendingMessage> pending_messages;
};

// Marks an erasure: when, by whom (none: the retention job), which request.
struct ErasureMark {
  Instant at{};
  std::optional<std::int64_t> account_id;
  std::int64_t erasure_id = 0;
};

struct ErasureRequestRecord {
  Instant at{};
  std::optional<std::int64_t> account_id;  // none: the retention job
  std::string account_name;
  std::string kind;    // "request" or "retention"
  std::string reason;  // case number or reason
};

struct AnonymiseCounts {
  int enrollments = 0;       // newly anonymised (already erased ones are skipped)
  int persons = 0;           // person rows anonymised
  int messages_deleted = 0;  // unsent messages removed
};

// An enrollment whose run ended before the retention cutoff.
struct ExpiredEnrollment {
  EnrollmentId id = 0;
  std::int64_t person_id = 0;
  std::int64_t course_id = 0;
};

class PersonDataStore {
 public:
  virtual ~PersonDataStore() = default;

  // Every enrollment of the person rows the query matches (erased ones too,
  // without personal data left), oldest first.
  virtual std::vector<PersonEnrollment> find(Tx& tx, const PersonQuery& query) = 0;
  // The audit rows about these person rows (who looked), newest first.
  virtual std::vector<AuditEntry> audit_about(Tx& tx, const std::vector<std::int64_t>& person_ids,
                                              int limit) = 0;

  // Records an erasure and returns its id.
  virtual std::int64_t add_erasure_request(Tx& tx, const ErasureRequestRecord& request) = 0;
  // Anonymises these enrollments and, once none of its enrollments keeps
  // personal data, their person rows. Idempotent: erased enrollments are skipped.
  virtual AnonymiseCounts anonymise(Tx& tx, const std::vector<EnrollmentId>& ids,
                                    const ErasureMark& mark) = 0;

  // Enrollments not yet erased of runs whose last session ended before
  // `cutoff`. Runs without sessions are never expired.
  virtual std::vector<ExpiredEnrollment> expired(Tx& tx, Instant cutoff) = 0;
};

std::unique_ptr<PersonDataStore> make_person_data_store(Database& db);

}  // namespace kursbase::store
