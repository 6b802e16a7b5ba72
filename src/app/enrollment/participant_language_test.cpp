// A participant's language (issue 13): chosen at sign-up, kept with the
// enrollment and used for every later mail, SMS and calendar file, with the
// language's own dates and amounts. Real engines (SQLite; "postgres.*" in
// ctest), the real cipher and the real web/i18n catalogues.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "app/enrollment/enrollment_service.hpp"
#include "app/messaging/message_text.hpp"
#include "app/messaging/sealed_message.hpp"
#include "app/testing/enrollment_world.hpp"
#include "app/testing/oslo_time_zone.hpp"
#include "store/testing/enrollment_catalogue.hpp"
#include "web/messages.hpp"

namespace kursbase::app {
namespace {

using store::testing::kOpenCourseSamiTitle;
using store::testing::kOpenRun;
using store::testing::kReferralRun;

constexpr std::uint8_t kKeyByte = 11;

std::string text(std::string_view language, std::string_view key) {
  return web::Messages::get(language).text(key);
}

std::string with_course(std::string t, const std::string& course) {
  return replace_all(std::move(t), "{course}", course);
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// An .ics as text to search: lines unfolded, TEXT escapes undone.
std::string ics_text(const std::string& ics) {
  std::string out;
  for (std::size_t i = 0; i < ics.size(); ++i) {
    if (ics.compare(i, 3, "\r\n ") == 0) {
      i += 2;
    } else if (ics[i] == '\\' && i + 1 < ics.size()) {
      ++i;
      out += ics[i] == 'n' ? '\n' : ics[i];
    } else {
      out += ics[i];
    }
  }
  return out;
}

class ParticipantLanguageTest : public testing::EnrollmentWorld {
 protected:
  ParticipantLanguageTest() : EnrollmentWorld(kKeyByte) {}

  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(open_world("language_"));
    EnrollmentSettings settings;
    settings.public_url = "https://kurs.example.no";
    service_ = std::make_unique<EnrollmentService>(*enrollments_, *catalogue_, cipher_, clock(),
                                                   testing::oslo_time_zone(), LanguageTexts(text),
                                                   settings);
    auto info = service_->form_info(kOpenRun);
    ASSERT_TRUE(info.ok());
    course_ = info->run.course_title;
  }

  SignUpAnswer sign_up(RunId run, const std::string& language, const std::string& email,
                       const std::string& mobile = "", const std::string& relative = "") {
    SignUpForm f;
    f.name = "Ánde Ánte";
    f.email = email;
    f.mobile = mobile;
    f.kind = "patient";
    f.consent = "1";
    f.language = language;
    if (run == kReferralRun) f.national_id = "13097248022";
    if (!relative.empty()) {
      f.relative_name = "Biret Ánte";
      f.relative_email = relative;
    }
    auto a = service_->sign_up(run, f, "203.0.113.7");
    EXPECT_TRUE(a.ok()) << (a.ok() ? "" : a.error().detail);
    return a.ok() ? *a : SignUpAnswer{};
  }

  static const store::OutboxMessage* to(const std::vector<store::OutboxMessage>& ms,
                                        const std::string& recipient) {
    for (const auto& m : ms)
      if (m.recipient == recipient) return &m;
    ADD_FAILURE() << "no message to " << recipient;
    return nullptr;
  }

  std::unique_ptr<EnrollmentService> service_;
  std::string course_;
};

TEST_F(ParticipantLanguageTest, ASamiSignUpIsAnsweredInSamiWithASamiCalendarAndSoIsTheRelative) {
  const auto a = sign_up(kOpenRun, "se", "ande@example.no", "", "biret@example.no");
  // The course has a Sami title: every Sami message names it so.
  const std::string bokmal_title = course_;
  course_ = kOpenCourseSamiTitle;
  const auto ms = take_messages();
  ASSERT_EQ(ms.size(), 2u);
  for (const auto* m : {to(ms, "ande@example.no"), to(ms, "biret@example.no")}) {
    ASSERT_TRUE(m);
    EXPECT_EQ(m->subject, with_course(text("se", "mail.confirmation.subject"), course_));
    EXPECT_NE(m->subject, with_course(text("nb", "mail.confirmation.subject"), course_));
    EXPECT_TRUE(contains(m->body, text("se", "mail.footer"))) << m->body;
    EXPECT_TRUE(contains(m->body, text("se", "mail.details.sessions"))) << m->body;
    EXPECT_FALSE(contains(m->body, text("nb", "mail.footer"))) << m->body;
    EXPECT_FALSE(contains(m->subject + m->body, bokmal_title)) << m->body;
    // The sessions by the Sami pattern: "dii." and a full stop in the time.
    EXPECT_TRUE(contains(m->body, " dii. ")) << m->body;
    EXPECT_FALSE(contains(m->body, " kl. ")) << m->body;
    const auto ics = ics_text(m->attachment);
    EXPECT_TRUE(contains(ics, "SUMMARY:" + course_ + " (1/3)")) << ics;
    EXPECT_TRUE(contains(ics, "DESCRIPTION:" + text("se", "calendar.status.confirmed"))) << ics;
  }
  // Later messages too: the cancellation, and the downloaded calendar.
  ASSERT_TRUE(service_->cancel(a.manage_token).ok());
  const auto later = take_messages();
  const auto* cancelled = to(later, "ande@example.no");
  ASSERT_TRUE(cancelled);
  EXPECT_EQ(cancelled->subject, with_course(text("se", "mail.cancelled.subject"), course_));
  auto ics = service_->calendar(a.manage_token);
  ASSERT_TRUE(ics.ok());
  const std::string summary = with_course(text("se", "calendar.summary.cancelled"), course_);
  EXPECT_TRUE(contains(ics_text(*ics), "SUMMARY:" + summary.substr(0, summary.find('('))))
      << ics_text(*ics);
  EXPECT_TRUE(contains(ics_text(*ics), text("se", "calendar.status.cancelled")));
}

// A course without a text in the participant's language is named by its own.
TEST_F(ParticipantLanguageTest, ACourseWithoutASamiTitleIsNamedByItsOwnInSamiMessages) {
  sign_up(kReferralRun, "se", "ande@example.no");
  const auto ms = take_messages();
  const auto* m = to(ms, "ande@example.no");
  ASSERT_TRUE(m);
  auto info = service_->form_info(kReferralRun);
  ASSERT_TRUE(info.ok());
  EXPECT_TRUE(contains(m->subject, info->run.course_title)) << m->subject;
  EXPECT_TRUE(contains(m->body, text("se", "mail.footer"))) << m->body;
}

TEST_F(ParticipantLanguageTest, AnSmsIsInTheParticipantsLanguageWithItsDate) {
  sign_up(kOpenRun, "nn", "", "+4798765432");
  const auto ms = take_messages();
  const auto* sms = to(ms, "+4798765432");
  ASSERT_TRUE(sms);
  EXPECT_EQ(sms->channel, store::Channel::Sms);
  const std::string pattern = text("nn", "sms.confirmation");
  ASSERT_NE(pattern, text("nb", "sms.confirmation"));
  // Every fixed part of the nynorsk text, in order, around what is filled in.
  std::size_t at = 0;
  for (std::size_t from = 0; from < pattern.size();) {
    const auto open = pattern.find('{', from);
    const std::string part = pattern.substr(from, open - from);
    const auto found = sms->body.find(part, at);
    ASSERT_NE(found, std::string::npos) << "«" << part << "» in " << sms->body;
    at = found + part.size();
    if (open == std::string::npos) break;
    from = pattern.find('}', open) + 1;
  }
  EXPECT_TRUE(contains(sms->body, course_.substr(0, 20))) << sms->body;
}

TEST_F(ParticipantLanguageTest, EnglishMailsNameTheMonthAndWriteKronerTheEnglishWay) {
  sign_up(kReferralRun, "en", "english@example.no");
  const auto ms = take_messages();
  const auto* m = to(ms, "english@example.no");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->kind, "referral_requested");
  EXPECT_TRUE(contains(m->body, "NOK\u00a0350")) << m->body;
  EXPECT_TRUE(contains(m->body, "NOK\u00a0700")) << m->body;
  EXPECT_FALSE(contains(m->body, "350\u00a0kr")) << m->body;
  EXPECT_TRUE(contains(m->body, " at ")) << m->body;
}

TEST_F(ParticipantLanguageTest, WithoutAChoiceTheMessagesAreInBokmaal) {
  sign_up(kOpenRun, "", "bokmal@example.no");
  const auto ms = take_messages();
  const auto* m = to(ms, "bokmal@example.no");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->subject, with_course(text("nb", "mail.confirmation.subject"), course_));
  EXPECT_TRUE(contains(m->body, " kl. ")) << m->body;
}

// The dates and times a message writes, per language, on the Oslo clock
// (3 March 2027 09:00 in Oslo is 08:00 UTC).
TEST(MessageDates, EachLanguageWritesItsOwn) {
  const auto t = *parse_instant("2027-03-03T08:00:00Z");
  const auto& zone = testing::oslo_time_zone();
  auto in = [](const char* l) {
    return [l](std::string_view key) { return web::Messages::get(l).text(key); };
  };
  EXPECT_EQ(message_date_time(zone, t, in("nb")), "03.03.2027 kl. 09:00");
  EXPECT_EQ(message_date_time(zone, t, in("nb"), false), "03.03.2027 09:00");
  EXPECT_EQ(message_date_time(zone, t, in("en")), "3 March 2027 at 09:00");
  EXPECT_EQ(message_date_time(zone, t, in("se")), "03.03.2027 dii. 09.00");
  EXPECT_EQ(message_clock(zone, t, in("se")), "09.00");
  EXPECT_EQ(message_clock(zone, t, in("en")), "09:00");
  EXPECT_EQ(message_kroner(1500, in("en")), "NOK\u00a01,500");
  EXPECT_EQ(message_kroner(1500, in("nn")), "1\u00a0500\u00a0kr");
  // A lookup without the keys (a test's) still writes the bokmål way.
  auto echo = [](std::string_view key) { return std::string(key); };
  EXPECT_EQ(message_date_time(zone, t, echo), "03.03.2027 kl. 09:00");
  EXPECT_EQ(message_kroner(350, echo), "350\u00a0kr");
}

}  // namespace
}  // namespace kursbase::app
