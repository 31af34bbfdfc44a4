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
  if (d.has_summary) GridMd(o, d.summary, "#");
  if (d.summary_only) return o.str();
  const Overview& ov = d.overview;
  if (d.has_summary) o << "# " << Line(ov.title) << "\n\n";
  bool in_list = false;
  for (const OverviewBlock& b : OverviewBlocks(ov)) {
    if (in_list && b.kind != OverviewBlock::Kind::kItem) o << "\n";
    in_list = b.kind == OverviewBlock::Kind::kItem;
    switch (b.kind) {
      case OverviewBlock::Kind::kHeading:
        o << "## " << Line(b.text) << "\n\n";
        break;
      case OverviewBlock::Kind::kParagraph:
        o << Para(b.text) << "\n\n";
        break;
      case OverviewBlock::Kind::kItem:
        o << b.number << ". " << Line(b.heading) << "：" << Line(b.text) << "\n";
        break;
    }
  }
  if (in_list) o << "\n";
  for (const Grid& g : d.tables) GridMd(o, g, "#");
  return o.str();
}

}  // namespace jixiao::report
