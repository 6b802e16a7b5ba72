#pragma once
// Runs of courses that need a referral (henvisning), issue "Every state right".
// A public sign-up for such a run never gets a seat at once: it becomes a
// request waiting for the referral (EnrollmentStatus::AwaitingReferral),
// holding no seat and no place on the waiting list, with the ID number sealed
// like any other. Staff confirm it when the referral arrives, and only then is
// the ordinary seat rule applied (a seat, else the waiting list, else full).
// A run can instead take staff registrations only; its public page then says
// how to get referred, and a public sign-up is refused.
#include <string>

#include "domain/catalogue/run.hpp"
#include "domain/core/result.hpp"
#include "domain/enrollment/enrollment.hpp"
#include "domain/enrollment/waiting_list.hpp"

namespace kursbase {

// The counts of a run at the moment of a decision, under its lock.
struct SeatCounts {
  int capacity = 0;
  int seats_taken = 0;  // confirmed + offered
  int waitlisted = 0;
  bool waiting_list_enabled = true;
};

// What a new enrollment gets. A public sign-up: Conflict
// "enrollment.refused.staff_only" on a staff-only run; AwaitingReferral on a
// run whose course needs a referral (unless it is full with no waiting list:
// then refused as full, as anyone would be); else the seat rule
// (decide_seat). A staff registration always gets the seat rule: staff have
// the referral in hand.
Result<SeatDecision> decide_new_enrollment(EnrollmentSource source, bool referral_required,
                                           bool staff_registration_only, const SeatCounts& counts);

// The referral that arrived for a request, as staff enter it.
struct ReferralReceived {
  Day referral_date{};
  std::string referring_doctor;
  std::string referring_doctor_hpr;  // digits; empty: not given
};

// The form staff fill in when a request's referral arrives, as typed.
struct ReferralReceivedForm {
  std::string enrollment;     // the request's enrollment id
  std::string referral_date;  // YYYY-MM-DD, not after today
  std::string referring_doctor;
  std::string referring_doctor_hpr;
};

struct ReferralConfirmation {
  EnrollmentId enrollment_id = 0;
  ReferralReceived referral;
};

// InvalidInput "enrollment.error.form" with the fields and keys of the staff
// registration form (validate_referral in staff_forms.hpp), and "enrollment"
// "waiting_list.error.person_missing" as the waiting-list forms.
Result<ReferralConfirmation> validate_referral_received(const ReferralReceivedForm& form,
                                                        Day today);

// Staff confirm a waiting request when the referral has come: the seat rule,
// deadline or not (a referral often comes late). Conflict
// "enrollment.error.not_awaiting_referral" when the enrollment is not a
// request; the run's refusal for a cancelled or completed run.
Result<SeatDecision> confirm_referral_request(EnrollmentStatus current, RunStatus run,
                                              const SeatCounts& counts);

}  // namespace kursbase
