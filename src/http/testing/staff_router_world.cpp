#include "http/testing/staff_router_world.hpp"

#include "app/testing/oslo_time_zone.hpp"
#include "http/middleware/csrf.hpp"
#include "http/middleware/security_finishers.hpp"
#include "http/middleware/staff_session.hpp"

namespace kursbase::http::testing {

void StaffRouterWorld::open_router() {
  responder_ = std::make_unique<Responder>(templates_, app::testing::oslo_time_zone());
  router_ = std::make_unique<Router>(*responder_);
  install_staff_sessions(*router_, *responder_, *accounts_, {});
  install_csrf(*router_, *responder_, {std::string(32, 'k'), false, {}});
  install_security_finishers(*router_, false);
}

Request StaffRouterWorld::staff_request(const std::string& method, const std::string& target,
                                        const app::StartedSession& s) {
  Request r;
  r.method = method;
  r.target = target;
  EXPECT_TRUE(parse_target(target, r.path, r.query));
  r.client_address = "10.0.0.1";
  r.headers.emplace_back("Cookie", "kursbase_session=" + s.token);
  return r;
}

}  // namespace kursbase::http::testing
