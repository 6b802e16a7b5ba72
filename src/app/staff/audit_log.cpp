#include "app/staff/audit_log.hpp"

#include <algorithm>

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
                   std::function<std::optional<std::int64_t>(std::int64_t)> region_of)
    : db_(db), store_(store), clock_(std::move(clock)), region_of_(std::move(region_of)) {}

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

Result<std::vector<store::AuditEntry>> AuditLog::search(const AccessContext& who,
                                                        const AuditSearch& query) const {
  store::AuditQuery q;
  q.person_id = query.person_id;
  q.account_id = query.account_id;
  q.from = query.from;
  q.to = query.to;
  q.limit = query.limit;
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
    // Every HF the auditor's grants cover. Entries without an HF (sign-ins)
    // are for nation-wide auditors only.
    std::vector<std::int64_t> hfs;
    bool nation = false, any = false;
    std::vector<std::int64_t> regions;
    for (const auto& g : who.actor.grants) {
      if (!role_permits(g.role, Action::SearchAudit)) continue;
      if (!used) used = g;
      any = true;
      if (g.scope == ScopeKind::Nation) nation = true, used = g;
      if (g.scope == ScopeKind::HealthTrust) hfs.push_back(g.scope_id);
      if (g.scope == ScopeKind::Region) regions.push_back(g.scope_id);
    }
    if (!any) return Error{ErrorCode::Forbidden, "access.forbidden", "audit search"};
    if (!nation && !regions.empty()) {
      // Region auditors: every HF whose entries name that region's HF.
      // The log holds HF ids; resolve the region per HF seen in the log
      // lazily would need a scan, so search without the HF filter and keep
      // the entries whose HF lies in the region.
      q.health_trusts.reset();
      auto all = store_.search(q);
      if (!all) return all.error();
      std::vector<store::AuditEntry> kept;
      for (auto& e : *all) {
        if (!e.health_trust_id) continue;
        const bool in_hf = std::find(hfs.begin(), hfs.end(), *e.health_trust_id) != hfs.end();
        const auto region = region_of_ ? region_of_(*e.health_trust_id) : std::nullopt;
        const bool in_region =
            region && std::find(regions.begin(), regions.end(), *region) != regions.end();
        if (in_hf || in_region) kept.push_back(std::move(e));
      }
      auto st = record(who, AuditEvent(Action::SearchAudit, used, "audit_log", "", query.person_id,
                                       std::nullopt));
      if (!st) return st.error();
      return kept;
    }
    if (!nation) q.health_trusts = hfs;
  }
  // The search reveals who is linked to whom: it is on record too.
  auto result = store_.search(q);
  if (!result) return result.error();
  auto st = record(who, AuditEvent(Action::SearchAudit, used, "audit_log", "", query.person_id,
                                   query.health_trust_id));
  if (!st) return st.error();
  return result;
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
