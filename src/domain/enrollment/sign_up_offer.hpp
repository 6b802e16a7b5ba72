#pragma once
// What a run offers a person who has not signed up yet (issue 12): to sign up,
// to join the waiting list, or nothing, and then why. The run page, the
// sign-up form and the course cards all ask this one function, so that no page
// shows a sign-up button for a run that refuses one, and a full run without a
// waiting list never speaks of a waiting list.
#include <string_view>

#include "domain/catalogue/run.hpp"

namespace kursbase {

enum class SignUpOption { SignUp, WaitingList, None };

struct SignUpOffer {
  SignUpOption option = SignUpOption::None;
  // With None: the message key of why (as refusal_key in enrollment.hpp).
  std::string_view refusal_key;
  // With WaitingList: the position a sign-up made now would get.
  int waitlist_position = 0;
};

// `waitlisted`: people on the run's waiting list now. A run that takes staff
// registrations only offers the public nothing ("enrollment.refused.staff_only")
// when it would otherwise take a sign-up.
SignUpOffer sign_up_offer(RunStatus status, bool waiting_list_enabled, int waitlisted,
                          bool staff_registration_only = false);
inline SignUpOffer sign_up_offer(const Run& run, RunStatus status, int waitlisted) {
  return sign_up_offer(status, run.waiting_list_enabled, waitlisted, run.staff_registration_only);
}

}  // namespace kursbase
