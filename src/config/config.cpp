#include "config/config.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "domain/core/form_text.hpp"

namespace kursbase::config {

Status parse_listen(const std::string& text, Settings& s) {
  const auto colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0)
    return invalid_input("config.error.listen", "listen must be ADDRESS:PORT");
  unsigned port = 0;
  const auto* begin = text.data() + colon + 1;
  const auto* end = text.data() + text.size();
  auto [p, ec] = std::from_chars(begin, end, port);
  if (ec != std::errc{} || p != end || port > 65535)
    return invalid_input("config.error.listen", "bad port in listen");
  s.listen_address = text.substr(0, colon);
  if (s.listen_address.size() > 2 && s.listen_address.front() == '[')
    s.listen_address = s.listen_address.substr(1, s.listen_address.size() - 2);
  s.listen_port = static_cast<std::uint16_t>(port);
  return ok_status();
}

Result<Settings> load_settings(const std::string& path, bool path_is_explicit) {
  Settings s;
  if (std::filesystem::exists(path)) {
    try {
      const auto t = toml::parse_file(path);
      if (auto v = t["server"]["listen"].value<std::string>())
        if (auto r = parse_listen(*v, s); !r) return r.error();
      if (auto v = t["server"]["threads"].value<int64_t>())
        s.threads = std::size_t(std::max<int64_t>(1, *v));
      if (auto v = t["server"]["write_threads"].value<int64_t>())
        s.write_threads = std::size_t(std::max<int64_t>(1, *v));
      if (auto v = t["server"]["max_connections"].value<int64_t>())
        s.max_connections = std::size_t(std::max<int64_t>(1, *v));
      if (auto v = t["server"]["max_connections_per_client"].value<int64_t>())
        s.max_connections_per_client = std::size_t(std::max<int64_t>(1, *v));
      if (auto v = t["database"]["url"].value<std::string>()) s.database = *v;
      if (auto v = t["database"]["pool_size"].value<int64_t>())
        s.pool_size = std::size_t(std::max<int64_t>(1, *v));
      if (auto v = t["database"]["write_group"].value<int64_t>())
        s.write_group = std::size_t(std::max<int64_t>(1, *v));
      if (auto v = t["catalogue"]["refresh_ms"].value<int64_t>()) s.catalogue_refresh_ms = int(*v);
      if (auto v = t["web"]["static_dir"].value<std::string>()) s.static_dir = *v;
      if (auto v = t["security"]["tls"].value<bool>()) s.tls = *v;
      if (auto* list = t["security"]["trusted_proxies"].as_array()) {
        s.trusted_proxies.clear();
        for (const auto& item : *list)
          if (auto v = item.value<std::string>()) s.trusted_proxies.push_back(*v);
      }
      auto minutes = [&](const char* key, int& out) {
        if (auto v = t["security"][key].value<int64_t>())
          out = int(std::clamp<int64_t>(*v, 1, 1 << 20));
      };
      minutes("session_idle_minutes", s.session_idle_minutes);
      minutes("session_absolute_minutes", s.session_absolute_minutes);
      minutes("sign_in_max_failures_per_account", s.sign_in_max_failures_per_account);
      minutes("sign_in_max_failures_per_address", s.sign_in_max_failures_per_address);
      minutes("sign_in_window_minutes", s.sign_in_window_minutes);
      minutes("sign_in_free_failures_per_pair", s.sign_in_free_failures_per_pair);
      minutes("sign_in_first_delay_seconds", s.sign_in_first_delay_seconds);
      minutes("sign_in_known_address_days", s.sign_in_known_address_days);
      if (auto v = t["enrollment"]["sign_up_limit"].value<int64_t>())
        s.sign_up_limit = int(std::clamp<int64_t>(*v, 1, 1 << 20));
      if (auto v = t["enrollment"]["sign_up_limit_per_person"].value<int64_t>())
        s.sign_up_limit_per_person = int(std::clamp<int64_t>(*v, 1, 1 << 20));
      if (auto v = t["enrollment"]["sign_up_window_minutes"].value<int64_t>())
        s.sign_up_window_minutes = int(std::clamp<int64_t>(*v, 1, 1 << 20));
      if (auto v = t["enrollment"]["reminder_days"].value<int64_t>())
        s.reminder_days = int(std::clamp<int64_t>(*v, 0, 365));
      if (auto v = t["privacy"]["retention_months"].value<int64_t>())
        s.retention_months = int(std::clamp<int64_t>(*v, 0, 1200));
      if (auto v = t["enrollment"]["public_url"].value<std::string>()) s.public_url = *v;
      if (auto v = t["mail"]["smtp_url"].value<std::string>()) s.smtp_url = *v;
      if (auto v = t["mail"]["from"].value<std::string>()) s.mail_from = *v;
      if (auto v = t["sms"]["gateway_url"].value<std::string>()) s.sms_gateway_url = *v;
      if (auto v = t["sms"]["gateway_token_file"].value<std::string>())
        s.sms_gateway_token_file = *v;
      if (auto v = t["sms"]["sender"].value<std::string>()) s.sms_sender = *v;
      if (auto v = t["outbox"]["first_retry_seconds"].value<int64_t>())
        s.outbox_first_retry_seconds = int(std::clamp<int64_t>(*v, 1, 86400));
      if (auto v = t["outbox"]["housekeeping_seconds"].value<int64_t>())
        s.outbox_housekeeping_seconds = int(std::clamp<int64_t>(*v, 1, 86400));
      if (auto v = t["outbox"]["lease_seconds"].value<int64_t>())
        s.outbox_lease_seconds = int(std::clamp<int64_t>(*v, 2, 86400));
      if (auto v = t["security"]["data_key_file"].value<std::string>()) s.data_key_file = *v;
      const auto oidc = [&](const char* key, std::string& out) {
        if (auto v = t["oidc"][key].value<std::string>()) out = *v;
      };
      oidc("issuer", s.oidc_issuer);
      oidc("client_id", s.oidc_client_id);
      oidc("private_key_file", s.oidc_private_key_file);
      oidc("key_id", s.oidc_key_id);
      oidc("redirect_uri", s.oidc_redirect_uri);
      oidc("scopes", s.oidc_scopes);
      oidc("client_assertion_alg", s.oidc_client_assertion_alg);
      if (auto v = t["oidc"]["use_par"].value<bool>()) s.oidc_use_par = *v;
    } catch (const toml::parse_error& e) {
      return invalid_input("config.error.file", std::string("cannot parse ") + path + ": " +
                                                    std::string(e.description()));
    }
  } else if (path_is_explicit) {
    return invalid_input("config.error.file", "no such config file: " + path);
  }
  auto env = [](const char* name) -> const char* {
    const char* v = std::getenv(name);
    return v && *v ? v : nullptr;
  };
  if (auto v = env("KURSBASE_LISTEN"))
    if (auto r = parse_listen(v, s); !r) return r.error();
  if (auto v = env("KURSBASE_DATABASE")) s.database = v;
  if (auto v = env("KURSBASE_THREADS")) s.threads = std::size_t(std::max(1, std::atoi(v)));
  if (auto v = env("KURSBASE_WRITE_THREADS"))
    s.write_threads = std::size_t(std::max(1, std::atoi(v)));
  if (auto v = env("KURSBASE_MAX_CONNECTIONS"))
    s.max_connections = std::size_t(std::max(1, std::atoi(v)));
  if (auto v = env("KURSBASE_MAX_CONNECTIONS_PER_CLIENT"))
    s.max_connections_per_client = std::size_t(std::max(1, std::atoi(v)));
  if (auto v = env("KURSBASE_WRITE_GROUP")) s.write_group = std::size_t(std::max(1, std::atoi(v)));
  if (auto v = env("KURSBASE_STATIC_DIR")) s.static_dir = v;
  if (auto v = env("KURSBASE_CATALOGUE_REFRESH_MS")) s.catalogue_refresh_ms = std::atoi(v);
  if (auto v = env("KURSBASE_TLS"))
    s.tls = std::string_view(v) == "1" || std::string_view(v) == "true";
  if (auto v = env("KURSBASE_TRUSTED_PROXIES")) {  // comma-separated
    s.trusted_proxies.clear();
    std::string_view rest(v);
    while (!rest.empty()) {
      const auto comma = rest.find(',');
      if (auto item = trim(rest.substr(0, comma)); !item.empty())
        s.trusted_proxies.push_back(std::move(item));
      rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    }
  }
  if (auto v = env("KURSBASE_SESSION_IDLE_MINUTES"))
    s.session_idle_minutes = std::max(1, std::atoi(v));
  if (auto v = env("KURSBASE_SESSION_ABSOLUTE_MINUTES"))
    s.session_absolute_minutes = std::max(1, std::atoi(v));
  if (auto v = env("KURSBASE_SIGN_UP_LIMIT")) s.sign_up_limit = std::max(1, std::atoi(v));
  if (auto v = env("KURSBASE_SIGN_UP_LIMIT_PER_PERSON"))
    s.sign_up_limit_per_person = std::max(1, std::atoi(v));
  if (auto v = env("KURSBASE_SIGN_UP_WINDOW_MINUTES"))
    s.sign_up_window_minutes = std::max(1, std::atoi(v));
  if (auto v = env("KURSBASE_REMINDER_DAYS")) s.reminder_days = std::max(0, std::atoi(v));
  if (auto v = env("KURSBASE_RETENTION_MONTHS"))
    s.retention_months = std::clamp(std::atoi(v), 0, 1200);
  if (auto v = env("KURSBASE_PUBLIC_URL")) s.public_url = v;
  if (auto v = env("KURSBASE_SMTP_URL")) s.smtp_url = v;
  if (auto v = env("KURSBASE_MAIL_FROM")) s.mail_from = v;
  if (auto v = env("KURSBASE_SMS_GATEWAY_URL")) s.sms_gateway_url = v;
  if (auto v = env("KURSBASE_SMS_GATEWAY_TOKEN_FILE")) s.sms_gateway_token_file = v;
  if (auto v = env("KURSBASE_SMS_SENDER")) s.sms_sender = v;
  if (auto v = env("KURSBASE_OUTBOX_FIRST_RETRY_SECONDS"))
    s.outbox_first_retry_seconds = std::clamp(std::atoi(v), 1, 86400);
  if (auto v = env("KURSBASE_OUTBOX_HOUSEKEEPING_SECONDS"))
    s.outbox_housekeeping_seconds = std::clamp(std::atoi(v), 1, 86400);
  if (auto v = env("KURSBASE_OUTBOX_LEASE_SECONDS"))
    s.outbox_lease_seconds = std::clamp(std::atoi(v), 2, 86400);
  if (auto v = env("KURSBASE_SMS_GATEWAY_TOKEN")) s.sms_gateway_token = v;
  if (s.sms_gateway_token.empty() && !s.sms_gateway_token_file.empty()) {
    // The token itself never appears in an error.
    std::ifstream in(s.sms_gateway_token_file);
    if (!in) return invalid_input("config.error.file", "cannot read the SMS gateway token file");
    std::getline(in, s.sms_gateway_token);
    while (!s.sms_gateway_token.empty() &&
           std::isspace(static_cast<unsigned char>(s.sms_gateway_token.back())))
      s.sms_gateway_token.pop_back();
  }
  if (auto v = env("KURSBASE_DATA_KEY_FILE")) s.data_key_file = v;
  if (auto v = env("KURSBASE_DATA_KEY")) s.data_key_hex = v;
  if (auto v = env("KURSBASE_OIDC_ISSUER")) s.oidc_issuer = v;
  if (auto v = env("KURSBASE_OIDC_CLIENT_ID")) s.oidc_client_id = v;
  if (auto v = env("KURSBASE_OIDC_PRIVATE_KEY_FILE")) s.oidc_private_key_file = v;
  if (auto v = env("KURSBASE_OIDC_KEY_ID")) s.oidc_key_id = v;
  if (auto v = env("KURSBASE_OIDC_REDIRECT_URI")) s.oidc_redirect_uri = v;
  if (auto v = env("KURSBASE_OIDC_SCOPES")) s.oidc_scopes = v;
  if (auto v = env("KURSBASE_OIDC_CLIENT_ASSERTION_ALG")) s.oidc_client_assertion_alg = v;
  if (auto v = env("KURSBASE_OIDC_USE_PAR"))
    s.oidc_use_par = std::string_view(v) == "1" || std::string_view(v) == "true";
  return s;
}

}  // namespace kursbase::config
