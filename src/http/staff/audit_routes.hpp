#pragma once
// The auditor's search of the audit log:
//   GET  /ansatt/logg        the form and the newest entries (criteria in the query)
//   POST /ansatt/logg        a search, with the ID number (never in a URL) and paging
//   POST /ansatt/logg.csv    the same search's entries as a file (recorded as an export)
//   GET
//   /api/v1/audit?person=&account=&hf=&from=&to=&person_name=&staff_name=&course=&offset=&limit=
// The page's search is a POST form so that an ID number typed into it stays out
// of URLs, browser history and proxy logs; its paging and download buttons
// belong to the same form and carry every criterion along.
#include "app/staff/audit_log.hpp"
#include "http/core/responder.hpp"
#include "http/core/route_table.hpp"

namespace kursbase::http {

void add_audit_routes(RouteTable& routes, const Responder& responder, const app::AuditLog& audit);

}  // namespace kursbase::http
