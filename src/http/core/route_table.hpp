#pragma once
// The table of routes: method + path pattern → handler. Feature modules add
// their routes (catalogue_routes.cpp, ...), so no file lists them all.
// Pattern segments: a literal, "{id}" (a positive integer), "{token}" (a
// non-empty segment of letters, digits, '-' and '_'), or a final "*" (the rest).
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "domain/staff/access.hpp"
#include "http/core/request.hpp"
#include "http/core/response.hpp"

namespace kursbase::http {

struct RouteMatch {
  std::vector<std::string> params;  // the {id}/{token}/* parts, in order
  std::int64_t id(std::size_t i = 0) const;
};

using Handler = std::function<Response(const Request&, const RouteMatch&)>;

// Who a route is for. Staff routes need a signed-in staff member (the session
// middleware answers otherwise) and name the action and the kind of object
// their {id} is, so the access-matrix test can enumerate every protected route.
// The action is a declaration, not a check: http makes no access decision of
// its own. Whether the actor may do it to that object is the use case's
// answer (app/staff/access_guard.hpp over domain/staff/access), and what a
// page offers comes from app's Permissions.
struct RouteAccess {
  enum class Audience { Public, Token, Staff };  // Token: holders of a private link
  Audience audience = Audience::Public;
  std::optional<Action> action;  // staff routes: what the handler does
  std::string object_kind;       // staff routes: "run", "course", "enrollment", ...
};

class RouteTable {
 public:
  void add(std::string method, std::string pattern, Handler handler, RouteAccess access = {});

  struct Entry {
    std::string method;
    std::string pattern;
    RouteAccess access;
  };
  // Every route, for tests and documentation.
  std::vector<Entry> entries() const;

  // The handler for the request, or null. `other_methods` lists the methods of
  // routes whose path matched but whose method did not (for 405 and Allow).
  const Handler* match(const Request& request, RouteMatch& match,
                       std::vector<std::string>& other_methods,
                       const RouteAccess** access = nullptr) const;

 private:
  struct Route {
    std::string method;
    std::string pattern;
    std::vector<std::string> segments;
    Handler handler;
    RouteAccess access;
  };
  std::vector<Route> routes_;
};

}  // namespace kursbase::http
