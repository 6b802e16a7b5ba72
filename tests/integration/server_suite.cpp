#include "server_suite.hpp"

#include <algorithm>
#include <cctype>

namespace kursbase::testing {

std::unique_ptr<ServerProcess> ServerSuite::server_;
std::string ServerSuite::start_error_;

void ServerSuite::SetUpTestSuite() {
  start_error_.clear();
  server_ = ServerProcess::start(&start_error_);
}

void ServerSuite::TearDownTestSuite() {
  if (!server_) return;
  EXPECT_TRUE(server_->alive()) << "the server died during the suite; log:\n"
                                << file_tail(server_->log_path());
  const int code = server_->stop();
  EXPECT_EQ(code, 0) << "SIGTERM should stop the server gracefully with exit code 0 (-1: it "
                        "hung and was killed); log:\n"
                     << file_tail(server_->log_path());
  const auto suspicious = server_->suspicious_log_lines();
  std::string lines;
  for (const auto& l : suspicious) lines += l + "\n";
  EXPECT_TRUE(suspicious.empty()) << "the server log has crash or error lines:\n" << lines;
  if (code != 0 || !suspicious.empty()) {
    server_->keep_files();
    std::fprintf(stderr, "kept the server's files in %s\n", server_->dir().c_str());
  }
  server_.reset();
}

void ServerSuite::SetUp() {
  ASSERT_NE(server_, nullptr) << "could not start kursbase serve"
                              << (test_engine_is_postgres() ? " on PostgreSQL" : "") << ": "
                              << start_error_;
  ASSERT_TRUE(server_->alive()) << "the server is not running; log:\n"
                                << file_tail(server_->log_path());
}

nlohmann::json ServerSuite::get_json(const std::string& target, int status) {
  const auto r = get(target);
  EXPECT_EQ(r.status, status) << "GET " << target << " " << r.reason << "\n"
                              << r.body.substr(0, 2000);
  const auto type = r.header("Content-Type").value_or("");
  EXPECT_NE(type.find("application/json"), std::string::npos) << "GET " << target << ": " << type;
  auto parsed = nlohmann::json::parse(r.body, nullptr, false);
  EXPECT_FALSE(parsed.is_discarded())
      << "GET " << target << " is not JSON: " << r.body.substr(0, 500);
  if (r.status != status || parsed.is_discarded()) return nullptr;
  return parsed;
}

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool contains_ci(std::string_view haystack, std::string_view needle) {
  return lower(haystack).find(lower(needle)) != std::string::npos;
}

bool looks_norwegian(std::string_view text) {
  if (text.empty() || text.find("error.") != std::string_view::npos ||
      text.find("catalogue.") != std::string_view::npos)
    return false;
  static constexpr std::string_view kMarkers[] = {
      "æ",    "ø",      "å",         "Æ",     "Ø",        "Å",          " ikke",
      " er ", " kan ",  " må ",      " for ", " og ",     " du ",       "Vi ",
      "Det ", "Denne ", "Tjenesten", "Søk",   "Adressen", "Forespørsel"};
  const std::string padded = " " + std::string(text) + " ";
  return std::any_of(std::begin(kMarkers), std::end(kMarkers),
                     [&](std::string_view m) { return padded.find(m) != std::string::npos; });
}

std::string api_error_problem(const HttpResponse& r) {
  const auto type = r.header("Content-Type").value_or("");
  if (type.find("application/json") == std::string::npos)
    return "Content-Type is '" + type + "', not application/json";
  const auto j = nlohmann::json::parse(r.body, nullptr, false);
  if (j.is_discarded()) return "body is not JSON: " + r.body.substr(0, 200);
  if (!j.contains("error") || !j["error"].is_object())
    return "no error object: " + r.body.substr(0, 200);
  const auto& e = j["error"];
  if (!e.contains("code") || !e["code"].is_string() || e["code"].get<std::string>().empty())
    return "no error.code: " + r.body.substr(0, 200);
  if (!e.contains("message") || !e["message"].is_string())
    return "no error.message: " + r.body.substr(0, 200);
  if (!looks_norwegian(e["message"].get<std::string>()))
    return "error.message is not Norwegian: " + e["message"].get<std::string>();
  return "";
}

std::string html_error_problem(const HttpResponse& r) {
  const auto type = r.header("Content-Type").value_or("");
  if (type.find("text/html") == std::string::npos)
    return "Content-Type is '" + type + "', not text/html; body: " + r.body.substr(0, 200);
  if (r.body.find("<html lang=\"nb\"") == std::string::npos)
    return "no <html lang=\"nb\">: " + r.body.substr(0, 200);
  return "";
}

}  // namespace kursbase::testing
