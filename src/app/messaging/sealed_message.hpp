#pragma once
// Outbox messages sealed at rest (issue 11): the subject (the course), the
// body (the name, the course, the working private link) and the attachment
// (the .ics) are sealed with the data key when the message is written, and
// opened by the outbox worker just before the send; a sent row keeps neither.
// So an unsent row, and every backup of one, holds no link that works.
#include "app/privacy/personal_data_cipher.hpp"
#include "domain/core/result.hpp"
#include "store/outbox_store.hpp"

namespace kursbase::app {

// Seals subject, body and attachment in place; `sealed` says so.
void seal_message(const PersonalDataCipher& cipher, store::OutboxMessage& message);

// Opens a sealed message in place (one not sealed is left as it is).
// InvalidInput "error.sealed_data" when it was sealed with another key.
Status open_message(const PersonalDataCipher& cipher, store::OutboxMessage& message);

}  // namespace kursbase::app
