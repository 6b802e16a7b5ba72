#include "app/staff/access_guard.hpp"

#include <algorithm>
#include <string>

namespace kursbase::app {
namespace {

std::size_t index_of(Action action) {
  const auto& all = EnumKeys<Action>::kAll;
  for (std::size_t i = 0; i < all.size(); ++i)
    if (all[i].first == action) return i;
  return 0;  // unreachable: every Action is listed in EnumKeys<Action>
}

Result<Access> required(Result<Access> access, Action action) {
  if (!access) return access;
  if (!access->may(action)) return access_forbidden(action);
  return access;
}

}  // namespace

Error access_forbidden(Action action) {
  return Error{ErrorCode::Forbidden, "access.forbidden",
               "no grant for " + std::string(key_of(action))};
}

Access::Access(const Actor& actor, const ObjectScope& scope) : scope_(scope) {
  for (std::size_t i = 0; i < kActions; ++i)
    decisions_[i] = decide(actor, EnumKeys<Action>::kAll[i].first, scope_);
}

const AccessDecision& Access::decision(Action action) const { return decisions_[index_of(action)]; }

Permissions Access::permissions() const {
  Permissions p;
  p.may_view_participants = may(Action::ViewParticipants);
  p.may_view_national_id = may(Action::ViewNationalId);
  p.may_register = may(Action::RegisterParticipant);
  p.may_record_attendance = may(Action::RecordAttendance);
  p.may_manage_waiting_list = may(Action::ManageWaitingList);
  p.may_edit = may(Action::EditCourse);
  p.may_view_programme = may(Action::ViewProgramme);
  p.may_export_personal_data = may(Action::ExportPersonalData);
  p.may_erase_personal_data = may(Action::ErasePersonalData);
  return p;
}

Result<Access> AccessGuard::run(const Actor& actor, std::int64_t run_id) const {
  auto scope = staff_.run_scope(run_id);
  if (!scope) return scope.error();
  return Access(actor, *scope);
}

Result<Access> AccessGuard::course(const Actor& actor, std::int64_t course_id) const {
  auto scope = staff_.course_scope(course_id);
  if (!scope) return scope.error();
  return Access(actor, *scope);
}

Result<Access> AccessGuard::course(store::Tx& tx, const Actor& actor,
                                   std::int64_t course_id) const {
  auto scope = staff_.course_scope(tx, course_id);
  if (!scope) return scope.error();
  return Access(actor, *scope);
}

Result<Access> AccessGuard::require_run(const Actor& actor, std::int64_t run_id,
                                        Action action) const {
  return required(run(actor, run_id), action);
}

Result<Access> AccessGuard::require_course(const Actor& actor, std::int64_t course_id,
                                           Action action) const {
  return required(course(actor, course_id), action);
}

Result<Access> AccessGuard::require_health_trust(const Actor& actor, std::int64_t health_trust_id,
                                                 Action action) const {
  auto region = staff_.region_of_health_trust(health_trust_id);
  if (!region) return region.error();
  return required(Access(actor, ObjectScope{std::nullopt, health_trust_id, *region}), action);
}

bool AccessGuard::permits_anywhere(const Actor& actor, Action action) {
  return grant_anywhere(actor, action).has_value();
}

std::optional<RoleGrant> AccessGuard::grant_anywhere(const Actor& actor, Action action) {
  const auto it = std::find_if(actor.grants.begin(), actor.grants.end(),
                               [&](const RoleGrant& g) { return role_permits(g.role, action); });
  if (it == actor.grants.end()) return std::nullopt;
  return *it;
}

Reach AccessGuard::reach(const Actor& actor, Action action) {
  Reach out;
  for (const auto& g : actor.grants) {
    if (!role_permits(g.role, action)) continue;
    switch (g.scope) {
      case ScopeKind::Nation:
        out.nation = true;
        break;
      case ScopeKind::Region:
        out.regions.push_back(g.scope_id);
        break;
      case ScopeKind::HealthTrust:
        out.health_trusts.push_back(g.scope_id);
        break;
      case ScopeKind::Course:
        out.courses.push_back(g.scope_id);
        break;
    }
  }
  return out;
}

}  // namespace kursbase::app
