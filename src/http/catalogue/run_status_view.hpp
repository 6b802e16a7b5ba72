#pragma once
// How a run's status and what it offers are shown on every public page (run
// page, course page, search cards, sign-up form), so that they agree: a tag
// whose colour follows the meaning (cancelled is not the grey of closed, open
// is not the colour of full), and a label that speaks of a waiting list only
// when the run has one (issue 12).
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "domain/enrollment/sign_up_offer.hpp"
#include "web/messages.hpp"

namespace kursbase::http {

// A Designsystemet data-color for the status tag.
std::string_view status_color(RunStatus status);

// The message key of the status label: "run.status.<key>", with
// "run.status.full_waiting_list" for a full run that has a waiting list.
std::string status_label_key(RunStatus status, bool waiting_list_enabled);

// Template members for a run's status and offer: status, status_label,
// status_color, bookable, can_sign_up, can_join_waiting_list,
// waitlist_position, and refusal (the text of why not) when nothing is offered.
void add_run_offer(nlohmann::json& into, const Run& run, RunStatus status, int waitlisted,
                   const web::Messages& m);

// "sign_up" | "waiting_list" | "none", for the JSON API.
std::string_view offer_key(SignUpOption option);

}  // namespace kursbase::http
