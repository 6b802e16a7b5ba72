// The outbox worker against an outbox in memory whose database can go away
// (issue 11, item 4: mail was sent twice after a database outage).
#include "app/messaging/outbox_worker.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "adapters/crypto/sodium_personal_data_cipher.hpp"
#include "app/messaging/sealed_message.hpp"

namespace kursbase::app {
namespace {

using namespace std::chrono_literals;

Instant t0() { return *parse_instant("2027-03-01T10:00:00Z"); }

// Rows as sql_outbox_store.cpp keeps them, with the same lease rules.
class MemoryOutbox final : public store::OutboxStore {
 public:
  struct Row {
    store::OutboxMessage message;
    std::string owner;
    std::optional<Instant> lease_until;
    bool sent = false;
    bool failed = false;
    int attempts = 0;
  };

  void add(int n) {
    for (int i = 0; i < n; ++i) {
      const auto id = std::int64_t(rows.size()) + 1;
      rows[id].message.message_id = "<m" + std::to_string(id) + "@kursbase>";
      rows[id].message.recipient = "person" + std::to_string(id) + "@example.no";
    }
  }

  Result<std::vector<store::OutboxItem>> claim(const std::string& owner, Instant now,
                                               Instant lease_until, int max) override {
    if (down()) return unavailable("database gone");
    claim_sizes.push_back(max);
    std::vector<store::OutboxItem> out;
    for (auto& [id, r] : rows) {
      if (int(out.size()) >= max) break;
      if (r.sent || r.failed || (r.lease_until && *r.lease_until >= now)) continue;
      r.owner = owner;
      r.lease_until = lease_until;
      out.push_back({id, r.message, r.attempts});
    }
    return out;
  }
  Result<bool> holds_lease(std::int64_t id, const std::string& owner, Instant until) override {
    if (down()) return unavailable("database gone");
    const auto& r = rows.at(id);
    return !steal_lease_of.count(id) && r.owner == owner && r.lease_until &&
           *r.lease_until >= until && !r.sent && !r.failed;
  }
  Status mark_sent(std::int64_t id, const std::string& owner, Instant) override {
    if (down()) return unavailable("database gone");
    auto& r = rows.at(id);
    if (r.owner == owner && !r.sent) {
      r.sent = true;
      r.lease_until.reset();
      ++r.attempts;
    }
    return ok_status();
  }
  Status mark_failed(std::int64_t id, const std::string& owner, const std::string&,
                     std::optional<Instant> retry_at, Instant) override {
    if (down()) return unavailable("database gone");
    auto& r = rows.at(id);
    if (r.owner == owner && !r.sent) {
      ++r.attempts;
      r.lease_until.reset();
      if (!retry_at) r.failed = true;
    }
    return ok_status();
  }
  Result<store::OutboxCounts> counts() override { return store::OutboxCounts{}; }

  // Unsent rows leased to anyone right now.
  int leased(Instant now) const {
    int n = 0;
    for (const auto& [id, r] : rows)
      if (!r.sent && r.lease_until && *r.lease_until >= now) ++n;
    return n;
  }

  std::map<std::int64_t, Row> rows;
  std::vector<int> claim_sizes;
  std::set<std::int64_t> steal_lease_of;  // another worker holds these
  bool database_down = false;
  int calls_until_down = -1;  // the database goes after this many more calls

 private:
  bool down() {
    if (calls_until_down == 0) {
      database_down = true;
      calls_until_down = -1;
    }
    if (calls_until_down > 0) --calls_until_down;
    return database_down;
  }
};

class RecordingSender final : public Sender {
 public:
  explicit RecordingSender(std::function<void()> during_send = {})
      : during_(std::move(during_send)) {}
  Status send(const store::OutboxMessage& m) override {
    if (during_) during_();
    sent.push_back(m.message_id);
    bodies.push_back(m.body);
    return ok_status();
  }
  std::vector<std::string> sent;
  std::vector<std::string> bodies;

 private:
  std::function<void()> during_;
};

class OutboxWorkerTest : public ::testing::Test {
 protected:
  OutboxWorkerSettings settings() const {
    OutboxWorkerSettings s;
    s.batch = 20;
    s.lease = 120s;
    s.send_time = 30s;
    return s;
  }
  std::map<std::string, int> times_sent(const RecordingSender& sender) const {
    std::map<std::string, int> n;
    for (const auto& id : sender.sent) ++n[id];
    return n;
  }

  Instant now_ = t0();
  MemoryOutbox outbox_;
};

TEST_F(OutboxWorkerTest, OneMessageIsInFlightAtATime) {
  outbox_.add(5);
  int most_leased = 0;
  RecordingSender sender([&] { most_leased = std::max(most_leased, outbox_.leased(now_)); });
  OutboxWorker worker(
      outbox_, sender, nullptr, [&] { return now_; }, settings());
  EXPECT_EQ(worker.run_once(), 5);
  EXPECT_EQ(sender.sent.size(), 5u);
  EXPECT_EQ(most_leased, 1) << "a lease covers only the message being sent";
  for (int max : outbox_.claim_sizes) EXPECT_EQ(max, 1);
}

TEST_F(OutboxWorkerTest, ADatabaseOutageSendsNothingTwice) {
  outbox_.add(6);
  RecordingSender sender;
  OutboxWorker worker(
      outbox_, sender, nullptr, [&] { return now_; }, settings());
  // The database goes right after the first message's claim and lease check:
  // its send works, its mark does not.
  outbox_.calls_until_down = 2;
  EXPECT_EQ(worker.run_once(), 0);
  EXPECT_EQ(sender.sent.size(), 1u) << "the round stops at the first database error";
  // Still away on the next round: nothing more is sent.
  EXPECT_EQ(worker.run_once(), 0);
  EXPECT_EQ(sender.sent.size(), 1u);
  // Back after the first message's lease ran out: it is marked, not sent again.
  now_ += 10min;
  outbox_.database_down = false;
  EXPECT_EQ(worker.run_once(), 5);
  now_ += 10min;
  EXPECT_EQ(worker.run_once(), 0);
  EXPECT_EQ(sender.sent.size(), 6u);
  for (const auto& [id, n] : times_sent(sender)) EXPECT_EQ(n, 1) << id;
  for (const auto& [id, r] : outbox_.rows) EXPECT_TRUE(r.sent) << id;
}

TEST_F(OutboxWorkerTest, AnOutageBeforeTheSendStopsTheRoundWithNothingSent) {
  outbox_.add(3);
  RecordingSender sender;
  OutboxWorker worker(
      outbox_, sender, nullptr, [&] { return now_; }, settings());
  outbox_.calls_until_down = 1;  // the claim works, the lease check does not
  EXPECT_EQ(worker.run_once(), 0);
  EXPECT_TRUE(sender.sent.empty());
  outbox_.database_down = false;
  now_ += 10min;  // the first message's lease ran out: it is claimed again
  EXPECT_EQ(worker.run_once(), 3);
  for (const auto& [id, n] : times_sent(sender)) EXPECT_EQ(n, 1) << id;
}

TEST_F(OutboxWorkerTest, AMessageWhoseLeaseIsLostIsNotSent) {
  outbox_.add(2);
  outbox_.steal_lease_of.insert(1);
  RecordingSender sender;
  OutboxWorker worker(
      outbox_, sender, nullptr, [&] { return now_; }, settings());
  EXPECT_EQ(worker.run_once(), 1);
  ASSERT_EQ(sender.sent.size(), 1u);
  EXPECT_EQ(sender.sent[0], "<m2@kursbase>");
}

TEST_F(OutboxWorkerTest, ALeaseTooShortForTheSendIsNotUsed) {
  outbox_.add(1);
  RecordingSender sender;
  auto s = settings();
  s.lease = 20s;  // less than the 30 s a send may take
  OutboxWorker worker(
      outbox_, sender, nullptr, [&] { return now_; }, s);
  EXPECT_EQ(worker.run_once(), 0);
  EXPECT_TRUE(sender.sent.empty());
}

adapters::SodiumPersonalDataCipher::Key key(std::uint8_t byte) {
  adapters::SodiumPersonalDataCipher::Key k{};
  k.fill(byte);
  return k;
}

TEST_F(OutboxWorkerTest, ASealedMessageIsOpenedForTheSendAndOneUnderAnotherKeyIsGivenUp) {
  const adapters::SodiumPersonalDataCipher ours(key(1)), theirs(key(2));
  outbox_.add(2);
  for (auto& [id, row] : outbox_.rows) {
    row.message.body = "Hei Kari! https://kurs.example.no/pamelding/tokenX";
    seal_message(id == 1 ? ours : theirs, row.message);
    EXPECT_EQ(row.message.body.find("pamelding"), std::string::npos);
  }
  RecordingSender sender;
  OutboxWorker worker(
      outbox_, sender, nullptr, [&] { return now_; }, settings(), nullptr, &ours);
  EXPECT_EQ(worker.run_once(), 1);
  ASSERT_EQ(sender.bodies.size(), 1u);
  EXPECT_EQ(sender.bodies[0], "Hei Kari! https://kurs.example.no/pamelding/tokenX");
  EXPECT_TRUE(outbox_.rows.at(2).failed) << "not retried: no later round opens it either";
}

}  // namespace
}  // namespace kursbase::app
