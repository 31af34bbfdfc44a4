// The model phase of the document importer: a raw table → ProjectFile (import_internal.h).
#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <map>
#include <optional>
#include <set>

#include "engine/io/import_internal.h"
#include "indicators/i18n.h"

namespace jixiao::import_detail {
namespace {

// Longest 项目名称 / 主管部门 / 实施单位 taken from a table (in characters).
constexpr std::size_t kMaxHeaderChars = 200;

class Builder {
 public:
  Builder(const Layout& doc, const ImportOptions& opts, RawTable& raw)
      : doc_(doc), opts_(opts), raw_(raw) {}

  ProjectFile Build() {
    ProjectFile pf;
    Project& p = pf.project;
    p.name = raw_.name;
    p.year = raw_.year;
    p.department = raw_.department;
    p.central_department = raw_.central_department;
    p.unit = raw_.unit;
    p.form = raw_.kind == TableKind::kCentralTransfer ? Form::kCentralTransfer : Form::kLocal;
    p.policy = raw_.kind == TableKind::kCentralTransfer ? opts_.central_policy : opts_.policy;
    p.loc = doc_.Loc(raw_.first_line);
    p.goal_planned = raw_.goal_planned;
    pf.results.goal_achieved = raw_.goal_achieved;
    p.fund_management = raw_.fund_management;
    // A name, department or unit runs on when the table's layout was not recognised (its next
    // label missing): keep it short and say so rather than carry a page of text as a name.
    for (auto [field, label] :
         {std::pair{&p.name, "项目名称"}, std::pair{&p.department, "主管部门"},
          std::pair{&p.central_department, "中央主管部门"}, std::pair{&p.unit, "实施单位"}}) {
      if (utf8::Length(*field) > kMaxHeaderChars) {
        Report(raw_.first_line, *field,
               TrF("{0} is longer than {1} characters: the table's header was not read "
                   "correctly; cut short",
                   label, kMaxHeaderChars));
        *field = TrimText(field->substr(0, utf8::Advance(*field, kMaxHeaderChars)));
      }
    }
    BuildBudget(&pf);
    BuildIndicators(&pf);
    if (raw_.total_score) pf.published.total = raw_.total_score;
    if (p.name.empty()) Report(raw_.first_line, "", Tr("table without a 项目名称"));
    if (p.indicators.empty()) {
      Report(raw_.first_line, p.name,
             Tr("table without indicator rows (一级指标, 二级指标, 三级指标, 指标值): nothing to "
                "score"));
    }
    if (p.unit.empty() && !p.department.empty()) {
      p.unit = p.department;
      Note(raw_.first_line, p.name, UnitFromDepartmentNote(p.department));
    }
    return pf;
  }

 private:
  void Report(int line, std::string text, std::string why) {
    raw_.report.push_back({doc_.Loc(line), Shorten(text), std::move(why)});
  }
  void Note(int line, std::string text, std::string why) {
    raw_.notes.push_back({doc_.Loc(line), Shorten(text), std::move(why)});
  }

  void BuildBudget(ProjectFile* pf) {
    Budget& b = pf->project.budget;
    b.loc = doc_.Loc(raw_.first_line);
    const auto& v = raw_.total_values;
    switch (raw_.kind) {
      case TableKind::kTargets:
        // A budget-time table prints the year's budget: it is both 年初 and 全年预算数.
        if (!v.empty()) {
          b.initial = v[0];
          b.annual = v[0];
        } else if (raw_.header_amount) {
          b.initial = b.annual = *raw_.header_amount;
        } else {
          Report(raw_.first_line, raw_.name, Tr("no 年度预算资金总额 found: budget not imported"));
        }
        if (!v.empty() && raw_.header_amount && *raw_.header_amount != v[0]) {
          Note(raw_.first_line, raw_.name,
               TrF("amount beside the name ({0}万) differs from 年度预算资金总额 ({1})",
                   FormatNumber(*raw_.header_amount), FormatNumber(v[0])));
        }
        for (const auto& s : raw_.sources) {
          FundSource fs{s.name, std::nullopt, std::nullopt};
          if (!s.values.empty()) fs.initial = fs.annual = s.values[0];
          b.sources.push_back(fs);
        }
        break;
      case TableKind::kSelfEvaluation:
        // 年初预算数, 全年预算数 (A), 全年执行数 (B), 分值, 执行率, 得分.
        if (v.size() >= 3) {
          b.initial = v[0];
          b.annual = v[1];
          pf->results.executed = v[2];
          if (v.size() >= 6) pf->published.execution_score = v[5];
        } else {
          Report(raw_.first_line, raw_.name,
                 Tr("年度资金总额 row without 年初预算数, 全年预算数 and 全年执行数: budget not "
                    "imported"));
        }
        for (const auto& s : raw_.sources) {
          FundSource fs{s.name, std::nullopt, std::nullopt};
          if (s.values.size() >= 3) {
            fs.initial = s.values[0];
            fs.annual = s.values[1];
            pf->results.source_executed[s.name] = s.values[2];
          } else if (!s.values.empty()) {
            Report(raw_.first_line, s.name,
                   Tr("fund-source row with too few figures: not imported"));
          }
          b.sources.push_back(fs);
        }
        break;
      case TableKind::kCentralTransfer:
        // 全年预算数 (A), 全年执行数 (B), 预算执行率.
        if (v.size() >= 2) {
          b.annual = v[0];
          pf->results.executed = v[1];
        } else {
          Report(raw_.first_line, raw_.name,
                 Tr("年度资金总额 row without 全年预算数 and 全年执行数"));
        }
        for (const auto& s : raw_.sources) {
          FundSource fs{s.name, std::nullopt, std::nullopt};
          if (s.values.size() >= 2) {
            fs.annual = s.values[0];
            pf->results.source_executed[s.name] = s.values[1];
          }
          b.sources.push_back(fs);
        }
        break;
    }
  }

  // Resolves a row's level cells (one or two) against the current 一级/二级.
  bool ResolveLevels(const RawRow& row) {
    std::vector<std::string> lv;
    for (const auto& l : row.levels) lv.push_back(LevelText(l));
    if (lv.size() == 2) {
      const std::string& a = lv[0];
      const std::string& b = lv[1];
      if (auto l1 = ParseLevel1(a)) {
        if (auto l2 = ParseLevel2(b, *l1)) {
          SetL1(*l1, a);
          SetL2(*l2, b);
          return true;
        }
        if (ParseLevel1(b) == l1 && *l1 == Level1::kCost) {
          SetL1(*l1, a);
          SetL2(Level2::kEconomicCost, Level2Name(Level2::kEconomicCost));
          Note(row.line, row.raw,
               TrF("二级 printed as {} under 成本指标: read as 经济成本指标", Q(b)));
          return true;
        }
      } else if (a == b) {
        Note(row.line, row.raw, TrF("二级 {} printed in the 一级 column too: read once", Q(a)));
        return Single(a, row);
      }
      return Single(a, row) && Single(b, row);
    }
    return lv.empty() || Single(lv[0], row);
  }

  // One level cell: the current 一级 again, a 二级 under it, another 一级, or a 二级 that names
  // its 一级 (the 一级 cell blank, shifted, or printed on another row of its merged group).
  bool Single(const std::string& a, const RawRow& row) {
    const auto l1 = ParseLevel1(a);
    const auto l2 = l1_ ? ParseLevel2(a, *l1_) : std::nullopt;
    if (l1 && l1_ && *l1 == *l1_) {
      printed_.insert(*l1);
      l1_text_ = a;
      return true;
    }
    if (l2) {
      SetL2(*l2, a);
      return true;
    }
    if (l1) {
      SetL1(*l1, a);
      l2_.reset();
      return true;
    }
    const auto parents = Level2Parents(a);
    if (parents.size() == 1) {
      l1_ = parents[0];
      l1_text_ = Level1Name(parents[0]);
      inferred_.insert(parents[0]);
      SetL2(*ParseLevel2(a, parents[0]), a);
      return true;
    }
    Report(row.line, row.raw,
           TrF("level {} cannot be placed under the current 一级: row not imported", Q(a)));
    return false;
  }

  void SetL1(Level1 l, const std::string& text) {
    l1_ = l;
    l1_text_ = LevelText(text);
    printed_.insert(l);
  }
  void SetL2(Level2 l, const std::string& text) {
    l2_ = l;
    l2_text_ = LevelText(text);
  }

  void BuildIndicators(ProjectFile* pf) {
    std::map<std::string, const RawRow*> seen;  // key → first row
    for (const RawRow& row : raw_.rows) {
      if (!row.levels.empty() && !ResolveLevels(row)) continue;
      if (row.cells.empty()) continue;
      if (!l1_ || !l2_) {
        Report(row.line, row.raw,
               l1_ ? Tr("indicator row before any 二级指标: not imported")
                   : Tr("indicator row before any 一级指标: not imported"));
        continue;
      }
      const std::size_t n = row.cells.size();
      std::size_t expected_min = 2, expected_max = 2;
      if (raw_.kind == TableKind::kSelfEvaluation) expected_min = 5, expected_max = 6;
      if (raw_.kind == TableKind::kCentralTransfer) expected_min = 3, expected_max = 4;
      if (n < expected_min || n > expected_max) {
        const char* what = raw_.kind == TableKind::kSelfEvaluation
                               ? "三级指标, 指标值, 实际完成值, 完成率, 得分 [, 偏差原因]"
                           : raw_.kind == TableKind::kCentralTransfer
                               ? "三级指标, 指标值, 全年实际完成值 [, 未完成原因]"
                               : "三级指标, 指标值";
        Report(row.line, row.raw,
               n == 1 && row.levels.empty() && Compact(row.cells[0]).size() <= 6
                   ? std::string(Tr("a lone cell in the indicator part: not imported"))
                   : TrF("{0} cell(s) where the table has {1}: not imported", n, what));
        continue;
      }
      Indicator ind;
      ind.level1 = *l1_;
      ind.level2 = *l2_;
      ind.level1_text = l1_text_;
      ind.level2_text = l2_text_;
      ind.loc = doc_.Loc(row.line);
      ind.target_loc = ind.loc;
      ind.level1_loc = ind.loc;
      std::string name = CleanText(row.cells[0]);
      if (auto w = SplitNameWeight(name)) {
        ind.weight = w->weight;
        ind.weight_loc = ind.loc;
        name = w->name;
      }
      ind.name = name;
      if (raw_.kind == TableKind::kSelfEvaluation && !ind.weight) {
        Note(row.line, row.raw, TrF("no (N分) weight after the 三级 name {}", Q(name)));
      }
      const std::string target_text = ValueText(row.cells[1]);
      ParseResult pr = ParseValue(target_text);
      if (!pr.value) {
        Report(row.line, row.raw,
               TrF("指标值 {0} cannot be read ({1}): not imported", Q(target_text), pr.error));
        continue;
      }
      ind.target = std::move(*pr.value);
      ImplyContext ctx{ind.level2 == Level2::kTimeliness, IsRateName(ind.name)};
      const std::string guess = ResolveImplied(ind.target, ctx);
      if (!guess.empty()) Note(row.line, row.raw, guess);
      ind.key = Level1Name(ind.level1) + "/" + Level2Name(ind.level2) + "/" + ind.name;

      // A row printed twice: imported once, and said so.
      std::string fingerprint = ind.key;
      for (std::size_t c = 1; c < n; ++c) fingerprint += "\t" + ValueText(row.cells[c]);
      if (auto it = seen.find(ind.key); it != seen.end()) {
        const bool same = fingerprints_[ind.key] == fingerprint;
        Report(row.line, row.raw,
               same ? TrF("repeats the row at line {} exactly (same 二级, name and figures): "
                          "imported once",
                          it->second->line)
                    : TrF("a second indicator {0} under {1}/{2} (first at line {3}) with "
                          "different figures: not imported",
                          Q(ind.name), l1_text_, l2_text_, it->second->line));
        continue;
      }
      seen[ind.key] = &row;
      fingerprints_[ind.key] = fingerprint;

      if (raw_.kind != TableKind::kTargets) {
        Actual actual;
        actual.loc = ind.loc;
        const std::string actual_text = ValueText(row.cells[2]);
        ParseResult ar = ParseValue(actual_text);
        if (!ar.value) {
          Report(row.line, row.raw,
                 TrF("实际完成值 {0} cannot be read ({1})", Q(actual_text), ar.error));
        } else {
          if (ar.value->is_quantity() && ar.value->op != Operator::kNone) {
            Note(row.line, row.raw,
                 TrF("actual {} repeats an operator: read as a value", Q(actual_text)));
            ar.value->op = Operator::kNone;
          }
          actual.value = std::move(*ar.value);
        }
        std::size_t reason_at = 3;
        if (raw_.kind == TableKind::kSelfEvaluation) {
          if (auto s = Number(row.cells[4])) {
            pf->published.indicator_scores[ind.key] = *s;
          } else {
            Report(row.line, row.raw, TrF("得分 {} is not a number", Q(row.cells[4])));
          }
          reason_at = 5;
        }
        if (n > reason_at) {
          const std::string reason = CleanText(row.cells[reason_at]);
          if (reason != "无" && reason != "-" && reason != "/" && !reason.empty())
            actual.reason = reason;
        }
        pf->results.actuals[ind.key] = std::move(actual);
      }
      pf->project.indicators.push_back(std::move(ind));
    }
    for (Level1 l : inferred_) {
      if (!printed_.count(l)) {
        Note(raw_.first_line, raw_.name,
             TrF("一级 {} is not printed in this table: read from its 二级 names", Level1Name(l)));
      }
    }
  }

  const Layout& doc_;
  const ImportOptions& opts_;
  RawTable& raw_;
  std::optional<Level1> l1_;
  std::optional<Level2> l2_;
  std::string l1_text_, l2_text_;
  std::set<Level1> printed_, inferred_;
  std::map<std::string, std::string> fingerprints_;
};

}  // namespace

void JudgeFromPublished(RawTable& raw, ProjectFile& pf) {
  const Published& pub = pf.published;
  // A total of 100 leaves no point lost anywhere: every indicator scored its whole weight.
  const bool full_total = pub.total && std::fabs(*pub.total - 100) <= 0.005;
  for (const Indicator& ind : pf.project.indicators) {
    const auto it = pf.results.actuals.find(ind.key);
    if (it == pf.results.actuals.end()) continue;
    Actual& actual = it->second;
    if (!actual.value || actual.judgement != Judgement::kNone) continue;
    const Value& a = *actual.value;
    const Value& t = ind.target;
    if (t.is_quantity() ? a.is_quantity() : StatesTarget(t, a)) continue;  // scored by formula
    const auto score = pub.indicator_scores.find(ind.key);
    std::string evidence;
    if (score != pub.indicator_scores.end()) {
      if (!ind.weight || std::fabs(score->second - *ind.weight) > 0.005) continue;
      evidence = TrF("the published 得分 {} is its whole weight", FormatNumber(score->second));
    } else if (full_total) {
      evidence = TrF("the published total {} leaves no point lost on any indicator",
                     FormatNumber(*pub.total));
    } else {
      continue;
    }
    actual.judgement = Judgement::kAchieved;
    raw.notes.push_back({ind.loc, ind.name,
                         TrF("实际完成值 {} cannot be scored against 指标值 {} by formula; {}: "
                             "recorded as judgement 达成",
                             Q(a.text), Q(t.text), evidence)});
  }
}

ProjectFile BuildProject(const Layout& doc, const ImportOptions& options, RawTable& raw) {
  return Builder(doc, options, raw).Build();
}

}  // namespace jixiao::import_detail
