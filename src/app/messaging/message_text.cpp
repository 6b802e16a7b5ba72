#include "app/messaging/message_text.hpp"

#include <cstdio>

namespace kursbase::app {

std::string replace_all(std::string text, std::string_view key, std::string_view value) {
  for (auto pos = text.find(key); pos != std::string::npos;
       pos = text.find(key, pos + value.size()))
    text.replace(pos, key.size(), value);
  return text;
}

std::string local_date_time(const TimeZone& zone, Instant t, std::string_view separator) {
  const auto o = to_local(zone, t);
  char date[16], clock[8];
  std::snprintf(date, sizeof date, "%02d.%02d.%04d", o.day % 100, o.month % 100, o.year % 10000);
  std::snprintf(clock, sizeof clock, "%02d:%02d", o.hour % 100, o.minute % 100);
  return std::string(date) + std::string(separator) + clock;
}

}  // namespace kursbase::app
