// Access and erasure requests through the real router with staff sessions,
// CSRF and the security finishers, on SQLite (and "postgres.*" in ctest).
#include "http/privacy/person_data_routes.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "http/testing/staff_router_world.hpp"
#include "store/testing/enrollment_catalogue.hpp"
#include "store/testing/raw_sql.hpp"

namespace kursbase::http {
namespace {

Instant now() { return *parse_instant(store::testing::kToday); }

constexpr const char* kKariId = "13097248022";
constexpr std::int64_t kBergen = 2;  // the HF of the test catalogue

class PersonDataRoutesTest : public testing::StaffRouterWorld {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(open_world("pdr-"));
    service_ = std::make_unique<app::PersonalDataService>(*db_, *person_store_, *staff_, cipher_,
                                                          *audit_, now);
    open_router();
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

  Response post(const std::string& path, const std::string& body, const app::StartedSession& s) {
    Request r = staff_request("POST", path, s);
    r.headers.emplace_back("Content-Type", "application/json");
    r.body = body;
    return router_->handle(r);
  }

  long long count(const std::string& query) {
    auto r = store::testing::query_int(*db_, query);
    return r.ok() ? *r : -1;
  }

  std::unique_ptr<app::PersonalDataService> service_;
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
