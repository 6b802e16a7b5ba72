// Access and erasure requests through the real router with staff sessions,
// CSRF and the security finishers, on SQLite (and "postgres.*" in ctest).
#include "http/person_data_routes.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "app/audit_log.hpp"
#include "app/staff_accounts.hpp"
#include "http/csrf.hpp"
#include "http/router.hpp"
#include "http/security_finishers.hpp"
#include "http/staff_session.hpp"
#include "store/audit_store.hpp"
#include "store/database.hpp"
#include "store/testing/enrollment_catalogue.hpp"
#include "store/testing/test_database.hpp"

namespace kursbase::http {
namespace {

Instant now() { return *parse_instant(store::testing::kToday); }

constexpr const char* kKariId = "13097248022";
constexpr std::int64_t kBergen = 2;  // the HF of the test catalogue

class PersonDataRoutesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = store::Database::open(
        store::testing::fresh_database_url(
            std::string("pdr-") + ::testing::UnitTest::GetInstance()->current_test_info()->name()),
        2);
    ASSERT_TRUE(opened.ok()) << opened.error().detail;
    db_ = std::move(*opened);
    ASSERT_TRUE(db_->migrate().ok());
    catalogue_ = store::make_catalogue_store(*db_);
    ASSERT_TRUE(catalogue_->import_catalogue(store::testing::enrollment_catalogue()).ok());
    enrollments_ = store::make_enrollment_store(*db_);
    staff_ = store::make_staff_store(*db_);
    audit_store_ = store::make_audit_store(*db_);
    audit_ = std::make_unique<app::AuditLog>(*db_, *audit_store_, now, app::region_lookup(*staff_));
    accounts_ = std::make_unique<app::StaffAccounts>(*staff_, *audit_, now);
    person_store_ = store::make_person_data_store(*db_);
    service_ = std::make_unique<app::PersonalDataService>(*db_, *person_store_, *staff_, cipher_,
                                                          *audit_, now);
    responder_ = std::make_unique<Responder>(templates_);
    router_ = std::make_unique<Router>(*responder_);
    install_staff_sessions(*router_, *responder_, *accounts_, {});
    install_csrf(*router_, *responder_, {std::string(32, 'k'), false});
    install_security_finishers(*router_, false);
    add_person_data_routes(router_->routes(), *responder_, *service_);

    advisor_ = session_for("lms", {Role::LmsAdvisor, ScopeKind::HealthTrust, kBergen});
    leader_ = session_for("leder", {Role::CourseLeader, ScopeKind::Course, 10});
    other_hf_ = session_for("annen", {Role::LmsAdvisor, ScopeKind::HealthTrust, 99});

    store::SignUpRequest r;
    r.run_id = store::testing::kOpenRun;
    r.main.person.name = "Kari Nordmann";
    r.main.person.email = "kari@example.no";
    r.main.person.national_id_sealed = cipher_.seal(kKariId);
    r.main.person.national_id_lookup = cipher_.lookup_hash(std::string("national_id:") + kKariId);
    r.main.identity_hash = "id-kari";
    r.main.manage_token_hash = "tok-kari";
    r.main.consent_text = "samtykke";
    r.now = now();
    ASSERT_TRUE(enrollments_->sign_up(r, nullptr).ok());
  }

  app::StartedSession session_for(const std::string& username, RoleGrant grant) {
    store::StaffAccount a;
    a.username = username;
    a.display_name = username;
    a.grants = {grant};
    auto id = staff_->create_account(a);
    EXPECT_TRUE(id.ok());
    auto s = accounts_->start_session(*id, "10.0.0.1");
    EXPECT_TRUE(s.ok());
    return *s;
  }

  Response post(const std::string& path, const std::string& body, const app::StartedSession& s) {
    Request r;
    r.method = "POST";
    r.target = path;
    EXPECT_TRUE(parse_target(path, r.path, r.query));
    r.client_address = "10.0.0.1";
    r.headers.emplace_back("Cookie", "kursbase_session=" + s.token);
    r.headers.emplace_back("Content-Type", "application/json");
    r.body = body;
    return router_->handle(r);
  }

  long long count(const std::string& query) {
    auto r = db_->transact(store::TxKind::Read, [&](soci::session& sql) -> Result<long long> {
      long long v = 0;
      sql << query, soci::into(v);
      return v;
    });
    return r.ok() ? *r : -1;
  }

  app::PersonalDataCipher cipher_{app::PersonalDataCipher::Key{}};
  web::Templates templates_;
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<store::CatalogueStore> catalogue_;
  std::unique_ptr<store::EnrollmentStore> enrollments_;
  std::unique_ptr<store::StaffStore> staff_;
  std::unique_ptr<store::AuditStore> audit_store_;
  std::unique_ptr<app::AuditLog> audit_;
  std::unique_ptr<app::StaffAccounts> accounts_;
  std::unique_ptr<store::PersonDataStore> person_store_;
  std::unique_ptr<app::PersonalDataService> service_;
  std::unique_ptr<Responder> responder_;
  std::unique_ptr<Router> router_;
  app::StartedSession advisor_, leader_, other_hf_;
};

TEST_F(PersonDataRoutesTest, ExportAnswersTheDocumentedJsonAndIsNoStore) {
  auto r = post("/api/v1/staff/person-data/export",
                std::string(R"({"national_id": ")") + kKariId + R"("})", advisor_);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(r.personal_data);
  const auto doc = nlohmann::json::parse(r.body);
  ASSERT_EQ(doc["enrollments"].size(), 1u);
  const auto& e = doc["enrollments"][0];
  EXPECT_EQ(e["person"]["name"], "Kari Nordmann");
  EXPECT_EQ(e["person"]["national_id"], kKariId);
  EXPECT_EQ(e["status"], "confirmed");
  EXPECT_EQ(e["health_trust_id"], kBergen);
  EXPECT_EQ(e["sessions"].size(), 3u);
  EXPECT_EQ(doc["withheld_enrollments"], 0);
  EXPECT_TRUE(doc.contains("accesses"));
}

TEST_F(PersonDataRoutesTest, RefusedForRolesWithoutTheActionAndOtherHealthTrusts) {
  const std::string body = std::string(R"({"national_id": ")") + kKariId + R"(", "reason": "x"})";
  for (const char* path : {"/api/v1/staff/person-data/export", "/api/v1/staff/person-data/erase"}) {
    EXPECT_EQ(post(path, body, leader_).status, 403) << path;
    const std::string hf_body = std::string(R"({"national_id": ")") + kKariId +
                                R"(", "reason": "x", "health_trust_id": )" +
                                std::to_string(kBergen) + "}";
    EXPECT_EQ(post(path, hf_body, other_hf_).status, 403) << path;
  }
  // The other HF's advisor without naming an HF: allowed to ask, sees nothing, told so.
  auto r = post("/api/v1/staff/person-data/export", body, other_hf_);
  ASSERT_EQ(r.status, 200);
  const auto doc = nlohmann::json::parse(r.body);
  EXPECT_TRUE(doc["enrollments"].empty());
  EXPECT_EQ(doc["withheld_enrollments"], 1);
  EXPECT_FALSE(doc["scope_note"].get<std::string>().empty());
  EXPECT_EQ(count("SELECT count(*) FROM person WHERE name = 'Kari Nordmann'"), 1);
}

TEST_F(PersonDataRoutesTest, BadInputIs400Or422NeverA500) {
  const std::string erase = "/api/v1/staff/person-data/erase";
  auto no_reason = post(erase, std::string(R"({"national_id": ")") + kKariId + R"("})", advisor_);
  EXPECT_EQ(no_reason.status, 422);
  const auto doc = nlohmann::json::parse(no_reason.body);
  EXPECT_EQ(doc["error"]["fields"][0]["field"], "reason");
  EXPECT_EQ(doc["error"]["fields"][0]["message"],
            "Oppgi saksnummer eller begrunnelse for slettingen.");
  EXPECT_EQ(post(erase, "not json", advisor_).status, 400);
  EXPECT_EQ(post(erase, "[1, 2]", advisor_).status, 400);
  EXPECT_EQ(post(erase, R"({"national_id": 5, "reason": "x"})", advisor_).status, 422);
  EXPECT_EQ(post(erase, R"({"enrollment_id": -1, "reason": "x"})", advisor_).status, 422);
  EXPECT_EQ(post(erase, R"({"health_trust_id": "x", "reason": "x"})", advisor_).status, 422);
  EXPECT_EQ(post(erase, R"({"reason": "x"})", advisor_).status, 422);
  EXPECT_EQ(post(erase, R"({"national_id": "12345678901", "reason": "x"})", advisor_).status, 422);
  EXPECT_EQ(count("SELECT count(*) FROM person WHERE name = 'Kari Nordmann'"), 1);

  auto done =
      post(erase, std::string(R"({"national_id": ")") + kKariId + R"(", "reason": "sak 2027/9"})",
           advisor_);
  ASSERT_EQ(done.status, 200) << done.body;
  const auto summary = nlohmann::json::parse(done.body);
  EXPECT_EQ(summary["enrollments_erased"], 1);
  EXPECT_EQ(count("SELECT count(*) FROM person WHERE name = 'Kari Nordmann'"), 0);
  auto again =
      post(erase, std::string(R"({"national_id": ")") + kKariId + R"(", "reason": "sak 2027/9"})",
           advisor_);
  ASSERT_EQ(again.status, 200);
  EXPECT_EQ(nlohmann::json::parse(again.body)["enrollments_erased"], 0);
}

}  // namespace
}  // namespace kursbase::http
