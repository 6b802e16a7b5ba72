#pragma once
// What kind of event an audit row records, and how a person's rows become
// visits. An Action names the permission that was used; the kind says what
// was done with it: a course leader holds ManageWaitingList both when they
// look at the list (View) and when they move someone on it (Change), and
// opening the registration form (FormOpened) registers nobody.
//
// Rows written before the kind was recorded (migration 0015) carry none;
// legacy_event_kind() reads theirs from what the row does say (a GET route
// only looked, an export names itself), so old rows stay readable.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/core/enum_keys.hpp"
#include "domain/core/time.hpp"
#include "domain/staff/access.hpp"

namespace kursbase {

enum class AuditEventKind {
  View,        // personal data was shown
  Change,      // personal data was changed (or a person registered)
  Export,      // personal data left kursbase as a file
  FormOpened,  // a form was opened; nothing was changed yet
};

template <>
struct EnumKeys<AuditEventKind> {
  static constexpr std::array<std::pair<AuditEventKind, std::string_view>, 4> kAll{{
      {AuditEventKind::View, "view"},
      {AuditEventKind::Change, "change"},
      {AuditEventKind::Export, "export"},
      {AuditEventKind::FormOpened, "form_opened"},
  }};
};

// The kind an action usually records: views for the View* actions and the
// audit search, an export for ExportPersonalData, otherwise a change. A use
// case that does something else with the permission names its kind.
AuditEventKind usual_event_kind(Action action);

// The kind of a row recorded without one: an object type "run_export" is an
// export; a GET route changed nothing, and a GET under RegisterParticipant
// opened the form; any other method changed something. `action` is the
// row's action key, `route` its "METHOD /pattern".
AuditEventKind legacy_event_kind(std::string_view action, std::string_view route,
                                 std::string_view object_type);

// The message key that names an event in the UI: "action.<action>" when the
// event is what the action usually records (or the action is an event of its
// own such as "sign_in"), otherwise "action.<action>.<kind>"
// ("action.manage_waiting_list.view": looked at the waiting list).
std::string event_label_key(std::string_view action, AuditEventKind kind);

// One audit row about a person, as far as grouping needs it.
struct AuditLine {
  Instant at{};
  std::int64_t account_id = 0;
  std::string staff_name;
  std::string role;    // Role key, may be empty
  std::string action;  // Action key or event ("link_resent")
  AuditEventKind kind = AuditEventKind::View;
};

// One visit: a staff member doing one thing (action and kind) with the
// person's data, from `first` to `last`, in `rows` audit rows.
struct AuditVisit {
  Instant first{};
  Instant last{};
  std::int64_t account_id = 0;
  std::string staff_name;
  std::string role;
  std::string action;
  AuditEventKind kind = AuditEventKind::View;
  int rows = 0;
};

// How far apart two rows of one visit may be: a page reloaded, a list
// re-sorted, the next page of a roster within a quarter of an hour is the
// same visit; an hour later is another.
inline constexpr auto kVisitGap = std::chrono::minutes(15);

// Groups `lines` (newest first) into visits, newest first: a row joins the
// visit of the same account, role, action and kind whose oldest row is at
// most `gap` later than it; rows of other visits in between do not split it.
std::vector<AuditVisit> group_visits(const std::vector<AuditLine>& lines,
                                     std::chrono::seconds gap = kVisitGap);

}  // namespace kursbase
