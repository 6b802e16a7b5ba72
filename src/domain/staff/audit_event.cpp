#include "domain/staff/audit_event.hpp"

namespace kursbase {

AuditEventKind usual_event_kind(Action action) {
  switch (action) {
    case Action::ViewParticipants:
    case Action::ViewNationalId:
    case Action::ViewProgramme:
    case Action::ViewOwnHonorarium:
    case Action::ViewAggregates:
    case Action::ViewOwnAccount:
    case Action::SearchAudit:
      return AuditEventKind::View;
    case Action::ExportPersonalData:
      return AuditEventKind::Export;
    case Action::RegisterParticipant:
    case Action::RecordAttendance:
    case Action::ManageWaitingList:
    case Action::EditCourse:
    case Action::ManageAccounts:
    case Action::ErasePersonalData:
      return AuditEventKind::Change;
  }
  return AuditEventKind::Change;
}

AuditEventKind legacy_event_kind(std::string_view action, std::string_view route,
                                 std::string_view object_type) {
  if (object_type == "run_export" || action == key_of(Action::ExportPersonalData))
    return AuditEventKind::Export;
  if (route.rfind("GET ", 0) == 0)
    return action == key_of(Action::RegisterParticipant) ? AuditEventKind::FormOpened
                                                         : AuditEventKind::View;
  if (route.empty()) {
    // Written by the system or a sign-in: read the action's usual kind.
    if (auto a = parse_key<Action>(action)) return usual_event_kind(*a);
    return AuditEventKind::Change;
  }
  return AuditEventKind::Change;
}

std::string event_label_key(std::string_view action, AuditEventKind kind) {
  std::string key = "action." + std::string(action);
  const auto a = parse_key<Action>(action);
  if (!a || usual_event_kind(*a) == kind) return key;
  return key + "." + std::string(key_of(kind));
}

std::vector<AuditVisit> group_visits(const std::vector<AuditLine>& lines,
                                     std::chrono::seconds gap) {
  std::vector<AuditVisit> out;
  for (const auto& l : lines) {
    AuditVisit* joined = nullptr;
    for (auto& v : out) {
      if (v.account_id != l.account_id || v.role != l.role || v.action != l.action ||
          v.kind != l.kind)
        continue;
      if (v.first - l.at > gap) continue;
      joined = &v;
      break;
    }
    if (joined) {
      joined->first = std::min(joined->first, l.at);
      ++joined->rows;
      continue;
    }
    out.push_back({l.at, l.at, l.account_id, l.staff_name, l.role, l.action, l.kind, 1});
  }
  return out;
}

}  // namespace kursbase
