#pragma once
// The pages every public-sector site must have, in the layout's footer:
// /om (about), /tilgjengelighet (the accessibility statement that the
// regulation on universal design of ICT asks for) and /personvern (the privacy
// notice, with the retention that is configured). Plain pages: no personal
// data, no forms, cached like the other public pages.
#include "http/core/responder.hpp"
#include "http/core/route_table.hpp"
#include "http/public_pages/privacy_facts.hpp"

namespace kursbase::http {

void add_public_pages_routes(RouteTable& routes, const Responder& responder,
                             const PrivacyFacts& privacy);

}  // namespace kursbase::http
