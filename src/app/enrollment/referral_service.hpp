#pragma once
// ReferralService: staff register a person on a run from a referral (issue 3,
// Action::RegisterParticipant). The person fields and their rules are the
// public sign-up's (domain/enrollment); a referral adds the referral date (not
// in the future), the referring doctor's name and optional HPR number
// (domain/staff_forms). The national ID number is required where the run
// registers participation in the patient record. The answer is confirmed or
// waitlisted like a public sign-up, and the person gets the same message with
// their private link; the public deadline does not apply.
//
// The AccessGuard (app/staff/access_guard.hpp) is asked before anything is
// read or validated; opening the form and every registration are put on
// record (AuditLog).
//
// Errors: Forbidden; NotFound "enrollment.error.run_not_found"; InvalidInput
// "enrollment.error.form" with field errors; Conflict "enrollment.refused.*"
// (cancelled or completed run, full without a waiting list).
//
// Thread safety: all methods may be called from any thread.
#include <string>

#include "app/enrollment/enrollment_service.hpp"
#include "app/staff/access_guard.hpp"
#include "app/staff/audit_log.hpp"
#include "store/staff_store.hpp"

namespace kursbase::app {

struct ReferralFormInfo {
  RunId run_id = 0;
  std::string course_title;
  std::string course_text_language = "nb";  // the title's
  bool national_id_required = false;
  int capacity = 0;
  int seats_taken = 0;
};

class ReferralService {
 public:
  ReferralService(store::EnrollmentStore& enrollments, store::StaffStore& staff,
                  EnrollmentService& enrollment_service, const AuditLog& audit);

  Result<ReferralFormInfo> form_info(const AccessContext& who, RunId run_id) const;
  Result<SignUpAnswer> register_person(const AccessContext& who, RunId run_id,
                                       const SignUpForm& form, const std::string& doctor_hpr) const;

 private:
  // The run, where it belongs and the grant that lets `who` register on it;
  // Forbidden without one.
  struct Permitted {
    store::RunSeats seats;
    Access access;
    AccessDecision decision;  // for RegisterParticipant
  };
  Result<Permitted> permit(const AccessContext& who, RunId run_id) const;

  store::EnrollmentStore& enrollments_;
  EnrollmentService& enrollment_service_;
  const AuditLog& audit_;
  AccessGuard guard_;
};

}  // namespace kursbase::app
