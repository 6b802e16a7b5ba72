#include "app/staff/audit_log.hpp"

#include <algorithm>

#include "app/privacy/personal_data_cipher.hpp"
#include "domain/person/national_id.hpp"
#include "store/engine/database.hpp"

namespace kursbase::app {

AuditEvent::AuditEvent(Action a, std::optional<RoleGrant> g, std::string type, std::string id,
                       std::optional<std::int64_t> person, std::optional<std::int64_t> hf,
                       std::optional<AuditEventKind> k)
    : action(key_of(a)),
      grant(g),
      object_type(std::move(type)),
      object_id(std::move(id)),
      person_id(person),
      health_trust_id(hf),
      kind(k.value_or(usual_event_kind(a))) {}

AuditEventKind event_kind_of(const store::AuditEntry& e) {
  return e.event ? *e.event : legacy_event_kind(e.action, e.route, e.object_type);
}

std::function<std::optional<std::int64_t>(std::int64_t)> region_lookup(store::StaffStore& store) {
  return [&store](std::int64_t hf) -> std::optional<std::int64_t> {
    auto r = store.region_of_health_trust(hf);
    return r ? *r : std::nullopt;
  };
}

AuditLog::AuditLog(store::Database& db, store::AuditStore& store, Clock clock,
                   std::function<std::optional<std::int64_t>(std::int64_t)> region_of,
                   const PersonalDataCipher* cipher)
    : db_(db),
      store_(store),
      clock_(std::move(clock)),
      region_of_(std::move(region_of)),
      cipher_(cipher) {}

store::AuditEntry AuditLog::entry(const AccessContext& who, const AuditEvent& what) const {
  store::AuditEntry e;
  e.at = clock_();
  e.account_id = who.actor.account_id;
  e.account_name = who.actor.display_name;
  if (what.grant) {
    e.role = key_of(what.grant->role);
    e.scope = key_of(what.grant->scope);
    e.scope_id = what.grant->scope_id;
  }
  e.action = what.action;
  e.event = what.kind;
  e.route = who.route;
  e.object_type = what.object_type;
  e.object_id = what.object_id;
  e.person_id = what.person_id;
  e.health_trust_id = what.health_trust_id;
  e.client_address = who.client_address;
  return e;
}

void AuditLog::record(store::Tx& tx, const AccessContext& who, const AuditEvent& what) const {
  store_.append(tx, entry(who, what));
}

Status AuditLog::record(const AccessContext& who, const AuditEvent& what) const {
  return db_.transact(store::TxKind::Write, [&](store::Tx& tx) -> Status {
    record(tx, who, what);
    return ok_status();
  });
}

Result<AuditResults> AuditLog::search(const AccessContext& who, const AuditSearch& query) const {
  store::AuditQuery q;
  q.person_id = query.person_id;
  q.account_id = query.account_id;
  q.from = query.from;
  q.to = query.to;
  auto text = [](const std::string& typed) -> std::optional<std::string> {
    if (typed.empty()) return std::nullopt;
    return typed;
  };
  q.person_name = text(query.person_name);
  q.staff_name = text(query.staff_name);
  q.course_title = text(query.course_title);
  std::vector<FieldError> errors;
  if (!query.national_id.empty()) {
    auto id = parse_national_id(query.national_id);
    if (!id) {
      errors.push_back({"national_id", "audit.error.national_id"});
    } else if (!cipher_) {
      return Error{ErrorCode::Unavailable, "error.unavailable", "audit search: no cipher"};
    } else {
      // As EnrollmentService writes it.
      q.person_lookup = cipher_->lookup_hash("national_id:" + id->digits);
    }
  }
  // `to` is exclusive: a search of one day has to = from + 1 day.
  if (q.from && q.to && *q.from >= *q.to) errors.push_back({"to", "audit.error.date_order"});
  if (!errors.empty()) return malformed("audit.invalid_search", "audit query", errors);
  const int limit = std::clamp(query.limit, 1, 1000);
  q.limit = limit + 1;  // one more tells whether a next page exists
  q.offset = std::max(query.offset, 0);

  std::optional<RoleGrant> used;
  if (query.health_trust_id) {
    // One HF: the decision is the ordinary one, on that HF.
    ObjectScope scope{std::nullopt, *query.health_trust_id,
                      region_of_ ? region_of_(*query.health_trust_id) : std::nullopt};
    auto d = decide(who.actor, Action::SearchAudit, scope);
    if (!d.allowed) return Error{ErrorCode::Forbidden, "access.forbidden", "audit search: hf"};
    used = d.grant;
    q.health_trusts = std::vector<std::int64_t>{*query.health_trust_id};
  } else {
    // Every HF the auditor's grants cover, directly or through their RHF.
    // Entries without an HF (sign-ins) are for nation-wide auditors only.
    std::vector<std::int64_t> hfs, regions;
    bool nation = false, any = false;
    for (const auto& g : who.actor.grants) {
      if (!role_permits(g.role, Action::SearchAudit)) continue;
      if (!used) used = g;
      any = true;
      if (g.scope == ScopeKind::Nation) nation = true, used = g;
      if (g.scope == ScopeKind::HealthTrust) hfs.push_back(g.scope_id);
      if (g.scope == ScopeKind::Region) regions.push_back(g.scope_id);
    }
    if (!any) return Error{ErrorCode::Forbidden, "access.forbidden", "audit search"};
    if (!nation) {
      q.health_trusts = hfs;
      q.regions = regions;
    }
  }
  auto found = store_.search(q);
  if (!found) return found.error();
  AuditResults out;
  out.more = static_cast<int>(found->size()) > limit;
  if (out.more) found->resize(static_cast<std::size_t>(limit));
  out.entries = std::move(*found);
  // The search reveals who is linked to whom: it is on record too, and a
  // download as an export. A search by name or ID number is about the person
  // it found, when it found one.
  std::optional<std::int64_t> about = query.person_id;
  if (!about && (q.person_lookup || q.person_name) && !out.entries.empty()) {
    about = out.entries.front().person_id;
    for (const auto& e : out.entries)
      if (e.person_id != about) about.reset();
  }
  auto st = record(
      who, AuditEvent(Action::SearchAudit, used, "audit_log", "", about, query.health_trust_id,
                      query.is_export ? std::optional(AuditEventKind::Export) : std::nullopt));
  if (!st) return st.error();
  return out;
}

Result<std::vector<AuditVisit>> AuditLog::about_person(std::int64_t person_id, int limit) const {
  auto entries = store_.about_person(person_id, limit);
  if (!entries) return entries.error();
  std::vector<AuditLine> lines;
  lines.reserve(entries->size());
  for (const auto& e : *entries)
    lines.push_back({e.at, e.account_id, e.account_name, e.role, e.action, event_kind_of(e)});
  return group_visits(lines);
}

}  // namespace kursbase::app
