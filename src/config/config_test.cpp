#include "config/config.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace kursbase::config {
namespace {

TEST(Config, ListenParses) {
  Settings s;
  ASSERT_TRUE(parse_listen("127.0.0.1:9090", s).ok());
  EXPECT_EQ(s.listen_address, "127.0.0.1");
  EXPECT_EQ(s.listen_port, 9090);
  ASSERT_TRUE(parse_listen("[::1]:80", s).ok());
  EXPECT_EQ(s.listen_address, "::1");
  EXPECT_FALSE(parse_listen("127.0.0.1", s).ok());
  EXPECT_FALSE(parse_listen("127.0.0.1:99999", s).ok());
  EXPECT_FALSE(parse_listen("127.0.0.1:80x", s).ok());
}

TEST(Config, FileThenEnvironment) {
  auto path = std::filesystem::temp_directory_path() / "kursbase-config-test.toml";
  std::ofstream(path) << "[server]\nlisten = \"127.0.0.1:9999\"\nthreads = 3\n"
                         "[database]\nurl = \"/tmp/x.db\"\n";
  ::unsetenv("KURSBASE_DATABASE");
  auto s = load_settings(path.string(), true);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->listen_port, 9999);
  EXPECT_EQ(s->threads, 3u);
  EXPECT_EQ(s->database, "/tmp/x.db");
  ::setenv("KURSBASE_DATABASE", "/tmp/y.db", 1);
  EXPECT_EQ(load_settings(path.string(), true)->database, "/tmp/y.db");
  ::unsetenv("KURSBASE_DATABASE");
}

TEST(Config, MissingOrBrokenFiles) {
  EXPECT_TRUE(load_settings("/nonexistent/kursbase.toml", false).ok());
  EXPECT_FALSE(load_settings("/nonexistent/kursbase.toml", true).ok());
  auto path = std::filesystem::temp_directory_path() / "kursbase-config-broken.toml";
  std::ofstream(path) << "[server\nlisten = ";
  EXPECT_FALSE(load_settings(path.string(), true).ok());
}

}  // namespace
}  // namespace kursbase::config
