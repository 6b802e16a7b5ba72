#pragma once
// The words of the catalogue's full-text index, with how many courses have
// each, for correcting what people mistype ("diabetis" → diabetes). Read from
// the database's own index (store/sql/text_index.hpp), so a word is known here
// exactly when the index can match it, on either engine.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kursbase {

struct SearchWord {
  std::string word;  // folded, as indexed
  int courses = 0;   // courses whose text has it
};

class SearchVocabulary {
 public:
  // Only words of ASCII letters and digits take part in corrections: folded
  // Norwegian is ASCII (æ→ae, ø→o, å→a), and one edit is counted in those letters.
  static constexpr std::size_t kMinCorrectedLength = 5;

  SearchVocabulary() = default;
  explicit SearchVocabulary(std::vector<SearchWord> words);

  // True when some indexed word starts with `term` (the index matches prefixes).
  bool knows(std::string_view term) const;

  // For a term of at least kMinCorrectedLength ASCII letters/digits that the
  // index does not know: the known word or word start one edit away (one
  // letter deleted, inserted or replaced, or two neighbours swapped). A whole
  // word beats a word start; then the one more courses have; then the longer
  // (the more of the word it says); then the first in alphabetical order. Nothing when the term is
  // known or nothing is near.
  std::optional<std::string> correction(std::string_view term) const;

  std::size_t size() const { return words_.size(); }

 private:
  // Courses of the exact word, or 0; and the most courses of any word that
  // starts with `prefix` (0: none does).
  int exact_courses(std::string_view word) const;
  int prefix_courses(std::string_view prefix) const;

  std::vector<SearchWord> words_;  // sorted by word, unique
};

}  // namespace kursbase
