#include "app/messaging/outbox_worker.hpp"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include "app/enrollment/enrollment_service.hpp"
#include "app/messaging/sealed_message.hpp"

namespace kursbase::app {

OutboxWorker::OutboxWorker(store::OutboxStore& outbox, Sender& email, SmsGateway* sms, Clock clock,
                           OutboxWorkerSettings settings, EnrollmentService* enrollments,
                           const PersonalDataCipher* cipher)
    : outbox_(outbox),
      email_(email),
      sms_(sms),
      clock_(std::move(clock)),
      settings_(settings),
      enrollments_(enrollments),
      cipher_(cipher),
      task_("outbox", {.first_delay = {}, .interval = settings.poll, .min_gap = {}},
            [this] { return tick(); }) {
  char host[128] = {};
  ::gethostname(host, sizeof host - 1);
  owner_ = std::string(host) + ":" + std::to_string(::getpid()) + ":" +
           std::to_string(reinterpret_cast<std::uintptr_t>(this));
}

OutboxWorker::~OutboxWorker() { stop(); }

void OutboxWorker::start() {
  if (task_.running()) return;
  next_housekeeping_ = {};  // at once
  task_.start();
}

void OutboxWorker::stop() { task_.stop(); }

Status OutboxWorker::send(store::OutboxMessage m) {
  if (m.sealed) {
    // Not retried: another key (or none) will not open it later either.
    if (!cipher_) return invalid_input("error.sealed_data", "no data key to open the message");
    if (auto opened = open_message(*cipher_, m); !opened)
      return invalid_input("error.sealed_data", "the message was sealed with another data key");
  }
  if (m.channel == store::Channel::Email) return email_.send(m);
  if (!sms_) return unavailable("no SMS gateway configured");
  return sms_->send(m.recipient, m.body);
}

int OutboxWorker::run_once() {
  // Messages sent while the database could not take the mark: marked first, so
  // that they are not sent again when their lease runs out.
  while (!unmarked_.empty()) {
    if (auto marked = outbox_.mark_sent(unmarked_.back(), owner_, clock_()); !marked) {
      spdlog::warn("outbox: still cannot mark a sent message sent, retried on the next round: {}",
                   marked.error().detail);
      return 0;
    }
    unmarked_.pop_back();
  }
  int sent = 0;
  for (int n = 0; n < settings_.batch; ++n) {
    // One message at a time: a lease covers only the message in flight, so a
    // worker that stops (killed, or the database gone) leaves at most that one
    // to be sent again.
    const Instant now = clock_();
    auto claimed = outbox_.claim(owner_, now, now + settings_.lease, 1);
    if (!claimed) {
      spdlog::warn("outbox: claiming a message failed, retried on the next round: {}",
                   claimed.error().detail);
      break;
    }
    if (claimed->empty()) break;
    const auto& item = claimed->front();
    // The lease must outlast the send: else another worker may send it too.
    auto held = outbox_.holds_lease(item.id, owner_, clock_() + settings_.send_time);
    if (!held) {
      spdlog::warn("outbox: checking the lease of message {} failed, retried later: {}", item.id,
                   held.error().detail);
      break;
    }
    if (!*held) continue;  // another worker has it now
    Status result = send(item.message);
    if (result) {
      if (auto marked = outbox_.mark_sent(item.id, owner_, clock_())) {
        ++sent;
        continue;
      } else {
        // Sent, not marked: kept here and marked when the database is back,
        // and no more sent until then (each would be sent again).
        unmarked_.push_back(item.id);
        spdlog::warn("outbox: message {} was sent but not marked sent; the round stops: {}",
                     item.id, marked.error().detail);
        break;
      }
    }
    const int attempts = item.attempts + 1;
    std::optional<Instant> retry;
    if (result.error().code == ErrorCode::Unavailable && attempts < settings_.max_attempts)
      retry = clock_() + settings_.first_retry * (1 << std::min(attempts - 1, 16));
    if (auto marked = outbox_.mark_failed(item.id, owner_, result.error().detail, retry, clock_());
        !marked) {  // its lease ends and a later round tries it again
      spdlog::warn("outbox: message {} failed and could not be marked failed; the round stops: {}",
                   item.id, marked.error().detail);
      break;
    }
  }
  return sent;
}

store::PeriodicTask::Next OutboxWorker::tick() {
  housekeeping();
  const int sent = run_once();
  return sent >= settings_.batch ? store::PeriodicTask::Next::Now
                                 : store::PeriodicTask::Next::AfterInterval;
}

void OutboxWorker::housekeeping() {
  const auto now = std::chrono::steady_clock::now();
  if (!enrollments_ || now < next_housekeeping_) return;
  bool done = true;
  if (settings_.reminder_days > 0) {
    if (auto queued = enrollments_->queue_reminders(settings_.reminder_days); !queued) {
      spdlog::warn("outbox: queueing reminders failed, retried on the next round: {}",
                   queued.error().detail);
      done = false;
    }
  }
  if (auto expired = enrollments_->expire_offers(); !expired) {
    spdlog::warn("outbox: expiring offers failed, retried on the next round: {}",
                 expired.error().detail);
    done = false;
  }
  if (done) next_housekeeping_ = now + settings_.housekeeping;
}

}  // namespace kursbase::app
