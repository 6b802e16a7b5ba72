#pragma once
// Response headers that depend on who a route is for and how we are served:
// `Cache-Control: no-store` (Response::personal_data) on every Staff and Token
// route and every answer to a signed-in staff member, so no browser or proxy
// keeps personal data; HSTS when the server is reached over TLS.
#include "http/core/router.hpp"

namespace kursbase::http {

void install_security_finishers(Router& router, bool tls);

}  // namespace kursbase::http
