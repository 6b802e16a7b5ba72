#pragma once
// The waiting list (venteliste) of a run and the seat rule. Positions are
// 1..n without gaps; the first in line is promoted when a seat frees up.
// Pure: the store calls these inside the transaction that holds the run's
// lock, so the decision and the write see the same counts.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/core/result.hpp"
#include "domain/enrollment/enrollment.hpp"

namespace kursbase {

// What a new sign-up gets, given the run's counts at the moment of the sign-up.
struct SeatDecision {
  EnrollmentStatus status =
      EnrollmentStatus::Confirmed;       // Confirmed, Waitlisted or AwaitingReferral
  std::optional<int> waitlist_position;  // 1-based, when waitlisted
};

// Confirmed while seats remain (taken < capacity); otherwise waitlisted at the
// end of the list; Conflict "enrollment.refused.full" when the
// run is full and has no waiting list.
Result<SeatDecision> decide_seat(int capacity, int seats_taken, int waitlisted,
                                 bool waiting_list_enabled);

// How a freed seat is filled: the first in line gets it at once, or is offered
// it with a reply deadline (chosen by staff per run).
enum class PromotionMode { Automatic, Offer };

template <>
struct EnumKeys<PromotionMode> {
  static constexpr std::array<std::pair<PromotionMode, std::string_view>, 2> kAll{{
      {PromotionMode::Automatic, "automatic"},
      {PromotionMode::Offer, "offer"},
  }};
};

struct WaitingEntry {
  EnrollmentId id = 0;
  int position = 0;
};

// How many from the waiting list get a seat now (free seats, at most the list).
int promotions_due(int capacity, int seats_taken, int waitlisted);

// The list in promotion order (by position).
std::vector<WaitingEntry> in_promotion_order(std::vector<WaitingEntry> entries);

// Removes `id` and closes the gap: the positions after it move up by one.
// NotFound when `id` is not on the list.
Result<std::vector<WaitingEntry>> remove_from_list(std::vector<WaitingEntry> entries,
                                                   EnrollmentId id);

// Moves `id` to `new_position` (1..n), shifting the others; staff must give a
// reason (kept with the move). InvalidInput "waiting_list.error.reason_missing"
// or "waiting_list.error.position_invalid"; NotFound when `id` is not listed.
Result<std::vector<WaitingEntry>> move_in_list(std::vector<WaitingEntry> entries, EnrollmentId id,
                                               int new_position, const std::string& reason);

// True when positions are exactly 1..n.
bool gap_free(const std::vector<WaitingEntry>& entries);

}  // namespace kursbase
