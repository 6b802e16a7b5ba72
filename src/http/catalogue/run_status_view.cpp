#include "http/catalogue/run_status_view.hpp"

namespace kursbase::http {

std::string_view status_color(RunStatus status) {
  switch (status) {
    case RunStatus::Open:
      return "success";
    case RunStatus::Full:
      return "warning";
    case RunStatus::Cancelled:
      return "danger";
    case RunStatus::InProgress:
      return "info";
    case RunStatus::Closed:
    case RunStatus::Completed:
    case RunStatus::Draft:
      return "neutral";
  }
  return "neutral";
}

std::string status_label_key(RunStatus status, bool waiting_list_enabled) {
  if (status == RunStatus::Full && waiting_list_enabled) return "run.status.full_waiting_list";
  return "run.status." + std::string(key_of(status));
}

std::string_view offer_key(SignUpOption option) {
  switch (option) {
    case SignUpOption::SignUp:
      return "sign_up";
    case SignUpOption::WaitingList:
      return "waiting_list";
    case SignUpOption::None:
      return "none";
  }
  return "none";
}

void add_run_offer(nlohmann::json& into, const Run& run, RunStatus status, int waitlisted,
                   const web::Messages& m) {
  const bool waiting_list_enabled = run.waiting_list_enabled;
  const auto offer = sign_up_offer(run, status, waitlisted);
  into["status"] = key_of(status);
  into["status_label"] = m.text(status_label_key(status, waiting_list_enabled));
  into["status_color"] = status_color(status);
  // Open to staff only: "Åpen for påmelding" beside "you are signed up by the
  // organiser" would contradict itself.
  if (offer.refusal_key == "enrollment.refused.staff_only") {
    into["status_label"] = m.text("run.status.staff_only");
    into["status_color"] = "info";
  }
  into["bookable"] = offer.option != SignUpOption::None;
  into["can_sign_up"] = offer.option == SignUpOption::SignUp;
  into["can_join_waiting_list"] = offer.option == SignUpOption::WaitingList;
  if (offer.option == SignUpOption::WaitingList)
    into["waitlist_position"] = offer.waitlist_position;
  if (offer.option == SignUpOption::None) into["refusal"] = m.text(offer.refusal_key);
}

}  // namespace kursbase::http
