#include "interop/ical/ical.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace kursbase::interop {
namespace {

// A fixed stand-in for Oslo: +1 h in winter, +2 h from 2027-03-28 01:00 UTC.
LocalDateTime fake_oslo(Instant t) {
  const auto summer = *parse_instant("2027-03-28T01:00:00Z");
  const Instant local = t + std::chrono::hours(t >= summer ? 2 : 1);
  const auto day = std::chrono::floor<std::chrono::days>(local);
  const std::chrono::year_month_day ymd{day};
  const std::chrono::hh_mm_ss hms{local - day};
  return {int(ymd.year()),          int(unsigned(ymd.month())), int(unsigned(ymd.day())),
          int(hms.hours().count()), int(hms.minutes().count()), int(hms.seconds().count())};
}

TEST(Ical, EventsInOsloTimeWithTimezoneUidAndStamp) {
  std::vector<CalendarEvent> events{
      {"run-200-session-1@kursbase", *parse_instant("2027-03-03T08:00:00Z"),
       *parse_instant("2027-03-03T11:00:00Z"), "Lær å leve med KOLS, samling 1",
       "LMS Haukeland, Haukelandsveien 22, 5021 BERGEN", "Tema: Hva er KOLS?", "",
       EventStatus::Confirmed, 0},
      {"run-200-session-3@kursbase", *parse_instant("2027-03-31T07:00:00Z"),
       *parse_instant("2027-03-31T10:00:00Z"), "Samling 3", "", "", "", EventStatus::Confirmed, 0}};
  const auto ics = calendar_ics(events, *parse_instant("2027-01-10T10:00:00Z"), fake_oslo);
  EXPECT_EQ(ics.rfind("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n", 0), 0u);
  EXPECT_NE(ics.find("BEGIN:VTIMEZONE\r\nTZID:Europe/Oslo\r\n"), std::string::npos);
  EXPECT_NE(ics.find("DTSTART;TZID=Europe/Oslo:20270303T090000\r\n"), std::string::npos);
  EXPECT_NE(ics.find("DTEND;TZID=Europe/Oslo:20270303T120000\r\n"), std::string::npos);
  // Summer time: 07:00 UTC is 09:00 in Oslo.
  EXPECT_NE(ics.find("DTSTART;TZID=Europe/Oslo:20270331T090000\r\n"), std::string::npos);
  EXPECT_NE(ics.find("UID:run-200-session-1@kursbase\r\n"), std::string::npos);
  EXPECT_NE(ics.find("DTSTAMP:20270110T100000Z\r\n"), std::string::npos);
  EXPECT_NE(ics.find("LOCATION:LMS Haukeland\\, Haukelandsveien 22\\, 5021 BERGEN"),
            std::string::npos);
  EXPECT_EQ(ics.substr(ics.size() - 15), "END:VCALENDAR\r\n");
  // Every line ends in CRLF: no bare LF.
  for (std::size_t i = 0; i < ics.size(); ++i)
    if (ics[i] == '\n') {
      ASSERT_TRUE(i > 0 && ics[i - 1] == '\r') << i;
    }
}

TEST(Ical, FoldsAt75OctetsWithoutSplittingCharacters) {
  std::string summary = "SUMMARY:";
  for (int i = 0; i < 60; ++i) summary += "æø";  // 2-byte characters
  const auto folded = fold_line(summary);
  std::size_t start = 0;
  std::string unfolded;
  while (start < folded.size()) {
    const auto end = folded.find("\r\n", start);
    ASSERT_NE(end, std::string::npos);
    const auto physical = folded.substr(start, end - start);
    EXPECT_LE(physical.size(), 75u);
    // No line starts with a UTF-8 continuation byte after the fold space.
    if (start > 0) {
      ASSERT_EQ(physical[0], ' ');
      EXPECT_NE(static_cast<unsigned char>(physical[1]) & 0xC0, 0x80);
      unfolded += physical.substr(1);
    } else {
      unfolded += physical;
    }
    start = end + 2;
  }
  EXPECT_EQ(unfolded, summary);
  EXPECT_EQ(fold_line("SHORT"), "SHORT\r\n");
}

// The lines of one VEVENT's block in `ics` (from BEGIN:VEVENT to END:VEVENT), unfolded.
std::vector<std::string> event_lines(const std::string& ics, std::size_t nth = 0) {
  std::string unfolded;
  for (std::size_t i = 0; i < ics.size(); ++i) {
    if (ics.compare(i, 3, "\r\n ") == 0) {
      i += 2;
      continue;
    }
    unfolded += ics[i];
  }
  std::vector<std::string> lines;
  std::size_t seen = 0;
  bool inside = false;
  for (std::size_t start = 0; start < unfolded.size();) {
    const auto end = unfolded.find("\r\n", start);
    const auto l = unfolded.substr(start, end - start);
    start = end + 2;
    if (l == "BEGIN:VEVENT") inside = seen++ == nth;
    if (inside) lines.push_back(l);
    if (l == "END:VEVENT") inside = false;
  }
  return lines;
}

bool has(const std::vector<std::string>& lines, const std::string& line) {
  return std::find(lines.begin(), lines.end(), line) != lines.end();
}

CalendarEvent event_with(EventStatus status, std::int64_t sequence) {
  CalendarEvent e;
  e.uid = "run-1-session-2-enrollment-3@kursbase";
  e.start = *parse_instant("2027-03-03T08:00:00Z");
  e.end = *parse_instant("2027-03-03T11:00:00Z");
  e.summary = "KOLS-skolen (1/3)";
  e.status = status;
  e.sequence = sequence;
  return e;
}

TEST(Ical, WritesTheStatusOfEachEvent) {
  const auto stamp = *parse_instant("2027-01-10T10:00:00Z");
  const auto ics =
      calendar_ics({event_with(EventStatus::Tentative, 0), event_with(EventStatus::Confirmed, 0),
                    event_with(EventStatus::Cancelled, 0)},
                   stamp, fake_oslo);
  EXPECT_TRUE(has(event_lines(ics, 0), "STATUS:TENTATIVE"));
  EXPECT_FALSE(has(event_lines(ics, 0), "STATUS:CONFIRMED"));
  EXPECT_TRUE(has(event_lines(ics, 1), "STATUS:CONFIRMED"));
  EXPECT_TRUE(has(event_lines(ics, 2), "STATUS:CANCELLED"));
  // Published in every state (ical.hpp says why not METHOD:CANCEL).
  EXPECT_NE(ics.find("\r\nMETHOD:PUBLISH\r\n"), std::string::npos);
}

TEST(Ical, WritesTheSequenceAndNeverANegativeOne) {
  const auto stamp = *parse_instant("2027-01-10T10:00:00Z");
  const auto ics =
      calendar_ics({event_with(EventStatus::Confirmed, 0), event_with(EventStatus::Confirmed, 42),
                    event_with(EventStatus::Confirmed, -3)},
                   stamp, fake_oslo);
  EXPECT_TRUE(has(event_lines(ics, 0), "SEQUENCE:0"));
  EXPECT_TRUE(has(event_lines(ics, 1), "SEQUENCE:42"));
  EXPECT_TRUE(has(event_lines(ics, 2), "SEQUENCE:0"));
}

TEST(Ical, DescriptionIsEscapedAndFolded) {
  auto e = event_with(EventStatus::Tentative, 1);
  e.description =
      "Du står på venteliste.\nSted: LMS Haukeland, Haukelandsveien 22; 5021 BERGEN\n"
      "Påmeldingen din: https://kurs.example.no/pamelding/"
      "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-AbCdEfGh";
  const auto ics = calendar_ics({e}, *parse_instant("2027-01-10T10:00:00Z"), fake_oslo);
  for (std::size_t start = 0; start < ics.size();) {
    const auto end = ics.find("\r\n", start);
    ASSERT_NE(end, std::string::npos);
    EXPECT_LE(end - start, 75u) << ics.substr(start, end - start);
    start = end + 2;
  }
  EXPECT_TRUE(has(event_lines(ics),
                  "DESCRIPTION:Du står på venteliste.\\nSted: LMS Haukeland\\, "
                  "Haukelandsveien 22\\; 5021 BERGEN\\nPåmeldingen din: "
                  "https://kurs.example.no/pamelding/"
                  "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-AbCdEfGh"))
      << ics;
}

TEST(Ical, EscapesText) { EXPECT_EQ(escape_text("a,b;c\\d\ne\r\nf"), "a\\,b\\;c\\\\d\\ne\\nf"); }

}  // namespace
}  // namespace kursbase::interop
