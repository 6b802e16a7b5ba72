#include "cli/import_command.hpp"

#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "app/authoring/course_import.hpp"
#include "cli/error_text.hpp"
#include "cli/wiring.hpp"
#include "interop/course_file/course_file.hpp"
#include "store/catalogue_store.hpp"
#include "store/course_authoring_store.hpp"
#include "web/messages.hpp"

namespace kursbase::cli {
namespace {

// "programme.2.hours" → "Program, samling 2: Timer"-like words from the form's labels.
std::string field_words(const std::string& field, const web::Messages& m) {
  const std::string prefix = "programme.";
  if (field.rfind(prefix, 0) == 0) {
    const auto dot = field.find('.', prefix.size());
    const std::string n = field.substr(prefix.size(), dot - prefix.size());
    const std::string part = dot == std::string::npos ? "" : field.substr(dot + 1);
    std::string out = m.text("course.session") + " " + n;
    if (part == "topic") out += ", " + m.text("course.topic");
    if (part == "hours") out += ", " + m.text("course.session_hours");
    if (part == "teacher") out += ", " + m.text("course.teacher");
    return out;
  }
  const std::string key = "course_form.label." + field;
  return m.has(key) ? m.text(key) : field;
}

}  // namespace

ImportCommand::ImportCommand(CLI::App& app, std::string& database) {
  import_ = app.add_subcommand("import", "move data in from files");
  import_->require_subcommand(1);
  import_->add_option("--database", database, "SQLite path or postgresql:// URL");
  courses_ = import_->add_subcommand(
      "courses", "courses from a CSV or JSON file (docs/import.md), all or nothing, as drafts");
  courses_->add_option("file", file_, "the file")->required();
  courses_->add_option("--format", format_, "csv or json (default: by the file's extension)")
      ->check(CLI::IsMember({"csv", "json"}));
  courses_->add_flag("--dry-run", dry_run_, "check every record, write nothing");
  courses_->fallthrough();
}

bool ImportCommand::parsed() const { return import_->parsed(); }

int ImportCommand::run(const config::Settings& settings) const {
  const auto& m = web::Messages::get("nb");
  std::ifstream in(file_, std::ios::binary);
  if (!in) return fail(not_found("cli.import.no_file", file_));
  std::stringstream text;
  text << in.rdbuf();
  const bool json = format_ == "json" || (format_.empty() && file_.size() >= 5 &&
                                          file_.compare(file_.size() - 5, 5, ".json") == 0);
  auto records =
      json ? interop::read_course_json(text.str()) : interop::read_course_csv(text.str());
  if (!records) return fail(records.error());
  auto opened = open_current(settings);
  if (!opened) return fail(opened.error());
  auto catalogue = store::make_catalogue_store(**opened);
  auto courses = store::make_course_authoring_store(**opened);
  app::CourseImport import(*courses, *catalogue, system_now);
  auto report = import.run(*records, dry_run_);
  if (!report) return fail(report.error());
  const std::string where = m.text(json ? "cli.import.position" : "cli.import.line");
  std::size_t bad_records = 0, last = 0;
  for (const auto& p : report->problems) {
    if (p.position != last) ++bad_records, last = p.position;
    std::printf("%s %zu: %s: %s\n", where.c_str(), p.position, field_words(p.field, m).c_str(),
                m.text(p.message_key).c_str());
  }
  const std::string read = std::to_string(report->records);
  if (!report->problems.empty()) {
    std::fprintf(stderr, "kursbase import: %s %s, %zu %s\n", read.c_str(),
                 m.text("cli.import.read").c_str(), bad_records,
                 m.text("cli.import.bad_nothing_saved").c_str());
    return 1;
  }
  if (dry_run_) {
    std::fprintf(stderr, "kursbase import: %s %s; %s\n", read.c_str(),
                 m.text("cli.import.read").c_str(), m.text("cli.import.dry_run_ok").c_str());
    return 0;
  }
  std::fprintf(stderr, "kursbase import: %zu %s\n", report->created.size(),
               m.text("cli.import.saved").c_str());
  return 0;
}

}  // namespace kursbase::cli
