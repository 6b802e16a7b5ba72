#include "domain/catalogue/run.hpp"

#include <algorithm>

namespace kursbase {

std::optional<Instant> Run::first_start() const {
  if (sessions.empty()) return std::nullopt;
  return std::min_element(sessions.begin(), sessions.end(),
                          [](auto& a, auto& b) { return a.starts_at < b.starts_at; })
      ->starts_at;
}

std::optional<Instant> Run::last_end() const {
  if (sessions.empty()) return std::nullopt;
  return std::max_element(sessions.begin(), sessions.end(),
                          [](auto& a, auto& b) { return a.ends_at < b.ends_at; })
      ->ends_at;
}

RunTimes run_times(const Run& run) {
  return {run.state, run.first_start(), run.last_end(), run.registration_deadline, run.capacity};
}

RunStatus run_status(const RunTimes& run, int confirmed, Instant now) {
  if (run.state == RunState::Cancelled) return RunStatus::Cancelled;
  if (run.state == RunState::Draft) return RunStatus::Draft;
  if (run.last_end && *run.last_end <= now) return RunStatus::Completed;
  if (run.first_start && *run.first_start <= now) return RunStatus::InProgress;
  if (now > run.registration_deadline) return RunStatus::Closed;
  if (confirmed >= run.capacity) return RunStatus::Full;
  return RunStatus::Open;
}

RunStatus run_status(const Run& run, int confirmed, Instant now) {
  return run_status(run_times(run), confirmed, now);
}

int seats_left(const Run& run, int confirmed) { return std::max(0, run.capacity - confirmed); }

bool accepts_sign_ups(RunStatus status, bool waiting_list_enabled, bool staff_registration_only) {
  if (staff_registration_only) return false;
  return status == RunStatus::Open || (status == RunStatus::Full && waiting_list_enabled);
}

bool accepts_sign_ups(const Run& run, int confirmed, Instant now) {
  return accepts_sign_ups(run_status(run, confirmed, now), run.waiting_list_enabled,
                          run.staff_registration_only);
}

}  // namespace kursbase
