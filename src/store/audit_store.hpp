#pragma once
// The audit log: one row per look at or change of personal data (Normen fact
// sheet 15: who, when, what, from where). Append-only: the tables' triggers
// reject UPDATE and DELETE on both engines, and on PostgreSQL the app role
// should hold only INSERT and SELECT on it (docs/security.md).
//
// Rows are written inside the transaction of the read or change they record
// (append() takes the caller's Tx), so a change is never on record
// without its audit row or the other way round.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "domain/core/result.hpp"
#include "domain/core/time.hpp"
#include "domain/staff/audit_event.hpp"
#include "store/transaction.hpp"

namespace kursbase::store {

class Database;

struct AuditEntry {
  std::int64_t id = 0;  // assigned by append()
  Instant at{};         // UTC
  // Who: the account and, at the time, its name and the grant that allowed it.
  std::int64_t account_id = 0;
  std::string account_name;
  std::string role;                      // Role key ("course_leader"), empty if none
  std::string scope;                     // ScopeKind key of the grant, empty if none
  std::optional<std::int64_t> scope_id;  // the grant's RHF/HF/course id
  // What: the action (Action key, or "sign_in", ...), the route, the object.
  std::string action;
  // The kind of event; nullopt for rows written before it was recorded
  // (migration 0015): read those with legacy_event_kind().
  std::optional<AuditEventKind> event;
  std::string route;                            // "GET /api/v1/audit"
  std::string object_type;                      // "run", "enrollment", "person", "audit_log"
  std::string object_id;                        // may be empty
  std::optional<std::int64_t> person_id;        // the person the data is about
  std::optional<std::int64_t> health_trust_id;  // the HF the object belongs to
  // From where.
  std::string client_address;

  // Read with the row by search() for the auditor's page, not stored: the
  // person's current name and the title of the course the object belongs to
  // (a run, a run's file or an enrollment); empty when there is none.
  std::string person_name;
  std::string course_title;
};

// A search of the log; every present criterion must hold.
struct AuditQuery {
  std::optional<std::int64_t> person_id;
  std::optional<std::int64_t> account_id;
  std::optional<Instant> from;  // inclusive
  std::optional<Instant> to;    // exclusive
  // Restricts to entries of these HFs, or of the HFs under these RHFs (a
  // region-wide auditor); both nullopt: every entry (a nation-wide auditor).
  std::optional<std::vector<std::int64_t>> health_trusts;
  std::optional<std::vector<std::int64_t>> regions;
  // Text criteria, each a case-insensitive substring (ASCII case folding on
  // SQLite); '%' and '_' match themselves.
  std::optional<std::string> person_name;   // the person's current name
  std::optional<std::string> staff_name;    // the account name stored in the row
  std::optional<std::string> course_title;  // of the row's run, run file or enrollment
  // The person's national_id_lookup (keyed hash); the ID number itself never
  // reaches the store.
  std::optional<std::string> person_lookup;
  int limit = 200;
  int offset = 0;  // rows to skip, for paging
};

class AuditStore {
 public:
  virtual ~AuditStore() = default;

  // Inside the caller's transaction (Database::transact). Throws on a database
  // error, which transact() turns into Unavailable and a rollback of the
  // caller's work too. Returns the new row's id.
  virtual std::int64_t append(Tx& tx, const AuditEntry& entry) = 0;
  // Newest first.
  virtual Result<std::vector<AuditEntry>> search(const AuditQuery& query) = 0;
  // Newest first: what the person may see about who looked at their data.
  virtual Result<std::vector<AuditEntry>> about_person(std::int64_t person_id, int limit) = 0;
};

std::unique_ptr<AuditStore> make_audit_store(Database& db);

}  // namespace kursbase::store
