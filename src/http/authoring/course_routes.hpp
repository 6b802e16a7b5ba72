#pragma once
// Course authoring for LMS advisors (issue 14), as pages without JavaScript
// and as the JSON API:
//   GET  /ansatt/kurs[?status=&q=&hf=]         the courses they may edit
//   GET  /ansatt/kurs/nytt[?owner=], POST       a new course (a draft)
//   GET  /ansatt/kurs/{id}                      the course's staff page: status, history
//   GET  /ansatt/kurs/{id}/endre, POST          the edit form
//   POST /ansatt/kurs/{id}/status               publish, back to draft, archive
//   GET  /api/v1/staff/courses, POST            list, create (201)
//   GET  /api/v1/staff/courses/{id}, PUT        read, save ({"version": n, ...})
//   POST /api/v1/staff/courses/{id}/status      {"version": n, "status": "published"}
//
// A refused form comes back as typed: 422 with each error linked to its
// field. A save from an old version comes back 409 with the input kept, the
// other person's change shown beside it, and the form now at the current
// version, so saving again is a decision made with both in view.
#include "app/authoring/course_authoring_service.hpp"
#include "app/authoring/run_authoring_service.hpp"
#include "http/core/responder.hpp"
#include "http/core/route_table.hpp"

namespace kursbase::http {

// `runs`: the course page lists the course's runs (http/authoring/run_routes.hpp).
void add_course_authoring_routes(RouteTable& routes, const Responder& responder,
                                 app::CourseAuthoringService& service,
                                 app::RunAuthoringService& runs);

}  // namespace kursbase::http
