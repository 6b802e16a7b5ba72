#include "app/enrollment/referral_service.hpp"

#include <utility>

namespace kursbase::app {

ReferralService::ReferralService(store::EnrollmentStore& enrollments, store::StaffStore& staff,
                                 EnrollmentService& enrollment_service, const AuditLog& audit)
    : enrollments_(enrollments),
      enrollment_service_(enrollment_service),
      audit_(audit),
      guard_(staff) {}

Result<ReferralService::Permitted> ReferralService::permit(const AccessContext& who,
                                                           RunId run_id) const {
  auto access = guard_.require_run(who.actor, run_id, Action::RegisterParticipant);
  if (!access) return access.error();
  auto seats = enrollments_.run_seats(run_id);
  if (!seats) return seats.error();
  const auto decision = access->decision(Action::RegisterParticipant);
  return Permitted{std::move(*seats), std::move(*access), decision};
}

Result<ReferralFormInfo> ReferralService::form_info(const AccessContext& who, RunId run_id) const {
  auto permitted = permit(who, run_id);
  if (!permitted) return permitted.error();
  const auto& [seats, access, d] = *permitted;
  auto info = enrollment_service_.form_info(run_id);
  if (!info) return info.error();
  // Opening a run's registration form is on record, like every staff use of
  // it, as what it is: nobody is registered yet.
  if (auto s =
          audit_.record(who, {Action::RegisterParticipant, d.grant, "run", std::to_string(run_id),
                              std::nullopt, access.health_trust_id(), AuditEventKind::FormOpened});
      !s)
    return s.error();
  ReferralFormInfo out;
  out.run_id = run_id;
  out.course_title = info->run.course_title;
  out.course_text_language = info->run.course_text_language;
  out.national_id_required = info->national_id_required;
  out.capacity = seats.run.capacity;
  out.seats_taken = seats.seats_taken;
  return out;
}

Result<SignUpAnswer> ReferralService::register_person(const AccessContext& who, RunId run_id,
                                                      const SignUpForm& form,
                                                      const std::string& doctor_hpr) const {
  auto permitted = permit(who, run_id);
  if (!permitted) return permitted.error();
  const auto& [seats, access, d] = *permitted;
  SignUpRules rules;
  rules.national_id_required = seats.registers_in_record.value_or(false);
  rules.staff = true;
  rules.today = std::chrono::floor<std::chrono::days>(enrollment_service_.now());
  auto referral = validate_referral(form, doctor_hpr, rules);
  if (!referral) return referral.error();
  auto answer = enrollment_service_.register_referral(run_id, *referral, who.actor.account_id);
  if (!answer) return answer.error();
  auto e = enrollments_.find(answer->id);
  if (!e) return e.error();
  // The change has committed; its audit row follows in a transaction of its own.
  if (auto s = audit_.record(
          who, {Action::RegisterParticipant, d.grant, "enrollment", std::to_string(answer->id),
                *e ? std::optional<std::int64_t>((*e)->person.id) : std::nullopt,
                access.health_trust_id()});
      !s)
    return s.error();
  return answer;
}

}  // namespace kursbase::app
