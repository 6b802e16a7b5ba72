#pragma once
// Turns a Request into a Response: runs the middleware (sessions, CSRF, rate
// limits, ...), finds the route, calls its handler, and lets finishers adjust
// the response (cookies). Independent of the server library, so handlers are
// testable without a socket. Never throws.
#include <functional>
#include <optional>
#include <vector>

#include "http/core/request.hpp"
#include "http/core/responder.hpp"
#include "http/core/response.hpp"
#include "http/core/route_table.hpp"

namespace kursbase::http {

// Runs before routing; may annotate the request or answer it (e.g. 403).
using Middleware = std::function<std::optional<Response>(Request&)>;
// Runs after the handler, on every response.
using Finisher = std::function<void(const Request&, Response&)>;

class Router {
 public:
  explicit Router(const Responder& responder) : responder_(responder) {}

  RouteTable& routes() { return routes_; }
  void use(Middleware middleware) { middleware_.push_back(std::move(middleware)); }
  void finish_with(Finisher finisher) { finishers_.push_back(std::move(finisher)); }

  Response handle(Request request) const;
  // The answer to a request the server could not parse (400).
  Response malformed(const Request& request) const;
  // The answer to a request whose target is longer than the server reads (414).
  Response uri_too_long(const Request& request) const;
  // The answer to a request whose body is longer than the server accepts (413).
  Response content_too_large(const Request& request) const;
  // 505: the request line names an HTTP version other than 1.0 and 1.1.
  Response http_version_not_supported(const Request& request) const;

 private:
  Response route(Request& request) const;

  const Responder& responder_;
  RouteTable routes_;
  std::vector<Middleware> middleware_;
  std::vector<Finisher> finishers_;
};

}  // namespace kursbase::http
