// The 绩效目标表 of a budget-time project, in the three layouts the seeds publish:
// 项目支出绩效目标表 (seeds 000 and 003), 政策和项目预算绩效目标表 (001) and 专项资金绩效目标表
// (002). All three are five columns wide: a head block (name, 主管部门, 实施单位, the budget and
// its sources, the overall goal) over an indicator block (一级, 二级, 三级, 指标值). They differ in
// labels and in the head's rows only, so one description per layout drives one builder.
#include "engine/report/grid_builder.h"
#include "engine/report/tables.h"

namespace jixiao::report {
namespace {

struct TargetLayout {
  const char* name_label;        // 项目名称 / 专项资金名称
  const char* department_label;  // 主管部门 / 主管部门及代码
  const char* unit_label;  // 实施单位; null: the form has none (主管部门 spans the row)
  // 项目资金（万元） over 年度预算资金总额 and one row per fund source; null: one row
  // 年度预算资金（万元） with the amount.
  const char* funds_label;
  const char* annual_label;  // the total's row label, or the one-row label
  const char* goal_label;    // 年度总体绩效目标 / 总体目标 / 年度总体目标
  const char* indicators_label;
  bool name_with_year_and_amount;  // 专项资金名称's row: name, 2023年, 101万
};

const TargetLayout& Layout(TargetForm f) {
  static const TargetLayout kProject{
      "项目名称",           "主管部门",         "实施单位", "项目资金（万元）",
      "年度预算资金总额：", "年度总体绩效目标", "绩效指标", false};
  static const TargetLayout kPolicy{
      "项目名称",           "主管部门及代码", "实施单位", "项目资金（万元）",
      "年度预算资金总额：", "总体目标",       "绩效指标", false};
  static const TargetLayout kSpecialFund{
      "专项资金名称",         "主管部门",     nullptr,        nullptr,
      "年度预算资金（万元）", "年度总体目标", "年度绩效指标", true};
  switch (f) {
    case TargetForm::kPolicyAndProject:
      return kPolicy;
    case TargetForm::kSpecialFund:
      return kSpecialFund;
    case TargetForm::kProject:
      break;
  }
  return kProject;
}

// The head: identity, budget, goal. Columns: 0–1 labels, 2–4 values.
void TargetHead(const TargetLayout& l, const Project& pr, GridBuilder& b, int& r) {
  b.Label(r, 0, 1, 2, l.name_label);
  if (l.name_with_year_and_amount) {
    b.Add(r, 2, 1, 1, pr.name);
    b.Add(r, 3, 1, 1, std::to_string(pr.year) + "年");
    b.Add(r, 4, 1, 1, AmountText(pr.budget.annual) + "万");
  } else {
    b.Add(r, 2, 1, 3, pr.name);
  }
  ++r;
  b.Label(r, 0, 1, 2, l.department_label);
  if (l.unit_label) {
    b.Add(r, 2, 1, 1, pr.department);
    b.Label(r, 3, 1, 1, l.unit_label);
    b.Add(r, 4, 1, 1, pr.unit);
  } else {
    b.Add(r, 2, 1, 3, pr.department);
  }
  ++r;
  if (!l.funds_label) {
    b.Label(r, 0, 1, 2, l.annual_label);
    b.Number(r, 2, 1, 3, pr.budget.annual, CellKind::kAmount);
    ++r;
  } else {
    const auto& sources = pr.budget.sources;
    b.Label(r, 0, 1 + static_cast<int>(sources.size()), 2, l.funds_label);
    b.Label(r, 2, 1, 1, l.annual_label);
    b.Number(r, 3, 1, 2, pr.budget.annual, CellKind::kAmount);
    ++r;
    for (std::size_t i = 0; i < sources.size(); ++i, ++r) {
      b.Label(r, 2, 1, 1, (i == 0 ? "其中：" : "") + sources[i].name);
      // 年度预算 of the source as the model holds it; a source without one is drawn empty.
      if (sources[i].annual) {
        b.Number(r, 3, 1, 2, *sources[i].annual, CellKind::kAmount);
      } else {
        b.Add(r, 3, 1, 2, "");
      }
    }
  }
  b.Label(r, 0, 1, 2, l.goal_label);
  b.Add(r, 2, 1, 3, pr.goal_planned, CellStyle::kText);
  ++r;
}

// 分值 only where the definition itself gives every weight (a form published with weights);
// weights shared out by a policy were never published and are not printed.
bool WeightsWritten(const Project& pr) {
  if (pr.indicators.empty()) return false;
  for (const Indicator& ind : pr.indicators)
    if (!ind.weight) return false;
  return true;
}

// Returns the row of the column heads.
int TargetIndicators(const TargetLayout& l, const Project& pr, GridBuilder& b, int& r) {
  const int heads_row = r;
  const int n = static_cast<int>(pr.indicators.size());
  const bool weights = WeightsWritten(pr);
  b.Label(r, 0, 1 + n, 1, l.indicators_label);
  const char* heads[] = {"一级指标", "二级指标", weights ? "三级指标(分值)" : "三级指标", "指标值"};
  for (int c = 0; c < 4; ++c) b.Label(r, c + 1, 1, 1, heads[c]);
  ++r;
  std::vector<std::pair<std::string, std::string>> levels;
  for (const Indicator& ind : pr.indicators) levels.emplace_back(Level1Text(ind), Level2Text(ind));
  LevelCells(b, r, levels, 1);
  for (const Indicator& ind : pr.indicators) {
    b.Add(r, 3, 1, 1, weights ? ind.name + "(" + ScoreText(*ind.weight) + "分)" : ind.name,
          CellStyle::kText);
    b.Add(r, 4, 1, 1, ind.target.text);
    ++r;
  }
  return heads_row;
}

}  // namespace

Grid TargetTable(const Project& pr, TargetForm form) {
  const TargetLayout& l = Layout(form);
  Grid g;
  g.title = TargetFormTitle(form);
  g.subtitle = YearNote(pr.year);
  g.sheet_name = pr.name;
  g.cols = 5;
  g.widths = {8, 10, 20, 36, 30};
  GridBuilder b(g);
  int r = 0;
  TargetHead(l, pr, b, r);
  const int heads_row = TargetIndicators(l, pr, b, r);
  b.Finish();
  // The column heads are never alone at the foot of a page.
  if (!pr.indicators.empty()) g.keep_with_next.push_back(heads_row);
  // Printing as the 自评表: the name row heads every continuation, named after the project.
  g.header_rows = 1;
  g.continued_name = pr.name;
  return g;
}

}  // namespace jixiao::report
