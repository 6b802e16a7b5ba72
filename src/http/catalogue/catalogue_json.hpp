#pragma once
// The catalogue's JSON representations (docs/openapi.yaml describes them).
#include <nlohmann/json.hpp>

#include "app/catalogue/catalogue_service.hpp"
#include "web/messages.hpp"

namespace kursbase::http {

// Facet labels are in the user's language; values are the stable keys.
nlohmann::json search_json(const app::CatalogueResult& result, const web::Messages& m, Instant now,
                           const app::TimeZone& zone);
nlohmann::json course_json(const app::CourseView& view, Instant now, const app::TimeZone& zone);
nlohmann::json run_json(const app::RunView& view, const Course* course, const app::TimeZone& zone);

}  // namespace kursbase::http
