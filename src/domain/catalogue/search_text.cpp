#include "domain/catalogue/search_text.hpp"

#include <cstdint>

namespace kursbase {
namespace {

// Decodes one code point at `i`; returns false on invalid UTF-8 (and skips a byte).
bool next_code_point(std::string_view s, std::size_t& i, char32_t& cp) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  int len = 0;
  if (b0 < 0x80) {
    cp = b0;
    len = 1;
  } else if ((b0 & 0xE0) == 0xC0) {
    cp = b0 & 0x1F;
    len = 2;
  } else if ((b0 & 0xF0) == 0xE0) {
    cp = b0 & 0x0F;
    len = 3;
  } else if ((b0 & 0xF8) == 0xF0) {
    cp = b0 & 0x07;
    len = 4;
  } else {
    ++i;
    return false;
  }
  if (i + len > s.size()) {
    ++i;
    return false;
  }
  for (int k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) {
      ++i;
      return false;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  static constexpr char32_t kMinForLength[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMinForLength[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    ++i;
    return false;
  }
  i += len;
  return true;
}

// The folded ASCII spelling of a Latin-1/Latin Extended-A letter, or nullptr.
const char* fold_latin(char32_t cp) {
  switch (cp) {
    case U'æ':
    case U'Æ':
      return "ae";
    case U'ø':
    case U'Ø':
    case U'ö':
    case U'Ö':
    case U'ó':
    case U'Ó':
    case U'ò':
    case U'Ò':
    case U'ô':
    case U'Ô':
    case U'õ':
    case U'Õ':
      return "o";
    case U'å':
    case U'Å':
    case U'ä':
    case U'Ä':
    case U'á':
    case U'Á':
    case U'à':
    case U'À':
    case U'â':
    case U'Â':
    case U'ã':
    case U'Ã':
    case U'ā':
    case U'Ā':
      return "a";
    case U'é':
    case U'É':
    case U'è':
    case U'È':
    case U'ê':
    case U'Ê':
    case U'ë':
    case U'Ë':
      return "e";
    case U'í':
    case U'Í':
    case U'ì':
    case U'Ì':
    case U'î':
    case U'Î':
    case U'ï':
    case U'Ï':
      return "i";
    case U'ú':
    case U'Ú':
    case U'ù':
    case U'Ù':
    case U'û':
    case U'Û':
    case U'ü':
    case U'Ü':
      return "u";
    case U'ç':
    case U'Ç':
    case U'č':
    case U'Č':
      return "c";
    case U'ñ':
    case U'Ñ':
    case U'ŋ':
    case U'Ŋ':
      return "n";
    case U'š':
    case U'Š':
      return "s";
    case U'ž':
    case U'Ž':
      return "z";
    case U'đ':
    case U'Đ':
      return "d";
    case U'ŧ':
    case U'Ŧ':
      return "t";
    case U'ý':
    case U'Ý':
    case U'ÿ':
      return "y";
    case U'ß':
      return "ss";
    default:
      return nullptr;
  }
}

}  // namespace

std::string fold_search_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool pending_space = false;
  auto put = [&](std::string_view piece) {
    if (pending_space && !out.empty()) out.push_back(' ');
    pending_space = false;
    out.append(piece);
  };
  for (std::size_t i = 0; i < text.size();) {
    char32_t cp;
    if (!next_code_point(text, i, cp)) continue;
    if (cp < 0x80) {
      const char c = static_cast<char>(cp);
      if (c >= 'A' && c <= 'Z') {
        const char lower = static_cast<char>(c - 'A' + 'a');
        put(std::string_view(&lower, 1));
      } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
        put(std::string_view(&c, 1));
      } else {
        pending_space = true;
      }
    } else if (const char* folded = fold_latin(cp)) {
      put(folded);
    } else {
      // Letters we cannot fold (e.g. Arabic script) are kept as they are; other
      // symbols separate words. The engines' tokenizers agree on these.
      if (cp >= 0x2000 && cp <= 0x2BFF) {  // punctuation, symbols, arrows
        pending_space = true;
        continue;
      }
      if (pending_space && !out.empty()) out.push_back(' ');
      pending_space = false;
      out.append(text.substr(i - (cp < 0x800     ? 2
                                  : cp < 0x10000 ? 3
                                                 : 4),
                             cp < 0x800     ? 2
                             : cp < 0x10000 ? 3
                                            : 4));
    }
  }
  return out;
}

std::string alphabetical_key(std::string_view text) {
  // Bytes after 'z' for æ, ø, å; what lies between them is folded as usual.
  std::string out;
  std::size_t segment = 0;
  for (std::size_t i = 0; i + 1 < text.size(); ++i) {
    if (static_cast<unsigned char>(text[i]) != 0xC3) continue;
    char marker = 0;
    switch (static_cast<unsigned char>(text[i + 1])) {
      case 0xA6:
      case 0x86:
        marker = '{';
        break;  // æ Æ
      case 0xB8:
      case 0x98:
        marker = '|';
        break;  // ø Ø
      case 0xA5:
      case 0x85:
        marker = '}';
        break;  // å Å
      default:
        continue;
    }
    out += fold_search_text(text.substr(segment, i - segment));
    out += marker;
    segment = i + 2;
    ++i;
  }
  out += fold_search_text(text.substr(segment));
  return out;
}

std::vector<std::string> search_terms(std::string_view query, std::size_t max_terms) {
  static constexpr std::size_t kMaxTermBytes = 64;
  std::vector<std::string> terms;
  const std::string folded = fold_search_text(query);
  std::size_t start = 0;
  while (start < folded.size() && terms.size() < max_terms) {
    auto end = folded.find(' ', start);
    if (end == std::string::npos) end = folded.size();
    if (end > start) {
      std::size_t cut = std::min(end - start, kMaxTermBytes);
      // never cut inside a UTF-8 sequence
      while (cut < end - start && cut > 0 &&
             (static_cast<unsigned char>(folded[start + cut]) & 0xC0) == 0x80)
        --cut;
      std::string term = folded.substr(start, cut);
      bool seen = false;
      for (const auto& t : terms) seen = seen || t == term;
      if (!seen) terms.push_back(std::move(term));
    }
    start = end + 1;
  }
  return terms;
}

bool is_valid_utf8(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    char32_t cp;
    if (!next_code_point(text, i, cp)) return false;
  }
  return true;
}

}  // namespace kursbase
