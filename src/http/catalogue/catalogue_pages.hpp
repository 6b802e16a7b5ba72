#pragma once
// View models (JSON for the Mustache templates) of the public catalogue pages.
#include <nlohmann/json.hpp>

#include "app/catalogue/catalogue_service.hpp"
#include "domain/catalogue/catalogue_query.hpp"
#include "web/messages.hpp"

namespace kursbase::http {

// The search page. `errors` are shown in an error summary with the user's
// input kept in the form; `result` is null when the query was invalid.
nlohmann::json search_page(const QueryParams& raw, const CatalogueQuery& query,
                           const app::CatalogueResult* result, const Error* error,
                           const web::Messages& m, Instant now, const app::TimeZone& zone);
nlohmann::json course_page(const app::CourseView& view, const web::Messages& m, Instant now,
                           const app::TimeZone& zone);
nlohmann::json run_page(const app::RunView& view, const Course* course, const web::Messages& m,
                        const app::TimeZone& zone);

}  // namespace kursbase::http
