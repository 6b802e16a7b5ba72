#pragma once
// Storage of runs as their owners plan and change them (issue 14): a run in
// any state with the version a save must name, its history, and saves that
// never overwrite another's change, drop a session someone's attendance was
// recorded for, or shrink the capacity below the seats taken. Every save
// moves catalogue_state.version and rewrites the course's full-text entry
// (its places) in the same transaction, as course saves do
// (course_authoring_store.hpp).
//
// Sessions are saved by position: the i-th session of the saved run keeps
// the id (and so the attendance, and each person's calendar event UID) of the
// i-th stored session; new ones get new ids, and the stored ones beyond the
// saved run's count go.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "domain/catalogue/run.hpp"
#include "domain/core/result.hpp"
#include "store/course_authoring_store.hpp"
#include "store/transaction.hpp"

namespace kursbase::store {

struct EditableRun {
  Run run;  // any state
  std::int64_t version = 0;
  int confirmed = 0;  // seats taken: confirmed and offered
  int waitlisted = 0;
  int awaiting_referral = 0;  // requests waiting for a referral (no seat)
  int signed_up() const { return confirmed + waitlisted + awaiting_referral; }
};

// One saved version of a run (changed_run_fields() of
// domain/authoring/run_form.hpp; "created" for the first).
using RunHistoryEntry = CourseHistoryEntry;

// Runs in the save's own transaction after the run is written (the audit row).
using RunInSameTransaction = std::function<Status(Tx&, const EditableRun&)>;

class RunAuthoringStore {
 public:
  virtual ~RunAuthoringStore() = default;
  // A new run of run.course_id with the next free id and new session ids, at
  // version 1 (its state as given). NotFound when there is no such course.
  virtual Result<EditableRun> create_run(const Run& run, std::int64_t account_id, Instant at,
                                         const RunInSameTransaction& also = {}) = 0;
  // Saves `run` (by its id; its course stays) when the stored version is
  // still `expected_version`. Conflict "run_form.error.conflict" when another
  // save came first; InvalidInput "run_form.error.invalid" with field
  // "capacity" (capacity_below_taken) when the seats taken meanwhile exceed
  // it, or "sessions" (session_has_attendance) when a session it drops has
  // attendance; NotFound when there is no such run. Nothing is written then,
  // nor when the save changes no field (the stored version comes back).
  virtual Result<EditableRun> save_run(const Run& run, std::int64_t expected_version,
                                       std::int64_t account_id, Instant at,
                                       const RunInSameTransaction& also = {}) = 0;
  virtual Result<std::optional<EditableRun>> run_for_editing(RunId id) = 0;
  // Every run of the course, any state, by first session.
  virtual Result<std::vector<EditableRun>> runs_of_course(CourseId id) = 0;
  // Newest first.
  virtual Result<std::vector<RunHistoryEntry>> run_history(RunId id) = 0;
};

std::unique_ptr<RunAuthoringStore> make_run_authoring_store(Database& db);

}  // namespace kursbase::store
