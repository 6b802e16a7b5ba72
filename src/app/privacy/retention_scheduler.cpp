#include "app/privacy/retention_scheduler.hpp"

#include <spdlog/spdlog.h>

#include <utility>

namespace kursbase::app {

RetentionScheduler::RetentionScheduler(const PersonalDataService& service, Clock clock,
                                       RetentionSettings settings, Report report)
    : service_(service),
      clock_(std::move(clock)),
      settings_(settings),
      report_(std::move(report)),
      task_("retention",
            {.first_delay = settings.first_delay, .interval = settings.interval, .min_gap = {}},
            [this] {
              round();
              return store::PeriodicTask::Next::AfterInterval;
            }) {}

RetentionScheduler::~RetentionScheduler() { stop(); }

void RetentionScheduler::start() {
  if (settings_.retention_months <= 0) return;
  task_.start();
}

void RetentionScheduler::stop() { task_.stop(); }

void RetentionScheduler::round() {
  auto outcome = service_.anonymise_expired(clock_(), settings_.retention_months);
  if (report_)
    report_(outcome);
  else if (!outcome)  // counts only, like main's report: the log never names anyone
    spdlog::warn("retention: round failed, tried again at the next: {}", outcome.error().detail);
}

}  // namespace kursbase::app
