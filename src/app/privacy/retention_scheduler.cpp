#include "app/privacy/retention_scheduler.hpp"

#include <utility>

namespace kursbase::app {

RetentionScheduler::RetentionScheduler(const PersonalDataService& service, Clock clock,
                                       RetentionSettings settings, Report report)
    : service_(service),
      clock_(std::move(clock)),
      settings_(settings),
      report_(std::move(report)) {}

RetentionScheduler::~RetentionScheduler() { stop(); }

void RetentionScheduler::start() {
  if (thread_.joinable() || settings_.retention_months <= 0) return;
  stop_ = false;
  thread_ = std::thread([this] { loop(); });
}

void RetentionScheduler::stop() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void RetentionScheduler::loop() {
  auto wait = settings_.first_delay;
  std::unique_lock lock(mutex_);
  while (!wake_.wait_for(lock, wait, [this] { return stop_.load(); })) {
    lock.unlock();
    auto outcome = service_.anonymise_expired(clock_(), settings_.retention_months);
    if (report_) report_(outcome);
    lock.lock();
    wait = settings_.interval;
  }
}

}  // namespace kursbase::app
