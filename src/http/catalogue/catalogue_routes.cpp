#include "http/catalogue/catalogue_routes.hpp"

#include "http/catalogue/catalogue_json.hpp"
#include "http/catalogue/catalogue_pages.hpp"

namespace kursbase::http {

void add_catalogue_routes(RouteTable& routes, const Responder& r, app::CatalogueService& catalogue,
                          ResponseCache* cache) {
  auto cached = [cache](Handler h) { return cache ? cache->wrap(std::move(h)) : h; };
  routes.add("GET", "/", cached([&r, &catalogue](const Request& req, const RouteMatch&) {
               const auto& m = r.messages(req);
               auto query = parse_catalogue_query(req.query);
               Result<app::CatalogueResult> result =
                   query ? catalogue.search(*query) : Result<app::CatalogueResult>(query.error());
               if (result) {
                 return r.page(req, "search",
                               search_page(req.query, *query, &*result, nullptr, m, catalogue.now(),
                                           r.zone()));
               }
               if (result.error().code != ErrorCode::Malformed)
                 return r.error_html(req, result.error());
               // Show the errors with the form as the person left it: search again without
               // the parameters in error, so the other filters and their counts stay.
               const Error error = result.error();
               QueryParams valid;
               for (const auto& p : req.query) {
                 bool bad = false;
                 for (const auto& f : error.fields)
                   bad = bad || f.field == p.first || f.field == "query";
                 if (!bad) valid.push_back(p);
               }
               auto fallback_query = parse_catalogue_query(valid);
               auto fallback = fallback_query
                                   ? catalogue.search(*fallback_query)
                                   : Result<app::CatalogueResult>(fallback_query.error());
               return r.page(req, error, "search",
                             search_page(req.query, fallback ? fallback->query : CatalogueQuery{},
                                         fallback ? &*fallback : nullptr, &error, m,
                                         catalogue.now(), r.zone()));
             }));

  routes.add("GET", "/api/v1/courses",
             cached([&r, &catalogue](const Request& req, const RouteMatch&) {
               auto query = parse_catalogue_query(req.query);
               if (!query) return r.error_api(req, query.error());
               auto result = catalogue.search(*query);
               if (!result) return r.error_api(req, result.error());
               return Response::json(
                   200, search_json(*result, r.messages(req), catalogue.now(), r.zone()));
             }));

  routes.add("GET", "/kurs/{id}", [&r, &catalogue](const Request& req, const RouteMatch& m) {
    auto view = catalogue.course(m.id());
    if (!view) return r.error_html(req, view.error());
    return r.page(req, "course", course_page(*view, r.messages(req), catalogue.now(), r.zone()));
  });

  routes.add("GET", "/api/v1/courses/{id}",
             [&r, &catalogue](const Request& req, const RouteMatch& m) {
               auto view = catalogue.course(m.id());
               if (!view) return r.error_api(req, view.error());
               return Response::json(200, course_json(*view, catalogue.now(), r.zone()));
             });

  routes.add("GET", "/gjennomforing/{id}",
             [&r, &catalogue](const Request& req, const RouteMatch& m) {
               auto view = catalogue.run(m.id());
               if (!view) return r.error_html(req, view.error());
               auto course = catalogue.course(view->record.course_id);
               const Course* c = course ? &course->record.course : nullptr;
               return r.page(req, "run", run_page(*view, c, r.messages(req), r.zone()));
             });

  routes.add("GET", "/api/v1/runs/{id}", [&r, &catalogue](const Request& req, const RouteMatch& m) {
    auto view = catalogue.run(m.id());
    if (!view) return r.error_api(req, view.error());
    auto course = catalogue.course(view->record.course_id);
    return Response::json(200,
                          run_json(*view, course ? &course->record.course : nullptr, r.zone()));
  });
}

}  // namespace kursbase::http
