#include "domain/core/contact_check.hpp"

#include "domain/core/form_text.hpp"

namespace kursbase {

bool plausible_email(std::string_view e) {
  if (e.size() > kMaxEmailLength || has_control(e, false)) return false;
  if (e.find(' ') != std::string_view::npos) return false;
  const auto at = e.find('@');
  if (at == 0 || at == std::string_view::npos || e.find('@', at + 1) != std::string_view::npos)
    return false;
  const auto domain = e.substr(at + 1);
  const auto dot = domain.find('.');
  return dot != std::string_view::npos && dot > 0 && dot + 1 < domain.size() &&
         domain.back() != '.';
}

std::string normalise_phone(std::string_view m) {
  std::string out;
  for (std::size_t i = 0; i < m.size(); ++i) {
    const char c = m[i];
    if (c == ' ' || c == '-' || c == '.') continue;
    if (c == '+' && out.empty()) {
      out += c;
      continue;
    }
    if (c < '0' || c > '9') return {};
    out += c;
  }
  const std::size_t digits = out.size() - (out.rfind('+', 0) == 0 ? 1 : 0);
  if (digits < kMinPhoneDigits || digits > kMaxPhoneDigits) return {};
  return out;
}

}  // namespace kursbase
