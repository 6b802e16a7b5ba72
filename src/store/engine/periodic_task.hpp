#pragma once
// PeriodicTask: one background thread that runs a tick on a schedule, for the
// loops of a server (the outbox worker, the retention job, the WAL
// checkpointer) that would otherwise each hand-roll a thread, a condition
// variable and a stop flag.
//
// It lives in store/engine because that is the lowest layer all three may use:
// the checkpointer is here, and app/ links the store. domain/ is pure and owns
// no threads; a target of its own below the store for one class would be a
// layer with nothing else in it.
//
// The tick runs on the task's own thread, never two at once. It runs
// `first_delay` after start(), then `interval` after the previous tick ended,
// or sooner when wake() is called (but never within `min_gap` of the previous
// tick: a wake in the gap is kept and runs at its end). A tick that answers
// Next::Now runs again at once (after `min_gap`): more work was waiting. A
// tick that throws is logged (its message's first line, which names no user
// data when the tick keeps to that rule) and the task goes on as if it had
// answered Next::AfterInterval: the next tick is the retry.
//
// stop() wakes the thread from any wait and joins it; a tick in progress is
// finished first, none starts after. The destructor stops.
//
// Thread safety: wake() may be called from any thread at any time. start()
// and stop() are for the owner, one thread.
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace kursbase::store {

class PeriodicTask {
 public:
  enum class Next { AfterInterval, Now };
  using Tick = std::function<Next()>;

  struct Schedule {
    std::chrono::milliseconds first_delay{0};  // from start() to the first tick
    // Between the end of a tick and the next; none: a tick only when woken
    // (then the first tick too waits for a wake).
    std::optional<std::chrono::milliseconds> interval;
    std::chrono::milliseconds min_gap{0};  // a wake or Next::Now waits at least this
  };

  // `name` prefixes the task's log lines ("outbox", "retention", ...).
  PeriodicTask(std::string name, Schedule schedule, Tick tick);
  ~PeriodicTask();
  PeriodicTask(const PeriodicTask&) = delete;
  PeriodicTask& operator=(const PeriodicTask&) = delete;

  // Starts the thread; does nothing when it runs already. After stop(), starts
  // again with the first delay.
  void start();
  // Wakes the thread and joins it; returns at once when it does not run.
  void stop();
  // Asks for a tick soon (see min_gap). Before start(): kept for the first.
  void wake();
  bool running() const { return thread_.joinable(); }

 private:
  using Clock = std::chrono::steady_clock;
  void loop();
  Next run_tick();

  const std::string name_;
  const Schedule schedule_;
  const Tick tick_;
  std::mutex mutex_;
  std::condition_variable changed_;  // woken_ or stopping_ set
  bool woken_ = false;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace kursbase::store
