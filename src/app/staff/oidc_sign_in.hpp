#pragma once
// OidcSignIn: from an identity the OpenID provider vouched for to a kursbase
// session. The provider says who the person is (`sub` of the configured
// issuer); kursbase alone says which account that is and which roles it
// holds: the account whose `oidc_subject` equals `sub`, set by a system
// administrator (`kursbase user add --oidc-subject`). Roles in the token, if
// any, are ignored.
//
// One issuer is configured per installation, so `sub` alone names the person
// (OIDC Core 2: sub is unique within an issuer); the client checked `iss`.
//
// Thread safety: all methods may be called from any thread.
#include <string>

#include "app/staff/audit_log.hpp"
#include "app/staff/identity_provider.hpp"
#include "app/staff/staff_accounts.hpp"
#include "store/staff_store.hpp"

namespace kursbase::app {

class OidcSignIn {
 public:
  OidcSignIn(store::StaffStore& store, StaffAccounts& accounts, const AuditLog& audit);

  // A new session for the account of `identity`. Forbidden
  // "oidc.unknown_account" (no account has this subject) or
  // "oidc.account_disabled"; both refusals are put in the audit log.
  Result<StartedSession> sign_in(const OidcIdentity& identity, const std::string& client_address);

 private:
  Status record_refusal(const Actor& actor, const std::string& object_type,
                        const std::string& object_id, const std::string& client_address) const;

  store::StaffStore& store_;
  StaffAccounts& accounts_;
  const AuditLog& audit_;
};

}  // namespace kursbase::app
