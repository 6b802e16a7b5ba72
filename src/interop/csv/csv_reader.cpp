#include "interop/csv/csv_reader.hpp"

namespace kursbase::interop {

Result<std::vector<CsvRecord>> read_csv(std::string_view text, char separator) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  std::vector<CsvRecord> out;
  CsvRecord record;
  std::string field;
  std::size_t line = 1;
  bool quoted = false, any = false;  // any: the record has begun
  std::size_t quote_line = 0;
  auto end_field = [&] {
    record.fields.push_back(std::move(field));
    field.clear();
  };
  auto end_record = [&] {
    if (any) {
      end_field();
      out.push_back(std::move(record));
    }
    record = CsvRecord{};
    any = false;
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (!any) {
      record.line = line;
    }
    if (quoted) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field += '"';
          ++i;
        } else {
          quoted = false;
        }
      } else {
        if (c == '\n') ++line;
        field += c;
      }
      continue;
    }
    if (c == '"' && field.empty()) {
      quoted = true;
      quote_line = line;
      any = true;
    } else if (c == separator) {
      any = true;
      end_field();
    } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      continue;  // the LF ends it
    } else if (c == '\n') {
      end_record();
      ++line;
    } else {
      any = true;
      field += c;
    }
  }
  if (quoted)
    return malformed("csv.error.unterminated",
                     "a quote opened on line " + std::to_string(quote_line) + " is never closed");
  end_record();
  return out;
}

std::string csv_field(std::string_view value) {
  if (value.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(value);
  std::string out = "\"";
  for (char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace kursbase::interop
