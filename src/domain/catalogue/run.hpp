#pragma once
// A run (gjennomføring) is one dated instance of a course: its sessions, place,
// capacity and registration deadline. What a person sees as the run's status is
// derived from the staff's decision (draft / open / cancelled), the clock and
// the number of confirmed participants; see run_status().
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "domain/core/enum_keys.hpp"
#include "domain/core/time.hpp"

namespace kursbase {

using RunId = std::int64_t;

// What staff decided; stored.
enum class RunState { Draft, Open, Cancelled };
// What people see; derived.
// Closed: the registration deadline has passed, the first session has not
// started. InProgress: the first session has started, the last has not ended
// (no public sign-up; people are told the course is under way, not "closed").
enum class RunStatus { Draft, Open, Full, Closed, InProgress, Cancelled, Completed };

template <>
struct EnumKeys<RunState> {
  static constexpr std::array<std::pair<RunState, std::string_view>, 3> kAll{{
      {RunState::Draft, "draft"},
      {RunState::Open, "open"},
      {RunState::Cancelled, "cancelled"},
  }};
};
template <>
struct EnumKeys<RunStatus> {
  static constexpr std::array<std::pair<RunStatus, std::string_view>, 7> kAll{{
      {RunStatus::Draft, "draft"},
      {RunStatus::Open, "open"},
      {RunStatus::Full, "full"},
      {RunStatus::Closed, "closed"},
      {RunStatus::InProgress, "in_progress"},
      {RunStatus::Cancelled, "cancelled"},
      {RunStatus::Completed, "completed"},
  }};
};

// A session (samling): one meeting of a run. Session i teaches programme item i.
struct Session {
  std::int64_t id = 0;
  Instant starts_at;
  Instant ends_at;
};

struct Location {
  std::string name;     // "Læring og mestring, Ullevål, bygg 2"
  std::string address;  // street address
  std::string postal_code;
  std::string postal_place;
  std::string municipality_number;
};

struct Run {
  RunId id = 0;
  std::int64_t course_id = 0;
  RunState state = RunState::Draft;
  int min_participants = 0;
  int capacity = 0;  // max confirmed participants
  Instant registration_deadline;
  std::optional<Location> location;  // none when fully digital
  bool digital = false;              // sessions by video (all, or alongside a place)
  std::string language;              // language key this run is taught in
  bool waiting_list_enabled = true;
  // Only staff register (from referrals): the public page says how to get
  // referred instead of offering a sign-up (domain/enrollment/referral_request.hpp).
  bool staff_registration_only = false;
  std::vector<Session> sessions;  // ordered by start

  std::optional<Instant> first_start() const;
  std::optional<Instant> last_end() const;
};

// What run_status() needs of a run, so that hot loops (the catalogue index)
// can keep it precomputed.
struct RunTimes {
  RunState state = RunState::Draft;
  std::optional<Instant> first_start;
  std::optional<Instant> last_end;
  Instant registration_deadline;
  int capacity = 0;
};
RunTimes run_times(const Run& run);

// The run's status at `now` with `confirmed` participants. Cancelled and draft
// win; a run whose last session has ended is completed; once the first session
// started it is in progress; after the deadline it is closed for sign-up; at
// capacity it is full.
RunStatus run_status(const RunTimes& run, int confirmed, Instant now);
RunStatus run_status(const Run& run, int confirmed, Instant now);

// Seats left for sign-up (0 when full or over capacity).
int seats_left(const Run& run, int confirmed);

// Whether the public may still sign up at `now` (confirmed or onto the
// waiting list). A run that takes staff registrations only does not: it is
// not "open for sign-up" in search, nor what a course leads with.
bool accepts_sign_ups(const Run& run, int confirmed, Instant now);
// The same from a status already derived (the catalogue index keeps it per run).
bool accepts_sign_ups(RunStatus status, bool waiting_list_enabled,
                      bool staff_registration_only = false);

}  // namespace kursbase
