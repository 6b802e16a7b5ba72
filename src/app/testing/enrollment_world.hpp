#pragma once
// Test support: the world most app and http tests start from. A fresh database
// on the engine of the test run (SQLite; PostgreSQL under ctest's "postgres.*"
// fixture, see store/testing/test_database.hpp), migrated, with
// store::testing::enrollment_catalogue() imported; every store on it, the
// personal data cipher (libsodium, adapters/crypto) with a fixed key, the audit log, staff accounts
// and a clock that reads now_ (store::testing::kToday until a test moves it).
//
// A test fixture derives from it and calls open_world() first in SetUp():
//   void SetUp() override {
//     ASSERT_NO_FATAL_FAILURE(open_world("my-"));
//     service_ = std::make_unique<MyService>(*db_, *enrollments_, ...);
//   }
// Members the test adds are destroyed before these, so services may keep
// references to the stores.
#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "adapters/crypto/sodium_personal_data_cipher.hpp"
#include "app/staff/audit_log.hpp"
#include "app/staff/staff_accounts.hpp"
#include "store/audit_store.hpp"
#include "store/catalogue_store.hpp"
#include "store/engine/database.hpp"
#include "store/enrollment_store.hpp"
#include "store/outbox_store.hpp"
#include "store/person_data_store.hpp"
#include "store/staff_store.hpp"

namespace kursbase::app::testing {

class EnrollmentWorld : public ::testing::Test {
 protected:
  // The cipher's master key is `key_byte` repeated (0: all zero).
  explicit EnrollmentWorld(std::uint8_t key_byte = 0);

  // Opens the database (named `prefix` + the current test's name) and makes
  // everything above. Fails the test fatally on any step: call it inside
  // ASSERT_NO_FATAL_FAILURE. `other_region`: with the HF of another region
  // and its courses (store::testing::scope_catalogue()).
  void open_world(const std::string& prefix, bool other_region = false);

  // now_, for use cases that take a Clock.
  Clock clock();

  // A new staff account `name` (also its display name) with `grants`,
  // signed in from 10.0.0.1.
  StartedSession session_for(const std::string& name, std::vector<RoleGrant> grants);
  StartedSession session_for(const std::string& name, RoleGrant grant);

  // The messages due now (within five minutes), opened as the worker opens
  // them, and marked sent so that the next call sees only new ones.
  std::vector<store::OutboxMessage> take_messages();

  Instant now_;
  adapters::SodiumPersonalDataCipher cipher_;  // the real one: tests may link adapters
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<store::CatalogueStore> catalogue_;
  std::unique_ptr<store::EnrollmentStore> enrollments_;
  std::unique_ptr<store::StaffStore> staff_;
  std::unique_ptr<store::AuditStore> audit_store_;
  std::unique_ptr<store::OutboxStore> outbox_;
  std::unique_ptr<store::PersonDataStore> person_store_;
  std::unique_ptr<AuditLog> audit_;
  std::unique_ptr<StaffAccounts> accounts_;
};

}  // namespace kursbase::app::testing
