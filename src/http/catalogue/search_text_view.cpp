#include "http/catalogue/search_text_view.hpp"

namespace kursbase::http {

std::string interpreted_text(const SearchInterpretation& text, const web::Messages& m) {
  std::string out;
  for (const auto& term : text.terms) {
    if (!out.empty()) out += ' ';
    for (std::size_t k = 0; k < term.searched.size(); ++k) {
      if (k) out += k + 1 == term.searched.size() ? m.text("search.or") : ", ";
      out += term.searched[k];
    }
  }
  return out;
}

nlohmann::json search_text_json(const SearchInterpretation& text, const web::Messages& m) {
  auto terms = nlohmann::json::array();
  for (const auto& t : text.terms)
    terms.push_back({{"typed", t.typed},
                     {"searched", t.searched},
                     {"reading", t.corrected ? "corrected"
                                 : t.synonym ? "synonym"
                                             : "as_typed"}});
  return {{"shown", interpreted_text(text, m)}, {"terms", std::move(terms)}};
}

}  // namespace kursbase::http
