#include "domain/catalogue/didactic_plan.hpp"

#include <algorithm>

namespace kursbase {

int DidacticPlan::written() const {
  return static_cast<int>(std::count_if(parts.begin(), parts.end(), [](const std::string& p) {
    return p.find_first_not_of(" \t\r\n") != std::string::npos;
  }));
}

}  // namespace kursbase
