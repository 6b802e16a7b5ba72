// The outbox store on SOCI, shared by SQLite and PostgreSQL.
#include <atomic>
#include <chrono>
#include <random>

#include "store/engine/connection.hpp"
#include "store/engine/database.hpp"
#include "store/engine/statement_cache.hpp"
#include "store/outbox_store.hpp"

namespace kursbase::store {
namespace {

std::string channel_key(Channel c) { return c == Channel::Sms ? "sms" : "email"; }

// A unique Message-ID when the caller gave none.
std::string fallback_message_id() {
  static std::atomic<unsigned long long> counter{0};
  static const unsigned long long salt =
      std::random_device{}() * 4294967296ULL + std::random_device{}();
  const auto ns = std::chrono::steady_clock::now().time_since_epoch().count();
  return "<outbox." + std::to_string(salt) + "." + std::to_string(ns) + "." +
         std::to_string(counter++) + "@kursbase>";
}

class SqlOutboxStore final : public OutboxStore {
 public:
  explicit SqlOutboxStore(Database& db) : db_(db) {}

  Result<std::vector<OutboxItem>> claim(const std::string& owner, Instant now, Instant lease_until,
                                        int max) override {
    return db_.transact(TxKind::Write, [&](Tx& tx) -> Result<std::vector<OutboxItem>> {
      soci::session& sql = session_of(tx);
      const std::string now_text = format_instant(now);
      const std::string until_text = format_instant(lease_until);
      std::vector<long long> ids;
      {
        long long id = 0;
        soci::statement st =
            (sql.prepare << "SELECT id FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL "
                            "AND next_attempt_at <= :now AND (lease_until IS NULL OR "
                            "lease_until < :now2) ORDER BY id LIMIT :max",
             soci::use(now_text, "now"), soci::use(now_text, "now2"), soci::use(max, "max"),
             soci::into(id));
        st.execute();
        while (st.fetch()) ids.push_back(id);
      }
      std::vector<OutboxItem> out;
      for (long long id : ids) {
        // Conditional: a worker of another server may have claimed it since.
        soci::statement upd =
            (sql.prepare << "UPDATE outbox SET lease_owner = :o, lease_until = :u WHERE id = :id "
                            "AND sent_at IS NULL AND (lease_until IS NULL OR lease_until < :now)",
             soci::use(owner, "o"), soci::use(until_text, "u"), soci::use(id, "id"),
             soci::use(now_text, "now"));
        upd.execute(true);
        if (upd.get_affected_rows() != 1) continue;
        OutboxItem item;
        item.id = id;
        std::string channel;
        long long enrollment = 0;
        soci::indicator enrollment_ind;
        auto& m = item.message;
        int sealed = 0;
        sql << "SELECT channel, recipient, subject, body, attachment_name, attachment_type, "
               "attachment, message_id, kind, enrollment_id, attempts, sealed FROM outbox "
               "WHERE id = :id",
            soci::use(id, "id"), soci::into(channel), soci::into(m.recipient),
            soci::into(m.subject), soci::into(m.body), soci::into(m.attachment_name),
            soci::into(m.attachment_type), soci::into(m.attachment), soci::into(m.message_id),
            soci::into(m.kind), soci::into(enrollment, enrollment_ind), soci::into(item.attempts),
            soci::into(sealed);
        m.sealed = sealed != 0;
        m.channel = channel == "sms" ? Channel::Sms : Channel::Email;
        if (enrollment_ind == soci::i_ok) m.enrollment_id = enrollment;
        out.push_back(std::move(item));
      }
      return out;
    });
  }

  Result<bool> holds_lease(std::int64_t id, const std::string& owner, Instant until) override {
    return db_.transact(TxKind::Read, [&](Tx& tx) -> Result<bool> {
      soci::session& sql = session_of(tx);
      const long long i = id;
      const std::string until_text = format_instant(until);
      int n = 0;
      sql << "SELECT count(*) FROM outbox WHERE id = :id AND lease_owner = :o AND "
             "lease_until >= :u AND sent_at IS NULL AND failed_at IS NULL",
          soci::use(i, "id"), soci::use(owner, "o"), soci::use(until_text, "u"), soci::into(n);
      return n == 1;
    });
  }

  Status mark_sent(std::int64_t id, const std::string& owner, Instant now) override {
    return db_.transact(TxKind::Write, [&](Tx& tx) -> Status {
      soci::session& sql = session_of(tx);
      const long long i = id;
      const std::string now_text = format_instant(now);
      sql << "UPDATE outbox SET sent_at = :now, subject = '', body = '', attachment = '', "
             "lease_until = NULL, "
             "attempts = attempts + 1 WHERE id = :id AND lease_owner = :o AND sent_at IS NULL",
          soci::use(now_text, "now"), soci::use(i, "id"), soci::use(owner, "o");
      return ok_status();
    });
  }

  Status mark_failed(std::int64_t id, const std::string& owner, const std::string& error,
                     std::optional<Instant> retry_at, Instant now) override {
    return db_.transact(TxKind::Write, [&](Tx& tx) -> Status {
      soci::session& sql = session_of(tx);
      const long long i = id;
      const std::string now_text = format_instant(now);
      const std::string err = error.substr(0, 500);
      if (retry_at) {
        const std::string retry = format_instant(*retry_at);
        sql << "UPDATE outbox SET attempts = attempts + 1, last_error = :e, next_attempt_at = :r, "
               "lease_until = NULL WHERE id = :id AND lease_owner = :o AND sent_at IS NULL",
            soci::use(err, "e"), soci::use(retry, "r"), soci::use(i, "id"), soci::use(owner, "o");
      } else {
        sql << "UPDATE outbox SET attempts = attempts + 1, last_error = :e, failed_at = :now, "
               "lease_until = NULL WHERE id = :id AND lease_owner = :o AND sent_at IS NULL",
            soci::use(err, "e"), soci::use(now_text, "now"), soci::use(i, "id"),
            soci::use(owner, "o");
      }
      return ok_status();
    });
  }

  Result<OutboxCounts> counts() override {
    return db_.transact(TxKind::Read, [&](Tx& tx) -> Result<OutboxCounts> {
      soci::session& sql = session_of(tx);
      OutboxCounts c;
      long long pending = 0, sent = 0, failed = 0;
      sql << "SELECT count(*) FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL",
          soci::into(pending);
      sql << "SELECT count(*) FROM outbox WHERE sent_at IS NOT NULL", soci::into(sent);
      sql << "SELECT count(*) FROM outbox WHERE failed_at IS NOT NULL", soci::into(failed);
      c.pending = int(pending);
      c.sent = int(sent);
      c.failed = int(failed);
      return c;
    });
  }

 private:
  Database& db_;
};

}  // namespace

namespace {
struct OutboxVars {
  std::string channel, now;
  OutboxMessage m;
  long long enrollment = 0;
  soci::indicator enrollment_ind = soci::i_null;
  int sealed = 0;
};
}  // namespace

void insert_outbox(Tx& tx, OutboxMessage m, Instant now) {
  soci::session& sql = session_of(tx);
  auto& insert = statements(sql).get<OutboxVars>(
      "INSERT INTO outbox (channel, recipient, subject, body, attachment_name, "
      "attachment_type, attachment, message_id, kind, enrollment_id, created_at, "
      "next_attempt_at, sealed) VALUES (:c, :r, :s, :b, :an, :at, :a, :m, :k, :e, :now, :now2, "
      ":sealed)",
      [](OutboxVars& v, soci::statement& st) {
        st.exchange(soci::use(v.channel, "c"));
        st.exchange(soci::use(v.m.recipient, "r"));
        st.exchange(soci::use(v.m.subject, "s"));
        st.exchange(soci::use(v.m.body, "b"));
        st.exchange(soci::use(v.m.attachment_name, "an"));
        st.exchange(soci::use(v.m.attachment_type, "at"));
        st.exchange(soci::use(v.m.attachment, "a"));
        st.exchange(soci::use(v.m.message_id, "m"));
        st.exchange(soci::use(v.m.kind, "k"));
        st.exchange(soci::use(v.enrollment, v.enrollment_ind, "e"));
        st.exchange(soci::use(v.now, "now"));
        st.exchange(soci::use(v.now, "now2"));
        st.exchange(soci::use(v.sealed, "sealed"));
      });
  if (m.message_id.empty()) m.message_id = fallback_message_id();
  OutboxVars& v = insert.vars;
  v.channel = channel_key(m.channel);
  v.now = format_instant(now);
  v.enrollment = m.enrollment_id.value_or(0);
  v.enrollment_ind = m.enrollment_id ? soci::i_ok : soci::i_null;
  v.sealed = m.sealed ? 1 : 0;
  v.m = std::move(m);
  insert.run();
}

std::unique_ptr<OutboxStore> make_outbox_store(Database& db) {
  return std::make_unique<SqlOutboxStore>(db);
}

}  // namespace kursbase::store
