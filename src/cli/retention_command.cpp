#include "cli/retention_command.hpp"

#include <chrono>
#include <cstdio>

#include "app/staff/audit_log.hpp"
#include "app/privacy/personal_data_service.hpp"
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

namespace {
Instant now() { return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()); }
}  // namespace

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

int RetentionCommand::run(store::Database& db, const app::PersonalDataCipher& cipher,
                          int retention_months) {
  auto staff_store = store::make_staff_store(db);
  auto audit_store = store::make_audit_store(db);
  auto person_store = store::make_person_data_store(db);
  app::AuditLog audit(db, *audit_store, now, app::region_lookup(*staff_store));
  app::PersonalDataService service(db, *person_store, *staff_store, cipher, audit, now);
  auto outcome = service.anonymise_expired(now(), retention_months, options_->dry_run);
  if (!outcome) {
    std::fprintf(stderr, "kursbase retention: %s (%s)\n", outcome.error().detail.c_str(),
                 outcome.error().message_key.c_str());
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
