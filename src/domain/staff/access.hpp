#pragma once
// Who may do what to which object: the one access decision of kursbase.
// Personal health data is shown on need (tjenstlig behov, Normen): a course's
// staff see its participants, an HF's LMS sees its HF, analysts see only
// aggregates, and nobody sees more than their role needs. The app layer asks
// decide() before every use case that touches a protected object.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/core/enum_keys.hpp"

namespace kursbase {

enum class Role {
  SystemAdministrator,  // accounts and settings; of participant data only access/erasure requests
  LmsAdvisor,           // an HF's learning and coping centre: all its courses
  CourseLeader,         // runs a course: participants, attendance, waiting list
  Professional,         // teaches: participants and attendance of their courses
  UserRepresentative,   // plans and teaches as an experienced user: programme, own honorarium
  MedicalResponsible,   // the doctor responsible: participants incl. ID numbers
  Analyst,              // a region or the nation: aggregates only, never a person
  Auditor,              // searches the audit log of an HF or the nation
};

template <>
struct EnumKeys<Role> {
  static constexpr std::array<std::pair<Role, std::string_view>, 8> kAll{{
      {Role::SystemAdministrator, "system_administrator"},
      {Role::LmsAdvisor, "lms_advisor"},
      {Role::CourseLeader, "course_leader"},
      {Role::Professional, "professional"},
      {Role::UserRepresentative, "user_representative"},
      {Role::MedicalResponsible, "medical_responsible"},
      {Role::Analyst, "analyst"},
      {Role::Auditor, "auditor"},
  }};
};

// Where a role is held: the whole nation, a region (RHF), an HF, or one course.
enum class ScopeKind { Nation, Region, HealthTrust, Course };

template <>
struct EnumKeys<ScopeKind> {
  static constexpr std::array<std::pair<ScopeKind, std::string_view>, 4> kAll{{
      {ScopeKind::Nation, "nation"},
      {ScopeKind::Region, "region"},
      {ScopeKind::HealthTrust, "health_trust"},
      {ScopeKind::Course, "course"},
  }};
};

struct RoleGrant {
  Role role;
  ScopeKind scope;
  std::int64_t scope_id = 0;  // RHF, HF or course id; 0 for the nation
};

// A signed-in staff member. Roles come from kursbase, never from a token.
struct Actor {
  std::int64_t account_id = 0;
  std::string display_name;
  std::vector<RoleGrant> grants;
};

enum class Action {
  ViewParticipants,     // names and contact details of a run's participants
  ViewNationalId,       // ID numbers unmasked
  RegisterParticipant,  // staff sign a person up (e.g. from a referral)
  RecordAttendance,
  ManageWaitingList,  // promote, offer, move (with a reason)
  EditCourse,         // course, programme, runs
  ViewProgramme,      // planning view of a course (no participants)
  ViewOwnHonorarium,
  ViewAggregates,  // statistics without persons
  SearchAudit,
  ManageAccounts,
  ExportPersonalData,  // access request: everything about one person
  ErasePersonalData,   // erasure request
  ViewOwnAccount,      // one's own account and roles; every role
};

template <>
struct EnumKeys<Action> {
  static constexpr std::array<std::pair<Action, std::string_view>, 14> kAll{{
      {Action::ViewParticipants, "view_participants"},
      {Action::ViewNationalId, "view_national_id"},
      {Action::RegisterParticipant, "register_participant"},
      {Action::RecordAttendance, "record_attendance"},
      {Action::ManageWaitingList, "manage_waiting_list"},
      {Action::EditCourse, "edit_course"},
      {Action::ViewProgramme, "view_programme"},
      {Action::ViewOwnHonorarium, "view_own_honorarium"},
      {Action::ViewAggregates, "view_aggregates"},
      {Action::SearchAudit, "search_audit"},
      {Action::ManageAccounts, "manage_accounts"},
      {Action::ExportPersonalData, "export_personal_data"},
      {Action::ErasePersonalData, "erase_personal_data"},
      {Action::ViewOwnAccount, "view_own_account"},
  }};
};

// Where the object acted on belongs. Unknown parts are empty; an object with
// no known place matches only nation-wide grants.
struct ObjectScope {
  std::optional<std::int64_t> course_id;
  std::optional<std::int64_t> health_trust_id;
  std::optional<std::int64_t> region_id;
};

struct AccessDecision {
  bool allowed = false;
  std::optional<RoleGrant> grant;  // the grant that allowed it (for the audit row)
};

// The actions a role permits, wherever it is held.
bool role_permits(Role role, Action action);

// Allowed when some grant's role permits the action and its scope covers the object.
AccessDecision decide(const Actor& actor, Action action, const ObjectScope& object);

}  // namespace kursbase
