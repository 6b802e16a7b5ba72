#pragma once
// How search read a person's words (domain/catalogue/search_interpretation.hpp),
// for the search page ("Viser treff for …") and the JSON API's `text`.
#include <nlohmann/json.hpp>
#include <string>

#include "domain/catalogue/search_interpretation.hpp"
#include "web/messages.hpp"

namespace kursbase::http {

// What was searched, as the person reads it: "diabetes kurs" for "diabetis
// kurs", "sukkersyke eller diabetes" for a lay word.
std::string interpreted_text(const SearchInterpretation& text, const web::Messages& m);

// {"shown": interpreted_text, "terms": [{"typed", "searched", "reading"}]}.
nlohmann::json search_text_json(const SearchInterpretation& text, const web::Messages& m);

}  // namespace kursbase::http
