// The enrollment store on SOCI, shared by SQLite and PostgreSQL. Every change
// of seats runs in one write transaction that first locks the run: SQLite's
// BEGIN IMMEDIATE already holds the database's write lock; on PostgreSQL the
// run row is locked with SELECT … FOR UPDATE, so concurrent sign-ups for one
// run (from any number of servers) queue there and see each other's counts.
#include <algorithm>
#include <unordered_map>

#include "domain/enrollment/referral_request.hpp"
#include "store/engine/connection.hpp"
#include "store/engine/database.hpp"
#include "store/engine/statement_cache.hpp"
#include "store/enrollment_store.hpp"
#include "store/sql/enrollment_rows.hpp"
#include "store/sql/row_values.hpp"
#include "store/sql/run_row.hpp"

namespace kursbase::store {
namespace {

constexpr const char* kRunSeats =
    "SELECT r.id, r.course_id, r.state, r.min_participants, r.capacity, "
    "r.registration_deadline, r.waiting_list_enabled, r.confirmed_count, r.waitlisted_count, "
    "r.promotion_mode, r.offer_reply_hours, r.registers_in_record, c.referral_required, "
    "c.title, r.digital, r.location_name, r.location_address, r.location_postal_code, "
    "r.location_postal_place, r.staff_registration_only, o.name, c.contact_email, "
    "c.contact_phone, c.fee_nok, c.no_show_fee_nok, c.what_to_bring, c.text_language "
    "FROM run r JOIN course c ON c.id = r.course_id JOIN organisation o ON o.id = c.owner_id "
    "WHERE r.id = :id";
constexpr const char* kLockSuffixPostgres = " FOR UPDATE OF r";
constexpr const char* kCourseTitles =
    "SELECT t.language, t.title FROM run r JOIN course_translation t ON t.course_id = "
    "r.course_id WHERE r.id = :id ORDER BY t.language";
constexpr const char* kRunSessions =
    "SELECT id, starts_at, ends_at FROM run_session WHERE run_id = :id ORDER BY starts_at";

// Where-clauses after kEnrollmentRowFrom (constants: no user input).
constexpr const char* kById = "WHERE e.id = :p";
constexpr const char* kByToken = "WHERE e.manage_token_hash = :p";
constexpr const char* kLiveByIdentity =
    "WHERE e.run_id = :r AND e.identity_hash = :p AND e.status <> 'cancelled'";
constexpr const char* kRosterOfRun =
    "WHERE e.run_id = :p AND e.status IN ('confirmed', 'offered', 'waitlisted') ORDER BY "
    "CASE WHEN e.status = 'waitlisted' THEN 1 ELSE 0 END, e.waitlist_position, p.name, e.id";
constexpr const char* kAwaitingReferralOfRun =
    "WHERE e.run_id = :p AND e.status = 'awaiting_referral' ORDER BY e.created_at, e.id";
constexpr const char* kFirstWaiting =
    "WHERE e.run_id = :p AND e.status = 'waitlisted' ORDER BY e.waitlist_position LIMIT 1";
constexpr const char* kWaitingOfRun =
    "WHERE e.run_id = :p AND e.status = 'waitlisted' ORDER BY e.waitlist_position";
constexpr const char* kExpiredOffers =
    "WHERE e.status = 'offered' AND e.offer_expires_at < :p ORDER BY e.offer_expires_at";

constexpr const char* kInsertPerson =
    "INSERT INTO person (name, email, mobile, national_id_sealed, national_id_lookup, "
    "created_at) VALUES (:name, :email, :mobile, :sealed, :lookup, :now) RETURNING id";
constexpr const char* kInsertEnrollment =
    "INSERT INTO enrollment (run_id, person_id, kind, accompanies_id, accompanies_name, status, "
    "waitlist_position, identity_hash, manage_token_hash, interpreter_language, needs, source, "
    "registered_by, referral_date, referring_doctor, referring_doctor_hpr, consent_text, "
    "created_at, updated_at, manage_token_sealed, language) "
    "VALUES (:run, :person, :kind, :accompanies, :accompanies_name, :status, :position, "
    ":identity, :token, :interpreter, :needs, :source, :registered_by, :referral_date, "
    ":doctor, :hpr, :consent, :now, :now2, :token_sealed, :language) RETURNING id";
constexpr const char* kSetCounts =
    "UPDATE run SET confirmed_count = :taken, waitlisted_count = :waiting WHERE id = :id";
constexpr const char* kShiftUp =
    "UPDATE enrollment SET waitlist_position = waitlist_position - 1, updated_at = :now "
    "WHERE run_id = :run AND status = 'waitlisted' AND waitlist_position > :pos";

struct RunSeatsVars {
  long long param = 0;
  RunCoreRow core;
  int waiting = 0, taken = 0, waitlisted = 0, hours = 0, referral = 0, in_record = 0, digital = 0,
      staff_only = 0, fee = 0, no_show_fee = 0;
  std::string mode, title, lname, laddr, lpost, lplace, organiser, contact_email, contact_phone,
      bring, text_language;
  soci::indicator in_record_ind = soci::i_null, lname_ind = soci::i_null, laddr_ind = soci::i_null,
                  lpost_ind = soci::i_null, lplace_ind = soci::i_null, fee_ind = soci::i_null,
                  no_show_ind = soci::i_null;
};

struct SessionVars {
  long long param = 0, id = 0;
  std::string starts, ends;
};

std::optional<RunSeats> load_run_seats(soci::session& sql, RunId run_id, bool lock, Engine engine) {
  RunSeats s;
  static const std::string plain = kRunSeats, locked = plain + kLockSuffixPostgres;
  auto& q =
      statements(sql).get<RunSeatsVars>(lock && engine == Engine::Postgres ? locked : plain,
                                        [](RunSeatsVars& v, soci::statement& st) {
                                          st.exchange(soci::use(v.param, "id"));
                                          v.core.bind(st);
                                          st.exchange(soci::into(v.waiting));
                                          st.exchange(soci::into(v.taken));
                                          st.exchange(soci::into(v.waitlisted));
                                          st.exchange(soci::into(v.mode));
                                          st.exchange(soci::into(v.hours));
                                          st.exchange(soci::into(v.in_record, v.in_record_ind));
                                          st.exchange(soci::into(v.referral));
                                          st.exchange(soci::into(v.title));
                                          st.exchange(soci::into(v.digital));
                                          st.exchange(soci::into(v.lname, v.lname_ind));
                                          st.exchange(soci::into(v.laddr, v.laddr_ind));
                                          st.exchange(soci::into(v.lpost, v.lpost_ind));
                                          st.exchange(soci::into(v.lplace, v.lplace_ind));
                                          st.exchange(soci::into(v.staff_only));
                                          st.exchange(soci::into(v.organiser));
                                          st.exchange(soci::into(v.contact_email));
                                          st.exchange(soci::into(v.contact_phone));
                                          st.exchange(soci::into(v.fee, v.fee_ind));
                                          st.exchange(soci::into(v.no_show_fee, v.no_show_ind));
                                          st.exchange(soci::into(v.bring));
                                          st.exchange(soci::into(v.text_language));
                                        });
  q.vars.param = run_id;
  if (!q.run()) return std::nullopt;
  const RunSeatsVars& v = q.vars;
  Run& r = s.run;
  v.core.fill(r);
  r.waiting_list_enabled = v.waiting != 0;
  r.digital = v.digital != 0;
  r.staff_registration_only = v.staff_only != 0;
  auto text = [](const std::string& t, soci::indicator ind) {
    return ind == soci::i_ok ? t : std::string();
  };
  if (v.lname_ind == soci::i_ok)
    r.location = Location{v.lname, text(v.laddr, v.laddr_ind), text(v.lpost, v.lpost_ind),
                          text(v.lplace, v.lplace_ind), std::string()};
  s.course_id = v.core.course_id;
  s.course_title = v.title;
  s.course_text_language = v.text_language;
  s.seats_taken = v.taken;
  s.waitlisted = v.waitlisted;
  s.promotion_mode = key_or(v.mode, PromotionMode::Automatic);
  s.offer_reply_hours = v.hours;
  s.registers_in_record = v.in_record_ind == soci::i_ok ? std::optional<bool>(v.in_record != 0)
                                                        : std::optional<bool>(v.referral != 0);
  s.referral_required = v.referral != 0;
  s.organiser = v.organiser;
  s.contact_email = v.contact_email;
  s.contact_phone = v.contact_phone;
  if (v.fee_ind == soci::i_ok) s.practical.fee_nok = v.fee;
  if (v.no_show_ind == soci::i_ok) s.practical.no_show_fee_nok = v.no_show_fee;
  s.practical.what_to_bring = v.bring;
  auto& sessions =
      statements(sql).get<SessionVars>(kRunSessions, [](SessionVars& v, soci::statement& st) {
        st.exchange(soci::use(v.param, "id"));
        st.exchange(soci::into(v.id));
        st.exchange(soci::into(v.starts));
        st.exchange(soci::into(v.ends));
      });
  sessions.vars.param = run_id;
  sessions.each([&](const SessionVars& row) {
    r.sessions.push_back({row.id, instant_or_epoch(row.starts), instant_or_epoch(row.ends)});
  });
  struct TitleVars {
    long long param = 0;
    std::string language, title;
  };
  auto& titles =
      statements(sql).get<TitleVars>(kCourseTitles, [](TitleVars& v, soci::statement& st) {
        st.exchange(soci::use(v.param, "id"));
        st.exchange(soci::into(v.language));
        st.exchange(soci::into(v.title));
      });
  titles.vars.param = run_id;
  titles.each([&](const TitleVars& row) {
    s.course_translations.push_back({row.language, row.title, {}, {}});
  });
  return s;
}

template <class P>
struct EnrollmentQueryVars {
  P param{};
  long long run = 0;
  EnrollmentRow row;
};

// Loads the enrollments selected by `where` (bound :p, and :r when given:
// a where-clause is always used with or always without a run).
template <class P>
std::vector<EnrollmentRecord> load_enrollments(soci::session& sql, const char* where, P param,
                                               std::optional<long long> run = std::nullopt) {
  std::vector<EnrollmentRecord> out;
  auto& q = statements(sql).get<EnrollmentQueryVars<P>>(
      std::string("SELECT ") + kEnrollmentRowColumns + kEnrollmentRowFrom + where,
      [&](EnrollmentQueryVars<P>& v, soci::statement& st) {
        if (run) st.exchange(soci::use(v.run, "r"));
        st.exchange(soci::use(v.param, "p"));
        v.row.bind(st);
      });
  q.vars.param = std::move(param);
  q.vars.run = run.value_or(0);
  q.each([&](const EnrollmentQueryVars<P>& v) { out.push_back(v.row.record()); });
  return out;
}

std::optional<EnrollmentRecord> load_one(soci::session& sql, const char* where, long long id) {
  auto v = load_enrollments(sql, where, id);
  if (v.empty()) return std::nullopt;
  return std::move(v.front());
}

struct CountsVars {
  int taken = 0, waiting = 0;
  long long id = 0;
};

void write_counts(soci::session& sql, const RunSeats& s) {
  auto& q = statements(sql).get<CountsVars>(kSetCounts, [](CountsVars& v, soci::statement& st) {
    st.exchange(soci::use(v.taken, "taken"));
    st.exchange(soci::use(v.waiting, "waiting"));
    st.exchange(soci::use(v.id, "id"));
  });
  q.vars = {s.seats_taken, s.waitlisted, s.run.id};
  q.run();
}

struct PersonVars {
  std::string name, email, mobile, sealed, lookup, now;
  soci::indicator sealed_ind = soci::i_null, lookup_ind = soci::i_null;
  long long id = 0;
};

struct EnrollmentVars {
  long long run = 0, person = 0, accompanies = 0, registered_by = 0, id = 0;
  int position = 0;
  std::string kind, accompanies_name, status, identity, token, interpreter, needs, source,
      referral_date, doctor, hpr, consent, now, token_sealed, language;
  soci::indicator accompanies_ind = soci::i_null, position_ind = soci::i_null,
                  registered_by_ind = soci::i_null, referral_date_ind = soci::i_null,
                  token_sealed_ind = soci::i_null;
};

soci::indicator null_if(bool absent) { return absent ? soci::i_null : soci::i_ok; }

// Inserts a person and an enrollment with the seat decision; updates `seats`.
EnrollmentRecord insert_enrollment(soci::session& sql, RunSeats& seats, const NewEnrollment& n,
                                   const SeatDecision& decision,
                                   std::optional<EnrollmentId> accompanies, Instant now) {
  const std::string now_text = format_instant(now);
  auto& person =
      statements(sql).get<PersonVars>(kInsertPerson, [](PersonVars& v, soci::statement& st) {
        st.exchange(soci::use(v.name, "name"));
        st.exchange(soci::use(v.email, "email"));
        st.exchange(soci::use(v.mobile, "mobile"));
        st.exchange(soci::use(v.sealed, v.sealed_ind, "sealed"));
        st.exchange(soci::use(v.lookup, v.lookup_ind, "lookup"));
        st.exchange(soci::use(v.now, "now"));
        st.exchange(soci::into(v.id));
      });
  {
    PersonVars& v = person.vars;
    v.name = n.person.name;
    v.email = n.person.email;
    v.mobile = n.person.mobile;
    v.sealed = n.person.national_id_sealed;
    v.sealed_ind = null_if(v.sealed.empty());
    v.lookup = n.person.national_id_lookup;
    v.lookup_ind = null_if(v.lookup.empty());
    v.now = now_text;
  }
  person.run();
  const long long person_id = person.vars.id;

  auto& insert = statements(sql).get<EnrollmentVars>(
      kInsertEnrollment, [](EnrollmentVars& v, soci::statement& st) {
        st.exchange(soci::use(v.run, "run"));
        st.exchange(soci::use(v.person, "person"));
        st.exchange(soci::use(v.kind, "kind"));
        st.exchange(soci::use(v.accompanies, v.accompanies_ind, "accompanies"));
        st.exchange(soci::use(v.accompanies_name, "accompanies_name"));
        st.exchange(soci::use(v.status, "status"));
        st.exchange(soci::use(v.position, v.position_ind, "position"));
        st.exchange(soci::use(v.identity, "identity"));
        st.exchange(soci::use(v.token, "token"));
        st.exchange(soci::use(v.interpreter, "interpreter"));
        st.exchange(soci::use(v.needs, "needs"));
        st.exchange(soci::use(v.source, "source"));
        st.exchange(soci::use(v.registered_by, v.registered_by_ind, "registered_by"));
        st.exchange(soci::use(v.referral_date, v.referral_date_ind, "referral_date"));
        st.exchange(soci::use(v.doctor, "doctor"));
        st.exchange(soci::use(v.hpr, "hpr"));
        st.exchange(soci::use(v.consent, "consent"));
        st.exchange(soci::use(v.now, "now"));
        st.exchange(soci::use(v.now, "now2"));
        st.exchange(soci::use(v.token_sealed, v.token_sealed_ind, "token_sealed"));
        st.exchange(soci::use(v.language, "language"));
        st.exchange(soci::into(v.id));
      });
  {
    EnrollmentVars& v = insert.vars;
    v.run = seats.run.id;
    v.person = person_id;
    v.kind = key_of(n.kind);
    v.accompanies = accompanies.value_or(0);
    v.accompanies_ind = null_if(!accompanies);
    v.accompanies_name = n.accompanies_name;
    v.status = key_of(decision.status);
    v.position = decision.waitlist_position.value_or(0);
    v.position_ind = null_if(!decision.waitlist_position);
    v.identity = n.identity_hash;
    v.token = n.manage_token_hash;
    v.interpreter = n.interpreter_language;
    v.needs = n.needs;
    v.source = key_of(n.source);
    v.registered_by = n.registered_by.value_or(0);
    v.registered_by_ind = null_if(!n.registered_by);
    v.referral_date = n.referral_date ? format_day(*n.referral_date) : "";
    v.referral_date_ind = null_if(!n.referral_date);
    v.doctor = n.referring_doctor;
    v.hpr = n.referring_doctor_hpr;
    v.consent = n.consent_text;
    v.now = now_text;
    v.token_sealed = n.manage_token_sealed;
    v.token_sealed_ind = null_if(v.token_sealed.empty());
    v.language = n.language;
  }
  insert.run();
  const long long id = insert.vars.id;
  if (holds_seat(decision.status)) ++seats.seats_taken;
  if (decision.status == EnrollmentStatus::Waitlisted) ++seats.waitlisted;

  EnrollmentRecord rec;
  rec.id = id;
  rec.run_id = seats.run.id;
  rec.person = n.person;
  rec.person.id = person_id;
  rec.kind = n.kind;
  rec.status = decision.status;
  rec.waitlist_position = decision.waitlist_position;
  rec.accompanies_id = accompanies;
  rec.accompanies_name = n.accompanies_name;
  rec.interpreter_language = n.interpreter_language;
  rec.needs = n.needs;
  rec.language = n.language;
  rec.source = n.source;
  rec.referral_date = n.referral_date;
  rec.referring_doctor = n.referring_doctor;
  rec.referring_doctor_hpr = n.referring_doctor_hpr;
  rec.created_at = now;
  rec.manage_token_sealed = n.manage_token_sealed;
  return rec;
}

// Gives free seats to the first in line (confirmed, or offered with a
// deadline, by the run's mode), closing the list's gaps. Returns them in order.
std::vector<EnrollmentRecord> fill_seats(soci::session& sql, RunSeats& seats, Instant now) {
  std::vector<EnrollmentRecord> promoted;
  // A seat freed on a cancelled run is no seat: nobody is promoted to it (and
  // told "you got a seat" for a course that will not be held).
  if (seats.run.state != RunState::Open) return promoted;
  const long long run_id = seats.run.id;
  const std::string now_text = format_instant(now);
  for (int due = promotions_due(seats.run.capacity, seats.seats_taken, seats.waitlisted); due > 0;
       --due) {
    auto first = load_one(sql, kFirstWaiting, run_id);
    if (!first) break;
    const int position = first->waitlist_position.value_or(1);
    const long long id = first->id;
    if (seats.promotion_mode == PromotionMode::Offer) {
      const Instant expires = now + std::chrono::hours(seats.offer_reply_hours);
      const std::string expires_text = format_instant(expires);
      sql << "UPDATE enrollment SET status = 'offered', waitlist_position = NULL, "
             "offer_expires_at = :exp, updated_at = :now WHERE id = :id",
          soci::use(expires_text, "exp"), soci::use(now_text, "now"), soci::use(id, "id");
      first->status = EnrollmentStatus::Offered;
      first->offer_expires_at = expires;
    } else {
      sql << "UPDATE enrollment SET status = 'confirmed', waitlist_position = NULL, "
             "updated_at = :now WHERE id = :id",
          soci::use(now_text, "now"), soci::use(id, "id");
      first->status = EnrollmentStatus::Confirmed;
    }
    first->waitlist_position.reset();
    sql << kShiftUp, soci::use(now_text, "now"), soci::use(run_id, "run"),
        soci::use(position, "pos");
    ++seats.seats_taken;
    --seats.waitlisted;
    // Read again: the trigger of 0011 moved its calendar_sequence.
    auto fresh = load_one(sql, kById, id);
    promoted.push_back(fresh ? std::move(*fresh) : std::move(*first));
  }
  return promoted;
}

// Takes `e` off its seat or the list (status cancelled); updates `seats`.
void release(soci::session& sql, RunSeats& seats, const EnrollmentRecord& e, Instant now) {
  const std::string now_text = format_instant(now);
  const long long id = e.id;
  const long long run_id = seats.run.id;
  sql << "UPDATE enrollment SET status = 'cancelled', waitlist_position = NULL, "
         "offer_expires_at = NULL, cancelled_at = :now, updated_at = :now2 WHERE id = :id",
      soci::use(now_text, "now"), soci::use(now_text, "now2"), soci::use(id, "id");
  if (holds_seat(e.status)) {
    --seats.seats_taken;
  } else if (e.status == EnrollmentStatus::Waitlisted && e.waitlist_position) {
    const int position = *e.waitlist_position;
    sql << kShiftUp, soci::use(now_text, "now"), soci::use(run_id, "run"),
        soci::use(position, "pos");
    --seats.waitlisted;
  }
}

Error run_not_found() { return not_found("enrollment.error.run_not_found", "no such run"); }

class SqlEnrollmentStore final : public EnrollmentStore {
 public:
  explicit SqlEnrollmentStore(Database& db) : db_(db) {}

  Result<SignUpOutcome> sign_up(const SignUpRequest& req, const ComposeSignUp& compose) override {
    return db_.transact(TxKind::Write, [&](Tx& tx) -> Result<SignUpOutcome> {
      soci::session& sql = session_of(tx);
      // Before the run's lock, as count_sign_up_attempt takes it: one order.
      for (const auto& a : req.attempts)
        if (count_attempt(sql, a) > a.limit) return sign_up_rate_limited();
      auto seats = load_run_seats(sql, req.run_id, true, db_.engine());
      if (!seats || seats->run.state == RunState::Draft) return run_not_found();
      SignUpOutcome out;
      // Under the run's lock: a double submit finds the first one here.
      const long long run_id = req.run_id;
      auto status = run_status(seats->run, seats->seats_taken, req.now);
      if (req.ignore_deadline && status == RunStatus::Closed)
        status = seats->seats_taken >= seats->run.capacity ? RunStatus::Full : RunStatus::Open;
      // Refused before the person is looked up: a run that refuses a new
      // sign-up answers a repeated one the same way, so the answer does not
      // tell whether someone is enrolled (issue 11).
      if (auto key = refusal_key(status, seats->run.waiting_list_enabled); !key.empty())
        return conflict(std::string(key), "run refuses sign-ups");
      auto existing = load_enrollments(sql, kLiveByIdentity, req.main.identity_hash, run_id);
      if (!existing.empty()) {
        out.main = std::move(existing.front());
        out.existing = true;
        std::string last;
        soci::indicator last_ind = soci::i_null;
        const long long id = out.main.id;
        sql << "SELECT max(created_at) FROM outbox WHERE enrollment_id = :e AND "
               "kind = 'link_resent'",
            soci::use(id, "e"), soci::into(last, last_ind);
        if (last_ind == soci::i_ok)
          if (auto at = parse_instant(last)) out.link_resent_at = *at;
        out.seats = std::move(*seats);
        // The link again, to the contact on file, when the caller's compose says so.
        if (compose)
          for (auto& m : compose(out)) insert_outbox(tx, std::move(m), req.now);
        return out;
      }

      // A request for a referral course takes no seat (referral_request.hpp);
      // the relative coming along follows the same rule.
      auto decide = [&]() {
        return decide_new_enrollment(req.main.source, seats->referral_required,
                                     seats->run.staff_registration_only,
                                     {seats->run.capacity, seats->seats_taken, seats->waitlisted,
                                      seats->run.waiting_list_enabled});
      };
      auto main_seat = decide();
      if (!main_seat) return main_seat.error();
      out.main = insert_enrollment(sql, *seats, req.main, *main_seat, std::nullopt, req.now);
      if (req.relative) {
        auto rel_existing =
            load_enrollments(sql, kLiveByIdentity, req.relative->identity_hash, run_id);
        if (rel_existing.empty()) {
          auto rel_seat = decide();
          if (rel_seat)
            out.relative =
                insert_enrollment(sql, *seats, *req.relative, *rel_seat, out.main.id, req.now);
        }
      }
      write_counts(sql, *seats);
      out.seats = std::move(*seats);
      // As stored, with the calendar_sequence the run's counter gives it (0011).
      if (auto fresh = load_one(sql, kById, out.main.id)) out.main = std::move(*fresh);
      if (out.relative)
        if (auto fresh = load_one(sql, kById, out.relative->id)) out.relative = std::move(*fresh);
      if (compose)
        for (auto& m : compose(out)) insert_outbox(tx, std::move(m), req.now);
      return out;
    });
  }

  Result<std::optional<EnrollmentRecord>> find(EnrollmentId id) override {
    return db_.transact(TxKind::Read, [&](Tx& tx) -> Result<std::optional<EnrollmentRecord>> {
      soci::session& sql = session_of(tx);
      return load_one(sql, kById, id);
    });
  }

  Result<std::optional<EnrollmentRecord>> find_by_token(const std::string& hash) override {
    return db_.transact(TxKind::Read, [&](Tx& tx) -> Result<std::optional<EnrollmentRecord>> {
      soci::session& sql = session_of(tx);
      auto v = load_enrollments(sql, kByToken, hash);
      if (v.empty()) return std::optional<EnrollmentRecord>();
      return std::optional<EnrollmentRecord>(std::move(v.front()));
    });
  }

  Result<RunSeats> run_seats(RunId run_id) override {
    return db_.transact(TxKind::Read, [&](Tx& tx) -> Result<RunSeats> {
      soci::session& sql = session_of(tx);
      auto s = load_run_seats(sql, run_id, false, db_.engine());
      if (!s) return run_not_found();
      return std::move(*s);
    });
  }

  // Runs `fn(sql, seats, enrollment)` under the run lock of enrollment `id`.
  template <class F>
  Result<EnrollmentChange> change(EnrollmentId id, Instant now, const ComposeChange& compose,
                                  F&& fn) {
    return db_.transact(TxKind::Write, [&](Tx& tx) -> Result<EnrollmentChange> {
      soci::session& sql = session_of(tx);
      long long run_id = 0;
      const long long eid = id;
      sql << "SELECT run_id FROM enrollment WHERE id = :id", soci::use(eid, "id"),
          soci::into(run_id);
      if (!sql.got_data()) return not_found("enrollment.error.not_found", "no such enrollment");
      auto seats = load_run_seats(sql, run_id, true, db_.engine());
      if (!seats) return run_not_found();
      auto e = load_one(sql, kById, eid);  // re-read under the lock
      if (!e) return not_found("enrollment.error.not_found", "no such enrollment");
      EnrollmentChange ch;
      if (auto s = fn(sql, *seats, *e, ch); !s) return s.error();
      ch.seats = std::move(*seats);
      if (!ch.no_op) {
        // Read the changed enrollment again, as stored: its status change
        // moved calendar_sequence (a trigger, 0011), which the messages carry.
        if (ch.changed)
          if (auto fresh = load_one(sql, kById, ch.changed->id)) ch.changed = std::move(*fresh);
        write_counts(sql, ch.seats);
        if (compose)
          for (auto& m : compose(ch)) insert_outbox(tx, std::move(m), now);
      }
      return ch;
    });
  }

  Result<EnrollmentChange> cancel(EnrollmentId id, Instant now,
                                  const ComposeChange& compose) override {
    return change(id, now, compose,
                  [&](soci::session& sql, RunSeats& seats, EnrollmentRecord& e,
                      EnrollmentChange& ch) -> Status {
                    if (e.status == EnrollmentStatus::Cancelled) {
                      ch.no_op = true;
                      ch.changed = e;
                      return ok_status();
                    }
                    release(sql, seats, e, now);
                    e.status = EnrollmentStatus::Cancelled;
                    e.waitlist_position.reset();
                    e.offer_expires_at.reset();
                    ch.changed = e;
                    ch.promoted = fill_seats(sql, seats, now);
                    return ok_status();
                  });
  }

  Result<EnrollmentChange> cancel_by_staff(EnrollmentId id, const std::string& reason,
                                           std::int64_t account_id, Instant now,
                                           const ComposeChange& compose) override {
    if (reason.empty())
      return invalid_input("waiting_list.error.reason_missing", "cancel without a reason");
    return change(id, now, compose,
                  [&](soci::session& sql, RunSeats& seats, EnrollmentRecord& e,
                      EnrollmentChange& ch) -> Status {
                    ch.changed = e;
                    if (e.status == EnrollmentStatus::Cancelled) {
                      ch.no_op = true;
                      return ok_status();
                    }
                    release(sql, seats, e, now);
                    const long long eid = e.id;
                    const long long by = account_id;
                    const std::string now_text = format_instant(now);
                    sql << "INSERT INTO enrollment_cancellation (enrollment_id, reason, "
                           "account_id, cancelled_at) VALUES (:e, :r, :a, :now)",
                        soci::use(eid, "e"), soci::use(reason, "r"), soci::use(by, "a"),
                        soci::use(now_text, "now");
                    e.status = EnrollmentStatus::Cancelled;
                    e.waitlist_position.reset();
                    e.offer_expires_at.reset();
                    ch.changed = e;
                    ch.promoted = fill_seats(sql, seats, now);
                    return ok_status();
                  });
  }

  Result<EnrollmentChange> accept_offer(EnrollmentId id, Instant now,
                                        const ComposeChange& compose) override {
    return change(id, now, compose,
                  [&](soci::session& sql, RunSeats& seats, EnrollmentRecord& e,
                      EnrollmentChange& ch) -> Status {
                    if (seats.run.state == RunState::Cancelled)
                      return conflict("enrollment.refused.cancelled", "the run is cancelled");
                    if (e.status == EnrollmentStatus::Confirmed) {
                      ch.no_op = true;
                      ch.changed = e;
                      return ok_status();
                    }
                    if (e.status != EnrollmentStatus::Offered)
                      return conflict("enrollment.error.not_offered", "no offer to accept");
                    if (e.offer_expires_at && *e.offer_expires_at < now)
                      return conflict("enrollment.error.offer_expired", "offer expired");
                    const long long eid = e.id;
                    const std::string now_text = format_instant(now);
                    sql << "UPDATE enrollment SET status = 'confirmed', offer_expires_at = NULL, "
                           "updated_at = :now WHERE id = :id",
                        soci::use(now_text, "now"), soci::use(eid, "id");
                    e.status = EnrollmentStatus::Confirmed;
                    e.offer_expires_at.reset();
                    ch.changed = e;
                    return ok_status();
                  });
  }

  Result<EnrollmentChange> confirm_referral(EnrollmentId id, const ReferralReceived& r, Instant now,
                                            const ComposeChange& compose) override {
    return change(
        id, now, compose,
        [&](soci::session& sql, RunSeats& seats, EnrollmentRecord& e,
            EnrollmentChange& ch) -> Status {
          const auto decision =
              confirm_referral_request(e.status, run_status(seats.run, seats.seats_taken, now),
                                       {seats.run.capacity, seats.seats_taken, seats.waitlisted,
                                        seats.run.waiting_list_enabled});
          if (!decision) return decision.error();
          const long long eid = e.id;
          const std::string now_text = format_instant(now), status(key_of(decision->status)),
                            day = format_day(r.referral_date);
          int position = decision->waitlist_position.value_or(0);
          soci::indicator position_ind = decision->waitlist_position ? soci::i_ok : soci::i_null;
          sql << "UPDATE enrollment SET status = :s, waitlist_position = :pos, "
                 "referral_date = :d, referring_doctor = :doc, "
                 "referring_doctor_hpr = :hpr, updated_at = :now WHERE id = :id",
              soci::use(status, "s"), soci::use(position, position_ind, "pos"), soci::use(day, "d"),
              soci::use(r.referring_doctor, "doc"), soci::use(r.referring_doctor_hpr, "hpr"),
              soci::use(now_text, "now"), soci::use(eid, "id");
          if (holds_seat(decision->status)) ++seats.seats_taken;
          if (decision->status == EnrollmentStatus::Waitlisted) ++seats.waitlisted;
          e.status = decision->status;
          e.waitlist_position = decision->waitlist_position;
          e.referral_date = r.referral_date;
          e.referring_doctor = r.referring_doctor;
          e.referring_doctor_hpr = r.referring_doctor_hpr;
          ch.changed = e;
          return ok_status();
        });
  }

  Result<std::vector<EnrollmentChange>> expire_offers(Instant now,
                                                      const ComposeChange& compose) override {
    auto due = db_.transact(TxKind::Read, [&](Tx& tx) -> Result<std::vector<EnrollmentRecord>> {
      soci::session& sql = session_of(tx);
      return load_enrollments(sql, kExpiredOffers, format_instant(now));
    });
    if (!due) return due.error();
    std::vector<EnrollmentChange> out;
    for (const auto& e : *due) {
      auto ch = change(e.id, now, compose,
                       [&](soci::session& sql, RunSeats& seats, EnrollmentRecord& cur,
                           EnrollmentChange& c) -> Status {
                         // Another server may have handled it meanwhile.
                         if (cur.status != EnrollmentStatus::Offered || !cur.offer_expires_at ||
                             *cur.offer_expires_at >= now) {
                           c.no_op = true;
                           return ok_status();
                         }
                         release(sql, seats, cur, now);
                         cur.status = EnrollmentStatus::Cancelled;
                         cur.offer_expires_at.reset();
                         c.changed = cur;
                         c.promoted = fill_seats(sql, seats, now);
                         return ok_status();
                       });
      if (!ch) return ch.error();
      if (!ch->no_op) out.push_back(std::move(*ch));
    }
    return out;
  }

  Result<EnrollmentChange> set_capacity(RunId run_id, int capacity, Instant now,
                                        const ComposeChange& compose) override {
    return db_.transact(TxKind::Write, [&](Tx& tx) -> Result<EnrollmentChange> {
      soci::session& sql = session_of(tx);
      auto seats = load_run_seats(sql, run_id, true, db_.engine());
      if (!seats) return run_not_found();
      if (capacity < seats->seats_taken || capacity < 0)
        return conflict("enrollment.error.capacity_below_taken", "capacity below seats taken");
      const long long id = run_id;
      // The run's change stamp moves with it (0007): no shared version row to bump.
      sql << "UPDATE run SET capacity = :c WHERE id = :id", soci::use(capacity, "c"),
          soci::use(id, "id");
      seats->run.capacity = capacity;
      EnrollmentChange ch;
      ch.promoted = fill_seats(sql, *seats, now);
      write_counts(sql, *seats);
      ch.seats = std::move(*seats);
      if (compose)
        for (auto& m : compose(ch)) insert_outbox(tx, std::move(m), now);
      return ch;
    });
  }

  Status set_promotion_mode(RunId run_id, PromotionMode mode, int offer_reply_hours) override {
    return db_.transact(TxKind::Write, [&](Tx& tx) -> Status {
      soci::session& sql = session_of(tx);
      const long long id = run_id;
      const std::string m(key_of(mode));
      sql << "UPDATE run SET promotion_mode = :m, offer_reply_hours = :h WHERE id = :id",
          soci::use(m, "m"), soci::use(offer_reply_hours, "h"), soci::use(id, "id");
      return ok_status();
    });
  }

  Result<EnrollmentChange> move_on_waiting_list(EnrollmentId id, int new_position,
                                                const std::string& reason, std::int64_t account_id,
                                                Instant now) override {
    return change(id, now, nullptr,
                  [&](soci::session& sql, RunSeats& seats, EnrollmentRecord& e,
                      EnrollmentChange& ch) -> Status {
                    const long long run_id = seats.run.id;
                    std::vector<WaitingEntry> list;
                    for (const auto& w : load_enrollments(sql, kWaitingOfRun, run_id))
                      list.push_back({w.id, w.waitlist_position.value_or(0)});
                    auto moved = move_in_list(list, e.id, new_position, reason);
                    if (!moved) return moved.error();
                    const std::string now_text = format_instant(now);
                    for (const auto& w : *moved) {
                      const long long wid = w.id;
                      sql << "UPDATE enrollment SET waitlist_position = :p, updated_at = :now "
                             "WHERE id = :id AND waitlist_position <> :p2",
                          soci::use(w.position, "p"), soci::use(now_text, "now"),
                          soci::use(wid, "id"), soci::use(w.position, "p2");
                    }
                    const long long eid = e.id;
                    const int from = e.waitlist_position.value_or(0);
                    const long long by = account_id;
                    sql << "INSERT INTO waiting_list_move (enrollment_id, from_position, "
                           "to_position, reason, account_id, moved_at) VALUES (:e, :f, :t, :r, "
                           ":a, :now)",
                        soci::use(eid, "e"), soci::use(from, "f"), soci::use(new_position, "t"),
                        soci::use(reason, "r"), soci::use(by, "a"), soci::use(now_text, "now");
                    e.waitlist_position = new_position;
                    ch.changed = e;
                    return ok_status();
                  });
  }

  RunRoster roster(Tx& tx, RunId run_id) override {
    soci::session& sql = session_of(tx);
    RunRoster r;
    auto seats = load_run_seats(sql, run_id, false, db_.engine());
    if (!seats) return r;
    r.seats = std::move(*seats);
    const long long id = run_id;
    r.enrollments = load_enrollments(sql, kRosterOfRun, id);
    r.awaiting_referral = load_enrollments(sql, kAwaitingReferralOfRun, id);
    long long eid = 0, sid = 0;
    int minutes = 0;
    soci::indicator i_minutes = soci::i_null;
    std::string mark, note;
    soci::statement st =
        (sql.prepare << "SELECT a.enrollment_id, a.session_id, a.mark, a.note, a.minutes_attended "
                        "FROM attendance a "
                        "JOIN enrollment e ON e.id = a.enrollment_id WHERE e.run_id = :id",
         soci::use(id, "id"), soci::into(eid), soci::into(sid), soci::into(mark), soci::into(note),
         soci::into(minutes, i_minutes));
    st.execute();
    while (st.fetch())
      r.attendance.push_back(
          {eid, sid, key_or(mark, AttendanceMark::Unrecorded), note,
           i_minutes == soci::i_ok ? std::optional<int>(minutes) : std::nullopt});
    return r;
  }

  std::vector<WaitingListMove> waiting_list_moves(Tx& tx, RunId run_id) override {
    soci::session& sql = session_of(tx);
    std::vector<WaitingListMove> out;
    const long long id = run_id;
    long long eid = 0;
    int from = 0, to = 0;
    std::string reason, by, at;
    soci::indicator by_ind = soci::i_null;
    soci::statement st =
        (sql.prepare << "SELECT m.enrollment_id, m.from_position, m.to_position, m.reason, "
                        "a.display_name, m.moved_at FROM waiting_list_move m "
                        "JOIN enrollment e ON e.id = m.enrollment_id "
                        "LEFT JOIN staff_account a ON a.id = m.account_id "
                        "WHERE e.run_id = :id ORDER BY m.moved_at, m.id",
         soci::use(id, "id"), soci::into(eid), soci::into(from), soci::into(to), soci::into(reason),
         soci::into(by, by_ind), soci::into(at));
    st.execute();
    while (st.fetch())
      out.push_back(
          {eid, from, to, reason, by_ind == soci::i_ok ? by : std::string(), instant_or_epoch(at)});
    return out;
  }

  Status record_attendance(Tx& tx, RunId run_id, const AttendanceRecord& rec,
                           std::int64_t account_id, Instant now) override {
    soci::session& sql = session_of(tx);
    const long long run = run_id, eid = rec.enrollment_id, sid = rec.session_id;
    int found = 0;
    sql << "SELECT count(*) FROM enrollment e JOIN run_session s ON s.run_id = e.run_id "
           "WHERE e.id = :e AND s.id = :s AND e.run_id = :r AND e.status IN ('confirmed', "
           "'offered')",
        soci::use(eid, "e"), soci::use(sid, "s"), soci::use(run, "r"), soci::into(found);
    if (!found) return not_found("attendance.error.not_found", "enrollment/session not in run");
    if (rec.mark == AttendanceMark::Unrecorded) {
      sql << "DELETE FROM attendance WHERE enrollment_id = :e AND session_id = :s",
          soci::use(eid, "e"), soci::use(sid, "s");
      return ok_status();
    }
    const std::string mark(key_of(rec.mark));
    const std::string now_text = format_instant(now);
    const long long by = account_id;
    int minutes = rec.minutes_attended.value_or(0);
    soci::indicator i_minutes = rec.minutes_attended ? soci::i_ok : soci::i_null;
    sql << "INSERT INTO attendance (enrollment_id, session_id, mark, note, minutes_attended, "
           "recorded_by, recorded_at) VALUES (:e, :s, :m, :n, :min, :b, :t) "
           "ON CONFLICT (enrollment_id, session_id) "
           "DO UPDATE SET mark = excluded.mark, note = excluded.note, "
           "minutes_attended = excluded.minutes_attended, "
           "recorded_by = excluded.recorded_by, recorded_at = excluded.recorded_at",
        soci::use(eid, "e"), soci::use(sid, "s"), soci::use(mark, "m"), soci::use(rec.note, "n"),
        soci::use(minutes, i_minutes, "min"), soci::use(by, "b"), soci::use(now_text, "t");
    return ok_status();
  }

  Result<int> queue_reminders(
      Instant now, int days,
      const std::function<std::optional<OutboxMessage>(const EnrollmentRecord&, const RunSeats&)>&
          compose) override {
    return db_.transact(TxKind::Write, [&](Tx& tx) -> Result<int> {
      soci::session& sql = session_of(tx);
      const std::string from = format_instant(now);
      const std::string to = format_instant(now + std::chrono::days(days));
      std::vector<std::pair<long long, long long>> due;  // enrollment, run
      {
        long long eid = 0, rid = 0;
        soci::statement st =
            (sql.prepare
                 << "SELECT e.id, e.run_id FROM enrollment e JOIN run r ON r.id = e.run_id "
                    "WHERE e.status = 'confirmed' AND r.state = 'open' AND "
                    "(SELECT min(s.starts_at) FROM run_session s WHERE s.run_id = r.id) > :from "
                    "AND (SELECT min(s.starts_at) FROM run_session s WHERE s.run_id = r.id) <= :to "
                    "AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.enrollment_id = e.id AND "
                    "o.kind = 'reminder') ORDER BY e.run_id, e.id",
             soci::use(from, "from"), soci::use(to, "to"), soci::into(eid), soci::into(rid));
        st.execute();
        while (st.fetch()) due.emplace_back(eid, rid);
      }
      int queued = 0;
      std::unordered_map<long long, RunSeats> runs;
      for (const auto& [eid, rid] : due) {
        auto it = runs.find(rid);
        if (it == runs.end()) {
          auto s = load_run_seats(sql, rid, false, db_.engine());
          if (!s) continue;
          it = runs.emplace(rid, std::move(*s)).first;
        }
        auto e = load_one(sql, kById, eid);
        if (!e) continue;
        auto message = compose(*e, it->second);
        if (!message) continue;
        message->kind = "reminder";
        message->enrollment_id = eid;
        insert_outbox(tx, std::move(*message), now);
        ++queued;
      }
      return queued;
    });
  }

  Result<bool> count_sign_up_attempt(const std::string& client_key, Instant window_start,
                                     int limit) override {
    return db_.transact(TxKind::Write, [&](Tx& tx) -> Result<bool> {
      soci::session& sql = session_of(tx);
      return count_attempt(sql, {client_key, window_start, limit}) <= limit;
    });
  }

 private:
  // The attempts of this client in this window, this one included.
  struct AttemptVars {
    std::string key, window;
    int count = 0;
  };

  static int count_attempt(soci::session& sql, const SignUpAttempt& a) {
    auto& count = statements(sql).get<AttemptVars>(
        "INSERT INTO sign_up_rate (client_key, window_start, count) VALUES (:k, :w, 1) "
        "ON CONFLICT (client_key, window_start) DO UPDATE SET count = sign_up_rate.count + 1 "
        "RETURNING count",
        [](AttemptVars& v, soci::statement& st) {
          st.exchange(soci::use(v.key, "k"));
          st.exchange(soci::use(v.window, "w"));
          st.exchange(soci::into(v.count));
        });
    count.vars.key = a.client_key;
    count.vars.window = format_instant(a.window_start);
    count.run();
    // Old windows are of no use; drop them as we go (indexed).
    auto& drop = statements(sql).get<AttemptVars>(
        "DELETE FROM sign_up_rate WHERE window_start < :w",
        [](AttemptVars& v, soci::statement& st) { st.exchange(soci::use(v.window, "w")); });
    drop.vars.window = count.vars.window;
    drop.run();
    return count.vars.count;
  }

  Database& db_;
};

}  // namespace

std::unique_ptr<EnrollmentStore> make_enrollment_store(Database& db) {
  return std::make_unique<SqlEnrollmentStore>(db);
}

}  // namespace kursbase::store
