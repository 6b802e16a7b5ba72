#include "domain/catalogue/completion_scheme.hpp"

#include <algorithm>

namespace kursbase {

int required_minutes(const CompletionScheme& scheme, int total_minutes) {
  const long long percent = std::clamp(scheme.required_percent, 0, 100);
  return static_cast<int>((std::max(0, total_minutes) * percent + 99) / 100);
}

}  // namespace kursbase
