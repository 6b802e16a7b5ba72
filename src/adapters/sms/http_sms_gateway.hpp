#pragma once
// The HTTP SMS gateway behind app::SmsGateway (app/messaging/sms_gateway.hpp):
// POSTs JSON {"to", "text", "sender"} with "Authorization: Bearer <token>" to
// a configurable URL (most Norwegian SMS gateways take a request of this
// shape, or sit behind a small adapter that does). Redirects are not followed
// (they would resend the token). The token is never part of an error text,
// and neither are the number, the text or the gateway's answer: error texts
// end up in the outbox table and may be logged.
//
// Thread safety: send() may be called from any thread (one curl handle per call).
#include <memory>
#include <string>

#include "app/messaging/sms_gateway.hpp"
#include "domain/core/result.hpp"

namespace kursbase::adapters {

struct SmsGatewaySettings {
  std::string url;     // "https://sms.example.no/v1/messages"; empty: SMS stay queued
  std::string token;   // bearer token (from the environment or a file, never the TOML file)
  std::string sender;  // sender name or number shown on the phone, e.g. "Kursbase"
  long timeout_seconds = 15;
};

std::unique_ptr<app::SmsGateway> make_http_sms_gateway(SmsGatewaySettings settings);

// The request body as sent (exposed for tests).
std::string sms_request_body(const std::string& to, const std::string& text,
                             const std::string& sender);

// How an HTTP answer (0: none, e.g. a timeout) counts: 2xx Ok; 408, 429, 5xx
// and no answer Unavailable (retried); any other 4xx InvalidInput
// "error.sms_rejected" (given up); 1xx/3xx Unavailable (exposed for tests).
Status sms_gateway_status(long http_status, const std::string& transport_error);

}  // namespace kursbase::adapters
