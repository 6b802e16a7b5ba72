#include "http/public_pages/public_pages_routes.hpp"

namespace kursbase::http {
namespace {

// A page whose only data is its title; its text is all in the template.
Handler text_page(const Responder& r, std::string name, std::string title_key) {
  return [&r, name = std::move(name), title_key = std::move(title_key)](const Request& req,
                                                                        const RouteMatch&) {
    return r.page(req, name, {{"title", r.messages(req).text(title_key)}});
  };
}

}  // namespace

void add_public_pages_routes(RouteTable& routes, const Responder& r, const PrivacyFacts& privacy) {
  routes.add("GET", "/om", text_page(r, "about", "about.title"));
  routes.add("GET", "/tilgjengelighet", text_page(r, "accessibility", "accessibility.title"));
  routes.add("GET", "/personvern", [&r, privacy](const Request& req, const RouteMatch&) {
    nlohmann::json page{{"title", r.messages(req).text("privacy.title")}};
    add_privacy_facts(page, privacy);
    return r.page(req, "privacy", std::move(page));
  });
}

}  // namespace kursbase::http
