#include "domain/enrollment/sign_up_offer.hpp"

#include <algorithm>

#include "domain/enrollment/enrollment.hpp"

namespace kursbase {

SignUpOffer sign_up_offer(RunStatus status, bool waiting_list_enabled, int waitlisted,
                          bool staff_registration_only) {
  if (auto key = refusal_key(status, waiting_list_enabled); !key.empty())
    return {SignUpOption::None, key, 0};
  if (staff_registration_only) return {SignUpOption::None, "enrollment.refused.staff_only", 0};
  if (status == RunStatus::Full)
    return {SignUpOption::WaitingList, {}, std::max(0, waitlisted) + 1};
  return {SignUpOption::SignUp, {}, 0};
}

}  // namespace kursbase
