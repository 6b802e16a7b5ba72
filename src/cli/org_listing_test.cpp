// `kursbase org list`: every organisation with the grant scope it can be, and
// a search that folds case, accents and æøå as the catalogue search does.
#include "cli/org_listing.hpp"

#include <gtest/gtest.h>

namespace kursbase::cli {
namespace {

Organisation org(std::int64_t id, OrganisationKind kind, std::string name, std::string number,
                 std::optional<std::int64_t> parent) {
  Organisation o;
  o.id = id;
  o.kind = kind;
  o.name = std::move(name);
  o.org_number = std::move(number);
  o.parent_id = parent;
  return o;
}

store::ReferenceData tree() {
  store::ReferenceData ref;
  ref.organisations = {
      org(3, OrganisationKind::LearningCentre, "Lærings- og mestringssenteret, OUS", "", 2),
      org(1, OrganisationKind::RegionalHealthAuthority, "Helse Sør-Øst RHF", "991324968", {}),
      org(2, OrganisationKind::HealthTrust, "Oslo universitetssykehus HF", "993467049", 1),
      org(4, OrganisationKind::MunicipalService, "Frisklivs- og mestringssenteret i Bærum", "", {}),
  };
  return ref;
}

TEST(OrgListing, ListsEveryOrganisationByIdWithItsScopeAndParent) {
  const auto lines = org_listing(tree(), "");
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[0].id, 1);
  EXPECT_EQ(lines[0].kind, "regional_health_authority");
  EXPECT_EQ(lines[0].scope, "region:1");
  EXPECT_EQ(lines[0].parent, "-");
  EXPECT_EQ(lines[1].scope, "health_trust:2");
  EXPECT_EQ(lines[1].parent, "1 Helse Sør-Øst RHF");
  // An LMS or a municipality's service is no grant scope: its HF is.
  EXPECT_EQ(lines[2].kind, "learning_centre");
  EXPECT_EQ(lines[2].scope, "-");
  EXPECT_EQ(lines[2].parent, "2 Oslo universitetssykehus HF");
  EXPECT_EQ(lines[3].scope, "-");
}

TEST(OrgListing, SearchIgnoresCaseAccentsAndNorwegianLetters) {
  for (const char* search : {"sør-øst", "SOR OST", "sor-ost", "helse sør"}) {
    const auto lines = org_listing(tree(), search);
    ASSERT_EQ(lines.size(), 1u) << search;
    EXPECT_EQ(lines[0].id, 1) << search;
  }
  const auto baerum = org_listing(tree(), "baerum");
  ASSERT_EQ(baerum.size(), 1u);
  EXPECT_EQ(baerum[0].id, 4);
}

TEST(OrgListing, EveryWordMustMatchAndTheOrganisationNumberCounts) {
  EXPECT_EQ(org_listing(tree(), "oslo hf").size(), 1u);
  EXPECT_TRUE(org_listing(tree(), "oslo bergen").empty());
  const auto by_number = org_listing(tree(), "993467049");
  ASSERT_EQ(by_number.size(), 1u);
  EXPECT_EQ(by_number[0].id, 2);
  // "mestringssenteret" is in two names.
  EXPECT_EQ(org_listing(tree(), "Mestringssenteret").size(), 2u);
}

TEST(OrgListing, PrintsTabSeparatedLinesUnderAHeader) {
  EXPECT_EQ(format_org_listing(org_listing(tree(), "oslo universitetssykehus")),
            "id\tkind\tscope\tname\tparent\n"
            "2\thealth_trust\thealth_trust:2\tOslo universitetssykehus HF\t1 Helse Sør-Øst RHF\n");
}

}  // namespace
}  // namespace kursbase::cli
