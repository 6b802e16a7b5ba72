#pragma once
// Access and erasure requests over the staff JSON API (issue 4):
//   POST /api/v1/staff/person-data/export  {national_id | email | enrollment_id,
//        health_trust_id?} → everything stored about the person (JSON)
//   POST /api/v1/staff/person-data/erase   the same + reason → a summary
// Identifiers travel in the body, never in the URL (URLs end up in logs).
// Scope and audit are decided in app::PersonalDataService; every answer is
// no-store. Field names: docs/openapi.yaml.
#include "app/privacy/personal_data_service.hpp"
#include "http/core/responder.hpp"
#include "http/core/route_table.hpp"

namespace kursbase::http {

void add_person_data_routes(RouteTable& routes, const Responder& responder,
                            const app::PersonalDataService& service);

}  // namespace kursbase::http
