#include "domain/catalogue/search_vocabulary.hpp"

#include <algorithm>
#include <tuple>

namespace kursbase {
namespace {

constexpr std::string_view kAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

bool is_plain(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); });
}

// Every string one edit from `term`, the term itself excluded (it is unknown).
template <class F>
void for_each_edit(const std::string& term, F&& f) {
  std::string s;
  for (std::size_t i = 0; i < term.size(); ++i) {  // delete
    s = term;
    s.erase(i, 1);
    f(s);
  }
  for (std::size_t i = 0; i + 1 < term.size(); ++i) {  // swap neighbours
    if (term[i] == term[i + 1]) continue;
    s = term;
    std::swap(s[i], s[i + 1]);
    f(s);
  }
  for (std::size_t i = 0; i < term.size(); ++i) {  // replace
    for (char c : kAlphabet) {
      if (c == term[i]) continue;
      s = term;
      s[i] = c;
      f(s);
    }
  }
  for (std::size_t i = 0; i <= term.size(); ++i) {  // insert
    for (char c : kAlphabet) {
      s = term;
      s.insert(s.begin() + std::ptrdiff_t(i), c);
      f(s);
    }
  }
}

}  // namespace

SearchVocabulary::SearchVocabulary(std::vector<SearchWord> words) : words_(std::move(words)) {
  std::sort(words_.begin(), words_.end(),
            [](const SearchWord& a, const SearchWord& b) { return a.word < b.word; });
  // The same word twice (it cannot come from one index, but costs nothing): keep the larger count.
  std::vector<SearchWord> unique;
  for (auto& w : words_) {
    if (!unique.empty() && unique.back().word == w.word)
      unique.back().courses = std::max(unique.back().courses, w.courses);
    else
      unique.push_back(std::move(w));
  }
  words_ = std::move(unique);
}

bool SearchVocabulary::knows(std::string_view term) const { return prefix_courses(term) > 0; }

int SearchVocabulary::exact_courses(std::string_view word) const {
  auto it = std::lower_bound(words_.begin(), words_.end(), word,
                             [](const SearchWord& w, std::string_view t) { return w.word < t; });
  return it != words_.end() && it->word == word ? std::max(it->courses, 1) : 0;
}

int SearchVocabulary::prefix_courses(std::string_view prefix) const {
  // Long enough to find the common words of a prefix; bounded so that a
  // short one does not walk the whole vocabulary.
  constexpr int kScan = 256;
  auto it = std::lower_bound(words_.begin(), words_.end(), prefix,
                             [](const SearchWord& w, std::string_view t) { return w.word < t; });
  int best = 0;
  for (int n = 0; it != words_.end() && n < kScan; ++it, ++n) {
    if (std::string_view(it->word).substr(0, prefix.size()) != prefix) break;
    best = std::max(best, std::max(it->courses, 1));
  }
  return best;
}

std::optional<std::string> SearchVocabulary::correction(std::string_view term) const {
  if (term.size() < kMinCorrectedLength || !is_plain(term) || knows(term)) return std::nullopt;
  // (whole word, courses, length) decides, then the alphabet.
  std::optional<std::string> best;
  std::tuple<bool, int, std::size_t> best_key{false, 0, 0};
  for_each_edit(std::string(term), [&](const std::string& candidate) {
    std::tuple<bool, int, std::size_t> key;
    if (int n = exact_courses(candidate))
      key = {true, n, candidate.size()};
    else if (int p = prefix_courses(candidate))
      key = {false, p, candidate.size()};
    else
      return;
    if (!best || key > best_key || (key == best_key && candidate < *best)) {
      best = candidate;
      best_key = key;
    }
  });
  return best;
}

}  // namespace kursbase
