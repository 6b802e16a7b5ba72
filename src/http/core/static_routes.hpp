#pragma once
// Static assets (CSS, fonts, scripts) from one folder, and /healthz.
#include <filesystem>

#include "http/core/route_table.hpp"

namespace kursbase::http {

void add_static_routes(RouteTable& routes, std::filesystem::path static_dir);

}  // namespace kursbase::http
