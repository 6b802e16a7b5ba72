#pragma once
// Server-side HTML from Mustache templates (web/templates/*.mustache), which
// escape HTML by default. Texts are written `[[message.key]]` in a template and
// filled in from the message catalogue when the templates are loaded, once per
// language, so a request pays only for its data.
//
// Every page template is rendered into layout.mustache as {{{content}}}.
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

namespace kursbase::web {

class Templates {
 public:
  // Compiles every embedded template for every supported language; throws
  // std::runtime_error on a template error (a build defect, caught by tests).
  Templates();
  ~Templates();

  // Renders page `name` (without .mustache) inside the layout. `data` is the
  // page's view model; `page` holds layout fields (title, lang, ...).
  std::string render_page(const std::string& language, const std::string& name,
                          const nlohmann::json& data) const;

 private:
  struct Compiled;
  std::map<std::string, std::unique_ptr<Compiled>> by_language_;
};

}  // namespace kursbase::web
