#include "web/plural.hpp"

namespace kursbase::web {

std::string_view plural_category(std::string_view language, long long n) {
  if (n == 1) return "one";
  if (language == "se" && n == 2) return "two";
  return "other";
}

}  // namespace kursbase::web
