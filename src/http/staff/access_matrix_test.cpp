// The access matrix: every Staff route of the real router × every role held
// at every kind of scope × an object of the staff member's own HF and one of
// another HF (in another region). The expected answer of each cell comes from
// role_permits() and a scope rule written out here (not from decide()), and
// every allowed look at personal data must leave an audit row.
//
// A new staff route fails this test until its RouteAccess names an action and
// an object kind this test knows how to instantiate (kObjectKinds below), and
// until its feature's routes are added in build_router() (mirror of main.cpp).
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "adapters/crypto/sodium_personal_data_cipher.hpp"
#include "app/authoring/course_authoring_service.hpp"
#include "app/authoring/run_authoring_service.hpp"
#include "app/catalogue/catalogue_service.hpp"
#include "app/enrollment/attendance_service.hpp"
#include "app/enrollment/enrollment_service.hpp"
#include "app/enrollment/referral_service.hpp"
#include "app/enrollment/waiting_list_service.hpp"
#include "app/privacy/personal_data_service.hpp"
#include "app/staff/audit_log.hpp"
#include "app/staff/staff_accounts.hpp"
#include "app/testing/oslo_time_zone.hpp"
#include "http/authoring/course_routes.hpp"
#include "http/authoring/run_routes.hpp"
#include "http/catalogue/catalogue_routes.hpp"
#include "http/core/router.hpp"
#include "http/enrollment/attendance_routes.hpp"
#include "http/enrollment/waiting_list_routes.hpp"
#include "http/middleware/csrf.hpp"
#include "http/middleware/security_finishers.hpp"
#include "http/middleware/staff_session.hpp"
#include "http/privacy/person_data_routes.hpp"
#include "http/staff/staff_routes.hpp"
#include "store/testing/demo_catalogue.hpp"
#include "store/testing/fresh_database.hpp"

namespace kursbase::http {
namespace {

struct Place {
  std::int64_t course_id = 0, run_id = 0, health_trust_id = 0, region_id = 0;
};

// The object kinds the matrix can instantiate: how to fill a route's {id}
// (and query) for an object at `p`, and which ObjectScope parts it has.
struct ObjectKind {
  std::function<std::string(const std::string& pattern, const Place& p)> target;
  bool has_course;  // a course-scoped grant can cover it
  // JSON API routes whose object is named in the body (never in the URL): the body.
  std::function<std::string(const Place& p)> json_body = {};
};

std::string fill(std::string pattern, std::int64_t id) {
  if (auto at = pattern.find("{id}"); at != std::string::npos)
    pattern.replace(at, 4, std::to_string(id));
  return pattern;
}

const std::map<std::string, ObjectKind>& object_kinds() {
  static const std::map<std::string, ObjectKind> kinds{
      {"self", {[](const std::string& pat, const Place&) { return pat; }, false}},
      {"audit_log",
       {[](const std::string& pat, const Place& p) {
          return pat + "?hf=" + std::to_string(p.health_trust_id);
        },
        false}},
      {"health_trust",
       {[](const std::string& pat, const Place& p) { return fill(pat, p.health_trust_id); },
        false}},
      {"course",
       {[](const std::string& pat, const Place& p) { return fill(pat, p.course_id); }, true}},
      {"run", {[](const std::string& pat, const Place& p) { return fill(pat, p.run_id); }, true}},
      // Course authoring: a course in the URL and, for the API, a body that
      // names nothing else; one HF's course list; a new course given to the HF.
      {"course_json",
       {[](const std::string& pat, const Place& p) { return fill(pat, p.course_id); }, true,
        [](const Place&) { return std::string("{}"); }}},
      {"course_list",
       {[](const std::string& pat, const Place& p) {
          return pat + "?hf=" + std::to_string(p.health_trust_id);
        },
        false}},
      {"new_course",
       {[](const std::string& pat, const Place& p) {
          return pat + "?owner=" + std::to_string(p.health_trust_id);
        },
        false}},
      {"new_course_json",
       {[](const std::string& pat, const Place&) { return pat; }, false,
        [](const Place& p) {
          return R"({"owner_id": )" + std::to_string(p.health_trust_id) + "}";
        }}},
      // Access/erasure requests: the HF in the body, a person nobody is.
      {"person_data",
       {[](const std::string& pat, const Place&) { return pat; }, false,
        [](const Place& p) {
          return R"({"health_trust_id": )" + std::to_string(p.health_trust_id) +
                 R"(, "email": "matrix-nobody@example.invalid", "reason": "matrix"})";
        }}},
  };
  return kinds;
}

// Actions that touch personal data: an allowed cell must write an audit row.
bool personal(Action a) {
  switch (a) {
    case Action::ViewParticipants:
    case Action::ViewNationalId:
    case Action::RegisterParticipant:
    case Action::RecordAttendance:
    case Action::ManageWaitingList:
    case Action::SearchAudit:
    case Action::ExportPersonalData:
    case Action::ErasePersonalData:
      return true;
    default:
      return false;
  }
}

class AccessMatrixTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    db_ = store::testing::open_fresh_database("matrix", 2).release();
    catalogue_store_ = store::make_catalogue_store(*db_).release();
    ASSERT_TRUE(
        store::testing::import_demo_catalogue(*catalogue_store_, *parse_day("2027-01-10")).ok());
    staff_store_ = store::make_staff_store(*db_).release();
    audit_store_ = store::make_audit_store(*db_).release();
    auto clock = [] { return *parse_instant("2027-01-10T12:00:00Z"); };
    audit_ = new app::AuditLog(*db_, *audit_store_, clock, app::region_lookup(*staff_store_));
    accounts_ = new app::StaffAccounts(*staff_store_, *audit_, clock);
    catalogue_ =
        new app::CatalogueService(*catalogue_store_, clock, app::testing::oslo_time_zone());
    enrollment_store_ = store::make_enrollment_store(*db_).release();
    cipher_ = new adapters::SodiumPersonalDataCipher(adapters::SodiumPersonalDataCipher::Key{});
    attendance_ = new app::AttendanceService(*db_, *enrollment_store_, *catalogue_store_,
                                             *staff_store_, *cipher_, *audit_, clock);
    enrollment_service_ = new app::EnrollmentService(
        *enrollment_store_, *catalogue_store_, *cipher_, clock, app::testing::oslo_time_zone(),
        [](std::string_view key) { return std::string(key); }, {}, audit_);
    waiting_list_ = new app::WaitingListService(*db_, *enrollment_store_, *catalogue_store_,
                                                *staff_store_, *enrollment_service_, *audit_);
    referrals_ =
        new app::ReferralService(*enrollment_store_, *staff_store_, *enrollment_service_, *audit_);
    person_data_store_ = store::make_person_data_store(*db_).release();
    person_data_ = new app::PersonalDataService(*db_, *person_data_store_, *staff_store_, *cipher_,
                                                *audit_, clock);
    course_authoring_store_ = store::make_course_authoring_store(*db_).release();
    guard_ = new app::AccessGuard(*staff_store_);
    course_authoring_ = new app::CourseAuthoringService(*course_authoring_store_, *catalogue_store_,
                                                        *guard_, *audit_, clock);
    run_authoring_store_ = store::make_run_authoring_store(*db_).release();
    run_authoring_ = new app::RunAuthoringService(
        *run_authoring_store_, *course_authoring_store_, *catalogue_store_, *enrollment_store_,
        *enrollment_service_, *guard_, *audit_, app::testing::oslo_time_zone(), clock);
    templates_ = new web::Templates();
    responder_ = new Responder(*templates_, app::testing::oslo_time_zone());
    router_ = new Router(*responder_);
    build_router(*router_);
    pick_places();
  }
  static void TearDownTestSuite() {
    delete router_;
    delete responder_;
    delete templates_;
    delete run_authoring_;
    delete run_authoring_store_;
    delete course_authoring_;
    delete guard_;
    delete course_authoring_store_;
    delete person_data_;
    delete person_data_store_;
    delete referrals_;
    delete waiting_list_;
    delete enrollment_service_;
    delete attendance_;
    delete cipher_;
    delete enrollment_store_;
    delete catalogue_;
    delete accounts_;
    delete audit_;
    delete audit_store_;
    delete staff_store_;
    delete catalogue_store_;
    delete db_;
  }

  // Mirror of main.cpp: every feature's routes and the middleware, in order.
  static void build_router(Router& router) {
    add_catalogue_routes(router.routes(), *responder_, *catalogue_);
    install_staff_sessions(router, *responder_, *accounts_, {});
    install_csrf(router, *responder_, {std::string(32, 'k'), false, {}});
    install_security_finishers(router, false);
    add_staff_routes(router.routes(), *responder_, *accounts_, *audit_, {});
    add_attendance_routes(router.routes(), *responder_, *attendance_);
    add_waiting_list_routes(router.routes(), *responder_, *waiting_list_, *referrals_);
    add_person_data_routes(router.routes(), *responder_, *person_data_);
    add_course_authoring_routes(router.routes(), *responder_, *course_authoring_, *run_authoring_);
    add_run_authoring_routes(router.routes(), *responder_, *run_authoring_);
  }

  // Two courses with a run each, in HFs of different regions.
  static void pick_places() {
    auto courses = staff_store_->courses();
    ASSERT_TRUE(courses.ok());
    for (const auto& c : *courses) {
      if (!c.health_trust_id || !c.region_id) continue;
      auto record = catalogue_store_->find_course(c.id);
      if (!record.ok() || !*record || (*record)->runs.empty()) continue;
      Place p{c.id, (*record)->runs.front().run.id, *c.health_trust_id, *c.region_id};
      if (!own_.course_id)
        own_ = p;
      else if (p.region_id != own_.region_id) {
        other_ = p;
        break;
      }
    }
    ASSERT_TRUE(own_.course_id && other_.course_id);
  }

  static std::vector<RoleGrant> scopes_for(Role role) {
    return {{role, ScopeKind::Nation, 0},
            {role, ScopeKind::Region, own_.region_id},
            {role, ScopeKind::HealthTrust, own_.health_trust_id},
            {role, ScopeKind::Course, own_.course_id}};
  }

  // Written out independently of decide(): does a grant held at `g` reach `p`?
  static bool reaches(const RoleGrant& g, const Place& p, bool has_course) {
    switch (g.scope) {
      case ScopeKind::Nation:
        return true;
      case ScopeKind::Region:
        return p.region_id == g.scope_id;
      case ScopeKind::HealthTrust:
        return p.health_trust_id == g.scope_id;
      case ScopeKind::Course:
        return has_course && p.course_id == g.scope_id;
    }
    return false;
  }

  static Response send(const std::string& method, const std::string& target,
                       const app::StartedSession* s, const std::string& json_body = {}) {
    Request r;
    r.method = method;
    r.target = target;
    EXPECT_TRUE(parse_target(target, r.path, r.query)) << target;
    r.client_address = "10.0.0.1";
    if (s) r.headers.emplace_back("Cookie", "kursbase_session=" + s->token);
    if (!json_body.empty()) {
      r.headers.emplace_back("Content-Type", "application/json");
      r.body = json_body;
    } else if (method != "GET") {
      r.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
      // A form names its object in its fields, as the page's form would
      // (the auditor's search posts its criteria): the query's too.
      r.body = "csrf=" + (s ? s->csrf_token : std::string());
      if (!r.query.empty()) r.body += "&" + encode_query(r.query);
    }
    return router_->handle(r);
  }

  static std::size_t audit_rows(std::int64_t account) {
    store::AuditQuery q;
    q.account_id = account;
    q.limit = 1000;
    return audit_store_->search(q)->size();
  }

  static inline store::Database* db_ = nullptr;
  static inline store::CatalogueStore* catalogue_store_ = nullptr;
  static inline store::StaffStore* staff_store_ = nullptr;
  static inline store::AuditStore* audit_store_ = nullptr;
  static inline app::AuditLog* audit_ = nullptr;
  static inline app::StaffAccounts* accounts_ = nullptr;
  static inline app::CatalogueService* catalogue_ = nullptr;
  static inline store::EnrollmentStore* enrollment_store_ = nullptr;
  static inline adapters::SodiumPersonalDataCipher* cipher_ = nullptr;
  static inline app::AttendanceService* attendance_ = nullptr;
  static inline app::EnrollmentService* enrollment_service_ = nullptr;
  static inline app::WaitingListService* waiting_list_ = nullptr;
  static inline app::ReferralService* referrals_ = nullptr;
  static inline store::PersonDataStore* person_data_store_ = nullptr;
  static inline app::PersonalDataService* person_data_ = nullptr;
  static inline store::CourseAuthoringStore* course_authoring_store_ = nullptr;
  static inline app::AccessGuard* guard_ = nullptr;
  static inline app::CourseAuthoringService* course_authoring_ = nullptr;
  static inline store::RunAuthoringStore* run_authoring_store_ = nullptr;
  static inline app::RunAuthoringService* run_authoring_ = nullptr;
  static inline web::Templates* templates_ = nullptr;
  static inline Responder* responder_ = nullptr;
  static inline Router* router_ = nullptr;
  static inline Place own_, other_;
};

TEST_F(AccessMatrixTest, EveryStaffRouteDeclaresAnActionAndAKnownObjectKind) {
  int staff_routes = 0;
  for (const auto& e : router_->routes().entries()) {
    if (e.access.audience != RouteAccess::Audience::Staff) continue;
    ++staff_routes;
    EXPECT_TRUE(e.access.action.has_value()) << e.method << " " << e.pattern << ": no action";
    EXPECT_TRUE(object_kinds().count(e.access.object_kind))
        << e.method << " " << e.pattern << ": object kind '" << e.access.object_kind
        << "' unknown to the matrix; add it to object_kinds()";
  }
  EXPECT_GE(staff_routes, 4);
}

TEST_F(AccessMatrixTest, WithoutASessionStaffRoutesSendYouToSignIn) {
  for (const auto& e : router_->routes().entries()) {
    if (e.access.audience != RouteAccess::Audience::Staff) continue;
    auto kind = object_kinds().find(e.access.object_kind);
    if (kind == object_kinds().end()) continue;
    auto r = send(e.method, kind->second.target(e.pattern, own_), nullptr,
                  kind->second.json_body ? kind->second.json_body(own_) : std::string());
    const bool api = e.pattern.rfind("/api/", 0) == 0;
    // A form POST without a session is sent to sign-in by the session
    // middleware (it runs before CSRF) or refused by CSRF; either way nothing is done.
    if (!api && e.method != "GET")
      EXPECT_TRUE(r.status == 303 || r.status == 403) << e.pattern << " → " << r.status;
    else
      EXPECT_EQ(r.status, api ? 401 : 303) << e.pattern;
    EXPECT_TRUE(r.personal_data) << e.pattern;
  }
}

TEST_F(AccessMatrixTest, EveryRoleAtEveryScopeOwnAndOtherHealthTrust) {
  int cells = 0, unexpected_allows = 0, unexpected_denies = 0;
  int account_no = 0;
  for (const auto& [role, role_key] : EnumKeys<Role>::kAll) {
    for (const auto& grant : scopes_for(role)) {
      store::StaffAccount a;
      a.username = "m" + std::to_string(++account_no);
      a.display_name = std::string(role_key) + "@" + std::string(key_of(grant.scope));
      a.grants = {grant};
      auto id = staff_store_->create_account(a);
      ASSERT_TRUE(id.ok());
      auto session = accounts_->start_session(*id, "10.0.0.1");
      ASSERT_TRUE(session.ok());
      for (const auto& e : router_->routes().entries()) {
        if (e.access.audience != RouteAccess::Audience::Staff || !e.access.action) continue;
        auto kind = object_kinds().find(e.access.object_kind);
        if (kind == object_kinds().end()) continue;
        const Action action = *e.access.action;
        for (const Place* place : {&own_, &other_}) {
          const bool expect_allow =
              action == Action::ViewOwnAccount ||
              (role_permits(role, action) && reaches(grant, *place, kind->second.has_course));
          const auto before = audit_rows(*id);
          const auto target = kind->second.target(e.pattern, *place);
          auto r = send(e.method, target, &*session,
                        kind->second.json_body ? kind->second.json_body(*place) : std::string());
          ++cells;
          const bool denied = r.status == 403 || r.status == 404;
          const bool allowed = !denied && r.status < 500 && r.status != 401;
          const std::string cell = std::string(role_key) + "@" + std::string(key_of(grant.scope)) +
                                   " " + e.method + " " + target + " → " + std::to_string(r.status);
          if (!expect_allow && !denied) ++unexpected_allows, ADD_FAILURE() << "allowed: " << cell;
          if (expect_allow && !allowed) ++unexpected_denies, ADD_FAILURE() << "denied: " << cell;
          if (expect_allow && allowed && personal(action)) {
            EXPECT_GT(audit_rows(*id), before) << "no audit row: " << cell;
          }
          EXPECT_TRUE(r.personal_data) << cell;
        }
      }
    }
  }
  EXPECT_EQ(unexpected_allows, 0);
  EXPECT_EQ(unexpected_denies, 0);
  EXPECT_GT(cells, 8 * 4 * 2 * 3);
}

}  // namespace
}  // namespace kursbase::http
