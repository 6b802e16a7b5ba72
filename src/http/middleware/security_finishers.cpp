#include "http/middleware/security_finishers.hpp"

namespace kursbase::http {

void install_security_finishers(Router& router, bool tls) {
  router.finish_with([tls](const Request& r, Response& response) {
    const bool protected_route =
        r.route_access && r.route_access->audience != RouteAccess::Audience::Public;
    if (protected_route || r.staff) response.personal_data = true;
    // One year; only over TLS (RFC 6797 §7.2: ignored over plain HTTP anyway).
    if (tls) response.headers.emplace_back("Strict-Transport-Security", "max-age=31536000");
  });
}

}  // namespace kursbase::http
