#include "store/engine/periodic_task.hpp"

#include <spdlog/spdlog.h>

#include <exception>
#include <utility>

namespace kursbase::store {

PeriodicTask::PeriodicTask(std::string name, Schedule schedule, Tick tick)
    : name_(std::move(name)), schedule_(schedule), tick_(std::move(tick)) {}

PeriodicTask::~PeriodicTask() { stop(); }

void PeriodicTask::start() {
  if (thread_.joinable()) return;
  {
    std::lock_guard lock(mutex_);
    stopping_ = false;
  }
  thread_ = std::thread([this] { loop(); });
}

void PeriodicTask::stop() {
  if (!thread_.joinable()) return;
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  thread_.join();
}

void PeriodicTask::wake() {
  {
    std::lock_guard lock(mutex_);
    woken_ = true;
  }
  changed_.notify_all();
}

PeriodicTask::Next PeriodicTask::run_tick() {
  try {
    return tick_();
  } catch (const std::exception& e) {
    std::string why = e.what();
    if (auto nl = why.find('\n'); nl != std::string::npos) why.resize(nl);
    spdlog::error("{}: tick failed, retried on the next one: {}", name_, why);
  } catch (...) {
    spdlog::error("{}: tick failed (not a std::exception), retried on the next one", name_);
  }
  return Next::AfterInterval;
}

void PeriodicTask::loop() {
  std::unique_lock lock(mutex_);
  // `due`: the next scheduled tick (none: only a wake); `earliest`: a wake
  // does not bring a tick before this.
  std::optional<Clock::time_point> due = Clock::now() + schedule_.first_delay;
  if (!schedule_.interval) due.reset();
  Clock::time_point earliest = Clock::now();
  for (;;) {
    for (;;) {
      if (stopping_) return;
      const auto now = Clock::now();
      if (woken_ && now >= earliest) break;
      if (due && now >= *due) break;
      std::optional<Clock::time_point> until = due;
      if (woken_ && (!until || earliest < *until)) until = earliest;
      if (until)
        changed_.wait_until(lock, *until);
      else
        changed_.wait(lock);
    }
    woken_ = false;
    lock.unlock();
    const Next next = run_tick();
    lock.lock();
    const auto now = Clock::now();
    earliest = now + schedule_.min_gap;
    if (next == Next::Now) woken_ = true;
    due.reset();
    if (schedule_.interval) due = now + *schedule_.interval;
  }
}

}  // namespace kursbase::store
