#pragma once
// AccessGuard: the one place where a staff use case learns what the actor may
// do with a run or a course (issue 10). It resolves where the object belongs
// (its course, the course's HF and region) with one indexed store query
// (StaffStore::run_scope / course_scope: a few primary-key lookups, never a
// read of the whole catalogue) and answers an Access: the object's scope and
// domain decide() for every Action. The rules themselves stay in
// domain/staff/access (pure, unit-tested); nothing above app makes an access
// decision: http asks these answers (Permissions, may_search_audit) and shows
// them.
//
//     auto access = guard_.require_run(who.actor, run_id, Action::RecordAttendance);
//     if (!access) return access.error();  // NotFound or Forbidden
//     ... access->grant(Action::RecordAttendance) goes on the audit row,
//     ... access->health_trust_id() too.
//
// Errors: NotFound for an unknown run ("enrollment.error.run_not_found") or
// course ("course.error.not_found"), asked before the decision (as the use
// cases always did); Forbidden "access.forbidden" from require_*() when no
// grant of the actor permits the action on the object; store errors unchanged.
//
// Thread safety: const methods may be called from any thread; the guard keeps
// no state besides the store reference.

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "domain/core/result.hpp"
#include "domain/staff/access.hpp"
#include "store/staff_store.hpp"

namespace kursbase::app {

// What the actor may do with one object, as views and pages show it.
struct Permissions {
  bool may_view_participants = false;     // Action::ViewParticipants
  bool may_view_national_id = false;      // Action::ViewNationalId
  bool may_register = false;              // Action::RegisterParticipant
  bool may_record_attendance = false;     // Action::RecordAttendance
  bool may_manage_waiting_list = false;   // Action::ManageWaitingList
  bool may_edit = false;                  // Action::EditCourse
  bool may_view_programme = false;        // Action::ViewProgramme
  bool may_export_personal_data = false;  // Action::ExportPersonalData
  bool may_erase_personal_data = false;   // Action::ErasePersonalData
};

// The actor's access to one object: where it belongs and the decision for each
// action (with the grant that allowed it, for the audit row).
class Access {
 public:
  Access(const Actor& actor, const ObjectScope& scope);

  const ObjectScope& scope() const { return scope_; }
  std::optional<std::int64_t> health_trust_id() const { return scope_.health_trust_id; }
  bool may(Action action) const { return decision(action).allowed; }
  const AccessDecision& decision(Action action) const;
  const std::optional<RoleGrant>& grant(Action action) const { return decision(action).grant; }
  Permissions permissions() const;

 private:
  static constexpr std::size_t kActions = EnumKeys<Action>::kAll.size();
  ObjectScope scope_;
  std::array<AccessDecision, kActions> decisions_{};
};

// Where an actor's grants permit one action: everywhere, or in these RHFs,
// HFs and courses (for queries that look only there).
struct Reach {
  bool nation = false;
  std::vector<std::int64_t> regions;
  std::vector<std::int64_t> health_trusts;
  std::vector<std::int64_t> courses;
  bool empty() const {
    return !nation && regions.empty() && health_trusts.empty() && courses.empty();
  }
};

class AccessGuard {
 public:
  explicit AccessGuard(store::StaffStore& staff) : staff_(staff) {}

  // The actor's access to a run / a course, whatever it allows.
  Result<Access> run(const Actor& actor, std::int64_t run_id) const;
  Result<Access> course(const Actor& actor, std::int64_t course_id) const;
  // The same inside the caller's transaction (a use case that meets the
  // course only there, e.g. each enrollment of a person's data export).
  Result<Access> course(store::Tx& tx, const Actor& actor, std::int64_t course_id) const;

  // run() / course(), Forbidden unless the actor may do `action` there.
  Result<Access> require_run(const Actor& actor, std::int64_t run_id, Action action) const;
  Result<Access> require_course(const Actor& actor, std::int64_t course_id, Action action) const;

  // The actor's access to an HF as a whole (a request limited to one HF):
  // its region from the store; Forbidden unless `action` is allowed there.
  Result<Access> require_health_trust(const Actor& actor, std::int64_t health_trust_id,
                                      Action action) const;

  // Access to an object whose scope the caller already holds from the store
  // (a course of the staff overview): no query.
  static Access of(const Actor& actor, const ObjectScope& scope) { return Access(actor, scope); }

  // Some grant of the actor permits `action`, wherever it is held: the coarse
  // "may this person use the page at all" (the audit search link, the
  // personal-data requests before the person is found), and the first such
  // grant, for the audit row of a request that names no object.
  static bool permits_anywhere(const Actor& actor, Action action);
  static std::optional<RoleGrant> grant_anywhere(const Actor& actor, Action action);
  // The scopes of the grants that permit `action`.
  static Reach reach(const Actor& actor, Action action);

 private:
  store::StaffStore& staff_;
};

// The Forbidden error every use case answers when the guard refuses.
Error access_forbidden(Action action);

}  // namespace kursbase::app
