#include "app/testing/enrollment_world.hpp"

#include <utility>

#include "app/messaging/sealed_message.hpp"
#include "store/testing/enrollment_catalogue.hpp"
#include "store/testing/test_database.hpp"

namespace kursbase::app::testing {
namespace {

adapters::SodiumPersonalDataCipher::Key key_of(std::uint8_t byte) {
  adapters::SodiumPersonalDataCipher::Key k{};
  k.fill(byte);
  return k;
}

}  // namespace

EnrollmentWorld::EnrollmentWorld(std::uint8_t key_byte)
    : now_(*parse_instant(store::testing::kToday)), cipher_(key_of(key_byte)) {}

void EnrollmentWorld::open_world(const std::string& prefix, bool other_region) {
  auto opened = store::Database::open(
      store::testing::fresh_database_url(
          prefix + ::testing::UnitTest::GetInstance()->current_test_info()->name()),
      2);
  ASSERT_TRUE(opened.ok()) << opened.error().detail;
  db_ = std::move(*opened);
  ASSERT_TRUE(db_->migrate().ok());
  catalogue_ = store::make_catalogue_store(*db_);
  ASSERT_TRUE(catalogue_
                  ->import_catalogue(other_region ? store::testing::scope_catalogue()
                                                  : store::testing::enrollment_catalogue())
                  .ok());
  enrollments_ = store::make_enrollment_store(*db_);
  staff_ = store::make_staff_store(*db_);
  audit_store_ = store::make_audit_store(*db_);
  outbox_ = store::make_outbox_store(*db_);
  person_store_ = store::make_person_data_store(*db_);
  audit_ =
      std::make_unique<AuditLog>(*db_, *audit_store_, clock(), region_lookup(*staff_), &cipher_);
  accounts_ = std::make_unique<StaffAccounts>(*staff_, *audit_, clock());
}

Clock EnrollmentWorld::clock() {
  return [this] { return now_; };
}

StartedSession EnrollmentWorld::session_for(const std::string& name,
                                            std::vector<RoleGrant> grants) {
  store::StaffAccount a;
  a.username = name;
  a.display_name = name;
  a.grants = std::move(grants);
  auto id = staff_->create_account(a);
  EXPECT_TRUE(id.ok());
  auto s = accounts_->start_session(*id, "10.0.0.1");
  EXPECT_TRUE(s.ok());
  return *s;
}

StartedSession EnrollmentWorld::session_for(const std::string& name, RoleGrant grant) {
  return session_for(name, std::vector<RoleGrant>{grant});
}

std::vector<store::OutboxMessage> EnrollmentWorld::take_messages() {
  auto items = outbox_->claim("test", now_, now_ + std::chrono::minutes(5), 100);
  EXPECT_TRUE(items.ok());
  std::vector<store::OutboxMessage> out;
  if (!items.ok()) return out;
  for (auto item : *items) {
    EXPECT_TRUE(outbox_->mark_sent(item.id, "test", now_).ok());
    EXPECT_TRUE(open_message(cipher_, item.message).ok());
    out.push_back(std::move(item.message));
  }
  return out;
}

}  // namespace kursbase::app::testing
