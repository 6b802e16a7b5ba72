#pragma once
// Test support: a small catalogue with runs made for enrollment tests, for
// store and app tests on both engines. "Today" in these tests is kToday.
#include "store/catalogue_store.hpp"

namespace kursbase::store::testing {

inline constexpr const char* kToday = "2027-01-10T10:00:00Z";

// Runs (all of course 10, "Lær å leve med KOLS", programme 3 × 3 h, referral
// not required unless noted; first session 2027-03-03 09:00 Oslo):
// The title of kOpenRun's course in its North Sami translation.
inline constexpr const char* kOpenCourseSamiTitle = "Oahpa eallit KOLSain";
inline constexpr RunId kOpenRun = 200;         // capacity 12, waiting list
inline constexpr RunId kCancelledRun = 201;    // cancelled by staff
inline constexpr RunId kNoWaitingList = 202;   // capacity 2, no waiting list
inline constexpr RunId kDeadlinePassed = 203;  // deadline 2027-01-01
inline constexpr RunId kReferralRun = 204;     // course 11: referral required (ID number asked)
inline constexpr RunId kDraftRun = 205;        // not published
// Runs 300..300+extra_runs-1: like kOpenRun, for benchmarks and wide races.
CatalogueImport enrollment_catalogue(int extra_runs = 0);

// enrollment_catalogue() and, for access tests, courses placed otherwise
// (copies of course 10 with a run each, without sessions):
//   course 30 (run 400): a department (22) of Finnmarkssykehuset HF (21), Helse Nord RHF (20)
//   course 31 (run 401): a municipal service (40) under no HF
//   course 32 (run 402): owned by Finnmarkssykehuset HF (21) itself
inline constexpr std::int64_t kOtherRegion = 20;
inline constexpr std::int64_t kOtherHf = 21;
inline constexpr std::int64_t kOtherHfCourse = 30;
inline constexpr RunId kOtherHfRun = 400;
inline constexpr std::int64_t kNoHfCourse = 31;
inline constexpr RunId kNoHfRun = 401;
inline constexpr std::int64_t kHfOwnedCourse = 32;
inline constexpr RunId kHfOwnedRun = 402;
CatalogueImport scope_catalogue();

}  // namespace kursbase::store::testing
