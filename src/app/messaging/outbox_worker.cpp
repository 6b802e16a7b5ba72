#include "app/messaging/outbox_worker.hpp"

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
      enrollments_(enrollments) {
  char host[128] = {};
  ::gethostname(host, sizeof host - 1);
  owner_ = std::string(host) + ":" + std::to_string(::getpid()) + ":" +
           std::to_string(reinterpret_cast<std::uintptr_t>(this));
}

OutboxWorker::~OutboxWorker() { stop(); }

void OutboxWorker::start() {
  if (thread_.joinable()) return;
  stop_ = false;
  thread_ = std::thread([this] { loop(); });
}

void OutboxWorker::stop() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

Status OutboxWorker::send(const store::OutboxMessage& m) {
  if (m.channel == store::Channel::Email) return email_.send(m);
  if (!sms_) return unavailable("no SMS gateway configured");
  return sms_->send(m.recipient, m.body);
}

int OutboxWorker::run_once() {
  const Instant now = clock_();
  auto items = outbox_.claim(owner_, now, now + settings_.lease, settings_.batch);
  if (!items) return 0;
  int sent = 0;
  for (const auto& item : *items) {
    Status result = send(item.message);
    if (result) {
      if (outbox_.mark_sent(item.id, owner_, clock_())) ++sent;
      continue;
    }
    const int attempts = item.attempts + 1;
    std::optional<Instant> retry;
    if (result.error().code == ErrorCode::Unavailable && attempts < settings_.max_attempts)
      retry = clock_() + settings_.first_retry * (1 << std::min(attempts - 1, 16));
    (void)outbox_.mark_failed(item.id, owner_, result.error().detail, retry, clock_());
  }
  return sent;
}

void OutboxWorker::loop() {
  auto next_housekeeping = std::chrono::steady_clock::now();
  while (!stop_) {
    if (enrollments_ && std::chrono::steady_clock::now() >= next_housekeeping) {
      if (settings_.reminder_days > 0) (void)enrollments_->queue_reminders(settings_.reminder_days);
      (void)enrollments_->expire_offers();
      next_housekeeping = std::chrono::steady_clock::now() + settings_.housekeeping;
    }
    const int sent = run_once();
    if (sent >= settings_.batch) continue;  // more may be waiting
    std::unique_lock lock(mutex_);
    wake_.wait_for(lock, settings_.poll, [this] { return stop_.load(); });
  }
}

}  // namespace kursbase::app
