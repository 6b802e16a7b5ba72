#include "domain/enrollment/attendance.hpp"

#include <gtest/gtest.h>

namespace kursbase {
namespace {

Instant at(const char* s) { return *parse_instant(s); }

const Session kSession{1, at("2027-03-03T08:00:00Z"), at("2027-03-03T11:00:00Z")};

std::string first_field_key(const Status& s) {
  return s.ok() || s.error().fields.empty() ? std::string() : s.error().fields.front().message_key;
}

TEST(Attendance, NotBeforeTheSessionHasStarted) {
  const auto early =
      check_attendance(kSession, AttendanceMark::Present, std::nullopt, at("2027-03-03T07:59:59Z"));
  ASSERT_FALSE(early.ok());
  EXPECT_EQ(early.error().code, ErrorCode::InvalidInput);
  EXPECT_EQ(early.error().message_key, "attendance.error.invalid");
  EXPECT_EQ(first_field_key(early), "attendance.error.not_started");
  EXPECT_TRUE(
      check_attendance(kSession, AttendanceMark::Present, std::nullopt, at("2027-03-03T08:00:00Z"))
          .ok());
  // After the session, any time (a list filled in the next day).
  EXPECT_TRUE(
      check_attendance(kSession, AttendanceMark::Absent, std::nullopt, at("2027-04-03T08:00:00Z"))
          .ok());
  EXPECT_TRUE(
      check_attendance(kSession, AttendanceMark::Excused, std::nullopt, at("2027-03-03T09:00:00Z"))
          .ok());
}

TEST(Attendance, PartialNeedsMinutesWithinTheSession) {
  const auto now = at("2027-03-03T12:00:00Z");
  EXPECT_EQ(session_minutes(kSession), 180);
  EXPECT_TRUE(check_attendance(kSession, AttendanceMark::Partial, 90, now).ok());
  EXPECT_TRUE(check_attendance(kSession, AttendanceMark::Partial, 1, now).ok());
  for (const auto minutes : {std::optional<int>(), std::optional<int>(0), std::optional<int>(-5),
                             std::optional<int>(180), std::optional<int>(181)}) {
    const auto s = check_attendance(kSession, AttendanceMark::Partial, minutes, now);
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(first_field_key(s), "attendance.error.minutes");
  }
}

TEST(Attendance, UnrecordedIsNotAMarkToRecord) {
  const auto s = check_attendance(kSession, AttendanceMark::Unrecorded, std::nullopt,
                                  at("2027-03-04T00:00:00Z"));
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(first_field_key(s), "attendance.error.mark");
}

TEST(Attendance, KeysOfTheStatuses) {
  EXPECT_EQ(parse_key<AttendanceMark>("excused"), AttendanceMark::Excused);
  EXPECT_EQ(parse_key<AttendanceMark>("partial"), AttendanceMark::Partial);
  EXPECT_EQ(key_of(AttendanceMark::Absent), "absent");
}

}  // namespace
}  // namespace kursbase
