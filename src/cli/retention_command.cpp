#include "cli/retention_command.hpp"

#include <chrono>
#include <cstdio>

#include "adapters/crypto/sodium_personal_data_cipher.hpp"
#include "app/privacy/personal_data_service.hpp"
#include "app/staff/audit_log.hpp"
#include "cli/error_text.hpp"
#include "cli/wiring.hpp"
#include "store/audit_store.hpp"
#include "store/engine/database.hpp"
#include "store/person_data_store.hpp"
#include "store/staff_store.hpp"

namespace kursbase::cli {

struct RetentionCommand::Options {
  CLI::App* retention = nullptr;
  CLI::App* run = nullptr;
  bool dry_run = false;
};

RetentionCommand::RetentionCommand(CLI::App& app, std::string& database) : options_(new Options) {
  auto& o = *options_;
  o.retention = app.add_subcommand("retention", "anonymise personal data past its retention");
  o.retention->require_subcommand(1);
  o.retention->add_option("--database", database, "SQLite path or postgresql:// URL");
  o.run = o.retention->add_subcommand("run", "run the retention job once");
  o.run->add_flag("--dry-run", o.dry_run, "only count what would be anonymised");
  o.run->fallthrough();
}

RetentionCommand::~RetentionCommand() = default;

bool RetentionCommand::parsed() const { return options_->retention->parsed(); }

int RetentionCommand::run(const config::Settings& settings) {
  // Run from cron as the servers' role: checks the schema, never changes it.
  auto opened = open_current(settings);
  if (!opened) return fail(opened.error());
  auto& db = **opened;
  auto cipher =
      adapters::SodiumPersonalDataCipher::load(settings.data_key_hex, data_key_path(settings));
  if (!cipher) return fail(cipher.error());
  auto staff_store = store::make_staff_store(db);
  auto audit_store = store::make_audit_store(db);
  auto person_store = store::make_person_data_store(db);
  app::AuditLog audit(db, *audit_store, system_now, app::region_lookup(*staff_store));
  app::PersonalDataService service(db, *person_store, *staff_store, **cipher, audit, system_now);
  auto outcome =
      service.anonymise_expired(system_now(), settings.retention_months, options_->dry_run);
  if (!outcome) {
    std::fprintf(stderr, "kursbase retention: %s\n", error_text(outcome.error()).c_str());
    return 1;
  }
  if (!outcome->enabled) {
    std::printf("retention disabled (privacy.retention_months = 0)\n");
    return 0;
  }
  std::printf("%s %d enrollments (%d person rows) of runs ended before %s; %d messages deleted\n",
              outcome->dry_run ? "would anonymise" : "anonymised", outcome->enrollments,
              outcome->persons, format_instant(outcome->cutoff).c_str(), outcome->messages_deleted);
  return 0;
}

}  // namespace kursbase::cli
