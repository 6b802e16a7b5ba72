#include "cli/org_listing.hpp"

#include <algorithm>
#include <unordered_map>

#include "domain/catalogue/search_text.hpp"

namespace kursbase::cli {
namespace {

// The grant scope an organisation can be (domain/staff/access.hpp's ScopeKind).
std::string scope_of(const Organisation& o) {
  switch (o.kind) {
    case OrganisationKind::RegionalHealthAuthority:
      return "region:" + std::to_string(o.id);
    case OrganisationKind::HealthTrust:
      return "health_trust:" + std::to_string(o.id);
    default:
      return "-";
  }
}

bool matches(const Organisation& o, const std::vector<std::string>& terms) {
  const std::string text = fold_search_text(o.name + " " + o.org_number);
  return std::all_of(terms.begin(), terms.end(),
                     [&text](const std::string& t) { return text.find(t) != std::string::npos; });
}

}  // namespace

std::vector<OrgLine> org_listing(const store::ReferenceData& reference, std::string_view search) {
  std::unordered_map<std::int64_t, const Organisation*> by_id;
  for (const auto& o : reference.organisations) by_id.emplace(o.id, &o);
  const auto terms = search_terms(search);
  std::vector<OrgLine> out;
  for (const auto& o : reference.organisations) {
    if (!matches(o, terms)) continue;
    std::string parent = "-";
    if (o.parent_id) {
      const auto it = by_id.find(*o.parent_id);
      parent = std::to_string(*o.parent_id);
      if (it != by_id.end()) parent += " " + it->second->name;
    }
    out.push_back({o.id, std::string(key_of(o.kind)), scope_of(o), o.name, std::move(parent)});
  }
  std::sort(out.begin(), out.end(), [](const OrgLine& a, const OrgLine& b) { return a.id < b.id; });
  return out;
}

std::string format_org_listing(const std::vector<OrgLine>& lines) {
  std::string out = "id\tkind\tscope\tname\tparent\n";
  for (const auto& l : lines)
    out += std::to_string(l.id) + "\t" + l.kind + "\t" + l.scope + "\t" + l.name + "\t" + l.parent +
           "\n";
  return out;
}

}  // namespace kursbase::cli
