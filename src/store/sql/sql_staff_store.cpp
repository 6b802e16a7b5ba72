// The staff store on SOCI, shared by SQLite and PostgreSQL.
#include <sodium.h>

#include <algorithm>
#include <set>
#include <unordered_map>

#include "store/engine/connection.hpp"
#include "store/engine/database.hpp"
#include "store/sql/scope_queries.hpp"
#include "store/staff_store.hpp"

namespace kursbase::store {
namespace {

constexpr const char* kAccountColumns =
    "SELECT id, username, display_name, password_hash, oidc_subject, disabled FROM staff_account ";
constexpr const char* kGrants =
    "SELECT role, scope, scope_id FROM staff_grant WHERE account_id = :id "
    "ORDER BY role, scope, scope_id";
constexpr const char* kSession =
    "SELECT token_hash, account_id, csrf_token, created_at, last_seen_at, expires_at "
    "FROM staff_session WHERE token_hash = :hash";

std::vector<RoleGrant> load_grants(soci::session& sql, long long account_id) {
  std::vector<RoleGrant> out;
  std::string role, scope;
  long long scope_id = 0;
  soci::statement st = (sql.prepare << kGrants, soci::use(account_id, "id"), soci::into(role),
                        soci::into(scope), soci::into(scope_id));
  st.execute();
  while (st.fetch()) {
    auto r = parse_key<Role>(role);
    auto s = parse_key<ScopeKind>(scope);
    if (r && s) out.push_back({*r, *s, scope_id});
  }
  return out;
}

// One account by a where-clause constant with one bound parameter.
template <class T>
std::optional<StaffAccount> load_account(soci::session& sql, const char* where, const T& value) {
  StaffAccount a;
  long long id = 0;
  int disabled = 0;
  std::string hash, subject;
  soci::indicator i_hash, i_subject;
  sql << std::string(kAccountColumns) + where, soci::use(value, "v"), soci::into(id),
      soci::into(a.username), soci::into(a.display_name), soci::into(hash, i_hash),
      soci::into(subject, i_subject), soci::into(disabled);
  if (!sql.got_data()) return std::nullopt;
  a.id = id;
  a.disabled = disabled != 0;
  if (i_hash == soci::i_ok) a.password_hash = hash;
  if (i_subject == soci::i_ok) a.oidc_subject = subject;
  a.grants = load_grants(sql, id);
  return a;
}

// The scope from a chain of kScope*Query rows (nearest organisation first):
// the first HF in the chain, and the first RHF above that HF, as the staff
// overview's ancestor walk finds them. Nullopt when the query found no row.
std::optional<ObjectScope> load_scope(soci::session& sql, const char* query, long long id) {
  long long course_id = 0, org_id = 0;
  std::string kind;
  soci::statement st = (sql.prepare << query, soci::use(id, "id"), soci::into(course_id),
                        soci::into(org_id), soci::into(kind));
  st.execute();
  std::optional<ObjectScope> out;
  while (st.fetch()) {
    if (!out) out = ObjectScope{course_id, std::nullopt, std::nullopt};
    if (!out->health_trust_id) {
      if (kind == "health_trust") out->health_trust_id = org_id;
    } else if (!out->region_id && kind == "regional_health_authority") {
      out->region_id = org_id;
    }
  }
  return out;
}

// The output buffers of one row of kStaffCourseRunsQuery / kStaffAllRunsQuery.
struct RunSummaryRow {
  long long id = 0;
  std::string state, first, last, deadline, unrecorded;
  int capacity = 0, confirmed = 0, waitlisted = 0, min_participants = 0, waiting = 1;
  long long awaiting = 0;
  soci::indicator i_first = soci::i_null, i_last = soci::i_null, i_unrecorded = soci::i_null;

  StaffRunSummary summary() const {
    auto when = [](const std::string& text, soci::indicator i) {
      return i == soci::i_ok ? parse_instant(text) : std::nullopt;
    };
    StaffRunSummary r;
    r.id = id;
    r.state = state;
    r.first_start = when(first, i_first);
    r.capacity = capacity;
    r.confirmed = confirmed;
    r.waitlisted = waitlisted;
    r.last_end = when(last, i_last);
    r.registration_deadline = parse_instant(deadline).value_or(Instant{});
    r.min_participants = min_participants;
    r.waiting_list_enabled = waiting != 0;
    r.first_unrecorded_end = when(unrecorded, i_unrecorded);
    r.awaiting_referral = static_cast<int>(awaiting);
    return r;
  }
};

// Runs without sessions last, then by first session and id. Sorted here, not
// in SQL: the engines put NULLs at opposite ends.
void sort_runs(std::vector<StaffRunSummary>& runs) {
  std::sort(runs.begin(), runs.end(), [](const auto& a, const auto& b) {
    if (a.first_start.has_value() != b.first_start.has_value()) return a.first_start.has_value();
    if (a.first_start != b.first_start) return *a.first_start < *b.first_start;
    return a.id < b.id;
  });
}

Error course_not_found() { return not_found("course.error.not_found", "no such course"); }

std::string hex(const unsigned char* data, std::size_t n) {
  std::string out(n * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), data, n);
  out.pop_back();
  return out;
}

class SqlStaffStore final : public StaffStore {
 public:
  explicit SqlStaffStore(Database& db) : db_(db) {}

  Result<std::int64_t> create_account(const StaffAccount& a) override {
    return db_.transact(TxKind::Write, [&](Tx& tx) -> Result<std::int64_t> {
      soci::session& sql = session_of(tx);
      int taken = 0;
      sql << "SELECT count(*) FROM staff_account WHERE username = :u", soci::use(a.username),
          soci::into(taken);
      if (taken) return conflict("error.username_taken", "username taken");
      if (!a.oidc_subject.empty()) {
        sql << "SELECT count(*) FROM staff_account WHERE oidc_subject = :s",
            soci::use(a.oidc_subject), soci::into(taken);
        if (taken) return conflict("error.oidc_subject_taken", "oidc subject taken");
      }
      soci::indicator i_hash = a.password_hash.empty() ? soci::i_null : soci::i_ok;
      soci::indicator i_sub = a.oidc_subject.empty() ? soci::i_null : soci::i_ok;
      const int disabled = a.disabled ? 1 : 0;
      const std::string now = utc_now();
      long long id = 0;
      sql << "INSERT INTO staff_account (username, display_name, password_hash, oidc_subject, "
             "disabled, created_at) VALUES (:u, :d, :h, :s, :x, :t) RETURNING id",
          soci::use(a.username, "u"), soci::use(a.display_name, "d"),
          soci::use(a.password_hash, i_hash, "h"), soci::use(a.oidc_subject, i_sub, "s"),
          soci::use(disabled, "x"), soci::use(now, "t"), soci::into(id);
      for (const auto& g : a.grants) insert_grant(sql, id, g);
      return std::int64_t(id);
    });
  }

  Result<std::optional<StaffAccount>> find_by_username(const std::string& username) override {
    return db_.transact(TxKind::Read, [&](Tx& tx) -> Result<std::optional<StaffAccount>> {
      soci::session& sql = session_of(tx);
      return load_account(sql, "WHERE username = :v", username);
    });
  }

  Result<std::optional<StaffAccount>> find_by_oidc_subject(const std::string& subject) override {
    return db_.transact(TxKind::Read, [&](Tx& tx) -> Result<std::optional<StaffAccount>> {
      soci::session& sql = session_of(tx);
      return load_account(sql, "WHERE oidc_subject = :v", subject);
    });
  }

  Result<std::optional<StaffAccount>> find_account(std::int64_t id) override {
    return db_.transact(TxKind::Read, [&](Tx& tx) -> Result<std::optional<StaffAccount>> {
      soci::session& sql = session_of(tx);
      return load_account(sql, "WHERE id = :v", static_cast<long long>(id));
    });
  }

  Status set_disabled(std::int64_t account_id, bool disabled) override {
    return db_.transact(TxKind::Write, [&](Tx& tx) -> Status {
      soci::session& sql = session_of(tx);
      const long long id = account_id;
      const int flag = disabled ? 1 : 0;
      sql << "UPDATE staff_account SET disabled = :x WHERE id = :id", soci::use(flag, "x"),
          soci::use(id, "id");
      if (disabled) sql << "DELETE FROM staff_session WHERE account_id = :id", soci::use(id);
      return ok_status();
    });
  }

  Status set_password_hash(std::int64_t account_id, const std::string& hash) override {
    return db_.transact(TxKind::Write, [&](Tx& tx) -> Status {
      soci::session& sql = session_of(tx);
      const long long id = account_id;
      sql << "UPDATE staff_account SET password_hash = :h WHERE id = :id", soci::use(hash, "h"),
          soci::use(id, "id");
      sql << "DELETE FROM staff_session WHERE account_id = :id", soci::use(id);
      return ok_status();
    });
  }

  Status add_grant(std::int64_t account_id, const RoleGrant& grant) override {
    return db_.transact(TxKind::Write, [&](Tx& tx) -> Status {
      soci::session& sql = session_of(tx);
      insert_grant(sql, account_id, grant);
      return ok_status();
    });
  }

  Status insert_session(const NewSession& s) override {
    return db_.transact(TxKind::Write, [&](Tx& tx) -> Status {
      soci::session& sql = session_of(tx);
      const long long account = s.account_id;
      const std::string created = format_instant(s.created_at),
                        expires = format_instant(s.expires_at);
      sql << "INSERT INTO staff_session (token_hash, account_id, csrf_token, created_at, "
             "last_seen_at, expires_at) VALUES (:h, :a, :c, :t, :t2, :e)",
          soci::use(s.token_hash, "h"), soci::use(account, "a"), soci::use(s.csrf_token, "c"),
          soci::use(created, "t"), soci::use(created, "t2"), soci::use(expires, "e");
      return ok_status();
    });
  }

  Result<std::optional<SessionRecord>> find_session(const std::string& token_hash, Instant now,
                                                    std::chrono::seconds idle) override {
    // Write: an expired session is deleted on the way.
    return db_.transact(TxKind::Write, [&](Tx& tx) -> Result<std::optional<SessionRecord>> {
      soci::session& sql = session_of(tx);
      SessionRecord r;
      long long account = 0;
      std::string created, seen, expires;
      sql << kSession, soci::use(token_hash, "hash"), soci::into(r.token_hash), soci::into(account),
          soci::into(r.csrf_token), soci::into(created), soci::into(seen), soci::into(expires);
      if (!sql.got_data()) return std::optional<SessionRecord>{};
      r.created_at = parse_instant(created).value_or(Instant{});
      r.last_seen_at = parse_instant(seen).value_or(Instant{});
      r.expires_at = parse_instant(expires).value_or(Instant{});
      auto a = load_account(sql, "WHERE id = :v", account);
      if (now >= r.expires_at || now - r.last_seen_at >= idle || !a || a->disabled) {
        sql << "DELETE FROM staff_session WHERE token_hash = :h", soci::use(token_hash);
        return std::optional<SessionRecord>{};
      }
      r.account = std::move(*a);
      return std::optional<SessionRecord>{std::move(r)};
    });
  }

  Status touch_session(const std::string& token_hash, Instant now) override {
    return db_.transact(TxKind::Write, [&](Tx& tx) -> Status {
      soci::session& sql = session_of(tx);
      const std::string at = format_instant(now);
      sql << "UPDATE staff_session SET last_seen_at = :t WHERE token_hash = :h", soci::use(at, "t"),
          soci::use(token_hash, "h");
      return ok_status();
    });
  }

  Status delete_session(const std::string& token_hash) override {
    return db_.transact(TxKind::Write, [&](Tx& tx) -> Status {
      soci::session& sql = session_of(tx);
      sql << "DELETE FROM staff_session WHERE token_hash = :h", soci::use(token_hash);
      return ok_status();
    });
  }

  Result<FailureHistory> failures_since(const std::string& key, Instant since) override {
    return db_.transact(TxKind::Read, [&](Tx& tx) -> Result<FailureHistory> {
      soci::session& sql = session_of(tx);
      int n = 0;
      std::string latest;
      soci::indicator latest_ind = soci::i_null;
      const std::string at = format_instant(since);
      sql << "SELECT count(*), max(failed_at) FROM sign_in_failure WHERE counter_key = :k AND "
             "failed_at >= :t",
          soci::use(key, "k"), soci::use(at, "t"), soci::into(n), soci::into(latest, latest_ind);
      FailureHistory h;
      h.count = n;
      if (latest_ind == soci::i_ok)
        if (auto t = parse_instant(latest)) h.latest = *t;
      return h;
    });
  }

  Result<bool> known_address(std::int64_t account_id, const std::string& address_hash,
                             Instant since) override {
    return db_.transact(TxKind::Read, [&](Tx& tx) -> Result<bool> {
      soci::session& sql = session_of(tx);
      int n = 0;
      const std::string at = format_instant(since);
      sql << "SELECT count(*) FROM staff_known_address WHERE account_id = :a AND "
             "address_hash = :h AND last_signed_in_at >= :t",
          soci::use(account_id, "a"), soci::use(address_hash, "h"), soci::use(at, "t"),
          soci::into(n);
      return n > 0;
    });
  }

  Status remember_address(std::int64_t account_id, const std::string& address_hash,
                          Instant at) override {
    return db_.transact(TxKind::Write, [&](Tx& tx) -> Status {
      soci::session& sql = session_of(tx);
      const std::string when = format_instant(at);
      // The same statement on both engines (ON CONFLICT: SQLite ≥ 3.24, PostgreSQL ≥ 9.5).
      sql << "INSERT INTO staff_known_address (account_id, address_hash, last_signed_in_at) "
             "VALUES (:a, :h, :t) ON CONFLICT (account_id, address_hash) DO UPDATE SET "
             "last_signed_in_at = excluded.last_signed_in_at",
          soci::use(account_id, "a"), soci::use(address_hash, "h"), soci::use(when, "t");
      return ok_status();
    });
  }

  Status record_failure(const std::string& key, Instant at, Instant prune_before) override {
    return db_.transact(TxKind::Write, [&](Tx& tx) -> Status {
      soci::session& sql = session_of(tx);
      const std::string when = format_instant(at), old = format_instant(prune_before);
      sql << "DELETE FROM sign_in_failure WHERE counter_key = :k AND failed_at < :t",
          soci::use(key, "k"), soci::use(old, "t");
      sql << "INSERT INTO sign_in_failure (counter_key, failed_at) VALUES (:k, :t)",
          soci::use(key, "k"), soci::use(when, "t");
      return ok_status();
    });
  }

  Status clear_failures(const std::string& key) override {
    return db_.transact(TxKind::Write, [&](Tx& tx) -> Status {
      soci::session& sql = session_of(tx);
      sql << "DELETE FROM sign_in_failure WHERE counter_key = :k", soci::use(key);
      return ok_status();
    });
  }

  Result<std::string> shared_key(const std::string& name) override {
    return db_.transact(TxKind::Write, [&](Tx& tx) -> Result<std::string> {
      soci::session& sql = session_of(tx);
      std::string value;
      sql << "SELECT value FROM shared_key WHERE name = :n", soci::use(name), soci::into(value);
      if (sql.got_data()) return from_hex(value);
      unsigned char key[32];
      randombytes_buf(key, sizeof key);
      value = hex(key, sizeof key);
      // Two servers starting at once: the second insert does nothing and both
      // read the first one's key.
      sql << "INSERT INTO shared_key (name, value) VALUES (:n, :v) ON CONFLICT (name) DO NOTHING",
          soci::use(name, "n"), soci::use(value, "v");
      sql << "SELECT value FROM shared_key WHERE name = :n", soci::use(name), soci::into(value);
      return from_hex(value);
    });
  }

  Result<std::optional<std::int64_t>> region_of_health_trust(std::int64_t hf) override {
    return db_.transact(TxKind::Read, [&](Tx& tx) -> Result<std::optional<std::int64_t>> {
      soci::session& sql = session_of(tx);
      long long parent = 0;
      const long long id = hf;
      soci::indicator ind = soci::i_null;
      sql << "SELECT p.id FROM organisation o JOIN organisation p ON p.id = o.parent_id "
             "WHERE o.id = :id AND o.kind = 'health_trust' AND p.kind = "
             "'regional_health_authority'",
          soci::use(id), soci::into(parent, ind);
      if (!sql.got_data() || ind != soci::i_ok) return std::optional<std::int64_t>{};
      return std::optional<std::int64_t>{parent};
    });
  }

  Result<std::vector<StaffCourse>> courses() override {
    return db_.transact(TxKind::Read, [&](Tx& tx) -> Result<std::vector<StaffCourse>> {
      soci::session& sql = session_of(tx);
      struct Org {
        std::string kind;
        std::optional<long long> parent;
      };
      std::unordered_map<long long, Org> orgs;
      {
        long long id = 0, parent = 0;
        std::string kind;
        soci::indicator i_parent;
        soci::statement st = (sql.prepare << "SELECT id, kind, parent_id FROM organisation",
                              soci::into(id), soci::into(kind), soci::into(parent, i_parent));
        st.execute();
        while (st.fetch())
          orgs[id] = {kind,
                      i_parent == soci::i_ok ? std::optional<long long>(parent) : std::nullopt};
      }
      auto ancestor = [&](long long id, const std::string& kind) -> std::optional<std::int64_t> {
        for (int depth = 0; depth < 16; ++depth) {
          auto it = orgs.find(id);
          if (it == orgs.end()) return std::nullopt;
          if (it->second.kind == kind) return id;
          if (!it->second.parent) return std::nullopt;
          id = *it->second.parent;
        }
        return std::nullopt;
      };
      std::vector<StaffCourse> out;
      long long id = 0, owner = 0;
      std::string title, status;
      soci::statement st =
          (sql.prepare << "SELECT id, title, status, owner_id FROM course ORDER BY title, id",
           soci::into(id), soci::into(title), soci::into(status), soci::into(owner));
      st.execute();
      while (st.fetch()) {
        StaffCourse c{id, title, status, owner, ancestor(owner, "health_trust"), std::nullopt, {}};
        if (c.health_trust_id)
          c.region_id = ancestor(*c.health_trust_id, "regional_health_authority");
        out.push_back(std::move(c));
      }
      std::unordered_map<long long, std::size_t> at;
      for (std::size_t i = 0; i < out.size(); ++i) at[out[i].id] = i;
      long long course_id = 0;
      RunSummaryRow row;
      soci::statement runs =
          (sql.prepare << kStaffAllRunsQuery, soci::into(course_id), soci::into(row.id),
           soci::into(row.state), soci::into(row.capacity), soci::into(row.confirmed),
           soci::into(row.waitlisted), soci::into(row.first, row.i_first),
           soci::into(row.last, row.i_last), soci::into(row.deadline),
           soci::into(row.min_participants), soci::into(row.waiting),
           soci::into(row.unrecorded, row.i_unrecorded), soci::into(row.awaiting));
      runs.execute();
      while (runs.fetch()) {
        auto it = at.find(course_id);
        if (it == at.end()) continue;
        out[it->second].runs.push_back(row.summary());
      }
      for (auto& c : out) sort_runs(c.runs);
      return out;
    });
  }

  Result<std::vector<StaffCourse>> courses_in(const StaffCourseFilter& filter) override {
    return db_.transact(TxKind::Read, [&](Tx& tx) -> Result<std::vector<StaffCourse>> {
      soci::session& sql = session_of(tx);
      std::set<long long> ids(filter.courses.begin(), filter.courses.end());
      for (const long long org : filter.organisations) {
        long long course_id = 0;
        soci::statement st =
            (sql.prepare << kCoursesBelowQuery, soci::use(org, "id"), soci::into(course_id));
        st.execute();
        while (st.fetch()) ids.insert(course_id);
      }
      std::vector<StaffCourse> out;
      for (const long long id : ids) {
        StaffCourse c;
        long long owner = 0;
        sql << kStaffCourseQuery, soci::use(id, "id"), soci::into(c.title), soci::into(c.status),
            soci::into(owner);
        if (!sql.got_data()) continue;
        c.id = id;
        c.owner_id = owner;
        if (auto scope = load_scope(sql, kCourseScopeQuery, id)) {
          c.health_trust_id = scope->health_trust_id;
          c.region_id = scope->region_id;
        }
        RunSummaryRow row;
        soci::statement runs =
            (sql.prepare << kStaffCourseRunsQuery, soci::use(id, "id"), soci::into(row.id),
             soci::into(row.state), soci::into(row.capacity), soci::into(row.confirmed),
             soci::into(row.waitlisted), soci::into(row.first, row.i_first),
             soci::into(row.last, row.i_last), soci::into(row.deadline),
             soci::into(row.min_participants), soci::into(row.waiting),
             soci::into(row.unrecorded, row.i_unrecorded), soci::into(row.awaiting));
        runs.execute();
        while (runs.fetch()) c.runs.push_back(row.summary());
        sort_runs(c.runs);
        out.push_back(std::move(c));
      }
      std::sort(out.begin(), out.end(), [](const StaffCourse& a, const StaffCourse& b) {
        return a.title != b.title ? a.title < b.title : a.id < b.id;
      });
      return out;
    });
  }

  Result<std::string> scope_name(ScopeKind scope, std::int64_t id) override {
    if (scope == ScopeKind::Nation) return std::string();
    return db_.transact(TxKind::Read, [&](Tx& tx) -> Result<std::string> {
      soci::session& sql = session_of(tx);
      const long long key = id;
      std::string name;
      if (scope == ScopeKind::Course)
        sql << "SELECT title FROM course WHERE id = :id", soci::use(key, "id"), soci::into(name);
      else
        sql << "SELECT name FROM organisation WHERE id = :id", soci::use(key, "id"),
            soci::into(name);
      return sql.got_data() ? name : std::string();
    });
  }

  Result<ObjectScope> run_scope(std::int64_t run_id) override {
    return db_.transact(TxKind::Read, [&](Tx& tx) -> Result<ObjectScope> {
      soci::session& sql = session_of(tx);
      auto scope = load_scope(sql, kRunScopeQuery, run_id);
      if (!scope) return not_found("enrollment.error.run_not_found", "no such run");
      return *scope;
    });
  }

  Result<ObjectScope> course_scope(std::int64_t course_id) override {
    return db_.transact(TxKind::Read,
                        [&](Tx& tx) -> Result<ObjectScope> { return course_scope(tx, course_id); });
  }

  Result<ObjectScope> course_scope(Tx& tx, std::int64_t course_id) override {
    auto scope = load_scope(session_of(tx), kCourseScopeQuery, course_id);
    if (!scope) return course_not_found();
    return *scope;
  }

 private:
  static void insert_grant(soci::session& sql, long long account_id, const RoleGrant& g) {
    const std::string role(key_of(g.role)), scope(key_of(g.scope));
    const long long scope_id = g.scope == ScopeKind::Nation ? 0 : g.scope_id;
    int exists = 0;
    sql << "SELECT count(*) FROM staff_grant WHERE account_id = :a AND role = :r AND scope = :s "
           "AND scope_id = :i",
        soci::use(account_id, "a"), soci::use(role, "r"), soci::use(scope, "s"),
        soci::use(scope_id, "i"), soci::into(exists);
    if (exists) return;
    sql << "INSERT INTO staff_grant (account_id, role, scope, scope_id) VALUES (:a, :r, :s, :i)",
        soci::use(account_id, "a"), soci::use(role, "r"), soci::use(scope, "s"),
        soci::use(scope_id, "i");
  }

  static std::string utc_now() {
    return format_instant(
        std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()));
  }

  static std::string from_hex(const std::string& text) {
    std::string out(text.size() / 2, '\0');
    std::size_t len = 0;
    sodium_hex2bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.c_str(),
                   text.size(), nullptr, &len, nullptr);
    out.resize(len);
    return out;
  }

  Database& db_;
};

}  // namespace

std::unique_ptr<StaffStore> make_staff_store(Database& db) {
  return std::make_unique<SqlStaffStore>(db);
}

}  // namespace kursbase::store
