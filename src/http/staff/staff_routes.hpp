#pragma once
// Staff sign-in and sign-out, the staff start page, the audit search:
//   GET/POST /innlogging, POST /utlogging, GET /ansatt, GET /api/v1/staff/me,
//   and the audit search (http/staff/audit_routes.hpp)
#include "app/staff/audit_log.hpp"
#include "app/staff/staff_accounts.hpp"
#include "http/core/responder.hpp"
#include "http/core/route_table.hpp"
#include "http/middleware/staff_session.hpp"

namespace kursbase::http {

// `oidc_sign_in`: show the "sign in with HelseID" button (OIDC is configured).
void add_staff_routes(RouteTable& routes, const Responder& responder, app::StaffAccounts& accounts,
                      const app::AuditLog& audit, const SessionCookieOptions& cookies,
                      bool oidc_sign_in = false);

}  // namespace kursbase::http
