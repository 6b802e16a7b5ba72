#pragma once
// The table of routes: method + path pattern → handler. Feature modules add
// their routes (catalogue_routes.cpp, ...), so no file lists them all.
// Pattern segments: a literal, "{id}" (a positive integer), "{token}" (a
// non-empty segment of letters, digits, '-' and '_'), or a final "*" (the rest).
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "http/request.hpp"
#include "http/response.hpp"

namespace kursbase::http {

struct RouteMatch {
  std::vector<std::string> params;  // the {id}/{token}/* parts, in order
  std::int64_t id(std::size_t i = 0) const;
};

using Handler = std::function<Response(const Request&, const RouteMatch&)>;

class RouteTable {
 public:
  void add(std::string method, std::string pattern, Handler handler);

  // The handler for the request, or null. `other_methods` lists the methods of
  // routes whose path matched but whose method did not (for 405 and Allow).
  const Handler* match(const Request& request, RouteMatch& match,
                       std::vector<std::string>& other_methods) const;

 private:
  struct Route {
    std::string method;
    std::vector<std::string> segments;
    Handler handler;
  };
  std::vector<Route> routes_;
};

}  // namespace kursbase::http
