#include "app/privacy/personal_data_service.hpp"

#include <algorithm>
#include <chrono>
#include <map>
#include <set>
#include <utility>

#include "domain/core/form_text.hpp"
#include "domain/person/national_id.hpp"
#include "store/engine/database.hpp"

namespace kursbase::app {
namespace {

using store::Tx;
using store::TxKind;

// The retention job works in transactions of this many enrollments, so one
// round never holds the write lock for long.
constexpr std::size_t kRetentionBatch = 500;
constexpr int kMaxAuditLines = 1000;
// The audit's account for the retention job: no staff member, the system.
constexpr std::int64_t kSystemAccount = 0;

Error forbidden(std::string detail) {
  return Error{ErrorCode::Forbidden, "access.forbidden", std::move(detail)};
}

}  // namespace

Instant months_before(Instant now, int months) {
  using namespace std::chrono;
  const auto day = floor<days>(now);
  const auto time_of_day = now - day;
  year_month_day ymd{day};
  ymd -= std::chrono::months(months);
  if (!ymd.ok()) ymd = ymd.year() / ymd.month() / last;
  return sys_days(ymd) + time_of_day;
}

PersonalDataService::PersonalDataService(store::Database& db, store::PersonDataStore& store,
                                         store::StaffStore& staff, const PersonalDataCipher& cipher,
                                         const AuditLog& audit, Clock clock)
    : db_(db),
      store_(store),
      staff_(staff),
      cipher_(cipher),
      audit_(audit),
      clock_(std::move(clock)),
      guard_(staff) {}

Result<std::string> PersonalDataService::lookup_hash(const PersonLookup& lookup,
                                                     std::vector<FieldError>& errors) const {
  if (lookup.national_id.empty()) return std::string();
  auto id = parse_national_id(lookup.national_id);
  if (!id) {
    errors.push_back({"national_id", "person_data.error.national_id"});
    return std::string();
  }
  // As EnrollmentService writes it.
  return cipher_.lookup_hash("national_id:" + id->digits);
}

namespace {

// What every request needs before its transaction: validation and the actor's
// right to the action.
struct Prepared {
  store::PersonQuery query;
  std::optional<RoleGrant> request_grant;
};

// An enrollment the actor may act on, with its HF and the grant that allowed it.
struct Mine {
  store::PersonEnrollment data;
  std::optional<std::int64_t> health_trust_id;
  std::optional<RoleGrant> grant;
};

Result<Prepared> prepare(const AccessContext& who, Action action, const PersonLookup& lookup,
                         const std::string& hash, const AccessGuard& guard) {
  if (!AccessGuard::permits_anywhere(who.actor, action)) return forbidden("person data: no grant");
  Prepared p;
  if (lookup.health_trust_id) {
    auto access = guard.require_health_trust(who.actor, *lookup.health_trust_id, action);
    if (!access) {
      if (access.error().code == ErrorCode::Forbidden)
        return forbidden("person data: health trust out of scope");
      return access.error();
    }
    p.request_grant = access->grant(action);
  } else {
    p.request_grant = AccessGuard::grant_anywhere(who.actor, action);
  }
  p.query.national_id_lookup = hash;
  p.query.email = trim(lookup.email);
  p.query.enrollment_id = lookup.enrollment_id;
  return p;
}

// Splits what the store found into what the actor may act on and the rest,
// asking the guard once per course, inside the request's transaction. A course
// the guard cannot place (gone meanwhile) is withheld, never shown.
void split(Tx& tx, std::vector<store::PersonEnrollment> found, const AccessGuard& guard,
           const AccessContext& who, Action action, const PersonLookup& lookup,
           std::vector<Mine>& mine, int& withheld) {
  std::map<std::int64_t, std::optional<Access>> by_course;
  for (auto& e : found) {
    auto it = by_course.find(e.course_id);
    if (it == by_course.end()) {
      auto access = guard.course(tx, who.actor, e.course_id);
      it = by_course
               .emplace(e.course_id,
                        access ? std::optional<Access>(std::move(*access)) : std::nullopt)
               .first;
    }
    const auto& access = it->second;
    const bool in_hf =
        access && (!lookup.health_trust_id || access->health_trust_id() == lookup.health_trust_id);
    if (!in_hf || !access->may(action)) {
      ++withheld;
      continue;
    }
    mine.push_back({std::move(e), access->health_trust_id(), access->grant(action)});
  }
}

void validate(const PersonLookup& lookup, std::vector<FieldError>& errors) {
  const auto email = trim(lookup.email);
  if (!email.empty() && (email.find('@') == std::string::npos || email.size() > 254))
    errors.push_back({"email", "person_data.error.email"});
  if (lookup.national_id.empty() && email.empty() && !lookup.enrollment_id && errors.empty())
    errors.push_back({"national_id", "person_data.error.identifier_missing"});
}

}  // namespace

Result<PersonExport> PersonalDataService::export_person(const AccessContext& who,
                                                        const PersonLookup& lookup) const {
  constexpr Action kAction = Action::ExportPersonalData;
  if (!AccessGuard::permits_anywhere(who.actor, kAction)) return forbidden("export: no grant");
  std::vector<FieldError> errors;
  auto hash = lookup_hash(lookup, errors);
  validate(lookup, errors);
  if (!errors.empty()) return invalid_input("person_data.error.invalid", "export request", errors);
  auto prepared = prepare(who, kAction, lookup, *hash, guard_);
  if (!prepared) return prepared.error();
  const auto now = clock_();

  return db_.transact(TxKind::Write, [&](Tx& tx) -> Result<PersonExport> {
    PersonExport out;
    out.generated_at = now;
    std::vector<Mine> mine;
    split(tx, store_.find(tx, prepared->query), guard_, who, kAction, lookup, mine, out.withheld);
    audit_.record(tx, who,
                  {kAction, prepared->request_grant, "person_search", "", std::nullopt,
                   lookup.health_trust_id});
    std::vector<std::int64_t> persons;
    for (auto& [data, hf, grant] : mine) {
      persons.push_back(data.record.person.id);
      ExportedEnrollment e;
      e.health_trust_id = hf;
      if (!data.record.person.national_id_sealed.empty()) {
        auto clear = cipher_.open(data.record.person.national_id_sealed);
        if (clear) e.national_id = *clear;
      }
      e.data = std::move(data);
      out.enrollments.push_back(std::move(e));
    }
    out.accesses = store_.audit_about(tx, persons, kMaxAuditLines);
    for (std::size_t i = 0; i < mine.size(); ++i) {
      const auto& e = out.enrollments[i];
      audit_.record(tx, who,
                    {kAction, mine[i].grant, "enrollment", std::to_string(e.data.record.id),
                     e.data.record.person.id, e.health_trust_id});
    }
    return out;
  });
}

Result<ErasureSummary> PersonalDataService::erase(const AccessContext& who,
                                                  const ErasureRequest& request) const {
  constexpr Action kAction = Action::ErasePersonalData;
  if (!AccessGuard::permits_anywhere(who.actor, kAction)) return forbidden("erase: no grant");
  std::vector<FieldError> errors;
  auto hash = lookup_hash(request.person, errors);
  validate(request.person, errors);
  const auto reason = trim(request.reason);
  if (reason.empty()) errors.push_back({"reason", "person_data.error.reason_missing"});
  if (length_chars(reason) > kMaxErasureReason)
    errors.push_back({"reason", "person_data.error.reason_too_long"});
  if (!errors.empty()) return invalid_input("person_data.error.invalid", "erasure request", errors);
  auto prepared = prepare(who, kAction, request.person, *hash, guard_);
  if (!prepared) return prepared.error();
  const auto now = clock_();

  return db_.transact(TxKind::Write, [&](Tx& tx) -> Result<ErasureSummary> {
    ErasureSummary out;
    std::vector<Mine> mine;
    split(tx, store_.find(tx, prepared->query), guard_, who, kAction, request.person, mine,
          out.withheld);
    audit_.record(tx, who,
                  {kAction, prepared->request_grant, "person_search", "", std::nullopt,
                   request.person.health_trust_id});
    std::vector<EnrollmentId> to_erase;
    for (const auto& [data, hf, grant] : mine) {
      if (data.erased_at)
        ++out.already_erased;
      else
        to_erase.push_back(data.record.id);
    }
    if (to_erase.empty()) return out;
    const auto id = store_.add_erasure_request(
        tx, {now, who.actor.account_id, who.actor.display_name, "request", reason});
    out.erasure_id = id;
    const auto counts = store_.anonymise(tx, to_erase, {now, who.actor.account_id, id});
    out.enrollments = counts.enrollments;
    out.persons = counts.persons;
    out.messages_deleted = counts.messages_deleted;
    audit_.record(tx, who,
                  {kAction, prepared->request_grant, "erasure_request", std::to_string(id),
                   std::nullopt, request.person.health_trust_id});
    for (const auto& [data, hf, grant] : mine) {
      if (data.erased_at) continue;
      audit_.record(tx, who,
                    {kAction, grant, "enrollment", std::to_string(data.record.id),
                     data.record.person.id, hf});
    }
    return out;
  });
}

Result<RetentionOutcome> PersonalDataService::anonymise_expired(Instant now, int retention_months,
                                                                bool dry_run) const {
  RetentionOutcome out;
  out.dry_run = dry_run;
  if (retention_months <= 0) {
    out.enabled = false;
    return out;
  }
  out.cutoff = months_before(now, retention_months);
  // Each audit row names the enrollment's HF, looked up once per course (an
  // indexed query, store/staff_store.hpp) inside the batch's transaction.
  std::map<std::int64_t, std::optional<std::int64_t>> hf_of;
  auto hf_of_course = [&](Tx& tx, std::int64_t course_id) {
    auto it = hf_of.find(course_id);
    if (it == hf_of.end()) {
      auto scope = staff_.course_scope(tx, course_id);
      it = hf_of.emplace(course_id, scope ? scope->health_trust_id : std::nullopt).first;
    }
    return it->second;
  };

  if (dry_run) {
    auto due =
        db_.transact(TxKind::Read, [&](Tx& tx) -> Result<std::vector<store::ExpiredEnrollment>> {
          return store_.expired(tx, out.cutoff);
        });
    if (!due) return due.error();
    std::set<std::int64_t> persons;
    for (const auto& e : *due) persons.insert(e.person_id);
    out.enrollments = static_cast<int>(due->size());
    out.persons = static_cast<int>(persons.size());
    return out;
  }

  const AccessContext system{Actor{kSystemAccount, "system:retention", {}}, "retention", ""};
  // One batch per transaction. The body may run more than once (database.hpp):
  // it answers its own batch's counts, and only a committed batch is added up.
  struct Round {
    std::size_t due = 0;
    store::AnonymiseCounts counts;
  };
  for (;;) {
    auto round = db_.transact(TxKind::Write, [&](Tx& tx) -> Result<Round> {
      auto due = store_.expired(tx, out.cutoff);
      if (due.empty()) return Round{};
      if (due.size() > kRetentionBatch) due.resize(kRetentionBatch);
      std::vector<EnrollmentId> ids;
      for (const auto& e : due) ids.push_back(e.id);
      const auto id =
          store_.add_erasure_request(tx, {now, std::nullopt, system.actor.display_name, "retention",
                                          "retention_months=" + std::to_string(retention_months)});
      const auto counts = store_.anonymise(tx, ids, {now, std::nullopt, id});
      audit_.record(tx, system,
                    {Action::ErasePersonalData, std::nullopt, "erasure_request", std::to_string(id),
                     std::nullopt, std::nullopt});
      for (const auto& e : due)
        audit_.record(tx, system,
                      {Action::ErasePersonalData, std::nullopt, "enrollment", std::to_string(e.id),
                       e.person_id, hf_of_course(tx, e.course_id)});
      return Round{due.size(), counts};
    });
    if (!round) return round.error();
    out.enrollments += round->counts.enrollments;
    out.persons += round->counts.persons;
    out.messages_deleted += round->counts.messages_deleted;
    if (round->due < kRetentionBatch) break;
  }
  return out;
}

}  // namespace kursbase::app
