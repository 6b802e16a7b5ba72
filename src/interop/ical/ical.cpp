#include "interop/ical/ical.hpp"

#include <chrono>
#include <cstdio>
#include <string>

namespace kursbase::interop {
namespace {

constexpr std::size_t kMaxLineOctets = 75;

// Europe/Oslo since 1996: the EU rules (last Sunday of March 01:00 UTC to last
// Sunday of October 01:00 UTC).
constexpr const char* kOsloTimezone[] = {"BEGIN:VTIMEZONE",
                                         "TZID:Europe/Oslo",
                                         "BEGIN:DAYLIGHT",
                                         "TZOFFSETFROM:+0100",
                                         "TZOFFSETTO:+0200",
                                         "TZNAME:CEST",
                                         "DTSTART:19700329T020000",
                                         "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
                                         "END:DAYLIGHT",
                                         "BEGIN:STANDARD",
                                         "TZOFFSETFROM:+0200",
                                         "TZOFFSETTO:+0100",
                                         "TZNAME:CET",
                                         "DTSTART:19701025T030000",
                                         "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
                                         "END:STANDARD",
                                         "END:VTIMEZONE"};

std::string local_text(const LocalDateTime& t) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d%02d%02dT%02d%02d%02d", t.year, t.month, t.day, t.hour,
                t.minute, t.second);
  return buf;
}

std::string utc_text(Instant t) {
  const auto day = std::chrono::floor<std::chrono::days>(t);
  const std::chrono::year_month_day ymd{day};
  const std::chrono::hh_mm_ss hms{t - day};
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d%02u%02uT%02d%02d%02dZ", int(ymd.year()),
                unsigned(ymd.month()), unsigned(ymd.day()), int(hms.hours().count()),
                int(hms.minutes().count()), int(hms.seconds().count()));
  return buf;
}

const char* status_line(EventStatus status) {
  switch (status) {
    case EventStatus::Tentative:
      return "STATUS:TENTATIVE";
    case EventStatus::Cancelled:
      return "STATUS:CANCELLED";
    case EventStatus::Confirmed:
      break;
  }
  return "STATUS:CONFIRMED";
}

}  // namespace

std::string escape_text(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\\' || c == ';' || c == ',') {
      out += '\\';
      out += c;
    } else if (c == '\r') {
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
      out += "\\n";
    } else if (c == '\n') {
      out += "\\n";
    } else if (static_cast<unsigned char>(c) < 0x20 && c != '\t') {
      // other control characters are not allowed in TEXT
    } else {
      out += c;
    }
  }
  return out;
}

std::string fold_line(std::string_view line) {
  std::string out;
  std::size_t used = 0;  // octets on the current physical line
  for (std::size_t i = 0; i < line.size();) {
    // Length of this UTF-8 character.
    const auto lead = static_cast<unsigned char>(line[i]);
    std::size_t n = lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xE ? 3 : 4;
    if (i + n > line.size()) n = line.size() - i;
    if (used + n > kMaxLineOctets) {
      out += "\r\n ";
      used = 1;  // the leading space counts
    }
    out.append(line.substr(i, n));
    used += n;
    i += n;
  }
  out += "\r\n";
  return out;
}

std::string calendar_ics(const std::vector<CalendarEvent>& events, Instant dtstamp,
                         const ToLocal& to_oslo) {
  std::string out;
  auto line = [&](std::string_view l) { out += fold_line(l); };
  line("BEGIN:VCALENDAR");
  line("VERSION:2.0");
  line("PRODID:-//kursbase//kursbase 0.1//NB");
  line("CALSCALE:GREGORIAN");
  line("METHOD:PUBLISH");
  for (const char* l : kOsloTimezone) line(l);
  const std::string stamp = utc_text(dtstamp);
  for (const auto& e : events) {
    line("BEGIN:VEVENT");
    line("UID:" + escape_text(e.uid));
    line("DTSTAMP:" + stamp);
    line("SEQUENCE:" + std::to_string(e.sequence < 0 ? 0 : e.sequence));
    line("DTSTART;TZID=Europe/Oslo:" + local_text(to_oslo(e.start)));
    line("DTEND;TZID=Europe/Oslo:" + local_text(to_oslo(e.end)));
    line("SUMMARY:" + escape_text(e.summary));
    if (!e.location.empty()) line("LOCATION:" + escape_text(e.location));
    if (!e.description.empty()) line("DESCRIPTION:" + escape_text(e.description));
    if (!e.url.empty()) line("URL:" + e.url);
    line(status_line(e.status));
    line("END:VEVENT");
  }
  line("END:VCALENDAR");
  return out;
}

}  // namespace kursbase::interop
