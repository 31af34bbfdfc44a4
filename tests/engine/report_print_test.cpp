// Printing the reports: the grids' print metadata, the signature lines, and each printed format
// read back page by page with poppler-utils — the PDF (`--format pdf`), the HTML printed by
// Chromium, the XLSX printed by LibreOffice. Expectations come from the forms: every page names
// its project, a 总分 row never stands alone, the 自评综述 is printed whole and within the page,
// and the 自评表 of seed 004 (tests/data/seeds/004_*.txt) is found cell by cell in the PDF.
#include <doctest/doctest.h>
#include <spdlog/sinks/null_sink.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "engine/batch/batch.h"
#include "engine/report/formats.h"
#include "engine/report/report.h"
#include "engine/report/tables.h"
#include "tests/engine/run_cli.h"

namespace jixiao {
namespace {

namespace fs = std::filesystem;
using report::Grid;

const std::string kSrc = JIXIAO_SOURCE_DIR;

// config/NAME's projects, loaded and scored.
Batch LoadConfig(const std::string& name) {
  static PolicySet policies(PolicyOptions{});
  spdlog::logger log("test", std::make_shared<spdlog::sinks::null_sink_mt>());
  return LoadBatchAndScore({kSrc + "/config/" + name}, policies, log);
}

const Batch& Rongcheng() {
  static const Batch batch = LoadConfig("rongcheng-2024");
  return batch;
}

// config/rongcheng-2024's files of one format, as `report --level 市级` writes them.
std::vector<fs::path> WriteRongcheng(const fs::path& dir, ReportFormat f,
                                     Signature signature = {}) {
  ReportOptions o;
  o.out_dir = dir;
  o.level = "市级";
  o.formats = {f};
  o.unit.signature = std::move(signature);
  std::ostringstream out, progress;
  return WriteReports(Rongcheng(), o, out, progress);
}

struct Folder {
  fs::path path;
  explicit Folder(const std::string& name)
      : path(fs::temp_directory_path() /
             ("jixiao-print-" + name + "-" + std::to_string(::getpid()))) {
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~Folder() { fs::remove_all(path); }
};

// Standard output of a shell command; `rc` its exit status.
std::string Sh(const std::string& cmd, int* rc = nullptr) {
  std::string out;
  FILE* f = ::popen(cmd.c_str(), "r");
  REQUIRE(f != nullptr);
  char buf[4096];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, f)) > 0;) out.append(buf, n);
  const int status = ::pclose(f);
  if (rc) *rc = status;
  return out;
}

void RequireTool(const std::string& name) {
  // scripts/test installs them (scripts/setup --render): a print test is never skipped.
  REQUIRE_MESSAGE(std::system(("command -v " + name + " >/dev/null 2>&1").c_str()) == 0,
                  name << " is not installed: run ./scripts/setup --render");
}

int PdfPages(const fs::path& pdf) {
  std::smatch m;
  const std::string info = Sh("pdfinfo '" + pdf.string() + "'");
  REQUIRE(std::regex_search(info, m, std::regex("Pages:\\s+(\\d+)")));
  return std::stoi(m[1]);
}

// The seed's spelling and the forms' agree once brackets are half-width and spaces are gone.
std::string Normalise(std::string s) {
  for (const auto& [from, to] : std::vector<std::pair<std::string, std::string>>{
           {"（", "("}, {"）", ")"}, {"<b>", ""}, {"</b>", ""}, {"：", ":"}}) {
    for (std::size_t i; (i = s.find(from)) != std::string::npos;) s.replace(i, from.size(), to);
  }
  s.erase(std::remove_if(s.begin(), s.end(), [](char c) { return std::isspace(uint8_t(c)); }),
          s.end());
  return s;
}

// The text of each page, normalised (white space removed: a cell's text wraps over lines).
std::vector<std::string> PageTexts(const fs::path& pdf) {
  std::vector<std::string> pages;
  for (int i = 1, n = PdfPages(pdf); i <= n; ++i) {
    std::string t = Sh("pdftotext -q -f " + std::to_string(i) + " -l " + std::to_string(i) + " '" +
                       pdf.string() + "' -");
    pages.push_back(Normalise(t));
  }
  return pages;
}

bool Contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

std::vector<std::string> Names(const Batch& b) {
  std::vector<std::string> v;
  for (const auto& p : b.projects) v.push_back(p.file.project.name);
  return v;
}

// The names of the projects on a page's text (a 自评表 page names exactly one).
std::vector<std::string> NamesOn(const std::string& page) {
  std::vector<std::string> on;
  for (const std::string& n : Names(Rongcheng()))
    if (Contains(page, Normalise(n))) on.push_back(n);
  return on;
}

// A page whose only row is the 总分: it has 总分 and no indicator (no "(N分)" heading).
bool TotalAlone(const std::string& page) {
  return Contains(page, "总分") && !Contains(page, "指标");
}

// The cells of seed 004's 自评表 of `project` (tab-separated lines from the table's 项目名称 row
// to its 总分 row), non-empty.
std::vector<std::string> SeedCells(const std::string& project) {
  std::ifstream in(kSrc + "/tests/data/seeds/004_183f5d11d36eb6b2.txt");
  std::vector<std::string> cells;
  bool inside = false;
  for (std::string line; std::getline(in, line);) {
    if (!inside && line.rfind("项目名称\t", 0) == 0 && Contains(line, "\t" + project + "\t"))
      inside = true;
    if (!inside) continue;
    std::stringstream ss(line);
    for (std::string cell; std::getline(ss, cell, '\t');)
      if (!Normalise(cell).empty()) cells.push_back(Normalise(cell));
    if (Contains(line, "总分")) break;
  }
  return cells;
}

}  // namespace

TEST_CASE("print metadata: header rows, and the 总分 kept with the last indicator") {
  report::TableOptions o;
  o.summary_subtotals = true;  // --subtotals: the 小计 rows kept with their group
  for (const auto& p : Rongcheng().projects) {
    const Grid g = report::SelfEvaluationTable(p, o);
    CAPTURE(p.file.project.name);
    CHECK(g.header_rows == 1);
    CHECK(g.At(0, 0)->text == "项目名称");
    CHECK(g.continued_name == p.file.project.name);
    CHECK(g.MayBreakBefore(2));        // between the identity rows
    CHECK_FALSE(g.MayBreakBefore(1));  // a continuation starts after the header rows
    if (p.file.project.form == Form::kLocal) {
      const int total = g.rows - 1;
      REQUIRE(g.At(total, 0) != nullptr);
      CHECK(g.At(total, 0)->text == "总分");
      CHECK_FALSE(g.MayBreakBefore(total));
      CHECK(g.MayBreakBefore(total - 1));
    }
  }
  std::vector<const ScoredProject*> all;
  for (const auto& p : Rongcheng().projects) all.push_back(&p);
  const Grid s = report::SummaryTable(all, o);
  CHECK(s.header_rows == 1);
  CHECK(s.At(0, 0)->text == "序号");
  // Neither a group's title nor its 小计 is alone: no break after row 1 (the title) nor before
  // the last row (the 小计).
  CHECK_FALSE(s.MayBreakBefore(2));
  CHECK_FALSE(s.MayBreakBefore(s.rows - 1));
  // Rows: 0 heads, 1 中央 title, 2 its one project, 3 its 小计, 4 本级 title, 5–12, 13 小计.
  CHECK_FALSE(s.MayBreakBefore(3));
  CHECK(s.MayBreakBefore(4));  // between the groups
  CHECK(s.MayBreakBefore(6));  // between two projects
}

TEST_CASE("signature lines: every label, blanks to fill, under each table") {
  Signature sig;
  sig.unit = "荣成市医疗保障局";
  sig.phone = "0631-1234567";
  CHECK(report::SignatureText(sig) ==
        "填报单位（盖章）：荣成市医疗保障局　　单位负责人：________　　填报人：________　　"
        "联系电话：0631-1234567　　填报日期：________");
  ReportOptions o;
  o.formats = {ReportFormat::kMarkdown};
  o.out_dir = "-";
  o.unit.signature = sig;
  std::ostringstream out, progress;
  WriteReports(Rongcheng(), o, out, progress);
  std::size_t n = 0;
  const std::string md = out.str();
  for (std::size_t i = md.find("填报单位（盖章）"); i != std::string::npos;
       i = md.find("填报单位（盖章）", i + 1))
    ++n;
  CHECK(n == Rongcheng().projects.size() + 1);  // each 自评表 and the 汇总表
  o.unit.signature = {};                        // unit.yaml without a signature: no lines
  std::ostringstream plain;
  WriteReports(Rongcheng(), o, plain, progress);
  CHECK_FALSE(Contains(plain.str(), "填报单位"));
}

TEST_CASE("report --unit FILE: the signature lines under each table, from a unit.yaml") {
  const Folder dir("sig");
  const fs::path file = dir.path / "unit.yaml";
  std::ofstream(file) << "signature:\n  填报单位: 荣成市医疗保障局\n  preparer: 张三\n"
                         "  date: 2025年3月10日\n";
  const auto run =
      testing::Jixiao({"report", kSrc + "/config/rongcheng-2024", "--format", "md", "--out", "-",
                       "--project", "基层医保工作站项目", "--unit", file.string()});
  INFO(run.err);
  CHECK(run.rc == 0);
  const std::string line =
      "填报单位（盖章）：荣成市医疗保障局　　单位负责人：________　　填报人：张三　　"
      "联系电话：________　　填报日期：2025年3月10日";
  std::size_t n = 0;
  for (std::size_t i = run.out.find(line); i != std::string::npos; i = run.out.find(line, i + 1))
    ++n;
  CHECK(n == 2);  // under the 自评表 and under the 汇总表
}

TEST_CASE("PDF: each 自评表 on its own page, fonts embedded, seed 004's cells on the page") {
  RequireTool("pdfinfo");
  const Folder dir("pdf");
  Signature sig;
  sig.unit = "荣成市医疗保障局";
  const auto written = WriteRongcheng(dir.path, ReportFormat::kPdf, sig);
  REQUIRE(written.size() == 1);
  const fs::path pdf = dir.path / "report.pdf";
  REQUIRE(written[0] == pdf);

  // 9 projects in config/rongcheng-2024, 9 自评表 of one page each; the 汇总表 (9 rows) one
  // page; the 自评综述 (two leads and 8 + 1 paragraphs, about 45 lines) one portrait page.
  const std::vector<std::string> pages = PageTexts(pdf);
  REQUIRE(Rongcheng().projects.size() == 9);
  CHECK(pages.size() == 1 + 1 + 9);
  for (std::size_t i = 0; i < pages.size(); ++i) {
    CAPTURE(i + 1);
    CHECK(Contains(pages[i],
                   "第" + std::to_string(i + 1) + "页共" + std::to_string(pages.size()) + "页"));
    CHECK_FALSE(TotalAlone(pages[i]));
  }
  CHECK(Contains(pages[0], "绩效自评情况汇总表"));
  CHECK(Contains(pages[1], "自评综述"));
  for (std::size_t k = 0; k < 9 && 2 + k < pages.size(); ++k) {
    const std::string& page = pages[2 + k];
    const std::string name = Rongcheng().projects[k].file.project.name;
    CAPTURE(name);
    CHECK(Contains(page, Normalise(name)));
    CHECK(Contains(page, "填报单位(盖章):荣成市医疗保障局"));
  }

  // Fonts: every font embedded (pdffonts' "emb" column), and CJK ones among them.
  const std::string fonts = Sh("pdffonts '" + pdf.string() + "'");
  CHECK(Contains(fonts, "CJK"));
  std::istringstream fl(fonts);
  int listed = 0;
  for (std::string line; std::getline(fl, line);) {
    if (line.rfind("name", 0) == 0 || line.rfind("----", 0) == 0 || line.empty()) continue;
    ++listed;
    CAPTURE(line);
    CHECK(std::regex_search(line, std::regex("\\s+yes\\s+(yes|no)\\s+(yes|no)\\s+\\d+\\s+\\d+$")));
  }
  CHECK(listed > 0);

  // Seed 004's 基层医保工作站项目 table, cell by cell, on the page of that project.
  const std::vector<std::string> seed = SeedCells("基层医保工作站项目");
  // Counted by hand in the seed's text, lines 629–647, per row: 2+4+7+7+7+3+3+3+2 (head, budget,
  // goals) + 9 (indicator heads) + 7+5+7+5+6+7+6+7 (indicators) + 2 (总分) = 99.
  REQUIRE(seed.size() == 99);
  const auto it = std::find_if(pages.begin() + 2, pages.end(), [](const std::string& p) {
    return Contains(p, "基层医保工作站项目");
  });
  REQUIRE(it != pages.end());
  std::vector<std::string> missing;
  for (const std::string& cell : seed)
    if (!Contains(Normalise(*it), cell)) missing.push_back(cell);
  MESSAGE("seed 004 基层医保工作站项目: " << seed.size() - missing.size() << " of " << seed.size()
                                          << " cells on its PDF page");
  for (const auto& m : missing) MESSAGE("not found: " << m);
  CHECK(missing.empty());

  // A look at the pages: pdftoppm draws them (the README's pictures are made so).
  int rc = 0;
  Sh("pdftoppm -r 40 -png -f 4 -l 4 '" + pdf.string() + "' '" + (dir.path / "page").string() + "'",
     &rc);
  CHECK(rc == 0);
}

TEST_CASE("PDF of config/dezhou-2024: each 绩效目标表 on its own page, naming its project") {
  RequireTool("pdfinfo");
  const Folder dir("pdf-dezhou");
  const Batch dezhou = LoadConfig("dezhou-2024");
  ReportOptions o;
  o.out_dir = dir.path;
  o.formats = {ReportFormat::kPdf};
  std::ostringstream out, progress;
  WriteReports(dezhou, o, out, progress);
  // Counted by hand: config/dezhou-2024 holds 10 files (01–10.yaml), one project each, all at
  // budget time (no results): 10 项目支出绩效目标表, no 汇总表 or 自评综述, one page each.
  const std::vector<std::string> pages = PageTexts(dir.path / "report.pdf");
  REQUIRE(dezhou.projects.size() == 10);
  CHECK(pages.size() == 10);
  for (std::size_t k = 0; k < pages.size() && k < dezhou.projects.size(); ++k) {
    const std::string name = dezhou.projects[k].file.project.name;
    CAPTURE(name);
    CHECK(Contains(pages[k], "项目支出绩效目标表"));
    CHECK(Contains(pages[k], Normalise(name)));
    CHECK(Contains(pages[k], "第" + std::to_string(k + 1) + "页共10页"));
  }
}

namespace {

// Chromium's print of an HTML file to PDF, with its header and footer (the page numbers).
void ChromiumPdf(const fs::path& html, const fs::path& pdf, const fs::path& profile) {
  RequireTool("chromium");
  int rc = 0;
  Sh("timeout 120 chromium --headless --no-sandbox --disable-gpu --no-first-run "
     "--disable-background-networking --disable-component-update --disable-sync "
     "--user-data-dir='" +
         profile.string() + "' --print-to-pdf='" + pdf.string() + "' 'file://" + html.string() +
         "' >/dev/null 2>&1",
     &rc);
  REQUIRE(rc == 0);
  REQUIRE(fs::exists(pdf));
}

}  // namespace

TEST_CASE("HTML printed by Chromium: one page per 自评表, each with its project, numbered") {
  RequireTool("pdfinfo");
  const Folder dir("html");
  WriteRongcheng(dir.path, ReportFormat::kHtml);
  const fs::path pdf = dir.path / "tables.pdf";
  ChromiumPdf(dir.path / "tables.html", pdf, dir.path / "profile");
  const std::vector<std::string> pages = PageTexts(pdf);
  // Every 自评表 of config/rongcheng-2024 fits one landscape page (scaled): 9 pages.
  CHECK(pages.size() == 9);
  for (std::size_t i = 0; i < pages.size(); ++i) {
    CAPTURE(i + 1);
    const std::vector<std::string> on = NamesOn(pages[i]);
    CHECK(on.size() == 1);
    if (i < Rongcheng().projects.size() && on.size() == 1)
      CHECK(on[0] == Rongcheng().projects[i].file.project.name);
    CHECK(Contains(pages[i], "绩效自评表"));
    CHECK_FALSE(TotalAlone(pages[i]));
    // Chromium's footer: page N of M as "N/M".
    CHECK(Contains(pages[i], std::to_string(i + 1) + "/" + std::to_string(pages.size())));
  }

  // The 汇总表 and the 综述: portrait, numbered, each page titled.
  const fs::path summary = dir.path / "summary.pdf";
  ChromiumPdf(dir.path / "summary.html", summary, dir.path / "profile");
  for (const std::string& page : PageTexts(summary)) CHECK(Contains(page, "汇总表"));
}

TEST_CASE("HTML: a table too long for a page repeats its title and header rows") {
  RequireTool("pdfinfo");
  // A 汇总表 of 120 projects: rows over several portrait pages.
  Batch many;
  for (int i = 0; i < 120; ++i) {
    many.projects.push_back(Rongcheng().projects[std::size_t(i % 9)]);
    many.projects.back().file.project.name += "-" + std::to_string(i + 1);
    many.projects.back().score.project = &many.projects.back().file.project;
  }
  const Folder dir("long");
  ReportOptions o;
  o.out_dir = dir.path;
  o.formats = {ReportFormat::kHtml};
  o.summary_only = true;
  o.summary_subtotals = true;  // --subtotals: the 小计 is never alone on the last page
  std::ostringstream out, progress;
  WriteReports(many, o, out, progress);
  const fs::path pdf = dir.path / "summary.pdf";
  ChromiumPdf(dir.path / "summary.html", pdf, dir.path / "profile");
  const std::vector<std::string> pages = PageTexts(pdf);
  CHECK(pages.size() >= 3);
  for (std::size_t i = 0; i < pages.size(); ++i) {
    CAPTURE(i + 1);
    CHECK(Contains(pages[i], "绩效自评情况汇总表"));
    for (const char* head : {"序号", "项目名称", "资金使用单位", "自评得分", "自评等级"})
      CHECK(Contains(pages[i], head));
  }
  // The 小计 is not alone: the last project is on its page.
  CHECK(Contains(pages.back(), "小计"));
  CHECK(Contains(pages.back(), "-120"));
}

TEST_CASE("XLSX printed by LibreOffice: the 自评综述 whole and within the page") {
  RequireTool("libreoffice");
  RequireTool("pdftotext");
  const Folder dir("xlsx");
  WriteRongcheng(dir.path, ReportFormat::kXlsx);
  int rc = 0;
  Sh("cd '" + dir.path.string() + "' && HOME='" + dir.path.string() +
         "' timeout 180 libreoffice --headless --convert-to pdf report.xlsx >/dev/null 2>&1",
     &rc);
  REQUIRE(rc == 0);
  const fs::path pdf = dir.path / "report.pdf";
  REQUIRE(fs::exists(pdf));
  std::string all;
  for (const std::string& page : PageTexts(pdf)) all += page;
  // Every sentence of the 综述, whole (a cut line loses its end).
  std::vector<const ScoredProject*> ps;
  for (const auto& p : Rongcheng().projects) ps.push_back(&p);
  report::TableOptions to;
  to.level = "市级";
  const report::Overview ov = report::BuildOverview(ps, to);
  CHECK(Contains(all, Normalise(ov.lead)));
  for (const auto& item : ov.local) CHECK(Contains(all, Normalise(item.text)));
  for (const auto& item : ov.central) CHECK(Contains(all, Normalise(item.text)));
  // Within the page: no word's box reaches past the page's right edge less 5 mm.
  const std::string boxes = Sh("pdftotext -q -bbox '" + pdf.string() + "' -");
  const std::regex page_re("<page width=\"([0-9.]+)\""), word_re("xMax=\"([0-9.]+)\"");
  double width = 0;
  int words = 0, outside = 0;
  std::istringstream bl(boxes);
  for (std::string line; std::getline(bl, line);) {
    std::smatch m;
    if (std::regex_search(line, m, page_re)) width = std::stod(m[1]);
    if (std::regex_search(line, m, word_re)) {
      ++words;
      if (std::stod(m[1]) > width - 5 * 72 / 25.4) ++outside;
    }
  }
  CHECK(words > 100);
  CHECK(outside == 0);
  // 宋体 is asked for; LibreOffice prints a CJK font in its place, not boxes: the text reads back.
  CHECK(Contains(all, "绩效自评综述"));
}

TEST_CASE("PDF: a table longer than a page continues, named, with its header row, 总分 kept") {
  RequireTool("pdftotext");
  // A grid of 1 header row and 70 body rows, the last (总分) kept with the one before it.
  Grid g;
  g.title = "测试表";
  g.continued_name = "测试项目";
  g.landscape = true;
  g.cols = 2;
  g.widths = {20, 60};
  g.header_rows = 1;
  const auto add = [&](int row, int col, std::string text) {
    report::Cell& c = g.cells.emplace_back();
    c.row = row;
    c.col = col;
    c.text = std::move(text);
  };
  add(0, 0, "序号");
  add(0, 1, "表头第二列");
  for (int r = 1; r <= 70; ++r) {
    add(r, 0, std::to_string(r));
    add(r, 1, r == 70 ? "总分" : "行" + std::to_string(r));
  }
  g.rows = 71;
  g.keep_with_next = {69};
  report::ReportData d;
  d.summary = g;
  d.summary_only = true;
  const Folder dir("long-pdf");
  const fs::path pdf = dir.path / "long.pdf";
  report::WritePdf(d, pdf);
  const std::vector<std::string> pages = PageTexts(pdf);
  REQUIRE(pages.size() >= 2);
  for (std::size_t i = 0; i < pages.size(); ++i) {
    CAPTURE(i + 1);
    CHECK(Contains(pages[i], "测试表"));
    CHECK(Contains(pages[i], "序号表头第二列"));  // the header row, repeated
    CHECK(Contains(pages[i], "测试项目(续)") == (i > 0));
    CHECK(Contains(pages[i], "第" + std::to_string(i + 1) + "页共"));
  }
  // Every row once, the 总分 on the page of row 69.
  std::string all;
  for (const auto& p : pages) all += p;
  for (int r = 1; r < 70; ++r) CHECK(Contains(all, std::to_string(r) + "行" + std::to_string(r)));
  CHECK(Contains(pages.back(), "69行6970总分"));
}

}  // namespace jixiao
