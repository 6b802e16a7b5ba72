#pragma once
// Test support: a small catalogue with runs made for enrollment tests, for
// store and app tests on both engines. "Today" in these tests is kToday.
#include "store/catalogue_store.hpp"

namespace kursbase::store::testing {

inline constexpr const char* kToday = "2027-01-10T10:00:00Z";

// Runs (all of course 10, "Lær å leve med KOLS", programme 3 × 3 h, referral
// not required unless noted; first session 2027-03-03 09:00 Oslo):
inline constexpr RunId kOpenRun = 200;         // capacity 12, waiting list
inline constexpr RunId kCancelledRun = 201;    // cancelled by staff
inline constexpr RunId kNoWaitingList = 202;   // capacity 2, no waiting list
inline constexpr RunId kDeadlinePassed = 203;  // deadline 2027-01-01
inline constexpr RunId kReferralRun = 204;     // course 11: referral required (ID number asked)
inline constexpr RunId kDraftRun = 205;        // not published
// Runs 300..300+extra_runs-1: like kOpenRun, for benchmarks and wide races.
CatalogueImport enrollment_catalogue(int extra_runs = 0);

}  // namespace kursbase::store::testing
