#pragma once
// E-mail through libcurl's SMTP client, behind app::Sender
// (app/messaging/sender.hpp): a text/plain UTF-8 body, base64, with an
// optional attachment (the .ics) and the outbox's Message-ID.
//
// A 5xx answer of the server is permanent (InvalidInput "error.mail_rejected":
// the message is given up); no connection, a timeout or any other failure is
// Unavailable (retried). A recipient with CR, LF or angle brackets is refused
// before anything is sent (InvalidInput "error.mail_recipient"), so a stored
// address cannot inject SMTP commands or headers.
//
// Thread safety: send() may be called from any thread (one curl handle per call).
#include <memory>
#include <string>

#include "app/messaging/sender.hpp"
#include "domain/core/time.hpp"
#include "store/outbox_store.hpp"

namespace kursbase::adapters {

struct SmtpSettings {
  std::string url;   // "smtp://127.0.0.1:2525" or "smtps://mail.example.no"; empty: do not send
  std::string from;  // "Kursbase <ikke-svar@example.no>"
  std::string username;
  std::string password;
  long timeout_seconds = 30;
};

std::unique_ptr<app::Sender> make_smtp_sender(SmtpSettings settings);

// The MIME message as sent, dated `date` (exposed for tests).
std::string mime_message(const store::OutboxMessage& m, const std::string& from, Instant date);

}  // namespace kursbase::adapters
