#include "app/staff/staff_accounts.hpp"

#include <sodium.h>

#include <algorithm>
#include <cctype>
#include <mutex>

#include "domain/catalogue/search_text.hpp"

namespace kursbase::app {
namespace {

// Argon2id at OWASP's minimum for Argon2id (m = 19 MiB, t = 2, p = 1).
constexpr unsigned long long kOpsLimit = 2;
constexpr std::size_t kMemLimit = 19u * 1024u * 1024u;

const Error kWrongCredentials{ErrorCode::Unauthenticated, "staff.sign_in_failed", "sign-in failed"};

bool init_sodium() {
  static const bool ok = sodium_init() >= 0;
  return ok;
}

std::string normalise_username(std::string name) {
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return char(std::tolower(c)); });
  return name;
}

bool valid_username(const std::string& name) {
  return !name.empty() && name.size() <= 64 &&
         std::all_of(name.begin(), name.end(), [](unsigned char c) {
           return std::isalnum(c) || c == '.' || c == '-' || c == '_' || c == '@';
         });
}

// A hash to verify against when the account does not exist, so that the
// answer takes as long as for a real account (no user enumeration by time).
const std::string& dummy_hash() {
  static const std::string hash = [] {
    auto h = hash_password("kursbase-dummy-password-for-timing");
    return h ? *h : std::string();
  }();
  return hash;
}

}  // namespace

Result<std::string> hash_password(const std::string& password) {
  if (!init_sodium()) return unavailable("libsodium did not initialise");
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), kOpsLimit, kMemLimit,
                            crypto_pwhash_ALG_ARGON2ID13) != 0)
    return unavailable("out of memory hashing a password");
  return std::string(out);
}

bool verify_password(const std::string& hash, const std::string& password) {
  if (!init_sodium() || hash.empty()) return false;
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

std::string token_hash(const std::string& token) {
  init_sodium();
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(token.data()), token.size());
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

std::string random_token() {
  init_sodium();
  unsigned char bytes[32];  // 256 bits from the CSPRNG
  randombytes_buf(bytes, sizeof bytes);
  char text[sodium_base64_ENCODED_LEN(32, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
  sodium_bin2base64(text, sizeof text, bytes, sizeof bytes,
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  return text;
}

Result<RoleGrant> parse_grant(const std::string& text) {
  const auto first = text.find(':');
  const auto role = parse_key<Role>(text.substr(0, first));
  if (!role) return invalid_input("error.role", "unknown role in grant");
  if (first == std::string::npos) return invalid_input("error.role", "grant without scope");
  const auto second = text.find(':', first + 1);
  const auto scope = parse_key<ScopeKind>(text.substr(first + 1, second - first - 1));
  if (!scope) return invalid_input("error.role", "unknown scope in grant");
  if (*scope == ScopeKind::Nation) {
    if (second != std::string::npos) return invalid_input("error.role", "nation takes no id");
    return RoleGrant{*role, *scope, 0};
  }
  if (second == std::string::npos) return invalid_input("error.role", "scope needs an id");
  const auto id_text = text.substr(second + 1);
  if (id_text.empty() || id_text.size() > 18 ||
      !std::all_of(id_text.begin(), id_text.end(), [](unsigned char c) { return std::isdigit(c); }))
    return invalid_input("error.role", "scope id must be a number");
  const auto id = std::stoll(id_text);
  if (id <= 0) return invalid_input("error.role", "scope id must be positive");
  return RoleGrant{*role, *scope, id};
}

StaffAccounts::StaffAccounts(store::StaffStore& store, const AuditLog& audit, Clock clock,
                             StaffAccountSettings settings)
    : store_(store), audit_(audit), clock_(std::move(clock)), settings_(settings) {}

Actor StaffAccounts::actor_of(const store::StaffAccount& account) {
  return Actor{account.id, account.display_name, account.grants};
}

Result<std::int64_t> StaffAccounts::add_account(const std::string& username,
                                                const std::string& display_name,
                                                const std::string& password,
                                                const std::vector<RoleGrant>& grants,
                                                const std::string& oidc_subject) {
  const auto name = normalise_username(username);
  if (!valid_username(name)) return invalid_input("staff.username_invalid", "username");
  if (display_name.empty() || display_name.size() > 200)
    return invalid_input("staff.display_name_invalid", "display name");
  if (oidc_subject.size() > 255) return invalid_input("staff.oidc_subject_invalid", "subject");
  const bool oidc_only = !oidc_subject.empty() && password.empty();
  if (!oidc_only && (password.size() < kMinPasswordLength || password.size() > kMaxPasswordLength))
    return invalid_input("staff.password_length", "password length");
  std::string hash;
  if (!oidc_only) {
    auto h = hash_password(password);
    if (!h) return h.error();
    hash = std::move(*h);
  }
  store::StaffAccount a;
  a.username = name;
  a.display_name = display_name;
  a.password_hash = hash;
  a.oidc_subject = oidc_subject;
  a.grants = grants;
  return store_.create_account(a);
}

Status StaffAccounts::disable(const std::string& username) {
  auto a = store_.find_by_username(normalise_username(username));
  if (!a) return a.error();
  if (!*a) return not_found("staff.no_such_account", "no such account");
  return store_.set_disabled((*a)->id, true);
}

Status StaffAccounts::reset_password(const std::string& username, const std::string& password) {
  if (password.size() < kMinPasswordLength || password.size() > kMaxPasswordLength)
    return invalid_input("staff.password_length", "password length");
  auto a = store_.find_by_username(normalise_username(username));
  if (!a) return a.error();
  if (!*a) return not_found("staff.no_such_account", "no such account");
  auto hash = hash_password(password);
  if (!hash) return hash.error();
  return store_.set_password_hash((*a)->id, *hash);
}

namespace {

std::string address_hash(const std::string& client_address) {
  return token_hash("known-address:" + client_address);
}

}  // namespace

Result<StartedSession> StaffAccounts::sign_in(const std::string& username,
                                              const std::string& password,
                                              const std::string& client_address) {
  const auto name = normalise_username(username);
  const auto counted_name = name.substr(0, 64);
  const Instant now = clock_();
  const auto& throttle = settings_.throttle;
  const Instant since = now - throttle.window;
  // The counters live in the database: every server sees every failure.
  const std::string pair_key = "pair:" + counted_name + "|" + client_address;
  const std::string account_key = "account:" + counted_name;
  const std::string address_key = "address:" + client_address;
  auto account = store_.find_by_username(name);
  if (!account) return account.error();

  SignInHistory history;
  for (auto [key, out] :
       {std::pair{&pair_key, &history.pair}, std::pair{&account_key, &history.account},
        std::pair{&address_key, &history.address}}) {
    auto h = store_.failures_since(*key, since);
    if (!h) return h.error();
    *out = *h;
  }
  if (*account) {
    auto known = store_.known_address((*account)->id, address_hash(client_address),
                                      now - settings_.known_address_period);
    if (!known) return known.error();
    history.known_address = *known;
  }
  // Decided before the password is looked at: a limited attempt learns nothing.
  if (const auto wait = sign_in_wait(history, now, throttle); wait.count() > 0) {
    return Error{
        ErrorCode::RateLimited, "staff.sign_in_rate_limited", "sign-in rate limit", {}, wait};
  }

  const bool too_long = password.size() > kMaxPasswordLength;
  const std::string& hash =
      *account && !(*account)->password_hash.empty() ? (*account)->password_hash : dummy_hash();
  const bool verified = !too_long && verify_password(hash, password);
  if (!*account || !verified || (*account)->disabled || (*account)->password_hash.empty()) {
    for (const auto& key : {pair_key, account_key, address_key})
      if (auto st = store_.record_failure(key, now, since); !st) return st.error();
    return kWrongCredentials;
  }
  // The owner's own mistypes at this address are forgiven; failures elsewhere
  // (the account's and the address's counters) stay until they age out.
  if (auto st = store_.clear_failures(pair_key); !st) return st.error();
  return start_session((*account)->id, client_address);
}

Result<StartedSession> StaffAccounts::start_session(std::int64_t account_id,
                                                    const std::string& client_address) {
  auto account = store_.find_account(account_id);
  if (!account) return account.error();
  if (!*account || (*account)->disabled) return kWrongCredentials;
  const Instant now = clock_();
  StartedSession s;
  s.token = random_token();
  s.csrf_token = random_token();
  s.actor = actor_of(**account);
  s.expires_at = now + settings_.absolute_timeout;
  store::NewSession row{token_hash(s.token), s.csrf_token, account_id, now, s.expires_at};
  if (auto st = store_.insert_session(row); !st) return st.error();
  if (auto st = store_.remember_address(account_id, address_hash(client_address), now); !st)
    return st.error();
  AccessContext who{s.actor, "POST /innlogging", client_address};
  AuditEvent what;
  what.action = "sign_in";
  what.object_type = "staff_account";
  what.object_id = std::to_string(account_id);
  if (auto st = audit_.record(who, what); !st) return st.error();
  return s;
}

Result<std::optional<LiveSession>> StaffAccounts::resume(const std::string& token) {
  if (token.empty() || token.size() > 128) return std::optional<LiveSession>{};
  const auto hash = token_hash(token);
  const Instant now = clock_();
  auto found = store_.find_session(hash, now, settings_.idle_timeout);
  if (!found) return found.error();
  if (!*found) return std::optional<LiveSession>{};
  // Last seen is written at most every tenth of the idle timeout (and at most
  // once a minute): a session in use never looks idle for longer than that
  // tenth, and a busy page does not write on every request.
  const auto touch_every =
      std::min<std::chrono::seconds>(std::chrono::seconds(60), settings_.idle_timeout / 10);
  if (now - (*found)->last_seen_at >= touch_every)
    if (auto st = store_.touch_session(hash, now); !st) return st.error();
  return std::optional<LiveSession>{
      LiveSession{actor_of((*found)->account), (*found)->csrf_token, hash}};
}

Status StaffAccounts::sign_out(const std::string& hash) { return store_.delete_session(hash); }

Result<std::vector<CourseInScope>> StaffAccounts::courses_in_scope(const Actor& actor) {
  // Only where the actor's grants reach: the whole country for a nation-wide
  // grant, otherwise the courses below their RHFs and HFs and their courses.
  const auto reach = AccessGuard::reach(actor, Action::ViewProgramme);
  if (reach.empty()) return std::vector<CourseInScope>{};
  store::StaffCourseFilter filter;
  filter.organisations = reach.regions;
  filter.organisations.insert(filter.organisations.end(), reach.health_trusts.begin(),
                              reach.health_trusts.end());
  filter.courses = reach.courses;
  auto all = reach.nation ? store_.courses() : store_.courses_in(filter);
  if (!all) return all.error();
  std::vector<CourseInScope> out;
  for (auto& c : *all) {
    // The overview carries each course's HF and region: no query per course.
    // The rule still decides (a course below an RHF but under no HF is not
    // the region's).
    const auto access = AccessGuard::of(actor, {c.id, c.health_trust_id, c.region_id});
    if (access.may(Action::ViewProgramme)) out.push_back({std::move(c), access.permissions()});
  }
  return out;
}

Result<StaffHome> StaffAccounts::home(const Actor& actor) {
  auto courses = courses_in_scope(actor);
  if (!courses) return courses.error();
  StaffHome home;
  home.courses = std::move(*courses);
  home.may_search_audit = AccessGuard::permits_anywhere(actor, Action::SearchAudit);
  return home;
}

namespace {

RunOverviewFacts facts_of(const store::StaffRunSummary& r) {
  RunOverviewFacts f;
  f.times.state = parse_key<RunState>(r.state).value_or(RunState::Draft);
  f.times.first_start = r.first_start;
  f.times.last_end = r.last_end;
  f.times.registration_deadline = r.registration_deadline;
  f.times.capacity = r.capacity;
  f.confirmed = r.confirmed;
  f.waitlisted = r.waitlisted;
  f.min_participants = r.min_participants;
  f.first_unrecorded_end = r.first_unrecorded_end;
  f.awaiting_referral = r.awaiting_referral;
  return f;
}

// The local month around `now` as instants.
MonthSpan month_of(const TimeZone& zone, Instant now) {
  const auto local = to_local(zone, now);
  const std::chrono::year_month_day first{std::chrono::year(local.year),
                                          std::chrono::month(static_cast<unsigned>(local.month)),
                                          std::chrono::day(1)};
  const auto next = first + std::chrono::months(1);
  return {local_midnight(zone, Day(first)), local_midnight(zone, Day(next))};
}

bool title_matches(const std::string& folded_title, const std::string& folded_text) {
  return folded_text.empty() || folded_title.find(folded_text) != std::string::npos;
}

}  // namespace

Result<StaffHome> StaffAccounts::home(const Actor& actor, const StaffHomeQuery& query,
                                      const TimeZone& zone) {
  auto home = this->home(actor);
  if (!home) return home.error();
  for (const auto& g : actor.grants) {
    GrantLabel label{g, {}};
    if (g.scope != ScopeKind::Nation) {
      auto name = store_.scope_name(g.scope, g.scope_id);
      if (!name) return name.error();
      label.scope_name = std::move(*name);
    }
    home->grants.push_back(std::move(label));
  }
  const Instant now = clock_();
  const auto month = month_of(zone, now);
  const auto text = fold_search_text(query.text);
  std::vector<StaffRunLine> matching;
  for (const auto& [course, permissions] : home->courses) {
    const bool title_ok = title_matches(fold_search_text(course.title), text);
    for (const auto& run : course.runs) {
      const auto facts = facts_of(run);
      const auto overview = overview_of(facts, now);
      ++home->total_runs;
      home->needs_attention += overview.needs_attention();
      if (!title_ok || !matches(query.filter, facts, overview, month)) continue;
      matching.push_back({course.id, course.title, run, overview, permissions});
    }
  }
  // Runs without sessions last, then by first session, course title and id.
  std::stable_sort(matching.begin(), matching.end(), [](const auto& a, const auto& b) {
    const auto& x = a.run.first_start;
    const auto& y = b.run.first_start;
    if (x.has_value() != y.has_value()) return x.has_value();
    if (x != y) return *x < *y;
    return a.run.id < b.run.id;
  });
  home->matching_runs = static_cast<int>(matching.size());
  home->pages = std::max(1, (home->matching_runs + kStaffRunsPerPage - 1) / kStaffRunsPerPage);
  home->page = std::clamp(query.page, 1, home->pages);
  const auto begin = static_cast<std::size_t>((home->page - 1) * kStaffRunsPerPage);
  const auto end = std::min(matching.size(), begin + kStaffRunsPerPage);
  for (auto i = begin; i < end; ++i) home->runs.push_back(std::move(matching[i]));
  return home;
}

}  // namespace kursbase::app
