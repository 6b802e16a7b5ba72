#include "cli/user_command.hpp"

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>

#include "app/staff/audit_log.hpp"
#include "app/staff/staff_accounts.hpp"
#include "cli/error_text.hpp"
#include "cli/wiring.hpp"
#include "store/audit_store.hpp"
#include "store/catalogue_store.hpp"
#include "store/engine/database.hpp"
#include "store/staff_store.hpp"

namespace kursbase::cli {

struct UserCommand::Options {
  CLI::App* user = nullptr;
  CLI::App* add = nullptr;
  CLI::App* disable = nullptr;
  CLI::App* reset = nullptr;
  std::string username;
  std::string display_name;
  std::string password_file;
  std::vector<std::string> roles;
  std::string oidc_subject;
};

namespace {

// The first line of the file, or of stdin; without the line end.
bool read_password(const std::string& file, std::string& out) {
  if (!file.empty()) {
    std::ifstream in(file);
    if (!in) return false;
    std::getline(in, out);
  } else {
    std::getline(std::cin, out);
  }
  while (!out.empty() && (out.back() == '\r' || out.back() == '\n')) out.pop_back();
  return true;
}

int report(const Error& e) {
  // The text names the problem; the detail never holds the password.
  std::fprintf(stderr, "kursbase user: %s\n", error_text(e).c_str());
  return 1;
}

// A grant's scope must name what exists: the store takes any number, and an
// account whose grant names no HF (a typo, an LMS's id) sees nothing.
// InvalidInput "staff.scope_unknown" otherwise.
Status check_scope(const RoleGrant& g, store::CatalogueStore& catalogue) {
  if (g.scope == ScopeKind::Nation) return ok_status();
  const std::string named = std::string(key_of(g.scope)) + ":" + std::to_string(g.scope_id);
  if (g.scope == ScopeKind::Course) {
    auto course = catalogue.find_course(g.scope_id);
    if (!course) return course.error();
    if (!*course) return invalid_input("staff.scope_unknown", "no course " + named);
    return ok_status();
  }
  auto reference = catalogue.reference_data();
  if (!reference) return reference.error();
  const auto kind = g.scope == ScopeKind::Region ? OrganisationKind::RegionalHealthAuthority
                                                 : OrganisationKind::HealthTrust;
  for (const auto& o : reference->organisations)
    if (o.id == g.scope_id && o.kind == kind) return ok_status();
  return invalid_input("staff.scope_unknown", "no organisation of that kind for " + named);
}

}  // namespace

UserCommand::UserCommand(CLI::App& app, std::string& database) : options_(new Options) {
  auto& o = *options_;
  o.user = app.add_subcommand("user", "manage local staff accounts");
  o.user->require_subcommand(1);
  o.user->add_option("--database", database, "SQLite path or postgresql:// URL");
  o.add =
      o.user->add_subcommand("add", "create an account (password from stdin or --password-file)");
  o.add->add_option("--username", o.username, "sign-in name")->required();
  o.add->add_option("--name", o.display_name, "display name")->required();
  o.add->add_option("--role", o.roles,
                    "ROLE:SCOPE[:ID], e.g. lms_advisor:health_trust:5 (repeatable)");
  o.add->add_option("--password-file", o.password_file, "read the password from this file");
  o.add->add_option("--oidc-subject", o.oidc_subject,
                    "the person's `sub` at the OpenID provider (HelseID); with it an empty "
                    "password means no local password");
  o.disable = o.user->add_subcommand("disable", "disable an account and end its sessions");
  o.disable->add_option("--username", o.username, "sign-in name")->required();
  o.reset = o.user->add_subcommand("reset-password", "set a new password and end all sessions");
  o.reset->add_option("--username", o.username, "sign-in name")->required();
  o.reset->add_option("--password-file", o.password_file, "read the password from this file");
  // `user add --database X`: options of `user` may follow the action.
  for (auto* sub : {o.add, o.disable, o.reset}) sub->fallthrough();
}

UserCommand::~UserCommand() = default;

bool UserCommand::parsed() const { return options_->user->parsed(); }

int UserCommand::run(const config::Settings& settings) {
  auto& o = *options_;
  auto opened = open_migrated(settings);
  if (!opened) return fail(opened.error());
  auto& db = **opened;
  auto staff_store = store::make_staff_store(db);
  auto audit_store = store::make_audit_store(db);
  app::AuditLog audit(db, *audit_store, system_now);
  app::StaffAccounts accounts(*staff_store, audit, system_now);

  if (o.disable->parsed()) {
    if (auto st = accounts.disable(o.username); !st) return report(st.error());
    std::printf("disabled %s\n", o.username.c_str());
    return 0;
  }
  std::string password;
  if (!read_password(o.password_file, password)) {
    std::fprintf(stderr, "kursbase user: cannot read the password file\n");
    return 2;
  }
  if (o.reset->parsed()) {
    if (auto st = accounts.reset_password(o.username, password); !st) return report(st.error());
    std::printf("new password set for %s; their sessions are ended\n", o.username.c_str());
    return 0;
  }
  std::vector<RoleGrant> grants;
  auto catalogue = store::make_catalogue_store(db);
  for (const auto& text : o.roles) {
    auto g = app::parse_grant(text);
    if (!g) {
      auto e = g.error();
      e.detail += ": " + text;
      return report(e);
    }
    if (auto known = check_scope(*g, *catalogue); !known) return report(known.error());
    grants.push_back(*g);
  }
  auto id = accounts.add_account(o.username, o.display_name, password, grants, o.oidc_subject);
  if (!id) return report(id.error());
  std::printf("created account %lld (%s)\n", static_cast<long long>(*id), o.username.c_str());
  return 0;
}

}  // namespace kursbase::cli
