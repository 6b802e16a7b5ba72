#pragma once
// Sender: delivers one e-mail message of the outbox. The outbox worker
// (app/messaging/outbox_worker.hpp) owns retries and back-off; a Sender only
// says how one attempt went. The SMTP implementation is
// adapters/mail/smtp_sender.hpp, chosen by the composition root (cli/wiring.cpp).
//
// Thread safety: send() is called from the worker's thread only.
#include "domain/core/result.hpp"
#include "store/outbox_store.hpp"

namespace kursbase::app {

class Sender {
 public:
  virtual ~Sender() = default;
  // Ok when the server took the message. Unavailable for a temporary failure
  // (retried), InvalidInput for a permanent one (given up).
  virtual Status send(const store::OutboxMessage& message) = 0;
};

}  // namespace kursbase::app
