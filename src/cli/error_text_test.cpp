// A command's error names the problem in Norwegian, never only by its key.
#include "cli/error_text.hpp"

#include <gtest/gtest.h>

namespace kursbase::cli {
namespace {

TEST(ErrorText, AKeyWithATextPrintsTheTextAndTheDetail) {
  const auto text = error_text(invalid_input("staff.password_length", "password length"));
  EXPECT_EQ(text, "Passordet må ha 15 til 128 tegn. (password length)");
  EXPECT_EQ(text.find("staff.password_length"), std::string::npos);
}

TEST(ErrorText, WithoutADetailOnlyTheText) {
  EXPECT_EQ(error_text({ErrorCode::NotFound, "staff.no_such_account", ""}),
            "Finner ingen bruker med det brukernavnet.");
}

TEST(ErrorText, AKeyWithoutATextKeepsTheDetailAndTheKey) {
  EXPECT_EQ(error_text({ErrorCode::Unavailable, "store.schema_not_current", "schema at 3"}),
            "schema at 3 (store.schema_not_current)");
}

}  // namespace
}  // namespace kursbase::cli
