// The run authoring store on SOCI, shared by SQLite and PostgreSQL.
#include "domain/authoring/run_form.hpp"
#include "store/engine/connection.hpp"
#include "store/engine/database.hpp"
#include "store/run_authoring_store.hpp"
#include "store/sql/course_row.hpp"
#include "store/sql/history_rows.hpp"
#include "store/sql/run_listing_rows.hpp"
#include "store/sql/text_index.hpp"

namespace kursbase::store {
namespace {

constexpr const char* kAnyRunById = "WHERE r.id = :id";
constexpr const char* kAnyRunOfCourse = "WHERE r.course_id = :id";

// The run row's columns but for its id, course and counts, as insert and update bind them.
struct RunColumns {
  std::string state, deadline, language, lname, laddr, lpost, lplace, lmun;
  int min_p = 0, capacity = 0, digital = 0, waiting = 0, staff_only = 0;
  soci::indicator loc = soci::i_null, mun = soci::i_null;
  explicit RunColumns(const Run& r)
      : state(key_of(r.state)),
        deadline(format_instant(r.registration_deadline)),
        language(r.language),
        min_p(r.min_participants),
        capacity(r.capacity),
        digital(r.digital),
        waiting(r.waiting_list_enabled),
        staff_only(r.staff_registration_only) {
    if (r.location) {
      lname = r.location->name;
      laddr = r.location->address;
      lpost = r.location->postal_code;
      lplace = r.location->postal_place;
      lmun = r.location->municipality_number;
      loc = soci::i_ok;
      mun = lmun.empty() ? soci::i_null : soci::i_ok;
    }
  }
};

class SqlRunAuthoringStore final : public RunAuthoringStore {
 public:
  explicit SqlRunAuthoringStore(Database& db) : db_(db), text_(make_text_index(db.engine())) {}

  Result<EditableRun> create_run(const Run& run, std::int64_t account_id, Instant at,
                                 const RunInSameTransaction& also) override {
    return db_.transact(TxKind::Write, [&](Tx& tx) -> Result<EditableRun> {
      soci::session& sql = session_of(tx);
      // First the catalogue's version row: on PostgreSQL its lock makes
      // concurrent writers take turns, so each reads the other's new ids.
      bump_catalogue(sql);
      auto course = read_course(sql, run.course_id);
      if (!course) return not_found("course_form.error.not_found", "no such course");
      long long id = 0;
      sql << "SELECT coalesce(max(id), 0) + 1 FROM run", soci::into(id);
      RunColumns v(run);
      long long course_id = run.course_id;
      sql << "INSERT INTO run (id, course_id, state, min_participants, capacity, "
             "registration_deadline, digital, language, waiting_list_enabled, location_name, "
             "location_address, location_postal_code, location_postal_place, "
             "location_municipality, staff_registration_only) VALUES (:id, :course, :state, "
             ":min, :cap, :deadline, :digital, :lang, :waiting, :lname, :laddr, :lpost, "
             ":lplace, :lmun, :staff_only)",
          soci::use(id), soci::use(course_id), soci::use(v.state), soci::use(v.min_p),
          soci::use(v.capacity), soci::use(v.deadline), soci::use(v.digital), soci::use(v.language),
          soci::use(v.waiting), soci::use(v.lname, v.loc), soci::use(v.laddr, v.loc),
          soci::use(v.lpost, v.loc), soci::use(v.lplace, v.loc), soci::use(v.lmun, v.mun),
          soci::use(v.staff_only);
      for (const auto& s : run.sessions) insert_session(sql, id, s);
      text_->put(sql, course_text(sql, course->course));
      add_history(sql, kRunHistory, id, 1, account_id, at, {"created"});
      auto out = load(sql, id);
      if (!out) return unavailable("the run just written is gone");
      if (also)
        if (auto s = also(tx, *out); !s) return s.error();
      return std::move(*out);
    });
  }

  Result<EditableRun> save_run(const Run& run, std::int64_t expected_version,
                               std::int64_t account_id, Instant at,
                               const RunInSameTransaction& also) override {
    return db_.transact(TxKind::Write, [&](Tx& tx) -> Result<EditableRun> {
      soci::session& sql = session_of(tx);
      bump_catalogue(sql);
      // The run's lock, as a sign-up takes it (SQLite's write transaction is
      // one at a time already): the seats counted below, and a cancellation's
      // list of whom to tell, are then those no sign-up can change until commit.
      if (db_.engine() == Engine::Postgres) {
        long long rid = run.id;
        sql << "SELECT id FROM run WHERE id = :id FOR UPDATE", soci::use(rid);
      }
      auto stored = load(sql, run.id);
      if (!stored) return not_found("run_form.error.not_found", "no such run");
      if (stored->version != expected_version)
        return conflict("run_form.error.conflict", "the run was saved by another");
      if (run.capacity < stored->confirmed)
        return refused("capacity", "capacity_below_taken", "capacity below the seats taken");
      const auto& before = stored->run.sessions;
      for (std::size_t i = run.sessions.size(); i < before.size(); ++i)
        if (has_attendance(sql, before[i].id))
          return refused("sessions", "session_has_attendance", "a dropped session has attendance");
      // A save that changes nothing is no new version (and no history row).
      kursbase::Run as_stored = run;
      for (std::size_t i = 0; i < as_stored.sessions.size() && i < before.size(); ++i)
        as_stored.sessions[i].id = before[i].id;
      if (changed_run_fields(stored->run, as_stored).empty()) return std::move(*stored);
      if (update_run(sql, run, expected_version) != 1)
        return conflict("run_form.error.conflict", "the run was saved by another");
      for (std::size_t i = 0; i < run.sessions.size(); ++i) {
        if (i < before.size())
          update_session(sql, before[i].id, run.sessions[i]);
        else
          insert_session(sql, run.id, run.sessions[i]);
      }
      for (std::size_t i = run.sessions.size(); i < before.size(); ++i) {
        long long sid = before[i].id;
        sql << "DELETE FROM run_session WHERE id = :id", soci::use(sid);
      }
      if (auto course = read_course(sql, stored->run.course_id))
        text_->put(sql, course_text(sql, course->course));
      const std::int64_t version = expected_version + 1;
      auto saved = load(sql, run.id);
      if (!saved) return unavailable("the run just written is gone");
      add_history(sql, kRunHistory, run.id, version, account_id, at,
                  changed_run_fields(stored->run, saved->run));
      if (also)
        if (auto s = also(tx, *saved); !s) return s.error();
      return std::move(*saved);
    });
  }

  Result<std::optional<EditableRun>> run_for_editing(RunId id) override {
    return db_.transact(TxKind::Read, [&](Tx& tx) -> Result<std::optional<EditableRun>> {
      return load(session_of(tx), id);
    });
  }

  Result<std::vector<EditableRun>> runs_of_course(CourseId id) override {
    return db_.transact(TxKind::Read, [&](Tx& tx) -> Result<std::vector<EditableRun>> {
      soci::session& sql = session_of(tx);
      std::vector<EditableRun> out;
      for (auto& lr : load_runs(sql, kAnyRunOfCourse, (long long)id))
        out.push_back(editable(sql, std::move(lr)));
      return out;
    });
  }

  Result<std::vector<RunHistoryEntry>> run_history(RunId id) override {
    return db_.transact(TxKind::Read, [&](Tx& tx) -> Result<std::vector<RunHistoryEntry>> {
      return read_history(session_of(tx), kRunHistory, id);
    });
  }

 private:
  static Error refused(const char* field, const char* key, const char* detail) {
    return invalid_input("run_form.error.invalid", detail,
                         {{field, std::string("run_form.error.") + key}});
  }

  static void bump_catalogue(soci::session& sql) {
    sql << "UPDATE catalogue_state SET version = version + 1 WHERE id = 1";
  }

  static EditableRun editable(soci::session& sql, LoadedRun lr) {
    EditableRun out;
    long long id = lr.listing.run.id, version = 1;
    sql << "SELECT version FROM run WHERE id = :id", soci::use(id), soci::into(version);
    out.run = std::move(lr.listing.run);
    out.confirmed = lr.listing.confirmed;
    out.waitlisted = static_cast<int>(lr.waitlisted);
    long long awaiting = 0;
    sql << "SELECT count(*) FROM enrollment WHERE run_id = :id AND status = 'awaiting_referral'",
        soci::use(id), soci::into(awaiting);
    out.awaiting_referral = static_cast<int>(awaiting);
    out.version = version;
    return out;
  }

  static std::optional<EditableRun> load(soci::session& sql, RunId id) {
    auto runs = load_runs(sql, kAnyRunById, (long long)id);
    if (runs.empty()) return std::nullopt;
    return editable(sql, std::move(runs.front()));
  }

  static bool has_attendance(soci::session& sql, std::int64_t session_id) {
    long long sid = session_id, n = 0;
    sql << "SELECT count(*) FROM attendance WHERE session_id = :id", soci::use(sid), soci::into(n);
    return n > 0;
  }

  static void insert_session(soci::session& sql, long long run_id, const Session& s) {
    long long id = 0;
    sql << "SELECT coalesce(max(id), 0) + 1 FROM run_session", soci::into(id);
    const std::string starts = format_instant(s.starts_at), ends = format_instant(s.ends_at);
    sql << "INSERT INTO run_session (id, run_id, starts_at, ends_at) VALUES (:id, :run, "
           ":starts, :ends)",
        soci::use(id), soci::use(run_id), soci::use(starts), soci::use(ends);
  }

  static void update_session(soci::session& sql, long long id, const Session& s) {
    const std::string starts = format_instant(s.starts_at), ends = format_instant(s.ends_at);
    sql << "UPDATE run_session SET starts_at = :starts, ends_at = :ends WHERE id = :id",
        soci::use(starts), soci::use(ends), soci::use(id);
  }

  // The number of rows changed: 0 when the version moved meanwhile.
  static long long update_run(soci::session& sql, const Run& run, std::int64_t expected) {
    RunColumns v(run);
    long long id = run.id, version = expected;
    soci::statement st =
        (sql.prepare << "UPDATE run SET state = :state, min_participants = :min, capacity = "
                        ":cap, registration_deadline = :deadline, digital = :digital, language = "
                        ":lang, waiting_list_enabled = :waiting, location_name = :lname, "
                        "location_address = :laddr, location_postal_code = :lpost, "
                        "location_postal_place = :lplace, location_municipality = :lmun, "
                        "staff_registration_only = :staff_only, version = version + 1 WHERE id "
                        "= :id AND version = :version",
         soci::use(v.state), soci::use(v.min_p), soci::use(v.capacity), soci::use(v.deadline),
         soci::use(v.digital), soci::use(v.language), soci::use(v.waiting),
         soci::use(v.lname, v.loc), soci::use(v.laddr, v.loc), soci::use(v.lpost, v.loc),
         soci::use(v.lplace, v.loc), soci::use(v.lmun, v.mun), soci::use(v.staff_only),
         soci::use(id), soci::use(version));
    st.execute(true);
    return st.get_affected_rows();
  }

  Database& db_;
  std::unique_ptr<TextIndex> text_;
};

}  // namespace

std::unique_ptr<RunAuthoringStore> make_run_authoring_store(Database& db) {
  return std::make_unique<SqlRunAuthoringStore>(db);
}

}  // namespace kursbase::store
