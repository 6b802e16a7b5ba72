// WaitingListService and ReferralService on the real engines (SQLite;
// "postgres.*" in ctest): each staff rule of the waiting list and referral
// registration, with the outbox messages it causes and the audit rows.
#include "app/enrollment/waiting_list_service.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "app/enrollment/referral_service.hpp"
#include "app/testing/enrollment_world.hpp"
#include "app/testing/oslo_time_zone.hpp"
#include "store/testing/enrollment_catalogue.hpp"

namespace kursbase::app {
namespace {

using store::testing::kOpenRun;
using store::testing::kReferralRun;

constexpr std::int64_t kCourse = 10;          // of kOpenRun
constexpr std::int64_t kReferralCourse = 11;  // of kReferralRun

Instant now() { return *parse_instant(store::testing::kToday); }

class WaitingListServiceTest : public testing::EnrollmentWorld {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(open_world(""));
    enrollment_service_ = std::make_unique<EnrollmentService>(
        *enrollments_, *catalogue_, cipher_, now, testing::oslo_time_zone(),
        [](std::string_view key) { return std::string(key); }, EnrollmentSettings{}, audit_.get());
    service_ = std::make_unique<WaitingListService>(*db_, *enrollments_, *catalogue_, *staff_,
                                                    *enrollment_service_, *audit_);
    referrals_ =
        std::make_unique<ReferralService>(*enrollments_, *staff_, *enrollment_service_, *audit_);
  }

  // `n` sign-ups on kOpenRun (capacity 12): the 13th and later wait.
  std::vector<EnrollmentId> fill(int n) {
    std::vector<EnrollmentId> ids;
    for (int i = 0; i < n; ++i) {
      store::SignUpRequest r;
      r.run_id = kOpenRun;
      r.main.person.name = "Deltaker " + std::to_string(i);
      r.main.person.email = "d" + std::to_string(i) + "@example.no";
      r.main.identity_hash = "id-" + std::to_string(i);
      r.main.manage_token_hash = "tok-" + std::to_string(i);
      r.now = now();
      auto out = enrollments_->sign_up(r, nullptr);
      EXPECT_TRUE(out.ok());
      ids.push_back(out.ok() ? out->main.id : 0);
    }
    return ids;
  }

  static AccessContext as(Role role, std::int64_t course = kCourse) {
    AccessContext who;
    who.actor.account_id = 42;
    who.actor.display_name = "Kari Kursleder";
    who.actor.grants = {{role, ScopeKind::Course, course}};
    who.route = "POST /ansatt/gjennomforing/{id}/venteliste/flytt";
    who.client_address = "10.0.0.1";
    return who;
  }

  // Pending messages: kind by enrollment id.
  std::multimap<EnrollmentId, std::string> messages() {
    std::multimap<EnrollmentId, std::string> out;
    auto items = outbox_->claim("test", now(), now() + std::chrono::seconds(1), 1000);
    EXPECT_TRUE(items.ok());
    if (items.ok())
      for (const auto& i : *items) out.emplace(i.message.enrollment_id.value_or(0), i.message.kind);
    return out;
  }

  std::size_t audit_rows_about(std::int64_t person_id) {
    store::AuditQuery q;
    q.person_id = person_id;
    q.limit = 1000;
    auto rows = audit_store_->search(q);
    return rows.ok() ? rows->size() : 0;
  }

  std::unique_ptr<EnrollmentService> enrollment_service_;
  std::unique_ptr<WaitingListService> service_;
  std::unique_ptr<ReferralService> referrals_;
};

TEST_F(WaitingListServiceTest, AMoveWithoutAReasonIsRefusedAndChangesNothing) {
  const auto ids = fill(15);  // ids[12..14] wait at 1..3
  auto refused =
      service_->move(as(Role::CourseLeader), kOpenRun, {std::to_string(ids[14]), "1", "   "});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::InvalidInput);
  ASSERT_EQ(refused.error().fields.size(), 1u);
  EXPECT_EQ(refused.error().fields[0].field, "reason");
  EXPECT_EQ((*enrollments_->find(ids[14]))->waitlist_position, 3);

  auto moved = service_->move(as(Role::CourseLeader), kOpenRun,
                              {std::to_string(ids[14]), "1", "Hastesak fra fastlegen"});
  ASSERT_TRUE(moved.ok()) << moved.error().detail;
  EXPECT_EQ((*enrollments_->find(ids[14]))->waitlist_position, 1);
  EXPECT_EQ((*enrollments_->find(ids[12]))->waitlist_position, 2);
  EXPECT_GE(audit_rows_about((*enrollments_->find(ids[14]))->person.id), 1u);

  auto view = service_->view(as(Role::CourseLeader), kOpenRun);
  ASSERT_TRUE(view.ok());
  ASSERT_EQ(view->waiting.size(), 3u);
  EXPECT_EQ(view->waiting[0].enrollment_id, ids[14]);
  ASSERT_EQ(view->waiting[0].history.size(), 1u);
  EXPECT_EQ(view->waiting[0].history[0].reason, "Hastesak fra fastlegen");
  EXPECT_EQ(view->waiting[0].history[0].from_position, 3);
  EXPECT_TRUE(view->waiting[1].history.empty());
}

TEST_F(WaitingListServiceTest, AMoveToAnImpossiblePositionOrOfAnotherRunIsAFormError) {
  const auto ids = fill(14);
  auto too_far =
      service_->move(as(Role::CourseLeader), kOpenRun, {std::to_string(ids[13]), "9", "Grunn"});
  ASSERT_FALSE(too_far.ok());
  EXPECT_EQ(too_far.error().code, ErrorCode::InvalidInput);
  EXPECT_EQ(too_far.error().fields.at(0).field, "position");
  auto confirmed =
      service_->move(as(Role::CourseLeader), kOpenRun, {std::to_string(ids[0]), "1", "Grunn"});
  ASSERT_FALSE(confirmed.ok());
  EXPECT_EQ(confirmed.error().fields.at(0).message_key, "waiting_list.error.not_waitlisted");
  // An enrollment of kOpenRun through another run's URL is not found there.
  auto other = service_->move(as(Role::LmsAdvisor, kCourse), store::testing::kNoWaitingList,
                              {std::to_string(ids[13]), "1", "Grunn"});
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.error().fields.at(0).message_key, "waiting_list.error.not_in_run");
}

TEST_F(WaitingListServiceTest, RaisingCapacityPromotesAndTellsThemLoweringBelowTakenIsRefused) {
  const auto ids = fill(15);
  auto raised = service_->set_capacity(as(Role::CourseLeader), kOpenRun, "14");
  ASSERT_TRUE(raised.ok()) << raised.error().detail;
  EXPECT_EQ(raised->promoted, 2);
  EXPECT_EQ((*enrollments_->find(ids[12]))->status, EnrollmentStatus::Confirmed);
  EXPECT_EQ((*enrollments_->find(ids[13]))->status, EnrollmentStatus::Confirmed);
  EXPECT_EQ((*enrollments_->find(ids[14]))->waitlist_position, 1);
  const auto sent = messages();
  EXPECT_EQ(sent.size(), 2u);
  EXPECT_EQ(sent.find(ids[12])->second, "promoted");
  EXPECT_EQ(sent.find(ids[13])->second, "promoted");

  auto lowered = service_->set_capacity(as(Role::CourseLeader), kOpenRun, "13");
  ASSERT_FALSE(lowered.ok());
  EXPECT_EQ(lowered.error().code, ErrorCode::InvalidInput);
  EXPECT_EQ(lowered.error().fields.at(0).message_key, "enrollment.error.capacity_below_taken");
  EXPECT_EQ(enrollments_->run_seats(kOpenRun)->run.capacity, 14);
  EXPECT_EQ(enrollments_->run_seats(kOpenRun)->seats_taken, 14);
  EXPECT_FALSE(service_->set_capacity(as(Role::CourseLeader), kOpenRun, "mange").ok());
}

TEST_F(WaitingListServiceTest, OfferModeOffersTheNewSeatWithTheChosenDeadline) {
  const auto ids = fill(13);
  EXPECT_FALSE(service_->set_promotion_mode(as(Role::CourseLeader), kOpenRun, {"offer", ""}).ok());
  ASSERT_TRUE(service_->set_promotion_mode(as(Role::CourseLeader), kOpenRun, {"offer", "24"}).ok());
  EXPECT_EQ(enrollments_->run_seats(kOpenRun)->promotion_mode, PromotionMode::Offer);
  ASSERT_TRUE(service_->set_capacity(as(Role::CourseLeader), kOpenRun, "13").ok());
  const auto e = *enrollments_->find(ids[12]);
  EXPECT_EQ(e->status, EnrollmentStatus::Offered);
  EXPECT_EQ(e->offer_expires_at, now() + std::chrono::hours(24));
  EXPECT_EQ(messages().find(ids[12])->second, "offered");
}

TEST_F(WaitingListServiceTest, StaffCancelTellsThePersonAndPromotesTheNext) {
  const auto ids = fill(13);
  EXPECT_FALSE(
      service_->cancel(as(Role::CourseLeader), kOpenRun, {std::to_string(ids[3]), ""}).ok());
  EXPECT_EQ((*enrollments_->find(ids[3]))->status, EnrollmentStatus::Confirmed);
  auto done = service_->cancel(as(Role::CourseLeader), kOpenRun,
                               {std::to_string(ids[3]), "Har meldt forfall på telefon"});
  ASSERT_TRUE(done.ok()) << done.error().detail;
  EXPECT_EQ(done->promoted, 1);
  EXPECT_EQ((*enrollments_->find(ids[3]))->status, EnrollmentStatus::Cancelled);
  EXPECT_EQ((*enrollments_->find(ids[12]))->status, EnrollmentStatus::Confirmed);
  const auto sent = messages();
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(sent.find(ids[3])->second, "cancelled_by_staff");
  EXPECT_EQ(sent.find(ids[12])->second, "promoted");
  EXPECT_GE(audit_rows_about((*enrollments_->find(ids[3]))->person.id), 1u);
}

TEST_F(WaitingListServiceTest, OnlyRolesThatManageTheListOfTheirOwnCourse) {
  fill(13);
  for (const auto& who : {as(Role::Professional), as(Role::MedicalResponsible),
                          as(Role::CourseLeader, kReferralCourse)}) {
    auto v = service_->view(who, kOpenRun);
    ASSERT_FALSE(v.ok());
    EXPECT_EQ(v.error().code, ErrorCode::Forbidden);
    // Refused before the form is looked at: an empty form is still Forbidden.
    EXPECT_EQ(service_->set_capacity(who, kOpenRun, "").error().code, ErrorCode::Forbidden);
  }
  EXPECT_EQ(enrollments_->run_seats(kOpenRun)->run.capacity, 12);
}

SignUpForm referral_form(const std::string& name) {
  SignUpForm f;
  f.name = name;
  f.email = "henvist@example.no";
  f.kind = "patient";
  f.national_id = "13097248022";
  f.referral_date = "2027-01-05";
  f.referring_doctor = "Dr. Lege";
  return f;
}

TEST_F(WaitingListServiceTest, ARegistrationFromAReferralIsConfirmedStoredAndMailed) {
  const auto who = as(Role::CourseLeader, kReferralCourse);
  auto answer =
      referrals_->register_person(who, kReferralRun, referral_form("Henvist Pasient"), "1234567");
  ASSERT_TRUE(answer.ok()) << answer.error().message_key;
  EXPECT_EQ(answer->status, EnrollmentStatus::Confirmed);
  EXPECT_FALSE(answer->manage_token.empty());
  const auto e = *enrollments_->find(answer->id);
  EXPECT_EQ(e->source, EnrollmentSource::Staff);
  EXPECT_EQ(e->referral_date, parse_day("2027-01-05"));
  EXPECT_EQ(e->referring_doctor, "Dr. Lege");
  EXPECT_EQ(e->referring_doctor_hpr, "1234567");
  EXPECT_FALSE(e->person.national_id_sealed.empty());
  EXPECT_EQ(messages().find(answer->id)->second, "confirmation");
  EXPECT_GE(audit_rows_about(e->person.id), 1u);
}

// The sign-up rate limit is for the public form (issue 12): a desk's staff
// registering many patients from one address never meet it.
TEST_F(WaitingListServiceTest, StaffRegistrationsNeverMeetTheSignUpRateLimit) {
  EnrollmentSettings one_per_address;
  one_per_address.sign_up_limit = 1;
  enrollment_service_ = std::make_unique<EnrollmentService>(
      *enrollments_, *catalogue_, cipher_, now, testing::oslo_time_zone(),
      [](std::string_view key) { return std::string(key); }, one_per_address, audit_.get());
  referrals_ =
      std::make_unique<ReferralService>(*enrollments_, *staff_, *enrollment_service_, *audit_);
  const auto who = as(Role::CourseLeader, kReferralCourse);  // from 10.0.0.1
  auto public_form = [](const std::string& name, const std::string& email) {
    SignUpForm f;
    f.name = name;
    f.email = email;
    f.kind = "patient";
    f.consent = "1";
    return f;
  };
  ASSERT_TRUE(
      enrollment_service_->sign_up(kOpenRun, public_form("Første", "a@example.no"), "10.0.0.1")
          .ok());
  auto second =
      enrollment_service_->sign_up(kOpenRun, public_form("Andre", "b@example.no"), "10.0.0.1");
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().code, ErrorCode::RateLimited);  // the limit is real
  for (int i = 0; i < 3; ++i) {
    auto f = referral_form("Henvist " + std::to_string(i));
    f.email = "henvist" + std::to_string(i) + "@example.no";
    f.national_id = std::vector<std::string>{"13097248022", "01018010018", "15076500565"}[i];
    auto answer = referrals_->register_person(who, kReferralRun, f, "1234567");
    ASSERT_TRUE(answer.ok()) << i << ": " << answer.error().message_key;
  }
}

// The audit log says what happened (issue 12): looking at the waiting list
// is a view although it takes the permission to manage it, a move is a
// change; opening the registration form registers nobody, registering does.
TEST_F(WaitingListServiceTest, TheAuditLogTellsALookFromAChangeAndAnOpenedFormFromARegistration) {
  const auto ids = fill(14);
  const auto waiting = (*enrollments_->find(ids[13]))->person.id;
  auto kinds_about = [&](std::optional<std::int64_t> person, const std::string& action) {
    store::AuditQuery q;
    q.person_id = person;
    q.limit = 1000;
    std::vector<AuditEventKind> out;
    const auto rows = audit_store_->search(q);
    EXPECT_TRUE(rows.ok());
    if (!rows.ok()) return out;
    for (const auto& e : *rows)
      if (e.action == action && (person || !e.person_id)) out.push_back(*e.event);
    return out;
  };
  ASSERT_TRUE(service_->view(as(Role::CourseLeader), kOpenRun).ok());
  EXPECT_EQ(kinds_about(waiting, "manage_waiting_list"),
            std::vector<AuditEventKind>{AuditEventKind::View});
  ASSERT_TRUE(service_
                  ->move(as(Role::CourseLeader), kOpenRun,
                         {std::to_string(ids[13]), "1", "Hastesak fra fastlegen"})
                  .ok());
  EXPECT_EQ(kinds_about(waiting, "manage_waiting_list"),
            (std::vector<AuditEventKind>{AuditEventKind::Change, AuditEventKind::View}));

  const auto who = as(Role::CourseLeader, kReferralCourse);
  ASSERT_TRUE(referrals_->form_info(who, kReferralRun).ok());
  EXPECT_EQ(kinds_about(std::nullopt, "register_participant"),
            std::vector<AuditEventKind>{AuditEventKind::FormOpened});
  auto answer =
      referrals_->register_person(who, kReferralRun, referral_form("Henvist Pasient"), "1234567");
  ASSERT_TRUE(answer.ok());
  const auto registered = (*enrollments_->find(answer->id))->person.id;
  EXPECT_EQ(kinds_about(registered, "register_participant"),
            std::vector<AuditEventKind>{AuditEventKind::Change});
}

TEST_F(WaitingListServiceTest, ABadReferralIsAFormErrorAndNothingIsWritten) {
  const auto who = as(Role::CourseLeader, kReferralCourse);
  auto f = referral_form("Henvist Pasient");
  f.referral_date = "2027-02-01";  // after today
  f.national_id = "";              // the run registers in the patient record
  auto bad = referrals_->register_person(who, kReferralRun, f, "12x");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, ErrorCode::InvalidInput);
  std::vector<std::string> fields;
  for (const auto& e : bad.error().fields) fields.push_back(e.field);
  EXPECT_EQ(fields,
            (std::vector<std::string>{"national_id", "referral_date", "referring_doctor_hpr"}));
  EXPECT_EQ(enrollments_->run_seats(kReferralRun)->seats_taken, 0);
  EXPECT_TRUE(messages().empty());
  // Another course's leader may not register here.
  auto stranger = referrals_->register_person(as(Role::CourseLeader, kCourse), kReferralRun,
                                              referral_form("Henvist Pasient"), "");
  ASSERT_FALSE(stranger.ok());
  EXPECT_EQ(stranger.error().code, ErrorCode::Forbidden);
}

}  // namespace
}  // namespace kursbase::app
