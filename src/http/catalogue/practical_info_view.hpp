#pragma once
// A course's practical information (fee, no-show fee, what to bring) as the
// run page and the private link page show it: label and text per line, only
// the lines the course has said something about.
#include <nlohmann/json.hpp>

#include "domain/catalogue/practical_info.hpp"
#include "web/messages.hpp"

namespace kursbase::http {

// [{"label": "Pris", "text": "Gratis"}, ...]; empty when the course said nothing.
nlohmann::json practical_lines(const PracticalInfo& info, const web::Messages& m);

}  // namespace kursbase::http
