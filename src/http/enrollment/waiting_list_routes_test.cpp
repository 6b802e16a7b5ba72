// The waiting-list page, its forms and the referral registration through the
// real router with sessions, CSRF and the security finishers, on SQLite (and
// "postgres.*" in ctest): 303 on success, 422 with the form kept and an error
// summary linking to the field, never a 500.
#include "http/enrollment/waiting_list_routes.hpp"

#include <gtest/gtest.h>

#include "app/testing/oslo_time_zone.hpp"
#include "http/enrollment/attendance_routes.hpp"
#include "http/testing/response_text.hpp"
#include "http/testing/staff_router_world.hpp"
#include "store/testing/enrollment_catalogue.hpp"

namespace kursbase::http {
namespace {

using store::testing::kOpenRun;
using store::testing::kReferralRun;

Instant now() { return *parse_instant(store::testing::kToday); }

using testing::contains;
using testing::header;

class WaitingListRoutesTest : public testing::StaffRouterWorld {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(open_world("wl-routes-"));
    const auto& nb = web::Messages::get("nb");
    enrollment_service_ = std::make_unique<app::EnrollmentService>(
        *enrollments_, *catalogue_, cipher_, now, app::testing::oslo_time_zone(),
        [&nb](std::string_view key) { return nb.text(key); }, app::EnrollmentSettings{},
        audit_.get());
    attendance_ = std::make_unique<app::AttendanceService>(*db_, *enrollments_, *catalogue_,
                                                           *staff_, cipher_, *audit_, now);
    waiting_list_ = std::make_unique<app::WaitingListService>(
        *db_, *enrollments_, *catalogue_, *staff_, *enrollment_service_, *audit_);
    referrals_ = std::make_unique<app::ReferralService>(*enrollments_, *staff_,
                                                        *enrollment_service_, *audit_);
    open_router();
    add_attendance_routes(router_->routes(), *responder_, *attendance_);
    add_waiting_list_routes(router_->routes(), *responder_, *waiting_list_, *referrals_);

    leader_ = session_for("leder", {{Role::CourseLeader, ScopeKind::Course, 10},
                                    {Role::CourseLeader, ScopeKind::Course, 11}});
    teacher_ = session_for("fagperson", {{Role::Professional, ScopeKind::Course, 10}});
    for (int i = 0; i < 14; ++i) {
      store::SignUpRequest r;
      r.run_id = kOpenRun;
      r.main.person.name = "Deltaker " + std::to_string(i);
      r.main.person.email = "d" + std::to_string(i) + "@example.no";
      r.main.identity_hash = "id" + std::to_string(i);
      r.main.manage_token_hash = "tok" + std::to_string(i);
      r.now = now();
      auto out = enrollments_->sign_up(r, nullptr);
      ASSERT_TRUE(out.ok());
      ids_.push_back(out->main.id);
    }
  }

  Response send(const std::string& method, const std::string& target, const app::StartedSession& s,
                const std::string& body = "") {
    Request r = staff_request(method, target, s);
    if (method == "POST") {
      r.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
      r.body = "csrf=" + url_encode(s.csrf_token) + (body.empty() ? "" : "&" + body);
    }
    return router_->handle(r);
  }

  static std::string base(RunId run = kOpenRun) {
    return "/ansatt/gjennomforing/" + std::to_string(run);
  }

  std::unique_ptr<app::EnrollmentService> enrollment_service_;
  std::unique_ptr<app::AttendanceService> attendance_;
  std::unique_ptr<app::WaitingListService> waiting_list_;
  std::unique_ptr<app::ReferralService> referrals_;
  app::StartedSession leader_, teacher_;
  std::vector<EnrollmentId> ids_;  // ids_[12], ids_[13] wait at 1, 2
};

TEST_F(WaitingListRoutesTest, PageShowsTheListInOrderWithFormsAndIsLinkedFromTheRunPage) {
  auto r = send("GET", base() + "/venteliste", leader_);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(r.personal_data);
  const auto first = r.body.find("Plass 1: Deltaker 12");
  const auto second = r.body.find("Plass 2: Deltaker 13");
  ASSERT_NE(first, std::string::npos);
  ASSERT_NE(second, std::string::npos);
  EXPECT_LT(first, second);
  EXPECT_TRUE(contains(r.body, "id=\"move-" + std::to_string(ids_[13]) + "-reason\""));
  EXPECT_TRUE(contains(r.body, "name=\"csrf\" value=\"" + leader_.csrf_token + "\""));
  auto run_page = send("GET", base(), leader_);
  ASSERT_EQ(run_page.status, 200);
  EXPECT_TRUE(contains(run_page.body, base() + "/venteliste\""));
  EXPECT_TRUE(contains(run_page.body, base() + "/henvisning\""));
}

TEST_F(WaitingListRoutesTest, MoveWithoutAReasonIs422WithTheFormKeptThenMovesWithOne) {
  const auto id = std::to_string(ids_[13]);
  auto r = send("POST", base() + "/venteliste/flytt", leader_,
                "enrollment=" + id + "&position=1&reason=+");
  ASSERT_EQ(r.status, 422) << r.body;
  EXPECT_TRUE(contains(r.body, "ds-error-summary"));
  EXPECT_TRUE(contains(r.body, "href=\"#move-" + id + "-reason\""));
  EXPECT_TRUE(contains(r.body, "Oppgi en begrunnelse for flyttingen."));
  EXPECT_TRUE(contains(r.body, "id=\"move-" + id + "-position\" name=\"position\" value=\"1\""));
  EXPECT_TRUE(contains(r.body, "<details class=\"kb-details\" open>"));
  EXPECT_EQ((*enrollments_->find(ids_[13]))->waitlist_position, 2);

  auto ok = send("POST", base() + "/venteliste/flytt", leader_,
                 "enrollment=" + id + "&position=1&reason=" + url_encode("Hastesak <fra> lege"));
  ASSERT_EQ(ok.status, 303) << ok.body;
  EXPECT_EQ(header(ok, "Location"), base() + "/venteliste?endret=flyttet#e" + id);
  EXPECT_EQ((*enrollments_->find(ids_[13]))->waitlist_position, 1);
  auto page =
      send("GET", header(ok, "Location").substr(0, header(ok, "Location").find('#')), leader_);
  ASSERT_EQ(page.status, 200);
  EXPECT_TRUE(contains(page.body, "Hastesak &lt;fra&gt; lege"));
  EXPECT_TRUE(contains(page.body, "Flyttet fra plass 2 til 1 av leder"));
  EXPECT_TRUE(contains(page.body, "Begrunnelsen er lagret."));
}

TEST_F(WaitingListRoutesTest, CapacityRaisePromotesLoweringBelowTakenIs422) {
  auto low = send("POST", base() + "/venteliste/kapasitet", leader_, "capacity=5");
  ASSERT_EQ(low.status, 422) << low.body;
  EXPECT_TRUE(contains(low.body, "href=\"#capacity\""));
  EXPECT_TRUE(contains(low.body, "Antall plasser kan ikke settes lavere enn antall påmeldte."));
  EXPECT_TRUE(contains(low.body, "name=\"capacity\" value=\"5\""));
  EXPECT_EQ(enrollments_->run_seats(kOpenRun)->run.capacity, 12);

  auto up = send("POST", base() + "/venteliste/kapasitet", leader_, "capacity=13");
  ASSERT_EQ(up.status, 303) << up.body;
  EXPECT_EQ(header(up, "Location"), base() + "/venteliste?endret=plasser-opprykk");
  EXPECT_EQ((*enrollments_->find(ids_[12]))->status, EnrollmentStatus::Confirmed);
  EXPECT_EQ(outbox_->counts()->pending, 1);
}

TEST_F(WaitingListRoutesTest, PromotionModeAndStaffCancel) {
  auto bad = send("POST", base() + "/venteliste/opprykk", leader_, "mode=offer&hours=0");
  ASSERT_EQ(bad.status, 422);
  EXPECT_TRUE(contains(bad.body, "href=\"#hours\""));
  ASSERT_EQ(send("POST", base() + "/venteliste/opprykk", leader_, "mode=offer&hours=24").status,
            303);
  auto no_reason = send("POST", base() + "/venteliste/avmelding", leader_,
                        "enrollment=" + std::to_string(ids_[0]) + "&reason=");
  ASSERT_EQ(no_reason.status, 422);
  EXPECT_TRUE(contains(no_reason.body, "href=\"#cancel-" + std::to_string(ids_[0]) + "-reason\""));
  auto done = send("POST", base() + "/venteliste/avmelding", leader_,
                   "enrollment=" + std::to_string(ids_[0]) + "&reason=Forfall");
  ASSERT_EQ(done.status, 303) << done.body;
  EXPECT_EQ((*enrollments_->find(ids_[0]))->status, EnrollmentStatus::Cancelled);
  EXPECT_EQ((*enrollments_->find(ids_[12]))->status, EnrollmentStatus::Offered);
  EXPECT_EQ(outbox_->counts()->pending, 2);  // cancelled by staff + offered
}

TEST_F(WaitingListRoutesTest, ReferralRegistrationKeepsTheFormOn422AndIsShownAfterwards) {
  auto form = send("GET", base(kReferralRun) + "/henvisning", leader_);
  ASSERT_EQ(form.status, 200) << form.body;
  EXPECT_TRUE(contains(form.body, "id=\"field-national_id\""));
  EXPECT_TRUE(
      contains(form.body, "<legend class=\"ds-heading\" data-size=\"sm\">Henvisningen</legend>"));
  const std::string person =
      "name=Henvist+Pasient&email=h%40example.no&kind=patient&referring_doctor=Dr.+Lege"
      "&referring_doctor_hpr=1234567";
  auto bad = send("POST", base(kReferralRun) + "/henvisning", leader_,
                  person + "&national_id=&referral_date=2099-01-01");
  ASSERT_EQ(bad.status, 422) << bad.body;
  EXPECT_TRUE(contains(bad.body, "href=\"#field-national_id\""));
  EXPECT_TRUE(contains(bad.body, "href=\"#field-referral_date\""));
  EXPECT_TRUE(contains(bad.body, "value=\"Henvist Pasient\""));
  EXPECT_TRUE(contains(bad.body, "value=\"2099-01-01\""));
  EXPECT_EQ(enrollments_->run_seats(kReferralRun)->seats_taken, 0);

  auto ok = send("POST", base(kReferralRun) + "/henvisning", leader_,
                 person + "&national_id=13097248022&referral_date=2027-01-05");
  ASSERT_EQ(ok.status, 303) << ok.body;
  EXPECT_EQ(header(ok, "Location").rfind(base(kReferralRun) + "/venteliste?endret=registrert#e", 0),
            0u);
  EXPECT_EQ(outbox_->counts()->pending, 1);
  auto run_page = send("GET", base(kReferralRun), leader_);
  ASSERT_EQ(run_page.status, 200);
  EXPECT_TRUE(contains(run_page.body, "Henvist 5. januar 2027 av Dr. Lege (HPR-nr. 1234567)"));
}

// Issue "Every state right": a public request for a referral course is listed
// apart and confirmed here when the referral comes.
TEST_F(WaitingListRoutesTest, ARequestAwaitingItsReferralIsConfirmedFromTheWaitingListPage) {
  store::SignUpRequest r;
  r.run_id = kReferralRun;
  r.main.person.name = "Spør Om Plass";
  r.main.person.email = "sp@example.no";
  r.main.identity_hash = "asks";
  r.main.manage_token_hash = "asks-token";
  r.now = now();
  auto asked = enrollments_->sign_up(r, nullptr);
  ASSERT_TRUE(asked.ok());
  ASSERT_EQ(asked->main.status, EnrollmentStatus::AwaitingReferral);
  const std::string id = std::to_string(asked->main.id);

  auto page = send("GET", base(kReferralRun) + "/venteliste", leader_);
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_TRUE(contains(page.body, "Forespørsler som venter på henvisning"));
  EXPECT_TRUE(contains(page.body, "<strong>Spør Om Plass</strong>"));
  EXPECT_TRUE(contains(page.body, "Venter på henvisning"));

  // Bad input: 422, the form opened and kept, nothing changed.
  auto bad = send("POST", base(kReferralRun) + "/venteliste/henvisning", leader_,
                  "enrollment=" + id + "&referral_date=2099-01-01&referring_doctor=Dr.+Lege");
  ASSERT_EQ(bad.status, 422) << bad.body;
  EXPECT_TRUE(contains(bad.body, "href=\"#referral-" + id + "-referral_date\""));
  EXPECT_TRUE(contains(bad.body, "value=\"2099-01-01\""));
  EXPECT_TRUE(contains(bad.body, "value=\"Dr. Lege\""));
  EXPECT_EQ((*enrollments_->find(asked->main.id))->status, EnrollmentStatus::AwaitingReferral);

  // A role that may not register is refused.
  EXPECT_EQ(send("POST", base(kReferralRun) + "/venteliste/henvisning", teacher_,
                 "enrollment=" + id + "&referral_date=2027-01-09&referring_doctor=Dr.+Lege")
                .status,
            403);

  const auto pending_before = outbox_->counts()->pending;
  auto ok =
      send("POST", base(kReferralRun) + "/venteliste/henvisning", leader_,
           "enrollment=" + id +
               "&referral_date=2027-01-09&referring_doctor=Dr.+Lege&referring_doctor_hpr=123");
  ASSERT_EQ(ok.status, 303) << ok.body;
  EXPECT_EQ(header(ok, "Location"),
            base(kReferralRun) + "/venteliste?endret=henvisning-plass#e" + id);
  EXPECT_EQ((*enrollments_->find(asked->main.id))->status, EnrollmentStatus::Confirmed);
  EXPECT_EQ(outbox_->counts()->pending, pending_before + 1) << "the person is told";
  auto after =
      send("GET", header(ok, "Location").substr(0, header(ok, "Location").find('#')), leader_);
  EXPECT_TRUE(contains(after.body, "personen har fått plass"));
  EXPECT_FALSE(contains(after.body, "Forespørsler som venter på henvisning"));
  // Confirming twice is a conflict, not a 500.
  auto twice = send("POST", base(kReferralRun) + "/venteliste/henvisning", leader_,
                    "enrollment=" + id + "&referral_date=2027-01-09&referring_doctor=Dr.+Lege");
  EXPECT_EQ(twice.status, 409) << twice.body;
}

TEST_F(WaitingListRoutesTest, OtherRolesAreForbiddenAndJunkIsNever500) {
  EXPECT_EQ(send("GET", base() + "/venteliste", teacher_).status, 403);
  EXPECT_EQ(send("GET", base() + "/henvisning", teacher_).status, 403);
  EXPECT_EQ(send("POST", base() + "/venteliste/kapasitet", teacher_, "capacity=99").status, 403);
  EXPECT_EQ(enrollments_->run_seats(kOpenRun)->run.capacity, 12);
  // Well-formed forms with bad values: 422 with the page.
  const std::vector<std::string> invalid{
      "", "enrollment=-1&position=x&reason=", "enrollment=99999999999999999999&position=1&reason=a",
      "capacity=1e9&mode=lottery&hours=-3&enrollment=abc",
      "referral_date=not-a-date&kind=alien&name=" + std::string(300, 'x')};
  // Bodies that are not forms at all: refused before any use case (CSRF or 400).
  const std::vector<std::string> malformed{"reason=%00%", "capacity=%FF%FE&mode=%"};
  for (const std::string path :
       {"/venteliste/flytt", "/venteliste/kapasitet", "/venteliste/opprykk",
        "/venteliste/avmelding", "/henvisning", "/venteliste/henvisning"}) {
    for (const auto& body : invalid) {
      auto r = send("POST", base() + path, leader_, body);
      EXPECT_EQ(r.status, 422) << path << " " << body;
      EXPECT_TRUE(contains(r.body, "ds-error-summary")) << path << " " << body;
    }
    for (const auto& body : malformed) {
      auto r = send("POST", base() + path, leader_, body);
      EXPECT_TRUE(r.status == 400 || r.status == 403) << path << " " << body << " → " << r.status;
    }
  }
  EXPECT_EQ(send("GET", "/ansatt/gjennomforing/999999/venteliste", leader_).status, 404);
}

}  // namespace
}  // namespace kursbase::http
