#pragma once
// The outbox: messages (e-mail, SMS) written in the transaction of the change
// that causes them and sent afterwards by a worker (app/outbox_worker).
//
// Delivery: a worker claims one due row at a time with a lease (owner +
// expiry), checks the lease, sends, and marks it sent; a crash between commit
// and send loses nothing (the row stays due), and a crash after sending but
// before marking re-sends that one message, with the same Message-ID, which
// receivers treat as one message. Two workers never hold the same row: the
// claim is one conditional UPDATE per row.
//
// Thread safety: all methods may be called from any thread.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "domain/core/result.hpp"
#include "domain/core/time.hpp"
#include "domain/enrollment/enrollment.hpp"
#include "store/transaction.hpp"

namespace kursbase::store {

class Database;

enum class Channel { Email, Sms };

struct OutboxMessage {
  Channel channel = Channel::Email;
  std::string recipient;  // e-mail address or mobile number
  std::string subject;
  std::string body;             // text/plain, UTF-8
  std::string attachment_name;  // "kurs.ics"; empty: none
  std::string attachment_type;  // "text/calendar; charset=utf-8; method=PUBLISH"
  std::string attachment;
  std::string kind;  // confirmation, waitlisted, promoted, offered, reminder, cancelled
  std::optional<EnrollmentId> enrollment_id;
  std::string message_id;  // "<…@kursbase>"; filled in by the store when empty
  // Subject, body and attachment sealed with the data key (app/privacy/
  // personal_data_cipher.hpp), opened by the outbox worker just before the send:
  // an unsent row holds no private link, name or course in clear.
  bool sealed = false;
};

struct OutboxItem {
  std::int64_t id = 0;
  OutboxMessage message;
  int attempts = 0;  // before this one
};

struct OutboxCounts {
  int pending = 0;
  int sent = 0;
  int failed = 0;
};

class OutboxStore {
 public:
  virtual ~OutboxStore() = default;

  // Claims up to `max` due rows for `owner` until `lease_until`.
  virtual Result<std::vector<OutboxItem>> claim(const std::string& owner, Instant now,
                                                Instant lease_until, int max) = 0;
  // Whether `owner` holds the lease on unsent row `id` until at least `until`:
  // checked right before a send, so that a worker whose lease ran out (and
  // another worker may hold it now) does not send.
  virtual Result<bool> holds_lease(std::int64_t id, const std::string& owner, Instant until) = 0;
  // Marks sent (and clears the body) if `owner` still holds the lease, or held
  // it last (a lease that ran out while the database was away and that no
  // other worker took since).
  virtual Status mark_sent(std::int64_t id, const std::string& owner, Instant now) = 0;
  // Records a failed attempt: due again at `retry_at`, or given up when none.
  virtual Status mark_failed(std::int64_t id, const std::string& owner, const std::string& error,
                             std::optional<Instant> retry_at, Instant now) = 0;
  virtual Result<OutboxCounts> counts() = 0;
};

std::unique_ptr<OutboxStore> make_outbox_store(Database& db);

// Writes `message` inside the caller's transaction (used by the enrollment store).
void insert_outbox(Tx& tx, OutboxMessage message, Instant now);

}  // namespace kursbase::store
