#include "store/database.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "store/migrations.hpp"
#include "store/testing/test_database.hpp"

namespace kursbase::store {
namespace {

std::string temp_db(const char* name) { return testing::fresh_database_url(name); }

TEST(DatabaseUrl, ChoosesTheEngine) {
  EXPECT_EQ(parse_database_url("postgresql://u@127.0.0.1:5432/db")->engine, Engine::Postgres);
  EXPECT_EQ(parse_database_url("postgres://x")->engine, Engine::Postgres);
  EXPECT_EQ(parse_database_url("var/kursbase.db")->target, "var/kursbase.db");
  EXPECT_EQ(parse_database_url("sqlite:/tmp/a.db")->target, "/tmp/a.db");
  EXPECT_EQ(parse_database_url("sqlite:///tmp/a.db")->target, "/tmp/a.db");
  EXPECT_FALSE(parse_database_url("sqlite:").ok());
}

TEST(Database, MigratesOnceAndRecordsVersions) {
  auto db = Database::open(temp_db("migrate.db"), 2);
  ASSERT_TRUE(db.ok()) << db.error().detail;
  EXPECT_EQ(*(*db)->schema_version(), 0);
  ASSERT_TRUE((*db)->migrate().ok());
  const int latest = migrations((*db)->engine()).back().version;
  EXPECT_EQ(*(*db)->schema_version(), latest);
  ASSERT_TRUE((*db)->migrate().ok());  // idempotent
  EXPECT_EQ(*(*db)->schema_version(), latest);
}

TEST(Database, RollsBackWhenTheUseCaseFails) {
  auto db = Database::open(temp_db("rollback.db"), 2);
  ASSERT_TRUE(db.ok());
  ASSERT_TRUE((*db)->migrate().ok());
  auto failed = (*db)->transact(TxKind::Write, [](soci::session& sql) -> Status {
    sql << "UPDATE catalogue_state SET version = 99";
    return conflict("test.conflict");
  });
  EXPECT_FALSE(failed.ok());
  auto version = (*db)->transact(TxKind::Read, [](soci::session& sql) -> Result<int> {
    int v = 0;
    sql << "SELECT version FROM catalogue_state", soci::into(v);
    return v;
  });
  EXPECT_EQ(*version, 1);
}

TEST(Database, DatabaseErrorsBecomeUnavailableNotExceptions) {
  auto db = Database::open(temp_db("errors.db"), 1);
  ASSERT_TRUE(db.ok());
  auto r = (*db)->transact(TxKind::Read, [](soci::session& sql) -> Status {
    sql << "SELECT count(*) FROM no_such_table";
    return ok_status();
  });
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::Unavailable);
}

TEST(Database, UnreachableServerIsUnavailable) {
  auto db = Database::open("postgresql://nobody@127.0.0.1:1/none?connect_timeout=1", 1);
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.error().code, ErrorCode::Unavailable);
}

}  // namespace
}  // namespace kursbase::store
