#pragma once
// What the full-text index is asked, after the app has read a person's terms
// (search_interpretation.hpp): every group must match; a group matches when
// any of its alternatives does; an alternative matches when all of its folded
// terms are word prefixes in a course's text. A plain search is one group of
// one alternative of one term per typed word.
#include <string>
#include <vector>

namespace kursbase {

using TermAlternatives = std::vector<std::vector<std::string>>;

struct TextQuery {
  std::vector<TermAlternatives> groups;

  bool empty() const { return groups.empty(); }
  // One string per distinct query, for caching matches ("a|b c" style).
  std::string key() const;
};

// Each term a group of its own: every term must match, as typed.
TextQuery plain_text_query(const std::vector<std::string>& terms);

}  // namespace kursbase
