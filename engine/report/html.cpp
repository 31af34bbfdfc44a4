// HTML: one self-contained file per table set. No external resources: the CSS is inline and the
// fonts are the reader's own (Chinese serif families first, with fallbacks), so the file opens
// offline and prints on A4 as the official forms do.
#include <algorithm>
#include <cstdio>
#include <numeric>
#include <sstream>
#include <vector>

#include "engine/report/formats.h"

namespace jixiao::report {
namespace {

constexpr const char* kFonts =
    "\"SimSun\", \"宋体\", \"Songti SC\", \"STSong\", \"Noto Serif CJK SC\", \"Source Han Serif "
    "SC\", \"Noto Sans CJK SC\", \"Source Han Sans SC\", \"WenQuanYi Micro Hei\", \"Microsoft "
    "YaHei\", serif";
constexpr const char* kTitleFonts =
    "\"SimHei\", \"黑体\", \"Heiti SC\", \"Noto Sans CJK SC\", \"Source Han Sans SC\", "
    "\"WenQuanYi Micro Hei\", \"Microsoft YaHei\", sans-serif";

// Printable area of A4 with 12 mm margins.
constexpr double kPrintLong = 273, kPrintShort = 186;  // mm
constexpr double kBodyPt = 10.5;
constexpr double kMmPerPt = 25.4 / 72;
constexpr double kMinScale = 0.7;

std::string Css(bool landscape) {
  const char* width = landscape ? "273mm" : "186mm";
  std::ostringstream o;
  o << "@page { size: A4 " << (landscape ? "landscape" : "portrait") << "; margin: 12mm; }\n"
    << "* { box-sizing: border-box; }\n"
    << "html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }\n"
    << "body { margin: 0; color: #000; background: #fff; font-family: " << kFonts
    << "; font-size: 10.5pt; line-height: 1.35; }\n"
    << ".sheet { width: " << width << "; margin: 0 auto; }\n"
    << ".sheet + .sheet { break-before: page; page-break-before: always; }\n"
    << "h1 { font-family: " << kTitleFonts
    << "; font-size: 16pt; font-weight: bold; text-align: center; margin: 0 0 1.5mm; }\n"
    << ".subtitle { text-align: center; margin: 0 0 1.5mm; }\n"
    << ".notes { display: flex; justify-content: space-between; margin: 0 0 1mm; }\n"
    << "table { width: 100%; border-collapse: collapse; table-layout: fixed; }\n"
    // The caption rides in the table's head: Chromium repeats a thead on every page a table
    // spans, so a continuation shows the title and the header rows (项目名称) again.
    << "thead { display: table-header-group; }\n"
    << "th.caption { border: none; padding: 0; font-weight: normal; text-align: left; }\n"
    << "td, thead td { border: 1px solid #000; padding: 0.3em 0.4em; text-align: center; "
       "vertical-align: middle; overflow-wrap: anywhere; }\n"
    << "td.text { text-align: left; }\n"
    << "td.header, td.total { font-weight: bold; }\n"
    << "td.group { font-weight: bold; text-align: left; }\n"
    << "tr { break-inside: avoid; page-break-inside: avoid; }\n"
    << "tr.keep { break-after: avoid; page-break-after: avoid; }\n"
    << "p.under { font-size: 9pt; margin: 1.5mm 0 0; overflow-wrap: anywhere; }\n"
    << "p.sign { margin: 4mm 0 0; white-space: pre-wrap; }\n"
    << "p.lead, p.item { text-indent: 2em; margin: 0 0 2mm; text-align: justify; }\n"
    << "h2 { font-family: " << kTitleFonts << "; font-size: 12pt; margin: 4mm 0 2mm; }\n"
    << "@media screen { body { background: #e8e8e8; } .sheet { background: #fff; margin: 8mm "
       "auto; padding: 10mm 12mm; width: calc("
    << width << " + 24mm); box-shadow: 0 0 3mm rgba(0,0,0,.25); } }\n";
  return o.str();
}

// The font scale at which the grid fits one printed page, estimated from its rows' wrapped lines
// (Grid::RowLines); kMinScale when it does not fit even so (it then breaks between rows).
double FitScale(const Grid& g) {
  const double page_w = g.landscape ? kPrintLong : kPrintShort;
  const double page_h = (g.landscape ? kPrintShort : kPrintLong) * 0.94;  // a margin for error
  const double units = std::accumulate(g.widths.begin(), g.widths.end(), 0.0);
  const double em = kBodyPt * kMmPerPt;  // mm of one CJK character (2 display units)
  double caption = 16 * 1.35 * kMmPerPt + 1.5;
  if (!g.subtitle.empty()) caption += em * 1.35 + 1.5;
  if (!g.note_left.empty() || !g.note_right.empty()) caption += em * 1.35 + 1;
  double under = 0;
  if (!g.footer.empty()) under += 2 * 9 * 1.35 * kMmPerPt + 1.5;
  if (g.signature) under += em * 1.35 * 2 + 4;
  for (double s = 1.0; s > kMinScale + 1e-9; s -= 0.05) {
    // A column of w units is w·page_w/units mm; at scale s a display unit is em·s/2 mm.
    // Every row has a line at least: a grid longer than the page even so is not measured at this
    // scale (a province's 汇总表 of 100,000 rows was measured at every scale, for kMinScale).
    if (caption + g.rows * (em * s * 1.35 + 0.6 * em * s + 0.3) + under > page_h) continue;
    const double wider = (page_w / units) / (em * s / 2);
    double rows = 0;
    for (int lines : g.RowLines(wider)) rows += lines * em * s * 1.35 + 0.6 * em * s + 0.3;
    if (caption + rows + under <= page_h) return s;
  }
  return kMinScale;
}
std::string Page(const std::string& title, bool landscape, const std::string& body) {
  return "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" +
         HtmlEscape(title) + "</title>\n<style>\n" + Css(landscape) +
         "</style>\n</head>\n<body>\n" + body + "</body>\n</html>\n";
}

const char* StyleClass(CellStyle s) {
  switch (s) {
    case CellStyle::kText:
      return "text";
    case CellStyle::kLabel:
      return "label";
    case CellStyle::kHeader:
      return "header";
    case CellStyle::kGroup:
      return "group";
    case CellStyle::kTotal:
      return "total";
    case CellStyle::kBody:
      break;
  }
  return "";
}

// Appended to `o`, not streamed: a province's 汇总表 is 100,000 rows, and a stream per row was
// most of its time. `next` walks the grid's cells (sorted by row and column) row after row: the
// cell at (r, col) is what Grid::At finds, without a search per position.
void AppendRowHtml(std::string& o, const Grid& g, int r,
                   const std::vector<std::vector<bool>>& covered, std::size_t& next) {
  const bool keep = std::binary_search(g.keep_with_next.begin(), g.keep_with_next.end(), r);
  o += keep ? "<tr class=\"keep\">" : "<tr>";
  for (int col = 0; col < g.cols; ++col) {
    while (next < g.cells.size() &&
           (g.cells[next].row < r || (g.cells[next].row == r && g.cells[next].col < col)))
      ++next;
    const Cell* cell = next < g.cells.size() && g.cells[next].row == r && g.cells[next].col == col
                           ? &g.cells[next]
                           : nullptr;
    if (!cell) {
      if (!covered[std::size_t(r)][std::size_t(col)]) o += "<td></td>";
      continue;
    }
    const Cell& c = *cell;
    o += "<td";
    if (c.rows > 1) o += " rowspan=\"" + std::to_string(c.rows) + "\"";
    if (c.cols > 1) o += " colspan=\"" + std::to_string(c.cols) + "\"";
    if (const char* cls = StyleClass(c.style); *cls) {
      o += " class=\"";
      o += cls;
      o += "\"";
    }
    o += ">";
    o += HtmlEscape(c.text);
    o += "</td>";
  }
  o += "</tr>\n";
}

std::string GridHtml(const Grid& g) {
  std::ostringstream o;
  char scale[32];
  std::snprintf(scale, sizeof scale, "%.2f", kBodyPt * FitScale(g));
  o << "<section class=\"sheet\" style=\"font-size: " << scale << "pt\">\n<table>\n<colgroup>";
  const double total = std::accumulate(g.widths.begin(), g.widths.end(), 0.0);
  for (double w : g.widths) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f", 100 * w / total);
    o << "<col style=\"width:" << buf << "%\">";
  }
  o << "</colgroup>\n<thead>\n<tr><th class=\"caption\" colspan=\"" << g.cols << "\"><h1>"
    << HtmlEscape(g.title) << "</h1>\n";
  if (!g.subtitle.empty()) o << "<p class=\"subtitle\">" << HtmlEscape(g.subtitle) << "</p>\n";
  if (!g.note_left.empty() || !g.note_right.empty()) {
    o << "<div class=\"notes\"><span>" << HtmlEscape(g.note_left) << "</span><span>"
      << HtmlEscape(g.note_right) << "</span></div>\n";
  }
  o << "</th></tr>\n";
  // Positions no cell covers still get an empty bordered cell, or the row would fall short.
  std::vector<std::vector<bool>> covered(std::size_t(g.rows), std::vector<bool>(g.cols, false));
  for (const Cell& c : g.cells)
    for (int r = c.row; r < c.row + c.rows; ++r)
      for (int k = c.col; k < c.col + c.cols; ++k) covered[std::size_t(r)][std::size_t(k)] = true;
  const int head = std::min(g.header_rows, g.rows);
  std::string rows;
  std::size_t next = 0;
  for (int r = 0; r < head; ++r) AppendRowHtml(rows, g, r, covered, next);
  rows += "</thead>\n<tbody>\n";
  for (int r = head; r < g.rows; ++r) AppendRowHtml(rows, g, r, covered, next);
  o << rows << "</tbody>\n</table>\n";
  if (!g.footer.empty()) o << "<p class=\"under\">" << HtmlEscape(g.footer) << "</p>\n";
  if (g.signature) o << "<p class=\"sign\">" << HtmlEscape(SignatureText(*g.signature)) << "</p>\n";
  o << "</section>\n";
  return o.str();
}

}  // namespace

std::string HtmlSummary(const ReportData& d) {
  return Page(d.summary.title, false, GridHtml(d.summary));
}

std::string HtmlTables(const ReportData& d) {
  std::string body;
  for (const Grid& g : d.tables) body += GridHtml(g);
  return Page(std::to_string(d.year) +
                  (d.evaluated.empty() ? "年度项目绩效目标表" : "年度项目支出绩效自评表"),
              true, body);
}

std::string HtmlOverview(const ReportData& d) {
  const Overview& ov = d.overview;
  std::ostringstream o;
  o << "<section class=\"sheet\">\n<h1>" << HtmlEscape(ov.title) << "</h1>\n";
  for (const OverviewBlock& b : OverviewBlocks(ov)) {
    switch (b.kind) {
      case OverviewBlock::Kind::kHeading:
        o << "<h2>" << HtmlEscape(b.text) << "</h2>\n";
        break;
      case OverviewBlock::Kind::kParagraph:
        o << "<p class=\"lead\">" << HtmlEscape(b.text) << "</p>\n";
        break;
      case OverviewBlock::Kind::kItem:
        o << "<p class=\"item\">" << b.number << ". " << HtmlEscape(b.heading) << "："
          << HtmlEscape(b.text) << "</p>\n";
        break;
    }
  }
  o << "</section>\n";
  return Page(ov.title, false, o.str());
}

}  // namespace jixiao::report
