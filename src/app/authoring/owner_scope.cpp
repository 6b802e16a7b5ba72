#include "app/authoring/owner_scope.hpp"

namespace kursbase::app {

ObjectScope scope_of_owner(const OrganisationsById& orgs, OrganisationId owner) {
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

}  // namespace kursbase::app
