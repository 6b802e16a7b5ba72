#include "adapters/sms/http_sms_gateway.hpp"

#include <curl/curl.h>

#include <nlohmann/json.hpp>

namespace kursbase::adapters {
namespace {

constexpr long kHttpOk = 200;
constexpr long kHttpMultipleChoices = 300;
constexpr long kHttpBadRequest = 400;
constexpr long kHttpRequestTimeout = 408;
constexpr long kHttpTooManyRequests = 429;
constexpr long kHttpServerError = 500;

class HttpSmsGateway final : public app::SmsGateway {
 public:
  explicit HttpSmsGateway(SmsGatewaySettings s) : s_(std::move(s)) {
    curl_global_init(CURL_GLOBAL_DEFAULT);
  }

  Status send(const std::string& to, const std::string& text) override {
    if (s_.url.empty()) return unavailable("no SMS gateway configured");
    const std::string body = sms_request_body(to, text, s_.sender);
    CURL* curl = curl_easy_init();
    if (!curl) return unavailable("curl_easy_init failed");
    curl_slist* headers = curl_slist_append(nullptr, "Content-Type: application/json");
    headers = curl_slist_append(headers, "Accept: application/json");
    const std::string auth = "Authorization: Bearer " + s_.token;
    if (!s_.token.empty()) headers = curl_slist_append(headers, auth.c_str());
    // The gateway's answer is read and dropped: it may echo the number.
    auto discard =
        +[](char*, std::size_t size, std::size_t n, void*) -> std::size_t { return size * n; };
    curl_easy_setopt(curl, CURLOPT_URL, s_.url.c_str());
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.c_str());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, discard);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, s_.timeout_seconds);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);  // a redirect would resend the token
    const CURLcode rc = curl_easy_perform(curl);
    long response = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response);
    curl_slist_free_all(headers);
    curl_easy_cleanup(curl);
    return sms_gateway_status(rc == CURLE_OK ? response : 0,
                              rc == CURLE_OK ? std::string() : curl_easy_strerror(rc));
  }

 private:
  SmsGatewaySettings s_;
};

}  // namespace

std::string sms_request_body(const std::string& to, const std::string& text,
                             const std::string& sender) {
  return nlohmann::json{{"to", to}, {"text", text}, {"sender", sender}}.dump();
}

Status sms_gateway_status(long http_status, const std::string& transport_error) {
  if (http_status == 0)
    return unavailable("SMS gateway not reached: " +
                       (transport_error.empty() ? std::string("no answer") : transport_error));
  if (http_status >= kHttpOk && http_status < kHttpMultipleChoices) return ok_status();
  const std::string why = "SMS gateway answered " + std::to_string(http_status);
  // Asked to wait, or the gateway's own trouble: try again later.
  if (http_status == kHttpRequestTimeout || http_status == kHttpTooManyRequests ||
      http_status >= kHttpServerError)
    return unavailable(why);
  if (http_status >= kHttpBadRequest) return invalid_input("error.sms_rejected", why);
  return unavailable(why);  // 1xx/3xx: not an answer we understand; not given up
}

std::unique_ptr<app::SmsGateway> make_http_sms_gateway(SmsGatewaySettings settings) {
  return std::make_unique<HttpSmsGateway>(std::move(settings));
}

}  // namespace kursbase::adapters
