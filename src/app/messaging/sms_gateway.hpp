#pragma once
// SmsGateway: sends one short text to a mobile number. The outbox worker
// (app/messaging/outbox_worker.hpp) sends SMS messages through it, with the same lease,
// retries and back-off as e-mail.
//
// The HTTP implementation POSTs JSON {"to", "text", "sender"} with
// "Authorization: Bearer <token>" to a configurable URL (most Norwegian SMS
// gateways take a request of this shape, or sit behind a small adapter that
// does). The token is never part of an error text, and neither are the
// number, the text or the gateway's answer: error texts end up in the outbox
// table and may be logged.
//
// Thread safety: send() may be called from any thread.
#include <memory>
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

struct SmsGatewaySettings {
  std::string url;     // "https://sms.example.no/v1/messages"; empty: SMS stay queued
  std::string token;   // bearer token (from the environment or a file, never the TOML file)
  std::string sender;  // sender name or number shown on the phone, e.g. "Kursbase"
  long timeout_seconds = 15;
};

std::unique_ptr<SmsGateway> make_http_sms_gateway(SmsGatewaySettings settings);

// The request body as sent (exposed for tests).
std::string sms_request_body(const std::string& to, const std::string& text,
                             const std::string& sender);

// How an HTTP answer (0: none, e.g. a timeout) counts (exposed for tests).
Status sms_gateway_status(long http_status, const std::string& transport_error);

}  // namespace kursbase::app
