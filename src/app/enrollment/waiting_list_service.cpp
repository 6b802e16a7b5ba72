#include "app/enrollment/waiting_list_service.hpp"

#include <algorithm>
#include <map>
#include <utility>

#include "store/engine/database.hpp"

namespace kursbase::app {
namespace {

using store::Tx;
using store::TxKind;

Error field_error(std::string key, std::string field, std::string field_key) {
  return invalid_input(std::move(key), "waiting list form",
                       {{std::move(field), std::move(field_key)}});
}

RunPerson person_of(const store::EnrollmentRecord& e) {
  RunPerson p;
  p.enrollment_id = e.id;
  p.person_id = e.person.id;
  p.name = e.person.name;
  p.kind = e.kind;
  p.status = e.status;
  p.position = e.waitlist_position;
  p.offer_expires = e.offer_expires_at;
  p.source = e.source;
  p.referral_date = e.referral_date;
  p.referring_doctor = e.referring_doctor;
  p.referring_doctor_hpr = e.referring_doctor_hpr;
  return p;
}

}  // namespace

WaitingListService::WaitingListService(store::Database& db, store::EnrollmentStore& enrollments,
                                       store::CatalogueStore& catalogue, store::StaffStore& staff,
                                       EnrollmentService& enrollment_service, const AuditLog& audit)
    : db_(db),
      enrollments_(enrollments),
      catalogue_(catalogue),
      enrollment_service_(enrollment_service),
      audit_(audit),
      guard_(staff) {}

Result<WaitingListService::Allowed> WaitingListService::allow(const AccessContext& who,
                                                              RunId run_id, Action action) const {
  auto access = guard_.require_run(who.actor, run_id, action);
  if (!access) return access.error();
  auto seats = enrollments_.run_seats(run_id);
  if (!seats) return seats.error();
  const auto decision = access->decision(action);
  return Allowed{std::move(*seats), std::move(*access), decision};
}

Result<store::EnrollmentRecord> WaitingListService::of_run(RunId run_id, EnrollmentId id) const {
  auto e = enrollments_.find(id);
  if (!e) return e.error();
  // Another run's enrollment answers like an unknown one: the URL's run decides access.
  if (!*e || (*e)->run_id != run_id)
    return field_error("waiting_list.error.not_in_run", "enrollment",
                       "waiting_list.error.not_in_run");
  return std::move(**e);
}

Status WaitingListService::audit_change(const AccessContext& who, const Allowed& a,
                                        const store::EnrollmentChange& change,
                                        Action action) const {
  return db_.transact(TxKind::Write, [&](Tx& tx) -> Status {
    const auto hf = a.access.health_trust_id();
    audit_.record(
        tx, who,
        {action, a.decision.grant, "run", std::to_string(a.seats.run.id), std::nullopt, hf});
    if (change.changed)
      audit_.record(tx, who,
                    {action, a.decision.grant, "enrollment", std::to_string(change.changed->id),
                     change.changed->person.id, hf});
    for (const auto& p : change.promoted)
      audit_.record(
          tx, who, {action, a.decision.grant, "enrollment", std::to_string(p.id), p.person.id, hf});
    return ok_status();
  });
}

Result<WaitingListView> WaitingListService::view(const AccessContext& who, RunId run_id) const {
  auto a = allow(who, run_id, Action::ManageWaitingList);
  if (!a) return a.error();
  WaitingListView out;
  out.run_id = run_id;
  out.course_id = a->seats.course_id;
  out.may_register = a->access.may(Action::RegisterParticipant);
  auto course = catalogue_.find_course(a->seats.course_id);
  if (!course) return course.error();
  if (*course) {
    out.course_title = (*course)->course.title;
    out.course_text_language = (*course)->course.text_language;
  }
  const auto hf = a->access.health_trust_id();
  // Looking at the list uses the permission to manage it, but changes nothing.
  constexpr auto kSeen = AuditEventKind::View;

  return db_.transact(TxKind::Write, [&](Tx& tx) -> Result<WaitingListView> {
    WaitingListView v = out;
    auto roster = enrollments_.roster(tx, run_id);
    v.capacity = roster.seats.run.capacity;
    v.seats_taken = roster.seats.seats_taken;
    v.promotion_mode = roster.seats.promotion_mode;
    v.offer_reply_hours = roster.seats.offer_reply_hours;
    v.waiting_list_enabled = roster.seats.run.waiting_list_enabled;
    std::map<EnrollmentId, std::vector<store::WaitingListMove>> history;
    for (auto& m : enrollments_.waiting_list_moves(tx, run_id))
      history[m.enrollment_id].push_back(std::move(m));
    audit_.record(tx, who,
                  {Action::ManageWaitingList, a->decision.grant, "run", std::to_string(run_id),
                   std::nullopt, hf, kSeen});
    for (const auto& e : roster.enrollments) {
      if (e.status == EnrollmentStatus::Cancelled) continue;
      RunPerson p = person_of(e);
      if (auto it = history.find(e.id); it != history.end()) p.history = it->second;
      audit_.record(tx, who,
                    {Action::ManageWaitingList, a->decision.grant, "enrollment",
                     std::to_string(e.id), e.person.id, hf, kSeen});
      (e.status == EnrollmentStatus::Waitlisted ? v.waiting : v.participants)
          .push_back(std::move(p));
    }
    for (const auto& e : roster.awaiting_referral) {
      audit_.record(tx, who,
                    {Action::ManageWaitingList, a->decision.grant, "enrollment",
                     std::to_string(e.id), e.person.id, hf, kSeen});
      v.awaiting_referral.push_back(person_of(e));
    }
    std::stable_sort(v.participants.begin(), v.participants.end(),
                     [](const auto& x, const auto& y) { return x.name < y.name; });
    std::stable_sort(v.waiting.begin(), v.waiting.end(), [](const auto& x, const auto& y) {
      return x.position.value_or(0) < y.position.value_or(0);
    });
    return v;
  });
}

Result<WaitingListOutcome> WaitingListService::move(const AccessContext& who, RunId run_id,
                                                    const MoveForm& form) const {
  auto a = allow(who, run_id, Action::ManageWaitingList);
  if (!a) return a.error();
  auto move = validate_move(form);
  if (!move) return move.error();
  auto e = of_run(run_id, move->enrollment_id);
  if (!e) return e.error();
  if (e->status != EnrollmentStatus::Waitlisted)
    return field_error("waiting_list.error.move", "enrollment",
                       "waiting_list.error.not_waitlisted");
  auto ch = enrollments_.move_on_waiting_list(e->id, move->position, move->reason,
                                              who.actor.account_id, enrollment_service_.now());
  if (!ch) {
    const auto& err = ch.error();
    if (err.message_key == "waiting_list.error.position_invalid")
      return field_error("waiting_list.error.move", "position", err.message_key);
    if (err.code == ErrorCode::NotFound)
      return field_error("waiting_list.error.move", "enrollment",
                         "waiting_list.error.not_waitlisted");
    return err;
  }
  if (auto s = audit_change(who, *a, *ch); !s) return s.error();
  return WaitingListOutcome{0, ch->no_op};
}

Result<WaitingListOutcome> WaitingListService::set_capacity(const AccessContext& who, RunId run_id,
                                                            const std::string& text) const {
  auto a = allow(who, run_id, Action::ManageWaitingList);
  if (!a) return a.error();
  auto capacity = validate_capacity(text);
  if (!capacity) return capacity.error();
  auto ch = enrollment_service_.set_capacity(run_id, *capacity);
  if (!ch) {
    // Never un-confirm anyone: a capacity below the seats taken is a form error.
    if (ch.error().message_key == "enrollment.error.capacity_below_taken")
      return field_error("waiting_list.error.capacity", "capacity",
                         "enrollment.error.capacity_below_taken");
    return ch.error();
  }
  if (auto s = audit_change(who, *a, *ch); !s) return s.error();
  return WaitingListOutcome{static_cast<int>(ch->promoted.size()), false};
}

Result<WaitingListOutcome> WaitingListService::set_promotion_mode(const AccessContext& who,
                                                                  RunId run_id,
                                                                  const PromotionForm& form) const {
  auto a = allow(who, run_id, Action::ManageWaitingList);
  if (!a) return a.error();
  auto setting = validate_promotion(form, a->seats.offer_reply_hours);
  if (!setting) return setting.error();
  if (auto s = enrollments_.set_promotion_mode(run_id, setting->mode, setting->offer_reply_hours);
      !s)
    return s.error();
  if (auto s = audit_change(who, *a, {}); !s) return s.error();
  return WaitingListOutcome{};
}

Result<WaitingListOutcome> WaitingListService::cancel(const AccessContext& who, RunId run_id,
                                                      const CancelForm& form) const {
  auto a = allow(who, run_id, Action::ManageWaitingList);
  if (!a) return a.error();
  auto c = validate_cancellation(form);
  if (!c) return c.error();
  auto e = of_run(run_id, c->enrollment_id);
  if (!e) return e.error();
  auto ch = enrollment_service_.cancel_by_staff(e->id, c->reason, who.actor.account_id);
  if (!ch) return ch.error();
  if (auto s = audit_change(who, *a, *ch); !s) return s.error();
  return WaitingListOutcome{static_cast<int>(ch->promoted.size()), ch->no_op};
}

Result<store::EnrollmentChange> WaitingListService::confirm_referral(
    const AccessContext& who, RunId run_id, const ReferralReceivedForm& form) const {
  auto a = allow(who, run_id, Action::RegisterParticipant);
  if (!a) return a.error();
  auto valid = validate_referral_received(
      form, std::chrono::floor<std::chrono::days>(enrollment_service_.now()));
  if (!valid) return valid.error();
  auto e = of_run(run_id, valid->enrollment_id);
  if (!e) return e.error();
  auto ch = enrollment_service_.confirm_referral(e->id, valid->referral);
  if (!ch) return ch.error();
  if (auto s = audit_change(who, *a, *ch, Action::RegisterParticipant); !s) return s.error();
  return ch;
}

}  // namespace kursbase::app
