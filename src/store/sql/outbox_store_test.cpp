// The outbox store's leases against every engine (contract tests).
#include "store/outbox_store.hpp"

#include <gtest/gtest.h>

#include "store/engine/connection.hpp"
#include "store/engine/database.hpp"
#include "store/testing/test_database.hpp"

namespace kursbase::store {
namespace {

using namespace std::chrono_literals;

Instant t0() { return *parse_instant("2027-03-01T10:00:00Z"); }

class OutboxStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = Database::open(testing::fresh_database_url("outbox"), 2);
    ASSERT_TRUE(db.ok()) << db.error().detail;
    db_ = std::move(*db);
    ASSERT_TRUE(db_->migrate().ok());
    outbox_ = make_outbox_store(*db_);
    ASSERT_TRUE(db_->transact(TxKind::Write,
                              [&](Tx& tx) -> Status {
                                insert_outbox(tx, message(1, false), t0());
                                insert_outbox(tx, message(2, true), t0());
                                return ok_status();
                              })
                    .ok());
  }

  // Message `n`; `sealed` as app/messaging/sealed_message leaves it.
  static OutboxMessage message(int n, bool sealed) {
    OutboxMessage m;
    m.recipient = "p" + std::to_string(n) + "@example.no";
    m.subject = "Bekreftelse";
    m.body = "Hei";
    m.kind = "confirmation";
    m.attachment = "BEGIN:VCALENDAR";
    m.sealed = sealed;
    return m;
  }

  std::unique_ptr<Database> db_;
  std::unique_ptr<OutboxStore> outbox_;
};

TEST_F(OutboxStoreTest, OneClaimedRowAtATimeAndItsLeaseIsChecked) {
  auto first = outbox_->claim("a", t0(), t0() + 120s, 1);
  ASSERT_TRUE(first.ok()) << first.error().detail;
  ASSERT_EQ(first->size(), 1u);
  const auto id = first->front().id;
  EXPECT_FALSE(first->front().message.message_id.empty());
  EXPECT_TRUE(*outbox_->holds_lease(id, "a", t0() + 90s));
  EXPECT_FALSE(*outbox_->holds_lease(id, "a", t0() + 121s)) << "too little lease left";
  EXPECT_FALSE(*outbox_->holds_lease(id, "b", t0() + 1s)) << "another worker's";
  // Another worker gets the other row, not this one.
  auto second = outbox_->claim("b", t0() + 1s, t0() + 121s, 5);
  ASSERT_EQ(second->size(), 1u);
  EXPECT_NE(second->front().id, id);
  // Once the lease ran out another worker may take it; then it is no longer a's.
  auto taken = outbox_->claim("b", t0() + 200s, t0() + 320s, 1);
  ASSERT_EQ(taken->size(), 1u);
  EXPECT_EQ(taken->front().id, id);
  EXPECT_FALSE(*outbox_->holds_lease(id, "a", t0() + 200s));
  ASSERT_TRUE(outbox_->mark_sent(id, "b", t0() + 201s).ok());
  EXPECT_FALSE(*outbox_->holds_lease(id, "b", t0() + 202s)) << "sent";
}

TEST_F(OutboxStoreTest, ASentMessageIsMarkedByItsLastHolderAfterTheLeaseRanOut) {
  auto claimed = outbox_->claim("a", t0(), t0() + 120s, 1);
  ASSERT_EQ(claimed->size(), 1u);
  const auto id = claimed->front().id;
  // The database was away past the lease; nobody took the row since.
  ASSERT_TRUE(outbox_->mark_sent(id, "a", t0() + 600s).ok());
  auto again = outbox_->claim("b", t0() + 601s, t0() + 721s, 5);
  ASSERT_EQ(again->size(), 1u);
  EXPECT_NE(again->front().id, id) << "not sent twice";
  EXPECT_EQ(outbox_->counts()->sent, 1);
}

TEST_F(OutboxStoreTest, TheSealedFlagIsKeptAndASentRowKeepsNoText) {
  auto claimed = outbox_->claim("a", t0(), t0() + 120s, 5);
  ASSERT_EQ(claimed->size(), 2u);
  EXPECT_FALSE((*claimed)[0].message.sealed);
  EXPECT_TRUE((*claimed)[1].message.sealed);
  for (const auto& item : *claimed) ASSERT_TRUE(outbox_->mark_sent(item.id, "a", t0()).ok());
  int texts = -1;
  ASSERT_TRUE(db_->transact(TxKind::Read,
                            [&](Tx& tx) -> Status {
                              session_of(tx)
                                  << "SELECT count(*) FROM outbox WHERE subject <> '' OR "
                                     "body <> '' OR attachment <> ''",
                                  soci::into(texts);
                              return ok_status();
                            })
                  .ok());
  EXPECT_EQ(texts, 0) << "a sent row keeps neither subject, body nor attachment";
}

}  // namespace
}  // namespace kursbase::store
