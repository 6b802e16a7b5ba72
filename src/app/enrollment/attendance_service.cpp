#include "app/enrollment/attendance_service.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <utility>

#include "domain/person/national_id.hpp"
#include "store/engine/database.hpp"

namespace kursbase::app {
namespace {

using store::Tx;
using store::TxKind;

// UTF-8 characters (the note limit is in characters, not bytes).
std::size_t characters(const std::string& text) {
  std::size_t n = 0;
  for (char c : text) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

// Whom a relative accompanies: the linked enrollment's name when both are on
// the run, else the name typed in the form.
std::string accompanied_name(const std::vector<store::EnrollmentRecord>& all,
                             const store::EnrollmentRecord& e) {
  if (e.kind != ParticipantKind::Relative) return {};
  if (e.accompanies_id)
    for (const auto& other : all)
      if (other.id == *e.accompanies_id) return other.person.name;
  return e.accompanies_name;
}

}  // namespace

AttendanceService::AttendanceService(store::Database& db, store::EnrollmentStore& enrollments,
                                     store::CatalogueStore& catalogue, store::StaffStore& staff,
                                     const PersonalDataCipher& cipher, const AuditLog& audit,
                                     Clock clock)
    : db_(db),
      enrollments_(enrollments),
      catalogue_(catalogue),
      cipher_(cipher),
      audit_(audit),
      clock_(std::move(clock)),
      guard_(staff) {}

Result<RunAttendance> AttendanceService::view(const AccessContext& who, RunId run_id,
                                              const std::string& purpose) const {
  auto access = guard_.require_run(who.actor, run_id, Action::ViewParticipants);
  if (!access) return access.error();
  const auto& allowed = access->decision(Action::ViewParticipants);
  const auto& ids = access->decision(Action::ViewNationalId);
  const auto permitted = access->permissions();
  const auto course_id = access->scope().course_id.value_or(0);

  RunAttendance out;
  out.run_id = run_id;
  out.course_id = course_id;
  out.national_ids_shown = permitted.may_view_national_id;
  out.may_record = permitted.may_record_attendance;
  out.may_manage_waiting_list = permitted.may_manage_waiting_list;
  out.may_register = permitted.may_register;
  out.may_edit = permitted.may_edit;
  auto course = catalogue_.find_course(course_id);
  if (!course) return course.error();
  if (*course) {
    out.course_title = (*course)->course.title;
    out.course_text_language = (*course)->course.text_language;
    out.programme = (*course)->course.programme;
    out.completion = (*course)->course.completion;
  }
  const auto hf = access->health_trust_id();
  // The files are exports of the same page: the kind says which it was.
  const auto kind = purpose == "run_export" ? AuditEventKind::Export : AuditEventKind::View;

  return db_.transact(TxKind::Write, [&](Tx& tx) -> Result<RunAttendance> {
    RunAttendance view = out;
    auto roster = enrollments_.roster(tx, run_id);
    view.sessions = roster.seats.run.sessions;
    view.capacity = roster.seats.run.capacity;
    const auto now = clock_();
    for (const auto& s : view.sessions) view.session_started.push_back(s.starts_at <= now);
    std::map<std::pair<EnrollmentId, std::int64_t>, const store::AttendanceRecord*> marks;
    for (const auto& a : roster.attendance) marks[{a.enrollment_id, a.session_id}] = &a;

    audit_.record(tx, who,
                  {Action::ViewParticipants, allowed.grant, purpose, std::to_string(run_id),
                   std::nullopt, hf, kind});
    for (const auto& e : roster.enrollments) {
      if (e.status == EnrollmentStatus::Waitlisted) {
        view.waiting_list.push_back({e.id, e.waitlist_position.value_or(0), e.person.name});
        audit_.record(tx, who,
                      {Action::ViewParticipants, allowed.grant, "enrollment", std::to_string(e.id),
                       e.person.id, hf, kind});
        continue;
      }
      if (!holds_seat(e.status)) continue;
      AttendanceRow row;
      row.enrollment_id = e.id;
      row.person_id = e.person.id;
      row.name = e.person.name;
      row.kind = e.kind;
      row.status = e.status;
      row.email = e.person.email;
      row.mobile = e.person.mobile;
      row.interpreter_language = e.interpreter_language;
      row.language = e.language;
      row.needs = e.needs;
      row.accompanies = accompanied_name(roster.enrollments, e);
      if (e.source == EnrollmentSource::Staff) {
        row.referral_date = e.referral_date;
        row.referring_doctor = e.referring_doctor;
        row.referring_doctor_hpr = e.referring_doctor_hpr;
      }
      bool id_shown = false;
      if (!e.person.national_id_sealed.empty()) {
        auto clear = cipher_.open(e.person.national_id_sealed);
        if (clear) {
          id_shown = ids.allowed;
          row.national_id = ids.allowed ? *clear : mask_national_id(*clear);
        }
      }
      std::vector<SessionAttendance> session_marks;
      for (const auto& s : view.sessions) {
        AttendanceCell cell{s.id, AttendanceMark::Unrecorded, "", std::nullopt};
        if (auto it = marks.find({e.id, s.id}); it != marks.end()) {
          cell.mark = it->second->mark;
          cell.note = it->second->note;
          cell.minutes_attended = it->second->minutes_attended;
        }
        session_marks.push_back({cell.mark, cell.minutes_attended.value_or(0), session_minutes(s)});
        row.cells.push_back(std::move(cell));
      }
      row.completion = assess_completion(view.programme, session_marks, view.completion);
      audit_.record(tx, who,
                    {id_shown ? Action::ViewNationalId : Action::ViewParticipants,
                     id_shown ? ids.grant : allowed.grant, "enrollment", std::to_string(e.id),
                     e.person.id, hf, kind});
      view.participants.push_back(std::move(row));
    }
    std::stable_sort(view.participants.begin(), view.participants.end(),
                     [](const auto& a, const auto& b) { return a.name < b.name; });
    std::stable_sort(view.waiting_list.begin(), view.waiting_list.end(),
                     [](const auto& a, const auto& b) { return a.position < b.position; });
    return view;
  });
}

Status AttendanceService::record(const AccessContext& who, RunId run_id,
                                 const AttendanceEntry& entry) const {
  auto access = guard_.require_run(who.actor, run_id, Action::RecordAttendance);
  if (!access) return access.error();
  std::vector<FieldError> errors;
  if (entry.enrollment_id <= 0) errors.push_back({"enrollment", "attendance.error.participant"});
  if (entry.session_id <= 0) errors.push_back({"session", "attendance.error.session"});
  if (!entry.mark) errors.push_back({"mark", "attendance.error.mark"});
  if (characters(entry.note) > kMaxAttendanceNote)
    errors.push_back({"note", "attendance.error.note_too_long"});
  if (!errors.empty()) return invalid_input("attendance.error.invalid", "attendance form", errors);

  auto enrollment = enrollments_.find(entry.enrollment_id);
  if (!enrollment) return enrollment.error();
  if (!*enrollment || (*enrollment)->run_id != run_id)
    return not_found("attendance.error.participant", "enrollment not of run");
  const auto person_id = (*enrollment)->person.id;
  const auto now = clock_();
  auto session = session_of_run(run_id, entry.session_id);
  if (!session) return session.error();
  if (auto rule = check_attendance(*session, *entry.mark, entry.minutes, now); !rule) return rule;
  const auto minutes =
      *entry.mark == AttendanceMark::Partial ? entry.minutes : std::optional<int>();
  return db_.transact(TxKind::Write, [&](Tx& tx) -> Status {
    auto written = enrollments_.record_attendance(
        tx, run_id, {entry.enrollment_id, entry.session_id, *entry.mark, entry.note, minutes},
        who.actor.account_id, now);
    if (!written) return written;
    audit_.record(tx, who,
                  {Action::RecordAttendance, access->grant(Action::RecordAttendance), "enrollment",
                   std::to_string(entry.enrollment_id), person_id, access->health_trust_id()});
    return ok_status();
  });
}

Result<Session> AttendanceService::session_of_run(RunId run_id, std::int64_t session_id) const {
  auto seats = enrollments_.run_seats(run_id);
  if (!seats) return seats.error();
  for (const auto& s : seats->run.sessions)
    if (s.id == session_id) return s;
  return not_found("attendance.error.session", "session not of run");
}

Result<int> AttendanceService::mark_all_present(const AccessContext& who, RunId run_id,
                                                std::int64_t session_id) const {
  auto access = guard_.require_run(who.actor, run_id, Action::RecordAttendance);
  if (!access) return access.error();
  if (session_id <= 0)
    return invalid_input("attendance.error.invalid", "mark all",
                         {{"session", "attendance.error.session"}});
  auto session = session_of_run(run_id, session_id);
  if (!session) return session.error();
  const auto now = clock_();
  if (auto rule = check_attendance(*session, AttendanceMark::Present, std::nullopt, now); !rule)
    return rule.error();
  return db_.transact(TxKind::Write, [&](Tx& tx) -> Result<int> {
    auto roster = enrollments_.roster(tx, run_id);
    std::set<EnrollmentId> recorded;
    for (const auto& a : roster.attendance)
      if (a.session_id == session_id) recorded.insert(a.enrollment_id);
    int marked = 0;
    for (const auto& e : roster.enrollments) {
      if (!holds_seat(e.status) || recorded.count(e.id)) continue;
      auto written = enrollments_.record_attendance(
          tx, run_id, {e.id, session_id, AttendanceMark::Present, "", std::nullopt},
          who.actor.account_id, now);
      if (!written) return written.error();
      audit_.record(tx, who,
                    {Action::RecordAttendance, access->grant(Action::RecordAttendance),
                     "enrollment", std::to_string(e.id), e.person.id, access->health_trust_id()});
      ++marked;
    }
    return marked;
  });
}

}  // namespace kursbase::app
