#pragma once
// AuditLog: how use cases put reads and changes of personal data on record,
// and how auditors and the persons themselves read the record.
//
// Use cases call record() inside their own transaction, right after the
// AccessGuard (app/staff/access_guard.hpp) allowed the access, so the
// read/change and its audit row commit together:
//
//     auto access = guard.require_run(who.actor, run_id, Action::ViewParticipants);
//     if (!access) return access.error();
//     return db.transact(TxKind::Write, [&](Tx& tx) -> Result<...> {
//       ... read the participants ...
//       audit.record(tx, who, {Action::ViewParticipants,
//                               access->grant(Action::ViewParticipants), "run",
//                               std::to_string(run_id), std::nullopt,
//                               access->health_trust_id()});
//       // one row per person shown: person_id set, object "enrollment"
//     });
//
// (A read of personal data is audited, so it runs in a Write transaction.)
//
// Thread safety: all methods may be called from any thread.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "domain/core/result.hpp"
#include "domain/core/time.hpp"
#include "domain/staff/access.hpp"
#include "domain/staff/audit_event.hpp"
#include "store/audit_store.hpp"
#include "store/staff_store.hpp"
#include "store/transaction.hpp"

namespace kursbase::store {
class Database;
}

namespace kursbase::app {

class PersonalDataCipher;

using Clock = std::function<Instant()>;

// Who acts and from where: built once per request by the HTTP layer
// (http::access_context(request) in http/middleware/staff_session.hpp).
struct AccessContext {
  Actor actor;
  std::string route;           // "GET /ansatt/gjennomforing/{id}": the pattern, never values
  std::string client_address;  // peer address
};

// What was done to which object.
struct AuditEvent {
  std::string action;              // key_of(Action) or an event such as "sign_in"
  std::optional<RoleGrant> grant;  // the grant that allowed it (Access::grant)
  std::string object_type;         // "run", "enrollment", "person", ...
  std::string object_id;
  std::optional<std::int64_t> person_id;        // whose data, when it is one person's
  std::optional<std::int64_t> health_trust_id;  // the object's HF (auditors are HF-scoped)
  // What was done: by default the action's usual kind (usual_event_kind); a
  // use case that only looks under a changing permission, opens a form or
  // exports says so. nullopt for events such as "sign_in" that name themselves.
  std::optional<AuditEventKind> kind;

  AuditEvent() = default;
  AuditEvent(Action a, std::optional<RoleGrant> g, std::string type, std::string id,
             std::optional<std::int64_t> person = std::nullopt,
             std::optional<std::int64_t> hf = std::nullopt,
             std::optional<AuditEventKind> kind = std::nullopt);
};

// The RHF of an HF from the staff store (for AuditLog's region-scoped auditors).
std::function<std::optional<std::int64_t>(std::int64_t)> region_lookup(store::StaffStore& store);

// The kind of a stored row: the recorded one, or for rows from before it was
// recorded the one legacy_event_kind() reads from the row.
AuditEventKind event_kind_of(const store::AuditEntry& e);

// What an auditor may ask for; the HFs are narrowed to the auditor's grants.
// Every present criterion must hold. The text criteria are what the auditor
// typed: a name, course title or staff name is a part of it (any case); an
// ID number is checked and looked up by its keyed hash, never stored or sent
// to the database.
struct AuditSearch {
  std::optional<std::int64_t> person_id;
  std::optional<std::int64_t> account_id;
  std::optional<Instant> from;                  // inclusive
  std::optional<Instant> to;                    // exclusive
  std::optional<std::int64_t> health_trust_id;  // one HF; none: all the auditor may see
  std::string person_name;
  std::string national_id;
  std::string staff_name;
  std::string course_title;
  int limit = 200;  // at most 1000
  int offset = 0;   // rows to skip (paging)
  // A download of the results: put on record as an export, not a view.
  bool is_export = false;
};

// One page of results, newest first; `more` when rows follow it.
struct AuditResults {
  std::vector<store::AuditEntry> entries;
  bool more = false;
};

class AuditLog {
 public:
  // `region_of` names the RHF of an HF (for region-scoped auditors); may return nullopt.
  // `cipher` hashes a typed ID number as the enrollment stored it; without one
  // a search by ID number is Unavailable.
  AuditLog(store::Database& db, store::AuditStore& store, Clock clock,
           std::function<std::optional<std::int64_t>(std::int64_t)> region_of = {},
           const PersonalDataCipher* cipher = nullptr);

  // Inside the caller's transaction; throws on a database error (transact()
  // rolls back the caller's work with it).
  void record(store::Tx& tx, const AccessContext& who, const AuditEvent& what) const;
  // In a transaction of its own, for events without other writes (sign-in).
  Status record(const AccessContext& who, const AuditEvent& what) const;

  // Auditors (Action::SearchAudit): entries of the HFs their grants cover.
  // Forbidden when a given HF is outside their scope or they hold no such
  // grant; Malformed (fields "national_id", "to") for an ID number that is
  // not one or dates in the wrong order. The search itself is put on record,
  // with the person it is about when it names or finds exactly one.
  Result<AuditResults> search(const AccessContext& who, const AuditSearch& query) const;

  // For the person's own private link (the caller has checked the link):
  // who looked at their data, as visits (group_visits: one line per staff
  // member, what they did and sitting, not one per request), newest first.
  // Reads the newest `limit` rows. Not itself audited.
  Result<std::vector<AuditVisit>> about_person(std::int64_t person_id, int limit = 1000) const;

 private:
  store::AuditEntry entry(const AccessContext& who, const AuditEvent& what) const;

  store::Database& db_;
  store::AuditStore& store_;
  Clock clock_;
  std::function<std::optional<std::int64_t>(std::int64_t)> region_of_;
  const PersonalDataCipher* cipher_;
};

}  // namespace kursbase::app
