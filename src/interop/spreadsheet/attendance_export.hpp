#pragma once
// Attendance exports for spreadsheets: a plain table (header row, then one
// row per participant) written as CSV for Norwegian Excel or as XLSX.
//
// CSV: UTF-8 with a byte order mark (Excel otherwise guesses a legacy code
// page), fields separated by ';' (Norwegian Excel uses ',' as the decimal
// sign, so it expects ';'), CRLF line ends, and RFC 4180 quoting: a field
// with ';', '"', CR or LF is put in quotes and its quotes doubled.
// Cells starting with '=', '+', '-' or '@' get a leading apostrophe so a
// name cannot become a formula (CSV injection).
#include <string>
#include <vector>

#include "domain/core/result.hpp"

namespace kursbase::interop {

struct Table {
  std::string title;  // the sheet name (XLSX), at most 31 chars used
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;  // each as long as the header
};

inline constexpr char kCsvSeparator = ';';

std::string to_csv(const Table& table);

// The XLSX file's bytes (libxlsxwriter, through a temporary file that is
// removed again). Unavailable when the library or the temp folder fails.
Result<std::string> to_xlsx(const Table& table);

// Parses CSV as to_csv writes it (BOM, ';', RFC 4180 quotes; read_csv() of
// interop/csv); for tests. Malformed on an unterminated quote.
Result<std::vector<std::vector<std::string>>> parse_csv(const std::string& text);

}  // namespace kursbase::interop
