#pragma once
// The staff start page's view of a run: its real state (run_status(), so a
// past run is never "open") and why it needs someone's attention, and the
// filters an LMS advisor with hundreds of runs narrows the list with.
//
// Needs attention, each for a run that is neither cancelled nor a draft:
// - a session has ended and nobody's attendance is recorded for it (the PAS
//   registration and the 80 % rule both wait for it);
// - people are on the waiting list of a run not yet completed (a seat may be
//   offered, or the run given more seats);
// - fewer confirmed than the run's minimum participants before it starts
//   (the run may have to be cancelled or advertised);
// - public requests wait for their referral on a run not yet completed
//   (domain/enrollment/referral_request.hpp: staff confirm them when it comes).
#include <optional>
#include <string_view>

#include "domain/catalogue/run.hpp"
#include "domain/core/enum_keys.hpp"

namespace kursbase {

// What the rule reads of a run (the store's summary for the overview).
struct RunOverviewFacts {
  RunTimes times;
  int confirmed = 0;
  int waitlisted = 0;
  int min_participants = 0;
  // The earliest end of a session without any attendance recorded.
  std::optional<Instant> first_unrecorded_end;
  int awaiting_referral = 0;
};

struct RunOverview {
  RunStatus status = RunStatus::Draft;
  bool attendance_missing = false;
  bool waiting_list = false;
  bool few_sign_ups = false;
  bool referrals_awaited = false;
  bool needs_attention() const {
    return attendance_missing || waiting_list || few_sign_ups || referrals_awaited;
  }
};

RunOverview overview_of(const RunOverviewFacts& run, Instant now);

enum class RunListFilter { All, Upcoming, ThisMonth, NeedsAttention };

template <>
struct EnumKeys<RunListFilter> {
  static constexpr std::array<std::pair<RunListFilter, std::string_view>, 4> kAll{{
      {RunListFilter::All, "all"},
      {RunListFilter::Upcoming, "upcoming"},
      {RunListFilter::ThisMonth, "this_month"},
      {RunListFilter::NeedsAttention, "needs_attention"},
  }};
};

// The local calendar month around now, as instants [begins, ends): the
// caller knows the time zone, the rule does not.
struct MonthSpan {
  Instant begins{};
  Instant ends{};
};

// Upcoming: not started and still to be held (open, full or closed for
// sign-up; drafts and cancelled runs are not "upcoming"). This month: some
// session of a run that is not cancelled falls in the month. Needs attention:
// overview_of() says so.
bool matches(RunListFilter filter, const RunOverviewFacts& run, const RunOverview& overview,
             const MonthSpan& month);

}  // namespace kursbase
