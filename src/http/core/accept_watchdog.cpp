#include "http/core/accept_watchdog.hpp"

#include <poll.h>
#include <spdlog/spdlog.h>

#include <algorithm>

namespace kursbase::http {
namespace {

bool connection_waiting(int socket) {
  if (socket < 0) return false;
  pollfd p{socket, POLLIN, 0};
  return ::poll(&p, 1, 0) > 0 && (p.revents & POLLIN);
}

}  // namespace

AcceptWatchdog::AcceptWatchdog(AcceptWatchdogParts parts, AcceptWatchdogTiming timing)
    : parts_(std::move(parts)), timing_(timing), thread_([this] { run(); }) {}

AcceptWatchdog::~AcceptWatchdog() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void AcceptWatchdog::run() {
  std::uint64_t last_accepted = parts_.accepted();
  int stuck = 0;
  auto backoff = timing_.interval;  // the pause after a reopen
  auto pause = timing_.interval;
  std::unique_lock lock(mutex_);
  while (!wake_.wait_for(lock, pause, [this] { return stopping_; })) {
    pause = timing_.interval;
    const auto accepted = parts_.accepted();
    const bool waiting = connection_waiting(parts_.listening_socket());
    if (accepted != last_accepted || !waiting) {
      if (accepted != last_accepted) backoff = timing_.interval;  // accepting again
      last_accepted = accepted;
      stuck = 0;
      continue;
    }
    if (++stuck < timing_.stuck_checks) continue;
    ++reopens_;
    spdlog::warn(
        "the server stopped accepting connections (out of file descriptors?); reopening the "
        "listening socket (reopen {}, next check in {} ms)",
        reopens_.load(), backoff.count());
    lock.unlock();
    parts_.reopen();
    lock.lock();
    stuck = 0;
    // Stuck again soon after a reopen: the cause is still there, wait longer.
    pause = backoff;
    backoff = std::min(backoff * 2, timing_.max_backoff);
  }
}

}  // namespace kursbase::http
