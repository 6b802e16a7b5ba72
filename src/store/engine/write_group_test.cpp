#include "store/engine/write_group.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

namespace kursbase::store {
namespace {

struct CountingJob {
  int id = 0;
  int commits = 0;         // how often a group holding it was committed
  bool seen_done = false;  // the caller saw its commit before returning
};

TEST(WriteGroup, ALoneJobIsCommittedAtOnceInAGroupOfOne) {
  WriteGroup<CountingJob> group(64);
  CountingJob job;
  std::vector<std::size_t> sizes;
  group.run(job, [&](const std::vector<CountingJob*>& g) {
    sizes.push_back(g.size());
    for (auto* j : g) ++j->commits;
  });
  EXPECT_EQ(sizes, std::vector<std::size_t>{1});
  EXPECT_EQ(job.commits, 1);
}

// The point of the group: what queues while one group commits is committed
// together next, by one of the waiting callers.
TEST(WriteGroup, JobsQueuedDuringACommitGoTogetherIntoTheNextGroup) {
  constexpr int kFollowers = 5;
  WriteGroup<CountingJob> group(64);
  std::mutex m;
  std::vector<std::size_t> sizes;
  std::atomic<bool> first_started{false};
  auto commit = [&](const std::vector<CountingJob*>& g) {
    {
      std::lock_guard lock(m);
      sizes.push_back(g.size());
    }
    for (auto* j : g) ++j->commits;
    if (!first_started.exchange(true))  // the first group holds the leader until all queued
      while (group.waiting() < kFollowers) std::this_thread::yield();
  };
  CountingJob first;
  std::thread leader([&] { group.run(first, commit); });
  while (!first_started) std::this_thread::yield();
  std::vector<CountingJob> followers(kFollowers);
  std::vector<std::thread> threads;
  for (auto& f : followers) threads.emplace_back([&, job = &f] { group.run(*job, commit); });
  leader.join();
  for (auto& t : threads) t.join();
  EXPECT_EQ(sizes, (std::vector<std::size_t>{1, kFollowers}));
  EXPECT_EQ(first.commits, 1);
  for (auto& f : followers) EXPECT_EQ(f.commits, 1);
}

TEST(WriteGroup, EveryJobIsCommittedExactlyOnceBeforeItsCallerReturns) {
  constexpr int kThreads = 8, kJobsEach = 2000;
  WriteGroup<CountingJob> group(3);  // small groups: the queue outgrows them
  std::atomic<std::size_t> largest{0};
  std::atomic<int> groups{0};
  auto commit = [&](const std::vector<CountingJob*>& g) {
    ++groups;
    if (g.size() > largest) largest = g.size();
    for (auto* j : g) ++j->commits;
  };
  std::vector<std::vector<CountingJob>> jobs(kThreads, std::vector<CountingJob>(kJobsEach));
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      for (auto& job : jobs[t]) {
        group.run(job, commit);
        job.seen_done = job.commits == 1;
      }
    });
  for (auto& t : threads) t.join();
  for (auto& per_thread : jobs)
    for (auto& job : per_thread) {
      ASSERT_EQ(job.commits, 1);
      ASSERT_TRUE(job.seen_done);
    }
  EXPECT_LE(largest.load(), 3u);
  EXPECT_LE(groups.load(), kThreads * kJobsEach);
}

}  // namespace
}  // namespace kursbase::store
