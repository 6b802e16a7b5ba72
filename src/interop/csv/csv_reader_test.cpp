#include "interop/csv/csv_reader.hpp"

#include <gtest/gtest.h>

namespace kursbase::interop {
namespace {

TEST(Csv, QuotedFieldsHoldCommasQuotesAndLineBreaksAndKeepTheirLine) {
  auto rows = read_csv(
      "\xEF\xBB\xBFtitle,programme\r\n"
      "\"KOLS, for pårørende\",\"Hva er KOLS?|2|professional\nÅ leve|1,5|both\"\r\n"
      "\r\n"
      "\"Si \"\"hei\"\"\",\n");
  ASSERT_TRUE(rows.ok()) << rows.error().detail;
  ASSERT_EQ(rows->size(), 3u);
  EXPECT_EQ((*rows)[0].line, 1u);
  EXPECT_EQ((*rows)[0].fields, (std::vector<std::string>{"title", "programme"}));
  EXPECT_EQ((*rows)[1].line, 2u);
  EXPECT_EQ((*rows)[1].fields[0], "KOLS, for pårørende");
  EXPECT_EQ((*rows)[1].fields[1], "Hva er KOLS?|2|professional\nÅ leve|1,5|both");
  EXPECT_EQ((*rows)[2].line, 5u);  // line 3 went to the quoted line break, 4 is blank
  EXPECT_EQ((*rows)[2].fields, (std::vector<std::string>{"Si \"hei\"", ""}));
}

TEST(Csv, AQuoteNeverClosedIsRefusedWithItsLine) {
  auto rows = read_csv("a,b\n\"open,\nstill open\n");
  ASSERT_FALSE(rows.ok());
  EXPECT_EQ(rows.error().code, ErrorCode::Malformed);
  EXPECT_NE(rows.error().detail.find("line 2"), std::string::npos);
}

TEST(Csv, WrittenFieldsReadBack) {
  const std::vector<std::string> values{"plain", "a,b", "say \"x\"", "two\nlines", ""};
  std::string line;
  for (const auto& v : values) line += (line.empty() ? "" : ",") + csv_field(v);
  auto rows = read_csv(line + "\n");
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].fields, values);
}

}  // namespace
}  // namespace kursbase::interop
