#include "engine/report/escape.h"

#include "indicators/text.h"
#include "indicators/utf8.h"

namespace jixiao {

namespace {

// Appends `c` as a character reference when HTML would read it as markup; false for other
// characters (not appended).
bool AppendReference(std::string& out, char c, bool quotes) {
  switch (c) {
    case '&':
      out += "&amp;";
      return true;
    case '<':
      out += "&lt;";
      return true;
    case '>':
      out += "&gt;";
      return true;
    case '"':
      if (!quotes) return false;
      out += "&quot;";
      return true;
    default:
      return false;
  }
}

}  // namespace

std::string HtmlEscape(std::string_view s) {
  if (s.find_first_of("&<>\"") == std::string_view::npos) return std::string(s);
  std::string out;
  out.reserve(s.size());
  for (char c : s)
    if (!AppendReference(out, c, true)) out += c;
  return out;
}

std::string MarkdownEscape(std::string_view s, bool in_table) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    if (AppendReference(out, c, false)) continue;
    if (in_table && c == '|') {
      out += "\\|";
    } else if (in_table && (c == '\n' || c == '\r')) {
      out += ' ';
    } else {
      out += c;
    }
  }
  // Line breaks are kept outside tables (paragraphs); every other control is shown, not sent.
  std::string shown;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= out.size(); ++i) {
    if (i == out.size() || out[i] == '\n') {
      shown += EscapeControls(std::string_view(out).substr(start, i - start));
      if (i < out.size()) shown += '\n';
      start = i + 1;
    }
  }
  return shown;
}

std::string XlsxText(std::string_view s, bool* cut) {
  if (cut) *cut = false;
  std::string out;
  out.reserve(s.size());
  const std::size_t mark_units = utf8::Length(kXlsxCutMark);  // all in the BMP
  std::size_t units = 0;                                      // UTF-16 code units written
  const std::size_t total = s.size();
  for (std::size_t i = 0, len = 0; i < total; i += len) {
    char32_t c = utf8::Decode(s, i, &len);
    const bool invalid = c == 0xFFFD && len != 3;
    const bool keep = c == '\t' || c == '\n';
    if (invalid || c == 0xFFFE || c == 0xFFFF || (!keep && IsControlCharacter(c))) c = 0xFFFD;
    const std::size_t w = c >= 0x10000 ? 2 : 1;
    if (units + w > kXlsxCellLimit - mark_units) {
      // Cut only when the rest does not fit within the limit as it is.
      std::size_t rest = 0;
      for (std::size_t k = i, l = 0; k < total && units + rest <= kXlsxCellLimit; k += l)
        rest += utf8::Decode(s, k, &l) >= 0x10000 ? 2 : 1;
      if (units + rest > kXlsxCellLimit) {
        out += kXlsxCutMark;
        if (cut) *cut = true;
        return out;
      }
    }
    utf8::Append(out, c);
    units += w;
  }
  return out;
}

}  // namespace jixiao
