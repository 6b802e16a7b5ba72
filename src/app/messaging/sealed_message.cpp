#include "app/messaging/sealed_message.hpp"

namespace kursbase::app {

void seal_message(const PersonalDataCipher& cipher, store::OutboxMessage& m) {
  if (m.sealed) return;
  m.subject = cipher.seal(m.subject);
  m.body = cipher.seal(m.body);
  if (!m.attachment.empty()) m.attachment = cipher.seal(m.attachment);
  m.sealed = true;
}

Status open_message(const PersonalDataCipher& cipher, store::OutboxMessage& m) {
  if (!m.sealed) return ok_status();
  for (auto* part : {&m.subject, &m.body, &m.attachment}) {
    if (part->empty()) continue;  // a sent row's, or no attachment
    auto plain = cipher.open(*part);
    if (!plain) return plain.error();
    *part = std::move(*plain);
  }
  m.sealed = false;
  return ok_status();
}

}  // namespace kursbase::app
