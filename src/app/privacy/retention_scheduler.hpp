#pragma once
// RetentionScheduler: runs PersonalDataService::anonymise_expired() in a
// background thread of `kursbase serve`, once shortly after start and then
// every `interval` (a day). Several servers may run it on one database: the
// job is idempotent (erased enrollments are skipped), so a round that two
// servers run at once anonymises nothing twice that matters. A failed round
// is reported (or, without a report, logged) and tried again at the next.
#include <chrono>
#include <functional>

#include "app/privacy/personal_data_service.hpp"
#include "store/engine/periodic_task.hpp"

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
  void round();

  const PersonalDataService& service_;
  Clock clock_;
  RetentionSettings settings_;
  Report report_;
  store::PeriodicTask task_;  // last: stops before the members its ticks use go
};

}  // namespace kursbase::app
