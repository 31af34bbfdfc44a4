#include "engine/io/csv.h"

#include <iconv.h>

#include <cctype>
#include <cerrno>

#include "indicators/diagnostics.h"
#include "indicators/i18n.h"
#include "indicators/utf8.h"

namespace jixiao {
namespace {

// Converts GB18030 (a superset of GBK and GB2312) to UTF-8 with glibc's iconv; false on bytes
// that are not GB18030.
bool Gb18030ToUtf8(const std::string& in, std::string* out) {
  iconv_t cd = iconv_open("UTF-8", "GB18030");
  if (cd == reinterpret_cast<iconv_t>(-1)) return false;
  std::string result(in.size() * 2 + 16, '\0');
  char* src = const_cast<char*>(in.data());
  std::size_t src_left = in.size();
  char* dst = result.data();
  std::size_t dst_left = result.size();
  const std::size_t rc = iconv(cd, &src, &src_left, &dst, &dst_left);
  iconv_close(cd);
  if (rc == static_cast<std::size_t>(-1) || src_left != 0) return false;
  result.resize(result.size() - dst_left);
  *out = std::move(result);
  return true;
}

}  // namespace

CsvText DecodeCsv(std::string bytes, const std::string& filename) {
  CsvText t;
  if (bytes.size() >= 3 && bytes.compare(0, 3, "\xEF\xBB\xBF") == 0) {
    t.utf8 = bytes.substr(3);
    t.encoding = "UTF-8 with BOM";
  } else if (bytes.size() >= 2 && (bytes[0] == '\xFF' || bytes[0] == '\xFE') &&
             (bytes[1] == '\xFE' || bytes[1] == '\xFF')) {
    throw IoError(TrF("{}: the file is UTF-16: save it as CSV UTF-8", filename));
  } else if (utf8::Valid(bytes)) {
    t.utf8 = std::move(bytes);
    t.encoding = "UTF-8";
  } else if (Gb18030ToUtf8(bytes, &t.utf8)) {
    t.encoding = "GB18030 (GBK)";
  } else {
    throw IoError(TrF("{}: the file is neither UTF-8 nor GBK/GB18030 text", filename));
  }
  return t;
}

std::vector<CsvRow> ParseCsv(std::string_view text, std::string* error) {
  std::vector<CsvRow> rows;
  CsvRow row;
  std::string cell;
  bool quoted = false, any = false;
  int line = 1, quote_line = 0;
  row.line = 1;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          cell.push_back('"');
          ++i;
        } else {
          quoted = false;
        }
      } else {
        if (c == '\n') ++line;
        cell.push_back(c);
      }
      continue;
    }
    if (c == '"' && cell.empty()) {
      quoted = true;
      quote_line = line;
      any = true;
    } else if (c == ',') {
      row.cells.push_back(std::move(cell));
      cell.clear();
      any = true;
    } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      continue;
    } else if (c == '\n') {
      if (any || !cell.empty()) {
        row.cells.push_back(std::move(cell));
        rows.push_back(std::move(row));
      }
      row = CsvRow{};
      cell.clear();
      any = false;
      ++line;
      row.line = line;
    } else {
      cell.push_back(c);
      any = true;
    }
  }
  if (quoted) {
    *error = TrF("line {}: a quoted cell is never closed", quote_line);
    return rows;
  }
  if (any || !cell.empty()) {
    row.cells.push_back(std::move(cell));
    rows.push_back(std::move(row));
  }
  return rows;
}

namespace {

bool IsFormulaStart(char c) {
  return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}

// [+-]digits[.digits][e[+-]digits][%] or [+-].digits…: what a spreadsheet reads as a number.
bool IsPlainNumber(std::string_view s) {
  std::size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  std::size_t digits = 0;
  while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i, ++digits;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i, ++digits;
  }
  if (digits == 0) return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    std::size_t exp = 0;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i, ++exp;
    if (exp == 0) return false;
  }
  if (i < s.size() && s[i] == '%') ++i;
  return i == s.size();
}

// The first character after the leading single quotes.
std::size_t QuotesBefore(std::string_view s) {
  std::size_t q = 0;
  while (q < s.size() && s[q] == '\'') ++q;
  return q;
}

}  // namespace

bool CsvNeedsNeutralising(std::string_view s) {
  const std::size_t q = QuotesBefore(s);
  if (q >= s.size() || !IsFormulaStart(s[q])) return false;
  return q > 0 || !IsPlainNumber(s);
}

std::string CsvCellText(std::string_view cell) {
  const std::size_t q = QuotesBefore(cell);
  if (q > 0 && q < cell.size() && IsFormulaStart(cell[q])) return std::string(cell.substr(1));
  return std::string(cell);
}

std::string CsvField(std::string_view s) {
  const bool neutralise = CsvNeedsNeutralising(s);
  if (!neutralise && s.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(s);
  std::string out = neutralise ? "\"'" : "\"";
  for (char c : s) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

}  // namespace jixiao
