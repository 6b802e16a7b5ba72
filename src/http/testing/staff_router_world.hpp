#pragma once
// Test support for staff routes: the EnrollmentWorld (app/testing) plus a
// real Router with the staff session middleware, CSRF (a fixed key, no TLS)
// and the security finishers installed as `kursbase serve` does; the test adds
// the routes it checks to router_->routes().
//
//   void SetUp() override {
//     ASSERT_NO_FATAL_FAILURE(open_world("my-routes-"));
//     service_ = ...;
//     open_router();
//     add_my_routes(router_->routes(), *responder_, *service_);
//   }
#include <memory>
#include <string>

#include "app/testing/enrollment_world.hpp"
#include "http/core/request.hpp"
#include "http/core/responder.hpp"
#include "http/core/router.hpp"
#include "web/templates.hpp"

namespace kursbase::http::testing {

class StaffRouterWorld : public app::testing::EnrollmentWorld {
 protected:
  using EnrollmentWorld::EnrollmentWorld;

  // Makes responder_ and router_ with the middleware above; after open_world().
  void open_router();

  // A request from 10.0.0.1 carrying the session cookie of `s`; the test adds
  // the body and its Content-Type.
  Request staff_request(const std::string& method, const std::string& target,
                        const app::StartedSession& s);

  web::Templates templates_;
  std::unique_ptr<Responder> responder_;
  std::unique_ptr<Router> router_;
};

}  // namespace kursbase::http::testing
