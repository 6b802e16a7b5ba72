#pragma once
// kursbase's settings, from (lowest to highest precedence) built-in defaults,
// the TOML file (kursbase.toml, or --config / KURSBASE_CONFIG), environment
// variables (KURSBASE_*), and command-line flags. docs/configuration.md lists
// every key.
#include <cstdint>
#include <string>
#include <vector>

#include "domain/core/result.hpp"

namespace kursbase::config {

struct Settings {
  std::string listen_address = "127.0.0.1";
  std::uint16_t listen_port = 8080;
  std::size_t threads = 2;  // requests that read (GET, HEAD)
  // Requests that write wait for their commit without using a core; many of
  // them let concurrent writes share a commit (http/core/server.hpp, docs/performance.md).
  std::size_t write_threads = 64;
  // Open connections in all (lowered to what the descriptor limit allows) and
  // per client address (http/core/connection_limits.hpp).
  std::size_t max_connections = 1000;
  std::size_t max_connections_per_client = 100;
  std::string database = "var/kursbase.db";
  std::size_t pool_size =
      0;  // 0: both thread counts + 2, at most 18 (PostgreSQL's connection limit)
  std::size_t write_group = 64;  // SQLite: most writes per commit; 1: each its own commit
  int catalogue_refresh_ms = 1000;
  std::string static_dir;  // empty: static/ beside the binary
  // Staff sessions and sign-in (docs/security.md).
  bool tls = false;  // reached over HTTPS (directly or behind a TLS proxy): __Host- cookies, HSTS
  // Load balancers whose X-Forwarded-For names the client (exact addresses).
  std::vector<std::string> trusted_proxies;
  int session_idle_minutes = 30;
  int session_absolute_minutes = 12 * 60;
  // Sign-in limits (domain/staff/sign_in_throttle.hpp): free mistypes per
  // username + address, then doubling delays from the first delay up to the window.
  int sign_in_free_failures_per_pair = 3;
  int sign_in_first_delay_seconds = 2;
  int sign_in_max_failures_per_account = 10;  // from addresses the account never used
  int sign_in_max_failures_per_address = 30;  // for accounts that never used the address
  int sign_in_window_minutes = 15;
  int sign_in_known_address_days = 90;
  // Sign-up and messages (issue 3; docs/configuration.md).
  // Accepted anonymous sign-ups per window, per client address and per
  // address and person (app/enrollment/enrollment_service.hpp).
  int sign_up_limit = 60;
  int sign_up_limit_per_person = 5;
  int sign_up_window_minutes = 60;
  int reminder_days = 3;  // reminder this many days before the first session; 0: none
  // Personal data of participants of runs that ended longer ago is anonymised
  // (docs/configuration.md explains the default); 0: never.
  int retention_months = 60;
  std::string public_url = "http://127.0.0.1:8080";  // base of private links in messages
  std::string smtp_url;  // "smtp://host:port"; empty: messages stay queued
  std::string mail_from = "Kursbase <ikke-svar@kursbase.invalid>";
  // SMS through an HTTP gateway, for people who gave only a mobile number.
  std::string sms_gateway_url;  // empty: SMS messages stay queued
  std::string
      sms_gateway_token;  // KURSBASE_SMS_GATEWAY_TOKEN or the token file, never the TOML file
  std::string sms_gateway_token_file;
  std::string sms_sender = "Kursbase";
  int outbox_first_retry_seconds = 30;   // back-off after a failed send, doubling each attempt
  int outbox_housekeeping_seconds = 60;  // how often reminders are queued and offers expired
  int outbox_lease_seconds = 120;        // how long a worker holds the one message it sends
  std::string data_key_file;             // empty: data.key beside the SQLite file (or var/)
  std::string data_key_hex;              // KURSBASE_DATA_KEY (never in the file)
  // Staff sign-in with OpenID Connect (HelseID); off while oidc_issuer is empty.
  std::string oidc_issuer;
  std::string oidc_client_id;
  std::string oidc_private_key_file;  // PEM, RSA; for private_key_jwt client authentication
  std::string oidc_key_id;            // `kid` of that key at the provider; empty: none sent
  std::string oidc_redirect_uri;      // empty: public_url + /innlogging/oidc/tilbake
  std::string oidc_scopes = "openid profile";
  std::string oidc_client_assertion_alg = "RS256";  // or PS256
  bool oidc_use_par = false;                        // pushed authorization requests (RFC 9126)
};

// Reads the file at `path` if it exists (a missing default file is fine; a
// missing explicit file is an error), then the environment.
Result<Settings> load_settings(const std::string& path, bool path_is_explicit);

// "127.0.0.1:8080" → address and port.
Status parse_listen(const std::string& text, Settings& settings);

}  // namespace kursbase::config
