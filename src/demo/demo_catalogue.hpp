#pragma once
// Deterministic, realistic Norwegian demo data for the catalogue: the four RHFs
// and their HFs, an LMS per HF, municipalities with real names and numbers,
// courses drawn from the real spectrum, and runs spread over two years.
// Pure: the same (scale, seed, today) gives the same data, byte for byte.
#include <cstdint>
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

// scale 1 ≈ the real country (≈ 70 centres, ≈ 1,500 courses, ≈ 5,000 runs);
// scale N multiplies courses and runs (organisations stay the real ones).
// Runs lie between one year before and one year after `today`.
DemoCatalogue generate_demo_catalogue(int scale, std::uint64_t seed, Day today);

}  // namespace kursbase::demo
