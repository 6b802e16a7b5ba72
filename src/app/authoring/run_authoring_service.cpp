#include "app/authoring/run_authoring_service.hpp"

#include <algorithm>
#include <chrono>

#include "store/outbox_store.hpp"

namespace kursbase::app {
namespace {

using std::chrono::minutes;

Error refused(std::vector<FieldError> fields) {
  return invalid_input("run_form.error.invalid", "run form refused", std::move(fields));
}

Day local_day(const TimeZone& zone, Instant t) {
  const LocalTime l = to_local(zone, t);
  return std::chrono::year_month_day{std::chrono::year(l.year),
                                     std::chrono::month(static_cast<unsigned>(l.month)),
                                     std::chrono::day(static_cast<unsigned>(l.day))};
}

int local_minute(const TimeZone& zone, Instant t) {
  const LocalTime l = to_local(zone, t);
  return l.hour * 60 + l.minute;
}

}  // namespace

RunAuthoringService::RunAuthoringService(store::RunAuthoringStore& runs,
                                         store::CourseAuthoringStore& courses,
                                         store::CatalogueStore& catalogue,
                                         store::EnrollmentStore& enrollments,
                                         const EnrollmentService& messages,
                                         const AccessGuard& guard, const AuditLog& audit,
                                         const TimeZone& zone, Clock clock)
    : runs_(runs),
      courses_(courses),
      catalogue_(catalogue),
      enrollments_(enrollments),
      messages_(messages),
      guard_(guard),
      audit_(audit),
      zone_(zone),
      clock_(std::move(clock)) {}

Result<Run> RunAuthoringService::run_of(const RunPlan& plan, const TimeZone& zone) {
  Run run = plan.run;
  std::vector<FieldError> skipped;
  std::size_t n = 0;
  for (const auto& s : plan.sessions) {
    ++n;
    const Instant start = zone.instant_of(s.day, minutes(s.start_minute));
    const Instant end = zone.instant_of(s.day, minutes(s.end_minute));
    // The clock skips an hour one spring night: a time in it names no instant.
    if (local_minute(zone, start) != s.start_minute)
      skipped.push_back(
          {"sessions." + std::to_string(n) + ".start", "run_form.error.no_such_time"});
    if (local_minute(zone, end) != s.end_minute)
      skipped.push_back({"sessions." + std::to_string(n) + ".end", "run_form.error.no_such_time"});
    run.sessions.push_back({0, start, end});
  }
  if (!skipped.empty()) return refused(std::move(skipped));
  // Open to the end of the deadline's day, or to the first session.
  run.registration_deadline = local_midnight(zone, plan.deadline + std::chrono::days(1));
  if (!run.sessions.empty() && run.sessions.front().starts_at < run.registration_deadline)
    run.registration_deadline = run.sessions.front().starts_at;
  return run;
}

namespace {

// The day the form shows for the deadline: the end of a day (or the first
// session, or the moment sign-up was closed), so the day it ends the minute before.
Day deadline_day(const Run& run, const TimeZone& zone) {
  return local_day(zone, run.registration_deadline - minutes(1));
}

}  // namespace

RunForm RunAuthoringService::form_of(const Run& run, const TimeZone& zone) {
  RunForm f;
  for (const auto& s : run.sessions)
    f.sessions.push_back({format_day(local_day(zone, s.starts_at)),
                          clock_text(local_minute(zone, s.starts_at)),
                          clock_text(local_minute(zone, s.ends_at))});
  if (run.location) {
    f.location_name = run.location->name;
    f.location_address = run.location->address;
    f.postal_code = run.location->postal_code;
    f.postal_place = run.location->postal_place;
    f.municipality = run.location->municipality_number;
  }
  f.digital = run.digital ? "1" : "";
  f.language = run.language;
  f.min_participants = std::to_string(run.min_participants);
  f.capacity = std::to_string(run.capacity);
  f.registration_deadline = format_day(deadline_day(run, zone));
  f.waiting_list_enabled = run.waiting_list_enabled ? "1" : "";
  f.staff_registration_only = run.staff_registration_only ? "1" : "";
  return f;
}

Result<RunFormChoices> RunAuthoringService::choices(int seats_taken) const {
  auto ref = catalogue_.reference_data();
  if (!ref) return ref.error();
  RunFormChoices out;
  for (const auto& m : ref->municipalities) out.municipalities.insert(m.number);
  out.seats_taken = seats_taken;
  return out;
}

store::RunInSameTransaction RunAuthoringService::audit_row(const AccessContext& who,
                                                           const Access& access) const {
  return [this, &who, access](store::Tx& tx, const store::EditableRun& saved) -> Status {
    audit_.record(
        tx, who,
        {Action::EditCourse, access.grant(Action::EditCourse), "run", std::to_string(saved.run.id),
         std::nullopt, access.health_trust_id(), AuditEventKind::Change});
    return ok_status();
  };
}

Result<RunEditing> RunAuthoringService::new_run(const AccessContext& who, CourseId course_id) {
  auto access = guard_.require_course(who.actor, course_id, Action::EditCourse);
  if (!access) return access.error();
  auto course = courses_.course_for_editing(course_id);
  if (!course) return course.error();
  if (!*course) return not_found("course_form.error.not_found", "no such course");
  auto ref = catalogue_.reference_data();
  if (!ref) return ref.error();
  RunEditing out;
  out.stored.run.course_id = course_id;
  out.form.language =
      (*course)->course.languages.empty() ? "nb" : (*course)->course.languages.front();
  out.form.capacity = "12";
  out.form.waiting_list_enabled = "1";
  out.course_title = (*course)->course.title;
  out.course_text_language = (*course)->course.text_language;
  out.municipalities = ref->municipalities;
  return out;
}

Result<store::EditableRun> RunAuthoringService::create(const AccessContext& who, CourseId course,
                                                       const RunForm& form) {
  auto access = guard_.require_course(who.actor, course, Action::EditCourse);
  if (!access) return access.error();
  auto allowed = choices(0);
  if (!allowed) return allowed.error();
  auto plan = validate_run_form(form, *allowed);
  if (!plan) return plan.error();
  auto run = run_of(*plan, zone_);
  if (!run) return run.error();
  run->course_id = course;
  run->state = RunState::Draft;
  return runs_.create_run(*run, who.actor.account_id, clock_(), audit_row(who, *access));
}

Result<store::EditableRun> RunAuthoringService::save(const AccessContext& who, RunId id,
                                                     std::int64_t version, const RunForm& form) {
  auto access = guard_.require_run(who.actor, id, Action::EditCourse);
  if (!access) return access.error();
  auto stored = runs_.run_for_editing(id);
  if (!stored) return stored.error();
  if (!*stored) return not_found("run_form.error.not_found", "no such run");
  auto allowed = choices((*stored)->confirmed);
  if (!allowed) return allowed.error();
  auto plan = validate_run_form(form, *allowed);
  if (!plan) return plan.error();
  auto run = run_of(*plan, zone_);
  if (!run) return run.error();
  run->id = id;
  run->course_id = (*stored)->run.course_id;
  run->state = (*stored)->run.state;
  // A deadline whose day was not changed stays as stored: a sign-up closed
  // early (close_sign_up(), at 14:32) would else reopen to the end of the day.
  const Run& before = (*stored)->run;
  if (plan->deadline == deadline_day(before, zone_))
    run->registration_deadline = std::min(
        before.registration_deadline,
        run->sessions.empty() ? before.registration_deadline : run->sessions.front().starts_at);
  const Instant now = clock_();
  const auto audit = audit_row(who, *access);
  return runs_.save_run(
      *run, version, who.actor.account_id, now,
      [&](store::Tx& tx, const store::EditableRun& saved) -> Status {
        if (auto s = audit(tx, saved); !s) return s;
        // Those signed up learn of new times or a new place, with their
        // calendar as it is now (its events moved, same UIDs, higher SEQUENCE).
        const auto changed = changed_run_fields(before, saved.run);
        const bool tells = std::any_of(changed.begin(), changed.end(), [](const std::string& f) {
          return f == "sessions" || f == "place";
        });
        if (tells && saved.run.state == RunState::Open && saved.signed_up() > 0)
          for (auto& m : messages_.run_messages(enrollments_.roster(tx, id), "run_changed"))
            store::insert_outbox(tx, std::move(m), now);
        return ok_status();
      });
}

Result<store::EditableRun> RunAuthoringService::stored_at(RunId id, std::int64_t version) {
  auto stored = runs_.run_for_editing(id);
  if (!stored) return stored.error();
  if (!*stored) return not_found("run_form.error.not_found", "no such run");
  if ((*stored)->version != version)
    return conflict("run_form.error.conflict", "the run was saved by another");
  return std::move(**stored);
}

Result<RunCancelled> RunAuthoringService::cancel(const AccessContext& who, RunId id,
                                                 std::int64_t version, std::string_view note) {
  auto access = guard_.require_run(who.actor, id, Action::EditCourse);
  if (!access) return access.error();
  auto stored = stored_at(id, version);
  if (!stored) return stored.error();
  const Instant now = clock_();
  if (!may_move_run(stored->run.state, RunState::Cancelled,
                    run_status(stored->run, stored->confirmed, now), stored->signed_up()))
    return conflict("run_form.error.state", "the run cannot be cancelled");
  auto text = validate_cancel_note(note);
  if (!text) return text.error();
  Run run = stored->run;
  run.state = RunState::Cancelled;
  int told = 0;
  const auto audit = audit_row(who, *access);
  auto saved = runs_.save_run(run, version, who.actor.account_id, now,
                              [&](store::Tx& tx, const store::EditableRun& cancelled) -> Status {
                                if (auto s = audit(tx, cancelled); !s) return s;
                                // Read after the run's row is written and locked: every sign-up
                                // that came first is here, and none can come after (it finds the
                                // run cancelled).
                                auto messages = messages_.run_messages(enrollments_.roster(tx, id),
                                                                       "run_cancelled", *text);
                                told = static_cast<int>(messages.size());
                                for (auto& m : messages)
                                  store::insert_outbox(tx, std::move(m), now);
                                return ok_status();
                              });
  if (!saved) return saved.error();
  return RunCancelled{std::move(*saved), told};
}

Result<store::EditableRun> RunAuthoringService::close_sign_up(const AccessContext& who, RunId id,
                                                              std::int64_t version) {
  auto access = guard_.require_run(who.actor, id, Action::EditCourse);
  if (!access) return access.error();
  auto stored = stored_at(id, version);
  if (!stored) return stored.error();
  const Instant now = clock_();
  if (!may_close_sign_up(run_status(stored->run, stored->confirmed, now)))
    return conflict("run_form.error.state", "sign-up is not open");
  Run run = stored->run;
  // The past second (instants are stored to the second): closed from now on.
  run.registration_deadline =
      std::chrono::floor<std::chrono::seconds>(now) - std::chrono::seconds(1);
  return runs_.save_run(run, version, who.actor.account_id, now, audit_row(who, *access));
}

Result<store::EditableRun> RunAuthoringService::move(const AccessContext& who, RunId id,
                                                     std::int64_t version, RunState to) {
  auto access = guard_.require_run(who.actor, id, Action::EditCourse);
  if (!access) return access.error();
  auto stored = stored_at(id, version);
  if (!stored) return stored.error();
  if (to == RunState::Cancelled ||
      !may_move_run(stored->run.state, to, run_status(stored->run, stored->confirmed, clock_()),
                    stored->signed_up()))
    return conflict("run_form.error.state", "no such state change");
  Run run = stored->run;
  run.state = to;
  return runs_.save_run(run, version, who.actor.account_id, clock_(), audit_row(who, *access));
}

Result<store::EditableRun> RunAuthoringService::copy(const AccessContext& who, RunId id,
                                                     Day first_day) {
  auto access = guard_.require_run(who.actor, id, Action::EditCourse);
  if (!access) return access.error();
  auto stored = runs_.run_for_editing(id);
  if (!stored) return stored.error();
  if (!*stored) return not_found("run_form.error.not_found", "no such run");
  const Run& from = (*stored)->run;
  if (from.sessions.empty()) return refused({{"first_day", "run_form.error.sessions_required"}});
  // The same wall-clock times, as many days on: through the form, so the copy
  // meets every rule a typed run does.
  RunForm form = form_of(from, zone_);
  const auto shift = first_day - local_day(zone_, from.sessions.front().starts_at);
  auto moved = [&](const std::string& day) { return format_day(*parse_day(day) + shift); };
  for (auto& s : form.sessions) s.date = moved(s.date);
  form.registration_deadline = moved(form.registration_deadline);
  auto allowed = choices(0);
  if (!allowed) return allowed.error();
  auto plan = validate_run_form(form, *allowed);
  if (!plan) return plan.error();
  auto run = run_of(*plan, zone_);
  if (!run) return run.error();
  run->course_id = from.course_id;
  run->state = RunState::Draft;
  return runs_.create_run(*run, who.actor.account_id, clock_(), audit_row(who, *access));
}

Result<RunEditing> RunAuthoringService::for_editing(const AccessContext& who, RunId id) {
  auto access = guard_.require_run(who.actor, id, Action::EditCourse);
  if (!access) return access.error();
  auto stored = runs_.run_for_editing(id);
  if (!stored) return stored.error();
  if (!*stored) return not_found("run_form.error.not_found", "no such run");
  auto history = runs_.run_history(id);
  if (!history) return history.error();
  auto course = courses_.course_for_editing((*stored)->run.course_id);
  if (!course) return course.error();
  auto ref = catalogue_.reference_data();
  if (!ref) return ref.error();
  RunEditing out;
  out.stored = std::move(**stored);
  out.status = run_status(out.stored.run, out.stored.confirmed, clock_());
  out.form = form_of(out.stored.run, zone_);
  out.history = std::move(*history);
  if (*course) {
    out.course_title = (*course)->course.title;
    out.course_text_language = (*course)->course.text_language;
  }
  out.municipalities = ref->municipalities;
  return out;
}

Result<std::vector<store::EditableRun>> RunAuthoringService::runs_of(const AccessContext& who,
                                                                     CourseId course) {
  auto access = guard_.require_course(who.actor, course, Action::EditCourse);
  if (!access) return access.error();
  return runs_.runs_of_course(course);
}

}  // namespace kursbase::app
