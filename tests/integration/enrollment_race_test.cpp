// The seat invariant over real HTTP: two `kursbase serve` processes on one
// SQLite file, 200 concurrent sign-ups for 12 seats from many client threads,
// then 30 random cancellations; repeated on fresh runs. Also the sign-up rate
// limit across the two processes.
#include <gtest/gtest.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <thread>

#include "http_client.hpp"
#include "server_process.hpp"

extern char** environ;

namespace kursbase::testing {
namespace {

// The same for both servers, so either can open what the other sealed.
constexpr const char* kDataKey = "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0";
constexpr int kPeople = 200, kSeats = 12, kCancellations = 30, kClientThreads = 32;

std::string env_or(const char* name, const char* fallback) {
  const char* v = std::getenv(name);
  return v && *v ? v : fallback;
}

// A `kursbase serve` child with extra environment, on an existing database.
class Server {
 public:
  Server(const std::filesystem::path& db, const std::filesystem::path& log,
         const std::vector<std::string>& extra_env) {
    port_ = pick_free_port();
    std::vector<std::string> env;
    for (char** e = environ; *e; ++e) env.emplace_back(*e);
    env.push_back(std::string("KURSBASE_DATA_KEY=") + kDataKey);
    for (const auto& e : extra_env) env.push_back(e);
    std::vector<std::string> args{env_or("KURSBASE_BIN", "kursbase"), "serve", "--database",
                                  db.string(), "--listen", "127.0.0.1:" + std::to_string(port_),
                                  "--threads", "4", "--static-dir",
                                  env_or("KURSBASE_STATIC_DIR", "static")};
    std::vector<char*> argv, envp;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    for (auto& e : env) envp.push_back(e.data());
    envp.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    if (posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), envp.data()) != 0) pid_ = -1;
    posix_spawn_file_actions_destroy(&actions);
    for (int i = 0; i < 500 && pid_ > 0; ++i) {
      if (http_get(port_, "/healthz").status == 200) {
        ready_ = true;
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }
  ~Server() {
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      int status = 0;
      ::waitpid(pid_, &status, 0);
    }
  }
  bool ready() const { return ready_; }
  std::uint16_t port() const { return port_; }

 private:
  pid_t pid_ = -1;
  std::uint16_t port_ = 0;
  bool ready_ = false;
};

HttpResponse post_json(std::uint16_t port, const std::string& target, const std::string& body) {
  std::string raw = "POST " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    "Content-Type: application/json\r\nContent-Length: " +
                    std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
  ExchangeOptions options;
  options.timeout = std::chrono::seconds(30);
  auto r = http_exchange(port, raw, options);
  if (!r) return HttpResponse{};
  return *r;
}

struct Database {
  sqlite3* db = nullptr;
  explicit Database(const std::filesystem::path& path) { sqlite3_open(path.c_str(), &db); }
  ~Database() { sqlite3_close(db); }
  std::vector<long long> ids(const std::string& sql) {
    std::vector<long long> out;
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr);
    while (sqlite3_step(st) == SQLITE_ROW) out.push_back(sqlite3_column_int64(st, 0));
    sqlite3_finalize(st);
    return out;
  }
  bool exec(const std::string& sql) {
    return sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK;
  }
};

class EnrollmentOverHttp : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("kursbase-enroll-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    db_path_ = dir_ / "kursbase.db";
    ASSERT_EQ(run_program({env_or("KURSBASE_BIN", "kursbase"), "demo", "--database",
                           db_path_.string(), "--scale", "1", "--seed", "7", "--today",
                           "2027-01-10"},
                          dir_ / "demo.log"),
              0)
        << file_tail(dir_ / "demo.log");
  }
  void TearDown() override {
    if (!HasFailure() && !std::getenv("KURSBASE_KEEP_TEST_FILES")) std::filesystem::remove_all(dir_);
  }

  // Open runs without referral that accept sign-ups for a while yet, reset
  // to 12 seats with a waiting list.
  std::vector<long long> prepare_runs(int n) {
    Database db(db_path_);
    auto runs = db.ids(
        "SELECT r.id FROM run r JOIN course c ON c.id = r.course_id WHERE r.state = 'open' AND "
        "c.status = 'published' AND c.referral_required = 0 AND r.registration_deadline > "
        "strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '+2 days') AND (SELECT min(starts_at) FROM "
        "run_session s WHERE s.run_id = r.id) > strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '+2 days') "
        "ORDER BY r.id LIMIT " + std::to_string(n));
    for (auto id : runs)
      EXPECT_TRUE(db.exec("UPDATE run SET capacity = " + std::to_string(kSeats) +
                          ", waiting_list_enabled = 1, registers_in_record = 0 WHERE id = " +
                          std::to_string(id)));
    return runs;
  }

  std::filesystem::path dir_, db_path_;
};

std::string sign_up_body(int i) {
  nlohmann::json j{{"name", "Deltaker " + std::to_string(i)},
                   {"email", "deltaker" + std::to_string(i) + "@example.no"},
                   {"kind", "patient"},
                   {"consent", true}};
  return j.dump();
}

TEST_F(EnrollmentOverHttp, TwoServersNeverOversellAndKeepTheWaitingListInOrder) {
  const int rounds = std::max(1, std::atoi(env_or("KURSBASE_RACE_ROUNDS", "3").c_str()));
  const auto runs = prepare_runs(rounds);
  ASSERT_EQ(int(runs.size()), rounds);
  Server a(db_path_, dir_ / "a.log", {"KURSBASE_SIGN_UP_LIMIT=1000000"});
  Server b(db_path_, dir_ / "b.log", {"KURSBASE_SIGN_UP_LIMIT=1000000"});
  ASSERT_TRUE(a.ready()) << file_tail(dir_ / "a.log");
  ASSERT_TRUE(b.ready()) << file_tail(dir_ / "b.log");
  const std::uint16_t ports[] = {a.port(), b.port()};

  for (int round = 0; round < rounds; ++round) {
    const std::string target = "/api/v1/runs/" + std::to_string(runs[round]) + "/enrollments";
    struct Answer {
      std::string status;
      int position = 0;
      std::string token;
    };
    std::vector<Answer> answers(kPeople);
    std::atomic<int> next{0}, bad{0};
    std::vector<std::thread> clients;
    for (int t = 0; t < kClientThreads; ++t)
      clients.emplace_back([&, t] {
        for (int i = next++; i < kPeople; i = next++) {
          auto r = post_json(ports[(t + i) % 2], target, sign_up_body(round * 1000 + i));
          if (r.status != 201) {
            ++bad;
            continue;
          }
          auto j = nlohmann::json::parse(r.body, nullptr, false);
          answers[i] = {j.value("status", ""), j["waitlist_position"].is_number()
                                                   ? j["waitlist_position"].get<int>()
                                                   : 0,
                        j.value("manage_token", "")};
        }
      });
    for (auto& c : clients) c.join();
    ASSERT_EQ(bad.load(), 0) << "round " << round;
    int confirmed = 0;
    std::set<int> positions;
    for (const auto& ans : answers) {
      if (ans.status == "confirmed") ++confirmed;
      if (ans.status == "waitlisted") positions.insert(ans.position);
    }
    ASSERT_EQ(confirmed, kSeats) << "round " << round;
    ASSERT_EQ(int(positions.size()), kPeople - kSeats) << "positions unique";
    ASSERT_EQ(*positions.begin(), 1);
    ASSERT_EQ(*positions.rbegin(), kPeople - kSeats) << "positions 1..188 without gaps";

    // 30 random cancellations from both servers at once.
    std::vector<int> order(kPeople);
    for (int i = 0; i < kPeople; ++i) order[i] = i;
    std::mt19937 rng(round + 11);
    std::shuffle(order.begin(), order.end(), rng);
    std::set<int> cancelled(order.begin(), order.begin() + kCancellations);
    std::vector<int> to_cancel(cancelled.begin(), cancelled.end());
    std::atomic<int> c_next{0};
    clients.clear();
    for (int t = 0; t < 8; ++t)
      clients.emplace_back([&, t] {
        for (int k = c_next++; k < kCancellations; k = c_next++) {
          const auto& token = answers[to_cancel[k]].token;
          if (post_json(ports[t % 2], "/api/v1/enrollments/" + token + "/cancel", "{}").status != 200)
            ++bad;
        }
      });
    for (auto& c : clients) c.join();
    ASSERT_EQ(bad.load(), 0);

    // Read every remaining enrollment back through its private link.
    int now_confirmed = 0;
    std::vector<std::pair<int, int>> waiting;  // original position → current position (0: promoted)
    for (int i = 0; i < kPeople; ++i) {
      if (cancelled.count(i)) continue;
      auto r = http_get(ports[i % 2], "/api/v1/enrollments/" + answers[i].token);
      ASSERT_EQ(r.status, 200);
      auto j = nlohmann::json::parse(r.body);
      const std::string status = j["status"];
      if (status == "confirmed") ++now_confirmed;
      if (answers[i].status == "waitlisted")
        waiting.emplace_back(answers[i].position,
                             status == "waitlisted" ? j["waitlist_position"].get<int>() : 0);
    }
    EXPECT_EQ(now_confirmed, kSeats) << "no overbooking, seats refilled; round " << round;
    std::sort(waiting.begin(), waiting.end());
    int promoted = 0;
    for (auto& [orig, now] : waiting) promoted += now == 0;
    for (std::size_t k = 0; k < waiting.size(); ++k) {
      if (int(k) < promoted)
        EXPECT_EQ(waiting[k].second, 0) << "promoted in order: original position " << waiting[k].first;
      else
        EXPECT_EQ(waiting[k].second, int(k) - promoted + 1) << "gap-free after promotions";
    }
  }
}

TEST_F(EnrollmentOverHttp, SignUpRateLimitHoldsAcrossServers) {
  const auto runs = prepare_runs(1);
  ASSERT_EQ(runs.size(), 1u);
  Server a(db_path_, dir_ / "a.log", {"KURSBASE_SIGN_UP_LIMIT=3"});
  Server b(db_path_, dir_ / "b.log", {"KURSBASE_SIGN_UP_LIMIT=3"});
  ASSERT_TRUE(a.ready() && b.ready());
  const std::string target = "/api/v1/runs/" + std::to_string(runs[0]) + "/enrollments";
  EXPECT_EQ(post_json(a.port(), target, sign_up_body(1)).status, 201);
  EXPECT_EQ(post_json(b.port(), target, sign_up_body(2)).status, 201);
  EXPECT_EQ(post_json(a.port(), target, sign_up_body(3)).status, 201);
  auto limited = post_json(b.port(), target, sign_up_body(4));
  EXPECT_EQ(limited.status, 429);
  auto j = nlohmann::json::parse(limited.body, nullptr, false);
  ASSERT_TRUE(j.is_object());
  EXPECT_EQ(j["error"]["code"], "rate_limited");
  EXPECT_NE(j["error"]["message"].get<std::string>().find("for mange påmeldinger"),
            std::string::npos);
}

TEST_F(EnrollmentOverHttp, RefusesPlainlyAndValidatesWith422) {
  const auto runs = prepare_runs(1);
  Server a(db_path_, dir_ / "a.log", {});
  ASSERT_TRUE(a.ready());
  const std::string target = "/api/v1/runs/" + std::to_string(runs[0]) + "/enrollments";
  auto bad = post_json(a.port(), target, R"({"name":"","email":"x","kind":"patient"})");
  EXPECT_EQ(bad.status, 422);
  auto j = nlohmann::json::parse(bad.body, nullptr, false);
  std::set<std::string> fields;
  for (auto& f : j["error"]["fields"]) fields.insert(f["field"]);
  EXPECT_EQ(fields, (std::set<std::string>{"name", "email", "consent"}));
  EXPECT_EQ(post_json(a.port(), target, "[1,2]").status, 400);
  // A cancelled run says so.
  Database db(db_path_);
  ASSERT_TRUE(db.exec("UPDATE run SET state = 'cancelled' WHERE id = " + std::to_string(runs[0])));
  auto refused = post_json(a.port(), target, sign_up_body(1));
  EXPECT_EQ(refused.status, 409);
  EXPECT_NE(refused.body.find("avlyst"), std::string::npos) << refused.body;
  // Unknown token.
  EXPECT_EQ(http_get(a.port(), "/api/v1/enrollments/not-a-real-token-at-all-123").status, 404);
}

}  // namespace
}  // namespace kursbase::testing
