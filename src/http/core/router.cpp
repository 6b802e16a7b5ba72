#include "http/core/router.hpp"

#include <spdlog/spdlog.h>

#include "http/core/page_language.hpp"

namespace kursbase::http {
namespace {

std::string first_segment(const std::string& path) {
  const auto end = path.find('/', 1);
  return path.substr(1, end == std::string::npos ? std::string::npos : end - 1).substr(0, 40);
}

}  // namespace

Response Router::handle(Request request) const {
  choose_page_language(request);
  Response response;
  try {
    response = route(request);
  } catch (const std::exception& e) {
    // The path may hold a private-link token: log only its first segment.
    spdlog::error("unhandled exception on {} /{}…: {}", request.method, first_segment(request.path),
                  e.what());
    response = responder_.error(request, {ErrorCode::Internal, "error.internal", "exception"});
  } catch (...) {
    spdlog::error("unhandled exception on {} /{}…", request.method, first_segment(request.path));
    response = responder_.error(request, {ErrorCode::Internal, "error.internal", "exception"});
  }
  for (const auto& finish : finishers_) finish(request, response);
  return response;
}

Response Router::route(Request& request) const {
  // Match first, so middleware knows who the route is for (request.route_access).
  RouteMatch match;
  std::vector<std::string> other_methods;
  const RouteAccess* access = nullptr;
  const Handler* handler = routes_.match(request, match, other_methods, &access);
  request.route_access = access;
  if (!handler) {
    // Nothing to protect: no route, or not with this method (405 before CSRF,
    // since answering it changes nothing).
    if (!other_methods.empty()) {
      auto r = responder_.error(
          request, {ErrorCode::MethodNotAllowed, "error.method_not_allowed", "method"});
      std::string allow;
      for (const auto& m : other_methods) allow += (allow.empty() ? "" : ", ") + m;
      if (allow.find("GET") != std::string::npos) allow += ", HEAD";
      r.headers.emplace_back("Allow", allow);
      return r;
    }
    return responder_.error(request, not_found("error.page_not_found", "no route"));
  }
  for (const auto& middleware : middleware_)
    if (auto early = middleware(request)) return std::move(*early);
  return (*handler)(request, match);
}

Response Router::malformed(const Request& request) const {
  return responder_.error(request, kursbase::malformed("error.bad_request", "malformed request"));
}

Response Router::uri_too_long(const Request& request) const {
  return responder_.error(request, {ErrorCode::UriTooLong, "error.bad_request", "target too long"});
}

Response Router::http_version_not_supported(const Request& request) const {
  Response r = responder_.error(request, {ErrorCode::HttpVersionNotSupported, "error.http_version",
                                          "HTTP version not supported"});
  // A client that speaks another version cannot be expected to read on.
  r.headers.emplace_back("Connection", "close");
  return r;
}

Response Router::content_too_large(const Request& request) const {
  return responder_.error(
      request, {ErrorCode::ContentTooLarge, "error.content_too_large", "body too large"});
}

}  // namespace kursbase::http
