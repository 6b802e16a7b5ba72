#include "domain/run.hpp"

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

RunStatus run_status(const Run& run, int confirmed, Instant now) {
  if (run.state == RunState::Cancelled) return RunStatus::Cancelled;
  if (run.state == RunState::Draft) return RunStatus::Draft;
  if (auto end = run.last_end(); end && *end <= now) return RunStatus::Completed;
  if (now > run.registration_deadline) return RunStatus::Closed;
  if (auto start = run.first_start(); start && *start <= now) return RunStatus::Closed;
  if (confirmed >= run.capacity) return RunStatus::Full;
  return RunStatus::Open;
}

int seats_left(const Run& run, int confirmed) { return std::max(0, run.capacity - confirmed); }

bool accepts_sign_ups(const Run& run, int confirmed, Instant now) {
  const auto status = run_status(run, confirmed, now);
  return status == RunStatus::Open || (status == RunStatus::Full && run.waiting_list_enabled);
}

}  // namespace kursbase
