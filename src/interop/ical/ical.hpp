#pragma once
// iCalendar (RFC 5545) for a run's sessions: one VEVENT per session with
// DTSTART/DTEND in Europe/Oslo local time (TZID and an embedded VTIMEZONE with
// the EU summer-time rules), UID, DTSTAMP, SEQUENCE and STATUS; lines end in
// CRLF and are folded at 75 octets without splitting a UTF-8 character.
//
// The file is METHOD:PUBLISH in every state, a cancellation included: iTIP's
// METHOD:CANCEL (RFC 5546 §3.2.5) needs an ORGANIZER and ATTENDEEs, which a
// mail from a no-reply address cannot honestly give. Calendars apply a
// published event with the same UID and a higher SEQUENCE over their copy, so
// STATUS:CANCELLED with a higher SEQUENCE is what removes or strikes it.
//
// The time zone conversion is passed in (app::TimeZone knows Europe/Oslo), so
// this stays free of I/O and tz databases.
#include <cstdint>
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

// An event's STATUS (RFC 5545 §3.8.1.11).
enum class EventStatus {
  Tentative,  // may happen for this person (a place on the waiting list, an open offer)
  Confirmed,  // the person has a seat
  Cancelled,  // the person cancelled or the run was cancelled: calendars remove it
};

struct CalendarEvent {
  std::string uid;  // globally unique and stable: "run-12-session-40-enrollment-7@kursbase"
  Instant start{};
  Instant end{};
  std::string summary;
  std::string location;
  std::string description;  // plain text; escaped and folded by the writer
  std::string url;
  EventStatus status = EventStatus::Confirmed;
  // Grows with every change of the event (RFC 5545 §3.8.7.4); with the UID it
  // tells a calendar which copy is newer. Never negative.
  std::int64_t sequence = 0;
};

// A VCALENDAR with the events; `dtstamp` is when the file was made.
std::string calendar_ics(const std::vector<CalendarEvent>& events, Instant dtstamp,
                         const ToLocal& to_oslo);

// TEXT value escaping (backslash, comma, semicolon, newline).
std::string escape_text(std::string_view text);
// One content line, folded (CRLF + space) so no line exceeds 75 octets; ends in CRLF.
std::string fold_line(std::string_view line);

}  // namespace kursbase::interop
