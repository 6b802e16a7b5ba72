// kursbase: the command line. Parses arguments, builds the app, runs it.
#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdio>
#include <filesystem>

#include "app/enrollment/attendance_service.hpp"
#include "app/enrollment/referral_service.hpp"
#include "app/enrollment/waiting_list_service.hpp"
#include "app/staff/audit_log.hpp"
#include "app/catalogue/catalogue_service.hpp"
#include "app/enrollment/enrollment_service.hpp"
#include "app/messaging/outbox_worker.hpp"
#include "app/privacy/personal_data_cipher.hpp"
#include "app/staff/staff_accounts.hpp"
#include "app/staff/oidc_client.hpp"
#include "app/staff/oidc_sign_in.hpp"
#include "app/privacy/personal_data_service.hpp"
#include "app/privacy/retention_scheduler.hpp"
#include "cli/backup_command.hpp"
#include "cli/retention_command.hpp"
#include "cli/user_command.hpp"
#include "app/catalogue/demo_loader.hpp"
#include "config/config.hpp"
#include "http/enrollment/attendance_routes.hpp"
#include "http/privacy/person_data_routes.hpp"
#include "http/enrollment/waiting_list_routes.hpp"
#include "http/catalogue/catalogue_routes.hpp"
#include "http/middleware/csrf.hpp"
#include "http/enrollment/enrollment_routes.hpp"
#include "http/middleware/security_finishers.hpp"
#include "http/staff/staff_routes.hpp"
#include "http/staff/oidc_routes.hpp"
#include "http/middleware/staff_session.hpp"
#include "http/core/router.hpp"
#include "http/core/static_routes.hpp"
#include "http/core/server.hpp"
#include "store/audit_store.hpp"
#include "store/catalogue_store.hpp"
#include "store/staff_store.hpp"
#include "store/engine/database.hpp"
#include "store/enrollment_store.hpp"
#include "store/outbox_store.hpp"
#include "web/messages.hpp"
#include "web/templates.hpp"

using namespace kursbase;

namespace {

Instant system_now() {
  return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
}

int fail(const Error& e) {
  std::fprintf(stderr, "kursbase: %s (%s)\n", e.detail.c_str(), e.message_key.c_str());
  return 1;
}

Result<std::unique_ptr<store::Database>> open_migrated(const config::Settings& s) {
  const std::size_t pool =
      s.pool_size ? s.pool_size : std::min<std::size_t>(s.threads + s.write_threads + 2, 18);
  auto db = store::Database::open(s.database, pool, s.write_group);
  if (!db) return db.error();
  if (auto m = (*db)->migrate(); !m) return m.error();
  return db;
}

// The data key file: configured, else beside the SQLite file, else var/.
std::string data_key_path(const config::Settings& s) {
  if (!s.data_key_file.empty()) return s.data_key_file;
  auto url = store::parse_database_url(s.database);
  if (url && url->engine == store::Engine::Sqlite) {
    const auto dir = std::filesystem::path(url->target).parent_path();
    return (dir.empty() ? std::filesystem::path("data.key") : dir / "data.key").string();
  }
  return "var/data.key";
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App cli{"kursbase: courses of Norway's learning and coping centres"};
  cli.require_subcommand(1);
  std::string config_path = "kursbase.toml";
  auto* config_opt = cli.add_option("--config", config_path, "settings file (TOML)");
  std::string database, listen, static_dir;
  std::size_t threads = 0, write_threads = 0;

  auto* serve = cli.add_subcommand("serve", "serve the catalogue over HTTP");
  serve->add_option("--database", database, "SQLite path or postgresql:// URL");
  serve->add_option("--listen", listen, "ADDRESS:PORT (default 127.0.0.1:8080)");
  serve->add_option("--threads", threads, "threads for requests that read (GET, HEAD)");
  serve->add_option("--write-threads", write_threads, "threads for requests that write (POST, …)");
  serve->add_option("--static-dir", static_dir, "folder of static assets");

  auto* migrate = cli.add_subcommand("migrate", "apply pending database migrations");
  migrate->add_option("--database", database, "SQLite path or postgresql:// URL");

  int scale = 1;
  std::uint64_t seed = 1;
  bool if_empty = false;
  std::string today_text;
  auto* demo = cli.add_subcommand("demo", "load realistic demo data");
  demo->add_option("--database", database, "SQLite path or postgresql:// URL");
  demo->add_option("--scale", scale, "1 ≈ the whole country")->check(CLI::Range(1, 100));
  demo->add_option("--seed", seed, "random seed (same seed, same data)");
  demo->add_flag("--if-empty", if_empty, "do nothing when the database has data");
  demo->add_option("--today", today_text, "YYYY-MM-DD the runs are spread around");

  cli::UserCommand user(cli, database);
  cli::BackupCommand backup(cli, database);
  cli::RetentionCommand retention(cli, database);

  CLI11_PARSE(cli, argc, argv);

  auto loaded = config::load_settings(config_path, config_opt->count() > 0);
  if (!loaded) return fail(loaded.error());
  config::Settings settings = *loaded;
  if (!database.empty()) settings.database = database;
  if (threads) settings.threads = threads;
  if (write_threads) settings.write_threads = write_threads;
  if (!static_dir.empty()) settings.static_dir = static_dir;
  if (!listen.empty())
    if (auto r = config::parse_listen(listen, settings); !r) return fail(r.error());

  if (backup.parsed()) return backup.run(settings.database);

  auto db = open_migrated(settings);
  if (!db) return fail(db.error());
  auto catalogue_store = store::make_catalogue_store(**db);

  if (migrate->parsed()) {
    auto v = (*db)->schema_version();
    if (!v) return fail(v.error());
    std::printf("schema version %d\n", *v);
    return 0;
  }

  if (user.parsed()) return user.run(**db);

  if (retention.parsed()) {
    auto cipher = app::PersonalDataCipher::load(settings.data_key_hex, data_key_path(settings));
    if (!cipher) return fail(cipher.error());
    return retention.run(**db, *cipher, settings.retention_months);
  }

  if (demo->parsed()) {
    app::DemoOptions options;
    options.scale = scale;
    options.seed = seed;
    options.only_if_empty = if_empty;
    options.today = std::chrono::floor<std::chrono::days>(system_now());
    if (!today_text.empty()) {
      auto d = parse_day(today_text);
      if (!d) {
        std::fprintf(stderr, "kursbase: --today must be YYYY-MM-DD\n");
        return 2;
      }
      options.today = *d;
    }
    const auto started = std::chrono::steady_clock::now();
    auto outcome = app::load_demo(*catalogue_store, options);
    if (!outcome) return fail(outcome.error());
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::steady_clock::now() - started)
                        .count();
    if (outcome->loaded)
      std::printf("loaded demo data: %zu organisations, %zu courses, %zu runs in %lld ms\n",
                  outcome->organisations, outcome->courses, outcome->runs, (long long)ms);
    else
      std::printf("database already has data; demo data not loaded\n");
    return 0;
  }

  // serve
  if (settings.static_dir.empty())
    settings.static_dir =
        (std::filesystem::canonical("/proc/self/exe").parent_path() / "static").string();
  web::Templates templates;
  app::CatalogueService catalogue(*catalogue_store, system_now,
                                  std::chrono::milliseconds(settings.catalogue_refresh_ms));
  http::Responder responder(templates);
  http::Router router(responder);
  http::add_static_routes(router.routes(), settings.static_dir);
  // Anonymous search answers live as long as the catalogue index may lag.
  http::ResponseCache search_cache(std::chrono::milliseconds(settings.catalogue_refresh_ms), 4096);
  http::add_catalogue_routes(router.routes(), responder, catalogue, &search_cache);
  // Staff: sessions before CSRF (the token of a signed-in member is their session's).
  auto staff_store = store::make_staff_store(**db);
  auto audit_store = store::make_audit_store(**db);
  app::AuditLog audit(**db, *audit_store, system_now, app::region_lookup(*staff_store));
  app::StaffAccountSettings staff_settings;
  staff_settings.idle_timeout = std::chrono::minutes(settings.session_idle_minutes);
  staff_settings.absolute_timeout = std::chrono::minutes(settings.session_absolute_minutes);
  staff_settings.max_failures_per_account = settings.sign_in_max_failures_per_account;
  staff_settings.max_failures_per_address = settings.sign_in_max_failures_per_address;
  staff_settings.failure_window = std::chrono::minutes(settings.sign_in_window_minutes);
  app::StaffAccounts staff_accounts(*staff_store, audit, system_now, staff_settings);
  const http::SessionCookieOptions cookies{settings.tls};
  auto csrf_key = staff_store->shared_key("csrf");
  if (!csrf_key) return fail(csrf_key.error());
  http::install_staff_sessions(router, responder, staff_accounts, cookies);
  http::install_csrf(router, responder, {*csrf_key, settings.tls});
  http::install_security_finishers(router, settings.tls);
  // OpenID Connect sign-in (HelseID), when configured; the routes are absent otherwise.
  std::unique_ptr<app::OidcClient> oidc_client;
  if (!settings.oidc_issuer.empty()) {
    app::OidcSettings oidc{settings.oidc_issuer, settings.oidc_client_id,
                           settings.oidc_private_key_file, settings.oidc_key_id,
                           settings.oidc_redirect_uri, settings.oidc_scopes,
                           settings.oidc_use_par};
    if (oidc.redirect_uri.empty()) {
      auto base = settings.public_url;
      while (!base.empty() && base.back() == '/') base.pop_back();
      oidc.redirect_uri = base + http::kOidcCallbackPath;
    }
    const auto alg = app::jose::parse_alg(settings.oidc_client_assertion_alg);
    if (!alg)
      return fail(invalid_input("config.error.oidc", "oidc client_assertion_alg: RS256|PS256"));
    oidc.assertion_alg = *alg;
    auto state_key = staff_store->shared_key("oidc_state");
    if (!state_key) return fail(state_key.error());
    auto made = app::OidcClient::create(oidc, *state_key, system_now);
    if (!made) return fail(made.error());
    oidc_client = std::move(*made);
  }
  http::add_staff_routes(router.routes(), responder, staff_accounts, audit, cookies,
                         oidc_client != nullptr);
  app::OidcSignIn oidc_sign_in(*staff_store, staff_accounts, audit);
  if (oidc_client)
    http::add_oidc_routes(router.routes(), responder, *oidc_client, oidc_sign_in, staff_accounts,
                          cookies);
  // Sign-up, waiting list and messages (issue 3).
  auto cipher = app::PersonalDataCipher::load(settings.data_key_hex, data_key_path(settings));
  if (!cipher) return fail(cipher.error());
  auto enrollment_store = store::make_enrollment_store(**db);
  auto outbox_store = store::make_outbox_store(**db);
  app::EnrollmentSettings enrollment_settings;
  enrollment_settings.sign_up_limit = settings.sign_up_limit;
  enrollment_settings.sign_up_window = std::chrono::minutes(settings.sign_up_window_minutes);
  enrollment_settings.public_url = settings.public_url;
  const auto& bokmal = web::Messages::get("nb");
  app::EnrollmentService enrollments(
      *enrollment_store, *catalogue_store, *cipher, system_now,
      [&bokmal](std::string_view key) { return bokmal.text(key); }, enrollment_settings, &audit);
  http::add_enrollment_routes(router.routes(), responder, enrollments);
  // The course leader's run view, attendance and its exports (issue 3, staff side).
  app::AttendanceService attendance(**db, *enrollment_store, *catalogue_store, *staff_store,
                                    *cipher, audit, system_now);
  http::add_attendance_routes(router.routes(), responder, attendance);
  // The staff side of the waiting list and registration from a referral (issue 3).
  app::WaitingListService waiting_list(**db, *enrollment_store, *catalogue_store, *staff_store,
                                       enrollments, audit);
  app::ReferralService referrals(*enrollment_store, *staff_store, enrollments, audit);
  http::add_waiting_list_routes(router.routes(), responder, waiting_list, referrals);
  // Access and erasure requests, and the daily retention job (issue 4).
  auto person_data_store = store::make_person_data_store(**db);
  app::PersonalDataService person_data(**db, *person_data_store, *staff_store, *cipher, audit,
                                       system_now);
  http::add_person_data_routes(router.routes(), responder, person_data);
  app::RetentionSettings retention_settings;
  retention_settings.retention_months = settings.retention_months;
  app::RetentionScheduler retention_job(
      person_data, system_now, retention_settings,
      [](const Result<app::RetentionOutcome>& outcome) {
        // Counts only: the log never names anyone.
        if (outcome)
          spdlog::info("retention: anonymised {} enrollments ({} person rows)",
                       outcome->enrollments, outcome->persons);
        else
          spdlog::warn("retention: {}", outcome.error().detail);
      });
  retention_job.start();
  auto mailer = app::make_smtp_sender({settings.smtp_url, settings.mail_from, "", "", 30});
  app::OutboxWorkerSettings worker_settings;
  worker_settings.reminder_days = settings.reminder_days;
  worker_settings.first_retry = std::chrono::seconds(settings.outbox_first_retry_seconds);
  worker_settings.housekeeping = std::chrono::seconds(settings.outbox_housekeeping_seconds);
  auto sms_gateway = app::make_http_sms_gateway(
      {settings.sms_gateway_url, settings.sms_gateway_token, settings.sms_sender, 15});
  app::OutboxWorker outbox_worker(*outbox_store, *mailer, sms_gateway.get(), system_now,
                                  worker_settings, &enrollments);
  if (!settings.smtp_url.empty() || !settings.sms_gateway_url.empty()) outbox_worker.start();
  http::ServerOptions options{settings.listen_address, settings.listen_port, settings.threads,
                              settings.write_threads, settings.trusted_proxies};
  const int served = http::serve(router, options);
  retention_job.stop();
  outbox_worker.stop();
  return served;
}
