#include "cli/export_command.hpp"

#include <cstdio>
#include <fstream>

#include "app/authoring/course_import.hpp"
#include "cli/error_text.hpp"
#include "cli/wiring.hpp"
#include "interop/course_file/course_file.hpp"
#include "store/catalogue_store.hpp"
#include "store/course_authoring_store.hpp"

namespace kursbase::cli {

ExportCommand::ExportCommand(CLI::App& app, std::string& database) {
  export_ = app.add_subcommand("export", "write data out to files");
  export_->require_subcommand(1);
  export_->add_option("--database", database, "SQLite path or postgresql:// URL");
  courses_ = export_->add_subcommand("courses", "an HF's courses as the CSV the import reads");
  courses_->add_option("--hf", health_trust_, "the HF's id (kursbase org list)")->required();
  courses_->add_option("--output", output_, "the file (default: standard output)");
  courses_->fallthrough();
}

bool ExportCommand::parsed() const { return export_->parsed(); }

int ExportCommand::run(const config::Settings& settings) const {
  auto opened = open_current(settings);
  if (!opened) return fail(opened.error());
  auto catalogue = store::make_catalogue_store(**opened);
  auto courses = store::make_course_authoring_store(**opened);
  app::CourseImport files(*courses, *catalogue, system_now);
  auto forms = files.export_health_trust(health_trust_);
  if (!forms) return fail(forms.error());
  const std::string csv = interop::write_course_csv(*forms);
  if (output_.empty()) {
    std::fwrite(csv.data(), 1, csv.size(), stdout);
  } else {
    std::ofstream out(output_, std::ios::binary);
    out << csv;
    if (!out) return fail(unavailable("cannot write " + output_));
  }
  std::fprintf(stderr, "kursbase export: %zu kurs\n", forms->size());
  return 0;
}

}  // namespace kursbase::cli
