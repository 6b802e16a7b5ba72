#pragma once
// Runs planned by LMS advisors (issue 14), as pages without JavaScript:
//   GET  /ansatt/kurs/{id}/gjennomforing/ny, POST   a new run of the course (a draft)
//   GET  /ansatt/gjennomforing/{id}/endre, POST     the run's form, state and history
//   POST /ansatt/gjennomforing/{id}/tilstand        open for sign-up, back to draft
//   POST /ansatt/gjennomforing/{id}/kopi            a copy starting on another day
// Refusals come back as typed (422, errors linked to fields); a save from an
// old version comes back 409 with the input kept and the other's change named.
#include "app/authoring/run_authoring_service.hpp"
#include "http/core/responder.hpp"
#include "http/core/route_table.hpp"

namespace kursbase::http {

void add_run_authoring_routes(RouteTable& routes, const Responder& responder,
                              app::RunAuthoringService& service);

}  // namespace kursbase::http
