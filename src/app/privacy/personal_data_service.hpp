#pragma once
// PersonalDataService: access requests (export everything about one person),
// erasure requests (anonymise, keeping counts), and the retention job that
// anonymises participants of runs that ended long ago (issue 4).
//
// Scope: each enrollment is checked with the AccessGuard against its run's
// course, HF and region (one indexed query per course, in the request's
// transaction), so a staff member exports or erases only what their grants
// cover; enrollments elsewhere are counted in `withheld` (the answer says so,
// the person's other HF handles its part). A request may name one HF.
//
// Audit: every request leaves a "person_search" row (a search by ID number is
// itself a look at personal data, found or not), one row per enrollment
// exported or erased (with the person's row id), and an erasure leaves an
// "erasure_request" row naming the request, whose reason sits in the
// erasure_request table. The retention job records the same as the system
// (account 0). All rows commit in the transaction of the read or change.
//
// Errors: InvalidInput (no identifier, a malformed ID number or e-mail, a
// missing or too long reason), Forbidden (no grant for the action, or the
// named HF is outside the staff member's scope).
//
// Thread safety: all methods may be called from any thread.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/privacy/personal_data_cipher.hpp"
#include "app/staff/access_guard.hpp"
#include "app/staff/audit_log.hpp"
#include "domain/core/result.hpp"
#include "store/person_data_store.hpp"
#include "store/staff_store.hpp"

namespace kursbase::app {

// Who the request is about; at least one identifier is needed.
struct PersonLookup {
  std::string national_id;  // 11 digits
  std::string email;
  std::optional<EnrollmentId> enrollment_id;
  std::optional<std::int64_t> health_trust_id;  // only this HF's runs
};

struct ExportedEnrollment {
  store::PersonEnrollment data;
  std::optional<std::int64_t> health_trust_id;
  std::string national_id;  // in clear (the person's own data); empty: none
};

struct PersonExport {
  Instant generated_at{};
  std::vector<ExportedEnrollment> enrollments;
  std::vector<store::AuditEntry> accesses;  // who looked, newest first
  int withheld = 0;                         // enrollments outside the actor's scope
};

struct ErasureRequest {
  PersonLookup person;
  std::string reason;  // case number or reason (required)
};

struct ErasureSummary {
  std::optional<std::int64_t> erasure_id;  // none: nothing was left to erase
  int enrollments = 0;                     // newly anonymised
  int already_erased = 0;
  int persons = 0;
  int messages_deleted = 0;
  int withheld = 0;
};

struct RetentionOutcome {
  bool enabled = true;  // false: retention_months is 0
  bool dry_run = false;
  Instant cutoff{};
  int enrollments = 0;  // anonymised (dry run: would be)
  int persons = 0;      // distinct person rows concerned
  int messages_deleted = 0;
};

// The instant `months` calendar months before `now` (day clamped to the month's end).
Instant months_before(Instant now, int months);

inline constexpr std::size_t kMaxErasureReason = 200;  // characters

class PersonalDataService {
 public:
  PersonalDataService(store::Database& db, store::PersonDataStore& store, store::StaffStore& staff,
                      const PersonalDataCipher& cipher, const AuditLog& audit, Clock clock);

  // Action::ExportPersonalData.
  Result<PersonExport> export_person(const AccessContext& who, const PersonLookup& lookup) const;
  // Action::ErasePersonalData. Erasing twice erases nothing more.
  Result<ErasureSummary> erase(const AccessContext& who, const ErasureRequest& request) const;
  // The retention job: anonymises participants of runs whose last session
  // ended more than `retention_months` before `now`; 0 disables. Idempotent.
  Result<RetentionOutcome> anonymise_expired(Instant now, int retention_months,
                                             bool dry_run = false) const;

 private:
  Result<std::string> lookup_hash(const PersonLookup& lookup,
                                  std::vector<FieldError>& errors) const;

  store::Database& db_;
  store::PersonDataStore& store_;
  store::StaffStore& staff_;
  const PersonalDataCipher& cipher_;
  const AuditLog& audit_;
  Clock clock_;
  AccessGuard guard_;
};

}  // namespace kursbase::app
