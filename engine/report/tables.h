// engine/report/tables.h — the layout of the published tables, shared by every report format.
//
// A table is a Grid: a fixed number of columns and cells placed at (row, col) that may span
// rows and columns (the merged cells of the official forms). Each cell has the text the form
// shows and, for numbers, the number behind it (XLSX stores that with a display format). The
// formats only draw grids and paragraphs; none of them re-derives the layout or a number.
#ifndef JIXIAO_ENGINE_REPORT_TABLES_H_
#define JIXIAO_ENGINE_REPORT_TABLES_H_

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/batch/batch.h"
#include "engine/batch/unit.h"

namespace jixiao::report {

// How a number is shown (and, in XLSX, formatted).
enum class CellKind {
  kText,
  kAmount,   // 万元, up to two decimals: 5.6, 505.12
  kPercent,  // number is a fraction: 0.1143 → "11.43%"; 0 → "0%", 1 → "100%"
  kScore,    // up to two decimals, trailing zeros dropped: 98, 90.4, 91.14
  kCount,    // a whole number (序号)
};

enum class CellStyle {
  kBody,    // centred
  kText,    // long text: left-aligned, wrapped
  kLabel,   // a form label (项目名称, 年初预算数 …): centred
  kHeader,  // a column heading of a block: centred, bold
  kGroup,   // a group row of the 汇总表: left, bold
  kTotal,   // 总分: bold
};

struct Cell {
  int row = 0, col = 0;
  int rows = 1, cols = 1;  // span
  std::string text;        // as displayed
  std::optional<double> number;
  CellKind kind = CellKind::kText;
  CellStyle style = CellStyle::kBody;
};

// The lines a unit adds under a printed table, to sign and stamp (unit.yaml's signature,
// engine/batch/unit.h): the five labels with their values, in the order the forms print them. An
// empty field prints its label with a blank to fill in by hand.
std::vector<std::pair<std::string, std::string>> SignatureFields(const Signature& s);
// One line: 填报单位（盖章）：X　　单位负责人：Y　　… (blanks as "________").
std::string SignatureText(const Signature& s);

struct Grid {
  std::string title;       // 市级预算项目支出绩效自评表
  std::string subtitle;    // (2024年度)
  std::string note_left;   // 部门（单位）：…
  std::string note_right;  // 单位：万元
  std::string footer;      // a line under the table (the audit trail's anchor); "" none
  std::string sheet_name;  // short name for a spreadsheet tab
  int cols = 0;
  int rows = 0;
  std::vector<double> widths;  // column widths in spreadsheet units (a CJK character is ~2)
  bool landscape = false;      // printed on landscape A4
  std::vector<Cell> cells;     // sorted by (row, col)

  // Printing. A printed grid fits one page where it can (scaled); where it cannot, a page breaks
  // only between rows, and the continuation repeats the title and these rows at the top.
  int header_rows = 0;  // rows at the top repeated on a continuation page
  // Rows that must be on the same page as the row after them (the last indicator row keeps the
  // 总分 row company: a total is never alone on a page). Sorted.
  std::vector<int> keep_with_next;
  // What the continuation's caption names (the project: 项目名称（续）); "" → the title alone.
  std::string continued_name;
  // Lines under the table that units sign (ReportOptions::unit's signature); none by default.
  std::optional<Signature> signature;

  // The cell whose top-left corner is (row, col), or null (empty or covered by a span).
  const Cell* At(int row, int col) const;

  // Lines of wrapped text each row needs, estimated from the cells' display width (a CJK
  // character is 2) against their columns' width (engine/report/xlsx.cpp's row heights, the
  // HTML's scale to fit), with the columns `wider` times as wide as `widths` says (text printed
  // smaller, or on a wider page). A cell spanning rows shares its lines among them.
  std::vector<int> RowLines(double wider = 1) const;
  // Whether a page may break between row `r - 1` and row `r` (0 < r < rows): no keep_with_next
  // holds them together. A break inside a merged cell splits it; the caller repeats its text.
  bool MayBreakBefore(int r) const;
};

// Lines a text needs in a cell `width` units wide (a CJK character takes about two units).
int LinesFor(const std::string& text, double width);

// Display text of numbers, as in the official tables.
std::string AmountText(double wan_yuan);   // 5.6, 505.12, 15
std::string PercentText(double fraction);  // 11.43%, 1.61%, 0%, 100%
std::string ScoreText(double score);       // 98, 90.4, 91.14

// One 三级 indicator as the tables show it.
struct IndicatorRow {
  std::string level1;          // 成本指标 (as written in the definition)
  std::string level1_heading;  // 成本指标(20分); the central form: 产出指标
  std::string level2;          // 经济成本
  std::string name;            // 工作站运转邮电成本
  std::string name_heading;    // 工作站运转邮电成本(15分); the central form: the name
  std::optional<double> weight;
  std::string target;  // 年度指标值 (A) as written
  std::string actual;  // 实际完成值 (B) as written, "" when none
  // 完成率 capped at 100% (the rule's completion, from ProjectScore); nullopt: not scored or
  // not applicable (see `status`).
  std::optional<double> completion;
  // 完成率 printed as text instead (TableOptions::qualitative_completion_as_text); "" otherwise.
  std::string completion_text;
  std::optional<double> score;  // 得分; nullopt when not scored
  std::string status;           // "" scored, "不适用" not applicable, "未评分" not scored
  std::string reason;           // 偏差原因分析及改进措施
};

// 自评等级 as published: 优 良 中 差, 项目暂未开展, or 未评分 (errors kept the total out).
std::string GradeText(const ScoredProject& p);
// 自评得分 text: the total, or "—" when not scored.
std::string TotalText(const ScoredProject& p);

struct TableOptions {
  std::string level;       // "市级" → 市级预算项目支出绩效自评表
  std::string department;  // 汇总表's 部门（单位）; "" → derived from the projects
  // 完成率 of an indicator with a text target (显著提高): false (default) prints the rule's rate
  // (100% when 达成), as most of seed 004's tables do; true prints the actual's text, as its
  // 基层医保工作站项目 table does ("显著提高" in the 完成率 column).
  bool qualitative_completion_as_text = false;
  // Three choices where jixiao used to differ from seed 004's forms; each default is the form's.
  // 自评等级 (自评等级：优) in the 偏差原因 column of the 总分 row; the form leaves it empty.
  bool grade_in_total_row = false;
  // A 小计 row (counts per grade) closing each group of the 汇总表; the form has none.
  bool summary_subtotals = false;
  // A zero rate in a 自评表 (执行率, 完成率) printed 0%; the form prints 0 (and XLSX stores the 0
  // as a plain number). The 自评综述's sentences say 0% either way, as the seed's do.
  bool zero_rate_as_percent = false;
  // The 自评综述's judgement names 项目实施进展慢 when an implemented project spent less than this
  // share of its budget (全年执行数 / 全年预算数).
  double slow_execution_below = 0.6;
  // The unit's settings (unit.yaml): the 综述's work and 重点绩效评价 paragraphs.
  UnitSettings unit;
};

std::vector<IndicatorRow> IndicatorRows(const ScoredProject& p, const TableOptions& o);

// The 项目支出绩效自评表 of one project (the central-transfer form for Form::kCentralTransfer).
Grid SelfEvaluationTable(const ScoredProject& p, const TableOptions& o);

// The 绩效目标表 of a project at budget time, in `form`'s layout (target_tables.cpp): the head
// (name, 主管部门, 实施单位, budget with its fund sources, overall goal) and the indicators with
// their 指标值; 分值 only when the definition gives every weight (never a policy's shared cap).
Grid TargetTable(const Project& pr, TargetForm form);

// The 绩效自评情况汇总表: 中央对下转移支付项目 first, then 本级项目, numbered per group, each group
// closed by its count of projects per grade.
Grid SummaryTable(const std::vector<const ScoredProject*>& ps, const TableOptions& o);

// 自评综述: the unit's lead paragraph and one paragraph per project (seed 004, 十三（二）（三）).
struct OverviewItem {
  std::string project;
  std::string heading;  // 基层医保工作站项目绩效自评综述
  std::string text;     // 根据年初设定的绩效目标，项目自评得分为91.14分。…
};
struct Overview {
  std::string title;  // 2024年度项目支出绩效自评综述
  // 预算绩效管理工作开展情况: the unit's own paragraph (unit.yaml `work`); "" none.
  std::string work;
  std::string lead;  // 本级项目: counts per grade, total budget
  // The overall judgement, with the problems the scores show: 从自评情况看，…，但也存在部分项目
  // 产出指标低于预期、项目实施进展慢等问题。
  std::string judgement;
  // The projects whose 自评表 are published: 今年…反映了…“A”、“B”等2个项目的绩效自评表。
  std::string listing;
  std::vector<OverviewItem> local;
  std::string annex;         // …汇总表和…自评表详见附件。
  std::string central_lead;  // "" when there is no central-transfer project
  std::vector<OverviewItem> central;
  std::string central_annex;   // …中央对地方转移支付项目绩效自评表详见附件。
  std::string key_evaluation;  // 重点绩效评价结果 (unit.yaml `key_evaluation`); "" none
};
// The 自评综述 in reading order, as every format prints it: headings, paragraphs and numbered
// items (only the parts that have text).
struct OverviewBlock {
  enum class Kind { kHeading, kParagraph, kItem } kind;
  std::string text;     // heading or paragraph; an item's text
  int number = 0;       // an item's number within its part
  std::string heading;  // an item's heading (…项目绩效自评综述)
};
std::vector<OverviewBlock> OverviewBlocks(const Overview& ov);

Overview BuildOverview(const std::vector<const ScoredProject*>& ps, const TableOptions& o);

// The year and the 部门（单位） the reports are about (most common among the projects).
int ReportYear(const std::vector<const ScoredProject*>& ps);
std::string ReportDepartment(const std::vector<const ScoredProject*>& ps, const TableOptions& o);

}  // namespace jixiao::report

#endif  // JIXIAO_ENGINE_REPORT_TABLES_H_
