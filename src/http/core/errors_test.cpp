// The one error mapping: every code → status, the JSON body, the HTML error
// page, and a scan that keeps handlers from choosing an error status themselves.
#include "http/core/errors.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "app/testing/oslo_time_zone.hpp"
#include "http/core/responder.hpp"
#include "web/templates.hpp"

namespace kursbase::http {
namespace {

struct Row {
  int status;
  const char* name;
};

// The decision of errors.hpp, written out once more. The switch has no default:
// with -Wall -Werror a code added to ErrorCode without a row here fails the build.
Row expected(ErrorCode code) {
  switch (code) {
    case ErrorCode::Malformed:
      return {400, "malformed"};
    case ErrorCode::InvalidInput:
      return {422, "invalid_input"};
    case ErrorCode::Unauthenticated:
      return {401, "unauthenticated"};
    case ErrorCode::Forbidden:
      return {403, "forbidden"};
    case ErrorCode::NotFound:
      return {404, "not_found"};
    case ErrorCode::MethodNotAllowed:
      return {405, "method_not_allowed"};
    case ErrorCode::Conflict:
      return {409, "conflict"};
    case ErrorCode::UriTooLong:
      return {414, "uri_too_long"};
    case ErrorCode::ContentTooLarge:
      return {413, "content_too_large"};
    case ErrorCode::HttpVersionNotSupported:
      return {505, "http_version_not_supported"};
    case ErrorCode::RateLimited:
      return {429, "rate_limited"};
    case ErrorCode::Internal:
      return {500, "internal"};
    case ErrorCode::Unavailable:
      return {503, "unavailable"};
  }
  return {0, nullptr};  // not a code of ErrorCode: ends the walk below
}

// Every ErrorCode, by walking the enum until expected() no longer knows a value.
std::vector<ErrorCode> all_codes() {
  std::vector<ErrorCode> out;
  for (int i = 0; expected(static_cast<ErrorCode>(i)).name != nullptr; ++i)
    out.push_back(static_cast<ErrorCode>(i));
  return out;
}

TEST(ErrorMapping, EveryCodeHasItsStatusAndName) {
  const auto codes = all_codes();
  EXPECT_EQ(codes.size(), 13u);  // the walk reached the last code (enum values are dense)
  for (const auto code : codes) {
    const auto row = expected(code);
    EXPECT_EQ(status_for(code), row.status) << row.name;
    EXPECT_EQ(code_name(code), row.name);
    EXPECT_GE(row.status, 400);
  }
}

TEST(ErrorMapping, InvalidInputIsTwoStatuses) {
  // The decision itself: unreadable → 400, readable but breaking a rule → 422.
  EXPECT_EQ(status_for(malformed("error.bad_request").code), 400);
  EXPECT_EQ(status_for(invalid_input("error.bad_request").code), 422);
  EXPECT_EQ(status_for(conflict("error.bad_request").code), 409);
  EXPECT_EQ(status_for(not_found("error.page_not_found").code), 404);
  EXPECT_EQ(status_for(unavailable("db down").code), 503);
}

class ResponderErrors : public ::testing::Test {
 protected:
  static Request at(const std::string& path) {
    Request r;
    r.method = "GET";
    r.path = path;
    return r;
  }
  web::Templates templates_;
  Responder responder_{templates_, app::testing::oslo_time_zone()};
  const web::Messages& nb_ = web::Messages::get("nb");
};

TEST_F(ResponderErrors, JsonBodyForEveryCode) {
  for (const auto code : all_codes()) {
    const Error e{code, "error.bad_request", "detail never shown", {{"q", "catalogue.error.page"}}};
    const auto r = responder_.error(at("/api/v1/courses"), e);
    SCOPED_TRACE(expected(code).name);
    EXPECT_EQ(r.status, expected(code).status);
    EXPECT_EQ(r.content_type, "application/json");
    const auto j = nlohmann::json::parse(r.body);
    ASSERT_EQ(j.size(), 1u);
    ASSERT_EQ(j["error"].size(), 3u);
    EXPECT_EQ(j["error"]["code"], expected(code).name);
    EXPECT_EQ(j["error"]["message"], nb_.text("error.bad_request"));
    ASSERT_EQ(j["error"]["fields"].size(), 1u);
    EXPECT_EQ(j["error"]["fields"][0]["field"], "q");
    EXPECT_EQ(j["error"]["fields"][0]["message"], nb_.text("catalogue.error.page"));
    EXPECT_EQ(r.body.find("detail never shown"), std::string::npos);
  }
}

TEST_F(ResponderErrors, JsonFieldsAreAnEmptyArrayWhenNotAboutInput) {
  const auto j = nlohmann::json::parse(
      responder_.error_api(at("/api/v1/runs/1"), not_found("error.page_not_found")).body);
  EXPECT_TRUE(j["error"]["fields"].is_array());
  EXPECT_TRUE(j["error"]["fields"].empty());
}

TEST_F(ResponderErrors, HtmlErrorPageForEveryCode) {
  for (const auto code : all_codes()) {
    const Error e{code, "error.page_not_found", "detail never shown"};
    const auto r = responder_.error(at("/kurs/1"), e);
    SCOPED_TRACE(expected(code).name);
    EXPECT_EQ(r.status, expected(code).status);
    EXPECT_EQ(r.content_type, "text/html; charset=utf-8");
    EXPECT_NE(r.body.find("<html"), std::string::npos);
    EXPECT_NE(r.body.find(nb_.text("error.page_not_found")), std::string::npos);
    EXPECT_EQ(r.body.find("detail never shown"), std::string::npos);
  }
}

TEST_F(ResponderErrors, APageShownForAnErrorTakesItsStatus) {
  // A form shown again with its problems: the error decides, not the handler.
  EXPECT_EQ(responder_.page(at("/"), "search", {}).status, 200);
  EXPECT_EQ(
      responder_.page(at("/"), malformed("catalogue.error.invalid_search"), "search", {}).status,
      400);
  EXPECT_EQ(responder_.page(at("/"), invalid_input("enrollment.error.form"), "search", {}).status,
            422);
  EXPECT_EQ(
      responder_.page(at("/"), conflict("enrollment.error.offer_expired"), "search", {}).status,
      409);
}

TEST(ErrorMapping, PlainErrorIsTextFromTheCatalogue) {
  const auto r = plain_error(not_found("error.page_not_found", "no file"));
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.content_type, "text/plain; charset=utf-8");
  EXPECT_EQ(r.body, web::Messages::get("nb").text("error.page_not_found"));
}

// ---- no handler chooses an error status ----

// `text` without comments, string and character literals (so a status named in
// a comment or a message does not count).
std::string code_only(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text.compare(i, 2, "//") == 0) {
      while (i < text.size() && text[i] != '\n') ++i;
      out += '\n';
    } else if (text.compare(i, 2, "/*") == 0) {
      const auto end = text.find("*/", i + 2);
      i = end == std::string::npos ? text.size() : end + 1;
    } else if (text[i] == '"' || text[i] == '\'') {
      const char quote = text[i];
      for (++i; i < text.size() && text[i] != quote; ++i)
        if (text[i] == '\\') ++i;
      out += "\"\"";
    } else {
      out += text[i];
    }
  }
  return out;
}

// What in `text` looks like a handler choosing a status: a 4xx/5xx number, an
// assignment to a member `status` (a Response's) that is not a 2xx/3xx literal, or a call of
// status_for (only Responder asks it).
std::vector<std::string> status_choices(const std::string& text) {
  static const std::regex kErrorNumber(R"(\b[45][0-9][0-9]\b)");
  static const std::regex kAssignment(R"((?:\.|->)status\s*=(?!=)\s*([^;]*);)");
  static const std::regex kSuccess(R"(\s*[23][0-9][0-9]\s*)");
  static const std::regex kAsk(R"(\bstatus_for\s*\()");
  const std::string code = code_only(text);
  std::vector<std::string> found;
  for (std::sregex_iterator it(code.begin(), code.end(), kErrorNumber), end; it != end; ++it)
    found.push_back(it->str());
  for (std::sregex_iterator it(code.begin(), code.end(), kAssignment), end; it != end; ++it)
    if (!std::regex_match((*it)[1].str(), kSuccess)) found.push_back(it->str());
  for (std::sregex_iterator it(code.begin(), code.end(), kAsk), end; it != end; ++it)
    found.push_back(it->str());
  return found;
}

TEST(HandlerStatusScan, FindsWhatItMustFind) {
  EXPECT_EQ(status_choices("return r.page(req, 422, \"x\", d);").size(), 1u);
  EXPECT_EQ(status_choices("constexpr int kUnprocessable = 422;").size(), 1u);
  EXPECT_EQ(status_choices("resp.status = kUnprocessable;").size(), 1u);
  EXPECT_EQ(status_choices("r.status = code == X ? 429 : 401;").size(), 3u);
  EXPECT_EQ(status_choices("Response{404, \"text/plain\", b};").size(), 1u);
  EXPECT_EQ(status_choices("return r.page(req, status_for(e.code), n, d);").size(), 1u);
}

TEST(HandlerStatusScan, LeavesAloneWhatIsNotAChoice) {
  EXPECT_TRUE(status_choices("// answers 422 with the form\nint x = 1;").empty());
  EXPECT_TRUE(status_choices("/* 409 */ r.status = 200;").empty());
  EXPECT_TRUE(status_choices("f(\"token endpoint answered 400\");").empty());
  EXPECT_TRUE(status_choices("if (r.status == 200 || r.status != 303) {}").empty());
  EXPECT_TRUE(status_choices("Response::html(303, \"\"); kMax = 4096; x = 16 * 1024;").empty());
  EXPECT_TRUE(status_choices("return r.page(req, err, \"staff_run\", d);").empty());
  EXPECT_TRUE(status_choices("const auto status = run_status(r, now);").empty());
}

TEST(HandlerStatusScan, NoFileUnderSrcHttpChoosesAnErrorStatus) {
  const char* root = std::getenv("KURSBASE_SOURCE_DIR");
  ASSERT_NE(root, nullptr) << "KURSBASE_SOURCE_DIR (set by ctest)";
  const std::filesystem::path http = std::filesystem::path(root) / "src" / "http";
  // The mapping itself, the Responder that asks it, and the Response type.
  const std::vector<std::string> allowed = {"core/errors.cpp",        "core/errors.hpp",
                                            "core/reason_phrase.cpp", "core/responder.cpp",
                                            "core/response.cpp",      "core/response.hpp"};
  int scanned = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(http)) {
    const auto rel = std::filesystem::relative(entry.path(), http).generic_string();
    const auto ext = entry.path().extension();
    if (!entry.is_regular_file() || (ext != ".cpp" && ext != ".hpp")) continue;
    if (rel.ends_with("_test.cpp") || rel.starts_with("testing/")) continue;
    if (std::find(allowed.begin(), allowed.end(), rel) != allowed.end()) continue;
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    ++scanned;
    for (const auto& found : status_choices(text.str()))
      ADD_FAILURE() << "src/http/" << rel << " chooses a status itself: `" << found
                    << "`; return the Error and let Responder map it (http/core/errors.hpp)";
  }
  EXPECT_GT(scanned, 20);  // the walk found the handlers
}

}  // namespace
}  // namespace kursbase::http
