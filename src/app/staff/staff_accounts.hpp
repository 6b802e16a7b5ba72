#pragma once
// StaffAccounts: local staff accounts, sign-in with a password, sessions.
//
// - Passwords: Argon2id through libsodium (crypto_pwhash_str_alg), t = 2,
//   m = 19 MiB (OWASP's minimum for Argon2id), 15–128 characters.
// - Sign-in failures slow further attempts with growing delays
//   (domain/staff/sign_in_throttle.hpp): per username + address always, per
//   account and per address only from addresses the account has not signed in
//   from before, so staff are not locked out by someone guessing elsewhere. The
//   counters live in the database, so the limits hold across servers
//   (RateLimited, with the wait).
// - Sessions: 256-bit tokens from the CSPRNG (randombytes_buf), a new one at
//   every sign-in, only their SHA-256 stored; idle and absolute timeouts;
//   ended at sign-out, password reset and when the account is disabled.
// - start_session() is the one way a session begins, so an OpenID Connect
//   sign-in (HelseID) creates the same session for an account found by its
//   `oidc_subject`.
//
// Thread safety: all methods may be called from any thread.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/core/time_zone.hpp"
#include "app/staff/access_guard.hpp"
#include "app/staff/audit_log.hpp"
#include "domain/core/result.hpp"
#include "domain/staff/access.hpp"
#include "domain/staff/run_overview.hpp"
#include "domain/staff/sign_in_throttle.hpp"
#include "store/staff_store.hpp"

namespace kursbase::app {

struct StaffAccountSettings {
  std::chrono::seconds idle_timeout = std::chrono::minutes(30);
  std::chrono::seconds absolute_timeout = std::chrono::hours(12);
  SignInThrottleSettings throttle;
  // An address the account signed in from within this period is "known" to it.
  std::chrono::seconds known_address_period = std::chrono::hours(24 * 90);
};

// A started session: the token goes into the cookie and nowhere else.
struct StartedSession {
  std::string token;
  std::string csrf_token;
  Actor actor;
  Instant expires_at{};
};

// The session behind a cookie.
struct LiveSession {
  Actor actor;
  std::string csrf_token;
  std::string token_hash;
};

inline constexpr std::size_t kMinPasswordLength = 15;   // ASVS 5.0 6.2.1 recommends 15
inline constexpr std::size_t kMaxPasswordLength = 128;  // ≥ 64 (ASVS 6.2.9)

// Argon2id hash / verification (exposed for tests and the CLI).
Result<std::string> hash_password(const std::string& password);
bool verify_password(const std::string& hash, const std::string& password);
// Hex SHA-256 of a session token, the form stored.
std::string token_hash(const std::string& token);
// A course of the staff start page with what the actor may do with it (the
// page links a run to its attendance page only with may_view_participants).
struct CourseInScope {
  store::StaffCourse course;
  Permissions permissions;
};

// What the start page's run list is narrowed to: a filter, words of the
// course title (case and accents folded, as the catalogue's search), a page.
struct StaffHomeQuery {
  RunListFilter filter = RunListFilter::All;
  std::string text;
  int page = 1;  // from 1; a page past the end gives the last page
};

inline constexpr int kStaffRunsPerPage = 25;

// One run of the start page with its real state and what needs attention.
struct StaffRunLine {
  std::int64_t course_id = 0;
  std::string course_title;
  store::StaffRunSummary run;
  RunOverview overview;  // run_status() and the attention rule at the clock's now
  Permissions permissions;
};

// A role with the name of where it holds (course title, HF or RHF name; empty
// for the nation), never an id.
struct GrantLabel {
  RoleGrant grant;
  std::string scope_name;
};

// The staff start page: the actor's courses and what else they may open.
struct StaffHome {
  std::vector<CourseInScope> courses;  // by title
  bool may_search_audit = false;       // some grant permits Action::SearchAudit
  std::vector<GrantLabel> grants;      // the actor's, in their order
  // The runs of `courses` matching the query, by first session (runs without
  // sessions last): this page of them, and how many match in all.
  std::vector<StaffRunLine> runs;
  int matching_runs = 0;
  int total_runs = 0;  // before the query
  int page = 1;
  int pages = 1;
  int needs_attention = 0;  // runs needing attention, before the query
};

// 32 random bytes as base64url without padding.
std::string random_token();

class StaffAccounts {
 public:
  StaffAccounts(store::StaffStore& store, const AuditLog& audit, Clock clock,
                StaffAccountSettings settings = {});

  // CLI: `kursbase user add|disable|reset-password`.
  // `oidc_subject`: the account's `sub` at the OpenID provider (HelseID);
  // with one, the password may be empty (no local sign-in).
  Result<std::int64_t> add_account(const std::string& username, const std::string& display_name,
                                   const std::string& password,
                                   const std::vector<RoleGrant>& grants,
                                   const std::string& oidc_subject = {});
  Status disable(const std::string& username);
  Status reset_password(const std::string& username, const std::string& password);

  // Unauthenticated (wrong name or password, said the same way for both),
  // RateLimited (wait before trying again: how long is the error's
  // retry_after). `client_address` is counted (and kept hashed as a known
  // address after a sign-in), never logged.
  Result<StartedSession> sign_in(const std::string& username, const std::string& password,
                                 const std::string& client_address);
  // For any authenticated identity (password, OpenID Connect): a new session.
  Result<StartedSession> start_session(std::int64_t account_id, const std::string& client_address);
  // The live session for a cookie token, or nullopt (unknown, expired, disabled).
  Result<std::optional<LiveSession>> resume(const std::string& token);
  Status sign_out(const std::string& token_hash);

  // Courses whose programme the actor may open (ViewProgramme), each with the
  // actor's Permissions on it (AccessGuard on the course's scope), for the
  // start page. Reads only the courses where the actor's grants reach
  // (StaffStore::courses_in), every course only for a nation-wide grant.
  Result<std::vector<CourseInScope>> courses_in_scope(const Actor& actor);
  // The start page's answers: courses_in_scope(), may_search_audit, the
  // grants with names, and the runs of those courses narrowed by `query`
  // ("this month" is the month of `zone`'s wall clock at the clock's now).
  Result<StaffHome> home(const Actor& actor);
  Result<StaffHome> home(const Actor& actor, const StaffHomeQuery& query, const TimeZone& zone);

  const StaffAccountSettings& settings() const { return settings_; }

 private:
  static Actor actor_of(const store::StaffAccount& account);

  store::StaffStore& store_;
  const AuditLog& audit_;
  Clock clock_;
  StaffAccountSettings settings_;
};

// "lms_advisor:health_trust:5", "auditor:nation" → a grant.
Result<RoleGrant> parse_grant(const std::string& text);

}  // namespace kursbase::app
