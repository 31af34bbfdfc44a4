// Markdown: every table as a pipe table, for the terminal and for review. Pipe tables cannot
// merge cells: a merged cell's text stands in its top-left position, the cells it covers are
// blank (as in the published text of seed 004). Every text is escaped (engine/report/escape.h): a
// name cannot become HTML, a column or a line of its own.
#include <sstream>

#include "engine/report/formats.h"

namespace jixiao::report {
namespace {

// One line (a cell, a heading, a list item): pipes escaped, line breaks as spaces.
std::string Line(const std::string& s) { return MarkdownEscape(s, true); }
// A paragraph: its line breaks kept.
std::string Para(const std::string& s) { return MarkdownEscape(s, false); }

void GridMd(std::ostringstream& o, const Grid& g, const char* heading) {
  o << heading << " " << Line(g.title) << "\n\n";
  if (!g.subtitle.empty()) o << Para(g.subtitle) << "\n\n";
  if (!g.note_left.empty()) o << Para(g.note_left) << "\n\n";
  if (!g.note_right.empty()) o << Para(g.note_right) << "\n\n";
  for (int r = 0; r < g.rows; ++r) {
    o << "|";
    for (int c = 0; c < g.cols; ++c) {
      const Cell* x = g.At(r, c);
      o << " " << (x ? Line(x->text) : "") << " |";
    }
    o << "\n";
    if (r == 0) {
      o << "|";
      for (int c = 0; c < g.cols; ++c) o << "---|";
      o << "\n";
    }
  }
  o << "\n";
  if (!g.footer.empty()) o << Para(g.footer) << "\n\n";
  if (g.signature) o << Para(SignatureText(*g.signature)) << "\n\n";
}

}  // namespace

std::string Markdown(const ReportData& d) {
  std::ostringstream o;
  GridMd(o, d.summary, "#");
  if (d.summary_only) return o.str();
  const Overview& ov = d.overview;
  o << "# " << Line(ov.title) << "\n\n";
  if (!ov.local.empty()) {
    o << "## 本级项目绩效自评结果\n\n" << Para(ov.lead) << "\n\n";
    int n = 0;
    for (const auto& it : ov.local)
      o << ++n << ". " << Line(it.heading) << "：" << Line(it.text) << "\n";
    o << "\n";
  }
  if (!ov.central.empty()) {
    o << "## 中央对地方转移支付项目绩效自评结果\n\n" << Para(ov.central_lead) << "\n\n";
    int n = 0;
    for (const auto& it : ov.central)
      o << ++n << ". " << Line(it.heading) << "：" << Line(it.text) << "\n";
    o << "\n";
  }
  for (const Grid& g : d.tables) GridMd(o, g, "#");
  return o.str();
}

}  // namespace jixiao::report
