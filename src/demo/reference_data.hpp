#pragma once
// Constant public facts behind the demo catalogue: the RHFs and HFs with their
// organisation numbers, municipalities (SSB numbers valid from 2024) with a venue
// address, diagnosis areas, user organisations and course templates. Plain tables
// with static storage; generate_demo_catalogue() adds the variation.
#include <array>
#include <span>
#include <string_view>

#include "domain/catalogue/course.hpp"
#include "domain/catalogue/programme.hpp"

namespace kursbase::demo {

struct RegionRef {
  std::string_view name;
  std::string_view org_number;
  std::string_view email_domain;
  std::string_view web;
  std::string_view phone;
};

// Which courses a department would own.
enum class DepartmentFocus { Somatic, Mental, Children, Rehab };

struct DepartmentRef {
  std::string_view name;  // empty: unused slot
  DepartmentFocus focus = DepartmentFocus::Somatic;
};

// A patient-treating HF, or a private non-profit hospital with its own LMS.
struct HealthTrustRef {
  int region = 0;  // index into regions()
  std::string_view name;
  std::string_view org_number;  // empty where not confirmed
  std::string_view email_domain;
  std::string_view web;
  std::string_view phone;
  std::string_view lms_name;
  std::string_view site;  // the hospital where the LMS holds its courses
  std::string_view address;
  std::string_view postal_code;
  std::string_view postal_place;
  std::string_view municipality_number;
  std::array<DepartmentRef, 4> departments;
  double weight = 1;         // relative number of courses
  double nynorsk_share = 0;  // share of courses written and taught in nynorsk
  bool sami = false;         // serves the Sami language area (courses in Northern Sami)
  bool urban = false;        // offers courses in English and minority languages
  bool rehab = false;        // a rehabilitation hospital (Sunnaas): its own spectrum
};

struct MunicipalityRef {
  std::string_view number;  // SSB, from 1 January 2024
  std::string_view name;
  int health_trust = 0;  // index into health_trusts(): the catchment area
  std::string_view venue;
  std::string_view address;
  std::string_view postal_code;
  std::string_view postal_place;
  std::string_view service;  // its learning and coping service; empty: none in the demo
  bool sami = false;         // in the Sami language administrative area
};

struct DiagnosisRef {
  std::string_view key;
  std::string_view name;
  std::string_view icd10;
};

struct UserOrganisationRef {
  std::string_view name;
  std::string_view short_name;
  std::string_view web;
};

// Target groups as bits so templates stay one line.
inline constexpr unsigned kChildren = 1, kYouth = 2, kAdults = 4, kElderly = 8, kRelatives = 16,
                          kHealthPersonnel = 32;

// Who offers a template.
enum class Offer { Hospital, Municipal, SamiArea, Urban, Rehab };

struct TopicRef {
  std::string_view topic;  // empty: unused slot
  int minutes = 0;
  Teacher teacher = Teacher::Professional;
};

struct CourseTemplate {
  std::array<std::string_view, 3> titles;  // variants; empty: unused
  std::string_view summary;
  std::string_view description;
  Field field = Field::Somatic;
  unsigned targets = kAdults;
  std::string_view diagnosis;  // DiagnosisRef::key, may be empty
  std::string_view languages;  // "se,nb"; empty: the owner's written language
  bool referral = false;
  PathwayPlacement pathway = PathwayPlacement::None;
  Offer offer = Offer::Hospital;
  int weight = 1;
  std::string_view user_organisation;  // UserOrganisationRef::short_name, may be empty
  std::array<TopicRef, 6> topics;
};

// Bokmål → nynorsk for the words of our templates. Stems are replaced inside
// words too (compounds: "hjertesvikt"), words only where they stand alone.
struct WordPair {
  std::string_view bokmaal;
  std::string_view nynorsk;
};

// First two digits of a landline number by county, for demo phone numbers.
struct AreaCode {
  std::string_view county;
  int code = 0;
};

enum class ClosingFor { Any, WithReferral, WithoutReferral };

struct ClosingRef {
  std::string_view text;
  ClosingFor applies = ClosingFor::Any;
};

std::span<const RegionRef> regions();
std::span<const HealthTrustRef> health_trusts();
std::span<const MunicipalityRef> municipalities();
std::span<const DiagnosisRef> diagnosis_areas();
std::span<const UserOrganisationRef> user_organisations();
std::span<const CourseTemplate> course_templates();
// Closing paragraphs for descriptions; "{org}" is replaced by the owner's name.
std::span<const ClosingRef> description_closings();
std::span<const WordPair> nynorsk_stems();
std::span<const WordPair> nynorsk_words();
std::span<const AreaCode> phone_area_codes();

}  // namespace kursbase::demo
