#include "domain/staff/run_overview.hpp"

namespace kursbase {

RunOverview overview_of(const RunOverviewFacts& run, Instant now) {
  RunOverview o;
  o.status = run_status(run.times, run.confirmed, now);
  if (o.status == RunStatus::Cancelled || o.status == RunStatus::Draft) return o;
  o.attendance_missing = run.first_unrecorded_end && *run.first_unrecorded_end <= now;
  o.waiting_list = run.waitlisted > 0 && o.status != RunStatus::Completed;
  o.referrals_awaited = run.awaiting_referral > 0 && o.status != RunStatus::Completed;
  const bool not_started =
      o.status == RunStatus::Open || o.status == RunStatus::Full || o.status == RunStatus::Closed;
  o.few_sign_ups = not_started && run.confirmed < run.min_participants;
  return o;
}

bool matches(RunListFilter filter, const RunOverviewFacts& run, const RunOverview& overview,
             const MonthSpan& month) {
  switch (filter) {
    case RunListFilter::All:
      return true;
    case RunListFilter::Upcoming:
      return overview.status == RunStatus::Open || overview.status == RunStatus::Full ||
             overview.status == RunStatus::Closed;
    case RunListFilter::ThisMonth:
      return overview.status != RunStatus::Cancelled && run.times.first_start &&
             run.times.last_end &&
             *run.times.first_start<month.ends&& * run.times.last_end> month.begins;
    case RunListFilter::NeedsAttention:
      return overview.needs_attention();
  }
  return false;
}

}  // namespace kursbase
