// PDF through Cairo (the PDF surface: fonts embedded as subsets) and Pango (CJK line breaking and
// font fallback through fontconfig). The fonts asked for are Noto Serif CJK SC (body) and Noto
// Sans CJK SC (titles), from Debian's fonts-noto-cjk, then SimSun / SimHei where installed.
//
// A document is drawn twice: once to count its pages (into a stream that keeps nothing), then
// for real, so that every page can say 第 N 页 共 M 页. A grid is scaled down (to 70% at most) so
// that it fits one page; one that does not fit even so breaks between rows where the grid allows
// it (Grid::MayBreakBefore), and each continuation repeats the title, names the project
// (项目名称（续）) and repeats the header rows. A merged cell cut by a page break is drawn on both
// pages with its text.
#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <memory>
#include <numeric>

#include "engine/report/formats.h"
#include "indicators/i18n.h"

namespace jixiao::report {
namespace {

constexpr double kMm = 72.0 / 25.4;
constexpr double kA4Short = 210 * kMm, kA4Long = 297 * kMm;
constexpr double kMargin = 12 * kMm;
constexpr double kFooterSpace = 7 * kMm;  // the page number, inside the bottom margin's edge
constexpr double kPadX = 1.5 * kMm, kPadY = 1.2 * kMm;
constexpr double kBodySize = 10.5, kTitleSize = 16, kHeadingSize = 12, kSmallSize = 9;
constexpr const char* kBodyFont = "Noto Serif CJK SC, SimSun, Songti SC, serif";
constexpr const char* kTitleFont = "Noto Sans CJK SC, SimHei, Heiti SC, sans-serif";
constexpr double kMinScale = 0.7;

struct LayoutDeleter {
  void operator()(PangoLayout* l) const { g_object_unref(l); }
};
using Layout = std::unique_ptr<PangoLayout, LayoutDeleter>;

struct TextStyle {
  const char* family = kBodyFont;
  double size = kBodySize;
  bool bold = false;
  PangoAlignment align = PANGO_ALIGN_LEFT;
  double indent = 0;  // first-line indent, in points
};

// One PDF document being drawn: the pages, the fonts, the page numbers.
class Doc {
 public:
  // `file` empty: a counting pass (nothing is kept). `total`: pages of the document, 0 unknown.
  Doc(const std::filesystem::path& file, int total) : total_(total) {
    surface_ =
        file.empty()
            ? cairo_pdf_surface_create_for_stream(
                  [](void*, const unsigned char*, unsigned int) { return CAIRO_STATUS_SUCCESS; },
                  nullptr, kA4Short, kA4Long)
            : cairo_pdf_surface_create(file.string().c_str(), kA4Short, kA4Long);
    cr_ = cairo_create(surface_);
    Check(file);
  }
  ~Doc() {
    cairo_destroy(cr_);
    cairo_surface_destroy(surface_);
  }
  Doc(const Doc&) = delete;
  Doc& operator=(const Doc&) = delete;

  void Finish(const std::filesystem::path& file) {
    if (pages_ > 0) EndPage();
    cairo_surface_finish(surface_);
    Check(file);
  }
  int pages() const { return pages_; }

  // Starts a page; the drawing origin is the top-left of the printable area, in points.
  void NewPage(bool landscape) {
    if (pages_ > 0) EndPage();
    ++pages_;
    landscape_ = landscape;
    cairo_pdf_surface_set_size(surface_, PageWidth(), PageHeight());
    cairo_identity_matrix(cr_);
    cairo_translate(cr_, kMargin, kMargin);
  }
  double PageWidth() const { return landscape_ ? kA4Long : kA4Short; }
  double PageHeight() const { return landscape_ ? kA4Short : kA4Long; }
  double Width() const { return PageWidth() - 2 * kMargin; }
  double Height() const { return PageHeight() - 2 * kMargin - kFooterSpace; }

  Layout Text(const std::string& text, const TextStyle& s, double width) const {
    Layout l(pango_cairo_create_layout(cr_));
    PangoFontDescription* fd = pango_font_description_from_string(s.family);
    pango_font_description_set_absolute_size(fd, s.size * PANGO_SCALE);
    if (s.bold) pango_font_description_set_weight(fd, PANGO_WEIGHT_BOLD);
    pango_layout_set_font_description(l.get(), fd);
    pango_font_description_free(fd);
    pango_layout_set_width(l.get(), static_cast<int>(std::max(1.0, width) * PANGO_SCALE));
    pango_layout_set_wrap(l.get(), PANGO_WRAP_WORD_CHAR);
    pango_layout_set_alignment(l.get(), s.align);
    pango_layout_set_indent(l.get(), static_cast<int>(s.indent * PANGO_SCALE));
    pango_layout_set_text(l.get(), text.c_str(), static_cast<int>(text.size()));
    return l;
  }
  static double HeightOf(PangoLayout* l) {
    int w = 0, h = 0;
    pango_layout_get_size(l, &w, &h);
    return double(h) / PANGO_SCALE;
  }
  double Measure(const std::string& text, const TextStyle& s, double width) const {
    return HeightOf(Text(text, s, width).get());
  }
  void Draw(PangoLayout* l, double x, double y) const {
    cairo_move_to(cr_, x, y);
    pango_cairo_show_layout(cr_, l);
  }
  // Draws `text` in the box, vertically centred, clipped to the box.
  void Box(const std::string& text, const TextStyle& s, double x, double y, double w, double h,
           bool border) const {
    if (border) {
      cairo_set_line_width(cr_, 0.6);
      cairo_rectangle(cr_, x, y, w, h);
      cairo_stroke(cr_);
    }
    if (text.empty()) return;
    Layout l = Text(text, s, w - 2 * kPadX);
    const double th = HeightOf(l.get());
    cairo_save(cr_);
    cairo_rectangle(cr_, x, y, w, h);
    cairo_clip(cr_);
    Draw(l.get(), x + kPadX, y + std::max(kPadY, (h - th) / 2));
    cairo_restore(cr_);
  }
  cairo_t* cr() const { return cr_; }

 private:
  void EndPage() {
    if (total_ > 0) {
      // Page numbers in page coordinates, centred under the printable area.
      cairo_save(cr_);
      cairo_identity_matrix(cr_);
      const std::string n =
          "第 " + std::to_string(pages_) + " 页 共 " + std::to_string(total_) + " 页";
      TextStyle s{.size = kSmallSize, .align = PANGO_ALIGN_CENTER};
      Layout l = Text(n, s, PageWidth());
      Draw(l.get(), 0, PageHeight() - kMargin - HeightOf(l.get()) + 2 * kMm);
      cairo_restore(cr_);
    }
    cairo_show_page(cr_);
  }
  void Check(const std::filesystem::path& file) const {
    const cairo_status_t st = cairo_surface_status(surface_);
    if (st != CAIRO_STATUS_SUCCESS || cairo_status(cr_) != CAIRO_STATUS_SUCCESS) {
      throw IoError(
          TrF("cannot write {}: {}", file.empty() ? std::string(Tr("the PDF")) : file.string(),
              cairo_status_to_string(st != CAIRO_STATUS_SUCCESS ? st : cairo_status(cr_))));
    }
  }

  int total_;
  int pages_ = 0;
  bool landscape_ = false;
  cairo_surface_t* surface_ = nullptr;
  cairo_t* cr_ = nullptr;
};

TextStyle CellTextStyle(CellStyle st) {
  TextStyle s;
  s.align =
      st == CellStyle::kText || st == CellStyle::kGroup ? PANGO_ALIGN_LEFT : PANGO_ALIGN_CENTER;
  s.bold = st == CellStyle::kHeader || st == CellStyle::kGroup || st == CellStyle::kTotal;
  return s;
}

// A grid laid out at one scale: column positions and row heights in the scaled page's points.
class GridLayout {
 public:
  GridLayout(const Doc& doc, const Grid& g, double scale) : doc_(doc), g_(g), scale_(scale) {
    width_ = doc.Width() / scale;
    height_ = doc.Height() / scale;
    const double total = std::accumulate(g.widths.begin(), g.widths.end(), 0.0);
    x_.push_back(0);
    for (double w : g.widths) x_.push_back(x_.back() + width_ * w / total);
    RowHeights();
  }
  double scale() const { return scale_; }
  double height() const { return height_; }
  double Rows(int a, int b) const { return std::accumulate(h_.begin() + a, h_.begin() + b, 0.0); }
  double Caption(bool continued) const {
    double h = doc_.Measure(g_.title, Title(), width_) + 1.5 * kMm;
    if (continued) return h + doc_.Measure(Continued(), {}, width_) + 1.5 * kMm;
    if (!g_.subtitle.empty()) h += doc_.Measure(g_.subtitle, {}, width_) + 1 * kMm;
    if (!g_.note_left.empty() || !g_.note_right.empty())
      h += doc_.Measure(g_.note_left + g_.note_right, {}, width_ / 2) + 1 * kMm;
    return h;
  }
  double After() const {
    double h = 0;
    if (!g_.footer.empty()) h += doc_.Measure(g_.footer, Small(), width_) + 1.5 * kMm;
    if (g_.signature) h += doc_.Measure(SignatureText(*g_.signature), {}, width_) + 4 * kMm;
    return h;
  }

  // Draws the caption, rows [0, header) when `continued`, rows [a, b), and what goes under the
  // table when `last`.
  void DrawPage(int a, int b, bool continued, bool last) const {
    cairo_t* cr = doc_.cr();
    cairo_save(cr);
    cairo_scale(cr, scale_, scale_);
    double y = DrawCaption(continued);
    std::vector<std::pair<int, int>> segments;
    if (continued && g_.header_rows > 0) segments.emplace_back(0, g_.header_rows);
    segments.emplace_back(a, b);
    for (const auto& [from, to] : segments) {
      for (const Cell& c : g_.cells) {
        const int r0 = std::max(c.row, from), r1 = std::min(c.row + c.rows, to);
        if (r0 >= r1) continue;
        doc_.Box(c.text, CellTextStyle(c.style), x_[std::size_t(c.col)], y + Rows(from, r0),
                 x_[std::size_t(c.col + c.cols)] - x_[std::size_t(c.col)], Rows(r0, r1), true);
      }
      DrawUncovered(from, to, y);
      y += Rows(from, to);
    }
    if (last) {
      y += 1.5 * kMm;
      if (!g_.footer.empty()) {
        Layout l = doc_.Text(g_.footer, Small(), width_);
        doc_.Draw(l.get(), 0, y);
        y += Doc::HeightOf(l.get()) + 1.5 * kMm;
      }
      if (g_.signature) {
        Layout l = doc_.Text(SignatureText(*g_.signature), {}, width_);
        doc_.Draw(l.get(), 0, y + 2.5 * kMm);
      }
    }
    cairo_restore(cr);
  }

 private:
  static TextStyle Title() {
    return {.family = kTitleFont, .size = kTitleSize, .bold = true, .align = PANGO_ALIGN_CENTER};
  }
  static TextStyle Small() { return {.size = kSmallSize}; }
  std::string Continued() const {
    return (g_.continued_name.empty() ? g_.title : g_.continued_name) + "（续）";
  }

  void RowHeights() {
    const double line = doc_.Measure("国", {}, width_) + 2 * kPadY;
    h_.assign(std::size_t(g_.rows), line);
    auto width = [&](const Cell& c) {
      return x_[std::size_t(c.col + c.cols)] - x_[std::size_t(c.col)] - 2 * kPadX;
    };
    for (const Cell& c : g_.cells)
      if (c.rows == 1)
        h_[std::size_t(c.row)] =
            std::max(h_[std::size_t(c.row)],
                     doc_.Measure(c.text, CellTextStyle(c.style), width(c)) + 2 * kPadY);
    // A merged cell taller than its rows grows its last row.
    for (const Cell& c : g_.cells) {
      if (c.rows == 1 || c.text.empty()) continue;
      const double need = doc_.Measure(c.text, CellTextStyle(c.style), width(c)) + 2 * kPadY;
      const double have = Rows(c.row, c.row + c.rows);
      if (need > have) h_[std::size_t(c.row + c.rows - 1)] += need - have;
    }
  }

  double DrawCaption(bool continued) const {
    Layout t = doc_.Text(g_.title, Title(), width_);
    doc_.Draw(t.get(), 0, 0);
    double y = Doc::HeightOf(t.get()) + 1.5 * kMm;
    const auto line = [&](const std::string& s, PangoAlignment align, double x, double w) {
      Layout l = doc_.Text(s, {.align = align}, w);
      doc_.Draw(l.get(), x, y);
      return Doc::HeightOf(l.get());
    };
    if (continued) return y + line(Continued(), PANGO_ALIGN_CENTER, 0, width_) + 1.5 * kMm;
    if (!g_.subtitle.empty()) y += line(g_.subtitle, PANGO_ALIGN_CENTER, 0, width_) + 1 * kMm;
    if (!g_.note_left.empty() || !g_.note_right.empty()) {
      const double h = std::max(line(g_.note_left, PANGO_ALIGN_LEFT, 0, width_ / 2),
                                line(g_.note_right, PANGO_ALIGN_RIGHT, width_ / 2, width_ / 2));
      y += h + 1 * kMm;
    }
    return y;
  }

  // Positions no cell covers still get a bordered box, as the other formats draw them.
  void DrawUncovered(int from, int to, double y) const {
    std::vector<std::vector<bool>> covered(std::size_t(to - from),
                                           std::vector<bool>(std::size_t(g_.cols), false));
    for (const Cell& c : g_.cells)
      for (int r = std::max(c.row, from); r < std::min(c.row + c.rows, to); ++r)
        for (int k = c.col; k < c.col + c.cols; ++k)
          covered[std::size_t(r - from)][std::size_t(k)] = true;
    for (int r = from; r < to; ++r)
      for (int k = 0; k < g_.cols; ++k)
        if (!covered[std::size_t(r - from)][std::size_t(k)])
          doc_.Box("", {}, x_[std::size_t(k)], y + Rows(from, r),
                   x_[std::size_t(k + 1)] - x_[std::size_t(k)], h_[std::size_t(r)], true);
  }

  const Doc& doc_;
  const Grid& g_;
  double scale_;
  double width_ = 0, height_ = 0;
  std::vector<double> x_;  // column edges
  std::vector<double> h_;  // row heights
};

// The row ranges of each page: [first, end) pairs. Breaks where the grid allows, else (a block
// taller than a page) after the last row that fits.
std::vector<std::pair<int, int>> Paginate(const Grid& g, const GridLayout& l) {
  std::vector<std::pair<int, int>> pages;
  const double after = l.After();
  for (int a = 0; a < g.rows;) {
    const bool continued = a > 0;
    double room = l.height() - l.Caption(continued) -
                  (continued ? l.Rows(0, std::min(g.header_rows, g.rows)) : 0);
    int fits = a;  // rows [a, fits) fit
    while (fits < g.rows && l.Rows(a, fits + 1) <= room) ++fits;
    if (fits == g.rows && l.Rows(a, fits) + after <= room) {
      pages.emplace_back(a, g.rows);
      break;
    }
    int b = fits;
    while (b > a && !g.MayBreakBefore(b) && b < g.rows) --b;
    if (b == a) b = std::max(fits, a + 1);  // nowhere allowed: the most that fits
    if (b == g.rows && l.Rows(a, b) + after > room) {
      // Everything fits but what goes under the table: break earlier where allowed.
      int e = b - 1;
      while (e > a && !g.MayBreakBefore(e)) --e;
      b = e > a ? e : b;
    }
    pages.emplace_back(a, b);
    if (b == g.rows) {
      pages.emplace_back(g.rows, g.rows);  // under the table, on a page of its own
      break;
    }
    a = b;
  }
  return pages;
}

void DrawGrid(Doc& doc, const Grid& g) {
  doc.NewPage(g.landscape);
  // The largest scale at which the whole grid fits one page; else full size, over pages.
  for (double s = 1.0; s >= kMinScale - 1e-9; s -= 0.05) {
    GridLayout l(doc, g, s);
    if (l.Caption(false) + l.Rows(0, g.rows) + l.After() <= l.height()) {
      l.DrawPage(0, g.rows, false, true);
      return;
    }
  }
  GridLayout l(doc, g, 1.0);
  const auto pages = Paginate(g, l);
  for (std::size_t i = 0; i < pages.size(); ++i) {
    if (i > 0) doc.NewPage(g.landscape);
    l.DrawPage(pages[i].first, pages[i].second, i > 0, i + 1 == pages.size());
  }
}

// Paragraphs on portrait pages, broken between lines.
class Flow {
 public:
  explicit Flow(Doc& doc) : doc_(doc) { doc_.NewPage(false); }
  void Add(const std::string& text, const TextStyle& s, double space_after) {
    Layout l = doc_.Text(text, s, doc_.Width());
    PangoLayoutIter* it = pango_layout_get_iter(l.get());
    do {
      PangoRectangle logical;
      pango_layout_iter_get_line_extents(it, nullptr, &logical);
      const double top = double(logical.y) / PANGO_SCALE, h = double(logical.height) / PANGO_SCALE;
      if (y_ + h > doc_.Height() && y_ > 0) {
        doc_.NewPage(false);
        y_ = 0;
      }
      const double baseline = double(pango_layout_iter_get_baseline(it)) / PANGO_SCALE;
      cairo_move_to(doc_.cr(), double(logical.x) / PANGO_SCALE, y_ + baseline - top);
      pango_cairo_show_layout_line(doc_.cr(), pango_layout_iter_get_line_readonly(it));
      y_ += h;
    } while (pango_layout_iter_next_line(it));
    pango_layout_iter_free(it);
    y_ += space_after;
  }

 private:
  Doc& doc_;
  double y_ = 0;  // top of the next line on the page
};

void DrawOverview(Doc& doc, const Overview& ov) {
  Flow f(doc);
  f.Add(ov.title,
        {.family = kTitleFont, .size = kTitleSize, .bold = true, .align = PANGO_ALIGN_CENTER},
        4 * kMm);
  const TextStyle heading{.family = kTitleFont, .size = kHeadingSize, .bold = true};
  const TextStyle para{.indent = 2 * kBodySize};
  // The same parts in the same order as every other format (OverviewBlocks).
  for (const OverviewBlock& b : OverviewBlocks(ov)) {
    switch (b.kind) {
      case OverviewBlock::Kind::kHeading:
        f.Add(b.text, heading, 2 * kMm);
        break;
      case OverviewBlock::Kind::kParagraph:
        f.Add(b.text, para, 2 * kMm);
        break;
      case OverviewBlock::Kind::kItem:
        f.Add(std::to_string(b.number) + ". " + b.heading + "：" + b.text, para, 2 * kMm);
        break;
    }
  }
}

int Render(const ReportData& d, const std::filesystem::path& file, int total) {
  Doc doc(file, total);
  // No 汇总表 or 自评综述 when no project is printed as a 自评表 (a batch of 绩效目标表).
  if (d.has_summary) DrawGrid(doc, d.summary);
  if (!d.summary_only) {
    if (d.has_summary) DrawOverview(doc, d.overview);
    for (const Grid& g : d.tables) DrawGrid(doc, g);
  }
  doc.Finish(file);
  return doc.pages();
}

}  // namespace

void WritePdf(const ReportData& d, const std::filesystem::path& file) {
  const int pages = Render(d, {}, 0);
  Render(d, file, pages);
}

}  // namespace jixiao::report
