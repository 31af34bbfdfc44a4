// CSV: tidy rows for spreadsheets and scripts. UTF-8 with a byte-order mark so that Excel reads
// the Chinese text correctly; CRLF line ends; RFC 4180 quoting; a cell that a spreadsheet would
// run as a formula is neutralised (engine/io/csv.h).
#include "engine/io/csv.h"

#include <sstream>

#include "engine/report/formats.h"

namespace jixiao::report {
namespace {

void Row(std::ostringstream& o, const std::vector<std::string>& fields) {
  for (std::size_t i = 0; i < fields.size(); ++i) o << (i ? "," : "") << CsvField(fields[i]);
  o << "\r\n";
}

constexpr const char* kBom = "\xEF\xBB\xBF";

}  // namespace

std::string CsvIndicators(const ReportData& d) {
  std::ostringstream o;
  o << kBom;
  Row(o, {"项目名称",      "年度",          "表式",        "主管部门", "项目实施单位",
          "全年预算数(A)", "全年执行数(B)", "执行率(B/A)", "执行得分", "总分",
          "自评等级",      "一级指标",      "二级指标",    "三级指标", "分值",
          "年度指标值(A)", "实际完成值(B)", "完成率(B/A)", "得分",     "偏差原因分析及改进措施"});
  for (const ScoredProject* p : d.evaluated) {
    const Project& pr = p->file.project;
    const ExecutionScore& e = p->score.execution;
    const std::vector<std::string> project = {
        pr.name,
        std::to_string(pr.year),
        pr.form == Form::kCentralTransfer ? "中央对地方转移支付" : "本级项目",
        pr.department,
        pr.unit,
        AmountText(pr.budget.annual),
        e.known ? AmountText(e.executed) : "",
        e.known ? PercentText(e.rate) : "",
        e.known ? ScoreText(e.score) : "",
        p->score.scored ? ScoreText(p->score.total) : "",
        GradeText(*p)};
    for (const IndicatorRow& x : IndicatorRows(*p, d.options)) {
      std::vector<std::string> row = project;
      row.insert(row.end(), {x.level1, x.level2, x.name, x.weight ? ScoreText(*x.weight) : "",
                             x.target, x.actual,
                             !x.completion_text.empty() ? x.completion_text
                             : x.completion             ? PercentText(*x.completion)
                                                        : x.status,
                             x.score ? ScoreText(*x.score) : x.status, x.reason});
      Row(o, row);
    }
  }
  return o.str();
}

std::string CsvSummary(const ReportData& d) {
  std::ostringstream o;
  o << kBom;
  Row(o, {"分组", "序号", "项目名称", "资金使用单位", "自评得分", "自评等级"});
  std::string group;
  for (const Cell& c : d.summary.cells) {
    if (c.style == CellStyle::kGroup) group = c.text;
    if (c.col != 0 || c.kind != CellKind::kCount) continue;
    std::vector<std::string> row = {group, c.text};
    for (int col = 1; col < d.summary.cols; ++col) {
      const Cell* x = d.summary.At(c.row, col);
      row.push_back(x ? x->text : "");
    }
    Row(o, row);
  }
  return o.str();
}

std::string CsvTables(const ReportData& d) {
  std::ostringstream o;
  o << kBom;
  for (const Grid& g : d.tables) {
    Row(o, {g.title + (g.subtitle.empty() ? "" : " " + g.subtitle)});
    if (!g.note_left.empty() || !g.note_right.empty()) Row(o, {g.note_left, g.note_right});
    for (int r = 0; r < g.rows; ++r) {
      std::vector<std::string> row;
      for (int c = 0; c < g.cols; ++c) {
        const Cell* x = g.At(r, c);
        row.push_back(x ? x->text : "");
      }
      Row(o, row);
    }
    if (!g.footer.empty()) Row(o, {g.footer});
    Row(o, {});
  }
  return o.str();
}

}  // namespace jixiao::report
