#pragma once
// OutboxWorker: sends the outbox (store/outbox_store.hpp) in a background
// thread started by `kursbase serve`, and on a slower tick queues reminders
// and expires offers past their reply deadline.
//
// Each round sends up to `batch` messages, one at a time: it claims one due
// message with a lease, checks that the lease outlasts the send, sends it by
// its channel (e-mail through the Sender, SMS through the SmsGateway:
// interfaces of app/, implemented in adapters/), and marks it sent, or failed
// with a retry after exponential back-off (first_retry doubling, at most
// max_attempts). Several servers may run workers on one database: the lease
// keeps them apart.
//
// Exactly once where it can be (issue 11): the round stops at the first
// database error, and a message sent whose mark failed is remembered and
// marked before anything else when the database is back, so a database outage
// sends nothing twice. A kill between a send and its mark sends that one
// message again when its lease ends, with the same Message-ID.
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "app/messaging/sender.hpp"
#include "app/messaging/sms_gateway.hpp"
#include "domain/core/result.hpp"
#include "store/engine/periodic_task.hpp"
#include "store/outbox_store.hpp"

namespace kursbase::app {

class EnrollmentService;
class PersonalDataCipher;

struct OutboxWorkerSettings {
  std::chrono::milliseconds poll{500};
  std::chrono::seconds lease{120};
  // The longest a send may take (the SMTP and SMS timeouts): a message is sent
  // only while its lease has at least this long left.
  std::chrono::seconds send_time{30};
  std::chrono::seconds first_retry{30};
  int max_attempts = 8;
  int batch = 20;
  int reminder_days = 3;                  // 0: no reminders
  std::chrono::seconds housekeeping{60};  // reminders and expired offers
};

class OutboxWorker {
 public:
  using Clock = std::function<Instant()>;
  // `sms` may be null: SMS messages then stay queued (retried with back-off).
  // `cipher` opens sealed messages (app/messaging/sealed_message.hpp); without
  // one a sealed message cannot be sent and is given up.
  OutboxWorker(store::OutboxStore& outbox, Sender& email, SmsGateway* sms, Clock clock,
               OutboxWorkerSettings settings, EnrollmentService* enrollments = nullptr,
               const PersonalDataCipher* cipher = nullptr);
  ~OutboxWorker();  // stops

  void start();
  void stop();
  // One round (claim, send, mark); returns how many were sent. For tests.
  // Failures to claim or mark are logged; the next round retries them.
  int run_once();

 private:
  // One tick of the background task: housekeeping when due, then a round;
  // at once again when the round was full (more may be waiting).
  store::PeriodicTask::Next tick();
  // Reminders and expired offers; when either fails it is logged and tried
  // again on the next tick rather than after `housekeeping`.
  void housekeeping();
  // Opens a sealed message and sends it by its channel.
  Status send(store::OutboxMessage message);

  store::OutboxStore& outbox_;
  Sender& email_;
  SmsGateway* sms_;
  Clock clock_;
  OutboxWorkerSettings settings_;
  EnrollmentService* enrollments_;
  const PersonalDataCipher* cipher_;
  std::string owner_;
  std::vector<std::int64_t> unmarked_;  // sent, not yet marked sent (the task's thread only)
  std::chrono::steady_clock::time_point next_housekeeping_{};  // the task's thread only
  store::PeriodicTask task_;  // last: stops before the members its ticks use go
};

}  // namespace kursbase::app
