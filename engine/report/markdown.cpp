// Markdown: every table as a pipe table, for the terminal and for review. Pipe tables cannot
// merge cells: a merged cell's text stands in its top-left position, the cells it covers are
// blank (as in the published text of seed 004).
#include <sstream>

#include "engine/report/formats.h"

namespace jixiao::report {
namespace {

std::string MdCell(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '|') {
      out += "\\|";
    } else if (c == '\n' || c == '\r') {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

void GridMd(std::ostringstream& o, const Grid& g, const char* heading) {
  o << heading << " " << g.title << "\n\n";
  if (!g.subtitle.empty()) o << g.subtitle << "\n\n";
  if (!g.note_left.empty()) o << g.note_left << "\n\n";
  if (!g.note_right.empty()) o << g.note_right << "\n\n";
  for (int r = 0; r < g.rows; ++r) {
    o << "|";
    for (int c = 0; c < g.cols; ++c) {
      const Cell* x = g.At(r, c);
      o << " " << (x ? MdCell(x->text) : "") << " |";
    }
    o << "\n";
    if (r == 0) {
      o << "|";
      for (int c = 0; c < g.cols; ++c) o << "---|";
      o << "\n";
    }
  }
  o << "\n";
}

}  // namespace

std::string Markdown(const ReportData& d) {
  std::ostringstream o;
  GridMd(o, d.summary, "#");
  if (d.summary_only) return o.str();
  const Overview& ov = d.overview;
  o << "# " << ov.title << "\n\n";
  if (!ov.local.empty()) {
    o << "## 本级项目绩效自评结果\n\n" << ov.lead << "\n\n";
    int n = 0;
    for (const auto& it : ov.local) o << ++n << ". " << it.heading << "：" << it.text << "\n";
    o << "\n";
  }
  if (!ov.central.empty()) {
    o << "## 中央对地方转移支付项目绩效自评结果\n\n" << ov.central_lead << "\n\n";
    int n = 0;
    for (const auto& it : ov.central) o << ++n << ". " << it.heading << "：" << it.text << "\n";
    o << "\n";
  }
  for (const Grid& g : d.tables) GridMd(o, g, "#");
  return o.str();
}

}  // namespace jixiao::report
