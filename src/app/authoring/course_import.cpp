#include "app/authoring/course_import.hpp"

#include <algorithm>

#include "app/authoring/owner_scope.hpp"

namespace kursbase::app {

CourseImport::CourseImport(store::CourseAuthoringStore& courses, store::CatalogueStore& catalogue,
                           std::function<Instant()> clock)
    : courses_(courses), catalogue_(catalogue), clock_(std::move(clock)) {}

Result<ImportReport> CourseImport::run(const std::vector<interop::CourseFileRecord>& records,
                                       bool dry_run) {
  auto ref = catalogue_.reference_data();
  if (!ref) return ref.error();
  CourseFormChoices choices;
  for (const auto& o : ref->organisations)
    if (o.kind != OrganisationKind::RegionalHealthAuthority) choices.owners.insert(o.id);
  for (const auto& d : ref->diagnosis_areas) choices.diagnosis_keys.insert(d.key);
  choices.completion_schemes = ref->completion_schemes;

  ImportReport report;
  report.records = records.size();
  std::vector<Course> courses;
  for (const auto& record : records) {
    for (const auto& e : record.errors)
      report.problems.push_back({record.position, e.field, e.message_key});
    auto course = validate_course_form(record.form, choices);
    if (!course) {
      for (const auto& e : course.error().fields) {
        // A field the file's own reading refused already is told once.
        bool told = false;
        for (const auto& f : record.errors) told |= f.field == e.field;
        if (!told) report.problems.push_back({record.position, e.field, e.message_key});
      }
      continue;
    }
    if (record.errors.empty()) courses.push_back(std::move(*course));
  }
  if (dry_run || !report.problems.empty() || courses.empty()) return report;
  auto ids = courses_.create_courses(courses, clock_());
  if (!ids) return ids.error();
  report.created = std::move(*ids);
  report.written = true;
  return report;
}

Result<std::vector<CourseForm>> CourseImport::export_health_trust(OrganisationId health_trust) {
  auto ref = catalogue_.reference_data();
  if (!ref) return ref.error();
  OrganisationsById orgs;
  for (const auto& o : ref->organisations) orgs.emplace(o.id, &o);
  auto hf = orgs.find(health_trust);
  if (hf == orgs.end() || hf->second->kind != OrganisationKind::HealthTrust)
    return not_found("course_form.error.no_such_health_trust", "no such health trust");
  auto lines = courses_.course_lines();
  if (!lines) return lines.error();
  std::reverse(lines->begin(), lines->end());  // oldest first, as they were made
  std::vector<CourseForm> out;
  for (const auto& line : *lines) {
    if (scope_of_owner(orgs, line.owner_id).health_trust_id != health_trust) continue;
    auto course = courses_.course_for_editing(line.id);
    if (!course) return course.error();
    if (*course) out.push_back(form_of((*course)->course));
  }
  return out;
}

}  // namespace kursbase::app
