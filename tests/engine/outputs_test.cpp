// Outputs that cannot be turned against their readers: the one atomic file writer
// (engine/io/files.h), neutralised CSV cells (engine/io/csv.h), the escapes of
// engine/report/escape.h, reports that survive one bad cell or one failing format, and a failed
// standard output.
#include <doctest/doctest.h>
#include <spdlog/sinks/null_sink.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <streambuf>
#include <string>

#include "engine/batch/batch.h"
#include "engine/io/csv.h"
#include "engine/io/files.h"
#include "engine/io/xlsx_reader.h"
#include "engine/report/escape.h"
#include "engine/report/report.h"
#include "tests/engine/run_cli.h"

namespace jixiao {
namespace {

namespace fs = std::filesystem;
const std::string kSource = JIXIAO_SOURCE_DIR;

struct Dir {
  fs::path path;
  explicit Dir(const std::string& name) {
    path =
        fs::temp_directory_path() / ("jixiao-outputs-" + name + "-" + std::to_string(::getpid()));
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~Dir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  std::size_t Entries() const {
    return static_cast<std::size_t>(std::distance(fs::directory_iterator(path), {}));
  }
};

std::string Read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void Put(const fs::path& p, const std::string& bytes) {
  std::ofstream(p, std::ios::binary) << bytes;
}

TEST_CASE("CsvField neutralises formulas, keeps numbers, and CsvCellText undoes it") {
  const std::pair<std::string, std::string> cases[] = {
      {"基层医保", "基层医保"},
      {"=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\""},
      {"=20项", "\"'=20项\""},
      {"+1", "+1"},
      {"-3.5", "-3.5"},
      {"-5%", "-5%"},
      {"+1e3", "+1e3"},
      {"-x", "\"'-x\""},
      {"-", "\"'-\""},
      {"@SUM(A1)", "\"'@SUM(A1)\""},
      {"\tcmd", "\"'\tcmd\""},
      {"\rcmd", "\"'\rcmd\""},
      {"'=x", "\"''=x\""},  // already quoted by hand: one more, so that reading gives it back
      {"'plain", "'plain"},
      {"a,b", "\"a,b\""},
      {"", ""},
  };
  for (const auto& [in, want] : cases) {
    CAPTURE(in);
    CHECK(CsvField(in) == want);
    std::string error;
    const auto rows = ParseCsv(CsvField(in) + ",end\r\n", &error);
    REQUIRE(error.empty());
    REQUIRE(rows.size() == 1);
    CHECK(CsvCellText(rows[0].cells[0]) == in);
  }
}

TEST_CASE("WriteFileAtomically writes whole files and refuses what is not a regular file") {
  Dir d("files");
  const fs::path target = d.path / "report.md";
  WriteFileAtomically(target, "one");
  CHECK(Read(target) == "one");
  WriteFileAtomically(target, "two");
  CHECK(Read(target) == "two");
  CHECK(d.Entries() == 1);  // no temporary file left

  // A link planted where the target goes: refused, and what it points to is untouched.
  const fs::path victim = d.path / "victim";
  Put(victim, "precious");
  fs::create_symlink(victim, d.path / "link.md");
  // Links at the names older writers used for their temporary files: never followed.
  fs::create_symlink(victim, d.path / "out.md.tmp");
  fs::create_symlink(victim, d.path / (".out.md.tmp" + std::to_string(::getpid())));
  CHECK_THROWS_AS(WriteFileAtomically(d.path / "link.md", "x"), FileWriteError);
  CHECK(fs::is_symlink(d.path / "link.md"));
  WriteFileAtomically(d.path / "out.md", "new");
  CHECK(Read(d.path / "out.md") == "new");
  CHECK(Read(victim) == "precious");

  fs::create_directory(d.path / "folder.md");
  REQUIRE(::mkfifo((d.path / "pipe.md").c_str(), 0600) == 0);
  for (const fs::path& bad : {d.path / "folder.md", d.path / "pipe.md", fs::path("/dev/null")}) {
    CAPTURE(bad);
    try {
      WriteFileAtomically(bad, "x");
      FAIL("written");
    } catch (const FileWriteError& e) {
      CHECK(e.path() == bad);
      CHECK(std::string(e.what()).find(bad.string()) != std::string::npos);
    }
  }
  CHECK_THROWS_AS(WriteFileAtomically(d.path / "no-such-folder" / "x.md", "x"), FileWriteError);

  // The producer of WriteFileAtomicallyVia fails: nothing is left, the target is as it was.
  CHECK_THROWS_AS(WriteFileAtomicallyVia(target,
                                         [](const fs::path& tmp) {
                                           Put(tmp, "half");
                                           throw IoError("boom");
                                         }),
                  IoError);
  CHECK(Read(target) == "two");
  WriteFileAtomicallyVia(target, [](const fs::path& tmp) { Put(tmp, "three"); });
  CHECK(Read(target) == "three");
  // report.md victim link.md out.md.tmp .out.md.tmpN out.md folder.md pipe.md: no temporary file.
  CHECK(d.Entries() == 8);
}

TEST_CASE("MarkdownEscape and HtmlEscape: a name never becomes markup or a table column") {
  CHECK(HtmlEscape("<script>&\"") == "&lt;script&gt;&amp;&quot;");
  CHECK(MarkdownEscape("<b>a|b</b>&\nc", true) == "&lt;b&gt;a\\|b&lt;/b&gt;&amp; c");
  CHECK(MarkdownEscape("a|b\nc\x1b[2J", false) == "a|b\nc\\x1B[2J");
}

TEST_CASE("XlsxText replaces what XML refuses and cuts at Excel's cell limit with a mark") {
  bool cut = true;
  CHECK(XlsxText("项目\x01名\x1b", &cut) == "项目\xef\xbf\xbd名\xef\xbf\xbd");
  CHECK_FALSE(cut);
  CHECK(XlsxText("a\tb\nc") == "a\tb\nc");
  const std::string fits(kXlsxCellLimit, 'x');
  CHECK(XlsxText(fits, &cut) == fits);
  CHECK_FALSE(cut);
  const std::string over(40000, 'x');
  const std::string s = XlsxText(over, &cut);
  CHECK(cut);
  CHECK(s.size() >= kXlsxCutMark.size());
  CHECK(s.substr(s.size() - kXlsxCutMark.size()) == kXlsxCutMark);
  std::size_t units = 0;
  for (unsigned char c : s) units += (c & 0xC0) != 0x80;  // all in the BMP here
  CHECK(units <= kXlsxCellLimit);
}

// One project whose name holds control characters and whose reason is longer than an XLSX cell.
Batch HostileBatch(PolicySet& policies) {
  spdlog::logger log("test", std::make_shared<spdlog::sinks::null_sink_mt>());
  Batch b =
      LoadBatchAndScore({kSource + "/config/rongcheng-2024/04-yitu-qing.yaml"}, policies, log);
  REQUIRE(b.projects.size() == 1);
  ScoredProject& p = b.projects[0];
  p.file.project.name = "医通卿\x01\x1b[31m<b>|项目";
  REQUIRE_FALSE(p.file.results.actuals.empty());
  std::string reason;
  for (int i = 0; i < 40000; ++i) reason += "长";
  p.file.results.actuals.begin()->second.reason = reason;
  return b;
}

// Every format of `b` into `dir`, quietly.
std::vector<fs::path> WriteAll(const Batch& b, const fs::path& dir, ReportProblems* problems) {
  ReportOptions o;
  o.out_dir = dir;
  o.quiet = true;
  std::ostringstream out, progress;
  return WriteReports(b, o, out, progress, problems);
}

TEST_CASE("A report survives control characters and a 40,000-character reason in every format") {
  PolicySet policies(PolicyOptions{});
  const Batch b = HostileBatch(policies);
  Dir d("hostile");
  ReportProblems problems;
  const auto written = WriteAll(b, d.path, &problems);
  CHECK(problems.failed.empty());
  CHECK(written.size() == 9);  // every file of every format (tables.csv too)
  REQUIRE(problems.warnings.size() == 1);
  CHECK(problems.warnings[0].find("医通卿\\x01\\x1B[31m<b>|项目") != std::string::npos);

  const auto sheets = ReadXlsx(d.path / "report.xlsx");
  bool found_cut = false;
  for (const auto& sheet : sheets)
    for (const auto& c : sheet.cells) {
      CHECK(c.text.find('\x01') == std::string::npos);
      CHECK(c.text.find('\x1b') == std::string::npos);
      if (c.text.find(kXlsxCutMark) != std::string::npos) found_cut = true;
    }
  CHECK(found_cut);
  const std::string md = Read(d.path / "report.md");
  CHECK(md.find('\x1b') == std::string::npos);
  CHECK(md.find("<b>") == std::string::npos);
  CHECK(md.find("&lt;b&gt;\\|项目") != std::string::npos);
  CHECK(Read(d.path / "tables.html").find("<b>|") == std::string::npos);

  // Excel's and LibreOffice's reading: the workbook opens (scripts/test installs LibreOffice).
  REQUIRE(std::system("command -v libreoffice >/dev/null 2>&1") == 0);
  const std::string cmd = "cd '" + d.path.string() + "' && HOME='" + d.path.string() +
                          "' timeout 120 libreoffice --headless --convert-to pdf report.xlsx "
                          ">/dev/null 2>&1";
  CHECK(std::system(cmd.c_str()) == 0);
  CHECK(fs::exists(d.path / "report.pdf"));
}

TEST_CASE("One format that cannot be written does not cost the others") {
  PolicySet policies(PolicyOptions{});
  const Batch b = HostileBatch(policies);
  Dir d("oneformat");
  fs::create_directory(d.path / "report.md");  // a folder where the Markdown goes
  Put(d.path / "victim", "precious");
  fs::create_symlink(d.path / "victim", d.path / "report.json");
  ReportProblems problems;
  const auto written = WriteAll(b, d.path, &problems);
  REQUIRE(problems.failed.size() == 2);
  CHECK(problems.failed[0].format == ReportFormat::kMarkdown);
  CHECK(problems.failed[0].message.find("report.md") != std::string::npos);
  CHECK(problems.failed[1].format == ReportFormat::kJson);
  CHECK(written.size() == 7);  // html 3, xlsx 1, csv 3
  CHECK(fs::exists(d.path / "report.xlsx"));
  CHECK(fs::exists(d.path / "summary.csv"));
  CHECK(Read(d.path / "victim") == "precious");

  // Without ReportProblems: the other formats are written, then the failure is thrown.
  fs::remove(d.path / "summary.csv");
  CHECK_THROWS_AS(WriteAll(b, d.path, nullptr), IoError);
  CHECK(fs::exists(d.path / "summary.csv"));
}

TEST_CASE("actual import of an XLSX sheet refuses conflicting duplicate rows, naming both") {
  Dir d("duplicates");
  const std::string db = (d.path / "store.db").string();
  const fs::path yaml = d.path / "project.yaml";
  fs::copy_file(kSource + "/tests/bad-input/csv-gbk/project.yaml", yaml);
  REQUIRE(testing::Jixiao({"--db", db, "init"}).rc == 0);
  REQUIRE(testing::Jixiao({"--db", db, "load", yaml.string(), "--by", "录入员"}).rc == 0);
  const auto sheet = [&](const std::string& name, const char* third_value) {
    const std::string path = (d.path / name).string();
    lxw_workbook* wb = workbook_new(path.c_str());
    lxw_worksheet* ws = workbook_add_worksheet(wb, nullptr);
    const char* rows[][3] = {{"项目名称", "指标", "实际完成值(B)"},
                             {"社区医保服务站", "服务对象满意度", "95%"},
                             {"社区医保服务站", "建成服务站点", "10个"},
                             {"社区医保服务站", "服务对象满意度", third_value}};
    for (lxw_row_t r = 0; r < 4; ++r)
      for (lxw_col_t c = 0; c < 3; ++c) worksheet_write_string(ws, r, c, rows[r][c], nullptr);
    worksheet_write_string(ws, 0, 3, "偏差原因分析及改进措施", nullptr);
    REQUIRE(workbook_close(wb) == LXW_NO_ERROR);
    return path;
  };
  const auto conflicting =
      testing::Jixiao({"--db", db, "actual", "import", sheet("a.xlsx", "85%"), "--by", "录入员"});
  CHECK(conflicting.rc == 1);
  CHECK(conflicting.err.find("row 2 says '95%', row 4 says '85%'") != std::string::npos);
  CHECK(conflicting.err.find("nothing was stored") != std::string::npos);
  const auto identical =
      testing::Jixiao({"--db", db, "actual", "import", sheet("b.xlsx", "95%"), "--by", "录入员"});
  CHECK(identical.rc == 0);
  CHECK(identical.err.find("the same as row 2") != std::string::npos);
  CHECK(identical.out.find("2 row(s) entered") != std::string::npos);
}

// A stream like standard output on a full disk: every write fails.
class FullBuf : public std::streambuf {
 protected:
  int_type overflow(int_type) override { return traits_type::eof(); }
  std::streamsize xsputn(const char*, std::streamsize) override { return 0; }
};

TEST_CASE("A failed write to the output is an error with a message, never exit 0") {
  FullBuf buf;
  std::ostream out(&buf);
  std::ostringstream err;
  const char* argv[] = {"jixiao", "value", "95%"};
  CHECK(RunCli(3, argv, out, err) == 1);
  CHECK(err.str().find("cannot write the output") != std::string::npos);
}

}  // namespace
}  // namespace jixiao
