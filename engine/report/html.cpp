// HTML: one self-contained file per table set. No external resources: the CSS is inline and the
// fonts are the reader's own (Chinese serif families first, with fallbacks), so the file opens
// offline and prints on A4 as the official forms do.
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

std::string Css(bool landscape) {
  // Printable width of A4 with 12 mm margins: 273 mm landscape, 186 mm portrait.
  const char* width = landscape ? "273mm" : "186mm";
  std::ostringstream o;
  o << "@page { size: A4 " << (landscape ? "landscape" : "portrait") << "; margin: 12mm; }\n"
    << "* { box-sizing: border-box; }\n"
    << "html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }\n"
    << "body { margin: 0; color: #000; background: #fff; font-family: " << kFonts
    << "; font-size: 10.5pt; line-height: 1.35; }\n"
    << ".sheet { width: " << width << "; margin: 0 auto; padding: 6mm 0; }\n"
    << ".sheet + .sheet { break-before: page; page-break-before: always; }\n"
    << "h1 { font-family: " << kTitleFonts
    << "; font-size: 16pt; font-weight: bold; text-align: center; margin: 0 0 1.5mm; }\n"
    << ".subtitle { text-align: center; margin: 0 0 1.5mm; }\n"
    << ".notes { display: flex; justify-content: space-between; margin: 0 0 1mm; }\n"
    << "table { width: 100%; border-collapse: collapse; table-layout: fixed; }\n"
    << "td { border: 1px solid #000; padding: 1.2mm 1.5mm; text-align: center; vertical-align: "
       "middle; overflow-wrap: anywhere; }\n"
    << "td.text { text-align: left; }\n"
    << "td.header, td.total { font-weight: bold; }\n"
    << "td.group { font-weight: bold; text-align: left; }\n"
    << "tr { break-inside: avoid; page-break-inside: avoid; }\n"
    << "p.lead, p.item { text-indent: 2em; margin: 0 0 2mm; text-align: justify; }\n"
    << "h2 { font-family: " << kTitleFonts << "; font-size: 12pt; margin: 4mm 0 2mm; }\n"
    << "@media screen { body { background: #e8e8e8; } .sheet { background: #fff; margin: 8mm "
       "auto; padding: 10mm 12mm; width: calc("
    << width << " + 24mm); box-shadow: 0 0 3mm rgba(0,0,0,.25); } }\n";
  return o.str();
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

std::string GridHtml(const Grid& g) {
  std::ostringstream o;
  o << "<section class=\"sheet\">\n<h1>" << HtmlEscape(g.title) << "</h1>\n";
  if (!g.subtitle.empty()) o << "<p class=\"subtitle\">" << HtmlEscape(g.subtitle) << "</p>\n";
  if (!g.note_left.empty() || !g.note_right.empty()) {
    o << "<div class=\"notes\"><span>" << HtmlEscape(g.note_left) << "</span><span>"
      << HtmlEscape(g.note_right) << "</span></div>\n";
  }
  o << "<table>\n<colgroup>";
  const double total = std::accumulate(g.widths.begin(), g.widths.end(), 0.0);
  for (double w : g.widths) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f", 100 * w / total);
    o << "<col style=\"width:" << buf << "%\">";
  }
  o << "</colgroup>\n";
  // Positions no cell covers still get an empty bordered cell, or the row would fall short.
  std::vector<std::vector<bool>> covered(std::size_t(g.rows), std::vector<bool>(g.cols, false));
  for (const Cell& c : g.cells)
    for (int r = c.row; r < c.row + c.rows; ++r)
      for (int k = c.col; k < c.col + c.cols; ++k) covered[std::size_t(r)][std::size_t(k)] = true;
  for (int r = 0; r < g.rows; ++r) {
    o << "<tr>";
    for (int col = 0; col < g.cols; ++col) {
      const Cell* cell = g.At(r, col);
      if (!cell) {
        if (!covered[std::size_t(r)][std::size_t(col)]) o << "<td></td>";
        continue;
      }
      const Cell& c = *cell;
      o << "<td";
      if (c.rows > 1) o << " rowspan=\"" << c.rows << "\"";
      if (c.cols > 1) o << " colspan=\"" << c.cols << "\"";
      const std::string cls = StyleClass(c.style);
      if (!cls.empty()) o << " class=\"" << cls << "\"";
      o << ">" << HtmlEscape(c.text) << "</td>";
    }
    o << "</tr>\n";
  }
  o << "</table>\n";
  if (!g.footer.empty())
    o << "<p style=\"font-size: 9pt; margin: 1.5mm 0 0; overflow-wrap: anywhere;\">"
      << HtmlEscape(g.footer) << "</p>\n";
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
