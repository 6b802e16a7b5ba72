#pragma once
// The course leader's view of a run and its attendance (issue 3, staff side):
//   GET  /ansatt/gjennomforing/{id}              participants, attendance per
//        session, completion with the 80 % warning, waiting list
//   POST /ansatt/gjennomforing/{id}/oppmote      one mark (csrf, enrollment,
//        session, mark=present|absent, note) → 303 back to the person's row
//   GET  /ansatt/gjennomforing/{id}/oppmote.csv  Excel-ready CSV
//   GET  /ansatt/gjennomforing/{id}/oppmote.xlsx
// Access is decided in app::AttendanceService; every answer is no-store.
#include "app/enrollment/attendance_service.hpp"
#include "http/core/responder.hpp"
#include "http/core/route_table.hpp"

namespace kursbase::http {

void add_attendance_routes(RouteTable& routes, const Responder& responder,
                           const app::AttendanceService& service);

}  // namespace kursbase::http
