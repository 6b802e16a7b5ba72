// StaffAccounts and AuditLog over the real store (SQLite, or PostgreSQL under the fixture).
#include "app/staff/staff_accounts.hpp"

#include <gtest/gtest.h>

#include "store/engine/database.hpp"
#include "store/testing/test_database.hpp"

namespace kursbase::app {
namespace {

const std::string kPassword = "correct horse battery staple";

class StaffAccountsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = std::move(*store::Database::open(store::testing::fresh_database_url("accounts"), 2));
    ASSERT_TRUE(db_->migrate().ok());
    staff_ = store::make_staff_store(*db_);
    audit_store_ = store::make_audit_store(*db_);
    audit_ = std::make_unique<AuditLog>(*db_, *audit_store_, [this] { return now_; });
    StaffAccountSettings s;
    accounts_ = std::make_unique<StaffAccounts>(
        *staff_, *audit_, [this] { return now_; }, s);
    ASSERT_TRUE(accounts_
                    ->add_account("Kari", "Kari Nordmann", kPassword,
                                  {{Role::Auditor, ScopeKind::HealthTrust, 5}})
                    .ok());
  }

  Instant now_ = *parse_instant("2027-01-10T10:00:00Z");
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<store::StaffStore> staff_;
  std::unique_ptr<store::AuditStore> audit_store_;
  std::unique_ptr<AuditLog> audit_;
  std::unique_ptr<StaffAccounts> accounts_;
};

TEST(Passwords, Argon2idAtLeast19MiBAndTwoPasses) {
  auto h = hash_password(kPassword);
  ASSERT_TRUE(h.ok());
  EXPECT_EQ(h->rfind("$argon2id$v=19$m=19456,t=2,p=1$", 0), 0u) << *h;
  EXPECT_TRUE(verify_password(*h, kPassword));
  EXPECT_FALSE(verify_password(*h, kPassword + "x"));
  EXPECT_NE(*hash_password(kPassword), *h);  // salted
}

TEST(Tokens, RandomAndOnlyTheirHashStored) {
  const auto a = random_token(), b = random_token();
  EXPECT_EQ(a.size(), 43u);  // 256 bits, base64url
  EXPECT_NE(a, b);
  EXPECT_EQ(token_hash(a).size(), 64u);
  EXPECT_NE(token_hash(a), a);
}

TEST(Grants, ParseFromTheCommandLine) {
  auto g = parse_grant("lms_advisor:health_trust:5");
  ASSERT_TRUE(g.ok());
  EXPECT_EQ(g->role, Role::LmsAdvisor);
  EXPECT_EQ(g->scope, ScopeKind::HealthTrust);
  EXPECT_EQ(g->scope_id, 5);
  EXPECT_TRUE(parse_grant("auditor:nation").ok());
  for (auto bad : {"", "king:nation", "auditor", "auditor:region", "auditor:region:x",
                   "auditor:region:-1", "auditor:nation:3", "auditor:planet:1"})
    EXPECT_FALSE(parse_grant(bad).ok()) << bad;
}

TEST_F(StaffAccountsTest, RejectsShortPasswords) {
  auto r = accounts_->add_account("ola", "Ola", "too short", {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message_key, "staff.password_length");
}

TEST_F(StaffAccountsTest, SignInStartsANewSessionAndAuditsIt) {
  auto s = accounts_->sign_in("kari", kPassword, "10.0.0.1");
  ASSERT_TRUE(s.ok());
  auto again = accounts_->sign_in("KARI", kPassword, "10.0.0.1");
  ASSERT_TRUE(again.ok());
  EXPECT_NE(s->token, again->token);
  auto live = accounts_->resume(s->token);
  ASSERT_TRUE(live.ok() && *live);
  EXPECT_EQ((*live)->actor.display_name, "Kari Nordmann");
  EXPECT_EQ((*live)->csrf_token, s->csrf_token);
  store::AuditQuery q;
  q.account_id = s->actor.account_id;
  auto rows = audit_store_->search(q);
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0].action, "sign_in");
  EXPECT_EQ((*rows)[0].client_address, "10.0.0.1");
  ASSERT_TRUE(accounts_->sign_out((*live)->token_hash).ok());
  EXPECT_FALSE(*accounts_->resume(s->token));
}

TEST_F(StaffAccountsTest, WrongPasswordAndUnknownUserLookAlike) {
  auto wrong = accounts_->sign_in("kari", "wrong password here", "10.0.0.1");
  auto unknown = accounts_->sign_in("nobody", "wrong password here", "10.0.0.1");
  ASSERT_FALSE(wrong.ok());
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(wrong.error().message_key, unknown.error().message_key);
  EXPECT_EQ(wrong.error().code, ErrorCode::Unauthenticated);
}

TEST_F(StaffAccountsTest, TheOwnerWhoMistypesWaitsSecondsNotAQuarterOfAnHour) {
  for (int i = 0; i < 3; ++i)
    EXPECT_EQ(accounts_->sign_in("kari", "nope nope nope", "10.0.0.1").error().code,
              ErrorCode::Unauthenticated);
  // The fourth mistype costs 2 s, the fifth 4 s after it.
  EXPECT_EQ(accounts_->sign_in("kari", "nope nope nope", "10.0.0.1").error().code,
            ErrorCode::Unauthenticated);
  auto early = accounts_->sign_in("kari", kPassword, "10.0.0.1");
  ASSERT_FALSE(early.ok());
  EXPECT_EQ(early.error().code, ErrorCode::RateLimited);
  EXPECT_EQ(early.error().retry_after, std::chrono::seconds(2));
  now_ += std::chrono::seconds(2);
  EXPECT_EQ(accounts_->sign_in("kari", "nope nope nope", "10.0.0.1").error().code,
            ErrorCode::Unauthenticated);
  auto later = accounts_->sign_in("kari", kPassword, "10.0.0.1");
  EXPECT_FALSE(later.ok());
  EXPECT_EQ(later.error().retry_after, std::chrono::seconds(4));
  now_ += std::chrono::seconds(4);
  EXPECT_TRUE(accounts_->sign_in("kari", kPassword, "10.0.0.1").ok());
  // A sign-in forgives the pair's own mistypes.
  EXPECT_EQ(accounts_->sign_in("kari", "nope nope nope", "10.0.0.1").error().code,
            ErrorCode::Unauthenticated);
}

TEST_F(StaffAccountsTest, AGuesserAtOneAddressIsSlowedMoreAndMore) {
  std::vector<long> waits;
  for (int tries = 0; tries < 12; ++tries) {
    auto r = accounts_->sign_in("kari", "guess " + std::to_string(tries), "10.6.6.6");
    if (r.error().code == ErrorCode::RateLimited) {
      const auto wait = r.error().retry_after.value_or(std::chrono::seconds(0));
      waits.push_back(long(wait.count()));
      now_ += wait;
      --tries;  // a refused attempt is not a try
    }
  }
  EXPECT_EQ(waits, (std::vector<long>{2, 4, 8, 16, 32, 64, 128, 256}));
  // Refused attempts do not count: waiting out the delay is enough.
  auto last = accounts_->sign_in("kari", kPassword, "10.6.6.6");
  EXPECT_FALSE(last.ok());
  EXPECT_EQ(last.error().retry_after, std::chrono::seconds(512));
}

TEST_F(StaffAccountsTest, GuessingFromManyAddressesDoesNotLockTheOwnerOut) {
  ASSERT_TRUE(accounts_->sign_in("kari", kPassword, "10.0.0.1").ok());  // her desk
  // Past ten failures from addresses she never used, the account is slowed there.
  for (int i = 0; i < 11; ++i)
    EXPECT_EQ(
        accounts_
            ->sign_in("kari", "guess guess " + std::to_string(i), "192.0.2." + std::to_string(i))
            .error()
            .code,
        ErrorCode::Unauthenticated);
  // The account is limited for addresses it never used…
  auto elsewhere = accounts_->sign_in("kari", kPassword, "198.51.100.7");
  ASSERT_FALSE(elsewhere.ok());
  EXPECT_EQ(elsewhere.error().code, ErrorCode::RateLimited);
  EXPECT_GT(elsewhere.error().retry_after.value_or(std::chrono::seconds(0)).count(), 0);
  // …while the right password from her desk still signs her in.
  EXPECT_TRUE(accounts_->sign_in("kari", kPassword, "10.0.0.1").ok());
}

TEST_F(StaffAccountsTest, AHospitalBehindOneAddressKeepsSigningIn) {
  ASSERT_TRUE(accounts_->sign_in("kari", kPassword, "10.9.9.9").ok());
  ASSERT_TRUE(accounts_->add_account("ola", "Ola Nordmann", kPassword, {}).ok());
  for (int i = 0; i < 40; ++i)
    EXPECT_FALSE(accounts_->sign_in("user" + std::to_string(i), "nope nope nope", "10.9.9.9").ok());
  // Kari has signed in from the shared address before: not held back.
  EXPECT_TRUE(accounts_->sign_in("kari", kPassword, "10.9.9.9").ok());
  // Ola never has: the address's counter slows him there, not elsewhere.
  auto limited = accounts_->sign_in("ola", kPassword, "10.9.9.9");
  ASSERT_FALSE(limited.ok());
  EXPECT_EQ(limited.error().code, ErrorCode::RateLimited);
  EXPECT_TRUE(accounts_->sign_in("ola", kPassword, "10.9.9.8").ok());
  // An address unused for longer than the known-address period is unknown again.
  now_ += std::chrono::hours(24 * 91);
  for (int i = 0; i < 40; ++i)
    EXPECT_FALSE(accounts_->sign_in("user" + std::to_string(i), "nope nope nope", "10.9.9.9").ok());
  EXPECT_EQ(accounts_->sign_in("kari", kPassword, "10.9.9.9").error().code, ErrorCode::RateLimited);
}

TEST_F(StaffAccountsTest, AOneMinuteIdleTimeoutKeepsAnActiveSession) {
  StaffAccountSettings s;
  s.idle_timeout = std::chrono::minutes(1);
  StaffAccounts short_idle(
      *staff_, *audit_, [this] { return now_; }, s);
  auto session = short_idle.sign_in("kari", kPassword, "10.0.0.1");
  ASSERT_TRUE(session.ok());
  // A request every 40 s for five minutes: never idle for a minute.
  for (int i = 0; i < 8; ++i) {
    now_ += std::chrono::seconds(40);
    EXPECT_TRUE(*short_idle.resume(session->token)) << "after " << (i + 1) * 40 << " s";
  }
  now_ += std::chrono::seconds(61);
  EXPECT_FALSE(*short_idle.resume(session->token));
}

TEST_F(StaffAccountsTest, TimeoutsAndDisabling) {
  auto s = accounts_->sign_in("kari", kPassword, "10.0.0.1");
  ASSERT_TRUE(s.ok());
  now_ += std::chrono::minutes(29);
  EXPECT_TRUE(*accounts_->resume(s->token));  // touches the session
  now_ += std::chrono::minutes(29);
  EXPECT_TRUE(*accounts_->resume(s->token));
  now_ += std::chrono::minutes(31);
  EXPECT_FALSE(*accounts_->resume(s->token));  // idle

  auto t = accounts_->sign_in("kari", kPassword, "10.0.0.1");
  for (int i = 0; i < 25; ++i) {
    now_ += std::chrono::minutes(29);
    (void)accounts_->resume(t->token);
  }
  EXPECT_FALSE(*accounts_->resume(t->token));  // 12 h absolute

  auto u = accounts_->sign_in("kari", kPassword, "10.0.0.1");
  ASSERT_TRUE(accounts_->disable("kari").ok());
  EXPECT_FALSE(*accounts_->resume(u->token));
  EXPECT_FALSE(accounts_->sign_in("kari", kPassword, "10.0.0.1").ok());
}

TEST_F(StaffAccountsTest, AuditSearchChecksItsCriteriaPagesAndRecordsADownloadAsAnExport) {
  AccessContext writer{Actor{9, "Leder", {{Role::CourseLeader, ScopeKind::Course, 7}}}, "GET /x",
                       "10.1.1.1"};
  for (int i = 0; i < 5; ++i)
    ASSERT_TRUE(audit_
                    ->record(writer, AuditEvent(Action::ViewParticipants, std::nullopt, "run",
                                                std::to_string(i), 42, 5))
                    .ok());
  AccessContext auditor{Actor{1, "Kari", {{Role::Auditor, ScopeKind::Nation, 0}}},
                        "POST /ansatt/logg", "10.0.0.1"};
  AuditSearch reversed;
  reversed.from = now_;
  reversed.to = now_;  // `to` is exclusive: from the day after back to the day
  auto refused = audit_->search(auditor, reversed);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::Malformed);
  ASSERT_EQ(refused.error().fields.size(), 1u);
  EXPECT_EQ(refused.error().fields[0].field, "to");
  EXPECT_EQ(refused.error().fields[0].message_key, "audit.error.date_order");

  AuditSearch wrong_id;
  wrong_id.national_id = "13097248023";  // the check digit is off
  refused = audit_->search(auditor, wrong_id);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().fields.at(0).field, "national_id");
  AuditSearch right_id;
  right_id.national_id = "13097248022";
  // This AuditLog has no cipher to hash it with: refused, not searched unhashed.
  EXPECT_EQ(audit_->search(auditor, right_id).error().code, ErrorCode::Unavailable);

  AuditSearch page;
  page.account_id = 9;  // the writer's rows (a search by person would add one itself)
  page.limit = 3;
  auto first = audit_->search(auditor, page);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->entries.size(), 3u);
  EXPECT_TRUE(first->more);
  page.offset = 3;
  auto second = audit_->search(auditor, page);
  EXPECT_EQ(second->entries.size(), 2u);
  EXPECT_FALSE(second->more);

  page.is_export = true;
  ASSERT_TRUE(audit_->search(auditor, page).ok());
  store::AuditQuery own;
  own.account_id = 1;
  auto rows = audit_store_->search(own);
  ASSERT_EQ(rows->size(), 3u);  // the refused searches are not on record: they read nothing
  EXPECT_EQ(rows->front().event, AuditEventKind::Export);
  EXPECT_EQ((*rows)[1].event, AuditEventKind::View);
}

TEST_F(StaffAccountsTest, AuditSearchIsScopedAndAudited) {
  AccessContext writer{Actor{9, "Leder", {{Role::CourseLeader, ScopeKind::Course, 7}}}, "GET /x",
                       "10.1.1.1"};
  ASSERT_TRUE(
      audit_->record(writer, AuditEvent(Action::ViewParticipants, std::nullopt, "run", "1", 42, 5))
          .ok());
  ASSERT_TRUE(
      audit_->record(writer, AuditEvent(Action::ViewParticipants, std::nullopt, "run", "2", 43, 6))
          .ok());
  AccessContext auditor{Actor{1, "Kari", {{Role::Auditor, ScopeKind::HealthTrust, 5}}},
                        "GET /api/v1/audit", "10.0.0.1"};
  auto mine = audit_->search(auditor, {});
  ASSERT_TRUE(mine.ok());
  ASSERT_EQ(mine->entries.size(), 1u);
  EXPECT_EQ(mine->entries[0].person_id, 42);
  EXPECT_FALSE(mine->more);
  AuditSearch other;
  other.health_trust_id = 6;
  auto denied = audit_->search(auditor, other);
  ASSERT_FALSE(denied.ok());
  EXPECT_EQ(denied.error().code, ErrorCode::Forbidden);
  AccessContext leader{writer.actor, "GET /api/v1/audit", "10.1.1.1"};
  EXPECT_FALSE(audit_->search(leader, {}).ok());
  store::AuditQuery searches;
  searches.account_id = 1;
  auto rows = audit_store_->search(searches);
  ASSERT_FALSE(rows->empty());
  EXPECT_EQ((*rows)[0].action, "search_audit");
  auto lines = audit_->about_person(42);
  ASSERT_TRUE(lines.ok());
  ASSERT_EQ(lines->size(), 1u);
  EXPECT_EQ((*lines)[0].staff_name, "Leder");
}

}  // namespace
}  // namespace kursbase::app
