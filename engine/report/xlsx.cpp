// XLSX (libxlsxwriter): the 汇总表 sheet, the 自评综述 sheet, then one sheet per project. Merged
// cells as in the forms, thin borders everywhere, numbers stored as numbers with display formats,
// A4 fitted to the page width. Row heights are estimated from the text (spreadsheets do not grow
// rows for wrapped text in merged cells by themselves). Every text goes through XlsxText
// (engine/report/escape.h): no control character reaches the XML, no cell passes Excel's limit.
#include <xlsxwriter.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <set>

#include "engine/report/formats.h"
#include "engine/report/render.h"
#include "indicators/text.h"
#include "indicators/utf8.h"

namespace jixiao::report {
namespace {

constexpr const char* kFont = "宋体";
constexpr double kLineHeight = 14.5;  // points per line of 10.5 pt text

class Formats {
 public:
  explicit Formats(lxw_workbook* wb) : wb_(wb) {}

  lxw_format* Cell(CellStyle style, CellKind kind) {
    const auto key = std::pair{static_cast<int>(style), static_cast<int>(kind)};
    if (auto it = cells_.find(key); it != cells_.end()) return it->second;
    lxw_format* f = Base();
    format_set_border(f, LXW_BORDER_THIN);
    format_set_text_wrap(f);
    format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
    const bool left = style == CellStyle::kText || style == CellStyle::kGroup;
    format_set_align(f, left ? LXW_ALIGN_LEFT : LXW_ALIGN_CENTER);
    if (style == CellStyle::kHeader || style == CellStyle::kGroup || style == CellStyle::kTotal)
      format_set_bold(f);
    switch (kind) {
      case CellKind::kPercent:
        // Two decimals, except 0% and 100% (as the tables print them).
        format_set_num_format(f, "[=1]0%;[=0]0%;0.00%");
        break;
      case CellKind::kCount:
        format_set_num_format(f, "0");
        break;
      case CellKind::kAmount:
      case CellKind::kScore:
        // Values are stored rounded to two decimals; General shows them without trailing zeros.
        format_set_num_format(f, "General");
        break;
      case CellKind::kText:
        break;
    }
    cells_[key] = f;
    return f;
  }
  lxw_format* Title() {
    if (!title_) {
      title_ = Base();
      format_set_bold(title_);
      format_set_font_size(title_, 16);
      format_set_align(title_, LXW_ALIGN_CENTER);
      format_set_align(title_, LXW_ALIGN_VERTICAL_CENTER);
    }
    return title_;
  }
  lxw_format* Plain(bool right) {
    lxw_format*& f = right ? right_ : left_;
    if (!f) {
      f = Base();
      format_set_align(f, right ? LXW_ALIGN_RIGHT : LXW_ALIGN_LEFT);
      format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
      format_set_text_wrap(f);
    }
    return f;
  }
  lxw_format* Center() {
    if (!center_) {
      center_ = Base();
      format_set_align(center_, LXW_ALIGN_CENTER);
    }
    return center_;
  }

 private:
  lxw_format* Base() {
    lxw_format* f = workbook_add_format(wb_);
    format_set_font_name(f, kFont);
    format_set_font_size(f, 10.5);
    return f;
  }
  lxw_workbook* wb_;
  std::map<std::pair<int, int>, lxw_format*> cells_;
  lxw_format* title_ = nullptr;
  lxw_format* left_ = nullptr;
  lxw_format* right_ = nullptr;
  lxw_format* center_ = nullptr;
};

// Sheet names: at most 31 characters, none of []:*?/\, unique in the workbook.
std::string SheetName(const std::string& wanted, std::set<std::string>& used) {
  std::string clean;
  std::size_t chars = 0;
  for (std::size_t i = 0, len = 0; i < wanted.size() && chars < 28; i += len, ++chars) {
    utf8::Decode(wanted, i, &len);
    if (len == 0) len = 1;
    const std::string ch = wanted.substr(i, len);
    clean += ch.find_first_of("[]:*?/\\") == std::string::npos ? ch : "_";
  }
  if (clean.empty()) clean = "Sheet";
  std::string name = clean;
  for (int n = 2; used.count(name); ++n) name = clean + "~" + std::to_string(n);
  used.insert(name);
  return name;
}

void Check(lxw_error e, const std::string& what) {
  if (e != LXW_NO_ERROR) throw IoError(what + ": " + lxw_strerror(e));
}

// The text of one cell as Excel can hold it; a cut cell is reported in `warnings`, naming `where`.
class CellText {
 public:
  explicit CellText(std::vector<std::string>& warnings) : warnings_(warnings) {}
  std::string operator()(const std::string& text, const std::string& where) {
    bool cut = false;
    std::string safe = XlsxText(text, &cut);
    if (cut) {
      warnings_.push_back("report.xlsx: " + where + ": a cell of " +
                          std::to_string(utf8::Length(text)) +
                          " characters is over Excel's limit of 32,767: cut, and marked so");
    }
    return safe;
  }

 private:
  std::vector<std::string>& warnings_;
};

void WriteGrid(lxw_workbook* wb, Formats& fm, const Grid& g, std::set<std::string>& used,
               CellText& text) {
  // A project's sheet is named after the project (engine/report/tables.h).
  const std::string where = "'" + EscapeControls(g.sheet_name) + "'";
  const auto safe = [&](const std::string& s) { return text(s, where); };
  lxw_worksheet* ws = workbook_add_worksheet(wb, SheetName(XlsxText(g.sheet_name), used).c_str());
  if (!ws) throw IoError("cannot add the worksheet for '" + g.sheet_name + "'");
  worksheet_set_paper(ws, 9);  // A4
  if (g.landscape) worksheet_set_landscape(ws);
  worksheet_fit_to_pages(ws, 1, 0);
  worksheet_set_margins(ws, 0.5, 0.5, 0.6, 0.6);
  worksheet_center_horizontally(ws);
  for (int c = 0; c < g.cols; ++c)
    worksheet_set_column(ws, lxw_col_t(c), lxw_col_t(c), g.widths[std::size_t(c)], nullptr);
  const lxw_col_t last_col = lxw_col_t(g.cols - 1);

  int row = 0;
  Check(worksheet_merge_range(ws, 0, 0, 0, last_col, safe(g.title).c_str(), fm.Title()), where);
  worksheet_set_row(ws, 0, 28, nullptr);
  ++row;
  if (!g.subtitle.empty()) {
    Check(worksheet_merge_range(ws, lxw_row_t(row), 0, lxw_row_t(row), last_col,
                                safe(g.subtitle).c_str(), fm.Center()),
          where);
    ++row;
  }
  if (!g.note_left.empty() || !g.note_right.empty()) {
    const lxw_col_t mid = lxw_col_t(g.cols / 2);
    Check(worksheet_merge_range(ws, lxw_row_t(row), 0, lxw_row_t(row), mid - 1,
                                safe(g.note_left).c_str(), fm.Plain(false)),
          where);
    Check(worksheet_merge_range(ws, lxw_row_t(row), mid, lxw_row_t(row), last_col,
                                safe(g.note_right).c_str(), fm.Plain(true)),
          where);
    ++row;
  }
  const int top = row;
  // Print titles: the title rows and the grid's header rows head every printed page.
  worksheet_repeat_rows(ws, 0, lxw_row_t(top + std::max(0, std::min(g.header_rows, g.rows) - 1)));

  // Every grid position gets a bordered cell; merged cells are written in their top-left.
  std::vector<std::vector<bool>> covered(std::size_t(g.rows), std::vector<bool>(g.cols, false));
  const std::vector<int> lines = g.RowLines();
  for (const Cell& c : g.cells) {
    for (int r = c.row; r < c.row + c.rows; ++r)
      for (int k = c.col; k < c.col + c.cols; ++k) covered[std::size_t(r)][std::size_t(k)] = true;
    lxw_format* f = fm.Cell(c.style, c.kind);
    const lxw_row_t r0 = lxw_row_t(top + c.row), r1 = lxw_row_t(top + c.row + c.rows - 1);
    const lxw_col_t c0 = lxw_col_t(c.col), c1 = lxw_col_t(c.col + c.cols - 1);
    if (c.rows > 1 || c.cols > 1) Check(worksheet_merge_range(ws, r0, c0, r1, c1, "", f), where);
    if (c.number) {
      Check(worksheet_write_number(ws, r0, c0, *c.number, f), where);
    } else if (!c.text.empty()) {
      Check(worksheet_write_string(ws, r0, c0, safe(c.text).c_str(), f), where);
    } else if (c.rows == 1 && c.cols == 1) {
      Check(worksheet_write_blank(ws, r0, c0, f), where);
    }
  }
  for (int r = 0; r < g.rows; ++r) {
    for (int c = 0; c < g.cols; ++c)
      if (!covered[std::size_t(r)][std::size_t(c)])
        worksheet_write_blank(ws, lxw_row_t(top + r), lxw_col_t(c),
                              fm.Cell(CellStyle::kBody, CellKind::kText));
    worksheet_set_row(ws, lxw_row_t(top + r), kLineHeight * lines[std::size_t(r)] + 4, nullptr);
  }
  double width = 0;
  for (double w : g.widths) width += w;
  lxw_row_t under = lxw_row_t(top + g.rows);
  const auto line_under = [&](const std::string& s, double extra) {
    Check(worksheet_merge_range(ws, under, 0, under, last_col, safe(s).c_str(), fm.Plain(false)),
          where);
    worksheet_set_row(ws, under++, kLineHeight * LinesFor(s, width) + 4 + extra, nullptr);
  };
  if (!g.footer.empty()) line_under(g.footer, 0);
  if (g.signature) line_under(SignatureText(*g.signature), 12);  // room above, to sign
}

void WriteOverview(lxw_workbook* wb, Formats& fm, const Overview& ov, std::set<std::string>& used,
                   CellText& text) {
  lxw_worksheet* ws = workbook_add_worksheet(wb, SheetName("自评综述", used).c_str());
  if (!ws) throw IoError("cannot add the worksheet 自评综述");
  worksheet_set_paper(ws, 9);
  worksheet_fit_to_pages(ws, 1, 0);
  worksheet_set_margins(ws, 0.5, 0.5, 0.6, 0.6);
  worksheet_center_horizontally(ws);
  // Each paragraph is one cell merged over four columns: LibreOffice wraps a single wide cell
  // past the printed page (a cut 综述), and a merged cell within it.
  constexpr double kWidth = 100;
  constexpr lxw_col_t kCols = 4;
  worksheet_set_column(ws, 0, kCols - 1, kWidth / kCols, nullptr);
  lxw_row_t row = 0;
  const auto merged = [&](const std::string& s, lxw_format* f) {
    Check(worksheet_merge_range(ws, row, 0, row, kCols - 1, text(s, "自评综述").c_str(), f),
          "自评综述");
  };
  merged(ov.title, fm.Title());
  worksheet_set_row(ws, row++, 28, nullptr);
  worksheet_repeat_rows(ws, 0, 0);
  const auto para = [&](const std::string& s) {
    merged(s, fm.Plain(false));
    worksheet_set_row(ws, row++, kLineHeight * LinesFor(s, kWidth) + 4, nullptr);
  };
  for (const OverviewBlock& b : OverviewBlocks(ov))
    para(b.kind == OverviewBlock::Kind::kItem
             ? std::to_string(b.number) + ". " + b.heading + "：" + b.text
             : b.text);
}

}  // namespace

void WriteXlsx(const ReportData& d, const std::filesystem::path& file,
               std::vector<std::string>& warnings) {
  lxw_workbook* wb = workbook_new(file.string().c_str());
  if (!wb) throw IoError("cannot create " + file.string());
  try {
    Formats fm(wb);
    CellText text(warnings);
    std::set<std::string> used;
    if (d.has_summary) WriteGrid(wb, fm, d.summary, used, text);
    if (d.has_summary && !d.summary_only) WriteOverview(wb, fm, d.overview, used, text);
    for (const Grid& g : d.tables) WriteGrid(wb, fm, g, used, text);
  } catch (...) {
    workbook_close(wb);
    throw;
  }
  const lxw_error e = workbook_close(wb);
  if (e != LXW_NO_ERROR) throw IoError("cannot write " + file.string() + ": " + lxw_strerror(e));
}

}  // namespace jixiao::report
