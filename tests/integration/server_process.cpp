#include "server_process.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <thread>

#include "store/testing/server_admin.hpp"

extern char** environ;

namespace kursbase::testing {
namespace {

using Clock = std::chrono::steady_clock;

// The demo catalogue every integration test runs against; fixed so that
// counts and dates are reproducible.
constexpr const char* kDemoScale = "1";
constexpr const char* kDemoToday = "2027-01-10";
constexpr const char* kDemoSeed = "7";
// Startup budget: migrations and the catalogue index take well under a second.
constexpr auto kStartupBudget = std::chrono::seconds(20);
constexpr auto kPollInterval = std::chrono::milliseconds(20);
// A port picked by pick_free_port() may be taken by someone else before the
// server binds it; then we try again with a new one.
constexpr int kStartAttempts = 3;

std::string env_or_empty(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

void set_error(std::string* error, std::string message) {
  if (error) *error = std::move(message);
}

std::vector<std::string> demo_command(const std::string& bin, const std::string& database) {
  return {bin,        "demo",    "--database", database, "--scale",
          kDemoScale, "--today", kDemoToday,   "--seed", kDemoSeed};
}

// The first line of the file the `postgres` fixture writes its server's URL to.
std::string fixture_postgres_url() {
  const std::string file = env_or_empty("KURSBASE_TEST_POSTGRES_URL_FILE");
  if (file.empty()) return "";
  std::ifstream in(file);
  std::string url;
  std::getline(in, url);
  return url;
}

// Letters, digits and '_' only, lower case: safe in a database name.
std::string identifier(std::string_view text) {
  std::string out;
  for (const char c : text)
    out += std::isalnum(static_cast<unsigned char>(c))
               ? static_cast<char>(std::tolower(static_cast<unsigned char>(c)))
               : '_';
  return out;
}

// A new PostgreSQL database holding the demo catalogue, on the fixture's
// server. The demo is loaded once per server into a template database (under
// a session lock, so parallel tests wait for the first), and every test server
// gets a copy of it (CREATE DATABASE ... TEMPLATE: well under a second, where
// loading the demo takes seconds). The fixture's server, and so the template,
// lives for one ctest run. "" and `error` set on failure.
std::string postgres_demo_database(const std::filesystem::path& dir, const std::string& bin,
                                   std::string* error) {
  const std::string url = fixture_postgres_url();
  if (url.empty()) {
    set_error(error,
              "KURSBASE_TEST_ENGINE=postgres needs the URL of a PostgreSQL server in "
              "KURSBASE_TEST_POSTGRES_URL_FILE (run through ctest, whose postgres "
              "fixture starts one)");
    return "";
  }
  static constexpr long long kTemplateLock = 72610017;
  const std::string base = url.substr(0, url.rfind('/') + 1);
  const std::string demo_template =
      identifier(std::string("kb_it_demo_") + kDemoScale + "_" + kDemoSeed + "_" + kDemoToday);
  const std::string loading = demo_template + "_loading";
  const std::string name =
      "kb_it_" + std::to_string(::getpid()) + "_" + identifier(dir.filename().string());
  try {
    store::testing::ServerAdmin admin(url);
    admin.exec("SELECT pg_advisory_lock(" + std::to_string(kTemplateLock) + ")");
    const long long exists =
        admin.query_int("SELECT count(*) FROM pg_database WHERE datname = :p", demo_template);
    if (exists == 0) {
      // Loaded under another name and renamed: a failed load leaves no template.
      admin.exec("DROP DATABASE IF EXISTS " + loading);
      admin.exec("CREATE DATABASE " + loading);
      const auto demo_log = dir / "demo.log";
      const int demo = run_program(demo_command(bin, base + loading), demo_log);
      if (demo != 0) {
        set_error(error, "kursbase demo (PostgreSQL template) exited with " + std::to_string(demo) +
                             ":\n" + file_tail(demo_log));
        return "";
      }
      admin.exec("ALTER DATABASE " + loading + " RENAME TO " + demo_template);
    }
    admin.exec("CREATE DATABASE " + name + " TEMPLATE " + demo_template);
    admin.exec("SELECT pg_advisory_unlock(" + std::to_string(kTemplateLock) + ")");
  } catch (const std::exception& e) {
    set_error(error, std::string("no PostgreSQL database with the demo catalogue: ") + e.what());
    return "";
  }
  return base + name;
}

}  // namespace

bool test_engine_is_postgres() { return env_or_empty("KURSBASE_TEST_ENGINE") == "postgres"; }

std::uint16_t pick_free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return 0;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  const bool ok = ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
                  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0;
  ::close(fd);
  return ok ? ntohs(addr.sin_port) : 0;
}

namespace {

int decode_wait_status(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

// posix_spawn with stdin from /dev/null and stdout/stderr appended to `log`,
// in `cwd`, with default signal dispositions and an empty signal mask.
pid_t spawn(const std::vector<std::string>& args, const std::filesystem::path& log,
            const std::filesystem::path& cwd) {
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log.c_str(),
                                   O_WRONLY | O_CREAT | O_APPEND, 0644);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  // A kursbase.toml in the test's working folder must not change the server.
  posix_spawn_file_actions_addchdir_np(&actions, cwd.c_str());

  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t none, defaults;
  sigemptyset(&none);
  sigemptyset(&defaults);
  sigaddset(&defaults, SIGTERM);
  sigaddset(&defaults, SIGINT);
  sigaddset(&defaults, SIGPIPE);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setsigdefault(&attr, &defaults);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);

  pid_t pid = -1;
  const int rc = posix_spawn(&pid, argv[0], &actions, &attr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  if (rc != 0) errno = rc;  // posix_spawn returns the error instead of setting errno
  return rc == 0 ? pid : -1;
}

}  // namespace

int run_program(const std::vector<std::string>& argv, const std::filesystem::path& log) {
  const pid_t pid = spawn(argv, log, log.parent_path());
  if (pid < 0) return -1;
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0)
    if (errno != EINTR) return -1;
  return decode_wait_status(status);
}

namespace {

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream all;
  all << in.rdbuf();
  return all.str();
}

}  // namespace

std::string file_tail(const std::filesystem::path& path, std::size_t max_bytes) {
  std::string text = read_file(path);
  if (text.size() > max_bytes) text = "…" + text.substr(text.size() - max_bytes);
  return text;
}

std::unique_ptr<ServerProcess> ServerProcess::start(std::string* error) {
  const std::string bin = env_or_empty("KURSBASE_BIN");
  const std::string static_dir = env_or_empty("KURSBASE_STATIC_DIR");
  if (bin.empty() || static_dir.empty()) {
    set_error(error, "KURSBASE_BIN and KURSBASE_STATIC_DIR must be set (ctest sets them)");
    return nullptr;
  }
  std::unique_ptr<ServerProcess> server(new ServerProcess());

  std::string dir_template =
      (std::filesystem::temp_directory_path() / "kursbase-it-XXXXXX").string();
  if (!::mkdtemp(dir_template.data())) {
    set_error(error, std::string("mkdtemp: ") + std::strerror(errno));
    return nullptr;
  }
  server->dir_ = dir_template;
  server->log_path_ = server->dir_ / "server.log";

  const std::string engine = env_or_empty("KURSBASE_TEST_ENGINE");
  if (engine == "postgres") {
    // Never a fallback to SQLite: a PostgreSQL variant without its server fails.
    server->database_ = postgres_demo_database(server->dir_, bin, error);
    if (server->database_.empty()) {
      server->keep_files();
      return nullptr;
    }
  } else if (engine.empty() || engine == "sqlite") {
    server->database_ = (server->dir_ / "catalogue.db").string();
    const auto demo_log = server->dir_ / "demo.log";
    const int demo = run_program(demo_command(bin, server->database_), demo_log);
    if (demo != 0) {
      server->keep_files();
      set_error(error,
                "kursbase demo exited with " + std::to_string(demo) + ":\n" + file_tail(demo_log));
      return nullptr;
    }
  } else {
    set_error(error, "KURSBASE_TEST_ENGINE is '" + engine + "'; use sqlite or postgres");
    return nullptr;
  }
  std::string last_error;
  for (int attempt = 0; attempt < kStartAttempts; ++attempt) {
    if (server->spawn_and_wait(&last_error)) return server;
  }
  server->keep_files();
  set_error(error, last_error);
  return nullptr;
}

bool ServerProcess::spawn_and_wait(std::string* error) {
  port_ = pick_free_port();
  if (port_ == 0) {
    set_error(error, "no free loopback port");
    return false;
  }
  const std::string bin = env_or_empty("KURSBASE_BIN");
  const std::string listen = "127.0.0.1:" + std::to_string(port_);
  {
    std::ofstream mark(log_path_, std::ios::app);
    mark << "--- kursbase-integration: serve --listen " << listen << "\n";
  }
  pid_ = spawn({bin, "serve", "--database", database_, "--listen", listen, "--static-dir",
                env_or_empty("KURSBASE_STATIC_DIR")},
               log_path_, dir_);
  if (pid_ < 0) {
    set_error(error, "cannot start " + bin + ": " + std::strerror(errno));
    return false;
  }
  const auto deadline = Clock::now() + kStartupBudget;
  while (Clock::now() < deadline) {
    if (!alive()) {
      set_error(error, "kursbase serve exited with " + std::to_string(exit_status_) +
                           " before /healthz answered:\n" + file_tail(log_path_));
      return false;
    }
    ExchangeOptions quick;
    quick.timeout = std::chrono::milliseconds(1000);
    if (auto r = http_exchange(port_, http_request("GET", "/healthz"), quick);
        r && r->status == 200)
      return true;
    std::this_thread::sleep_for(kPollInterval);
  }
  stop(std::chrono::seconds(2));
  set_error(error, "kursbase serve did not answer /healthz within the startup budget:\n" +
                       file_tail(log_path_));
  return false;
}

bool ServerProcess::alive() {
  if (pid_ < 0) return false;
  int status = 0;
  const pid_t r = ::waitpid(pid_, &status, WNOHANG);
  if (r == pid_) {
    exit_status_ = decode_wait_status(status);
    pid_ = -1;
    return false;
  }
  return ::kill(pid_, 0) == 0;
}

int ServerProcess::stop(std::chrono::milliseconds grace) {
  if (pid_ < 0) return exit_status_;
  ::kill(pid_, SIGTERM);
  const auto deadline = Clock::now() + grace;
  while (Clock::now() < deadline) {
    if (!alive()) return exit_status_;
    std::this_thread::sleep_for(kPollInterval);
  }
  // Hung: it did not shut down gracefully.
  ::kill(pid_, SIGKILL);
  int status = 0;
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
  exit_status_ = -1;
  return exit_status_;
}

std::string ServerProcess::log() const { return read_file(log_path_); }

std::vector<std::string> ServerProcess::suspicious_log_lines() const {
  static constexpr std::string_view kMarkers[] = {
      "[error]",        "[critical]",    "unhandled exception", "AddressSanitizer",
      "runtime error:", "Segmentation",  "terminate called",    "Aborted",
      "core dumped",    "LeakSanitizer", "unavailable:"};
  std::vector<std::string> hits;
  std::istringstream in(log());
  for (std::string line; std::getline(in, line);) {
    for (auto marker : kMarkers) {
      if (line.find(marker) != std::string::npos) {
        hits.push_back(line);
        break;
      }
    }
  }
  return hits;
}

ServerProcess::~ServerProcess() {
  if (pid_ >= 0) stop(std::chrono::seconds(2));
  if (keep_files_ || !env_or_empty("KURSBASE_KEEP_TEST_FILES").empty() || dir_.empty()) return;
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

}  // namespace kursbase::testing
