#include "store/testing/enrollment_catalogue.hpp"

#include <utility>

namespace kursbase::store::testing {
namespace {
Instant at(const char* s) { return *parse_instant(s); }
}  // namespace

CatalogueImport enrollment_catalogue(int extra_runs) {
  CatalogueImport d;
  d.organisations = {
      {1,
       OrganisationKind::RegionalHealthAuthority,
       "Helse Vest RHF",
       "983658725",
       {},
       "",
       "",
       "",
       ""},
      {2, OrganisationKind::HealthTrust, "Helse Bergen HF", "983974724", 1, "", "", "", ""},
      {3, OrganisationKind::LearningCentre, "Lærings- og mestringssenteret, Helse Bergen", "", 2,
       "", "lms@example.no", "+47 55 97 00 00", ""}};
  d.municipalities = {{"4601", "Bergen", 2}};
  d.diagnosis_areas = {{"kols", "KOLS", "J44"}};
  Course kols;
  kols.id = 10;
  kols.title = "Lær å leve med KOLS";
  kols.summary = "For deg med kronisk obstruktiv lungesykdom.";
  kols.field = Field::Somatic;
  kols.target_groups = {TargetGroup::Adults, TargetGroup::Relatives};
  kols.languages = {"nb"};
  kols.owner_id = 3;
  kols.diagnosis_keys = {"kols"};
  kols.programme.items = {{"Hva er KOLS?", 180, Teacher::Professional},
                          {"Pust og fysisk aktivitet", 180, Teacher::Both},
                          {"Å leve med KOLS", 180, Teacher::UserRepresentative}};
  kols.status = CourseStatus::Published;
  kols.contact_email = "lms@example.no";
  // In North Sami too (issue 13): a Sami participant's messages and pages
  // name the course so; the referral course has no translation.
  kols.translations = {{"se", kOpenCourseSamiTitle, "Dutnje geas lea KOLS.", ""}};
  Course referral = kols;
  referral.id = 11;
  referral.title = "KOLS-skole med henvisning";
  referral.translations.clear();
  referral.referral_required = true;
  // An HF that charges for its referral courses (domain.md, "Fees").
  referral.practical = {350, 700, "Ta med medisinlisten din."};
  d.courses = {kols, referral};

  Run run;
  run.course_id = 10;
  run.state = RunState::Open;
  run.capacity = 12;
  run.min_participants = 6;
  run.registration_deadline = at("2027-02-20T22:59:00Z");
  run.language = "nb";
  run.location = Location{"LMS Haukeland", "Haukelandsveien 22", "5021", "BERGEN", "4601"};
  std::int64_t session_id = 5000;
  auto with_sessions = [&](Run r) {
    r.sessions = {{session_id++, at("2027-03-03T08:00:00Z"), at("2027-03-03T11:00:00Z")},
                  {session_id++, at("2027-03-10T08:00:00Z"), at("2027-03-10T11:00:00Z")},
                  {session_id++, at("2027-03-31T07:00:00Z"), at("2027-03-31T10:00:00Z")}};
    return r;
  };
  auto make = [&](RunId id, auto&& adjust) {
    Run r = with_sessions(run);
    r.id = id;
    adjust(r);
    d.runs.push_back(r);
  };
  make(kOpenRun, [](Run&) {});
  make(kCancelledRun, [](Run& r) { r.state = RunState::Cancelled; });
  make(kNoWaitingList, [](Run& r) {
    r.capacity = 2;
    r.waiting_list_enabled = false;
  });
  make(kDeadlinePassed, [](Run& r) { r.registration_deadline = at("2027-01-01T22:59:00Z"); });
  make(kReferralRun, [](Run& r) { r.course_id = 11; });
  make(kDraftRun, [](Run& r) { r.state = RunState::Draft; });
  for (int i = 0; i < extra_runs; ++i) make(300 + i, [](Run&) {});
  return d;
}

CatalogueImport scope_catalogue() {
  auto data = enrollment_catalogue();
  data.organisations.push_back({kOtherRegion,
                                OrganisationKind::RegionalHealthAuthority,
                                "Helse Nord RHF",
                                "883658752",
                                {},
                                "",
                                "",
                                "",
                                ""});
  data.organisations.push_back({kOtherHf, OrganisationKind::HealthTrust, "Finnmarkssykehuset HF",
                                "983974929", kOtherRegion, "", "", "", ""});
  data.organisations.push_back(
      {22, OrganisationKind::Department, "Medisinsk klinikk", "", kOtherHf, "", "", "", ""});
  data.organisations.push_back(
      {40, OrganisationKind::MunicipalService, "Frisklivssentralen", "", {}, "4601", "", "", ""});
  const Course kols = data.courses.front();
  const Run open = data.runs.front();
  const std::pair<std::int64_t, std::int64_t> owners[] = {
      {kOtherHfCourse, 22}, {kNoHfCourse, 40}, {kHfOwnedCourse, kOtherHf}};
  const std::pair<RunId, std::int64_t> runs[] = {
      {kOtherHfRun, kOtherHfCourse}, {kNoHfRun, kNoHfCourse}, {kHfOwnedRun, kHfOwnedCourse}};
  for (const auto& [id, owner] : owners) {
    Course c = kols;
    c.id = id;
    c.owner_id = owner;
    data.courses.push_back(c);
  }
  for (const auto& [id, course_id] : runs) {
    Run r = open;
    r.id = id;
    r.course_id = course_id;
    r.sessions.clear();
    data.runs.push_back(r);
  }
  return data;
}

}  // namespace kursbase::store::testing
