#include "http/catalogue_routes.hpp"

#include "http/catalogue_json.hpp"
#include "http/catalogue_pages.hpp"

namespace kursbase::http {

void add_catalogue_routes(RouteTable& routes, const Responder& r,
                          app::CatalogueService& catalogue, ResponseCache* cache) {
  auto cached = [cache](Handler h) { return cache ? cache->wrap(std::move(h)) : h; };
  routes.add("GET", "/", cached([&r, &catalogue](const Request& req, const RouteMatch&) {
    const auto& m = r.messages(req);
    auto query = parse_catalogue_query(req.query);
    if (!query)
      return r.page(req, 400, "search",
                    search_page(req.query, CatalogueQuery{}, nullptr, &query.error(), m,
                                catalogue.now()));
    auto result = catalogue.search(*query);
    if (!result) {
      if (result.error().code != ErrorCode::InvalidInput) return r.error_html(req, result.error());
      return r.page(req, 400, "search",
                    search_page(req.query, *query, nullptr, &result.error(), m, catalogue.now()));
    }
    return r.page(req, 200, "search",
                  search_page(req.query, *query, &*result, nullptr, m, catalogue.now()));
  }));

  routes.add("GET", "/api/v1/courses", cached([&r, &catalogue](const Request& req, const RouteMatch&) {
    auto query = parse_catalogue_query(req.query);
    if (!query) return r.error_api(req, query.error());
    auto result = catalogue.search(*query);
    if (!result) return r.error_api(req, result.error());
    return Response::json(200, search_json(*result, r.messages(req), catalogue.now()));
  }));

  routes.add("GET", "/kurs/{id}", [&r, &catalogue](const Request& req, const RouteMatch& m) {
    auto view = catalogue.course(m.id());
    if (!view) return r.error_html(req, view.error());
    return r.page(req, 200, "course", course_page(*view, r.messages(req), catalogue.now()));
  });

  routes.add("GET", "/api/v1/courses/{id}",
             [&r, &catalogue](const Request& req, const RouteMatch& m) {
               auto view = catalogue.course(m.id());
               if (!view) return r.error_api(req, view.error());
               return Response::json(200, course_json(*view, catalogue.now()));
             });

  routes.add("GET", "/gjennomforing/{id}", [&r, &catalogue](const Request& req, const RouteMatch& m) {
    auto view = catalogue.run(m.id());
    if (!view) return r.error_html(req, view.error());
    auto course = catalogue.course(view->record.course_id);
    const Course* c = course ? &course->record.course : nullptr;
    return r.page(req, 200, "run", run_page(*view, c, r.messages(req)));
  });

  routes.add("GET", "/api/v1/runs/{id}", [&r, &catalogue](const Request& req, const RouteMatch& m) {
    auto view = catalogue.run(m.id());
    if (!view) return r.error_api(req, view.error());
    auto course = catalogue.course(view->record.course_id);
    return Response::json(200, run_json(*view, course ? &course->record.course : nullptr));
  });
}

}  // namespace kursbase::http
