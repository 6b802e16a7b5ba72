#include "app/messaging/outbox_worker.hpp"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include "app/enrollment/enrollment_service.hpp"

namespace kursbase::app {

OutboxWorker::OutboxWorker(store::OutboxStore& outbox, Sender& email, SmsGateway* sms, Clock clock,
                           OutboxWorkerSettings settings, EnrollmentService* enrollments)
    : outbox_(outbox),
      email_(email),
      sms_(sms),
      clock_(std::move(clock)),
      settings_(settings),
      enrollments_(enrollments),
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

Status OutboxWorker::send(const store::OutboxMessage& m) {
  if (m.channel == store::Channel::Email) return email_.send(m);
  if (!sms_) return unavailable("no SMS gateway configured");
  return sms_->send(m.recipient, m.body);
}

int OutboxWorker::run_once() {
  const Instant now = clock_();
  auto items = outbox_.claim(owner_, now, now + settings_.lease, settings_.batch);
  if (!items) {
    spdlog::warn("outbox: claiming messages failed, retried on the next round: {}",
                 items.error().detail);
    return 0;
  }
  int sent = 0;
  for (const auto& item : *items) {
    Status result = send(item.message);
    if (result) {
      if (auto marked = outbox_.mark_sent(item.id, owner_, clock_()))
        ++sent;
      else  // sent again when its lease ends: at least once, never lost
        spdlog::warn("outbox: message {} was sent but not marked sent: {}", item.id,
                     marked.error().detail);
      continue;
    }
    const int attempts = item.attempts + 1;
    std::optional<Instant> retry;
    if (result.error().code == ErrorCode::Unavailable && attempts < settings_.max_attempts)
      retry = clock_() + settings_.first_retry * (1 << std::min(attempts - 1, 16));
    if (auto marked = outbox_.mark_failed(item.id, owner_, result.error().detail, retry, clock_());
        !marked)  // its lease ends and a later round tries it again
      spdlog::warn("outbox: message {} failed and could not be marked failed: {}", item.id,
                   marked.error().detail);
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
