#include "web/templates.hpp"

#include <gtest/gtest.h>

namespace kursbase::web {
namespace {

TEST(Templates, CompileAndEscape) {
  Templates t;  // throws on a template error or a missing message key
  nlohmann::json data{{"title", "<script>alert(1)</script>"},
                      {"message", "Fant ikke & <b>"},
                      {"lang", "nb"},
                      {"fields", nlohmann::json::array()}};
  const auto html = t.render_page("nb", "error", data);
  EXPECT_NE(html.find("<html lang=\"nb\""), std::string::npos);
  EXPECT_NE(html.find("Fant ikke &amp; &lt;b&gt;"), std::string::npos);
  EXPECT_EQ(html.find("<script>alert"), std::string::npos);
  EXPECT_NE(html.find("Hopp til hovedinnhold"), std::string::npos);  // [[...]] filled in
  EXPECT_EQ(html.find("[["), std::string::npos);
}

TEST(Templates, MessageTextsCanUseData) {
  Templates t;
  nlohmann::json data{
      {"lang", "nb"}, {"title", "x"}, {"total", 42}, {"has_results", false}, {"q", ""}};
  const auto html = t.render_page("nb", "search", data);
  EXPECT_NE(html.find("42 kurs"), std::string::npos);
}

}  // namespace
}  // namespace kursbase::web
