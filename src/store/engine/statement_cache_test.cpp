#include "store/engine/statement_cache.hpp"

#include <gtest/gtest.h>

#include "store/engine/connection.hpp"
#include "store/engine/database.hpp"
#include "store/testing/test_database.hpp"

namespace kursbase::store {
namespace {

struct ValueVars {
  int key = 0;
  std::string value;
};

auto bind_select = [](ValueVars& v, soci::statement& st) {
  st.exchange(soci::use(v.key, "k"));
  st.exchange(soci::into(v.value));
};

constexpr const char* kSelect = "SELECT value FROM probe WHERE key >= :k ORDER BY key";

std::unique_ptr<Database> probe_database(const std::string& url, std::size_t pool = 1) {
  auto db = Database::open(url, pool);
  EXPECT_TRUE(db.ok());
  auto made = (*db)->transact(TxKind::Write, [](Tx& tx) -> Status {
    soci::session& sql = session_of(tx);
    sql << "CREATE TABLE probe (key INTEGER PRIMARY KEY, value TEXT NOT NULL)";
    sql << "INSERT INTO probe (key, value) VALUES (1, 'en'), (2, 'to')";
    return ok_status();
  });
  EXPECT_TRUE(made.ok());
  return std::move(*db);
}

TEST(StatementCache, PreparesAStatementOncePerConnectionAndRunsItWithNewValues) {
  auto db = probe_database(testing::fresh_database_url("cache_once.db"));
  std::size_t prepared_before = 0, prepared_after = 0;
  std::vector<std::string> seen;
  for (int round = 0; round < 50; ++round) {
    auto r = db->transact(TxKind::Read, [&](Tx& tx) -> Status {
      soci::session& sql = session_of(tx);
      auto& cache = statements(sql);
      if (round == 1) prepared_before = cache.prepared();
      auto& q = cache.get<ValueVars>(kSelect, bind_select);
      q.vars.key = round % 2 + 1;
      EXPECT_TRUE(q.run());
      seen.push_back(q.vars.value);
      prepared_after = cache.prepared();
      return ok_status();
    });
    ASSERT_TRUE(r.ok()) << r.error().detail;
  }
  EXPECT_EQ(prepared_after, prepared_before) << "prepared again after the first round";
  ASSERT_EQ(seen.size(), 50u);
  EXPECT_EQ(seen[0], "en");
  EXPECT_EQ(seen[1], "to");
  EXPECT_EQ(seen[48], "en");
}

// A query read only to its first row is reset at once: on SQLite it would
// otherwise keep its read snapshot, and the connection would not see what
// another connection (or server) committed since.
TEST(StatementCache, AQueryReadToItsFirstRowDoesNotKeepAnOldSnapshot) {
  const std::string url = testing::fresh_database_url("cache_snapshot.db");
  auto db = probe_database(url, 1);
  auto first = [&]() {
    return db->transact(TxKind::Read, [&](Tx& tx) -> Result<std::string> {
      soci::session& sql = session_of(tx);
      auto& q = statements(sql).get<ValueVars>(kSelect, bind_select);
      q.vars.key = 0;
      if (!q.run()) return std::string();
      return q.vars.value;
    });
  };
  ASSERT_EQ(*first(), "en");
  auto other = Database::open(url, 1);  // another server
  ASSERT_TRUE(other.ok());
  ASSERT_TRUE((*other)
                  ->transact(TxKind::Write,
                             [](Tx& tx) -> Status {
                               soci::session& sql = session_of(tx);
                               sql << "INSERT INTO probe (key, value) VALUES (0, 'null')";
                               return ok_status();
                             })
                  .ok());
  EXPECT_EQ(*first(), "null");
}

TEST(StatementCache, AStatementThatFailedIsPreparedAfreshAndWorksAgain) {
  auto db = probe_database(testing::fresh_database_url("cache_failed.db"));
  struct InsertVars {
    int key = 0;
    std::string value;
  };
  auto insert = [&](int key) {
    return db->transact(TxKind::Write, [&](Tx& tx) -> Status {
      soci::session& sql = session_of(tx);
      auto& q = statements(sql).get<InsertVars>("INSERT INTO probe (key, value) VALUES (:k, :v)",
                                                [](InsertVars& v, soci::statement& st) {
                                                  st.exchange(soci::use(v.key, "k"));
                                                  st.exchange(soci::use(v.value, "v"));
                                                });
      q.vars = {key, "ny"};
      q.run();
      return ok_status();
    });
  };
  EXPECT_FALSE(insert(1).ok()) << "key 1 exists: the insert must fail";
  EXPECT_TRUE(insert(3).ok());
  auto count = db->transact(TxKind::Read, [](Tx& tx) -> Result<int> {
    soci::session& sql = session_of(tx);
    int n = 0;
    sql << "SELECT count(*) FROM probe", soci::into(n);
    return n;
  });
  EXPECT_EQ(*count, 3);
}

TEST(StatementCache, IsReachableOnlyInsideTheTransactionOfItsConnection) {
  soci::session loose;
  EXPECT_THROW(statements(loose), std::logic_error);
}

}  // namespace
}  // namespace kursbase::store
