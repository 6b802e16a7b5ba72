#include "domain/enrollment/referral_request.hpp"

#include "domain/enrollment/staff_forms.hpp"

namespace kursbase {

Result<ReferralConfirmation> validate_referral_received(const ReferralReceivedForm& form,
                                                        Day today) {
  // The registration form's rules for the same three fields, with a
  // placeholder person: one set of rules and messages for both forms.
  SignUpForm f;
  f.name = "-";
  f.email = "x@x.no";
  f.kind = "patient";
  f.referral_date = form.referral_date;
  f.referring_doctor = form.referring_doctor;
  SignUpRules rules;
  rules.staff = true;
  rules.today = today;
  auto valid = validate_referral(f, form.referring_doctor_hpr, rules);
  auto id = validate_cancellation({form.enrollment, "-"});  // its enrollment-id rule
  std::vector<FieldError> errors;
  if (!id)
    for (const auto& e : id.error().fields)
      if (e.field == "enrollment") errors.push_back(e);
  if (!valid) errors.insert(errors.end(), valid.error().fields.begin(), valid.error().fields.end());
  if (!errors.empty())
    return invalid_input("enrollment.error.form", "referral received form", std::move(errors));
  return ReferralConfirmation{
      id->enrollment_id,
      {valid->referral_date, valid->sign_up.referring_doctor, valid->doctor_hpr}};
}

Result<SeatDecision> decide_new_enrollment(EnrollmentSource source, bool referral_required,
                                           bool staff_registration_only, const SeatCounts& c) {
  if (source == EnrollmentSource::Public) {
    if (staff_registration_only)
      return conflict("enrollment.refused.staff_only", "run takes staff registrations only");
    if (referral_required) {
      if (c.seats_taken >= c.capacity && !c.waiting_list_enabled)
        return conflict("enrollment.refused.full", "run full, no waiting list");
      return SeatDecision{EnrollmentStatus::AwaitingReferral, std::nullopt};
    }
  }
  return decide_seat(c.capacity, c.seats_taken, c.waitlisted, c.waiting_list_enabled);
}

Result<SeatDecision> confirm_referral_request(EnrollmentStatus current, RunStatus run,
                                              const SeatCounts& c) {
  if (current != EnrollmentStatus::AwaitingReferral)
    return conflict("enrollment.error.not_awaiting_referral", "not a request awaiting a referral");
  if (run == RunStatus::Cancelled || run == RunStatus::Completed || run == RunStatus::Draft)
    return conflict(std::string(refusal_key(run, c.waiting_list_enabled)), "run refuses");
  return decide_seat(c.capacity, c.seats_taken, c.waitlisted, c.waiting_list_enabled);
}

}  // namespace kursbase
