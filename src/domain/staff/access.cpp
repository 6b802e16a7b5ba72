#include "domain/staff/access.hpp"

namespace kursbase {

bool role_permits(Role role, Action action) {
  using A = Action;
  if (action == A::ViewOwnAccount) return true;
  switch (role) {
    case Role::SystemAdministrator:
      // Access and erasure requests across HFs (a person enrolled in several)
      // and the retention job's operator; no other participant data.
      return action == A::ManageAccounts || action == A::ViewAggregates ||
             action == A::ExportPersonalData || action == A::ErasePersonalData;
    case Role::LmsAdvisor:
      return action == A::ViewParticipants || action == A::ViewNationalId ||
             action == A::RegisterParticipant || action == A::RecordAttendance ||
             action == A::ManageWaitingList || action == A::EditCourse ||
             action == A::ViewProgramme || action == A::ViewAggregates ||
             action == A::ExportPersonalData || action == A::ErasePersonalData;
    case Role::CourseLeader:
      return action == A::ViewParticipants || action == A::RegisterParticipant ||
             action == A::RecordAttendance || action == A::ManageWaitingList ||
             action == A::ViewProgramme;
    case Role::Professional:
      return action == A::ViewParticipants || action == A::RecordAttendance ||
             action == A::ViewProgramme;
    case Role::UserRepresentative:
      return action == A::ViewProgramme || action == A::ViewOwnHonorarium;
    case Role::MedicalResponsible:
      return action == A::ViewParticipants || action == A::ViewNationalId ||
             action == A::ViewProgramme;
    case Role::Analyst:
      return action == A::ViewAggregates;
    case Role::Auditor:
      return action == A::SearchAudit;
  }
  return false;
}

namespace {

bool covers(const RoleGrant& g, const ObjectScope& o) {
  switch (g.scope) {
    case ScopeKind::Nation:
      return true;
    case ScopeKind::Region:
      return o.region_id && *o.region_id == g.scope_id;
    case ScopeKind::HealthTrust:
      return o.health_trust_id && *o.health_trust_id == g.scope_id;
    case ScopeKind::Course:
      return o.course_id && *o.course_id == g.scope_id;
  }
  return false;
}

}  // namespace

AccessDecision decide(const Actor& actor, Action action, const ObjectScope& object) {
  for (const auto& g : actor.grants)
    if (role_permits(g.role, action) && covers(g, object)) return {true, g};
  return {false, std::nullopt};
}

}  // namespace kursbase
