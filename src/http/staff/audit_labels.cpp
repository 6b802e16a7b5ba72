#include "http/staff/audit_labels.hpp"

namespace kursbase::http {

std::string audit_event_label(const web::Messages& m, std::string_view action,
                              AuditEventKind kind) {
  const std::string key = event_label_key(action, kind);
  if (m.has(key)) return m.text(key);
  return m.text("action." + std::string(action));
}

}  // namespace kursbase::http
