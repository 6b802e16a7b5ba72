#include "domain/catalogue/practical_info.hpp"

namespace kursbase {

std::string format_kroner(int amount) {
  const bool negative = amount < 0;
  std::string digits = std::to_string(negative ? -static_cast<long long>(amount) : amount);
  std::string out;
  const std::size_t first = digits.size() % 3 == 0 ? 3 : digits.size() % 3;
  out = digits.substr(0, first);
  for (std::size_t i = first; i < digits.size(); i += 3) out += "\u00a0" + digits.substr(i, 3);
  return (negative ? "-" : "") + out + "\u00a0kr";
}

}  // namespace kursbase
