#include "domain/catalogue/text_query.hpp"

namespace kursbase {

std::string TextQuery::key() const {
  std::string out;
  for (const auto& group : groups) {
    for (std::size_t a = 0; a < group.size(); ++a) {
      if (a) out += '|';
      for (std::size_t t = 0; t < group[a].size(); ++t) out += (t ? " " : "") + group[a][t];
    }
    out += ';';
  }
  return out;
}

TextQuery plain_text_query(const std::vector<std::string>& terms) {
  TextQuery q;
  for (const auto& t : terms) q.groups.push_back({{t}});
  return q;
}

}  // namespace kursbase
