#include "http/core/formatting.hpp"

#include <cstdio>

namespace kursbase::http {
namespace {

// Fills a pattern's {name}s (each at most once per pattern is not assumed).
std::string fill(std::string pattern,
                 std::initializer_list<std::pair<std::string_view, std::string>> values) {
  for (const auto& [name, value] : values)
    for (auto at = pattern.find(name); at != std::string::npos;
         at = pattern.find(name, at + value.size()))
      pattern.replace(at, name.size(), value);
  return pattern;
}

std::string two_digits(int n) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d", n % 100);
  return buf;
}

// Our own patterns per language (date.pattern.*), not ICU's: its North Sami
// long date is a root-locale fallback ("2026 juovlamánnu 11, bearjadat").
std::string short_date(int day, int month, int year, const web::Messages& m) {
  return fill(m.text("date.pattern.day"),
              {{"{day}", std::to_string(day)},
               {"{day_number}", two_digits(day)},
               {"{month}", m.text("date.month." + std::to_string(month))},
               {"{month_number}", two_digits(month)},
               {"{year}", std::to_string(year)}});
}

std::string clock(const app::LocalTime& o, const web::Messages& m) {
  return fill(m.text("date.pattern.time"),
              {{"{hour}", two_digits(o.hour)}, {"{minute}", two_digits(o.minute)}});
}

}  // namespace

std::string format_short_date(Instant t, const app::TimeZone& zone, const web::Messages& m) {
  const auto o = app::to_local(zone, t);
  return short_date(o.day, o.month, o.year, m);
}

std::string format_day(Day day, const web::Messages& m) {
  const std::chrono::year_month_day ymd{day};
  return short_date(int(unsigned(ymd.day())), int(unsigned(ymd.month())), int(ymd.year()), m);
}

std::string format_date(Instant t, const app::TimeZone& zone, const web::Messages& m) {
  const auto o = app::to_local(zone, t);
  return m.text("date.weekday." + std::to_string(o.weekday)) + " " +
         short_date(o.day, o.month, o.year, m);
}

std::string format_clock(Instant t, const app::TimeZone& zone, const web::Messages& m) {
  return clock(app::to_local(zone, t), m);
}

std::string format_date_time(Instant t, const app::TimeZone& zone, const web::Messages& m) {
  const auto o = app::to_local(zone, t);  // one zone lookup for the date and the time
  return short_date(o.day, o.month, o.year, m) + " " + m.text("date.at") + " " + clock(o, m);
}

std::string tel_uri(std::string_view phone) {
  std::string digits;
  bool plus = false;
  for (char c : phone) {
    if (c >= '0' && c <= '9') digits += c;
    if (c == '+' && digits.empty()) plus = true;
  }
  if (digits.empty()) return {};
  if (!plus && digits.rfind("00", 0) == 0) return "tel:+" + digits.substr(2);
  if (!plus && digits.size() == 8) return "tel:+47" + digits;
  return std::string("tel:") + (plus ? "+" : "") + digits;
}

}  // namespace kursbase::http
