#pragma once
// Organisations that own and coordinate courses: RHF → HF → LMS / department,
// municipalities' learning and coping services, user organisations. One tree,
// linked by parent; the catalogue filters by the RHF and HF above a course's owner.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include "domain/core/enum_keys.hpp"

namespace kursbase {

enum class OrganisationKind {
  RegionalHealthAuthority,  // RHF
  HealthTrust,              // HF
  LearningCentre,           // LMS of an HF
  Department,               // avdeling/klinikk of an HF
  MunicipalService,         // a municipality's learning and coping service
  UserOrganisation,         // FFO/SAFO members providing experienced users
};

template <>
struct EnumKeys<OrganisationKind> {
  static constexpr std::array<std::pair<OrganisationKind, std::string_view>, 6> kAll{{
      {OrganisationKind::RegionalHealthAuthority, "regional_health_authority"},
      {OrganisationKind::HealthTrust, "health_trust"},
      {OrganisationKind::LearningCentre, "learning_centre"},
      {OrganisationKind::Department, "department"},
      {OrganisationKind::MunicipalService, "municipal_service"},
      {OrganisationKind::UserOrganisation, "user_organisation"},
  }};
};

struct Organisation {
  std::int64_t id = 0;
  OrganisationKind kind = OrganisationKind::HealthTrust;
  std::string name;
  std::string org_number;  // Brønnøysund organisation number, may be empty
  std::optional<std::int64_t> parent_id;
  std::string municipality_number;  // for municipal services: the municipality
  std::string email;
  std::string phone;
  std::string web;
};

// A municipality (kommune) by its four-digit SSB number; the first two digits
// are the county. `health_trust_id` is the HF whose catchment area it lies in.
struct Municipality {
  std::string number;
  std::string name;
  std::optional<std::int64_t> health_trust_id;
  std::string county_number() const { return number.substr(0, 2); }
};

}  // namespace kursbase
