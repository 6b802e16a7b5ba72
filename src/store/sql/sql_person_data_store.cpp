// The person data store on SOCI, shared by SQLite and PostgreSQL.
#include <algorithm>
#include <set>

#include "store/engine/connection.hpp"
#include "store/engine/database.hpp"
#include "store/person_data_store.hpp"
#include "store/sql/enrollment_rows.hpp"
#include "store/sql/row_values.hpp"

namespace kursbase::store {
namespace {

// Where-clauses of find(), constants; values are bound.
constexpr const char* kFindBase =
    "SELECT e.id FROM enrollment e JOIN person p ON p.id = e.person_id WHERE 1 = 0";
constexpr const char* kByLookup = " OR p.national_id_lookup = :lookup";
constexpr const char* kByEmail = " OR (p.email <> '' AND lower(p.email) = lower(:email))";
constexpr const char* kByEnrollment =
    " OR e.person_id = (SELECT person_id FROM enrollment WHERE id = :enrollment)";

// Selected after kEnrollmentRowColumns (enrollment_rows.hpp), read by load().
constexpr const char* kEnrollmentMoreColumns =
    ", e.consent_text, e.updated_at, e.cancelled_at, e.erased_at, r.course_id, c.title";
// Joined after kEnrollmentRowFrom.
constexpr const char* kEnrollmentOfId =
    "JOIN run r ON r.id = e.run_id JOIN course c ON c.id = r.course_id WHERE e.id = :id";

std::optional<PersonEnrollment> load(soci::session& sql, long long wanted) {
  EnrollmentRow row;
  long long course_id = 0;
  std::string consent, updated, cancelled, erased, title;
  soci::indicator i_cancel = soci::i_null, i_erased = soci::i_null;
  soci::statement st(sql);
  st.exchange(soci::use(wanted, "id"));
  row.bind(st);
  st.exchange(soci::into(consent));
  st.exchange(soci::into(updated));
  st.exchange(soci::into(cancelled, i_cancel));
  st.exchange(soci::into(erased, i_erased));
  st.exchange(soci::into(course_id));
  st.exchange(soci::into(title));
  st.alloc();
  st.prepare(std::string("SELECT ") + kEnrollmentRowColumns + kEnrollmentMoreColumns +
             kEnrollmentRowFrom + kEnrollmentOfId);
  st.define_and_bind();
  if (!st.execute(true)) return std::nullopt;

  PersonEnrollment out;
  out.record = row.record();
  out.consent_text = consent;
  out.updated_at = instant_or_epoch(updated);
  if (i_cancel == soci::i_ok) out.cancelled_at = parse_instant(cancelled);
  if (i_erased == soci::i_ok) out.erased_at = parse_instant(erased);
  out.course_id = course_id;
  out.course_title = title;
  return out;
}

void load_details(soci::session& sql, PersonEnrollment& out) {
  const long long eid = out.record.id, run = out.record.run_id;
  {
    long long sid = 0;
    std::string starts, ends;
    soci::statement st =
        (sql.prepare << "SELECT id, starts_at, ends_at FROM run_session WHERE run_id = :r "
                        "ORDER BY starts_at",
         soci::use(run, "r"), soci::into(sid), soci::into(starts), soci::into(ends));
    st.execute();
    while (st.fetch())
      out.sessions.push_back({sid, instant_or_epoch(starts), instant_or_epoch(ends)});
  }
  {
    long long sid = 0;
    std::string mark, note;
    soci::statement st =
        (sql.prepare << "SELECT session_id, mark, note FROM attendance WHERE enrollment_id = :e "
                        "ORDER BY session_id",
         soci::use(eid, "e"), soci::into(sid), soci::into(mark), soci::into(note));
    st.execute();
    while (st.fetch())
      out.attendance.push_back(
          {out.record.id, sid, key_or(mark, AttendanceMark::Unrecorded), note, std::nullopt});
  }
  {
    int from = 0, to = 0;
    std::string reason, at;
    soci::statement st =
        (sql.prepare << "SELECT from_position, to_position, reason, moved_at FROM "
                        "waiting_list_move WHERE enrollment_id = :e ORDER BY moved_at, id",
         soci::use(eid, "e"), soci::into(from), soci::into(to), soci::into(reason), soci::into(at));
    st.execute();
    while (st.fetch()) out.waiting_list_moves.push_back({from, to, reason, instant_or_epoch(at)});
  }
  {
    std::string channel, kind, recipient, subject, created, failed;
    soci::indicator i_failed;
    soci::statement st =
        (sql.prepare << "SELECT channel, kind, recipient, subject, created_at, failed_at FROM "
                        "outbox WHERE enrollment_id = :e AND sent_at IS NULL ORDER BY id",
         soci::use(eid, "e"), soci::into(channel), soci::into(kind), soci::into(recipient),
         soci::into(subject), soci::into(created), soci::into(failed, i_failed));
    st.execute();
    while (st.fetch())
      out.pending_messages.push_back(
          {channel, kind, recipient, subject, instant_or_epoch(created), i_failed == soci::i_ok});
  }
}

// Rows changed by the last statement.
int changed(soci::statement& st) { return static_cast<int>(st.get_affected_rows()); }

class SqlPersonDataStore final : public PersonDataStore {
 public:
  std::vector<PersonEnrollment> find(Tx& tx, const PersonQuery& q) override {
    soci::session& sql = session_of(tx);
    std::vector<PersonEnrollment> out;
    if (q.national_id_lookup.empty() && q.email.empty() && !q.enrollment_id) return out;
    std::string query = kFindBase;
    if (!q.national_id_lookup.empty()) query += kByLookup;
    if (!q.email.empty()) query += kByEmail;
    if (q.enrollment_id) query += kByEnrollment;
    query += " ORDER BY e.id";
    const long long enrollment = q.enrollment_id.value_or(0);
    std::vector<long long> ids;
    long long id = 0;
    soci::statement st(sql);
    if (!q.national_id_lookup.empty()) st.exchange(soci::use(q.national_id_lookup, "lookup"));
    if (!q.email.empty()) st.exchange(soci::use(q.email, "email"));
    if (q.enrollment_id) st.exchange(soci::use(enrollment, "enrollment"));
    st.exchange(soci::into(id));
    st.alloc();
    st.prepare(query);
    st.define_and_bind();
    st.execute(false);
    while (st.fetch()) ids.push_back(id);
    for (long long e : ids) {
      auto loaded = load(sql, e);
      if (!loaded) continue;
      load_details(sql, *loaded);
      out.push_back(std::move(*loaded));
    }
    return out;
  }

  std::vector<AuditEntry> audit_about(Tx& tx, const std::vector<std::int64_t>& person_ids,
                                      int limit) override {
    soci::session& sql = session_of(tx);
    std::vector<AuditEntry> out;
    for (const std::int64_t pid : std::set<std::int64_t>(person_ids.begin(), person_ids.end())) {
      const long long person = pid;
      long long rid = 0, account = 0, hf = 0;
      std::string at, name, role, action, otype, oid;
      soci::indicator i_hf;
      soci::statement st =
          (sql.prepare << "SELECT id, occurred_at, account_id, account_name, role, action, "
                          "object_type, object_id, health_trust_id FROM audit_log WHERE "
                          "person_id = :p ORDER BY occurred_at DESC, id DESC",
           soci::use(person, "p"), soci::into(rid), soci::into(at), soci::into(account),
           soci::into(name), soci::into(role), soci::into(action), soci::into(otype),
           soci::into(oid), soci::into(hf, i_hf));
      st.execute();
      while (st.fetch()) {
        AuditEntry e;
        e.id = rid;
        e.at = instant_or_epoch(at);
        e.account_id = account;
        e.account_name = name;
        e.role = role;
        e.action = action;
        e.object_type = otype;
        e.object_id = oid;
        e.person_id = pid;
        if (i_hf == soci::i_ok) e.health_trust_id = hf;
        out.push_back(std::move(e));
      }
    }
    std::sort(out.begin(), out.end(), [](const AuditEntry& a, const AuditEntry& b) {
      return a.at != b.at ? a.at > b.at : a.id > b.id;
    });
    if (limit >= 0 && out.size() > static_cast<std::size_t>(limit)) out.resize(limit);
    return out;
  }

  std::int64_t add_erasure_request(Tx& tx, const ErasureRequestRecord& r) override {
    soci::session& sql = session_of(tx);
    const std::string at = format_instant(r.at);
    long long account = r.account_id.value_or(0);
    soci::indicator i_account = r.account_id ? soci::i_ok : soci::i_null;
    long long id = 0;
    sql << "INSERT INTO erasure_request (requested_at, account_id, account_name, kind, reason) "
           "VALUES (:at, :account, :name, :kind, :reason) RETURNING id",
        soci::use(at, "at"), soci::use(account, i_account, "account"),
        soci::use(r.account_name, "name"), soci::use(r.kind, "kind"), soci::use(r.reason, "reason"),
        soci::into(id);
    return id;
  }

  AnonymiseCounts anonymise(Tx& tx, const std::vector<EnrollmentId>& ids,
                            const ErasureMark& mark) override {
    soci::session& sql = session_of(tx);
    AnonymiseCounts counts;
    const std::string at = format_instant(mark.at);
    long long by = mark.account_id.value_or(0);
    soci::indicator i_by = mark.account_id ? soci::i_ok : soci::i_null;
    const long long erasure = mark.erasure_id;
    soci::indicator i_erasure = mark.erasure_id ? soci::i_ok : soci::i_null;
    std::set<long long> persons;
    for (const EnrollmentId wanted : std::set<EnrollmentId>(ids.begin(), ids.end())) {
      const long long eid = wanted;
      long long person = 0;
      std::string erased;
      soci::indicator i_erased = soci::i_null;
      sql << "SELECT person_id, erased_at FROM enrollment WHERE id = :e", soci::use(eid, "e"),
          soci::into(person), soci::into(erased, i_erased);
      if (!sql.got_data() || i_erased == soci::i_ok) continue;
      // Replaced hashes stay unique (run/identity index, token index).
      const std::string replaced = "erased:" + std::to_string(eid);
      sql << "UPDATE enrollment SET accompanies_name = '', interpreter_language = '', "
             "needs = '', referral_date = NULL, referring_doctor = '', referring_doctor_hpr = '', "
             "identity_hash = :h, "
             "manage_token_hash = :t, manage_token_sealed = NULL, erased_at = :at, "
             "erased_by = :by, erasure_id = :r, "
             "updated_at = :at2 WHERE id = :e",
          soci::use(replaced, "h"), soci::use(replaced, "t"), soci::use(at, "at"),
          soci::use(by, i_by, "by"), soci::use(erasure, i_erasure, "r"), soci::use(at, "at2"),
          soci::use(eid, "e");
      // A relative's enrollment names the person they came with.
      sql << "UPDATE enrollment SET accompanies_name = '' WHERE accompanies_id = :e",
          soci::use(eid, "e");
      sql << "UPDATE attendance SET note = '' WHERE enrollment_id = :e", soci::use(eid, "e");
      sql << "UPDATE waiting_list_move SET reason = '' WHERE enrollment_id = :e",
          soci::use(eid, "e");
      // Staff's cancellation reasons may describe the person (the column must not be empty).
      sql << "UPDATE enrollment_cancellation SET reason = '-' WHERE enrollment_id = :e",
          soci::use(eid, "e");
      {
        soci::statement del = (sql.prepare << "DELETE FROM outbox WHERE enrollment_id = :e AND "
                                              "sent_at IS NULL",
                               soci::use(eid, "e"));
        del.execute(true);
        counts.messages_deleted += changed(del);
      }
      sql << "UPDATE outbox SET recipient = '', subject = '', body = '', attachment = '' "
             "WHERE enrollment_id = :e",
          soci::use(eid, "e");
      ++counts.enrollments;
      persons.insert(person);
    }
    for (const long long person : persons) {
      soci::statement st =
          (sql.prepare << "UPDATE person SET name = '', email = '', mobile = '', "
                          "national_id_sealed = NULL, national_id_lookup = NULL, erased_at = :at "
                          "WHERE id = :p AND erased_at IS NULL AND NOT EXISTS (SELECT 1 FROM "
                          "enrollment e WHERE e.person_id = :p2 AND e.erased_at IS NULL)",
           soci::use(at, "at"), soci::use(person, "p"), soci::use(person, "p2"));
      st.execute(true);
      counts.persons += changed(st);
    }
    return counts;
  }

  std::vector<ExpiredEnrollment> expired(Tx& tx, Instant cutoff) override {
    soci::session& sql = session_of(tx);
    std::vector<ExpiredEnrollment> out;
    const std::string before = format_instant(cutoff);
    long long id = 0, person = 0, course = 0;
    soci::statement st =
        (sql.prepare << "SELECT e.id, e.person_id, r.course_id FROM enrollment e JOIN run r ON "
                        "r.id = e.run_id WHERE e.erased_at IS NULL AND (SELECT max(s.ends_at) "
                        "FROM run_session s WHERE s.run_id = r.id) < :cutoff ORDER BY e.id",
         soci::use(before, "cutoff"), soci::into(id), soci::into(person), soci::into(course));
    st.execute();
    while (st.fetch()) out.push_back({id, person, course});
    return out;
  }
};

}  // namespace

std::unique_ptr<PersonDataStore> make_person_data_store(Database&) {
  return std::make_unique<SqlPersonDataStore>();
}

}  // namespace kursbase::store
