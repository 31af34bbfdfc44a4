// engine/report/escape.h — text made safe for the markup it is written into: HTML, Markdown and
// the terminal. Every writer of those formats uses these, so that a name or a reason can never
// become markup, a table column, or an escape sequence in its reader's document.
#ifndef JIXIAO_ENGINE_REPORT_ESCAPE_H_
#define JIXIAO_ENGINE_REPORT_ESCAPE_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace jixiao {

// & < > " as character references: safe in element content and in double-quoted attributes.
std::string HtmlEscape(std::string_view s);

// Markdown text: & < > as in HTML (Markdown passes HTML through), control characters written
// visibly (indicators/text.h EscapeControls). In a table cell (`in_table`) a pipe is escaped and a
// line break becomes a space, so that a cell stays one cell of one row.
std::string MarkdownEscape(std::string_view s, bool in_table);

// Excel's limit on the text of one cell, in UTF-16 code units.
inline constexpr std::size_t kXlsxCellLimit = 32767;
// What ends a cell cut to kXlsxCellLimit.
inline constexpr std::string_view kXlsxCutMark = "…（已截断：超过 Excel 单元格 32767 字符上限）";

// Text an XLSX cell (or sheet part) can hold, so that Excel and LibreOffice open the workbook:
// characters XML 1.0 forbids (C0 controls but tab and line feed, U+FFFE, U+FFFF, bytes that are
// not UTF-8) and the other controls of indicators/text.h become U+FFFD; text over kXlsxCellLimit is
// cut and ends with kXlsxCutMark, and *cut (when given) is set.
std::string XlsxText(std::string_view s, bool* cut = nullptr);

}  // namespace jixiao

#endif  // JIXIAO_ENGINE_REPORT_ESCAPE_H_
