#include "store/testing/test_database.hpp"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "store/engine/database.hpp"
#include "store/testing/fresh_database.hpp"
#include "store/testing/server_admin.hpp"

namespace kursbase::store::testing {
namespace {

std::string postgres_url() {
  const char* file = std::getenv("KURSBASE_TEST_POSTGRES_URL_FILE");
  if (!file || !*file) return {};
  std::ifstream in(file);
  std::string url;
  std::getline(in, url);
  if (url.empty()) throw std::runtime_error(std::string("no PostgreSQL URL in ") + file);
  return url;
}

}  // namespace

bool on_postgres() { return !postgres_url().empty(); }

std::string fresh_database_url(const std::string& name) {
  static std::atomic<int> counter{0};
  std::string safe;
  for (char c : name)
    safe += std::isalnum(static_cast<unsigned char>(c)) ? char(std::tolower(c)) : '_';
  safe = safe.substr(0, 30) + "_" + std::to_string(::getpid()) + "_" + std::to_string(counter++);
  const std::string url = postgres_url();
  if (url.empty()) {
    auto path = std::filesystem::temp_directory_path() / ("kursbase-test-" + safe + ".db");
    for (auto suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + suffix);
    return path.string();
  }
  // postgresql://user@host:port/kursbase → same server, database kb_<safe>.
  const auto slash = url.rfind('/');
  ServerAdmin(url).exec("CREATE DATABASE kb_" + safe);
  return url.substr(0, slash + 1) + "kb_" + safe;
}

std::unique_ptr<Database> open_fresh_database(const std::string& name, std::size_t pool_size) {
  auto opened = Database::open(fresh_database_url(name), pool_size);
  if (!opened.ok()) {
    throw std::runtime_error("cannot open a test database: " + opened.error().detail);
  }
  auto db = std::move(*opened);
  if (auto migrated = db->migrate(); !migrated.ok()) {
    throw std::runtime_error("cannot migrate a test database: " + migrated.error().detail);
  }
  return db;
}

std::unique_ptr<Database> open_database(const std::string& url) {
  auto opened = Database::open(url, 1);
  return opened.ok() ? std::move(*opened) : nullptr;
}

}  // namespace kursbase::store::testing
