#include "http/router.hpp"

#include <spdlog/spdlog.h>

#include <charconv>
#include <fstream>
#include <sstream>

#include "http/catalogue_json.hpp"
#include "http/catalogue_pages.hpp"
#include "http/errors.hpp"

namespace kursbase::http {
namespace {

// "/kurs/123" with prefix "/kurs/" → 123; nullopt when not a positive id.
std::optional<std::int64_t> id_after(const std::string& path, std::string_view prefix) {
  if (path.rfind(prefix, 0) != 0) return std::nullopt;
  const auto rest = std::string_view(path).substr(prefix.size());
  std::int64_t id = 0;
  auto [p, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), id);
  if (ec != std::errc{} || p != rest.data() + rest.size() || id <= 0) return std::nullopt;
  return id;
}

bool starts_with(const std::string& s, std::string_view prefix) { return s.rfind(prefix, 0) == 0; }

const char* content_type_for(const std::string& name) {
  auto ends = [&](std::string_view ext) {
    return name.size() >= ext.size() && name.compare(name.size() - ext.size(), ext.size(), ext) == 0;
  };
  if (ends(".css")) return "text/css; charset=utf-8";
  if (ends(".js")) return "text/javascript; charset=utf-8";
  if (ends(".svg")) return "image/svg+xml";
  if (ends(".png")) return "image/png";
  if (ends(".ico")) return "image/x-icon";
  if (ends(".woff2")) return "font/woff2";
  return "application/octet-stream";
}

}  // namespace

Router::Router(app::CatalogueService& catalogue, const web::Templates& templates,
               std::filesystem::path static_dir)
    : catalogue_(catalogue), templates_(templates), static_dir_(std::move(static_dir)) {}

const web::Messages& Router::messages(const Request& request) const {
  if (auto lang = request.param("lang")) return web::Messages::get(*lang);
  return web::Messages::get("nb");
}

Response Router::handle(const Request& request) const {
  try {
    return route(request);
  } catch (const std::exception& e) {
    spdlog::error("unhandled exception on {} {}: {}", request.method, request.path, e.what());
  } catch (...) {
    spdlog::error("unhandled exception on {} {}", request.method, request.path);
  }
  const Error error{ErrorCode::Unavailable, "error.internal", "exception"};
  auto response = starts_with(request.path, "/api/") ? error_api(request, error)
                                                     : error_html(request, error);
  response.status = 500;
  return response;
}

Response Router::route(const Request& request) const {
  const auto& path = request.path;
  const bool api = starts_with(path, "/api/");
  if (request.method != "GET" && request.method != "HEAD") {
    const Error error{ErrorCode::InvalidInput, "error.method_not_allowed", "method"};
    auto r = api ? error_api(request, error) : error_html(request, error);
    r.status = 405;
    r.headers.emplace_back("Allow", "GET, HEAD");
    return r;
  }
  if (path == "/healthz") return Response::json(200, {{"status", "ok"}});
  if (path == "/") return search_html(request);
  if (path == "/api/v1/courses") return search_api(request);
  if (auto id = id_after(path, "/api/v1/courses/")) return course_api(request, *id);
  if (auto id = id_after(path, "/api/v1/runs/")) return run_api(request, *id);
  if (auto id = id_after(path, "/kurs/")) return course_html(request, *id);
  if (auto id = id_after(path, "/gjennomforing/")) return run_html(request, *id);
  if (starts_with(path, "/static/")) return static_file(path.substr(8));
  const Error error = not_found("error.page_not_found", "no route");
  return api ? error_api(request, error) : error_html(request, error);
}

Response Router::page(const Request& request, int status, const std::string& name,
                      nlohmann::json data) const {
  const auto& m = messages(request);
  data["lang"] = m.language();
  data["page_" + name] = true;
  return Response::html(status, templates_.render_page(m.language(), name, data));
}

Response Router::error_html(const Request& request, const Error& error) const {
  const auto& m = messages(request);
  if (error.code == ErrorCode::Unavailable) spdlog::warn("unavailable: {}", error.detail);
  nlohmann::json data{{"title", m.text(error.message_key)},
                      {"message", m.text(error.message_key)}};
  nlohmann::json fields = nlohmann::json::array();
  for (const auto& f : error.fields)
    fields.push_back({{"field", f.field}, {"message", m.text(f.message_key)}});
  data["fields"] = std::move(fields);
  return page(request, status_for(error.code), "error", std::move(data));
}

Response Router::error_api(const Request& request, const Error& error) const {
  if (error.code == ErrorCode::Unavailable) spdlog::warn("unavailable: {}", error.detail);
  return Response::json(status_for(error.code), error_json(error, messages(request)));
}

Response Router::search_html(const Request& request) const {
  const auto& m = messages(request);
  auto query = parse_catalogue_query(request.query);
  if (!query) {
    return page(request, 400, "search",
                search_page(request.query, CatalogueQuery{}, nullptr, &query.error(), m,
                            catalogue_.now()));
  }
  auto result = catalogue_.search(*query);
  if (!result) {
    if (result.error().code != ErrorCode::InvalidInput) return error_html(request, result.error());
    return page(request, 400, "search",
                search_page(request.query, *query, nullptr, &result.error(), m, catalogue_.now()));
  }
  return page(request, 200, "search",
              search_page(request.query, *query, &*result, nullptr, m, catalogue_.now()));
}

Response Router::search_api(const Request& request) const {
  auto query = parse_catalogue_query(request.query);
  if (!query) return error_api(request, query.error());
  auto result = catalogue_.search(*query);
  if (!result) return error_api(request, result.error());
  return Response::json(200, search_json(*result, messages(request), catalogue_.now()));
}

Response Router::course_html(const Request& request, std::int64_t id) const {
  auto view = catalogue_.course(id);
  if (!view) return error_html(request, view.error());
  return page(request, 200, "course", course_page(*view, messages(request), catalogue_.now()));
}

Response Router::course_api(const Request& request, std::int64_t id) const {
  auto view = catalogue_.course(id);
  if (!view) return error_api(request, view.error());
  return Response::json(200, course_json(*view, catalogue_.now()));
}

Response Router::run_html(const Request& request, std::int64_t id) const {
  auto view = catalogue_.run(id);
  if (!view) return error_html(request, view.error());
  auto course = catalogue_.course(view->record.course_id);
  const Course* c = course ? &course->record.course : nullptr;
  return page(request, 200, "run", run_page(*view, c, messages(request)));
}

Response Router::run_api(const Request& request, std::int64_t id) const {
  auto view = catalogue_.run(id);
  if (!view) return error_api(request, view.error());
  auto course = catalogue_.course(view->record.course_id);
  return Response::json(200, run_json(*view, course ? &course->record.course : nullptr));
}

Response Router::static_file(const std::string& name) const {
  // Only plain names below the static folder: no "..", no absolute paths.
  const bool safe = !name.empty() && name.find("..") == std::string::npos && name[0] != '/' &&
                    name.find('\\') == std::string::npos;
  if (safe) {
    std::ifstream in(static_dir_ / name, std::ios::binary);
    if (in) {
      std::ostringstream body;
      body << in.rdbuf();
      Response r{200, content_type_for(name), body.str(), {}, false};
      r.headers.emplace_back("Cache-Control", "public, max-age=3600");
      return r;
    }
  }
  Response r = Response::html(404, "Not found");
  r.content_type = "text/plain; charset=utf-8";
  return r;
}

}  // namespace kursbase::http
