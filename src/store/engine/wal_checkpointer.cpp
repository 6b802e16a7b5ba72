#include "store/engine/wal_checkpointer.hpp"

#include <soci/sqlite3/soci-sqlite3.h>
#include <spdlog/spdlog.h>

#include <chrono>

namespace kursbase::store {
namespace {
// Checkpoints at most this often: one copies whatever the commits since the
// last one wrote, so a busy server checkpoints a larger WAL less often.
constexpr auto kPause = std::chrono::milliseconds(20);
}  // namespace

WalCheckpointer::WalCheckpointer(const std::string& path)
    : task_("wal checkpoint", {.first_delay = {}, .interval = std::nullopt, .min_gap = kPause},
            [this] {
              checkpoint();
              return PeriodicTask::Next::AfterInterval;
            }) {
  sql_.open(soci::sqlite3, "db=\"" + path + "\" timeout=10");
  sql_ << "PRAGMA busy_timeout = 10000";
  sql_ << "PRAGMA synchronous = FULL";
  task_.start();
}

WalCheckpointer::~WalCheckpointer() { task_.stop(); }

void WalCheckpointer::checkpoint() {
  try {
    // busy: another checkpoint (another server) was running; log/done:
    // WAL frames and how many of them are in the database file now.
    int busy = 0, log = 0, done = 0;
    sql_ << "PRAGMA wal_checkpoint(PASSIVE)", soci::into(busy), soci::into(log), soci::into(done);
    if (busy == 0 && log == done) ++completed_;
    if (failing_) spdlog::info("wal checkpoint: working again");
    failing_ = false;
  } catch (const soci::soci_error& e) {
    // A failed checkpoint loses nothing (the WAL still holds every commit);
    // the next commit asks again. Logged once, not for every commit after.
    if (!failing_)
      spdlog::warn("wal checkpoint failed, retried after commits: {}", e.get_error_message());
    failing_ = true;
  }
}

}  // namespace kursbase::store
