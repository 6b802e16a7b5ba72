#pragma once
// How the auditor's page and the person's own "who has seen my data" list
// name an audit event: by what was done (the kind), not only by the
// permission used (domain/staff/audit_event.hpp, event_label_key()).
#include <string>
#include <string_view>

#include "domain/staff/audit_event.hpp"
#include "web/messages.hpp"

namespace kursbase::http {

// The text of `action` done as `kind`; the action's own text when the
// catalogue has no text for that pairing.
std::string audit_event_label(const web::Messages& m, std::string_view action, AuditEventKind kind);

}  // namespace kursbase::http
