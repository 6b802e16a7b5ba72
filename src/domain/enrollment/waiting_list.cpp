#include "domain/enrollment/waiting_list.hpp"

#include <algorithm>

namespace kursbase {

Result<SeatDecision> decide_seat(int capacity, int seats_taken, int waitlisted,
                                 bool waiting_list_enabled) {
  if (seats_taken < capacity) return SeatDecision{EnrollmentStatus::Confirmed, std::nullopt};
  if (!waiting_list_enabled)
    return conflict("enrollment.refused.full", "run full, no waiting list");
  return SeatDecision{EnrollmentStatus::Waitlisted, waitlisted + 1};
}

int promotions_due(int capacity, int seats_taken, int waitlisted) {
  return std::max(0, std::min(capacity - seats_taken, waitlisted));
}

std::vector<WaitingEntry> in_promotion_order(std::vector<WaitingEntry> entries) {
  std::stable_sort(entries.begin(), entries.end(),
                   [](const auto& a, const auto& b) { return a.position < b.position; });
  return entries;
}

namespace {
void renumber(std::vector<WaitingEntry>& entries) {
  for (std::size_t i = 0; i < entries.size(); ++i) entries[i].position = static_cast<int>(i) + 1;
}
}  // namespace

Result<std::vector<WaitingEntry>> remove_from_list(std::vector<WaitingEntry> entries,
                                                   EnrollmentId id) {
  entries = in_promotion_order(std::move(entries));
  auto it = std::find_if(entries.begin(), entries.end(), [&](auto& e) { return e.id == id; });
  if (it == entries.end()) return not_found("waiting_list.error.not_listed");
  entries.erase(it);
  renumber(entries);
  return entries;
}

Result<std::vector<WaitingEntry>> move_in_list(std::vector<WaitingEntry> entries, EnrollmentId id,
                                               int new_position, const std::string& reason) {
  const bool blank = std::all_of(reason.begin(), reason.end(),
                                 [](char c) { return c == ' ' || c == '\t' || c == '\n'; });
  if (blank)
    return invalid_input("waiting_list.error.reason_missing", "move without reason",
                         {{"reason", "waiting_list.error.reason_missing"}});
  entries = in_promotion_order(std::move(entries));
  auto it = std::find_if(entries.begin(), entries.end(), [&](auto& e) { return e.id == id; });
  if (it == entries.end()) return not_found("waiting_list.error.not_listed");
  if (new_position < 1 || new_position > static_cast<int>(entries.size()))
    return invalid_input("waiting_list.error.position_invalid", "position out of range",
                         {{"position", "waiting_list.error.position_invalid"}});
  const WaitingEntry moved = *it;
  entries.erase(it);
  entries.insert(entries.begin() + (new_position - 1), moved);
  renumber(entries);
  return entries;
}

bool gap_free(const std::vector<WaitingEntry>& entries) {
  auto sorted = in_promotion_order(entries);
  for (std::size_t i = 0; i < sorted.size(); ++i)
    if (sorted[i].position != static_cast<int>(i) + 1) return false;
  return true;
}

}  // namespace kursbase
