#include "app/authoring/course_authoring_service.hpp"

#include <algorithm>
#include <charconv>
#include <unordered_map>

#include "app/authoring/owner_scope.hpp"
#include "domain/catalogue/search_text.hpp"

namespace kursbase::app {
namespace {

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

Result<CourseFormOptions> CourseAuthoringService::form_options(
    const Actor& actor, std::optional<OrganisationId> current_owner) const {
  auto owners = owners_for(actor);
  if (!owners) return owners.error();
  auto ref = catalogue_.reference_data();
  if (!ref) return ref.error();
  CourseFormOptions out{std::move(*owners), ref->diagnosis_areas, ref->completion_schemes};
  if (current_owner && std::none_of(out.owners.begin(), out.owners.end(),
                                    [&](const OwnerChoice& o) { return o.id == *current_owner; }))
    for (const auto& o : ref->organisations)
      if (o.id == *current_owner) out.owners.push_back({o.id, o.name});
  return out;
}

Result<CourseFormOptions> CourseAuthoringService::form_for_new(
    const Actor& actor, std::optional<OrganisationId> owner) const {
  auto options = form_options(actor);
  if (!options) return options.error();
  if (options->owners.empty()) return access_forbidden(Action::EditCourse);
  if (owner) {
    auto ref = catalogue_.reference_data();
    if (!ref) return ref.error();
    const bool known = std::any_of(ref->organisations.begin(), ref->organisations.end(),
                                   [&](const Organisation& o) { return o.id == *owner; });
    const bool offered = std::any_of(options->owners.begin(), options->owners.end(),
                                     [&](const OwnerChoice& o) { return o.id == *owner; });
    if (known && !offered) return access_forbidden(Action::EditCourse);
  }
  return options;
}

Result<CourseList> CourseAuthoringService::list(const Actor& actor,
                                                const CourseListQuery& query) const {
  if (!AccessGuard::permits_anywhere(actor, Action::EditCourse))
    return access_forbidden(Action::EditCourse);
  auto ref = catalogue_.reference_data();
  if (!ref) return ref.error();
  std::unordered_map<OrganisationId, const Organisation*> orgs;
  for (const auto& o : ref->organisations) orgs.emplace(o.id, &o);
  if (query.health_trust_id) {
    auto hf = orgs.find(*query.health_trust_id);
    if (hf == orgs.end() || hf->second->kind != OrganisationKind::HealthTrust)
      return not_found("course_form.error.no_such_health_trust", "no such health trust");
    if (!AccessGuard::of(actor, scope_of_owner(orgs, hf->first)).may(Action::EditCourse))
      return access_forbidden(Action::EditCourse);
  }
  auto lines = courses_.course_lines();
  if (!lines) return lines.error();
  const auto terms = search_terms(query.text);
  auto matches = [&](const std::string& title) {
    const auto words = search_terms(title, 64);
    return std::all_of(terms.begin(), terms.end(), [&](const std::string& t) {
      return std::any_of(words.begin(), words.end(),
                         [&](const std::string& w) { return w.rfind(t, 0) == 0; });
    });
  };
  CourseList out;
  for (auto& line : *lines) {
    ObjectScope scope = scope_of_owner(orgs, line.owner_id);
    scope.course_id = line.id;
    if (!AccessGuard::of(actor, scope).may(Action::EditCourse)) continue;
    if (query.health_trust_id && scope.health_trust_id != query.health_trust_id) continue;
    out.drafts += line.status == CourseStatus::Draft;
    out.published += line.status == CourseStatus::Published;
    out.archived += line.status == CourseStatus::Archived;
    if ((query.status && line.status != *query.status) || !matches(line.title)) continue;
    auto owner = orgs.find(line.owner_id);
    std::string owner_name = owner == orgs.end() ? std::string() : owner->second->name;
    out.courses.push_back({std::move(line), std::move(owner_name)});
  }
  auto owners = owners_for(actor);
  if (!owners) return owners.error();
  out.may_create = !owners->empty();
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
  choices.completion_schemes = ref->completion_schemes;
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
  if (auto owner = parse_owner(form.owner); owner && !choices->owners.count(*owner)) {
    auto ref = catalogue_.reference_data();
    if (!ref) return ref.error();
    const bool known = std::any_of(ref->organisations.begin(), ref->organisations.end(),
                                   [&](const Organisation& o) { return o.id == *owner; });
    if (known) return access_forbidden(Action::EditCourse);  // as create(): never offered
  }
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
  const Course& course = (*stored)->course;
  auto options = form_options(who.actor, course.owner_id);
  if (!options) return options.error();
  std::string owner_name;
  for (const auto& o : options->owners)
    if (o.id == course.owner_id) owner_name = o.name;
  return CourseEditing{id,
                       (*stored)->version,
                       course.status,
                       course.text_language,
                       std::move(owner_name),
                       form_of(course),
                       std::move(*history),
                       std::move(*options)};
}

}  // namespace kursbase::app
