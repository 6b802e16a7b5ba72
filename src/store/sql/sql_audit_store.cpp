// The audit store on SOCI, shared by SQLite and PostgreSQL.
#include <algorithm>

#include "store/audit_store.hpp"
#include "store/engine/connection.hpp"
#include "store/engine/database.hpp"

namespace kursbase::store {
namespace {

constexpr const char* kInsert =
    "INSERT INTO audit_log (occurred_at, account_id, account_name, role, scope, scope_id, "
    "action, event, route, object_type, object_id, person_id, health_trust_id, client_address) "
    "VALUES (:at, :account, :name, :role, :scope, :scope_id, :action, :event, :route, :otype, "
    ":oid, :person, :hf, :addr) RETURNING id";

constexpr const char* kColumns =
    "SELECT id, occurred_at, account_id, account_name, role, scope, scope_id, action, event, "
    "route, object_type, object_id, person_id, health_trust_id, client_address ";
constexpr const char* kFrom = "FROM audit_log ";
// For the auditor's page: whose data and which course, read by id (the
// object id is text; a run's is its number).
constexpr const char* kNames =
    ", (SELECT p.name FROM person p WHERE p.id = audit_log.person_id), "
    "CASE WHEN object_type IN ('run', 'run_export') THEN (SELECT c.title FROM run r JOIN course "
    "c ON c.id = r.course_id WHERE CAST(r.id AS TEXT) = audit_log.object_id) "
    "WHEN object_type = 'enrollment' THEN (SELECT c.title FROM enrollment e JOIN run r ON r.id = "
    "e.run_id JOIN course c ON c.id = r.course_id WHERE CAST(e.id AS TEXT) = "
    "audit_log.object_id) END ";

// The criteria on text; fixed SQL, values bound. A course is found through
// the row's object: a run or a run's file by the run id, an enrollment by its run.
constexpr const char* kPersonName =
    " AND person_id IN (SELECT id FROM person WHERE lower(name) LIKE lower(:pname) ESCAPE '!')";
constexpr const char* kPersonLookup =
    " AND person_id IN (SELECT id FROM person WHERE national_id_lookup = :plookup)";
constexpr const char* kStaffName = " AND lower(account_name) LIKE lower(:sname) ESCAPE '!'";
constexpr const char* kCourseTitle =
    " AND ((object_type IN ('run', 'run_export') AND object_id IN (SELECT CAST(r.id AS TEXT) "
    "FROM run r JOIN course c ON c.id = r.course_id WHERE lower(c.title) LIKE lower(:ctitle) "
    "ESCAPE '!')) OR (object_type = 'enrollment' AND object_id IN (SELECT CAST(e.id AS TEXT) "
    "FROM enrollment e JOIN run r ON r.id = e.run_id JOIN course c ON c.id = r.course_id "
    "WHERE lower(c.title) LIKE lower(:ctitle2) ESCAPE '!')))";

// "%text%" with LIKE's wildcards and the escape character escaped.
std::string contains_pattern(const std::string& text) {
  std::string out = "%";
  for (char c : text) {
    if (c == '%' || c == '_' || c == '!') out += '!';
    out += c;
  }
  return out + "%";
}

// Binds an optional id as a nullable parameter.
struct OptionalId {
  long long value = 0;
  soci::indicator ind = soci::i_null;
  explicit OptionalId(const std::optional<std::int64_t>& v) {
    if (v) value = *v, ind = soci::i_ok;
  }
};

// Runs kColumns (+ kNames when `with_names`) + kFrom + where with the binds
// `bind` adds.
template <class Bind>
std::vector<AuditEntry> select(soci::session& sql, const std::string& where, bool with_names,
                               Bind&& bind) {
  std::vector<AuditEntry> out;
  long long id, account, scope_id, person, hf;
  std::string at, name, role, scope, action, event, route, otype, oid, addr, pname, ctitle;
  soci::indicator i_scope, i_person, i_hf, i_event, i_pname, i_ctitle;
  soci::statement st(sql);
  bind(st);
  st.exchange(soci::into(id));
  st.exchange(soci::into(at));
  st.exchange(soci::into(account));
  st.exchange(soci::into(name));
  st.exchange(soci::into(role));
  st.exchange(soci::into(scope));
  st.exchange(soci::into(scope_id, i_scope));
  st.exchange(soci::into(action));
  st.exchange(soci::into(event, i_event));
  st.exchange(soci::into(route));
  st.exchange(soci::into(otype));
  st.exchange(soci::into(oid));
  st.exchange(soci::into(person, i_person));
  st.exchange(soci::into(hf, i_hf));
  st.exchange(soci::into(addr));
  if (with_names) {
    st.exchange(soci::into(pname, i_pname));
    st.exchange(soci::into(ctitle, i_ctitle));
  }
  st.alloc();
  st.prepare(std::string(kColumns) + (with_names ? kNames : "") + kFrom + where);
  st.define_and_bind();
  st.execute(false);
  while (st.fetch()) {
    AuditEntry e;
    e.id = id;
    e.at = parse_instant(at).value_or(Instant{});
    e.account_id = account;
    e.account_name = name;
    e.role = role;
    e.scope = scope;
    if (i_scope == soci::i_ok) e.scope_id = scope_id;
    e.action = action;
    if (i_event == soci::i_ok) e.event = parse_key<AuditEventKind>(event);
    e.route = route;
    e.object_type = otype;
    e.object_id = oid;
    if (i_person == soci::i_ok) e.person_id = person;
    if (i_hf == soci::i_ok) e.health_trust_id = hf;
    e.client_address = addr;
    if (with_names && i_pname == soci::i_ok) e.person_name = pname;
    if (with_names && i_ctitle == soci::i_ok) e.course_title = ctitle;
    out.push_back(std::move(e));
  }
  return out;
}

class SqlAuditStore final : public AuditStore {
 public:
  explicit SqlAuditStore(Database& db) : db_(db) {}

  std::int64_t append(Tx& tx, const AuditEntry& e) override {
    soci::session& sql = session_of(tx);
    OptionalId scope_id(e.scope_id), person(e.person_id), hf(e.health_trust_id);
    const std::string at = format_instant(e.at);
    const long long account = e.account_id;
    const std::string event = e.event ? std::string(key_of(*e.event)) : std::string();
    soci::indicator i_event = e.event ? soci::i_ok : soci::i_null;
    long long id = 0;
    sql << kInsert, soci::use(at, "at"), soci::use(account, "account"),
        soci::use(e.account_name, "name"), soci::use(e.role, "role"), soci::use(e.scope, "scope"),
        soci::use(scope_id.value, scope_id.ind, "scope_id"), soci::use(e.action, "action"),
        soci::use(event, i_event, "event"), soci::use(e.route, "route"),
        soci::use(e.object_type, "otype"), soci::use(e.object_id, "oid"),
        soci::use(person.value, person.ind, "person"), soci::use(hf.value, hf.ind, "hf"),
        soci::use(e.client_address, "addr"), soci::into(id);
    return id;
  }

  Result<std::vector<AuditEntry>> search(const AuditQuery& q) override {
    const bool scoped = q.health_trusts || q.regions;
    if (scoped && q.health_trusts.value_or(std::vector<std::int64_t>{}).empty() &&
        q.regions.value_or(std::vector<std::int64_t>{}).empty())
      return std::vector<AuditEntry>{};
    return db_.transact(TxKind::Read, [&](Tx& tx) -> Result<std::vector<AuditEntry>> {
      soci::session& sql = session_of(tx);
      // Every criterion is a constant clause with a placeholder; values are bound.
      std::string where = "WHERE 1 = 1";
      const long long person = q.person_id.value_or(0), account = q.account_id.value_or(0);
      const std::string from = q.from ? format_instant(*q.from) : "";
      const std::string to = q.to ? format_instant(*q.to) : "";
      if (q.person_id) where += " AND person_id = :person";
      if (q.account_id) where += " AND account_id = :account";
      if (q.from) where += " AND occurred_at >= :from_at";
      if (q.to) where += " AND occurred_at < :to_at";
      const std::string pname = contains_pattern(q.person_name.value_or(""));
      const std::string sname = contains_pattern(q.staff_name.value_or(""));
      const std::string ctitle = contains_pattern(q.course_title.value_or(""));
      const std::string plookup = q.person_lookup.value_or("");
      if (q.person_name) where += kPersonName;
      if (q.person_lookup) where += kPersonLookup;
      if (q.staff_name) where += kStaffName;
      if (q.course_title) where += kCourseTitle;
      std::vector<long long> hfs, regions;
      if (q.health_trusts) hfs.assign(q.health_trusts->begin(), q.health_trusts->end());
      if (q.regions) regions.assign(q.regions->begin(), q.regions->end());
      auto placeholders = [](const char* name, std::size_t n) {
        std::string out;
        for (std::size_t i = 0; i < n; ++i) out += (i ? ", :" : ":") + (name + std::to_string(i));
        return out;
      };
      if (scoped) {
        where += " AND (1 = 0";
        if (!hfs.empty())
          where += " OR health_trust_id IN (" + placeholders("hf", hfs.size()) + ")";
        if (!regions.empty())
          where +=
              " OR health_trust_id IN (SELECT o.id FROM organisation o WHERE o.kind = "
              "'health_trust' AND o.parent_id IN (" +
              placeholders("rg", regions.size()) + "))";
        where += ")";
      }
      const int limit = std::clamp(q.limit, 1, 1000);
      where += " ORDER BY occurred_at DESC, id DESC LIMIT " + std::to_string(limit) + " OFFSET " +
               std::to_string(std::max(q.offset, 0));
      return select(sql, where, true, [&](soci::statement& st) {
        if (q.person_id) st.exchange(soci::use(person, "person"));
        if (q.account_id) st.exchange(soci::use(account, "account"));
        if (q.from) st.exchange(soci::use(from, "from_at"));
        if (q.to) st.exchange(soci::use(to, "to_at"));
        if (q.person_name) st.exchange(soci::use(pname, "pname"));
        if (q.person_lookup) st.exchange(soci::use(plookup, "plookup"));
        if (q.staff_name) st.exchange(soci::use(sname, "sname"));
        if (q.course_title) {
          st.exchange(soci::use(ctitle, "ctitle"));
          st.exchange(soci::use(ctitle, "ctitle2"));
        }
        for (std::size_t i = 0; i < hfs.size(); ++i)
          st.exchange(soci::use(hfs[i], "hf" + std::to_string(i)));
        for (std::size_t i = 0; i < regions.size(); ++i)
          st.exchange(soci::use(regions[i], "rg" + std::to_string(i)));
      });
    });
  }

  Result<std::vector<AuditEntry>> about_person(std::int64_t person_id, int limit) override {
    return db_.transact(TxKind::Read, [&](Tx& tx) -> Result<std::vector<AuditEntry>> {
      soci::session& sql = session_of(tx);
      const long long person = person_id;
      const std::string where =
          "WHERE person_id = :person ORDER BY occurred_at DESC, id DESC LIMIT " +
          std::to_string(std::clamp(limit, 1, 1000));
      return select(sql, where, false,
                    [&](soci::statement& st) { st.exchange(soci::use(person, "person")); });
    });
  }

 private:
  Database& db_;
};

}  // namespace

std::unique_ptr<AuditStore> make_audit_store(Database& db) {
  return std::make_unique<SqlAuditStore>(db);
}

}  // namespace kursbase::store
