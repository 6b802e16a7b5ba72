// The SMTP sender: the MIME message as sent (headers, base64 UTF-8 body, the
// calendar attachment), and the refusals that happen before or without a
// server (bad recipient: given up; no server: retried).
#include "adapters/mail/smtp_sender.hpp"

#include <gtest/gtest.h>
#include <sodium.h>

#include <cstring>

namespace kursbase::adapters {
namespace {

std::string base64(const std::string& data) {
  std::string b64(sodium_base64_ENCODED_LEN(data.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(b64.data(), b64.size(), reinterpret_cast<const unsigned char*>(data.data()),
                    data.size(), sodium_base64_VARIANT_ORIGINAL);
  b64.resize(std::strlen(b64.c_str()));
  return b64;
}

store::OutboxMessage message() {
  store::OutboxMessage m;
  m.recipient = "kari@example.no";
  m.subject = "Påmelding bekreftet";
  m.body = "Hei!\nDu er påmeldt «Lær å leve med KOLS».";
  m.message_id = "<42.confirmation@kursbase>";
  return m;
}

const Instant kDate = *parse_instant("2027-03-03T08:00:00Z");

TEST(MimeMessage, PlainTextWithHeadersAndEncodedSubject) {
  const auto mime = mime_message(message(), "Kursbase <ikke-svar@example.no>", kDate);
  EXPECT_EQ(mime.find("Date: Wed, 03 Mar 2027 08:00:00 +0000\r\n"), 0u) << mime;
  EXPECT_NE(mime.find("From: Kursbase <ikke-svar@example.no>\r\n"), std::string::npos);
  EXPECT_NE(mime.find("To: <kari@example.no>\r\n"), std::string::npos);
  EXPECT_NE(mime.find("Subject: =?UTF-8?B?" + base64("Påmelding bekreftet") + "?=\r\n"),
            std::string::npos)
      << "non-ASCII subject as an RFC 2047 word: " << mime;
  EXPECT_NE(mime.find("Message-ID: <42.confirmation@kursbase>\r\n"), std::string::npos);
  EXPECT_NE(mime.find("Auto-Submitted: auto-generated\r\n"), std::string::npos);
  EXPECT_NE(mime.find("Content-Type: text/plain; charset=utf-8\r\n"), std::string::npos);
  EXPECT_EQ(mime.find("multipart"), std::string::npos);
  EXPECT_NE(mime.find("\r\n\r\n" + base64(message().body) + "\r\n"), std::string::npos) << mime;
}

TEST(MimeMessage, AsciiSubjectStaysReadable) {
  auto m = message();
  m.subject = "Reminder";
  EXPECT_NE(mime_message(m, "a@example.no", kDate).find("Subject: Reminder\r\n"),
            std::string::npos);
}

TEST(MimeMessage, CalendarGoesAsABase64Attachment) {
  auto m = message();
  m.attachment_name = "kurs.ics";
  m.attachment_type = "text/calendar; charset=utf-8; method=PUBLISH";
  m.attachment = "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n";
  const auto mime = mime_message(m, "a@example.no", kDate);
  EXPECT_NE(mime.find("Content-Type: multipart/mixed; boundary="), std::string::npos) << mime;
  EXPECT_NE(mime.find("Content-Type: text/calendar; charset=utf-8; method=PUBLISH\r\n"),
            std::string::npos);
  EXPECT_NE(mime.find("Content-Disposition: attachment; filename=\"kurs.ics\"\r\n"),
            std::string::npos);
  EXPECT_NE(mime.find(base64(m.attachment)), std::string::npos);
  EXPECT_EQ(mime.find("BEGIN:VCALENDAR"), std::string::npos) << "encoded, not raw";
  EXPECT_EQ(mime.substr(mime.size() - 4), "--\r\n") << "closing boundary";
}

TEST(SmtpSender, RecipientThatCouldInjectCommandsIsGivenUp) {
  auto sender = make_smtp_sender({"smtp://127.0.0.1:1", "a@example.no", "", "", 5});
  for (const std::string bad : {"kari@example.no\r\nRCPT TO:<x@y>", "a>b@example.no", "x\n"}) {
    auto m = message();
    m.recipient = bad;
    auto sent = sender->send(m);
    ASSERT_FALSE(sent.ok()) << bad;
    EXPECT_EQ(sent.error().code, ErrorCode::InvalidInput) << bad;
    EXPECT_EQ(sent.error().message_key, "error.mail_recipient");
  }
}

TEST(SmtpSender, NoServerConfiguredOrReachableIsRetried) {
  auto unconfigured = make_smtp_sender({"", "a@example.no", "", "", 5});
  auto none = unconfigured->send(message());
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().code, ErrorCode::Unavailable);
  // A port nobody listens on: the connection is refused at once.
  auto unreachable = make_smtp_sender({"smtp://127.0.0.1:1", "a@example.no", "", "", 5});
  auto refused = unreachable->send(message());
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::Unavailable);
}

}  // namespace
}  // namespace kursbase::adapters
