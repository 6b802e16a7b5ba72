#pragma once
// How a person's search words are read before they reach the full-text index:
// lay words also find what the catalogue calls them (search_synonyms.hpp), and
// a word the index does not know is replaced by the known word one edit away
// (search_vocabulary.hpp). The page then says "Viser treff for …" with what was
// searched, so nobody is left wondering why a course without their word came up.
#include <string>
#include <vector>

#include "domain/catalogue/search_synonyms.hpp"
#include "domain/catalogue/search_vocabulary.hpp"
#include "domain/catalogue/text_query.hpp"

namespace kursbase {

// One searched word or phrase, as shown to the person.
struct InterpretedTerm {
  std::string typed;                  // folded, as typed (a phrase for a synonym)
  std::vector<std::string> searched;  // what was looked for: the typed word, a
                                      // correction, or the word and its meanings
  bool corrected = false;             // `typed` was unknown and replaced
  bool synonym = false;               // `typed` is a lay word; meanings added
};

struct SearchInterpretation {
  TextQuery query;
  std::vector<InterpretedTerm> terms;  // in the order typed
  // True when something other than the typed words was searched (a correction
  // or a synonym): then the page says what.
  bool changed() const;
};

// `terms`: folded, as from search_terms(). Synonyms are looked up first (the
// longest phrase at each place wins); a word that is neither part of one nor
// known to `vocabulary` is corrected when it can be.
SearchInterpretation interpret_search(const std::vector<std::string>& terms,
                                      const SearchVocabulary& vocabulary,
                                      const std::vector<Synonym>& synonyms = lay_synonyms());

}  // namespace kursbase
