#pragma once
// Staff accounts, their role grants, sessions and sign-in failure counters.
// Everything lives in the database so that several servers share it: a
// session started on one server is valid on the next, and the sign-in rate
// limit counts every server's failures.
//
// Session tokens are never stored, only their SHA-256 (a stolen database
// yields no usable session); passwords only as Argon2id hashes.
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "domain/core/result.hpp"
#include "domain/core/time.hpp"
#include "domain/staff/access.hpp"
#include "domain/staff/sign_in_throttle.hpp"
#include "store/transaction.hpp"

namespace kursbase::store {

class Database;

struct StaffAccount {
  std::int64_t id = 0;
  std::string username;  // unique, lower case
  std::string display_name;
  std::string password_hash;  // libsodium crypto_pwhash_str; empty: no local password
  std::string oidc_subject;   // HelseID "sub"; empty: none
  bool disabled = false;
  std::vector<RoleGrant> grants;
};

struct NewSession {
  std::string token_hash;  // hex SHA-256 of the token
  std::string csrf_token;
  std::int64_t account_id = 0;
  Instant created_at{};
  Instant expires_at{};  // absolute timeout
};

// A live session with its account, as the session middleware needs it.
struct SessionRecord {
  std::string token_hash;
  std::string csrf_token;
  Instant created_at{};
  Instant last_seen_at{};
  Instant expires_at{};
  StaffAccount account;
};

// A run as staff see it in their overview: enough to find it and open it.
// The times and counts are what run_status() and the start page's "needs
// attention" rule need, so the page derives every run's state without a query
// per run.
struct StaffRunSummary {
  std::int64_t id = 0;
  std::string state;                   // draft | open | cancelled
  std::optional<Instant> first_start;  // none while the run has no sessions
  int capacity = 0;
  int confirmed = 0;
  int waitlisted = 0;
  std::optional<Instant> last_end;  // none while the run has no sessions
  Instant registration_deadline{};
  int min_participants = 0;
  bool waiting_list_enabled = true;
  // The earliest end of a session with no attendance recorded for anyone;
  // none when every session has some.
  std::optional<Instant> first_unrecorded_end;
  int awaiting_referral = 0;  // public requests waiting for their referral (migration 0013)
};

// A course as staff see it in their overview (drafts too).
struct StaffCourse {
  std::int64_t id = 0;
  std::string title;
  std::string status;
  std::int64_t owner_id = 0;
  std::optional<std::int64_t> health_trust_id;  // the HF above the owner
  std::optional<std::int64_t> region_id;        // the RHF above that
  std::vector<StaffRunSummary> runs;            // by first session
};

// Where the staff overview looks (courses_in): the courses owned anywhere
// below these organisations (RHFs, HFs), and these courses.
struct StaffCourseFilter {
  std::vector<std::int64_t> organisations;
  std::vector<std::int64_t> courses;
};

class StaffStore {
 public:
  virtual ~StaffStore() = default;

  // Conflict when the username (or OIDC subject) is taken.
  virtual Result<std::int64_t> create_account(const StaffAccount& account) = 0;
  virtual Result<std::optional<StaffAccount>> find_by_username(const std::string& username) = 0;
  virtual Result<std::optional<StaffAccount>> find_by_oidc_subject(const std::string& subject) = 0;
  virtual Result<std::optional<StaffAccount>> find_account(std::int64_t id) = 0;
  // Disabling also deletes every session of the account, in one transaction.
  virtual Status set_disabled(std::int64_t account_id, bool disabled) = 0;
  // Also deletes every session of the account (a reset ends them).
  virtual Status set_password_hash(std::int64_t account_id, const std::string& hash) = 0;
  virtual Status add_grant(std::int64_t account_id, const RoleGrant& grant) = 0;

  virtual Status insert_session(const NewSession& session) = 0;
  // The live session (not expired at `now`, idle less than `idle`, account
  // enabled); sessions found expired are deleted on the way.
  virtual Result<std::optional<SessionRecord>> find_session(const std::string& token_hash,
                                                            Instant now,
                                                            std::chrono::seconds idle) = 0;
  virtual Status touch_session(const std::string& token_hash, Instant now) = 0;
  virtual Status delete_session(const std::string& token_hash) = 0;

  // Sign-in failures under `key` ("pair:NAME|IP", "account:NAME", "address:IP")
  // since `since`: how many and the latest; recording one prunes rows older than
  // `prune_before`.
  virtual Result<FailureHistory> failures_since(const std::string& key, Instant since) = 0;
  virtual Status record_failure(const std::string& key, Instant at, Instant prune_before) = 0;
  virtual Status clear_failures(const std::string& key) = 0;
  // Addresses (as their hash) the account signed in from: whether this one was
  // used at or after `since`, and remembering a sign-in from it at `at`.
  virtual Result<bool> known_address(std::int64_t account_id, const std::string& address_hash,
                                     Instant since) = 0;
  virtual Status remember_address(std::int64_t account_id, const std::string& address_hash,
                                  Instant at) = 0;

  // A random 32-byte key named `name`, created on first use and the same for
  // every server (CSRF token signing).
  virtual Result<std::string> shared_key(const std::string& name) = 0;

  // The RHF above an HF (for region-scoped grants); nullopt when none.
  virtual Result<std::optional<std::int64_t>> region_of_health_trust(std::int64_t hf) = 0;

  // Every course (any status) for the staff overview; callers filter by scope.
  virtual Result<std::vector<StaffCourse>> courses() = 0;
  // The courses of `filter` as courses() gives them (HF, region, runs), by
  // title and id, found by walking down the organisation tree from each
  // organisation (indexes on organisation.parent_id, course.owner_id,
  // run.course_id): an HF's staff read their HF's courses, not the country's.
  // Unknown ids find nothing.
  virtual Result<std::vector<StaffCourse>> courses_in(const StaffCourseFilter& filter) = 0;

  // The name of a grant's scope for the start page: a course's title, an
  // organisation's name (region, HF); empty for the nation or an unknown id.
  virtual Result<std::string> scope_name(ScopeKind scope, std::int64_t id) = 0;

  // Where a run or a course belongs, for the access decision: the course, the
  // HF above the course's owner (the owner itself when it is one) and the RHF
  // above that HF; HF and region are unset when the owner lies under no HF.
  // One query that follows primary keys (run -> course -> the owner's chain of
  // organisations, at most 16 levels), so its cost does not grow with
  // the catalogue (sql_staff_store_test shows the plans use the indexes).
  // NotFound "enrollment.error.run_not_found" / "course.error.not_found".
  virtual Result<ObjectScope> run_scope(std::int64_t run_id) = 0;
  virtual Result<ObjectScope> course_scope(std::int64_t course_id) = 0;
  // course_scope() inside the caller's transaction.
  virtual Result<ObjectScope> course_scope(Tx& tx, std::int64_t course_id) = 0;
};

std::unique_ptr<StaffStore> make_staff_store(Database& db);

}  // namespace kursbase::store
