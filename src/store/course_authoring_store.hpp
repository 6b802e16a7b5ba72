#pragma once
// Storage of courses as their owners edit them (issue 14): a course in any
// status with the version a save must name, its history, and saves that never
// overwrite another's change. Every save moves catalogue_state.version and
// rewrites the course's full-text entry in the same transaction, so a
// published change reaches public search with the read model's next refresh
// (app/catalogue/catalogue_service.hpp).
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "domain/catalogue/course.hpp"
#include "domain/core/result.hpp"
#include "domain/core/time.hpp"
#include "store/transaction.hpp"

namespace kursbase::store {

class Database;

struct EditableCourse {
  Course course;  // any status
  std::int64_t version = 0;
};

// One saved version: who saved it, when, and which fields it changed
// (changed_fields() of domain/authoring/course_form.hpp; "created" for the first).
struct CourseHistoryEntry {
  std::int64_t version = 0;
  Instant at;
  std::optional<std::int64_t> account_id;
  std::string account_name;  // empty when the account is unknown
  std::vector<std::string> changed;
};

// A line of the owners' course list: every course, any status.
struct CourseLine {
  CourseId id = 0;
  std::string title;
  std::string text_language;
  CourseStatus status = CourseStatus::Draft;
  OrganisationId owner_id = 0;
  std::int64_t version = 0;
  int runs = 0;
};

// Runs in the save's own transaction after the course is written (the audit
// row of the edit); an error from it rolls the whole save back.
using InSameTransaction = std::function<Status(Tx&, const EditableCourse&)>;

class CourseAuthoringStore {
 public:
  virtual ~CourseAuthoringStore() = default;
  // A new course with the next free id, at version 1 (its status as given).
  virtual Result<EditableCourse> create_course(const Course& course, std::int64_t account_id,
                                               Instant at, const InSameTransaction& also = {}) = 0;
  // Saves `course` (by its id) when the stored version is still
  // `expected_version`: the new version comes back. Conflict
  // "course_form.error.conflict" when another save came first (nothing is
  // written; the caller shows the other's version from course_for_editing),
  // NotFound when there is no such course. A save that changes no field
  // writes nothing and answers the stored version (and `also` is not run).
  virtual Result<EditableCourse> save_course(const Course& course, std::int64_t expected_version,
                                             std::int64_t account_id, Instant at,
                                             const InSameTransaction& also = {}) = 0;
  virtual Result<std::optional<EditableCourse>> course_for_editing(CourseId id) = 0;
  // Every one of `courses` with the next free ids, at version 1 with a
  // "created" history row of no account (an import), in one transaction:
  // all are stored or none. Their ids, in order.
  virtual Result<std::vector<CourseId>> create_courses(const std::vector<Course>& courses,
                                                       Instant at) = 0;
  // Newest first.
  virtual Result<std::vector<CourseHistoryEntry>> course_history(CourseId id) = 0;
  // Every course, newest first (the caller keeps those its reader may edit).
  virtual Result<std::vector<CourseLine>> course_lines() = 0;
};

std::unique_ptr<CourseAuthoringStore> make_course_authoring_store(Database& db);

}  // namespace kursbase::store
