#include "cli/demo_command.hpp"

#include <chrono>
#include <cstdio>

#include "cli/wiring.hpp"
#include "demo/demo_catalogue.hpp"

namespace kursbase::cli {

Result<DemoOutcome> load_demo(store::CatalogueStore& store, const DemoOptions& options,
                              const app::TimeZone& zone) {
  auto empty = store.is_empty();
  if (!empty) return empty.error();
  if (!*empty) {
    if (options.only_if_empty) return DemoOutcome{};
    return conflict("demo.error.not_empty", "database already holds a catalogue");
  }
  auto demo = demo::generate_demo_catalogue(
      options.scale, options.seed, options.today,
      [&zone](Day day, std::chrono::minutes time) { return zone.instant_of(day, time); });
  DemoOutcome outcome{true, demo.courses.size(), demo.runs.size(), demo.organisations.size()};
  store::CatalogueImport data{std::move(demo.organisations), std::move(demo.municipalities),
                              std::move(demo.diagnosis_areas), std::move(demo.courses),
                              std::move(demo.runs)};
  if (auto written = store.import_catalogue(data); !written) return written.error();
  return outcome;
}

DemoCommand::DemoCommand(CLI::App& app, std::string& database) {
  constexpr int kMaxScale = 100;
  command_ = app.add_subcommand("demo", "load realistic demo data");
  command_->add_option("--database", database, "SQLite path or postgresql:// URL");
  command_->add_option("--scale", scale_, "1 ≈ the whole country")->check(CLI::Range(1, kMaxScale));
  command_->add_option("--seed", seed_, "random seed (same seed, same data)");
  command_->add_flag("--if-empty", if_empty_, "do nothing when the database has data");
  command_->add_option("--today", today_, "YYYY-MM-DD the runs are spread around");
}

bool DemoCommand::parsed() const { return command_->parsed(); }

int DemoCommand::run(const config::Settings& settings) const {
  DemoOptions options;
  options.scale = scale_;
  options.seed = seed_;
  options.only_if_empty = if_empty_;
  options.today = std::chrono::floor<std::chrono::days>(system_now());
  if (!today_.empty()) {
    auto day = parse_day(today_);
    if (!day) {
      std::fprintf(stderr, "kursbase: --today must be YYYY-MM-DD\n");
      return 2;
    }
    options.today = *day;
  }
  auto zone = open_course_time_zone();
  if (!zone) return fail(zone.error());
  auto db = open_migrated(settings);
  if (!db) return fail(db.error());
  auto catalogue_store = store::make_catalogue_store(**db);
  const auto started = std::chrono::steady_clock::now();
  auto outcome = load_demo(*catalogue_store, options, **zone);
  if (!outcome) return fail(outcome.error());
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::steady_clock::now() - started)
                      .count();
  if (outcome->loaded)
    std::printf("loaded demo data: %zu organisations, %zu courses, %zu runs in %lld ms\n",
                outcome->organisations, outcome->courses, outcome->runs,
                static_cast<long long>(ms));
  else
    std::printf("database already has data; demo data not loaded\n");
  return 0;
}

}  // namespace kursbase::cli
