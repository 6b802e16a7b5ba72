#pragma once
// What `kursbase org list` prints: the organisations of the reference data, so
// that an operator finds the id a role's scope needs (`lms_advisor:health_trust:5`).
#include <string>
#include <string_view>
#include <vector>

#include "store/catalogue_store.hpp"

namespace kursbase::cli {

struct OrgLine {
  std::int64_t id = 0;
  std::string kind;   // OrganisationKind key: health_trust, learning_centre, ...
  std::string scope;  // the grant scope it can be, "health_trust:5" / "region:1"; "-" for none
  std::string name;
  std::string parent;  // "ID NAME" of the parent, "-" at the top
};

// The organisations whose name or organisation number holds every term of
// `search` (case, accents and æøå folded as in the catalogue search:
// "sor-ost" finds "Sør-Øst"); all of them for an empty search. By id.
std::vector<OrgLine> org_listing(const store::ReferenceData& reference, std::string_view search);

// Tab-separated lines with a header: id, kind, scope, name, parent.
std::string format_org_listing(const std::vector<OrgLine>& lines);

}  // namespace kursbase::cli
