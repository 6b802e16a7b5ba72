#include "domain/catalogue/programme.hpp"

#include <cstdio>

namespace kursbase {

int Programme::total_teaching_minutes() const {
  int sum = 0;
  for (const auto& item : items) sum += item.teaching_minutes;
  return sum;
}

int Programme::user_representative_minutes() const {
  int sum = 0;
  for (const auto& item : items)
    if (item.teacher != Teacher::Professional) sum += item.teaching_minutes;
  return sum;
}

std::string format_hours(int minutes, char decimal_separator) {
  const bool negative = minutes < 0;
  const long m = negative ? -long(minutes) : long(minutes);
  const long whole = m / 60;
  // hundredths of an hour, rounded half up
  const long hundredths = (m % 60 * 100 + 30) / 60;
  char buf[32];
  if (hundredths == 0) {
    std::snprintf(buf, sizeof buf, "%s%ld", negative ? "-" : "", whole);
  } else if (hundredths % 10 == 0) {
    std::snprintf(buf, sizeof buf, "%s%ld%c%ld", negative ? "-" : "", whole, decimal_separator,
                  hundredths / 10);
  } else {
    std::snprintf(buf, sizeof buf, "%s%ld%c%02ld", negative ? "-" : "", whole, decimal_separator,
                  hundredths);
  }
  return buf;
}

}  // namespace kursbase
