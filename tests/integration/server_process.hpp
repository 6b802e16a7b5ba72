#pragma once
// Test harness for integration tests: a real `kursbase serve` child process on
// a free loopback port with its own fresh demo database.
//
// The binary and the static folder come from the environment that ctest sets
// (KURSBASE_BIN, KURSBASE_STATIC_DIR; see tests/CMakeLists.txt). Nothing here
// uses gtest assertions: failures come back as values so that the caller
// decides whether they are fatal.
#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "http_client.hpp"

namespace kursbase::testing {

// A loopback port that was free a moment ago (bind to port 0, read, close).
std::uint16_t pick_free_port();

// Runs a program to completion with stdout and stderr appended to `log`;
// returns its exit status (or 128 + signal, or -1 when it could not start).
int run_program(const std::vector<std::string>& argv, const std::filesystem::path& log);

// A `kursbase serve` child process with its own temp folder (database, logs).
// Not thread-safe; owned by one test suite.
class ServerProcess {
 public:
  // Creates a temp folder, loads demo data (scale 1, seed 7, today 2027-01-10)
  // into a fresh database and starts the server, waiting until /healthz
  // answers 200. The database is a SQLite file in the temp folder, or with
  // KURSBASE_TEST_ENGINE=postgres a fresh database on the PostgreSQL server of
  // ctest's `postgres` fixture (an error, not a fallback, without it).
  // Returns nullptr and sets `error` (with the log's tail) on failure.
  static std::unique_ptr<ServerProcess> start(std::string* error);

  // Kills the process if still running; removes the temp folder unless
  // KURSBASE_KEEP_TEST_FILES is set or keep_files() was called.
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  std::uint16_t port() const { return port_; }
  pid_t pid() const { return pid_; }
  const std::filesystem::path& log_path() const { return log_path_; }
  const std::filesystem::path& dir() const { return dir_; }

  // True while the child has not exited (kill(pid, 0) and a non-blocking reap).
  bool alive();

  // Sends SIGTERM and waits up to `grace` for the exit; SIGKILLs after that.
  // Returns the exit code, 128 + signal for a signal death, or -1 if it had
  // to be killed.
  int stop(std::chrono::milliseconds grace = std::chrono::seconds(10));

  // The whole server log (stdout and stderr).
  std::string log() const;

  // Lines of the log that look like a crash or a server-side error.
  std::vector<std::string> suspicious_log_lines() const;

  void keep_files() { keep_files_ = true; }

 private:
  ServerProcess() = default;
  bool spawn_and_wait(std::string* error);

  std::filesystem::path dir_;
  std::filesystem::path log_path_;
  std::string database_;  // SQLite path or postgresql:// URL
  std::uint16_t port_ = 0;
  pid_t pid_ = -1;
  int exit_status_ = -1;  // valid once pid_ == -1 after a reap
  bool keep_files_ = false;
};

// Whether KURSBASE_TEST_ENGINE asks for PostgreSQL ("postgres"); anything
// else but "" or "sqlite" is an error reported by ServerProcess::start.
bool test_engine_is_postgres();

// The last `max_bytes` of a file, for failure messages.
std::string file_tail(const std::filesystem::path& path, std::size_t max_bytes = 4000);

}  // namespace kursbase::testing
