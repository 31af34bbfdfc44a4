// indicators/project.h — the model: a project's definition (what was targeted) and its results
// (what was achieved), kept apart so that results can come from a YAML file or from the store.
//
// A Project holds what a 绩效目标表 holds: identity, budget plan, 年度总体目标 and the indicator
// tree (一级 → 二级 → 三级 with weight and target). Results hold what the project manager enters
// after the year: money spent, each indicator's actual value, judgement and deviation reason,
// keyed by the indicator's stable key. Published holds figures printed in a published table, so
// that the engine can recompute them; it never feeds a score.
#ifndef JIXIAO_INDICATORS_PROJECT_H_
#define JIXIAO_INDICATORS_PROJECT_H_

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "indicators/diagnostics.h"
#include "indicators/value.h"

namespace jixiao {

// 一级指标.
enum class Level1 { kCost, kOutput, kEffect, kSatisfaction };

// 二级指标. kOutputCost is 成本指标 written as a 二级 under 产出指标 (the central-transfer form and
// the pre-2021 national layout).
enum class Level2 {
  kEconomicCost,       // 经济成本指标
  kSocialCost,         // 社会成本指标
  kEnvironmentalCost,  // 生态环境成本指标
  kQuantity,           // 数量指标
  kQuality,            // 质量指标
  kTimeliness,         // 时效指标
  kOutputCost,         // 成本指标 (under 产出指标)
  kEconomicEffect,     // 经济效益指标
  kSocialEffect,       // 社会效益指标
  kEcologicalEffect,   // 生态效益指标
  kSustainability,     // 可持续影响指标 (= 可持续发展影响指标)
  kSatisfaction,       // 服务对象满意度指标
};

// Reads a level name as written in a table or a file: 成本指标, 成本, cost; 经济成本, 经济成本指标,
// 可持续发展影响指标 … Spaces and full-width characters are tolerated.
std::optional<Level1> ParseLevel1(std::string_view text);
std::optional<Level2> ParseLevel2(std::string_view text, Level1 parent);
std::string Level1Name(Level1 l);  // canonical Chinese: "成本指标"
std::string Level2Name(Level2 l);  // canonical Chinese: "经济成本指标"
std::string Level1Code(Level1 l);  // "cost", "output", "effect", "satisfaction"
// The 二级 names allowed under a 一级, for messages ("expected one of …").
std::string Level2Choices(Level1 parent);

// One 三级 indicator: what was targeted.
struct Indicator {
  std::string key;  // stable identity: "产出指标/数量指标/共下放医保经办事项"
  Level1 level1 = Level1::kOutput;
  Level2 level2 = Level2::kQuantity;
  std::string level1_text;  // as written in the definition
  std::string level2_text;
  std::string name;              // 三级指标
  std::optional<double> weight;  // 分值; nullopt: shared from the 一级's cap by policy
  Value target;                  // 年度指标值, parsed and resolved at load
  bool applicable = true;        // false: not assessed, left out and the total rescaled
  SourceLoc loc;                 // the indicator's entry
  SourceLoc target_loc;
  SourceLoc weight_loc;
  SourceLoc level1_loc;  // the 一级 key it sits under
};

// One fund-source row of the budget block (当年财政拨款, 上年结转资金, 其他资金, 中央财政资金 …).
struct FundSource {
  std::string name;
  std::optional<double> initial;  // 万元
  std::optional<double> annual;
};

struct Budget {
  std::optional<double> initial;  // 年初预算数 (万元)
  double annual = 0;              // 全年预算数 (A)
  SourceLoc annual_loc;
  SourceLoc initial_loc;
  std::vector<FundSource> sources;
  SourceLoc loc;

  // The project's one fund source: the only row of `sources` with a budget figure above 0 (the
  // form prints the others empty or 0). Nullopt when there are none or several. Its row and the
  // total are the same money.
  std::optional<std::size_t> SingleSource() const;
};

enum class Form { kLocal, kCentralTransfer };

// The 绩效目标表 a project's targets were published in, at budget time (the definition's
// `target_form`, which the importer writes from the table's title). Each has its own head block.
enum class TargetForm {
  kProject,           // 项目支出绩效目标表 (the default)
  kPolicyAndProject,  // 政策和项目预算绩效目标表
  kSpecialFund,       // 专项资金绩效目标表
};
// "project", "policy-project", "special-fund", or the form's title; nullopt for anything else.
std::optional<TargetForm> ParseTargetForm(std::string_view text);
std::string TargetFormCode(TargetForm f);   // "project", "policy-project", "special-fund"
std::string TargetFormTitle(TargetForm f);  // "项目支出绩效目标表" …

// One row of the central-transfer form's 资金管理情况 block.
struct FundManagementItem {
  std::string item;    // 分配科学性 …
  std::string note;    // 情况说明
  std::string issues;  // 存在问题和改进措施
};

struct Project {
  std::string name;  // 项目名称
  int year = 0;
  std::string department;          // 主管部门 (the local one, for the central form)
  std::string central_department;  // 中央主管部门 (central form only)
  std::string unit;                // 项目实施单位 / 资金使用单位
  std::string manager;             // 项目负责人
  std::string policy = "shandong";
  SourceLoc policy_loc;
  Form form = Form::kLocal;
  TargetForm target_form = TargetForm::kProject;  // the 绩效目标表 it was published in
  Budget budget;
  std::string goal_planned;           // 年初预期目标
  std::vector<Indicator> indicators;  // in table order
  std::vector<FundManagementItem> fund_management;
  SourceLoc loc;  // the file

  const Indicator* Find(std::string_view key) const;
};

// 达成 / 部分达成 / 未达成: the evaluator's band for a qualitative indicator.
enum class Judgement { kNone, kAchieved, kPartlyAchieved, kNotAchieved };
std::optional<Judgement> ParseJudgement(std::string_view text);
std::string JudgementName(Judgement j);  // "达成", "部分达成", "未达成", ""

// What was achieved on one indicator.
struct Actual {
  std::optional<Value> value;  // 实际完成值; nullopt: not entered yet
  Judgement judgement = Judgement::kNone;
  std::optional<double> score;  // the evaluator's score, inside the judgement's band
  std::string reason;           // 偏差原因分析及改进措施
  SourceLoc loc;                // where the value was entered (file:line, or the store)
  SourceLoc score_loc;          // where the score was entered
};

enum class Status { kImplemented, kNotStarted };

// Everything the project manager enters; keyed to a Project by indicator key.
struct Results {
  Status status = Status::kImplemented;
  std::optional<double> executed;         // 全年执行数 (B), 万元
  std::string execution_explanation;      // why execution fell short (执行说明)
  std::string budget_change_explanation;  // why 全年预算数 differs from 年初预算数
  std::map<std::string, double> source_executed;  // per fund source
  std::string goal_achieved;                      // 目标实际完成情况
  // The unit's own short summary of what was achieved, for the 自评综述 (goal.summary):
  // 完成医保宣传材料印刷10万张，保障医保服务热线畅通. "" none: the 综述 quotes goal_achieved.
  std::string goal_summary;
  std::map<std::string, Actual> actuals;  // by Indicator::key
  SourceLoc executed_loc;

  const Actual* Find(std::string_view key) const;
  // Nothing entered after the year: no execution, actual, goal achieved or status other than
  // implemented. Such a project is at budget time: its report is its 绩效目标表.
  bool empty() const;
};

// Figures printed in a published table, kept only to be recomputed and compared.
struct Published {
  std::optional<double> execution_score;
  std::optional<double> total;
  std::optional<std::string> grade;
  std::map<std::string, double> indicator_scores;  // by Indicator::key
  SourceLoc loc;

  bool empty() const { return !execution_score && !total && !grade && indicator_scores.empty(); }
};

// One project definition file, split into its three parts.
struct ProjectFile {
  Project project;
  Results results;
  Published published;
};

}  // namespace jixiao

#endif  // JIXIAO_INDICATORS_PROJECT_H_
