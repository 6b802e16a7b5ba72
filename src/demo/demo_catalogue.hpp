#pragma once
// Deterministic, realistic Norwegian demo data for the catalogue: the four RHFs
// and their HFs, an LMS per HF, municipalities with real names and numbers,
// courses drawn from the real spectrum, and runs spread over two years.
// Pure: the same (scale, seed, today, zone) gives the same data, byte for byte.
#include <chrono>
#include <cstdint>
#include <functional>
#include <vector>

#include "domain/catalogue/course.hpp"
#include "domain/catalogue/organisation.hpp"
#include "domain/catalogue/run.hpp"
#include "domain/core/time.hpp"

namespace kursbase::demo {

struct DemoCatalogue {
  // Ids are assigned here (1..n per kind) and kept by the store, so references
  // between the vectors (parent_id, owner_id, course_id, health_trust_id) hold.
  std::vector<Organisation> organisations;  // parents before children
  std::vector<Municipality> municipalities;
  std::vector<DiagnosisArea> diagnosis_areas;
  std::vector<Course> courses;  // all Published unless noted
  std::vector<Run> runs;        // each references a course; sessions ordered
};

// The instant a local wall clock shows `time_of_day` on `day`: sessions start
// at 09:00 Oslo time in winter and summer alike. Passed in (app::TimeZone from
// the tz database, in cli/ and the test fixtures), so the generator knows no
// time-zone rules of its own.
using LocalToInstant = std::function<Instant(Day day, std::chrono::minutes time_of_day)>;

// scale 1 ≈ the real country (≈ 70 centres, ≈ 1,500 courses, ≈ 5,000 runs);
// scale N multiplies courses and runs (organisations stay the real ones).
// Runs lie between one year before and one year after `today`.
DemoCatalogue generate_demo_catalogue(int scale, std::uint64_t seed, Day today,
                                      const LocalToInstant& local);

}  // namespace kursbase::demo
