#include "store/engine/periodic_task.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

namespace kursbase::store {
namespace {

using namespace std::chrono_literals;
using Next = PeriodicTask::Next;

// Polls `done` until it holds or 10 s have passed; false on the deadline.
bool eventually(const std::function<bool()>& done) {
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(1ms);
  }
  return true;
}

TEST(PeriodicTask, TicksEveryIntervalUntilStopped) {
  std::atomic<int> ticks{0};
  PeriodicTask task("test", {.first_delay = 0ms, .interval = 5ms, .min_gap = 0ms}, [&] {
    ++ticks;
    return Next::AfterInterval;
  });
  EXPECT_EQ(ticks, 0) << "nothing before start()";
  task.start();
  EXPECT_TRUE(task.running());
  ASSERT_TRUE(eventually([&] { return ticks >= 3; }));
  task.stop();
  EXPECT_FALSE(task.running());
  const int at_stop = ticks;
  task.wake();  // a stopped task does not tick
  std::this_thread::yield();
  EXPECT_EQ(ticks, at_stop);
  // It starts again, first delay and all.
  task.start();
  ASSERT_TRUE(eventually([&] { return ticks > at_stop; }));
}

TEST(PeriodicTask, AWakeRunsATickBeforeItIsDue) {
  std::atomic<int> ticks{0};
  PeriodicTask task("test", {.first_delay = 1h, .interval = 1h, .min_gap = 0ms}, [&] {
    ++ticks;
    return Next::AfterInterval;
  });
  task.start();
  task.wake();
  ASSERT_TRUE(eventually([&] { return ticks == 1; }));
  task.wake();
  ASSERT_TRUE(eventually([&] { return ticks == 2; }));
}

TEST(PeriodicTask, WithoutAnIntervalItTicksOnlyWhenWoken) {
  std::atomic<int> ticks{0};
  PeriodicTask task("test", {.first_delay = 0ms, .interval = std::nullopt, .min_gap = 0ms}, [&] {
    ++ticks;
    return Next::AfterInterval;
  });
  task.wake();  // before start: kept for the first tick
  task.start();
  ASSERT_TRUE(eventually([&] { return ticks == 1; }));
  task.wake();
  ASSERT_TRUE(eventually([&] { return ticks == 2; }));
}

TEST(PeriodicTask, NextNowRunsAgainAtOnceAndMinGapSpacesTicks) {
  std::mutex m;
  std::vector<std::chrono::steady_clock::time_point> at;
  PeriodicTask task("test", {.first_delay = 0ms, .interval = 1h, .min_gap = 30ms}, [&] {
    std::lock_guard lock(m);
    at.push_back(std::chrono::steady_clock::now());
    return at.size() < 3 ? Next::Now : Next::AfterInterval;  // more work, twice
  });
  task.start();
  ASSERT_TRUE(eventually([&] {
    std::lock_guard lock(m);
    return at.size() == 3;
  }));
  std::lock_guard lock(m);
  EXPECT_GE(at[1] - at[0], 30ms);
  EXPECT_GE(at[2] - at[1], 30ms);
}

TEST(PeriodicTask, StopsPromptlyFromALongWait) {
  std::atomic<int> ticks{0};
  PeriodicTask task("test", {.first_delay = 0ms, .interval = 24h, .min_gap = 0ms}, [&] {
    ++ticks;
    return Next::AfterInterval;
  });
  task.start();
  ASSERT_TRUE(eventually([&] { return ticks == 1; }));
  const auto before = std::chrono::steady_clock::now();
  task.stop();
  EXPECT_LT(std::chrono::steady_clock::now() - before, 1s) << "stop waited for the interval";
}

TEST(PeriodicTask, ATickThatThrowsIsLoggedAndTheNextOneRuns) {
  std::atomic<int> ticks{0};
  PeriodicTask task("test", {.first_delay = 0ms, .interval = 1ms, .min_gap = 0ms}, [&]() -> Next {
    const int n = ++ticks;
    if (n == 1) throw std::runtime_error("first tick fails");
    if (n == 2) throw 42;  // not even a std::exception
    return Next::AfterInterval;
  });
  task.start();
  ASSERT_TRUE(eventually([&] { return ticks >= 3; }));
}

TEST(PeriodicTask, TheDestructorStopsARunningTask) {
  std::atomic<int> ticks{0};
  {
    PeriodicTask task("test", {.first_delay = 0ms, .interval = 24h, .min_gap = 0ms}, [&] {
      ++ticks;
      return Next::AfterInterval;
    });
    task.start();
    ASSERT_TRUE(eventually([&] { return ticks == 1; }));
  }  // joins here; a leaked thread would touch `ticks` after it is gone (ASan)
  EXPECT_EQ(ticks, 1);
}

}  // namespace
}  // namespace kursbase::store
