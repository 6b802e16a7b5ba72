#pragma once
// RetentionScheduler: runs PersonalDataService::anonymise_expired() in a
// background thread of `kursbase serve`, once shortly after start and then
// every `interval` (a day). Several servers may run it on one database: the
// job is idempotent (erased enrollments are skipped), so a round that two
// servers run at once anonymises nothing twice that matters.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

#include "app/privacy/personal_data_service.hpp"

namespace kursbase::app {

struct RetentionSettings {
  int retention_months = 60;  // 0: the job does nothing
  std::chrono::seconds first_delay{60};
  std::chrono::seconds interval{std::chrono::hours(24)};
};

class RetentionScheduler {
 public:
  // `report` receives each round's outcome (main.cpp logs the counts).
  using Report = std::function<void(const Result<RetentionOutcome>&)>;
  RetentionScheduler(const PersonalDataService& service, Clock clock, RetentionSettings settings,
                     Report report = {});
  ~RetentionScheduler();  // stops

  void start();  // no thread when retention is disabled
  void stop();

 private:
  void loop();

  const PersonalDataService& service_;
  Clock clock_;
  RetentionSettings settings_;
  Report report_;
  std::atomic<bool> stop_{false};
  std::mutex mutex_;
  std::condition_variable wake_;
  std::thread thread_;
};

}  // namespace kursbase::app
