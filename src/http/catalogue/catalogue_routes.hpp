#pragma once
// The public catalogue: search page and API, course and run pages and API.
#include "app/catalogue/catalogue_service.hpp"
#include "http/core/responder.hpp"
#include "http/core/route_table.hpp"
#include "http/middleware/response_cache.hpp"

namespace kursbase::http {

// `cache` (may be null) micro-caches the anonymous search answers.
void add_catalogue_routes(RouteTable& routes, const Responder& responder,
                          app::CatalogueService& catalogue, ResponseCache* cache = nullptr);

}  // namespace kursbase::http
