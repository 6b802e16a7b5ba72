#include "interop/spreadsheet/attendance_export.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>

namespace kursbase::interop {
namespace {

Table sample() {
  Table t;
  t.title = "Oppmøte: KOLS/skole [vår] med et veldig langt navn som kuttes";
  t.header = {"Navn", "Økt 1", "Økt 2", "Fullført"};
  t.rows = {{"Åse Ødegård", "Til stede", "Borte; syk", "Nei"},
            {"Ola \"Olsen\" Nordmann", "Til stede", "linje1\nlinje2", "Ja"},
            {"=HYPERLINK(\"x\")", "", "", "Nei"}};
  return t;
}

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

TEST(AttendanceCsv, HasBomSemicolonsCrlfAndRfc4180Quotes) {
  const auto csv = to_csv(sample());
  ASSERT_EQ(csv.rfind("\xEF\xBB\xBF", 0), 0u);
  EXPECT_NE(csv.find("Navn;Økt 1;Økt 2;Fullført\r\n"), std::string::npos);
  EXPECT_NE(csv.find("\"Borte; syk\""), std::string::npos);
  EXPECT_NE(csv.find("\"Ola \"\"Olsen\"\" Nordmann\""), std::string::npos);
}

TEST(AttendanceCsv, ParsesBackToTheSameTableWithFormulasDefused) {
  const auto t = sample();
  auto rows = parse_csv(to_csv(t));
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 4u);
  EXPECT_EQ((*rows)[0], t.header);
  EXPECT_EQ((*rows)[1], t.rows[0]);
  EXPECT_EQ((*rows)[2], t.rows[1]);
  EXPECT_EQ((*rows)[3][0], "'=HYPERLINK(\"x\")");
}

TEST(AttendanceCsv, UnterminatedQuoteIsInvalid) {
  auto rows = parse_csv("a;\"b\r\n");
  ASSERT_FALSE(rows.ok());
  EXPECT_EQ(rows.error().code, ErrorCode::Malformed);
}

TEST(AttendanceXlsx, IsAZipWhoseSheetHoldsTheNames) {
  auto bytes = to_xlsx(sample());
  ASSERT_TRUE(bytes.ok()) << bytes.error().detail;
  ASSERT_GT(bytes->size(), 4u);
  EXPECT_EQ(bytes->substr(0, 4), std::string("PK\x03\x04", 4));

  const auto dir =
      std::filesystem::temp_directory_path() / ("kursbase-xlsx-test-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto file = dir / "oppmote.xlsx";
  std::ofstream(file, std::ios::binary) << *bytes;
  const std::string cmd =
      "python3 -m zipfile -e '" + file.string() + "' '" + (dir / "x").string() + "'";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  const auto strings = slurp(dir / "x" / "xl" / "sharedStrings.xml");
  EXPECT_NE(strings.find("Åse Ødegård"), std::string::npos);
  // Text nodes need no escaped quotes; either spelling is valid XML.
  EXPECT_TRUE(strings.find("Ola \"Olsen\" Nordmann") != std::string::npos ||
              strings.find("Ola &quot;Olsen&quot; Nordmann") != std::string::npos);
  EXPECT_NE(strings.find("Fullført"), std::string::npos);
  const auto workbook = slurp(dir / "x" / "xl" / "workbook.xml");
  EXPECT_NE(workbook.find("name=\"Oppmøte  KOLS skole  vår  med e\""), std::string::npos)
      << workbook;
  const auto sheet = slurp(dir / "x" / "xl" / "worksheets" / "sheet1.xml");
  EXPECT_NE(sheet.find("<c r=\"D4\""), std::string::npos);  // 3 rows + header, 4 columns
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace kursbase::interop
