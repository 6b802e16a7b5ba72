#include "app/messaging/outbox_worker.hpp"

#include <curl/curl.h>
#include <spdlog/spdlog.h>
#include <sodium.h>
#include <unistd.h>

#include <cstring>

#include "app/enrollment/enrollment_service.hpp"

namespace kursbase::app {
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

class SmtpSender final : public Sender {
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

std::unique_ptr<Sender> make_smtp_sender(SmtpSettings settings) {
  return std::make_unique<SmtpSender>(std::move(settings));
}

OutboxWorker::OutboxWorker(store::OutboxStore& outbox, Sender& email, SmsGateway* sms, Clock clock,
                           OutboxWorkerSettings settings, EnrollmentService* enrollments)
    : outbox_(outbox),
      email_(email),
      sms_(sms),
      clock_(std::move(clock)),
      settings_(settings),
      enrollments_(enrollments),
      task_("outbox", {.first_delay = {}, .interval = settings.poll, .min_gap = {}},
            [this] { return tick(); }) {
  char host[128] = {};
  ::gethostname(host, sizeof host - 1);
  owner_ = std::string(host) + ":" + std::to_string(::getpid()) + ":" +
           std::to_string(reinterpret_cast<std::uintptr_t>(this));
}

OutboxWorker::~OutboxWorker() { stop(); }

void OutboxWorker::start() {
  if (task_.running()) return;
  next_housekeeping_ = {};  // at once
  task_.start();
}

void OutboxWorker::stop() { task_.stop(); }

Status OutboxWorker::send(const store::OutboxMessage& m) {
  if (m.channel == store::Channel::Email) return email_.send(m);
  if (!sms_) return unavailable("no SMS gateway configured");
  return sms_->send(m.recipient, m.body);
}

int OutboxWorker::run_once() {
  const Instant now = clock_();
  auto items = outbox_.claim(owner_, now, now + settings_.lease, settings_.batch);
  if (!items) {
    spdlog::warn("outbox: claiming messages failed, retried on the next round: {}",
                 items.error().detail);
    return 0;
  }
  int sent = 0;
  for (const auto& item : *items) {
    Status result = send(item.message);
    if (result) {
      if (auto marked = outbox_.mark_sent(item.id, owner_, clock_()))
        ++sent;
      else  // sent again when its lease ends: at least once, never lost
        spdlog::warn("outbox: message {} was sent but not marked sent: {}", item.id,
                     marked.error().detail);
      continue;
    }
    const int attempts = item.attempts + 1;
    std::optional<Instant> retry;
    if (result.error().code == ErrorCode::Unavailable && attempts < settings_.max_attempts)
      retry = clock_() + settings_.first_retry * (1 << std::min(attempts - 1, 16));
    if (auto marked = outbox_.mark_failed(item.id, owner_, result.error().detail, retry, clock_());
        !marked)  // its lease ends and a later round tries it again
      spdlog::warn("outbox: message {} failed and could not be marked failed: {}", item.id,
                   marked.error().detail);
  }
  return sent;
}

store::PeriodicTask::Next OutboxWorker::tick() {
  housekeeping();
  const int sent = run_once();
  return sent >= settings_.batch ? store::PeriodicTask::Next::Now
                                 : store::PeriodicTask::Next::AfterInterval;
}

void OutboxWorker::housekeeping() {
  const auto now = std::chrono::steady_clock::now();
  if (!enrollments_ || now < next_housekeeping_) return;
  bool done = true;
  if (settings_.reminder_days > 0) {
    if (auto queued = enrollments_->queue_reminders(settings_.reminder_days); !queued) {
      spdlog::warn("outbox: queueing reminders failed, retried on the next round: {}",
                   queued.error().detail);
      done = false;
    }
  }
  if (auto expired = enrollments_->expire_offers(); !expired) {
    spdlog::warn("outbox: expiring offers failed, retried on the next round: {}",
                 expired.error().detail);
    done = false;
  }
  if (done) next_housekeeping_ = now + settings_.housekeeping;
}

}  // namespace kursbase::app
