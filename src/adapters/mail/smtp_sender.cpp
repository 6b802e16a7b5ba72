#include "adapters/mail/smtp_sender.hpp"

#include <curl/curl.h>
#include <sodium.h>

#include <cstring>
#include <ctime>

namespace kursbase::adapters {
namespace {

std::string base64_lines(const std::string& data) {
  std::string b64(sodium_base64_ENCODED_LEN(data.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(b64.data(), b64.size(), reinterpret_cast<const unsigned char*>(data.data()),
                    data.size(), sodium_base64_VARIANT_ORIGINAL);
  b64.resize(std::strlen(b64.c_str()));
  std::string out;
  for (std::size_t i = 0; i < b64.size(); i += 76) out += b64.substr(i, 76) + "\r\n";
  return out;
}

// RFC 2047 encoded word for a header with non-ASCII text.
std::string header_text(const std::string& s) {
  bool ascii = true;
  for (unsigned char c : s) ascii = ascii && c >= 0x20 && c < 0x7F;
  if (ascii) return s;
  std::string b = base64_lines(s);
  std::string joined;
  for (char c : b)
    if (c != '\r' && c != '\n') joined += c;
  return "=?UTF-8?B?" + joined + "?=";
}

std::string rfc5322_date(Instant t) {
  const std::time_t tt = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S +0000", &tm);
  return buf;
}

std::string bare_address(const std::string& from) {
  const auto lt = from.find('<');
  const auto gt = from.find('>');
  if (lt != std::string::npos && gt != std::string::npos && gt > lt)
    return from.substr(lt + 1, gt - lt - 1);
  return from;
}

class SmtpSender final : public app::Sender {
 public:
  explicit SmtpSender(SmtpSettings s) : s_(std::move(s)) { curl_global_init(CURL_GLOBAL_DEFAULT); }

  Status send(const store::OutboxMessage& m) override {
    if (s_.url.empty()) return unavailable("no SMTP server configured");
    if (m.recipient.find_first_of("\r\n<>") != std::string::npos)
      return invalid_input("error.mail_recipient", "bad recipient");
    const std::string payload = mime_message(
        m, s_.from, std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()));
    CURL* curl = curl_easy_init();
    if (!curl) return unavailable("curl_easy_init failed");
    struct Reader {
      const std::string* data;
      std::size_t pos = 0;
    } reader{&payload};
    auto read = +[](char* buf, std::size_t size, std::size_t n, void* user) -> std::size_t {
      auto* r = static_cast<Reader*>(user);
      const std::size_t left = r->data->size() - r->pos;
      const std::size_t k = std::min(left, size * n);
      std::memcpy(buf, r->data->data() + r->pos, k);
      r->pos += k;
      return k;
    };
    curl_slist* rcpt = curl_slist_append(nullptr, ("<" + m.recipient + ">").c_str());
    const std::string from = "<" + bare_address(s_.from) + ">";
    curl_easy_setopt(curl, CURLOPT_URL, s_.url.c_str());
    curl_easy_setopt(curl, CURLOPT_MAIL_FROM, from.c_str());
    curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpt);
    curl_easy_setopt(curl, CURLOPT_READFUNCTION, read);
    curl_easy_setopt(curl, CURLOPT_READDATA, &reader);
    curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, s_.timeout_seconds);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    if (!s_.username.empty()) {
      curl_easy_setopt(curl, CURLOPT_USERNAME, s_.username.c_str());
      curl_easy_setopt(curl, CURLOPT_PASSWORD, s_.password.c_str());
      curl_easy_setopt(curl, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
    }
    const CURLcode rc = curl_easy_perform(curl);
    long response = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response);
    curl_slist_free_all(rcpt);
    curl_easy_cleanup(curl);
    if (rc == CURLE_OK) return ok_status();
    const std::string why =
        std::string(curl_easy_strerror(rc)) + " (" + std::to_string(response) + ")";
    // 5xx: the server refuses for good; anything else may pass later.
    if (response >= 500 && response < 600) return invalid_input("error.mail_rejected", why);
    return unavailable(why);
  }

 private:
  SmtpSettings s_;
};

}  // namespace

std::string mime_message(const store::OutboxMessage& m, const std::string& from, Instant date) {
  std::string out;
  out += "Date: " + rfc5322_date(date) + "\r\n";
  out += "From: " + from + "\r\n";
  out += "To: <" + m.recipient + ">\r\n";
  out += "Subject: " + header_text(m.subject) + "\r\n";
  out += "Message-ID: " + m.message_id + "\r\n";
  out += "MIME-Version: 1.0\r\n";
  out += "Auto-Submitted: auto-generated\r\n";
  const std::string body = base64_lines(m.body);
  if (m.attachment_name.empty()) {
    out += "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n";
    return out + body;
  }
  const std::string boundary = "kursbase-" + std::to_string(m.body.size()) + "-boundary";
  out += "Content-Type: multipart/mixed; boundary=\"" + boundary + "\"\r\n\r\n";
  out += "--" + boundary + "\r\n";
  out += "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n";
  out += body;
  out += "--" + boundary + "\r\n";
  out += "Content-Type: " + m.attachment_type + "\r\n";
  out += "Content-Transfer-Encoding: base64\r\n";
  out += "Content-Disposition: attachment; filename=\"" + m.attachment_name + "\"\r\n\r\n";
  out += base64_lines(m.attachment);
  out += "--" + boundary + "--\r\n";
  return out;
}

std::unique_ptr<app::Sender> make_smtp_sender(SmtpSettings settings) {
  return std::make_unique<SmtpSender>(std::move(settings));
}

}  // namespace kursbase::adapters
