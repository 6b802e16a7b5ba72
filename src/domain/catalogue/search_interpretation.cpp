#include "domain/catalogue/search_interpretation.hpp"

#include <algorithm>

namespace kursbase {
namespace {

std::string joined(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words) out += (out.empty() ? "" : " ") + w;
  return out;
}

// The synonym whose phrase starts at terms[at], the longest if several do.
const Synonym* synonym_at(const std::vector<std::string>& terms, std::size_t at,
                          const std::vector<Synonym>& synonyms) {
  const Synonym* best = nullptr;
  for (const auto& s : synonyms) {
    if (s.words.empty() || at + s.words.size() > terms.size()) continue;
    if (!std::equal(s.words.begin(), s.words.end(), terms.begin() + std::ptrdiff_t(at))) continue;
    if (!best || s.words.size() > best->words.size()) best = &s;
  }
  return best;
}

}  // namespace

bool SearchInterpretation::changed() const {
  return std::any_of(terms.begin(), terms.end(),
                     [](const InterpretedTerm& t) { return t.corrected || t.synonym; });
}

SearchInterpretation interpret_search(const std::vector<std::string>& terms,
                                      const SearchVocabulary& vocabulary,
                                      const std::vector<Synonym>& synonyms) {
  SearchInterpretation out;
  for (std::size_t i = 0; i < terms.size();) {
    if (const Synonym* s = synonym_at(terms, i, synonyms)) {
      InterpretedTerm t{joined(s->words), {s->phrase}, false, true};
      TermAlternatives group{s->words};
      for (std::size_t m = 0; m < s->meanings.size(); ++m) {
        t.searched.push_back(s->meanings[m]);
        group.push_back(s->meaning_terms[m]);
      }
      out.terms.push_back(std::move(t));
      out.query.groups.push_back(std::move(group));
      i += s->words.size();
      continue;
    }
    const std::string& term = terms[i++];
    InterpretedTerm t{term, {term}, false, false};
    if (auto fixed = vocabulary.correction(term)) {
      t.searched = {*fixed};
      t.corrected = true;
    }
    out.query.groups.push_back({{t.searched.front()}});
    out.terms.push_back(std::move(t));
  }
  return out;
}

}  // namespace kursbase
