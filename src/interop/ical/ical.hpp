#pragma once
// iCalendar (RFC 5545) for a run's sessions: one VEVENT per session with
// DTSTART/DTEND in Europe/Oslo local time (TZID and an embedded VTIMEZONE with
// the EU summer-time rules), UID and DTSTAMP; lines end in CRLF and are folded
// at 75 octets without splitting a UTF-8 character.
//
// The time zone conversion is passed in (app::TimeZone knows Europe/Oslo), so
// this stays free of I/O and tz databases.
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/core/time.hpp"

namespace kursbase::interop {

struct LocalDateTime {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
};
using ToLocal = std::function<LocalDateTime(Instant)>;

struct CalendarEvent {
  std::string uid;  // globally unique and stable: "run-12-session-40@kursbase"
  Instant start{};
  Instant end{};
  std::string summary;
  std::string location;
  std::string description;
  std::string url;
  bool cancelled = false;  // STATUS:CANCELLED (the person cancelled: calendars remove it)
};

// A VCALENDAR with the events; `dtstamp` is when the file was made.
std::string calendar_ics(const std::vector<CalendarEvent>& events, Instant dtstamp,
                         const ToLocal& to_oslo);

// TEXT value escaping (backslash, comma, semicolon, newline).
std::string escape_text(std::string_view text);
// One content line, folded (CRLF + space) so no line exceeds 75 octets; ends in CRLF.
std::string fold_line(std::string_view line);

}  // namespace kursbase::interop
