#include "http/core/static_routes.hpp"

#include <fstream>
#include <sstream>

#include "http/core/errors.hpp"

namespace kursbase::http {
namespace {

const char* content_type_for(const std::string& name) {
  auto ends = [&](std::string_view ext) {
    return name.size() >= ext.size() &&
           name.compare(name.size() - ext.size(), ext.size(), ext) == 0;
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

void add_static_routes(RouteTable& routes, std::filesystem::path static_dir) {
  routes.add("GET", "/healthz", [](const Request&, const RouteMatch&) {
    return Response::json(200, {{"status", "ok"}});
  });
  routes.add("GET", "/static/*",
             [dir = std::move(static_dir)](const Request&, const RouteMatch& m) {
               const std::string& name = m.params[0];
               // Only names below the static folder: no "..", no absolute paths.
               const bool safe = !name.empty() && name.find("..") == std::string::npos &&
                                 name[0] != '/' && name.find('\\') == std::string::npos;
               std::error_code ec;  // a folder opens as a stream too: only regular files
               if (safe && std::filesystem::is_regular_file(dir / name, ec)) {
                 std::ifstream in(dir / name, std::ios::binary);
                 if (in) {
                   std::ostringstream body;
                   body << in.rdbuf();
                   Response r{200, content_type_for(name), body.str(), {}, false, {}};
                   r.headers.emplace_back("Cache-Control", "public, max-age=3600");
                   return r;
                 }
               }
               return plain_error(not_found("error.page_not_found", "no static file"));
             });
}

}  // namespace kursbase::http
