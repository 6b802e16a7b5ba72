#include "interop/ical/ical.hpp"

#include <gtest/gtest.h>

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
       "LMS Haukeland, Haukelandsveien 22, 5021 BERGEN", "Tema: Hva er KOLS?", "", false},
      {"run-200-session-3@kursbase", *parse_instant("2027-03-31T07:00:00Z"),
       *parse_instant("2027-03-31T10:00:00Z"), "Samling 3", "", "", "", false}};
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

TEST(Ical, EscapesText) { EXPECT_EQ(escape_text("a,b;c\\d\ne\r\nf"), "a\\,b\\;c\\\\d\\ne\\nf"); }

}  // namespace
}  // namespace kursbase::interop
