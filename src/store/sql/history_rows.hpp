#pragma once
// Internal to the store: the history of an edited thing (course_history,
// run_history: who saved which version when, and the names of the fields it
// changed), written and read the same way for each.
#include <soci/soci.h>

#include <cstdint>
#include <string>
#include <vector>

#include "domain/core/time.hpp"
#include "store/course_authoring_store.hpp"

namespace kursbase::store {

// Which history: its table and the column naming what it is of (constants).
struct HistoryTable {
  const char* table;      // "course_history"
  const char* id_column;  // "course_id"
};
inline constexpr HistoryTable kCourseHistory{"course_history", "course_id"};
inline constexpr HistoryTable kRunHistory{"run_history", "run_id"};

void add_history(soci::session& sql, const HistoryTable& h, std::int64_t id, std::int64_t version,
                 std::int64_t account_id, Instant at, const std::vector<std::string>& changed);

// Newest first.
std::vector<CourseHistoryEntry> read_history(soci::session& sql, const HistoryTable& h,
                                             std::int64_t id);

}  // namespace kursbase::store
