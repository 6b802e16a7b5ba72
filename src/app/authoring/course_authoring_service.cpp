#include "app/authoring/course_authoring_service.hpp"

#include <charconv>
#include <unordered_map>

namespace kursbase::app {
namespace {

// Where a course of `owner` belongs: the owner's HF (itself or an ancestor)
// and that HF's region.
ObjectScope scope_of_owner(const std::unordered_map<OrganisationId, const Organisation*>& orgs,
                           OrganisationId owner) {
  ObjectScope scope;
  auto up = [&](std::optional<OrganisationId> id, OrganisationKind kind) {
    for (int depth = 0; id && depth < 16; ++depth) {
      auto it = orgs.find(*id);
      if (it == orgs.end()) return std::optional<OrganisationId>();
      if (it->second->kind == kind) return std::optional<OrganisationId>(*id);
      id = it->second->parent_id;
    }
    return std::optional<OrganisationId>();
  };
  scope.health_trust_id = up(owner, OrganisationKind::HealthTrust);
  if (scope.health_trust_id)
    scope.region_id = up(scope.health_trust_id, OrganisationKind::RegionalHealthAuthority);
  return scope;
}

std::optional<OrganisationId> parse_owner(const std::string& text) {
  OrganisationId id = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc{} || p != text.data() + text.size() || id <= 0) return std::nullopt;
  return id;
}

bool may_own(OrganisationKind kind) {
  return kind == OrganisationKind::HealthTrust || kind == OrganisationKind::LearningCentre ||
         kind == OrganisationKind::Department || kind == OrganisationKind::MunicipalService;
}

}  // namespace

bool may_move(CourseStatus from, CourseStatus to) {
  using S = CourseStatus;
  return (from == S::Draft && to == S::Published) || (from == S::Published && to == S::Draft) ||
         (from == S::Published && to == S::Archived) || (from == S::Archived && to == S::Draft);
}

CourseAuthoringService::CourseAuthoringService(store::CourseAuthoringStore& courses,
                                               store::CatalogueStore& catalogue,
                                               const AccessGuard& guard, const AuditLog& audit,
                                               Clock clock)
    : courses_(courses),
      catalogue_(catalogue),
      guard_(guard),
      audit_(audit),
      clock_(std::move(clock)) {}

Result<std::vector<OwnerChoice>> CourseAuthoringService::owners_for(const Actor& actor) const {
  auto ref = catalogue_.reference_data();
  if (!ref) return ref.error();
  std::unordered_map<OrganisationId, const Organisation*> orgs;
  for (const auto& o : ref->organisations) orgs.emplace(o.id, &o);
  std::vector<OwnerChoice> out;
  for (const auto& o : ref->organisations)
    if (may_own(o.kind) &&
        AccessGuard::of(actor, scope_of_owner(orgs, o.id)).may(Action::EditCourse))
      out.push_back({o.id, o.name});
  return out;
}

Result<CourseFormChoices> CourseAuthoringService::choices_for(const Actor& actor) const {
  auto owners = owners_for(actor);
  if (!owners) return owners.error();
  auto ref = catalogue_.reference_data();
  if (!ref) return ref.error();
  CourseFormChoices choices;
  for (const auto& o : *owners) choices.owners.insert(o.id);
  for (const auto& d : ref->diagnosis_areas) choices.diagnosis_keys.insert(d.key);
  return choices;
}

store::InSameTransaction CourseAuthoringService::audit_row(const AccessContext& who,
                                                           const Access& access) const {
  return [this, &who, access](store::Tx& tx, const store::EditableCourse& saved) -> Status {
    audit_.record(tx, who,
                  {Action::EditCourse, access.grant(Action::EditCourse), "course",
                   std::to_string(saved.course.id), std::nullopt, access.health_trust_id(),
                   AuditEventKind::Change});
    return ok_status();
  };
}

Result<store::EditableCourse> CourseAuthoringService::create(const AccessContext& who,
                                                             const CourseForm& form) {
  auto choices = choices_for(who.actor);
  if (!choices) return choices.error();
  if (choices->owners.empty()) return access_forbidden(Action::EditCourse);
  auto ref = catalogue_.reference_data();
  if (!ref) return ref.error();
  std::unordered_map<OrganisationId, const Organisation*> orgs;
  for (const auto& o : ref->organisations) orgs.emplace(o.id, &o);
  // An owner the form never offered (another HF's) is not a typing error.
  if (auto owner = parse_owner(form.owner);
      owner && orgs.count(*owner) && !choices->owners.count(*owner))
    return access_forbidden(Action::EditCourse);
  auto course = validate_course_form(form, *choices);
  if (!course) return course.error();
  const Access access = AccessGuard::of(who.actor, scope_of_owner(orgs, course->owner_id));
  return courses_.create_course(*course, who.actor.account_id, clock_(), audit_row(who, access));
}

Result<store::EditableCourse> CourseAuthoringService::save(const AccessContext& who, CourseId id,
                                                           std::int64_t version,
                                                           const CourseForm& form) {
  auto access = guard_.require_course(who.actor, id, Action::EditCourse);
  if (!access) return access.error();
  auto stored = courses_.course_for_editing(id);
  if (!stored) return stored.error();
  if (!*stored) return not_found("course_form.error.not_found", "no such course");
  auto choices = choices_for(who.actor);
  if (!choices) return choices.error();
  // The owner it has stays a choice (a course-scoped grant covers no other).
  choices->owners.insert((*stored)->course.owner_id);
  auto course = validate_course_form(form, *choices);
  if (!course) return course.error();
  // What the form does not hold stays as saved.
  course->id = id;
  course->status = (*stored)->course.status;
  course->text_language = (*stored)->course.text_language;
  course->translations = (*stored)->course.translations;
  return courses_.save_course(*course, version, who.actor.account_id, clock_(),
                              audit_row(who, *access));
}

Result<store::EditableCourse> CourseAuthoringService::move(const AccessContext& who, CourseId id,
                                                           std::int64_t version, CourseStatus to) {
  auto access = guard_.require_course(who.actor, id, Action::EditCourse);
  if (!access) return access.error();
  auto stored = courses_.course_for_editing(id);
  if (!stored) return stored.error();
  if (!*stored) return not_found("course_form.error.not_found", "no such course");
  if ((*stored)->version != version)
    return conflict("course_form.error.conflict", "the course was saved by another");
  if (!may_move((*stored)->course.status, to))
    return conflict("course_form.error.status", "no such status change");
  Course course = (*stored)->course;
  course.status = to;
  return courses_.save_course(course, version, who.actor.account_id, clock_(),
                              audit_row(who, *access));
}

Result<CourseEditing> CourseAuthoringService::for_editing(const AccessContext& who, CourseId id) {
  auto access = guard_.require_course(who.actor, id, Action::EditCourse);
  if (!access) return access.error();
  auto stored = courses_.course_for_editing(id);
  if (!stored) return stored.error();
  if (!*stored) return not_found("course_form.error.not_found", "no such course");
  auto history = courses_.course_history(id);
  if (!history) return history.error();
  return CourseEditing{id, (*stored)->version, (*stored)->course.status, form_of((*stored)->course),
                       std::move(*history)};
}

}  // namespace kursbase::app
