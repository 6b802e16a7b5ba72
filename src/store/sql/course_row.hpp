#pragma once
// Internal to the store: one course as stored, in any status, with every part
// (target groups, languages, diagnoses, programme, translations) and the
// version an edit must name (migration 0019). Shared by the catalogue store
// (which shows only published courses) and the course authoring store.
#include <soci/soci.h>

#include <cstdint>
#include <optional>

#include "domain/catalogue/course.hpp"

namespace kursbase::store {

struct StoredCourse {
  Course course;
  std::int64_t version = 0;
};

std::optional<StoredCourse> read_course(soci::session& sql, CourseId id);

// Writes the parts of `course` that live in rows of their own (target groups,
// languages, diagnoses, programme, translations) for course `id`, replacing
// what was there.
void write_course_parts(soci::session& sql, CourseId id, const Course& course);

}  // namespace kursbase::store
