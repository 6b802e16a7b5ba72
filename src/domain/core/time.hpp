#pragma once
// Instants are UTC seconds; the domain never reads a clock (time comes in as an
// argument). Conversion to Europe/Oslo wall time happens at the edges (web, ical).
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace kursbase {

using Instant = std::chrono::sys_seconds;
using Day = std::chrono::sys_days;

// "2027-03-04T08:30:00Z": the storage and API form, sortable as text.
std::string format_instant(Instant t);
std::optional<Instant> parse_instant(std::string_view text);

// "2027-03-04": a calendar date, as in filters and URLs.
std::string format_day(Day d);
std::optional<Day> parse_day(std::string_view text);

}  // namespace kursbase
