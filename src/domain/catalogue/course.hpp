#pragma once
// A course (læringstilbud) is the offer: what it teaches, for whom, in which
// language and format, who owns it, and its programme. Its dated instances are
// runs (run.hpp).
#include <array>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "domain/catalogue/completion_scheme.hpp"
#include "domain/catalogue/course_translation.hpp"
#include "domain/catalogue/didactic_plan.hpp"
#include "domain/catalogue/practical_info.hpp"
#include "domain/catalogue/programme.hpp"
#include "domain/core/enum_keys.hpp"

namespace kursbase {

using CourseId = std::int64_t;
using OrganisationId = std::int64_t;

enum class Field { Somatic, MentalHealth, SubstanceAbuse, Habilitation, DiagnosisIndependent };
enum class TargetGroup { Children, Youth, Adults, Elderly, Relatives, HealthPersonnel };
enum class CourseFormat { OnSite, Digital, Hybrid };
// Where the course sits in a patient pathway (pasientforløp).
enum class PathwayPlacement { None, BeforeTreatment, DuringTreatment, AfterTreatment };
enum class CourseStatus { Draft, Published, Archived };

template <>
struct EnumKeys<Field> {
  static constexpr std::array<std::pair<Field, std::string_view>, 5> kAll{{
      {Field::Somatic, "somatic"},
      {Field::MentalHealth, "mental_health"},
      {Field::SubstanceAbuse, "substance_abuse"},
      {Field::Habilitation, "habilitation"},
      {Field::DiagnosisIndependent, "diagnosis_independent"},
  }};
};
template <>
struct EnumKeys<TargetGroup> {
  static constexpr std::array<std::pair<TargetGroup, std::string_view>, 6> kAll{{
      {TargetGroup::Children, "children"},
      {TargetGroup::Youth, "youth"},
      {TargetGroup::Adults, "adults"},
      {TargetGroup::Elderly, "elderly"},
      {TargetGroup::Relatives, "relatives"},
      {TargetGroup::HealthPersonnel, "health_personnel"},
  }};
};
template <>
struct EnumKeys<CourseFormat> {
  static constexpr std::array<std::pair<CourseFormat, std::string_view>, 3> kAll{{
      {CourseFormat::OnSite, "on_site"},
      {CourseFormat::Digital, "digital"},
      {CourseFormat::Hybrid, "hybrid"},
  }};
};
template <>
struct EnumKeys<PathwayPlacement> {
  static constexpr std::array<std::pair<PathwayPlacement, std::string_view>, 4> kAll{{
      {PathwayPlacement::None, "none"},
      {PathwayPlacement::BeforeTreatment, "before_treatment"},
      {PathwayPlacement::DuringTreatment, "during_treatment"},
      {PathwayPlacement::AfterTreatment, "after_treatment"},
  }};
};
template <>
struct EnumKeys<CourseStatus> {
  static constexpr std::array<std::pair<CourseStatus, std::string_view>, 3> kAll{{
      {CourseStatus::Draft, "draft"},
      {CourseStatus::Published, "published"},
      {CourseStatus::Archived, "archived"},
  }};
};

// A diagnosis area groups courses for search: "kols" → "KOLS", ICD-10 "J44".
// `key` is stable (URLs, filters); `icd10` may be empty (e.g. relatives' courses).
struct DiagnosisArea {
  std::string key;
  std::string name;
  std::string icd10;
};

struct Course {
  CourseId id = 0;
  std::string title;
  std::string summary;      // one or two sentences for result lists
  std::string description;  // the full text on the course page
  // The language of title, summary and description, and those texts in others.
  std::string text_language = "nb";
  std::vector<CourseTranslation> translations;
  Field field = Field::Somatic;
  std::vector<TargetGroup> target_groups;
  std::vector<std::string> languages;  // language keys, see language.hpp
  bool interpreter_available = false;
  CourseFormat format = CourseFormat::OnSite;
  bool referral_required = false;
  PathwayPlacement pathway = PathwayPlacement::None;
  OrganisationId owner_id = 0;              // the department, LMS or municipal service that owns it
  std::vector<std::string> diagnosis_keys;  // DiagnosisArea::key
  Programme programme;
  std::string contact_email;
  std::string contact_phone;
  PracticalInfo practical;  // fee, no-show fee, what to bring
  // Who has completed: the share of the programme to attend (ISF unless set).
  CompletionScheme completion;
  DidacticPlan plan;  // the working group's six-part plan (staff only)
  CourseStatus status = CourseStatus::Draft;
};

// What a reader of `language` sees of the course (course_translation.hpp).
inline CourseWording wording_for(const Course& c, std::string_view language) {
  return wording_for(language, c.text_language, c.title, c.summary, c.description, c.translations);
}

}  // namespace kursbase
