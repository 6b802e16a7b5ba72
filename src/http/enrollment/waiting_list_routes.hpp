#pragma once
// The staff side of a run's waiting list and registration from a referral
// (issue 3). HTML forms that work without JavaScript; every POST carries the
// CSRF token; a bad form answers 422 with the page, an error summary linking
// to the fields, and what was typed.
//   GET  /ansatt/gjennomforing/{id}/venteliste            the list in order with
//        each person's history, capacity, promotion mode, cancel forms
//   POST /ansatt/gjennomforing/{id}/venteliste/flytt      enrollment, position, reason
//   POST /ansatt/gjennomforing/{id}/venteliste/kapasitet  capacity
//   POST /ansatt/gjennomforing/{id}/venteliste/opprykk    mode=automatic|offer, hours
//   POST /ansatt/gjennomforing/{id}/venteliste/avmelding  enrollment, reason
//   GET  /ansatt/gjennomforing/{id}/henvisning            the registration form
//   POST /ansatt/gjennomforing/{id}/henvisning            person fields + referral_date,
//        referring_doctor, referring_doctor_hpr
// Changes answer 303 back to the waiting-list page (`?endret=...`).
// Access is decided in app::WaitingListService (ManageWaitingList) and
// app::ReferralService (RegisterParticipant); every answer is no-store.
#include "app/enrollment/referral_service.hpp"
#include "app/enrollment/waiting_list_service.hpp"
#include "http/core/responder.hpp"
#include "http/core/route_table.hpp"

namespace kursbase::http {

void add_waiting_list_routes(RouteTable& routes, const Responder& responder,
                             const app::WaitingListService& waiting_list,
                             const app::ReferralService& referrals);

}  // namespace kursbase::http
