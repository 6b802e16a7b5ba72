#include "store/sql/index_words.hpp"

#include <locale.h>
#include <wctype.h>

#include <algorithm>

namespace kursbase::store {
namespace {

// glibc's classification in a UTF-8 locale: the same tables PostgreSQL's
// parser consults in a UTF-8 database. C.UTF-8 is built into glibc (2.35+).
locale_t utf8_ctype() {
  static const locale_t locale = ::newlocale(LC_CTYPE_MASK, "C.UTF-8", locale_t{});
  return locale;
}

// Combining diacritical marks (and their supplements, extended and for
// symbols): the accents of decomposed text, dropped as fold_search_text drops
// the precomposed ones.
bool is_combining_mark(char32_t cp) {
  return (cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x1AB0 && cp <= 0x1AFF) ||
         (cp >= 0x1DC0 && cp <= 0x1DFF) || (cp >= 0x20D0 && cp <= 0x20FF) ||
         (cp >= 0xFE20 && cp <= 0xFE2F);
}

bool is_word_character(char32_t cp) {
  if (cp < 0x80)
    return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
  const locale_t locale = utf8_ctype();
  // Without the locale, keep the letter as before: the parity test shows it.
  return locale == locale_t{} || ::iswalnum_l(static_cast<wint_t>(cp), locale) != 0;
}

// The length of the UTF-8 sequence starting with `b0`, 0 if not a lead byte.
std::size_t sequence_length(unsigned char b0) {
  if (b0 < 0x80) return 1;
  if ((b0 & 0xE0) == 0xC0) return 2;
  if ((b0 & 0xF0) == 0xE0) return 3;
  if ((b0 & 0xF8) == 0xF0) return 4;
  return 0;
}

}  // namespace

std::string index_words(std::string_view folded) {
  std::string out;
  out.reserve(folded.size());
  bool pending_space = false;
  for (std::size_t i = 0; i < folded.size();) {
    const auto b0 = static_cast<unsigned char>(folded[i]);
    const std::size_t len = sequence_length(b0);
    if (len == 0 || i + len > folded.size()) {  // not UTF-8: fold_search_text never gives this
      ++i;
      pending_space = true;
      continue;
    }
    char32_t cp = len == 1 ? b0 : b0 & (0x7F >> len);
    for (std::size_t k = 1; k < len; ++k)
      cp = (cp << 6) | (static_cast<unsigned char>(folded[i + k]) & 0x3F);
    if (is_combining_mark(cp)) {
      i += len;
      continue;
    }
    if (!is_word_character(cp)) {
      pending_space = true;
      i += len;
      continue;
    }
    if (pending_space && !out.empty()) out.push_back(' ');
    pending_space = false;
    out.append(folded.substr(i, len));
    i += len;
  }
  return out;
}

std::vector<std::string> index_terms(const std::vector<std::string>& terms) {
  std::vector<std::string> out;
  for (const auto& term : terms) {
    const std::string words = index_words(term);
    for (std::size_t start = 0; start < words.size();) {
      auto end = words.find(' ', start);
      if (end == std::string::npos) end = words.size();
      std::string word = words.substr(start, end - start);
      if (std::find(out.begin(), out.end(), word) == out.end()) out.push_back(std::move(word));
      start = end + 1;
    }
  }
  return out;
}

}  // namespace kursbase::store
