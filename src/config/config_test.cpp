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

// Reads and writes have their own threads; SQLite's commit groups have a size.
TEST(Config, ThreadsForReadsAndWritesAndTheWriteGroup) {
  ::unsetenv("KURSBASE_WRITE_THREADS");
  ::unsetenv("KURSBASE_WRITE_GROUP");
  auto defaults = load_settings("/nonexistent/kursbase.toml", false);
  ASSERT_TRUE(defaults.ok());
  EXPECT_EQ(defaults->threads, 2u);
  EXPECT_EQ(defaults->write_threads, 64u);
  EXPECT_EQ(defaults->write_group, 64u);
  auto path = std::filesystem::temp_directory_path() / "kursbase-config-threads.toml";
  std::ofstream(path) << "[server]\nthreads = 4\nwrite_threads = 16\n[database]\nwrite_group = 8\n";
  auto s = load_settings(path.string(), true);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->threads, 4u);
  EXPECT_EQ(s->write_threads, 16u);
  EXPECT_EQ(s->write_group, 8u);
  ::setenv("KURSBASE_WRITE_THREADS", "32", 1);
  ::setenv("KURSBASE_WRITE_GROUP", "1", 1);
  s = load_settings(path.string(), true);
  EXPECT_EQ(s->write_threads, 32u);
  EXPECT_EQ(s->write_group, 1u);
  ::unsetenv("KURSBASE_WRITE_THREADS");
  ::unsetenv("KURSBASE_WRITE_GROUP");
}

TEST(Config, MissingOrBrokenFiles) {
  EXPECT_TRUE(load_settings("/nonexistent/kursbase.toml", false).ok());
  EXPECT_FALSE(load_settings("/nonexistent/kursbase.toml", true).ok());
  auto path = std::filesystem::temp_directory_path() / "kursbase-config-broken.toml";
  std::ofstream(path) << "[server\nlisten = ";
  EXPECT_FALSE(load_settings(path.string(), true).ok());
}

TEST(Config, SmsGatewayTokenFromEnvironmentOrFileNeverTheToml) {
  const auto dir = std::filesystem::temp_directory_path();
  const auto token_file = dir / "kursbase-sms-token-test";
  std::ofstream(token_file) << "token-from-file\n";
  const auto path = dir / "kursbase-config-sms.toml";
  std::ofstream(path) << "[sms]\ngateway_url = \"https://sms.example.no/v1\"\nsender = \"LMS\"\n"
                         "gateway_token = \"ignored\"\ngateway_token_file = \""
                      << token_file.string() << "\"\n";
  ::unsetenv("KURSBASE_SMS_GATEWAY_TOKEN");
  ::unsetenv("KURSBASE_SMS_GATEWAY_TOKEN_FILE");
  auto s = load_settings(path.string(), true);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->sms_gateway_url, "https://sms.example.no/v1");
  EXPECT_EQ(s->sms_sender, "LMS");
  EXPECT_EQ(s->sms_gateway_token, "token-from-file");
  ::setenv("KURSBASE_SMS_GATEWAY_TOKEN", "token-from-env", 1);
  EXPECT_EQ(load_settings(path.string(), true)->sms_gateway_token, "token-from-env");
  ::unsetenv("KURSBASE_SMS_GATEWAY_TOKEN");
  std::filesystem::remove(token_file);
  auto missing = load_settings(path.string(), true);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().detail.find("token-from"), std::string::npos);
}

TEST(Config, RetentionMonthsFromFileThenEnvironment) {
  ::unsetenv("KURSBASE_RETENTION_MONTHS");
  EXPECT_EQ(Settings{}.retention_months, 60);
  const auto path = std::filesystem::temp_directory_path() / "kursbase-config-retention.toml";
  std::ofstream(path) << "[privacy]\nretention_months = 0\n";
  auto off = load_settings(path.string(), true);
  ASSERT_TRUE(off.ok());
  EXPECT_EQ(off->retention_months, 0);
  ::setenv("KURSBASE_RETENTION_MONTHS", "24", 1);
  auto env = load_settings(path.string(), true);
  ::unsetenv("KURSBASE_RETENTION_MONTHS");
  ASSERT_TRUE(env.ok());
  EXPECT_EQ(env->retention_months, 24);
}

TEST(Config, TrustedProxiesFromFileThenEnvironment) {
  ::unsetenv("KURSBASE_TRUSTED_PROXIES");
  EXPECT_TRUE(Settings{}.trusted_proxies.empty());
  const auto path = std::filesystem::temp_directory_path() / "kursbase-config-proxies.toml";
  std::ofstream(path) << "[security]\ntrusted_proxies = [\"10.0.0.1\", \"10.0.0.2\"]\n";
  auto file = load_settings(path.string(), true);
  ASSERT_TRUE(file.ok());
  EXPECT_EQ(file->trusted_proxies, (std::vector<std::string>{"10.0.0.1", "10.0.0.2"}));
  ::setenv("KURSBASE_TRUSTED_PROXIES", " 127.0.0.1 ,::1,", 1);
  auto env = load_settings(path.string(), true);
  ::unsetenv("KURSBASE_TRUSTED_PROXIES");
  ASSERT_TRUE(env.ok());
  EXPECT_EQ(env->trusted_proxies, (std::vector<std::string>{"127.0.0.1", "::1"}));
}

}  // namespace
}  // namespace kursbase::config
