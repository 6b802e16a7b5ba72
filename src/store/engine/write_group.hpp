#pragma once
// Group commit for a database with one writer at a time (SQLite).
//
// Why: a durable commit costs a disk sync, and SQLite holds its single write
// lock through it. One transaction per sign-up made the sync and the lock
// hand-over (SQLite's busy handler sleeps, it is not woken) the ceiling of
// sign-ups per second, with both cores half idle (bench/enroll.sh,
// docs/performance.md). Here the writers of one process queue; whoever finds no
// group being committed becomes the leader, takes every queued job (up to a
// maximum) and commits them as one group, then wakes the others. A lone writer
// commits at once (a group of one): nothing waits for a group to fill; under
// load a group is what queued while the previous one was committed.
//
// Each caller returns only after the group holding its job was committed.
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <vector>

namespace kursbase::store {

template <class Job>
class WriteGroup {
 public:
  // Commits one group: does the jobs' work and sets each one's outcome. Runs
  // on the leader's thread while the callers wait; must not throw.
  using Committer = std::function<void(const std::vector<Job*>& group)>;

  explicit WriteGroup(std::size_t max_group) : max_group_(max_group < 1 ? 1 : max_group) {}

  void run(Job& job, const Committer& commit) {
    Slot mine{&job, false, {}};
    std::unique_lock lock(mutex_);
    queue_.push_back(&mine);
    while (!mine.done) {
      if (leader_busy_) {
        mine.wake.wait(lock);
        continue;
      }
      // Lead: take the oldest queued jobs (ours among them or already done).
      leader_busy_ = true;
      const std::size_t n = std::min(queue_.size(), max_group_);
      std::vector<Slot*> slots(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(n));
      queue_.erase(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(n));
      lock.unlock();
      std::vector<Job*> group;
      group.reserve(slots.size());
      for (auto* s : slots) group.push_back(s->job);
      leading_ = true;
      commit(group);
      leading_ = false;
      lock.lock();
      // Wake only the group's callers and the next in line, who leads the next
      // group: waking every waiter cost 13 % of the CPU at 32 threads (perf).
      for (auto* s : slots) {
        s->done = true;
        s->wake.notify_one();
      }
      leader_busy_ = false;
      if (!queue_.empty()) queue_.front()->wake.notify_one();
    }
  }

  // Jobs queued and not yet taken by a leader (tests, metrics).
  std::size_t waiting() {
    std::lock_guard lock(mutex_);
    return queue_.size();
  }

  // True on the thread while it commits a group: a write started from inside
  // a job would wait for its own group.
  static bool leading() { return leading_; }

 private:
  struct Slot {
    Job* job;
    bool done = false;
    std::condition_variable wake;  // done, or the queue's front may lead now
  };
  std::mutex mutex_;
  std::vector<Slot*> queue_;
  bool leader_busy_ = false;
  std::size_t max_group_;
  static inline thread_local bool leading_ = false;
};

}  // namespace kursbase::store
