#pragma once
// Copies SQLite's write-ahead log back into the database file on a thread of
// its own.
//
// Why: by default the connection whose commit fills the WAL past 1 000 pages
// checkpoints it then and there — copying the pages and syncing the database
// file inside that commit. Under group commit that connection is the group's
// leader, so every caller waiting for the group waited for the checkpoint too.
// Here the serving connections never checkpoint (wal_autocheckpoint = 0); this
// thread runs a PASSIVE checkpoint (it never blocks writers or readers) soon
// after commits, on its own connection, on the other core, on a PeriodicTask
// (store/engine/periodic_task.hpp) that ticks only when nudged.
#include <soci/soci.h>

#include <atomic>
#include <cstdint>
#include <string>

#include "store/engine/periodic_task.hpp"

namespace kursbase::store {

class WalCheckpointer {
 public:
  // Opens its own connection to the SQLite file at `path`.
  explicit WalCheckpointer(const std::string& path);
  ~WalCheckpointer();
  WalCheckpointer(const WalCheckpointer&) = delete;
  WalCheckpointer& operator=(const WalCheckpointer&) = delete;

  // Something was committed: checkpoint soon. Cheap; any thread.
  void nudge() { task_.wake(); }
  // Checkpoints that ran to the end of the WAL so far (tests, metrics).
  std::uint64_t completed() const { return completed_; }

 private:
  void checkpoint();

  soci::session sql_;
  std::atomic<std::uint64_t> completed_{0};
  bool failing_ = false;  // the last checkpoint failed (logged once per spell)
  PeriodicTask task_;     // last: stops before the connection closes
};

}  // namespace kursbase::store
