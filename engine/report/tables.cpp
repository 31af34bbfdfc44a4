#include "engine/report/tables.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>

#include "engine/report/grid_builder.h"
#include "engine/report/render.h"
#include "scoring/policy.h"

namespace jixiao::report {
namespace {

constexpr double kEps = 1e-9;

bool Same(double a, double b) { return std::fabs(a - b) < 1e-6; }

// Text without its final punctuation, to continue a sentence after it.
std::string StripFinalStop(std::string s) {
  for (const std::string stop : {"。", "；", "，", ".", ";", ","}) {
    while (s.size() >= stop.size() && s.compare(s.size() - stop.size(), stop.size(), stop) == 0)
      s.erase(s.size() - stop.size());
  }
  return s;
}
std::string WithFinalStop(const std::string& s) {
  if (s.empty()) return s;
  return StripFinalStop(s) + "。";
}

std::string Title(const std::string& level, const std::string& form) {
  return level.empty() ? form : level + "预算" + form;
}

// The two forms of the 项目支出绩效自评表 differ in their labels, spans and columns only: the local
// form (seed 004's 市级 tables) scores execution and indicators (分值, 得分, 总分); the
// central-transfer form, as published (seed 004's last 自评表), has no 分值 and no 得分 columns,
// and a 资金管理情况 block.
enum class BudgetField { kInitial, kAnnual, kExecuted, kWeight, kRate, kScore };

struct BudgetColumn {
  BudgetField field;
  const char* head;
  int col, cols;
};

// A label and the project field it introduces, in one row of the form's head.
struct LabelledField {
  const char* label;
  int label_col, label_cols;
  std::string Project::*field;
  int col, cols;
};

struct FormLayout {
  int cols;
  std::vector<double> widths;
  std::vector<std::vector<LabelledField>> identity;  // the rows above the budget
  // The budget block: its label (with the execution weight when `scored`) spans label_cols
  // columns; the row labels (年度资金总额, 其中：…) sit at row_label_col.
  const char* budget_label;
  int budget_label_cols, row_label_col, row_label_cols;
  const char* total_row_label;
  std::vector<BudgetColumn> budget;
  bool fund_management;  // a 资金管理情况 block when the project has one
  const char* goal_label;
  const char* goal_planned;
  const char* goal_achieved;
  int goal_cols;  // of each of the two goal columns
  const char* indicators_label;
  std::vector<const char*> indicator_heads;
  bool scored;                 // 完成率 and 得分 columns, and the 总分 row
  const char* missing_reason;  // printed where no reason was given; null: nothing
};

const FormLayout kLocalForm{
    .cols = 9,
    .widths = {8, 12, 12, 26, 13, 13, 11, 8, 24},
    .identity = {{{"项目名称", 0, 2, &Project::name, 2, 7}},
                 {{"主管部门", 0, 2, &Project::department, 2, 3},
                  {"项目实施单位", 5, 2, &Project::unit, 7, 2}}},
    .budget_label = "项目预算执行情况",
    .budget_label_cols = 1,
    .row_label_col = 1,
    .row_label_cols = 2,
    .total_row_label = "年度资金总额",
    .budget = {{BudgetField::kInitial, "年初预算数", 3, 1},
               {BudgetField::kAnnual, "全年预算数(A)", 4, 1},
               {BudgetField::kExecuted, "全年执行数(B)", 5, 1},
               {BudgetField::kWeight, "分值", 6, 1},
               {BudgetField::kRate, "执行率(B/A)", 7, 1},
               {BudgetField::kScore, "得分", 8, 1}},
    .fund_management = false,
    .goal_label = "年度总体目标",
    .goal_planned = "年初预期目标",
    .goal_achieved = "目标实际完成情况",
    .goal_cols = 4,
    .indicators_label = "年度绩效指标",
    .indicator_heads = {"一级指标", "二级指标", "三级指标(分值)", "年度指标值(A)", "实际完成值(B)",
                        "完成率(B/A)", "得分", "偏差原因分析及改进措施"},
    .scored = true,
    .missing_reason = nullptr};

const FormLayout kCentralForm{
    .cols = 7,
    .widths = {8, 10, 14, 26, 18, 18, 22},
    .identity = {{{"项目名称", 0, 2, &Project::name, 2, 5}},
                 {{"中央主管部门", 0, 2, &Project::central_department, 2, 5}},
                 {{"地方主管部门", 0, 2, &Project::department, 2, 2},
                  {"资金使用单位", 4, 1, &Project::unit, 5, 2}}},
    .budget_label = "资金投入情况(万元)",
    .budget_label_cols = 2,
    .row_label_col = 2,
    .row_label_cols = 1,
    .total_row_label = "年度资金总额：",
    .budget = {{BudgetField::kAnnual, "全年预算数(A)", 3, 1},
               {BudgetField::kExecuted, "全年执行数(B)", 4, 1},
               {BudgetField::kRate, "预算执行率(B/A)", 5, 2}},
    .fund_management = true,
    .goal_label = "总体目标完成情况",
    .goal_planned = "总体目标",
    .goal_achieved = "全年实际完成情况",
    .goal_cols = 3,
    .indicators_label = "绩效指标",
    .indicator_heads = {"一级指标", "二级指标", "三级指标", "指标值", "全年实际完成值",
                        "未完成原因和改进措施"},
    .scored = false,
    .missing_reason = "无"};

void IdentityRows(const FormLayout& f, const Project& pr, GridBuilder& b, int& r) {
  for (const auto& row : f.identity) {
    for (const LabelledField& x : row) {
      b.Label(r, x.label_col, 1, x.label_cols, x.label);
      b.Add(r, x.col, 1, x.cols, pr.*x.field);
    }
    ++r;
  }
}

// The budget block: 年度资金总额 (the scored row), then each fund source.
void BudgetBlock(const FormLayout& f, const ScoredProject& p, GridBuilder& b, int& r) {
  const Project& pr = p.file.project;
  const ExecutionScore& e = p.score.execution;
  const int sources = static_cast<int>(pr.budget.sources.size());
  b.Label(r, 0, 2 + sources, f.budget_label_cols,
          f.scored ? std::string(f.budget_label) + "(" + ScoreText(e.weight) + "分)"
                   : std::string(f.budget_label));
  b.Label(r, f.row_label_col, 1, f.row_label_cols, "");
  for (const BudgetColumn& c : f.budget) b.Label(r, c.col, 1, c.cols, c.head);
  ++r;
  b.Label(r, f.row_label_col, 1, f.row_label_cols, f.total_row_label);
  for (const BudgetColumn& c : f.budget) {
    const auto number = [&](double x, CellKind kind) { b.Number(r, c.col, 1, c.cols, x, kind); };
    switch (c.field) {
      case BudgetField::kInitial:
        if (pr.budget.initial) number(*pr.budget.initial, CellKind::kAmount);
        break;
      case BudgetField::kAnnual:
        number(pr.budget.annual, CellKind::kAmount);
        break;
      case BudgetField::kExecuted:
        if (e.known) number(e.executed, CellKind::kAmount);
        break;
      case BudgetField::kWeight:
        number(e.weight, CellKind::kScore);
        break;
      case BudgetField::kRate:
        if (e.known) number(e.rate, CellKind::kPercent);
        break;
      case BudgetField::kScore:
        if (e.known) number(e.score, CellKind::kScore);
        break;
    }
  }
  ++r;
  for (int i = 0; i < sources; ++i, ++r) {
    const FundSource& s = pr.budget.sources[static_cast<std::size_t>(i)];
    b.Label(r, f.row_label_col, 1, f.row_label_cols, (i == 0 ? "其中：" : "") + s.name);
    const auto ex = p.file.results.source_executed.find(s.name);
    const std::optional<double> executed = ex == p.file.results.source_executed.end()
                                               ? std::nullopt
                                               : std::optional<double>(ex->second);
    // Only 年度资金总额 is scored (docs/rules.md §2); a source that is the whole budget shows the
    // same score, as the published forms do; any other source shows its rate only.
    const bool whole = e.known && s.annual && executed && Same(*s.annual, pr.budget.annual) &&
                       Same(*executed, e.executed);
    for (const BudgetColumn& c : f.budget) {
      const auto number = [&](double x, CellKind kind) { b.Number(r, c.col, 1, c.cols, x, kind); };
      switch (c.field) {
        case BudgetField::kInitial:
          if (s.initial) number(*s.initial, CellKind::kAmount);
          break;
        case BudgetField::kAnnual:
          if (s.annual) number(*s.annual, CellKind::kAmount);
          break;
        case BudgetField::kExecuted:
          if (executed) number(*executed, CellKind::kAmount);
          break;
        case BudgetField::kRate:
          if (s.annual && executed && *s.annual > 0) {
            number(*executed / *s.annual, CellKind::kPercent);
          } else if (c.cols > 1) {
            b.Add(r, c.col, 1, c.cols, "");  // a merged cell is drawn, filled or not
          }
          break;
        case BudgetField::kWeight:
        case BudgetField::kScore:
          if (!whole) {
            b.Add(r, c.col, 1, c.cols, "-");
          } else {
            number(c.field == BudgetField::kWeight ? e.weight : e.score, CellKind::kScore);
          }
          break;
      }
    }
  }
}

void FundManagementBlock(const Project& pr, GridBuilder& b, int& r) {
  const auto& fm = pr.fund_management;
  if (fm.empty()) return;
  b.Label(r, 0, 1 + int(fm.size()), 2, "资金管理情况");
  b.Label(r, 2, 1, 1, "");
  b.Label(r, 3, 1, 3, "情况说明");
  b.Label(r, 6, 1, 1, "存在问题和改进措施");
  ++r;
  for (const auto& item : fm) {
    b.Label(r, 2, 1, 1, item.item);
    b.Add(r, 3, 1, 3, item.note, CellStyle::kText);
    b.Add(r, 6, 1, 1, item.issues);
    ++r;
  }
}

void GoalBlock(const FormLayout& f, const ScoredProject& p, GridBuilder& b, int& r) {
  const int achieved_col = 1 + f.goal_cols;
  b.Label(r, 0, 2, 1, f.goal_label);
  b.Label(r, 1, 1, f.goal_cols, f.goal_planned);
  b.Label(r, achieved_col, 1, f.goal_cols, f.goal_achieved);
  ++r;
  b.Add(r, 1, 1, f.goal_cols, p.file.project.goal_planned, CellStyle::kText);
  b.Add(r, achieved_col, 1, f.goal_cols, p.file.results.goal_achieved, CellStyle::kText);
  ++r;
}

void IndicatorBlock(const FormLayout& f, const ScoredProject& p, const TableOptions& o,
                    GridBuilder& b, int& r) {
  const std::vector<IndicatorRow> rows = IndicatorRows(p, o);
  const int n = static_cast<int>(rows.size());
  b.Label(r, 0, 1 + n, 1, f.indicators_label);
  for (std::size_t c = 0; c < f.indicator_heads.size(); ++c)
    b.Label(r, static_cast<int>(c) + 1, 1, 1, f.indicator_heads[c]);
  ++r;
  std::vector<std::pair<std::string, std::string>> levels;
  for (const IndicatorRow& x : rows) levels.emplace_back(x.level1_heading, x.level2);
  LevelCells(b, r, levels, 1);
  const int reason_col = f.scored ? 8 : 6;
  for (int i = 0; i < n; ++i, ++r) {
    const IndicatorRow& x = rows[std::size_t(i)];
    b.Add(r, 3, 1, 1, x.name_heading, CellStyle::kText);
    b.Add(r, 4, 1, 1, x.target);
    b.Add(r, 5, 1, 1, x.actual);
    if (f.scored) {
      if (!x.completion_text.empty()) {
        b.Add(r, 6, 1, 1, x.completion_text);
      } else if (x.completion) {
        b.Number(r, 6, *x.completion, CellKind::kPercent);
      } else {
        b.Add(r, 6, 1, 1, x.status);
      }
      if (x.score) {
        b.Number(r, 7, *x.score, CellKind::kScore);
      } else {
        b.Add(r, 7, 1, 1, x.status);
      }
    }
    if (x.reason.empty() && f.missing_reason) {
      b.Add(r, reason_col, 1, 1, f.missing_reason);
    } else {
      b.Add(r, reason_col, 1, 1, x.reason, CellStyle::kText);
    }
  }
}

void TotalRow(const ScoredProject& p, const TableOptions& o, GridBuilder& b, int r) {
  b.Add(r, 0, 1, 7, "总分", CellStyle::kTotal);
  if (p.score.scored) {
    b.Number(r, 7, p.score.total, CellKind::kScore).style = CellStyle::kTotal;
  } else {
    b.Add(r, 7, 1, 1, "—", CellStyle::kTotal);
  }
  b.Add(r, 8, 1, 1, o.grade_in_total_row ? "自评等级：" + GradeText(p) : "", CellStyle::kTotal);
}

void FormTable(const FormLayout& f, const ScoredProject& p, const TableOptions& o, Grid& g) {
  const Project& pr = p.file.project;
  if (f.scored) {
    g.title = Title(o.level, "项目支出绩效自评表");
    g.subtitle = YearNote(pr.year);
    g.note_right = "单位：万元";
  } else {
    g.title = std::to_string(pr.year) + "年度中央对地方转移支付项目绩效自评表";
  }
  g.cols = f.cols;
  g.widths = f.widths;
  g.landscape = true;
  GridBuilder b(g);
  int r = 0;
  IdentityRows(f, pr, b, r);
  BudgetBlock(f, p, b, r);
  if (f.fund_management) FundManagementBlock(pr, b, r);
  GoalBlock(f, p, b, r);
  IndicatorBlock(f, p, o, b, r);
  if (f.scored) {
    g.keep_with_next.push_back(r - 1);  // the last indicator row goes with the 总分
    TotalRow(p, o, b, r);
  }
  b.Finish();
  if (!o.zero_rate_as_percent) {
    for (Cell& c : g.cells) {
      if (c.kind != CellKind::kPercent || !c.number || std::fabs(*c.number) > kEps) continue;
      c.text = "0";
      c.kind = CellKind::kCount;  // a plain 0 in XLSX too, not 0%
    }
  }
  // The 项目名称 row heads every continuation, with the title: no page without its project.
  g.header_rows = 1;
  g.continued_name = pr.name;
}

std::string GradeCounts(const std::vector<const ScoredProject*>& ps) {
  std::map<std::string, int> count;
  for (const auto* p : ps) ++count[GradeText(*p)];
  std::string s = std::to_string(ps.size()) + "个项目，";
  for (const char* grade : {"优", "良", "中", "差"})
    s += std::string(grade) + std::to_string(count[grade]) + "个，";
  s += "项目暂未开展" + std::to_string(count["项目暂未开展"]) + "个";
  if (count["未评分"] > 0) s += "，未评分" + std::to_string(count["未评分"]) + "个";
  return s;
}

std::string ItemHeading(const std::string& name) {
  const std::string suffix = "项目";
  const bool ends = name.size() >= suffix.size() &&
                    name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
  return name + (ends ? "" : suffix) + "绩效自评综述";
}

double BudgetSum(const std::vector<const ScoredProject*>& ps) {
  double sum = 0;
  for (const auto* p : ps) sum += p->file.project.budget.annual;
  return sum;
}

// What the 综述 says was achieved: the project's own summary when it has one, else the
// 目标实际完成情况.
std::string Achieved(const ScoredProject& p) {
  const Results& r = p.file.results;
  return r.goal_summary.empty() ? r.goal_achieved : r.goal_summary;
}

// 项目绩效目标完成情况：… ; nothing when nothing was entered (never a sentence ending on a colon).
std::string Completion(const std::string& achieved) {
  if (StripFinalStop(achieved).empty()) return "";
  return "项目绩效目标完成情况：" + WithFinalStop(achieved);
}

// “A”、“B”等2个项目
std::string Listing(const std::vector<const ScoredProject*>& ps) {
  std::string s;
  for (const auto* p : ps) s += (s.empty() ? "" : "、") + ("“" + p->file.project.name + "”");
  return s + "等" + std::to_string(ps.size()) + "个项目";
}

// The overall judgement of the 本级 projects, with the problems their scores show: an indicator
// below its target (by 一级, in the form's order; a project not started counts as 产出 below
// target) and execution below o.slow_execution_below.
std::string OverallJudgement(const std::vector<const ScoredProject*>& ps, const TableOptions& o) {
  std::set<Level1> below;
  bool slow = false, all_well = true;
  for (const auto* p : ps) {
    if (p->score.not_started) {  // it produced nothing: its 产出 fell short
      all_well = false;
      below.insert(Level1::kOutput);
      continue;
    }
    if (!p->score.scored) {
      all_well = false;
      continue;
    }
    if (p->score.grade != "优" && p->score.grade != "良") all_well = false;
    const ExecutionScore& e = p->score.execution;
    if (e.known && e.rate < o.slow_execution_below - kEps) slow = true;
    for (const IndicatorScore& s : p->score.indicators)
      if (s.scored && s.completion && *s.completion < 1 - kEps) below.insert(s.indicator->level1);
  }
  std::vector<std::string> problems;
  for (Level1 l : {Level1::kOutput, Level1::kEffect, Level1::kSatisfaction, Level1::kCost})
    if (below.count(l))
      problems.push_back("部分项目" + Level1Name(l) +
                         (l == Level1::kCost ? "超出预期" : "低于预期"));
  if (slow) problems.push_back("项目实施进展慢");
  std::string s = std::string("从自评情况看，项目支出绩效管理的重视程度进一步提升，") +
                  (all_well ? "项目" : "大部分项目") +
                  "有序开展，执行和完成情况较好，资金使用比较规范";
  if (problems.empty()) return s + "，达到预期的绩效目标。";
  std::string joined;
  for (const auto& x : problems) joined += (joined.empty() ? "" : "、") + x;
  return s + "，但也存在" + joined + "等问题。";
}

}  // namespace

const Cell* Grid::At(int row, int col) const {
  // cells are sorted by (row, col): a province's 汇总表 has half a million of them.
  const auto it = std::lower_bound(
      cells.begin(), cells.end(), std::pair(row, col),
      [](const Cell& c, const std::pair<int, int>& rc) { return std::pair(c.row, c.col) < rc; });
  return it != cells.end() && it->row == row && it->col == col ? &*it : nullptr;
}

std::vector<int> Grid::RowLines(double wider) const {
  std::vector<int> lines(std::size_t(rows), 1);
  for (const Cell& c : cells) {
    double width = 0;
    for (int k = c.col; k < c.col + c.cols && k < int(widths.size()); ++k)
      width += widths[std::size_t(k)];
    const int need = LinesFor(c.text, width * wider);
    const int per_row = (need + c.rows - 1) / c.rows;
    for (int r = c.row; r < c.row + c.rows && r < rows; ++r)
      lines[std::size_t(r)] = std::max(lines[std::size_t(r)], per_row);
  }
  return lines;
}

bool Grid::MayBreakBefore(int r) const {
  if (r <= header_rows || r >= rows) return false;
  return !std::binary_search(keep_with_next.begin(), keep_with_next.end(), r - 1);
}

int LinesFor(const std::string& text, double width) {
  const double usable = std::max(1.0, width - 1.0);
  return std::max(1, static_cast<int>(std::ceil(double(DisplayWidth(text)) * 1.1 / usable)));
}

std::vector<std::pair<std::string, std::string>> SignatureFields(const Signature& s) {
  return {{"填报单位（盖章）", s.unit},
          {"单位负责人", s.head},
          {"填报人", s.preparer},
          {"联系电话", s.phone},
          {"填报日期", s.date}};
}

std::string SignatureText(const Signature& s) {
  std::string line;
  for (const auto& [label, value] : SignatureFields(s))
    line += (line.empty() ? "" : "　　") + label + "：" + (value.empty() ? "________" : value);
  return line;
}

std::string AmountText(double wan_yuan) { return FormatNumber(RoundTo(wan_yuan, 2), 2); }

std::string PercentText(double fraction) {
  const double pct = RoundTo(fraction * 100, 2);
  if (std::fabs(pct) < kEps) return "0%";
  if (std::fabs(pct - 100) < kEps) return "100%";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.2f%%", pct);
  return buf;
}

std::string ScoreText(double score) { return FormatNumber(RoundTo(score, 2), 2); }

std::vector<IndicatorRow> IndicatorRows(const ScoredProject& p, const TableOptions& o) {
  const bool central = p.file.project.form == Form::kCentralTransfer;
  std::vector<IndicatorRow> rows;
  for (const IndicatorScore& s : p.score.indicators) {
    const Indicator& ind = *s.indicator;
    IndicatorRow x;
    x.level1 = Level1Text(ind);
    x.level2 = Level2Text(ind);
    x.name = ind.name;
    x.target = ind.target.text;
    if (s.actual && s.actual->value) x.actual = s.actual->value->text;
    if (s.actual) x.reason = s.actual->reason;
    x.weight = s.weight;
    if (!ind.applicable) {
      x.status = "不适用";
    } else if (!s.scored) {
      x.status = "未评分";
    } else {
      x.score = s.score;
      if (s.completion) x.completion = std::min(*s.completion, 1.0);
      if (o.qualitative_completion_as_text && !ind.target.is_quantity()) {
        x.completion_text = !x.actual.empty() ? x.actual
                            : s.actual && s.actual->judgement != Judgement::kNone
                                ? JudgementName(s.actual->judgement)
                                : std::string();
      }
    }
    if (central) {
      x.level1_heading = x.level1;
      x.name_heading = x.name;
    } else {
      x.level1_heading = x.level1;
      if (p.policy) {
        const auto cap = p.policy->caps.find(ind.level1);
        if (cap != p.policy->caps.end()) x.level1_heading += "(" + ScoreText(cap->second) + "分)";
      }
      x.name_heading = x.name + "(" + ScoreText(s.weight) + "分)";
    }
    rows.push_back(std::move(x));
  }
  return rows;
}

std::string GradeText(const ScoredProject& p) {
  if (!p.score.scored) return "未评分";
  return p.score.grade;
}

std::string TotalText(const ScoredProject& p) {
  return p.score.scored ? ScoreText(p.score.total) : "—";
}

Grid SelfEvaluationTable(const ScoredProject& p, const TableOptions& o) {
  Grid g;
  g.sheet_name = p.file.project.name;
  FormTable(p.file.project.form == Form::kCentralTransfer ? kCentralForm : kLocalForm, p, o, g);
  return g;
}

int ReportYear(const std::vector<const ScoredProject*>& ps) {
  std::map<int, int> count;
  for (const auto* p : ps) ++count[p->file.project.year];
  int year = 0, best = 0;
  for (const auto& [y, c] : count)
    if (c > best) year = y, best = c;
  return year;
}

std::string ReportDepartment(const std::vector<const ScoredProject*>& ps, const TableOptions& o) {
  if (!o.department.empty()) return o.department;
  std::map<std::string, int> count;
  for (const auto* p : ps)
    if (p->file.project.form == Form::kLocal) ++count[p->file.project.department];
  if (count.empty())
    for (const auto* p : ps) ++count[p->file.project.unit];
  std::string best_name;
  int best = 0;
  for (const auto& [name, c] : count)
    if (c > best) best_name = name, best = c;
  return best_name;
}

Grid SummaryTable(const std::vector<const ScoredProject*>& ps, const TableOptions& o) {
  Grid g;
  const int year = ReportYear(ps);
  g.title = std::to_string(year) + "年度预算项目绩效自评情况汇总表";
  g.note_left = "部门（单位）：" + ReportDepartment(ps, o);
  g.sheet_name = "汇总表";
  g.cols = 5;
  g.widths = {6, 44, 24, 10, 14};
  GridBuilder b(g);
  int r = 0;
  const char* heads[] = {"序号", "项目名称", "资金使用单位", "自评得分", "自评等级"};
  for (int c = 0; c < 5; ++c) b.Add(r, c, 1, 1, heads[c], CellStyle::kHeader);
  ++r;
  g.header_rows = 1;
  struct Group {
    const char* title;
    Form form;
  };
  for (const Group& grp : {Group{"中央对下转移支付项目绩效自评", Form::kCentralTransfer},
                           Group{"本级项目支出绩效自评", Form::kLocal}}) {
    std::vector<const ScoredProject*> members;
    for (const auto* p : ps)
      if (p->file.project.form == grp.form) members.push_back(p);
    if (members.empty()) continue;
    g.keep_with_next.push_back(r);  // a group's title heads its first project
    b.Add(r++, 0, 1, 5, grp.title, CellStyle::kGroup);
    int n = 0;
    for (const auto* p : members) {
      b.Number(r, 0, ++n, CellKind::kCount);
      b.Add(r, 1, 1, 1, p->file.project.name, CellStyle::kText);
      b.Add(r, 2, 1, 1, p->file.project.unit);
      if (p->score.scored) {
        b.Number(r, 3, p->score.total, CellKind::kScore);
      } else {
        b.Add(r, 3, 1, 1, "—");
      }
      b.Add(r, 4, 1, 1, GradeText(*p));
      ++r;
    }
    if (o.summary_subtotals) {
      g.keep_with_next.push_back(r - 1);  // a 小计 is never alone at the top of a page
      b.Add(r++, 0, 1, 5, std::string("小计：") + GradeCounts(members), CellStyle::kText);
    }
  }
  b.Finish();
  return g;
}

Overview BuildOverview(const std::vector<const ScoredProject*>& ps, const TableOptions& o) {
  Overview ov;
  const int year = ReportYear(ps);
  const std::string dept = ReportDepartment(ps, o);
  const std::string level = o.level.empty() ? "本级" : o.level;
  ov.title = std::to_string(year) + "年度项目支出绩效自评综述";
  ov.work = o.unit.work;
  ov.key_evaluation = o.unit.key_evaluation;
  std::vector<const ScoredProject*> local, central;
  for (const auto* p : ps)
    (p->file.project.form == Form::kCentralTransfer ? central : local).push_back(p);

  if (!local.empty()) {
    std::map<std::string, int> count;
    for (const auto* p : local) ++count[GradeText(*p)];
    ov.lead = dept + std::to_string(year) + "年度" + level + "预算项目绩效自评的" +
              std::to_string(local.size()) + "个项目中，";
    for (const char* grade : {"优", "良", "中", "差"})
      ov.lead += std::to_string(count[grade]) + "个项目自评等级为" + grade + "，";
    ov.lead += std::to_string(count["项目暂未开展"]) + "个项目暂未开展";
    if (count["未评分"] > 0) ov.lead += "，" + std::to_string(count["未评分"]) + "个项目未评分";
    ov.lead += "；涉及全年预算数" + AmountText(BudgetSum(local)) + "万元。";
    ov.judgement = OverallJudgement(local, o);
    ov.listing = "今年在单位决算中反映了" + std::to_string(year) + "年度全部" + level +
                 "预算项目绩效自评结果，以及" + Listing(local) + "的绩效自评表。";
    ov.annex = std::to_string(year) + "年度" + level + "预算项目绩效自评情况汇总表和" + level +
               "预算项目绩效自评表详见附件。";
  }
  for (const auto* p : local) {
    const ExecutionScore& e = p->score.execution;
    OverviewItem it;
    it.project = p->file.project.name;
    it.heading = ItemHeading(it.project);
    it.text = "根据年初设定的绩效目标，项目自评得分为" + TotalText(*p) + "分。全年预算数为" +
              AmountText(p->file.project.budget.annual) + "万元，";
    if (e.known) {
      it.text +=
          "执行数为" + AmountText(e.executed) + "万元，完成预算的" + PercentText(e.rate) + "。";
    } else {
      it.text += "执行数未填报。";
    }
    const std::string achieved = Achieved(*p);
    if (p->score.not_started) {
      it.text +=
          achieved.empty() ? "项目暂未开展。" : StripFinalStop(achieved) + "，项目暂未开展。";
    } else {
      it.text += Completion(achieved);
    }
    ov.local.push_back(std::move(it));
  }

  if (!central.empty()) {
    ov.central_lead = dept + "对" + std::to_string(central.size()) + "个" + std::to_string(year) +
                      "年度中央对地方转移支付项目开展绩效自评，涉及全年预算数" +
                      AmountText(BudgetSum(central)) + "万元。";
    ov.central_annex = std::to_string(year) + "年度中央对地方转移支付项目绩效自评表详见附件。";
  }
  for (const auto* p : central) {
    const ExecutionScore& e = p->score.execution;
    OverviewItem it;
    it.project = p->file.project.name;
    it.heading = ItemHeading(it.project);
    it.text = "该项目全年预算数为" + AmountText(p->file.project.budget.annual) + "万元，" +
              (e.known ? "执行数为" + AmountText(e.executed) + "万元。" : "执行数未填报。") +
              Completion(Achieved(*p));
    ov.central.push_back(std::move(it));
  }
  return ov;
}

std::vector<OverviewBlock> OverviewBlocks(const Overview& ov) {
  using Kind = OverviewBlock::Kind;
  std::vector<OverviewBlock> v;
  const auto add = [&](Kind k, const std::string& text) {
    if (!text.empty()) v.push_back({k, text, 0, ""});
  };
  const auto items = [&](const std::vector<OverviewItem>& its) {
    int n = 0;
    for (const auto& it : its) v.push_back({Kind::kItem, it.text, ++n, it.heading});
  };
  if (!ov.work.empty()) {
    add(Kind::kHeading, "预算绩效管理工作开展情况");
    add(Kind::kParagraph, ov.work);
  }
  if (!ov.local.empty()) {
    add(Kind::kHeading, "本级项目绩效自评结果");
    add(Kind::kParagraph, ov.lead + ov.judgement);
    add(Kind::kParagraph, ov.listing);
    items(ov.local);
    add(Kind::kParagraph, ov.annex);
  }
  if (!ov.central.empty()) {
    add(Kind::kHeading, "中央对地方转移支付项目绩效自评结果");
    add(Kind::kParagraph, ov.central_lead);
    items(ov.central);
    add(Kind::kParagraph, ov.central_annex);
  }
  if (!ov.key_evaluation.empty()) {
    add(Kind::kHeading, "重点绩效评价结果");
    add(Kind::kParagraph, ov.key_evaluation);
  }
  return v;
}

}  // namespace jixiao::report
