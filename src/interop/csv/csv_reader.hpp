#pragma once
// Comma-separated values as spreadsheets write them (RFC 4180): fields in
// double quotes may hold commas, line breaks and "" for a quote; records end
// with CRLF or LF; a UTF-8 byte-order mark at the start is skipped. Each
// record keeps the line it starts on, so a refusal can name the line a
// person sees in their editor.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "domain/core/result.hpp"

namespace kursbase::interop {

struct CsvRecord {
  std::size_t line = 0;  // 1-based, where the record starts
  std::vector<std::string> fields;
};

// The records of `text` with fields parted by `separator` (',' or, as
// Norwegian spreadsheets write it, ';'); a blank line is no record. Malformed
// "csv.error.unterminated" (detail names the line) for a quote never closed.
Result<std::vector<CsvRecord>> read_csv(std::string_view text, char separator = ',');

// One field written so read_csv() reads it back: quoted when it holds a
// comma, a quote or a line break.
std::string csv_field(std::string_view value);

}  // namespace kursbase::interop
