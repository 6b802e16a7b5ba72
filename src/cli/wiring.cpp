#include "cli/wiring.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdio>
#include <filesystem>

#include "adapters/crypto/sodium_personal_data_cipher.hpp"
#include "adapters/mail/smtp_sender.hpp"
#include "adapters/oidc/oidc_client.hpp"
#include "adapters/sms/http_sms_gateway.hpp"
#include "adapters/tz/tzdb_time_zone.hpp"
#include "app/authoring/course_authoring_service.hpp"
#include "app/authoring/run_authoring_service.hpp"
#include "app/catalogue/catalogue_service.hpp"
#include "app/enrollment/attendance_service.hpp"
#include "app/enrollment/enrollment_service.hpp"
#include "app/enrollment/referral_service.hpp"
#include "app/enrollment/waiting_list_service.hpp"
#include "app/messaging/outbox_worker.hpp"
#include "app/privacy/personal_data_cipher.hpp"
#include "app/privacy/personal_data_service.hpp"
#include "app/privacy/retention_scheduler.hpp"
#include "app/staff/audit_log.hpp"
#include "app/staff/identity_provider.hpp"
#include "app/staff/oidc_sign_in.hpp"
#include "app/staff/staff_accounts.hpp"
#include "cli/error_text.hpp"
#include "http/authoring/course_routes.hpp"
#include "http/authoring/run_routes.hpp"
#include "http/catalogue/catalogue_routes.hpp"
#include "http/core/router.hpp"
#include "http/core/server.hpp"
#include "http/core/static_routes.hpp"
#include "http/enrollment/attendance_routes.hpp"
#include "http/enrollment/enrollment_routes.hpp"
#include "http/enrollment/waiting_list_routes.hpp"
#include "http/middleware/csrf.hpp"
#include "http/middleware/language_cookie.hpp"
#include "http/middleware/response_cache.hpp"
#include "http/middleware/security_finishers.hpp"
#include "http/middleware/staff_session.hpp"
#include "http/privacy/person_data_routes.hpp"
#include "http/public_pages/public_pages_routes.hpp"
#include "http/staff/oidc_routes.hpp"
#include "http/staff/staff_routes.hpp"
#include "store/audit_store.hpp"
#include "store/catalogue_store.hpp"
#include "store/course_authoring_store.hpp"
#include "store/enrollment_store.hpp"
#include "store/outbox_store.hpp"
#include "store/person_data_store.hpp"
#include "store/run_authoring_store.hpp"
#include "store/staff_store.hpp"
#include "web/messages.hpp"
#include "web/templates.hpp"

namespace kursbase::cli {

Instant system_now() {
  return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
}

Result<std::unique_ptr<app::TimeZone>> open_course_time_zone() {
  auto zone = adapters::TzdbTimeZone::locate("Europe/Oslo");
  if (!zone) return zone.error();
  return std::unique_ptr<app::TimeZone>(std::move(*zone));
}

int fail(const Error& e) {
  std::fprintf(stderr, "kursbase: %s\n", error_text(e).c_str());
  return 1;
}

namespace {

Result<std::unique_ptr<store::Database>> open_pool(const config::Settings& s) {
  // PostgreSQL's default connection limit bounds the pool.
  constexpr std::size_t kMaxPool = 18;
  const std::size_t pool =
      s.pool_size ? s.pool_size : std::min<std::size_t>(s.threads + s.write_threads + 2, kMaxPool);
  return store::Database::open(s.database, pool, s.write_group);
}

}  // namespace

Result<std::unique_ptr<store::Database>> open_migrated(const config::Settings& s) {
  auto db = open_pool(s);
  if (!db) return db.error();
  if (auto m = (*db)->migrate(); !m) return m.error();
  return db;
}

Result<std::unique_ptr<store::Database>> open_current(const config::Settings& s) {
  auto db = open_pool(s);
  if (!db) return db.error();
  auto pending = (*db)->pending_migrations();
  if (!pending) return pending.error();
  if (pending->empty()) return db;
  auto version = (*db)->schema_version();
  if (!version) return version.error();
  // No database URL in the message: it may carry a password.
  return Error{ErrorCode::Unavailable, "store.schema_not_current",
               fmt::format("the database schema is at version {} and this build also needs "
                           "migration(s) {}: run `kursbase migrate --database …` as the "
                           "schema's owner, then start the server again",
                           *version, fmt::join(*pending, ", "))};
}

std::string data_key_path(const config::Settings& s) {
  if (!s.data_key_file.empty()) return s.data_key_file;
  auto url = store::parse_database_url(s.database);
  if (url && url->engine == store::Engine::Sqlite) {
    const auto dir = std::filesystem::path(url->target).parent_path();
    return (dir.empty() ? std::filesystem::path("data.key") : dir / "data.key").string();
  }
  return "var/data.key";
}

namespace {

app::StaffAccountSettings staff_account_settings(const config::Settings& s) {
  app::StaffAccountSettings out;
  out.idle_timeout = std::chrono::minutes(s.session_idle_minutes);
  out.absolute_timeout = std::chrono::minutes(s.session_absolute_minutes);
  out.throttle.free_failures_per_pair = s.sign_in_free_failures_per_pair;
  out.throttle.first_delay = std::chrono::seconds(s.sign_in_first_delay_seconds);
  out.throttle.max_failures_per_account = s.sign_in_max_failures_per_account;
  out.throttle.max_failures_per_address = s.sign_in_max_failures_per_address;
  out.throttle.window = std::chrono::minutes(s.sign_in_window_minutes);
  out.throttle.max_delay = out.throttle.window;
  out.known_address_period = std::chrono::hours(24 * s.sign_in_known_address_days);
  return out;
}

// The OpenID Connect client (HelseID) when configured; null when oidc_issuer is empty.
Result<std::unique_ptr<app::IdentityProvider>> make_oidc_client(const config::Settings& s,
                                                                store::StaffStore& staff_store) {
  if (s.oidc_issuer.empty()) return std::unique_ptr<app::IdentityProvider>();
  adapters::OidcSettings oidc{s.oidc_issuer, s.oidc_client_id,    s.oidc_private_key_file,
                              s.oidc_key_id, s.oidc_redirect_uri, s.oidc_scopes,
                              s.oidc_use_par};
  if (oidc.redirect_uri.empty()) {
    auto base = s.public_url;
    while (!base.empty() && base.back() == '/') base.pop_back();
    oidc.redirect_uri = base + http::kOidcCallbackPath;
  }
  const auto alg = adapters::jose::parse_alg(s.oidc_client_assertion_alg);
  if (!alg) return invalid_input("config.error.oidc", "oidc client_assertion_alg: RS256|PS256");
  oidc.assertion_alg = *alg;
  auto state_key = staff_store.shared_key("oidc_state");
  if (!state_key) return state_key.error();
  auto client = adapters::OidcClient::create(oidc, *state_key, system_now);
  if (!client) return client.error();
  return std::unique_ptr<app::IdentityProvider>(std::move(*client));
}

void log_retention(const Result<app::RetentionOutcome>& outcome) {
  // Counts only: the log never names anyone.
  if (outcome)
    spdlog::info("retention: anonymised {} enrollments ({} person rows)", outcome->enrollments,
                 outcome->persons);
  else
    spdlog::warn("retention: {}", outcome.error().detail);
}

}  // namespace

// In building order: each part may refer to those above it.
struct Server::Parts {
  config::Settings settings;
  // Where every course runs: the wall clock of pages, mails, .ics and searches.
  std::unique_ptr<app::TimeZone> zone;
  std::unique_ptr<store::Database> db;
  std::unique_ptr<store::CatalogueStore> catalogue_store;
  std::unique_ptr<store::StaffStore> staff_store;
  std::unique_ptr<store::AuditStore> audit_store;
  std::unique_ptr<store::EnrollmentStore> enrollment_store;
  std::unique_ptr<store::OutboxStore> outbox_store;
  std::unique_ptr<store::PersonDataStore> person_data_store;
  std::unique_ptr<store::CourseAuthoringStore> course_authoring_store;

  std::unique_ptr<web::Templates> templates;
  std::unique_ptr<app::CatalogueService> catalogue;
  std::unique_ptr<http::Responder> responder;
  std::unique_ptr<http::Router> router;
  std::unique_ptr<http::ResponseCache> search_cache;
  std::unique_ptr<app::AuditLog> audit;
  std::unique_ptr<app::StaffAccounts> staff_accounts;
  std::unique_ptr<app::IdentityProvider> oidc_client;  // null: OIDC not configured
  std::unique_ptr<app::OidcSignIn> oidc_sign_in;
  std::unique_ptr<app::PersonalDataCipher> cipher;
  std::unique_ptr<app::EnrollmentService> enrollments;
  std::unique_ptr<app::AttendanceService> attendance;
  std::unique_ptr<app::WaitingListService> waiting_list;
  std::unique_ptr<app::ReferralService> referrals;
  std::unique_ptr<app::PersonalDataService> person_data;
  std::unique_ptr<app::AccessGuard> access_guard;
  std::unique_ptr<app::CourseAuthoringService> course_authoring;
  std::unique_ptr<store::RunAuthoringStore> run_authoring_store;
  std::unique_ptr<app::RunAuthoringService> run_authoring;
  std::unique_ptr<app::RetentionScheduler> retention_job;
  std::unique_ptr<app::Sender> mailer;
  std::unique_ptr<app::SmsGateway> sms_gateway;
  std::unique_ptr<app::OutboxWorker> outbox_worker;
};

Server::Server(std::unique_ptr<Parts> parts) : parts_(std::move(parts)) {}

Server::~Server() = default;

Result<std::unique_ptr<Server>> Server::build(const config::Settings& settings) {
  auto p = std::make_unique<Parts>();
  p->settings = settings;
  const auto& s = p->settings;
  auto zone = open_course_time_zone();
  if (!zone) return zone.error();
  p->zone = std::move(*zone);
  auto db = open_current(s);
  if (!db) return db.error();
  p->db = std::move(*db);
  auto& database = *p->db;
  p->catalogue_store = store::make_catalogue_store(database);
  p->staff_store = store::make_staff_store(database);
  p->audit_store = store::make_audit_store(database);
  p->enrollment_store = store::make_enrollment_store(database);
  p->outbox_store = store::make_outbox_store(database);
  p->person_data_store = store::make_person_data_store(database);
  p->course_authoring_store = store::make_course_authoring_store(database);

  // The public catalogue.
  const auto refresh = std::chrono::milliseconds(s.catalogue_refresh_ms);
  p->templates = std::make_unique<web::Templates>();
  p->catalogue =
      std::make_unique<app::CatalogueService>(*p->catalogue_store, system_now, *p->zone, refresh);
  auto site_url = s.public_url;  // the hreflang alternates are absolute URLs
  while (!site_url.empty() && site_url.back() == '/') site_url.pop_back();
  p->responder = std::make_unique<http::Responder>(*p->templates, *p->zone, site_url);
  p->router = std::make_unique<http::Router>(*p->responder);
  auto& routes = p->router->routes();
  const auto& responder = *p->responder;
  http::add_static_routes(routes, s.static_dir);
  // Anonymous search answers live as long as the catalogue index may lag.
  constexpr std::size_t kSearchCacheEntries = 4096;
  p->search_cache = std::make_unique<http::ResponseCache>(refresh, kSearchCacheEntries);
  http::add_catalogue_routes(routes, responder, *p->catalogue, p->search_cache.get());
  // About, accessibility and privacy: the privacy notice and the sign-up form
  // state the retention and reminder that are configured here.
  const http::PrivacyFacts privacy{s.retention_months, s.reminder_days};
  http::add_public_pages_routes(routes, responder, privacy);

  // Staff: sessions before CSRF (the token of a signed-in member is their session's).
  auto cipher = adapters::SodiumPersonalDataCipher::load(s.data_key_hex, data_key_path(s));
  if (!cipher) return cipher.error();
  p->cipher = std::move(*cipher);
  // The auditor's search by ID number hashes it as sign-up stored it.
  p->audit = std::make_unique<app::AuditLog>(database, *p->audit_store, system_now,
                                             app::region_lookup(*p->staff_store), p->cipher.get());
  p->staff_accounts = std::make_unique<app::StaffAccounts>(*p->staff_store, *p->audit, system_now,
                                                           staff_account_settings(s));
  const http::SessionCookieOptions cookies{s.tls};
  auto csrf_key = p->staff_store->shared_key("csrf");
  if (!csrf_key) return csrf_key.error();
  http::install_staff_sessions(*p->router, responder, *p->staff_accounts, cookies);
  http::CsrfOptions csrf{*csrf_key, s.tls, {}};
  // An expired sign-up form comes back filled in (issue 12); its service is made below.
  csrf.form_again = [pp = p.get(), &responder,
                     privacy](const http::Request& req) -> std::optional<http::Response> {
    if (!pp->enrollments) return std::nullopt;
    return http::sign_up_form_again(responder, *pp->enrollments, privacy)(req);
  };
  http::install_csrf(*p->router, responder, csrf);
  http::install_security_finishers(*p->router, s.tls);
  http::install_language_cookie(*p->router, s.tls);
  // OpenID Connect sign-in (HelseID), when configured; the routes are absent otherwise.
  auto oidc_client = make_oidc_client(s, *p->staff_store);
  if (!oidc_client) return oidc_client.error();
  p->oidc_client = std::move(*oidc_client);
  http::add_staff_routes(routes, responder, *p->staff_accounts, *p->audit, cookies,
                         p->oidc_client != nullptr);
  p->oidc_sign_in =
      std::make_unique<app::OidcSignIn>(*p->staff_store, *p->staff_accounts, *p->audit);
  if (p->oidc_client)
    http::add_oidc_routes(routes, responder, *p->oidc_client, *p->oidc_sign_in, *p->staff_accounts,
                          cookies);

  // Sign-up, waiting list and messages (issue 3).
  app::EnrollmentSettings enrollment_settings;
  enrollment_settings.sign_up_limit = s.sign_up_limit;
  enrollment_settings.sign_up_limit_per_person = s.sign_up_limit_per_person;
  enrollment_settings.sign_up_window = std::chrono::minutes(s.sign_up_window_minutes);
  enrollment_settings.public_url = s.public_url;
  // Each enrollment records the consent text's version and the retention it stated.
  enrollment_settings.consent_version += ";retention_months=" + std::to_string(s.retention_months);
  // Messages in each participant's language (issue 13); the catalogues are
  // loaded once and live for the process.
  p->enrollments = std::make_unique<app::EnrollmentService>(
      *p->enrollment_store, *p->catalogue_store, *p->cipher, system_now, *p->zone,
      app::LanguageTexts([](std::string_view language, std::string_view key) {
        return web::Messages::get(language).text(key);
      }),
      enrollment_settings, p->audit.get());
  http::add_enrollment_routes(routes, responder, *p->enrollments, cookies, privacy);
  // The course leader's run view, attendance and its exports (issue 3, staff side).
  p->attendance =
      std::make_unique<app::AttendanceService>(database, *p->enrollment_store, *p->catalogue_store,
                                               *p->staff_store, *p->cipher, *p->audit, system_now);
  http::add_attendance_routes(routes, responder, *p->attendance);
  // The staff side of the waiting list and registration from a referral (issue 3).
  p->waiting_list =
      std::make_unique<app::WaitingListService>(database, *p->enrollment_store, *p->catalogue_store,
                                                *p->staff_store, *p->enrollments, *p->audit);
  p->referrals = std::make_unique<app::ReferralService>(*p->enrollment_store, *p->staff_store,
                                                        *p->enrollments, *p->audit);
  http::add_waiting_list_routes(routes, responder, *p->waiting_list, *p->referrals);
  // Access and erasure requests, and the daily retention job (issue 4).
  p->person_data = std::make_unique<app::PersonalDataService>(
      database, *p->person_data_store, *p->staff_store, *p->cipher, *p->audit, system_now);
  http::add_person_data_routes(routes, responder, *p->person_data);
  // Course authoring by the owners (issue 14).
  p->access_guard = std::make_unique<app::AccessGuard>(*p->staff_store);
  p->course_authoring = std::make_unique<app::CourseAuthoringService>(
      *p->course_authoring_store, *p->catalogue_store, *p->access_guard, *p->audit, system_now);
  p->run_authoring_store = store::make_run_authoring_store(database);
  p->run_authoring = std::make_unique<app::RunAuthoringService>(
      *p->run_authoring_store, *p->course_authoring_store, *p->catalogue_store,
      *p->enrollment_store, *p->enrollments, *p->access_guard, *p->audit, *p->zone, system_now);
  http::add_course_authoring_routes(routes, responder, *p->course_authoring, *p->run_authoring);
  http::add_run_authoring_routes(routes, responder, *p->run_authoring);
  app::RetentionSettings retention_settings;
  retention_settings.retention_months = s.retention_months;
  p->retention_job = std::make_unique<app::RetentionScheduler>(*p->person_data, system_now,
                                                               retention_settings, log_retention);

  // Outbound messages: e-mail over SMTP, SMS through the HTTP gateway.
  constexpr long kSmtpTimeoutSeconds = 30;
  constexpr long kSmsTimeoutSeconds = 15;
  p->mailer = adapters::make_smtp_sender({s.smtp_url, s.mail_from, "", "", kSmtpTimeoutSeconds});
  p->sms_gateway = adapters::make_http_sms_gateway(
      {s.sms_gateway_url, s.sms_gateway_token, s.sms_sender, kSmsTimeoutSeconds});
  app::OutboxWorkerSettings worker_settings;
  worker_settings.reminder_days = s.reminder_days;
  worker_settings.first_retry = std::chrono::seconds(s.outbox_first_retry_seconds);
  worker_settings.housekeeping = std::chrono::seconds(s.outbox_housekeeping_seconds);
  worker_settings.lease = std::chrono::seconds(s.outbox_lease_seconds);
  // A message is sent only while its lease outlasts the slower timeout; a lease
  // shorter than twice that (tests) keeps half of itself for the send.
  worker_settings.send_time =
      std::min(std::chrono::seconds(kSmtpTimeoutSeconds), worker_settings.lease / 2);
  p->outbox_worker = std::make_unique<app::OutboxWorker>(
      *p->outbox_store, *p->mailer, p->sms_gateway.get(), system_now, worker_settings,
      p->enrollments.get(), p->cipher.get());
  return std::unique_ptr<Server>(new Server(std::move(p)));
}

int Server::run() {
  auto& p = *parts_;
  const auto& s = p.settings;
  p.retention_job->start();
  if (!s.smtp_url.empty() || !s.sms_gateway_url.empty()) p.outbox_worker->start();
  const http::ServerOptions options{s.listen_address,
                                    s.listen_port,
                                    s.threads,
                                    s.write_threads,
                                    s.trusted_proxies,
                                    {s.max_connections, s.max_connections_per_client},
                                    s.tls};
  const int served = http::serve(*p.router, options);
  p.retention_job->stop();
  p.outbox_worker->stop();
  return served;
}

}  // namespace kursbase::cli
