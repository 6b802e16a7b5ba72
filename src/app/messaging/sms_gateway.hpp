#pragma once
// SmsGateway: sends one short text to a mobile number. The outbox worker
// (app/messaging/outbox_worker.hpp) sends SMS messages through it, with the same lease,
// retries and back-off as e-mail. The HTTP implementation is
// adapters/sms/http_sms_gateway.hpp, chosen by the composition root (cli/wiring.cpp).
//
// An implementation never puts the number, the text or a secret in an error
// text: error texts end up in the outbox table and may be logged.
//
// Thread safety: send() may be called from any thread.
#include <string>

#include "domain/core/result.hpp"

namespace kursbase::app {

class SmsGateway {
 public:
  virtual ~SmsGateway() = default;
  // Ok when the gateway accepted the message. Unavailable for a temporary
  // failure (5xx, 408, 429, timeout, no connection: retried), InvalidInput for
  // a permanent one (any other 4xx: given up).
  virtual Status send(const std::string& to, const std::string& text) = 0;
};

}  // namespace kursbase::app
