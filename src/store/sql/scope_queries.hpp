#pragma once
// The queries behind StaffStore::run_scope() and course_scope(): where a run
// or course belongs. Each answers the object's course and the chain of
// organisations above the course's owner, nearest first, one row per
// organisation (course_id, organisation id, kind), by following primary keys
// only: run.id -> course.id -> organisation.id, then organisation.id of each
// parent. The cost is a handful of index lookups whatever the size of the
// catalogue; staff_store_test checks the plans on both engines.
//
// Portable SQL (WITH RECURSIVE reads the same on SQLite and PostgreSQL); the
// one parameter is `:id`.

namespace kursbase::store {

// Chains are cut off after 16 parents (`depth < 16`): an organisation tree is
// a few levels deep (department -> HF -> RHF), and a cycle entered by hand must
// not loop. The staff overview's walk (courses()) stops at the same depth.
inline constexpr const char* kRunScopeQuery =
    "WITH RECURSIVE chain (course_id, id, kind, parent_id, depth) AS ("
    " SELECT c.id, o.id, o.kind, o.parent_id, 0"
    " FROM run r JOIN course c ON c.id = r.course_id JOIN organisation o ON o.id = c.owner_id"
    " WHERE r.id = :id"
    " UNION ALL"
    " SELECT chain.course_id, p.id, p.kind, p.parent_id, chain.depth + 1"
    " FROM chain JOIN organisation p ON p.id = chain.parent_id"
    " WHERE chain.depth < 16"
    ") SELECT course_id, id, kind FROM chain ORDER BY depth";

inline constexpr const char* kCourseScopeQuery =
    "WITH RECURSIVE chain (course_id, id, kind, parent_id, depth) AS ("
    " SELECT c.id, o.id, o.kind, o.parent_id, 0"
    " FROM course c JOIN organisation o ON o.id = c.owner_id"
    " WHERE c.id = :id"
    " UNION ALL"
    " SELECT chain.course_id, p.id, p.kind, p.parent_id, chain.depth + 1"
    " FROM chain JOIN organisation p ON p.id = chain.parent_id"
    " WHERE chain.depth < 16"
    ") SELECT course_id, id, kind FROM chain ORDER BY depth";

// The courses owned by an organisation or anything below it (courses_in()):
// down organisation_parent and course_owner, at most 16 levels.
inline constexpr const char* kCoursesBelowQuery =
    "WITH RECURSIVE below (id, depth) AS ("
    " SELECT id, 0 FROM organisation WHERE id = :id"
    " UNION ALL"
    " SELECT o.id, below.depth + 1 FROM below JOIN organisation o ON o.parent_id = below.id"
    " WHERE below.depth < 16"
    ") SELECT c.id FROM below JOIN course c ON c.owner_id = below.id";

// One course of the overview and its runs (by run_course), with the start of
// each run's first session (by run_session_run).
inline constexpr const char* kStaffCourseQuery =
    "SELECT title, status, owner_id FROM course WHERE id = :id";
// A run for the staff overview (StaffRunSummary, in its order). The last
// column finds sessions without any attendance through attendance_by_session
// (migration 0014).
#define KURSBASE_STAFF_RUN_COLUMNS                                                  \
  "r.id, r.state, r.capacity, r.confirmed_count, r.waitlisted_count,"               \
  " (SELECT min(s.starts_at) FROM run_session s WHERE s.run_id = r.id),"            \
  " (SELECT max(s.ends_at) FROM run_session s WHERE s.run_id = r.id),"              \
  " r.registration_deadline, r.min_participants, r.waiting_list_enabled,"           \
  " (SELECT min(s.ends_at) FROM run_session s WHERE s.run_id = r.id AND NOT EXISTS" \
  " (SELECT 1 FROM attendance a WHERE a.session_id = s.id)),"                       \
  " (SELECT count(*) FROM enrollment e WHERE e.run_id = r.id"                       \
  " AND e.status = 'awaiting_referral')"
inline constexpr const char* kStaffCourseRunsQuery =
    "SELECT " KURSBASE_STAFF_RUN_COLUMNS " FROM run r WHERE r.course_id = :id";
inline constexpr const char* kStaffAllRunsQuery =
    "SELECT r.course_id, " KURSBASE_STAFF_RUN_COLUMNS " FROM run r";
#undef KURSBASE_STAFF_RUN_COLUMNS

}  // namespace kursbase::store
