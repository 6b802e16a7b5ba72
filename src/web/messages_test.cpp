#include "web/messages.hpp"

#include <gtest/gtest.h>

namespace kursbase::web {
namespace {

TEST(Messages, BokmaalIsTheDefault) {
  EXPECT_EQ(Messages::get("nb").text("search.button"), "Søk");
  EXPECT_EQ(Messages::get("xx").language(), "nb");
  EXPECT_EQ(supported_languages().front(), "nb");
}

TEST(Messages, MissingKeysShowTheKey) {
  EXPECT_FALSE(Messages::get("nb").has("no.such.key"));
  EXPECT_EQ(Messages::get("nb").text("no.such.key"), "no.such.key");
}

TEST(Messages, EveryErrorKeyTheCodeUsesExists) {
  for (auto key : {"catalogue.error.invalid_search", "catalogue.error.unknown_value",
                   "catalogue.error.encoding", "catalogue.error.too_many_parameters",
                   "catalogue.error.text_too_long", "catalogue.error.date",
                   "catalogue.error.date_order", "catalogue.error.page", "error.page_not_found",
                   "error.bad_request", "error.method_not_allowed", "error.unavailable",
                   "error.internal", "course.error.not_found", "run.error.not_found"})
    EXPECT_TRUE(Messages::get("nb").has(key)) << key;
}

}  // namespace
}  // namespace kursbase::web
