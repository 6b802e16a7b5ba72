#include "cli/org_command.hpp"

#include <cstdio>

#include "cli/error_text.hpp"
#include "cli/org_listing.hpp"
#include "cli/wiring.hpp"
#include "store/catalogue_store.hpp"

namespace kursbase::cli {

OrgCommand::OrgCommand(CLI::App& app, std::string& database) {
  org_ = app.add_subcommand("org", "organisations (RHF, HF, LMS, departments, municipalities)");
  org_->require_subcommand(1);
  org_->add_option("--database", database, "SQLite path or postgresql:// URL");
  list_ = org_->add_subcommand("list", "print id, kind, grant scope, name and parent");
  list_->add_option("--search", search_,
                    "only names (or organisation numbers) holding these words; case and "
                    "accents do not matter");
  list_->fallthrough();
}

bool OrgCommand::parsed() const { return org_->parsed(); }

int OrgCommand::run(const config::Settings& settings) const {
  auto opened = open_current(settings);
  if (!opened) return fail(opened.error());
  auto catalogue = store::make_catalogue_store(**opened);
  auto reference = catalogue->reference_data();
  if (!reference) return fail(reference.error());
  const auto lines = org_listing(*reference, search_);
  std::fputs(format_org_listing(lines).c_str(), stdout);
  if (lines.empty()) {
    std::fprintf(stderr, "kursbase org: %s\n",
                 error_text({ErrorCode::NotFound, "cli.org_none", ""}).c_str());
    return 1;
  }
  return 0;
}

}  // namespace kursbase::cli
