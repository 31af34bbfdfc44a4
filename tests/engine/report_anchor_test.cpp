// A report of the store anchors its audit trail: every 自评表 and the 汇总表 print the chain's
// head, the one `jixiao verify` prints, so that `verify --expect-head` checks a printed report
// later. A report of files prints no anchor.
#include <doctest/doctest.h>

#include <cstdlib>
#include <ctime>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "engine/io/xlsx_reader.h"
#include "engine/report/report.h"
#include "tests/engine/run_cli.h"
#include "tests/engine/store_fixture.h"

namespace jixiao {
namespace {

using namespace jixiao::testing;

int CountOf(const std::string& s, const std::string& what) {
  int n = 0;
  for (auto at = s.find(what); at != std::string::npos; at = s.find(what, at + what.size())) ++n;
  return n;
}

// The head `jixiao verify` prints: "audit trail ok: N row(s), head HEX (…)".
std::string VerifiedHead(const TempDir& t) {
  const Run v = InDb(t, {"verify"});
  INFO(v.out << v.err);
  REQUIRE(v.rc == 0);
  std::smatch m;
  REQUIRE(std::regex_search(v.out, m, std::regex("head ([0-9a-f]{64})")));
  return m[1];
}

std::string ReadAll(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST_CASE("report anchor: the line under each table") {
  // Times are stored in UTC and shown in the zone the door chose (here 北京时间, +08:00).
  setenv("TZ", "Asia/Shanghai", 1);
  tzset();
  TrailAnchor a{std::string(64, 'a'), 110, "2024-03-01T08:00:00Z", "2024-03-02T09:30:00Z", false};
  CHECK(TrailAnchorLine(a) ==
        "审计记录链: 110 条, 2024-03-01 16:00:00 +08:00 至 2024-03-02 17:30:00 +08:00, " +
            std::string("末条哈希 ") + std::string(64, 'a'));
  a.keyed = true;
  CHECK(TrailAnchorLine(a).rfind("审计记录链（HMAC）: 110 条", 0) == 0);
}

TEST_CASE("report anchor: report --db prints the head verify checks; one more change breaks it") {
  TempDir t;
  Loaded(t);
  const std::string head = VerifiedHead(t);
  const std::string line_end = "末条哈希 " + head;

  // Markdown: under the 汇总表 and under each of the nine 自评表.
  const Run md = InDb(t, {"report", "--format", "md", "--out", "-"});
  INFO(md.err);
  REQUIRE(md.rc == 0);
  CHECK(CountOf(md.out, "审计记录链: ") == 10);
  CHECK(CountOf(md.out, line_end + "\n") == 10);

  // JSON: an object beside the report, the same head and row count.
  const Run js = InDb(t, {"report", "--format", "json", "--out", "-"});
  REQUIRE(js.rc == 0);
  const auto j = nlohmann::json::parse(js.out);
  REQUIRE(j.contains("audit_trail"));
  CHECK(j["audit_trail"]["head"] == head);
  CHECK(j["audit_trail"]["rows"].get<std::int64_t>() == AuditRows(t));
  CHECK(j["audit_trail"]["keyed"] == false);
  CHECK(j["audit_trail"]["first_at"].get<std::string>() <=
        j["audit_trail"]["last_at"].get<std::string>());

  // HTML and XLSX carry the same line; the summary-only report too.
  const fs::path out = t.path / "r";
  const Run files = InDb(t, {"report", "--format", "html,xlsx", "--out", out.string()});
  REQUIRE(files.rc == 0);
  CHECK(CountOf(ReadAll(out / "summary.html"), line_end) == 1);
  CHECK(CountOf(ReadAll(out / "tables.html"), line_end) == 9);
  CHECK(CountOf(ReadAll(out / "overview.html"), "审计记录链") == 0);
  int in_sheets = 0;
  for (const XlsxSheet& s : ReadXlsx(out / "report.xlsx"))
    for (const XlsxCell& c : s.cells) in_sheets += CountOf(c.text, line_end);
  CHECK(in_sheets == 10);
  const Run summary = InDb(t, {"report", "--summary-only", "--format", "md", "--out", "-"});
  REQUIRE(summary.rc == 0);
  CHECK(CountOf(summary.out, line_end) == 1);

  // The printed head is what verify --expect-head checks.
  CHECK(InDb(t, {"verify", "--expect-head", head}).rc == 0);
  const Run set = InDb(t, {"actual", "set", "基层", "服务对象满意度", "81%", "--by", "张三"});
  REQUIRE(set.rc == 0);
  const Run after = InDb(t, {"verify", "--expect-head", head});
  CHECK(after.rc == 1);
  const Run md2 = InDb(t, {"report", "--format", "md", "--out", "-"});
  REQUIRE(md2.rc == 0);
  CHECK(CountOf(md2.out, line_end) == 0);
  CHECK(CountOf(md2.out, "末条哈希 " + VerifiedHead(t) + "\n") == 10);
}

TEST_CASE("report anchor: a report of files has none") {
  for (const char* format : {"md", "json"}) {
    CAPTURE(format);
    const Run r = Jixiao({"report", kRongcheng, "--format", format, "--out", "-"});
    REQUIRE(r.rc == 0);
    CHECK(r.out.find("审计记录链") == std::string::npos);
    CHECK(r.out.find("audit_trail") == std::string::npos);
  }
}

}  // namespace
}  // namespace jixiao
