// The private link in every message (issue 3): the token is kept sealed, so a
// promotion, an offer, a reminder and a cancellation carry the person's own
// link, and that link opens their enrollment. Real engines (SQLite;
// "postgres.*" in ctest), the real cipher and the bokmål texts.
#include <gtest/gtest.h>

#include "app/enrollment/enrollment_service.hpp"
#include "app/messaging/sealed_message.hpp"
#include "app/testing/enrollment_world.hpp"
#include "app/testing/oslo_time_zone.hpp"
#include "store/testing/enrollment_catalogue.hpp"
#include "store/testing/raw_sql.hpp"
#include "web/messages.hpp"

namespace kursbase::app {
namespace {

using store::testing::kOpenRun;

constexpr const char* kPublicUrl = "https://kurs.example.no";

std::string nb(std::string_view key) { return web::Messages::get("nb").text(key); }

constexpr std::uint8_t kKeyByte = 7;

// The token of the first private link in `text`; empty when there is none.
std::string token_in(const std::string& text) {
  const std::string prefix = std::string(kPublicUrl) + "/pamelding/";
  const auto at = text.find(prefix);
  if (at == std::string::npos) return {};
  const auto start = at + prefix.size();
  const auto end = text.find_first_of(" \n\r\t", start);
  return text.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

class EnrollmentLinkTest : public testing::EnrollmentWorld {
 protected:
  EnrollmentLinkTest() : EnrollmentWorld(kKeyByte) {}

  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(open_world("link_"));
    EnrollmentSettings settings;
    settings.public_url = kPublicUrl;
    service_ = std::make_unique<EnrollmentService>(*enrollments_, *catalogue_, cipher_, clock(),
                                                   testing::oslo_time_zone(), nb, settings);
  }

  SignUpAnswer sign_up(const std::string& name, const std::string& email,
                       const std::string& mobile) {
    SignUpForm f;
    f.name = name;
    f.email = email;
    f.mobile = mobile;
    f.kind = "patient";
    f.consent = "1";
    auto a = service_->sign_up(kOpenRun, f, "203.0.113.9");
    EXPECT_TRUE(a.ok()) << (a.ok() ? "" : a.error().detail);
    return a.ok() ? *a : SignUpAnswer{};
  }

  static const store::OutboxMessage* of_kind(const std::vector<store::OutboxMessage>& ms,
                                             const std::string& kind) {
    for (const auto& m : ms)
      if (m.kind == kind) return &m;
    return nullptr;
  }

  // The message's own link opens the enrollment it is about, in `status`.
  void expect_own_link(const store::OutboxMessage* m, const SignUpAnswer& who,
                       EnrollmentStatus status) {
    ASSERT_NE(m, nullptr);
    const std::string token = token_in(m->body);
    ASSERT_FALSE(token.empty()) << m->kind << ": " << m->body;
    EXPECT_EQ(token, who.manage_token) << m->kind;
    EXPECT_EQ(m->body.find(nb("mail.link_in_first_mail")), std::string::npos) << m->body;
    EXPECT_EQ(m->body.find(nb("sms.link_in_first_message")), std::string::npos) << m->body;
    auto view = service_->view(token);
    ASSERT_TRUE(view.ok()) << m->kind;
    EXPECT_EQ(view->enrollment.id, who.id) << m->kind;
    EXPECT_EQ(view->enrollment.id, m->enrollment_id) << m->kind;
    EXPECT_EQ(view->enrollment.status, status) << m->kind;
  }

  std::string raw_sealed(EnrollmentId id) {
    auto r = store::testing::query_text(
        *db_, "SELECT manage_token_sealed FROM enrollment WHERE id = " + std::to_string(id));
    EXPECT_TRUE(r.ok());
    return r.ok() ? r->value_or(std::string()) : std::string();
  }

  std::unique_ptr<EnrollmentService> service_;
};

TEST_F(EnrollmentLinkTest, TokenIsSealedAtRestNotInPlainText) {
  const auto a = sign_up("Kari Nordmann", "kari@example.no", "");
  ASSERT_FALSE(a.manage_token.empty());
  const std::string sealed = raw_sealed(a.id);
  ASSERT_FALSE(sealed.empty());
  EXPECT_EQ(sealed.find(a.manage_token), std::string::npos) << "no plaintext token";
  EXPECT_NE(sealed, cipher_.token_hash(a.manage_token));
  auto opened = cipher_.open(sealed);
  ASSERT_TRUE(opened.ok());
  EXPECT_EQ(*opened, a.manage_token);
  // Another key cannot open it.
  adapters::SodiumPersonalDataCipher::Key other{};
  other.fill(8);
  EXPECT_FALSE(adapters::SodiumPersonalDataCipher(other).open(sealed).ok());
  // The link is still found by its hash; the sealed value is no link.
  EXPECT_TRUE(service_->view(a.manage_token).ok());
  EXPECT_FALSE(service_->view(sealed).ok());
}

TEST_F(EnrollmentLinkTest, PromotionOfferReminderAndCancellationsCarryTheOwnLink) {
  ASSERT_TRUE(service_->set_capacity(kOpenRun, 1).ok());
  const auto kari = sign_up("Kari Nordmann", "kari@example.no", "");
  const auto ola = sign_up("Ola Hansen", "ola@example.no", "");
  const auto per = sign_up("Per Berg", "", "+4791234567");  // SMS only
  ASSERT_EQ(ola.status, EnrollmentStatus::Waitlisted);
  ASSERT_EQ(per.status, EnrollmentStatus::Waitlisted);
  ASSERT_EQ(take_messages().size(), 3u);

  // Kari cancels: Ola is promoted; both messages carry their own link.
  ASSERT_TRUE(service_->cancel(kari.manage_token).ok());
  auto ms = take_messages();
  ASSERT_EQ(ms.size(), 2u);
  expect_own_link(of_kind(ms, "promoted"), ola, EnrollmentStatus::Confirmed);
  expect_own_link(of_kind(ms, "cancelled"), kari, EnrollmentStatus::Cancelled);

  // Offer mode; staff cancel Ola: Per (SMS) is offered the seat.
  ASSERT_TRUE(enrollments_->set_promotion_mode(kOpenRun, PromotionMode::Offer, 48).ok());
  ASSERT_TRUE(service_->cancel_by_staff(ola.id, "Innlagt", 7).ok());
  ms = take_messages();
  ASSERT_EQ(ms.size(), 2u);
  expect_own_link(of_kind(ms, "cancelled_by_staff"), ola, EnrollmentStatus::Cancelled);
  const auto* offered = of_kind(ms, "offered");
  ASSERT_NE(offered, nullptr);
  EXPECT_EQ(offered->channel, store::Channel::Sms);
  expect_own_link(offered, per, EnrollmentStatus::Offered);

  // Per accepts: the confirmation carries the link; so does the reminder
  // before the first session.
  ASSERT_TRUE(service_->accept_offer(per.manage_token).ok());
  ms = take_messages();
  ASSERT_EQ(ms.size(), 1u);
  expect_own_link(of_kind(ms, "confirmation"), per, EnrollmentStatus::Confirmed);
  now_ = *parse_instant("2027-03-01T10:00:00Z");
  ASSERT_EQ(*service_->queue_reminders(3), 1);
  ms = take_messages();
  ASSERT_EQ(ms.size(), 1u);
  expect_own_link(of_kind(ms, "reminder"), per, EnrollmentStatus::Confirmed);
}

TEST_F(EnrollmentLinkTest, EnrollmentWithoutSealedTokenKeepsTheOldWording) {
  ASSERT_TRUE(service_->set_capacity(kOpenRun, 1).ok());
  const auto kari = sign_up("Kari Nordmann", "kari@example.no", "");
  const auto ola = sign_up("Ola Hansen", "ola@example.no", "");
  ASSERT_EQ(take_messages().size(), 2u);
  // As an enrollment made before migration 0006.
  ASSERT_TRUE(store::testing::exec_sql(
                  *db_, "UPDATE enrollment SET manage_token_sealed = NULL WHERE id = " +
                            std::to_string(ola.id))
                  .ok());
  ASSERT_TRUE(service_->cancel(kari.manage_token).ok());
  const auto ms = take_messages();
  const auto* promoted = of_kind(ms, "promoted");
  ASSERT_NE(promoted, nullptr);
  EXPECT_NE(promoted->body.find(nb("mail.link_in_first_mail")), std::string::npos)
      << promoted->body;
  EXPECT_TRUE(token_in(promoted->body).empty()) << promoted->body;
  // Kari's own cancellation still carries her link.
  expect_own_link(of_kind(ms, "cancelled"), kari, EnrollmentStatus::Cancelled);
}

// Issue 11: a repeated sign-up does not hand out the link; it sends the own
// link again to the contact on file (not to a contact given in the request),
// at most every link_resend_interval, and the person's access log says so.
TEST_F(EnrollmentLinkTest,
       ARepeatedSignUpReSendsTheOwnLinkToTheContactOnFileAtMostEveryQuarterHour) {
  EnrollmentSettings settings;
  settings.public_url = kPublicUrl;
  service_ =
      std::make_unique<EnrollmentService>(*enrollments_, *catalogue_, cipher_, clock(),
                                          testing::oslo_time_zone(), nb, settings, audit_.get());
  const auto first = sign_up("Kari Nordmann", "kari@example.no", "");
  ASSERT_FALSE(first.existing);
  take_messages();  // the confirmation
  // Again, with a mobile number added: same person (name and e-mail).
  const auto again = sign_up("Kari Nordmann", "kari@example.no", "+47 912 34 567");
  EXPECT_TRUE(again.existing);
  EXPECT_TRUE(again.link_resent);
  EXPECT_TRUE(again.manage_token.empty()) << "the link goes by mail, never in the answer";
  auto messages = take_messages();
  ASSERT_EQ(messages.size(), 1u);
  const auto* resent = of_kind(messages, "link_resent");
  ASSERT_NE(resent, nullptr);
  EXPECT_EQ(resent->channel, store::Channel::Email);
  EXPECT_EQ(resent->recipient, "kari@example.no") << "the contact on file";
  expect_own_link(resent, first, EnrollmentStatus::Confirmed);
  // At once again: nothing more.
  const auto third = sign_up("Kari Nordmann", "kari@example.no", "");
  EXPECT_TRUE(third.existing);
  EXPECT_FALSE(third.link_resent);
  EXPECT_TRUE(take_messages().empty());
  // After the interval, once more.
  now_ += std::chrono::minutes(16);
  EXPECT_TRUE(sign_up("Kari Nordmann", "kari@example.no", "").link_resent);
  EXPECT_EQ(take_messages().size(), 1u);
  // Both re-sends are on the person's access log.
  auto view = service_->view(first.manage_token);
  ASSERT_TRUE(view.ok());
  int lines = 0;
  for (const auto& l : view->access_log) lines += l.action == "link_resent";
  EXPECT_EQ(lines, 2);
}

}  // namespace
}  // namespace kursbase::app
