#include "app/staff/oidc_sign_in.hpp"

namespace kursbase::app {

namespace {
constexpr const char* kRoute = "GET /innlogging/oidc/tilbake";
}

OidcSignIn::OidcSignIn(store::StaffStore& store, StaffAccounts& accounts, const AuditLog& audit)
    : store_(store), accounts_(accounts), audit_(audit) {}

Status OidcSignIn::record_refusal(const Actor& actor, const std::string& object_type,
                                  const std::string& object_id,
                                  const std::string& client_address) const {
  AuditEvent what;
  what.action = "oidc_sign_in_refused";
  what.object_type = object_type;
  what.object_id = object_id;
  return audit_.record(AccessContext{actor, kRoute, client_address}, what);
}

Result<StartedSession> OidcSignIn::sign_in(const OidcIdentity& identity,
                                           const std::string& client_address) {
  auto account = store_.find_by_oidc_subject(identity.subject);
  if (!account) return account.error();
  if (!*account) {
    // No account to name: the record holds the provider's pseudonymous subject
    // (HelseID's `sub` is not a national ID number), so an administrator can
    // find who tried and create their account.
    if (auto st = record_refusal(Actor{}, "oidc_subject", identity.subject, client_address); !st)
      return st.error();
    return Error{ErrorCode::Forbidden, "oidc.unknown_account", "no account for the subject"};
  }
  const auto& a = **account;
  if (a.disabled) {
    if (auto st = record_refusal(Actor{a.id, a.display_name, {}}, "staff_account",
                                 std::to_string(a.id), client_address);
        !st)
      return st.error();
    return Error{ErrorCode::Forbidden, "oidc.account_disabled", "account disabled"};
  }
  return accounts_.start_session(a.id, client_address);
}

}  // namespace kursbase::app
