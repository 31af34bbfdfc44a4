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

// One CSV field for a spreadsheet, quoted when needed (RFC 4180). A cell a spreadsheet would run as
// a formula (its first character =, +, -, @, a tab or CR) is neutralised as OWASP recommends: a
// leading single quote, and the cell quoted. A number stays a number ("-3.5", "+2", "-5%"). Cells
// that already begin with quotes before such a character get one quote more, so that
// CsvCellText gives back exactly what was written.
std::string CsvField(std::string_view s);

// True when a spreadsheet would read `s` as a formula (see CsvField).
bool CsvNeedsNeutralising(std::string_view s);

// A cell read back from a sheet CsvField wrote: the neutralising quote removed, the rest as is.
std::string CsvCellText(std::string_view cell);

}  // namespace jixiao

#endif  // JIXIAO_ENGINE_IO_CSV_H_
