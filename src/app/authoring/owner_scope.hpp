#pragma once
// Where a course of an owner belongs (issue 14): the owner's HF (itself or
// an ancestor) and that HF's region, as access decisions and the HF's
// course lists need it.
#include <unordered_map>

#include "domain/catalogue/course.hpp"
#include "domain/catalogue/organisation.hpp"
#include "domain/staff/access.hpp"

namespace kursbase::app {

using OrganisationsById = std::unordered_map<OrganisationId, const Organisation*>;

ObjectScope scope_of_owner(const OrganisationsById& orgs, OrganisationId owner);

}  // namespace kursbase::app
