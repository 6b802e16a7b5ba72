// Notifications by channel (issue 3): who gets e-mail and who an SMS, what an
// SMS says (and does not), and the use case
// writing SMS and reminders to the outbox on the real engines (SQLite;
// "postgres.*" in ctest).
#include "app/messaging/message_channel.hpp"

#include <gtest/gtest.h>

#include "app/enrollment/enrollment_service.hpp"
#include "app/messaging/sealed_message.hpp"
#include "app/testing/enrollment_world.hpp"
#include "app/testing/oslo_time_zone.hpp"
#include "store/testing/enrollment_catalogue.hpp"
#include "web/messages.hpp"

namespace kursbase::app {
namespace {

using store::Channel;
using store::testing::kOpenRun;

std::string nb(std::string_view key) { return web::Messages::get("nb").text(key); }

// First session of kOpenRun: 2027-03-03 09:00 Oslo (08:00 UTC).
Instant first_session() { return *parse_instant("2027-03-03T08:00:00Z"); }

// Characters (UTF-8 code points), as a phone counts them.
std::size_t chars(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

store::PersonRecord person(std::string email, std::string mobile) {
  store::PersonRecord p;
  p.name = "Kari Nordmann";
  p.email = std::move(email);
  p.mobile = std::move(mobile);
  return p;
}

TEST(ChooseChannel, EmailWhenGivenSmsOnlyForAMobileAlone) {
  EXPECT_EQ(choose_channel(person("kari@example.no", "")), Channel::Email);
  EXPECT_EQ(choose_channel(person("kari@example.no", "+4791234567")), Channel::Email);
  EXPECT_EQ(choose_channel(person("", "+4791234567")), Channel::Sms);
  EXPECT_EQ(choose_channel(person("", "")), std::nullopt);
}

TEST(SmsText, ConfirmationNamesCourseDateAndLinkOnly) {
  const std::string link = "https://kurs.example.no/pamelding/abcdefghijklmnopqrstuvwxyz";
  const std::string t =
      sms_text(nb, testing::oslo_time_zone(),
               {"confirmation", "Lær å leve med KOLS", first_session(), link, {}, {}});
  EXPECT_NE(t.find("Lær å leve med KOLS"), std::string::npos) << t;
  EXPECT_NE(t.find("03.03.2027 kl. 09:00"), std::string::npos) << t;  // Oslo time, not UTC
  EXPECT_NE(t.find(link), std::string::npos) << t;
  EXPECT_EQ(t.find('{'), std::string::npos) << "no placeholder left: " << t;
  EXPECT_LE(chars(t), 2 * 153u) << "at most two segments: " << t;
}

TEST(SmsText, EveryKindHasItsOwnShortText) {
  const std::string link = "https://kurs.example.no/pamelding/abcdefghijklmnopqrstuvwxyz0123456789";
  const std::string course(200, 'k');  // a very long title is cut
  for (const std::string kind : {"confirmation", "waitlisted", "promoted", "offered", "reminder",
                                 "cancelled", "cancelled_by_staff"}) {
    const std::string t = sms_text(nb, testing::oslo_time_zone(),
                                   {kind, course, first_session(), link, 4, first_session()});
    EXPECT_NE(nb("sms." + kind), "sms." + kind) << kind << " has a text";
    EXPECT_EQ(t.find('{'), std::string::npos) << kind << ": " << t;
    EXPECT_EQ(t.find(course), std::string::npos) << kind << ": the title is cut";
    EXPECT_NE(t.find(std::string(kSmsCourseChars, 'k') + "…"), std::string::npos) << t;
    EXPECT_LE(chars(t), 2 * 153u) << kind << ": at most two segments";
  }
  EXPECT_NE(
      sms_text(nb, testing::oslo_time_zone(), {"waitlisted", "KOLS", first_session(), link, 4, {}})
          .find("nr. 4"),
      std::string::npos);
}

TEST(SmsText, UnknownKindAndMissingLinkStillMakeSense) {
  const std::string t = sms_text(nb, testing::oslo_time_zone(),
                                 {"moved_by_staff", "KOLS", first_session(), "", {}, {}});
  EXPECT_NE(t.find("KOLS"), std::string::npos) << t;
  EXPECT_NE(t.find(nb("sms.link_in_first_message")), std::string::npos) << t;
  EXPECT_EQ(t.find("sms."), std::string::npos) << "no raw key: " << t;
  const std::string undated =
      sms_text(nb, testing::oslo_time_zone(), {"reminder", "KOLS", std::nullopt, "", {}, {}});
  EXPECT_NE(undated.find(nb("sms.date_unknown")), std::string::npos) << undated;
}

// ------------------------------------------------ the use case and the outbox

constexpr std::uint8_t kKeyByte = 9;

class NotificationTest : public testing::EnrollmentWorld {
 protected:
  NotificationTest() : EnrollmentWorld(kKeyByte) {}

  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(open_world("notify_"));
    EnrollmentSettings settings;
    settings.public_url = "https://kurs.example.no";
    service_ = std::make_unique<EnrollmentService>(*enrollments_, *catalogue_, cipher_, clock(),
                                                   testing::oslo_time_zone(), nb, settings);
  }

  SignUpAnswer sign_up(const std::string& email, const std::string& mobile) {
    SignUpForm f;
    f.name = "Ola Testesen";
    f.email = email;
    f.mobile = mobile;
    f.kind = "patient";
    f.needs = "Trenger rullestolplass";
    f.consent = "1";
    auto a = service_->sign_up(kOpenRun, f, "203.0.113.9");
    EXPECT_TRUE(a.ok()) << (a.ok() ? "" : a.error().detail);
    return a.ok() ? *a : SignUpAnswer{};
  }

  // The due messages, opened as the worker opens them before the send.
  std::vector<store::OutboxItem> due() {
    auto items = outbox_->claim("test", now_, now_ + std::chrono::minutes(5), 100);
    EXPECT_TRUE(items.ok());
    if (!items.ok()) return {};
    for (auto& item : *items) {
      EXPECT_TRUE(item.message.sealed) << "kept sealed at rest";
      EXPECT_EQ(item.message.body.find("pamelding"), std::string::npos) << item.message.body;
      EXPECT_TRUE(open_message(cipher_, item.message).ok());
    }
    return *items;
  }

  std::unique_ptr<EnrollmentService> service_;
};

TEST_F(NotificationTest, MobileOnlySignUpQueuesAShortSms) {
  const auto answer = sign_up("", "+47 912 34 567");
  const auto items = due();
  ASSERT_EQ(items.size(), 1u);
  const auto& m = items[0].message;
  EXPECT_EQ(m.channel, Channel::Sms);
  EXPECT_EQ(m.recipient, "+4791234567");
  EXPECT_EQ(m.kind, "confirmation");
  EXPECT_TRUE(m.attachment.empty());
  EXPECT_NE(m.body.find("Lær å leve med KOLS"), std::string::npos) << m.body;
  EXPECT_NE(m.body.find("03.03.2027 kl. 09:00"), std::string::npos) << m.body;
  EXPECT_NE(m.body.find("https://kurs.example.no/pamelding/" + answer.manage_token),
            std::string::npos)
      << m.body;
  EXPECT_EQ(m.body.find("Ola"), std::string::npos) << "no name: " << m.body;
  EXPECT_EQ(m.body.find("rullestol"), std::string::npos) << "no needs: " << m.body;
  EXPECT_LE(chars(m.body), 2 * 153u) << m.body;
}

TEST_F(NotificationTest, BothGivenGetsEmailWithCalendar) {
  sign_up("ola@example.no", "+4791234567");
  const auto items = due();
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].message.channel, Channel::Email);
  EXPECT_EQ(items[0].message.recipient, "ola@example.no");
  EXPECT_EQ(items[0].message.attachment_name, "kurs.ics");
}

TEST_F(NotificationTest, ReminderOnceInTheWindowWithCourseAndCalendar) {
  sign_up("ola@example.no", "");
  sign_up("", "+4798765432");
  for (const auto& item : due()) ASSERT_TRUE(outbox_->mark_sent(item.id, "test", now_).ok());
  now_ = *parse_instant("2027-02-20T10:00:00Z");  // 11 days before: outside 3 days
  ASSERT_EQ(*service_->queue_reminders(3), 0);
  now_ = *parse_instant("2027-03-01T10:00:00Z");
  ASSERT_EQ(*service_->queue_reminders(3), 2);
  EXPECT_EQ(*service_->queue_reminders(3), 0) << "once per enrollment";
  auto items = due();
  ASSERT_EQ(items.size(), 2u);
  std::sort(items.begin(), items.end(),
            [](const auto& a, const auto& b) { return a.message.channel < b.message.channel; });
  const auto& mail = items[0].message;
  EXPECT_EQ(mail.kind, "reminder");
  EXPECT_EQ(mail.channel, Channel::Email);
  EXPECT_NE(mail.body.find("Lær å leve med KOLS"), std::string::npos) << mail.body;
  EXPECT_EQ(mail.attachment_name, "kurs.ics");
  EXPECT_NE(mail.attachment.find("BEGIN:VEVENT"), std::string::npos);
  const auto& sms = items[1].message;
  EXPECT_EQ(sms.channel, Channel::Sms);
  EXPECT_EQ(sms.recipient, "+4798765432");
  EXPECT_NE(sms.body.find("Påminnelse: Lær å leve med KOLS starter 03.03.2027 kl. 09:00"),
            std::string::npos)
      << sms.body;
}

}  // namespace
}  // namespace kursbase::app
