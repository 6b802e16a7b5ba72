// OpenID Connect identity → kursbase account and session, over the real store
// (SQLite, or PostgreSQL under the fixture).
#include "app/staff/oidc_sign_in.hpp"

#include <gtest/gtest.h>

#include "store/audit_store.hpp"
#include "store/engine/database.hpp"
#include "store/testing/test_database.hpp"

namespace kursbase::app {
namespace {

class OidcSignInTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = std::move(*store::Database::open(store::testing::fresh_database_url("oidc"), 2));
    ASSERT_TRUE(db_->migrate().ok());
    staff_ = store::make_staff_store(*db_);
    audit_store_ = store::make_audit_store(*db_);
    audit_ = std::make_unique<AuditLog>(*db_, *audit_store_, [this] { return now_; });
    accounts_ = std::make_unique<StaffAccounts>(*staff_, *audit_, [this] { return now_; });
    // HelseID-only account: no local password.
    auto id = accounts_->add_account("kari", "Kari Nordmann", "",
                                     {{Role::LmsAdvisor, ScopeKind::HealthTrust, 5}}, "sub-kari");
    ASSERT_TRUE(id.ok()) << id.error().detail;
    kari_ = *id;
    sign_in_ = std::make_unique<OidcSignIn>(*staff_, *accounts_, *audit_);
  }

  std::vector<store::AuditEntry> audit_rows() {
    store::AuditQuery q;
    auto rows = audit_store_->search(q);
    EXPECT_TRUE(rows.ok());
    return rows ? *rows : std::vector<store::AuditEntry>{};
  }

  Instant now_ = *parse_instant("2027-01-10T10:00:00Z");
  std::int64_t kari_ = 0;
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<store::StaffStore> staff_;
  std::unique_ptr<store::AuditStore> audit_store_;
  std::unique_ptr<AuditLog> audit_;
  std::unique_ptr<StaffAccounts> accounts_;
  std::unique_ptr<OidcSignIn> sign_in_;
};

TEST_F(OidcSignInTest, KnownSubjectGetsASessionWithKursbaseRoles) {
  auto s = sign_in_->sign_in({"https://helseid.example", "sub-kari", "/ansatt"}, "10.0.0.1");
  ASSERT_TRUE(s.ok()) << s.error().detail;
  EXPECT_EQ(s->actor.account_id, kari_);
  ASSERT_EQ(s->actor.grants.size(), 1u);
  EXPECT_EQ(s->actor.grants[0].role, Role::LmsAdvisor);
  auto live = accounts_->resume(s->token);
  ASSERT_TRUE(live.ok() && live->has_value());
  const auto rows = audit_rows();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].action, "sign_in");
}

TEST_F(OidcSignInTest, PasswordlessAccountCannotSignInWithAPassword) {
  auto s = accounts_->sign_in("kari", "", "10.0.0.1");
  EXPECT_FALSE(s.ok());
}

TEST_F(OidcSignInTest, UnknownSubjectIsRefusedAndAudited) {
  auto s = sign_in_->sign_in({"https://helseid.example", "sub-nobody", "/ansatt"}, "10.0.0.2");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::Forbidden);
  EXPECT_EQ(s.error().message_key, "oidc.unknown_account");
  const auto rows = audit_rows();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].action, "oidc_sign_in_refused");
  EXPECT_EQ(rows[0].object_type, "oidc_subject");
  EXPECT_EQ(rows[0].object_id, "sub-nobody");
  EXPECT_EQ(rows[0].client_address, "10.0.0.2");
}

TEST_F(OidcSignInTest, DisabledAccountIsRefusedAndAudited) {
  ASSERT_TRUE(accounts_->disable("kari").ok());
  auto s = sign_in_->sign_in({"https://helseid.example", "sub-kari", "/ansatt"}, "10.0.0.3");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::Forbidden);
  EXPECT_EQ(s.error().message_key, "oidc.account_disabled");
  const auto rows = audit_rows();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].action, "oidc_sign_in_refused");
  EXPECT_EQ(rows[0].account_id, kari_);
}

TEST_F(OidcSignInTest, SubjectIsUniqueAcrossAccounts) {
  auto dup = accounts_->add_account("kari2", "Kari To", "", {}, "sub-kari");
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().code, ErrorCode::Conflict);
  auto nothing = accounts_->add_account("ola", "Ola", "", {});
  EXPECT_FALSE(nothing.ok());  // neither password nor subject
}

}  // namespace
}  // namespace kursbase::app
