// engine/io/csv.h — CSV as office software writes it: RFC 4180 quoting, CRLF or LF, a UTF-8
// byte-order mark, or GBK/GB18030 from Chinese Excel (detected and converted, and said so).
#ifndef JIXIAO_ENGINE_IO_CSV_H_
#define JIXIAO_ENGINE_IO_CSV_H_

#include <string>
#include <string_view>
#include <vector>

namespace jixiao {

struct CsvRow {
  int line = 0;  // 1-based line where the row starts
  std::vector<std::string> cells;
};

struct CsvText {
  std::string utf8;      // the text as UTF-8, BOM removed
  std::string encoding;  // "UTF-8", "UTF-8 with BOM", "GB18030 (GBK)"
};

// Decodes a CSV file's bytes; throws InputError-free IoError when the bytes are neither UTF-8
// nor GB18030.
CsvText DecodeCsv(std::string bytes, const std::string& filename);

// Splits CSV text into rows; a quote left open is reported in *error with its line.
std::vector<CsvRow> ParseCsv(std::string_view text, std::string* error);

// One CSV field, quoted when needed.
std::string CsvField(std::string_view s);

}  // namespace jixiao

#endif  // JIXIAO_ENGINE_IO_CSV_H_
