#include "domain/catalogue/practical_info.hpp"

namespace kursbase {

std::string format_kroner(int amount) {
  return format_kroner(amount, "{number}\u00a0kr", "\u00a0");
}

std::string format_kroner(int amount, std::string_view pattern, std::string_view group) {
  const bool negative = amount < 0;
  std::string digits = std::to_string(negative ? -static_cast<long long>(amount) : amount);
  const std::size_t first = digits.size() % 3 == 0 ? 3 : digits.size() % 3;
  std::string number = (negative ? "-" : "") + digits.substr(0, first);
  for (std::size_t i = first; i < digits.size(); i += 3)
    number += std::string(group) + digits.substr(i, 3);
  std::string out(pattern);
  const auto at = out.find("{number}");
  if (at == std::string::npos) return number;
  return out.replace(at, 8, number);
}

}  // namespace kursbase
