#include "interop/spreadsheet/attendance_export.hpp"

#include <unistd.h>
#include <xlsxwriter.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>

#include "interop/csv/csv_reader.hpp"

namespace kursbase::interop {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";
constexpr std::size_t kMaxSheetName = 31;  // Excel's limit

// A cell Excel would read as a formula gets a leading apostrophe (OWASP CSV injection).
std::string defused(const std::string& cell) {
  if (!cell.empty() && (cell[0] == '=' || cell[0] == '+' || cell[0] == '-' || cell[0] == '@'))
    return "'" + cell;
  return cell;
}

void append_field(std::string& out, const std::string& raw) {
  const std::string cell = defused(raw);
  if (cell.find_first_of(";\"\r\n") == std::string::npos) {
    out += cell;
    return;
  }
  out += '"';
  for (char c : cell) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

void append_line(std::string& out, const std::vector<std::string>& cells) {
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (i) out += kCsvSeparator;
    append_field(out, cells[i]);
  }
  out += "\r\n";
}

// Excel refuses []:*?/\ in sheet names and more than 31 characters; cut at a
// UTF-8 character boundary.
std::string sheet_name(const std::string& title) {
  std::string name;
  for (char c : title)
    name += std::string_view("[]:*?/\\").find(c) == std::string_view::npos ? c : ' ';
  std::size_t chars = 0, cut = 0;
  for (; cut < name.size(); ++cut) {
    if ((static_cast<unsigned char>(name[cut]) & 0xC0) == 0x80) continue;
    if (++chars > kMaxSheetName) break;
  }
  name.resize(cut);
  return name.empty() ? std::string("Sheet1") : name;
}

}  // namespace

std::string to_csv(const Table& table) {
  std::string out(kBom);
  append_line(out, table.header);
  for (const auto& row : table.rows) append_line(out, row);
  return out;
}

Result<std::string> to_xlsx(const Table& table) {
  std::string path = (std::filesystem::temp_directory_path() / "kursbase-export-XXXXXX").string();
  const int fd = ::mkstemp(path.data());
  if (fd < 0) return unavailable("xlsx: mkstemp failed");
  ::close(fd);
  struct Remove {
    std::string p;
    ~Remove() { std::remove(p.c_str()); }
  } remove{path};

  lxw_workbook* book = workbook_new(path.c_str());
  if (!book) return unavailable("xlsx: workbook_new failed");
  lxw_worksheet* sheet = workbook_add_worksheet(book, sheet_name(table.title).c_str());
  lxw_format* bold = workbook_add_format(book);
  format_set_bold(bold);
  bool written = sheet != nullptr;
  for (std::size_t c = 0; written && c < table.header.size(); ++c)
    written = worksheet_write_string(sheet, 0, lxw_col_t(c), table.header[c].c_str(), bold) ==
              LXW_NO_ERROR;
  for (std::size_t r = 0; written && r < table.rows.size(); ++r)
    for (std::size_t c = 0; written && c < table.rows[r].size(); ++c)
      written = worksheet_write_string(sheet, lxw_row_t(r + 1), lxw_col_t(c),
                                       table.rows[r][c].c_str(), nullptr) == LXW_NO_ERROR;
  if (written) worksheet_freeze_panes(sheet, 1, 1);
  const lxw_error closed = workbook_close(book);  // frees the workbook in every case
  if (!written || closed != LXW_NO_ERROR) return unavailable("xlsx: write failed");

  std::ifstream in(path, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (bytes.empty()) return unavailable("xlsx: empty file");
  return bytes;
}

Result<std::vector<std::vector<std::string>>> parse_csv(const std::string& text) {
  auto records = read_csv(text, kCsvSeparator);
  if (!records) return records.error();
  std::vector<std::vector<std::string>> rows;
  for (auto& r : *records) rows.push_back(std::move(r.fields));
  return rows;
}

}  // namespace kursbase::interop
