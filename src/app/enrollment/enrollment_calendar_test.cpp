// The person's calendar in every state (issue 12): waitlisted and offered are
// TENTATIVE, a seat is CONFIRMED, a cancellation (theirs or the run's) is
// CANCELLED; the UIDs stay, SEQUENCE grows with every change; DESCRIPTION
// gives the place and the private link; accepting an offer sends the
// confirmation with the calendar. Real engines (SQLite; "postgres.*" in
// ctest), the real cipher and the bokmål texts.
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "app/enrollment/enrollment_service.hpp"
#include "app/messaging/message_text.hpp"
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
constexpr std::uint8_t kKeyByte = 9;

std::string nb(std::string_view key) { return web::Messages::get("nb").text(key); }

// One VEVENT's properties by name (parameters dropped), values unescaped.
using Event = std::map<std::string, std::string>;

std::string unescape(const std::string& v) {
  std::string out;
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (v[i] == '\\' && i + 1 < v.size()) {
      ++i;
      out += v[i] == 'n' || v[i] == 'N' ? '\n' : v[i];
    } else {
      out += v[i];
    }
  }
  return out;
}

// The events of an .ics, after unfolding; fails the test on a line over 75 octets.
std::vector<Event> events_of(const std::string& ics) {
  std::vector<std::string> lines;
  for (std::size_t start = 0; start < ics.size();) {
    const auto end = ics.find("\r\n", start);
    EXPECT_NE(end, std::string::npos);
    if (end == std::string::npos) break;
    EXPECT_LE(end - start, 75u);
    const auto l = ics.substr(start, end - start);
    if (!l.empty() && l[0] == ' ' && !lines.empty())
      lines.back() += l.substr(1);
    else
      lines.push_back(l);
    start = end + 2;
  }
  std::vector<Event> out;
  bool inside = false;
  for (const auto& l : lines) {
    if (l == "BEGIN:VEVENT") {
      inside = true;
      out.emplace_back();
      continue;
    }
    if (l == "END:VEVENT") inside = false;
    if (!inside) continue;
    const auto colon = l.find(':');
    const auto name = l.substr(0, std::min(colon, l.find(';')));
    out.back()[name] = unescape(l.substr(colon + 1));
  }
  return out;
}

std::set<std::string> uids(const std::vector<Event>& events) {
  std::set<std::string> out;
  for (const auto& e : events) out.insert(e.at("UID"));
  return out;
}

long long sequence_of(const std::vector<Event>& events) {
  EXPECT_FALSE(events.empty());
  if (events.empty()) return -1;
  const auto s = std::stoll(events.front().at("SEQUENCE"));
  for (const auto& e : events) EXPECT_EQ(std::stoll(e.at("SEQUENCE")), s) << e.at("UID");
  return s;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

class EnrollmentCalendarTest : public testing::EnrollmentWorld {
 protected:
  EnrollmentCalendarTest() : EnrollmentWorld(kKeyByte) {}

  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(open_world("calendar_"));
    EnrollmentSettings settings;
    settings.public_url = kPublicUrl;
    service_ = std::make_unique<EnrollmentService>(*enrollments_, *catalogue_, cipher_, clock(),
                                                   testing::oslo_time_zone(), nb, settings);
  }

  SignUpAnswer sign_up(const std::string& name, const std::string& email) {
    SignUpForm f;
    f.name = name;
    f.email = email;
    f.kind = "patient";
    f.consent = "1";
    auto a = service_->sign_up(kOpenRun, f, "203.0.113.9");
    EXPECT_TRUE(a.ok()) << (a.ok() ? "" : a.error().detail);
    return a.ok() ? *a : SignUpAnswer{};
  }

  // The calendar of the one message of `kind` to `email` in `ms`.
  static std::vector<Event> mailed_calendar(const std::vector<store::OutboxMessage>& ms,
                                            const std::string& kind, const std::string& email) {
    for (const auto& m : ms)
      if (m.kind == kind && m.recipient == email) {
        EXPECT_EQ(m.attachment_name, "kurs.ics") << kind;
        return events_of(m.attachment);
      }
    ADD_FAILURE() << "no " << kind << " to " << email;
    return {};
  }

  std::vector<Event> downloaded(const SignUpAnswer& who) {
    auto ics = service_->calendar(who.manage_token);
    EXPECT_TRUE(ics.ok());
    return ics.ok() ? events_of(*ics) : std::vector<Event>{};
  }

  static void expect_status(const std::vector<Event>& events, const std::string& status) {
    ASSERT_EQ(events.size(), 3u) << "one event per session";
    for (const auto& e : events) EXPECT_EQ(e.at("STATUS"), status) << e.at("UID");
  }

  // Fills the run's 12 seats, so that the next sign-up waits; returns the first.
  SignUpAnswer fill_run() {
    std::vector<SignUpAnswer> seats;
    for (int i = 0; i < 12; ++i)
      seats.push_back(
          sign_up("Deltaker " + std::to_string(i), "d" + std::to_string(i) + "@example.no"));
    take_messages();
    return seats.front();
  }

  void exec(const std::string& sql) {
    ASSERT_TRUE(store::testing::exec_sql(*db_, sql).ok()) << sql;
  }

  std::unique_ptr<EnrollmentService> service_;
};

// Not the calendar, but the same mails: what the course costs and what to
// bring stand in every mail about a seat, where the course has said so.
TEST_F(EnrollmentCalendarTest, MailsSayThePriceTheNoShowFeeAndWhatToBringWhereTheCourseHasThem) {
  SignUpForm f;
  f.name = "Henriette Henvist";
  f.email = "henriette@example.no";
  f.national_id = "13097248022";
  f.kind = "patient";
  f.consent = "1";
  auto request = service_->sign_up(store::testing::kReferralRun, f, "203.0.113.9");
  ASSERT_TRUE(request.ok());
  sign_up("Åse Åpen", "ase@example.no");  // course 10 has said nothing
  std::string referral, open;
  for (const auto& m : take_messages()) (m.recipient == f.email ? referral : open) = m.body;
  EXPECT_TRUE(contains(referral, "\nPris: Egenandel 350\u00a0kr.\n")) << referral;
  EXPECT_TRUE(contains(referral,
                       "\nMøter du ikke, og har ikke meldt avbud, kan du få et gebyr på "
                       "700\u00a0kr.\n"))
      << referral;
  EXPECT_TRUE(contains(referral, "\nHusk: Ta med medisinlisten din.\n")) << referral;
  ASSERT_FALSE(open.empty());
  EXPECT_FALSE(contains(open, "Pris")) << open;  // nothing said: not "free" either
  EXPECT_FALSE(contains(open, "Husk:")) << open;
  // The private link page's view has the same facts and whom to ask.
  auto v = service_->view(request->manage_token);
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->practical.fee_nok, 350);
  EXPECT_EQ(v->practical.what_to_bring, "Ta med medisinlisten din.");
  EXPECT_EQ(v->contact_email, "lms@example.no");
  EXPECT_FALSE(v->organiser.empty());
}

TEST_F(EnrollmentCalendarTest, WaitlistedIsTentativeAndSaysSoWithPlaceAndLink) {
  fill_run();
  const auto ola = sign_up("Ola Hansen", "ola@example.no");
  ASSERT_EQ(ola.status, EnrollmentStatus::Waitlisted);
  const auto mailed = mailed_calendar(take_messages(), "waitlisted", "ola@example.no");
  expect_status(mailed, "TENTATIVE");
  const std::string link = std::string(kPublicUrl) + "/pamelding/" + ola.manage_token;
  for (const auto& e : mailed) {
    EXPECT_TRUE(contains(e.at("SUMMARY"), "venteliste")) << e.at("SUMMARY");
    const auto& d = e.at("DESCRIPTION");
    EXPECT_TRUE(contains(d, nb("calendar.status.waitlisted"))) << d;
    EXPECT_TRUE(contains(d, "LMS Haukeland, Haukelandsveien 22, 5021 BERGEN")) << d;
    EXPECT_TRUE(contains(d, link)) << d;
  }
  // The download from the private link says the same.
  const auto file = downloaded(ola);
  expect_status(file, "TENTATIVE");
  EXPECT_EQ(uids(file), uids(mailed));
  EXPECT_EQ(sequence_of(file), sequence_of(mailed));
  EXPECT_TRUE(contains(file.front().at("DESCRIPTION"), link));
}

TEST_F(EnrollmentCalendarTest, OfferIsTentativeUntilAcceptedThenConfirmedThenCancelled) {
  const auto first_seat = fill_run();
  ASSERT_TRUE(enrollments_->set_promotion_mode(kOpenRun, PromotionMode::Offer, 48).ok());
  const auto ola = sign_up("Ola Hansen", "ola@example.no");
  const auto waiting = mailed_calendar(take_messages(), "waitlisted", "ola@example.no");
  const auto first_uids = uids(waiting);
  const auto first_sequence = sequence_of(waiting);

  // A seat frees: Ola is offered it, the seat held until the reply deadline.
  ASSERT_TRUE(service_->cancel_by_staff(first_seat.id, "Innlagt", 7).ok());
  const auto offered = mailed_calendar(take_messages(), "offered", "ola@example.no");
  expect_status(offered, "TENTATIVE");
  EXPECT_EQ(uids(offered), first_uids);
  EXPECT_GT(sequence_of(offered), first_sequence);
  const auto view = service_->view(ola.manage_token);
  ASSERT_TRUE(view.ok() && view->enrollment.offer_expires_at);
  const auto deadline =
      message_date_time(testing::oslo_time_zone(), *view->enrollment.offer_expires_at, nb, false);
  EXPECT_TRUE(contains(offered.front().at("DESCRIPTION"), deadline))
      << offered.front().at("DESCRIPTION");
  EXPECT_TRUE(contains(offered.front().at("SUMMARY"), "tilbud"));

  // Ola accepts: the confirmation comes with a confirmed calendar.
  ASSERT_TRUE(service_->accept_offer(ola.manage_token).ok());
  const auto confirmed = mailed_calendar(take_messages(), "confirmation", "ola@example.no");
  expect_status(confirmed, "CONFIRMED");
  EXPECT_EQ(uids(confirmed), first_uids);
  EXPECT_GT(sequence_of(confirmed), sequence_of(offered));
  EXPECT_TRUE(contains(confirmed.front().at("DESCRIPTION"), nb("calendar.status.confirmed")));
  // Accepting again changes nothing and sends nothing.
  ASSERT_TRUE(service_->accept_offer(ola.manage_token).ok());
  EXPECT_TRUE(take_messages().empty());
  EXPECT_EQ(sequence_of(downloaded(ola)), sequence_of(confirmed));

  // Ola cancels: the cancellation's calendar removes the events.
  ASSERT_TRUE(service_->cancel(ola.manage_token).ok());
  const auto cancelled = mailed_calendar(take_messages(), "cancelled", "ola@example.no");
  expect_status(cancelled, "CANCELLED");
  EXPECT_EQ(uids(cancelled), first_uids);
  EXPECT_GT(sequence_of(cancelled), sequence_of(confirmed));
  EXPECT_EQ(sequence_of(downloaded(ola)), sequence_of(cancelled));
}

TEST_F(EnrollmentCalendarTest, PromotionConfirmsTheTentativeEvents) {
  const auto first_seat = fill_run();
  const auto ola = sign_up("Ola Hansen", "ola@example.no");
  const auto waiting = mailed_calendar(take_messages(), "waitlisted", "ola@example.no");
  ASSERT_TRUE(service_->cancel_by_staff(first_seat.id, "Innlagt", 7).ok());
  const auto ms = take_messages();
  const auto promoted = mailed_calendar(ms, "promoted", "ola@example.no");
  expect_status(promoted, "CONFIRMED");
  EXPECT_EQ(uids(promoted), uids(waiting));
  EXPECT_GT(sequence_of(promoted), sequence_of(waiting));
  // The one cancelled by staff gets the cancelled calendar.
  expect_status(mailed_calendar(ms, "cancelled_by_staff", "d0@example.no"), "CANCELLED");
}

TEST_F(EnrollmentCalendarTest, RunChangesMoveTheSequenceToo) {
  const auto kari = sign_up("Kari Nordmann", "kari@example.no");
  const auto before = sequence_of(downloaded(kari));
  const std::string run = std::to_string(kOpenRun);

  exec("UPDATE run_session SET starts_at = '2027-03-03T09:00:00Z' WHERE id = 5000");
  const auto moved = downloaded(kari);
  EXPECT_GT(sequence_of(moved), before);
  expect_status(moved, "CONFIRMED");

  exec("UPDATE run SET location_name = 'LMS Haukeland, bygg 2' WHERE id = " + run);
  const auto elsewhere = downloaded(kari);
  EXPECT_GT(sequence_of(elsewhere), sequence_of(moved));
  EXPECT_TRUE(contains(elsewhere.front().at("DESCRIPTION"), "LMS Haukeland, bygg 2"));

  exec("UPDATE run SET state = 'cancelled' WHERE id = " + run);
  const auto off = downloaded(kari);
  expect_status(off, "CANCELLED");
  EXPECT_GT(sequence_of(off), sequence_of(elsewhere));
  EXPECT_TRUE(contains(off.front().at("DESCRIPTION"), nb("calendar.status.run_cancelled")));
  EXPECT_EQ(uids(off), uids(moved));
}

TEST_F(EnrollmentCalendarTest, ByVideoTheDescriptionSaysSo) {
  const auto kari = sign_up("Kari Nordmann", "kari@example.no");
  exec(
      "UPDATE run SET location_name = NULL, location_address = NULL, location_postal_code = "
      "NULL, location_postal_place = NULL, digital = 1 WHERE id = " +
      std::to_string(kOpenRun));
  const auto file = downloaded(kari);
  ASSERT_FALSE(file.empty());
  EXPECT_TRUE(contains(file.front().at("DESCRIPTION"), nb("calendar.video")))
      << file.front().at("DESCRIPTION");
}

}  // namespace
}  // namespace kursbase::app
