#include "store/engine/wal_checkpointer.hpp"

#include <soci/sqlite3/soci-sqlite3.h>

#include <chrono>

namespace kursbase::store {
namespace {
// Checkpoints at most this often: one copies whatever the commits since the
// last one wrote, so a busy server checkpoints a larger WAL less often.
constexpr auto kPause = std::chrono::milliseconds(20);
}  // namespace

WalCheckpointer::WalCheckpointer(const std::string& path) {
  sql_.open(soci::sqlite3, "db=\"" + path + "\" timeout=10");
  sql_ << "PRAGMA busy_timeout = 10000";
  sql_ << "PRAGMA synchronous = FULL";
  thread_ = std::thread([this] { loop(); });
}

WalCheckpointer::~WalCheckpointer() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

void WalCheckpointer::nudge() {
  {
    std::lock_guard lock(mutex_);
    if (pending_) return;
    pending_ = true;
  }
  wake_.notify_one();
}

void WalCheckpointer::loop() {
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_.wait(lock, [&] { return pending_ || stopping_; });
    if (stopping_) return;
    pending_ = false;
    lock.unlock();
    try {
      // busy: another checkpoint (another server) was running; log/done:
      // WAL frames and how many of them are in the database file now.
      int busy = 0, log = 0, done = 0;
      sql_ << "PRAGMA wal_checkpoint(PASSIVE)", soci::into(busy), soci::into(log),
          soci::into(done);
      if (busy == 0 && log == done) ++completed_;
    } catch (const std::exception&) {
      // A failed checkpoint loses nothing (the WAL still holds every commit);
      // the next commit asks again.
    }
    std::this_thread::sleep_for(kPause);
    lock.lock();
  }
}

}  // namespace kursbase::store
