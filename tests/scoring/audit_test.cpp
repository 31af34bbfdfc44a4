// Tests of scoring/audit.h: each audit rule on a case that triggers it and a near case that does
// not. Projects are built in code around a clean baseline that raises no finding at all; expected
// numbers are worked out by hand in the comments, never copied from the engine's output.
#include "scoring/audit.h"

#include <doctest/doctest.h>

#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "indicators/project.h"
#include "indicators/value.h"
#include "scoring/policy.h"
#include "scoring/score.h"

namespace jixiao {
namespace {

Value Parse(std::string_view text) {
  ParseResult r = ParseValue(text);
  REQUIRE_MESSAGE(r.value.has_value(), "cannot parse '" << std::string(text) << "'");
  return *r.value;
}

struct Row {
  Level1 l1;
  Level2 l2;
  std::string name;
  double weight;
  std::string target;
  std::optional<std::string> actual;
  std::string reason = "";
  Judgement judgement = Judgement::kNone;
};

// A clean shandong project (default Policy): weights 20 / 20+20 / 10+10 / 10, every target met
// without over-achievement (96/85 = 1.13, 95/90 = 1.06, under 1.2), budget 49 → 49 executed 48
// (97.96%, ahead of nothing by more than 5 points: completion 100 − 97.96 = 2.04), the qualitative
// indicator judged 达成 on an actual that states what was done. Total 9.8 + 90 = 99.8, 优.
std::vector<Row> Baseline() {
  return {
      {Level1::kCost, Level2::kEconomicCost, "运转成本", 20, "≤5万元/年", "3.6万元"},
      {Level1::kOutput, Level2::kQuantity, "下放经办事项", 20, "=20项", "20项"},
      {Level1::kOutput, Level2::kTimeliness, "业务受理及时率", 20, "=100%", "100%"},
      {Level1::kEffect, Level2::kSocialEffect, "政策知晓率", 10, "≥85%", "96%"},
      {Level1::kEffect, Level2::kSustainability, "长效机制", 10, "健全", "印发管理制度3项", "",
       Judgement::kAchieved},
      {Level1::kSatisfaction, Level2::kSatisfaction, "服务对象满意度", 10, "≥90%", "95%"},
  };
}

struct Spec {
  std::string name = "测试项目";
  std::string unit = "测试单位";
  std::vector<Row> rows = Baseline();
  std::optional<double> initial = 49;
  double annual = 49;
  std::optional<double> executed = 48;
  std::string explanation;          // budget.explanation: why execution fell short
  std::string change_explanation;   // budget.change_explanation: why A differs from 年初预算数
  std::vector<FundSource> sources;  // budget.sources (其中 rows)
  std::map<std::string, double> source_executed;  // their 全年执行数
  Status status = Status::kImplemented;
  std::optional<double> published_total;
  std::string manager;
  std::optional<std::vector<HistoryEntry>> history;  // the store's trail; none: read from files
};

// Keeps the files, policies and scores alive while the findings are inspected.
class UnitCase {
 public:
  explicit UnitCase(Policy policy = Policy{}) : policy_(std::move(policy)) {}

  UnitCase& Add(const Spec& s) {
    const std::string file = "p" + std::to_string(files_.size()) + ".yaml";
    ProjectFile& pf = files_.emplace_back();
    Project& p = pf.project;
    p.name = s.name;
    p.unit = s.unit;
    p.manager = s.manager;
    p.year = 2024;
    histories_.push_back(s.history);
    p.loc = SourceLoc{file, 0, 0};
    p.budget.initial = s.initial;
    p.budget.annual = s.annual;
    p.budget.annual_loc = SourceLoc{file, 3, 11};
    pf.results.executed = s.executed;
    pf.results.executed_loc = SourceLoc{file, 4, 13};
    pf.results.execution_explanation = s.explanation;
    pf.results.budget_change_explanation = s.change_explanation;
    p.budget.sources = s.sources;
    pf.results.source_executed = s.source_executed;
    pf.results.status = s.status;
    int line = 10;
    for (const Row& r : s.rows) {
      Indicator ind;
      ind.level1 = r.l1;
      ind.level2 = r.l2;
      ind.level1_text = Level1Name(r.l1);
      ind.level2_text = Level2Name(r.l2);
      ind.name = r.name;
      ind.weight = r.weight;
      ind.target = Parse(r.target);
      ImplyContext ctx;
      ctx.timeliness = r.l2 == Level2::kTimeliness;
      ResolveImplied(ind.target, ctx);
      ind.key = Level1Name(r.l1) + "/" + Level2Name(r.l2) + "/" + r.name;
      // A repeated row gets a suffixed key, as the loader gives it.
      while (p.Find(ind.key)) ind.key += "#2";
      ind.loc = SourceLoc{file, line, 9};
      ind.target_loc = SourceLoc{file, line, 40};
      ind.level1_loc = SourceLoc{file, line - 1, 3};
      if (r.actual) {
        Actual a;
        a.value = Parse(*r.actual);
        if (a.value->is_quantity()) a.value->op = Operator::kNone;
        a.loc = SourceLoc{file, line, 60};
        a.reason = r.reason;
        a.judgement = r.judgement;
        pf.results.actuals[ind.key] = std::move(a);
      }
      p.indicators.push_back(std::move(ind));
      line += 2;
    }
    pf.published.total = s.published_total;
    pf.published.loc = SourceLoc{file, 90, 12};
    return *this;
  }

  std::vector<AuditFinding> Run() {
    scores_.clear();
    std::vector<AuditProject> aps;
    for (std::size_t i = 0; i < files_.size(); ++i) {
      const ProjectFile& pf = files_[i];
      scores_.push_back(ScoreProject(pf.project, pf.results, pf.published, policy_));
      const auto& h = histories_[i];
      aps.push_back(AuditProject{&pf, &scores_.back(), &policy_, nullptr, h ? &*h : nullptr});
    }
    return Audit(aps);
  }
  // The score of the i-th project, as the last Run() made it.
  const ProjectScore& Score(std::size_t i) const { return scores_[i]; }

 private:
  Policy policy_;
  std::deque<ProjectFile> files_;
  std::deque<ProjectScore> scores_;
  std::deque<std::optional<std::vector<HistoryEntry>>> histories_;
};

std::string Dump(const std::vector<AuditFinding>& fs) {
  std::string out;
  for (const auto& f : fs) out += "  " + f.diagnostic.str() + " {" + f.source + "}\n";
  return out.empty() ? "  (no findings)\n" : out;
}

const AuditFinding* FindCode(const std::vector<AuditFinding>& fs, std::string_view code) {
  for (const auto& f : fs)
    if (f.diagnostic.code == code) return &f;
  return nullptr;
}

bool Contains(const std::string& s, std::string_view part) {
  return s.find(part) != std::string::npos;
}

Spec With(std::function<void(Spec&)> change) {
  Spec s;
  change(s);
  return s;
}

Row& RowNamed(Spec& s, const std::string& name) {
  for (Row& r : s.rows)
    if (r.name == name) return r;
  FAIL("no row " << name);
  return s.rows.front();
}

TEST_CASE("audit: the baseline project raises no finding") {
  UnitCase u;
  u.Add(Spec{});
  const auto fs = u.Run();
  CHECK_MESSAGE(fs.empty(), Dump(fs));
}

// One project, one rule: the spec that triggers it, the expected severity and a piece of the
// evidence in the message; and a near spec that does not trigger it.
struct RuleCase {
  const char* code;
  Spec triggers;
  Severity severity;
  const char* evidence;  // must appear in the message
  const char* indicator;
  Spec does_not;
};

TEST_CASE("audit: each project rule triggers on its case and not on the near case") {
  const std::vector<RuleCase> cases = {
      // 18/20 = 90% × 20 = 18: below the weight, with a reason → listed as a deviation.
      {"deviation", With([](Spec& s) {
         RowNamed(s, "下放经办事项").actual = "18项";
         RowNamed(s, "下放经办事项").reason = "2项待省级系统改造后下放";
       }),
       Severity::kInfo, "scored 18 of 20", "下放经办事项", Spec{}},
      // The same without a reason: a warning, as in ScoreProject (one severity everywhere; a
      // policy may make it an error, see "one severity per code" below).
      {"deviation-reason-missing",
       With([](Spec& s) { RowNamed(s, "下放经办事项").actual = "18项"; }), Severity::kWarning,
       "scored 18 of 20", "下放经办事项", With([](Spec& s) {
         RowNamed(s, "下放经办事项").actual = "18项";
         RowNamed(s, "下放经办事项").reason = "2项待省级系统改造后下放";
       })},
      // Seed 004: 1540 → 505.12 is (505.12 − 1540)/1540 = −67.2%, over 20%.
      {"budget-change-unexplained", With([](Spec& s) {
         s.initial = 1540;
         s.annual = 505.12;
         s.executed = 500;
       }),
       Severity::kWarning, "−67.2%", "", With([](Spec& s) {
         s.initial = 1540;
         s.annual = 505.12;
         s.executed = 500;
         s.change_explanation = "年中调减预算，资金统筹用于其他项目";
       })},
      // The 执行率 explanation does not explain a budget change: its own field does.
      {"budget-change-unexplained", With([](Spec& s) {
         s.initial = 1540;
         s.annual = 505.12;
         s.executed = 400;
         s.explanation = "部分款项年底未结算";
       }),
       Severity::kWarning, "budget.change_explanation", "", With([](Spec& s) {
         s.initial = 1540;
         s.annual = 505.12;
         s.executed = 400;
         s.explanation = "部分款项年底未结算";
         s.change_explanation = "年中调减预算，资金统筹用于其他项目";
       })},
      // The 自评表 of seed 004's 基层医保工作站项目 after `budget set --executed 45` without its
      // source row: 年度资金总额 45 against 其中：当年财政拨款 5.6. The near case: 40 + 5 = 45.
      {"budget-sources-mismatch", With([](Spec& s) {
         s.executed = 45;
         s.sources = {{"当年财政拨款", 49, 49}, {"上年结转资金", {}, {}}};
         s.source_executed = {{"当年财政拨款", 5.6}};
       }),
       Severity::kWarning, "全年执行数: the fund-source rows add up to 5.6万元 (当年财政拨款 5.6)",
       "", With([](Spec& s) {
         s.executed = 45;
         s.sources = {{"当年财政拨款", 40, 40}, {"上年结转资金", 9, 9}};
         s.source_executed = {{"当年财政拨款", 40}, {"上年结转资金", 5}};
       })},
      // 5.6/49 = 11.43%: completion 100 points runs 88.57 points ahead.
      {"completion-ahead-of-execution", With([](Spec& s) { s.executed = 5.6; }), Severity::kWarning,
       "runs 88.57 points ahead of budget execution 11.43%", "",
       // 46.55/49 = 95%: exactly 5 points behind completion, not more than the threshold.
       With([](Spec& s) {
         s.executed = 46.55;
         s.explanation = "";
       })},
      // 显著提高 for 显著提高, no reason: full marks on the target restated.
      {"qualitative-full-without-evidence", With([](Spec& s) {
         RowNamed(s, "长效机制").target = "显著提高";
         RowNamed(s, "长效机制").actual = "显著提高";
         RowNamed(s, "长效机制").judgement = Judgement::kNone;
       }),
       Severity::kWarning, "actual '显著提高' only repeats it", "长效机制", With([](Spec& s) {
         RowNamed(s, "长效机制").target = "显著提高";
         RowNamed(s, "长效机制").actual = "显著提高";
         RowNamed(s, "长效机制").judgement = Judgement::kNone;
         RowNamed(s, "长效机制").reason = "办理时长由3天缩短至1天（业务系统统计）";
       })},
      // Both 效益 targets text; the baseline has 政策知晓率 ≥85%.
      {"effect-only-qualitative", With([](Spec& s) {
         RowNamed(s, "政策知晓率").target = "显著提高";
         RowNamed(s, "政策知晓率").actual = "已开展宣传12场";
         RowNamed(s, "政策知晓率").judgement = Judgement::kAchieved;
       }),
       Severity::kInfo, "'显著提高', '健全'", "", Spec{}},
      // A bare 100% reads as =100%.
      {"target-no-operator", With([](Spec& s) { RowNamed(s, "业务受理及时率").target = "100%"; }),
       Severity::kInfo, "target '100%'", "业务受理及时率", Spec{}},
      // ≤60万元/年 against a budget of 49万元.
      {"cost-target-over-budget",
       With([](Spec& s) { RowNamed(s, "运转成本").target = "≤60万元/年"; }), Severity::kWarning,
       "(60万元) is larger than the project's 全年预算数 49万元", "运转成本",
       // Per person: not comparable with the budget.
       With([](Spec& s) {
         RowNamed(s, "运转成本").target = "≤60万元/人/年";
         RowNamed(s, "运转成本").actual = "3.6万元/人/年";
       })},
      // Seed 004's 医保一图清服务平台: ≤7万元 + ≤14万元 = 21 against 20.
      {"cost-target-over-budget", With([](Spec& s) {
         s.rows[0] = {Level1::kCost, Level2::kEconomicCost, "软件开发成本", 10, "≤7万元", "6万元"};
         s.rows.insert(s.rows.begin() + 1, {Level1::kCost, Level2::kEconomicCost,
                                            "硬件建设及其他成本", 10, "≤14万元", "13万元"});
         s.initial = 20;
         s.annual = 20;
         s.executed = 19.5;
       }),
       Severity::kWarning, "7 + 14 = 21万元, more than its 全年预算数 20万元", "",
       // Seed 004's 基层医保工作站项目: ≤5万元/年 + ≤44万元/年 = 49, the budget exactly.
       With([](Spec& s) {
         s.rows[0] = {Level1::kCost, Level2::kEconomicCost, "工作站运转邮电成本", 15, "≤5万元/年",
                      "3.6万元"};
         s.rows.insert(s.rows.begin() + 1, {Level1::kCost, Level2::kEconomicCost, "其他成本", 5,
                                            "≤44万元/年", "2万元"});
       })},
      // 特殊群体医疗费（二） as published: the 10-point row twice. Counted twice: weights 110,
      // indicator points 100, total 9.8 + 100 = 109.8; counted once: 99.8.
      {"duplicate-indicator-total", With([](Spec& s) {
         s.rows.insert(s.rows.begin() + 4, s.rows[3]);
         s.published_total = 99.8;
       }),
       Severity::kWarning,
       "weights add up to 110 (not 100) and the total to 109.8 (execution 9.8 + indicators 100); "
       "counted once, the total is 99.8 (优); published total 99.8",
       "政策知晓率", Spec{}},
      {"project-not-started", With([](Spec& s) {
         s.status = Status::kNotStarted;
         s.executed = 0;
       }),
       Severity::kInfo, "全年预算数 49万元, 全年执行数 0万元", "", Spec{}},
      // ScoreProject's findings come through with their source: a published total that breaks
      // the rounding (seed 004: 90.4 against 90.38).
      {"published-total-differs", With([](Spec& s) { s.published_total = 100; }),
       Severity::kWarning, "published total 100 differs from the rule's 99.8", "",
       With([](Spec& s) { s.published_total = 99.8; })},
      // No 满意度 indicator: 10 points that cannot be earned.
      {"level1-empty", With([](Spec& s) {
         s.rows.pop_back();
         s.published_total = std::nullopt;
       }),
       Severity::kWarning, "no 满意度指标 indicator", "", Spec{}},
  };
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const RuleCase& c = cases[i];
    // Distinct names: doctest tells subcases of one line apart by name.
    SUBCASE((std::to_string(i) + " " + c.code).c_str()) {
      {
        UnitCase u;
        u.Add(c.triggers);
        const auto fs = u.Run();
        const AuditFinding* f = FindCode(fs, c.code);
        REQUIRE_MESSAGE(f != nullptr, "no " << c.code << "; got:\n" << Dump(fs));
        CHECK(f->diagnostic.severity == c.severity);
        CHECK_MESSAGE(Contains(f->diagnostic.message, c.evidence), f->diagnostic.message);
        CHECK(f->indicator == c.indicator);
        CHECK(f->project == "测试项目");
        CHECK(f->unit == "测试单位");
        const AuditRule* rule = FindAuditRule(c.code);
        REQUIRE(rule != nullptr);
        CHECK(f->source == rule->source);
        CHECK(rule->severity == c.severity);
      }
      {
        UnitCase u;
        u.Add(c.does_not);
        const auto fs = u.Run();
        CHECK_MESSAGE(FindCode(fs, c.code) == nullptr, "unexpected " << c.code << ":\n"
                                                                     << Dump(fs));
      }
    }
  }
}

TEST_CASE("audit: the completion threshold comes from the policy") {
  // 40/49 = 81.63%: 18.37 points behind a completion of 100.
  Spec s = With([](Spec& x) { x.executed = 40; });
  Policy lax;
  lax.completion_ahead_of_execution = 20;
  UnitCase a(lax);
  a.Add(s);
  CHECK(FindCode(a.Run(), "completion-ahead-of-execution") == nullptr);
  Policy strict;
  strict.completion_ahead_of_execution = 18;
  UnitCase b(strict);
  b.Add(s);
  CHECK(FindCode(b.Run(), "completion-ahead-of-execution") != nullptr);
}

TEST_CASE("audit: completion is the weighted average of the capped completion rates") {
  // 下放经办事项 18/20 = 90% (weight 20); every other indicator at 100% or over, capped at 100%
  // (96/85 = 113% counts 100%). Completion (20 × 0.9 + 70 × 1) / 90 × 100 = 97.78 points;
  // execution 30/49 = 61.224%; ahead 97.778 − 61.224 = 36.553 → 36.55 points
  // (the difference of the unrounded figures, not of the rounded ones).
  Spec s = With([](Spec& x) {
    x.executed = 30;
    x.explanation = "部分款项年底未结算";
    RowNamed(x, "下放经办事项").actual = "18项";
    RowNamed(x, "下放经办事项").reason = "2项待省级系统改造后下放";
  });
  UnitCase u;
  u.Add(s);
  const auto fs = u.Run();
  const AuditFinding* f = FindCode(fs, "completion-ahead-of-execution");
  REQUIRE_MESSAGE(f != nullptr, Dump(fs));
  CHECK_MESSAGE(Contains(f->diagnostic.message, "indicator completion 97.78 points"),
                f->diagnostic.message);
  CHECK_MESSAGE(Contains(f->diagnostic.message, "5 of 6 at 100%"), f->diagnostic.message);
  CHECK_MESSAGE(Contains(f->diagnostic.message, "runs 36.55 points ahead"), f->diagnostic.message);
}

TEST_CASE("audit: the budget-change threshold comes from the policy") {
  // 100 → 70: −30%.
  Spec s = With([](Spec& x) {
    x.initial = 70.0 / 0.7;
    x.annual = 70;
    x.executed = 69;
  });
  UnitCase a;  // default 0.20
  a.Add(s);
  CHECK(FindCode(a.Run(), "budget-change-unexplained") != nullptr);
  Policy lax;
  lax.budget_change = 0.5;
  UnitCase b(lax);
  b.Add(s);
  CHECK(FindCode(b.Run(), "budget-change-unexplained") == nullptr);
}

TEST_CASE("audit: unit-wide rules") {
  SUBCASE("every graded project 优 → all-excellent; one 良 → none") {
    UnitCase u;
    u.Add(With([](Spec& s) { s.name = "甲"; })).Add(With([](Spec& s) { s.name = "乙"; }));
    const auto fs = u.Run();
    const AuditFinding* f = FindCode(fs, "all-excellent");
    REQUIRE_MESSAGE(f != nullptr, Dump(fs));
    CHECK(f->project.empty());
    CHECK(f->unit == "测试单位");
    CHECK(Contains(f->diagnostic.message,
                   "all 2 graded projects of 测试单位 are graded 优 "
                   "(totals by the rule: 99.8, 99.8)"));

    // 乙 misses 下放经办事项 entirely (0项 → 0 of 20): 79.8, 良.
    UnitCase v;
    v.Add(With([](Spec& s) { s.name = "甲"; })).Add(With([](Spec& s) {
      s.name = "乙";
      RowNamed(s, "下放经办事项").actual = "0项";
      RowNamed(s, "下放经办事项").reason = "省级系统未上线";
    }));
    CHECK(FindCode(v.Run(), "all-excellent") == nullptr);
  }
  SUBCASE("a single project is no pattern") {
    UnitCase u;
    u.Add(Spec{});
    CHECK(FindCode(u.Run(), "all-excellent") == nullptr);
  }
  SUBCASE("projects of different units are not pooled") {
    UnitCase u;
    u.Add(With([](Spec& s) { s.unit = "甲单位"; })).Add(With([](Spec& s) { s.unit = "乙单位"; }));
    CHECK(FindCode(u.Run(), "all-excellent") == nullptr);
  }
  SUBCASE("same name, different targets → inconsistent-targets; same targets → none") {
    UnitCase u;
    u.Add(With([](Spec& s) { s.name = "甲"; })).Add(With([](Spec& s) {
      s.name = "乙";
      RowNamed(s, "服务对象满意度").target = "≥85%";
    }));
    const auto fs = u.Run();
    const AuditFinding* f = FindCode(fs, "inconsistent-targets");
    REQUIRE_MESSAGE(f != nullptr, Dump(fs));
    CHECK(f->indicator == "服务对象满意度");
    CHECK(Contains(f->diagnostic.message, "≥90% in 甲; ≥85% in 乙"));

    UnitCase v;
    v.Add(With([](Spec& s) { s.name = "甲"; })).Add(With([](Spec& s) { s.name = "乙"; }));
    CHECK(FindCode(v.Run(), "inconsistent-targets") == nullptr);
  }
}

TEST_CASE("audit: a target table (no results) gets the target-setting rules only") {
  Spec s;
  for (Row& r : s.rows) r.actual.reset();
  s.executed.reset();
  RowNamed(s, "运转成本").target = "≤60万元/年";
  UnitCase u;
  u.Add(s);
  const auto fs = u.Run();
  const AuditFinding* nr = FindCode(fs, "no-results");
  REQUIRE_MESSAGE(nr != nullptr, Dump(fs));
  CHECK(nr->diagnostic.severity == Severity::kInfo);
  CHECK(FindCode(fs, "cost-target-over-budget") != nullptr);
  for (const auto& f : fs) CHECK_MESSAGE(f.diagnostic.severity != Severity::kError, Dump(fs));
}

TEST_CASE("audit: findings come per project, errors first, then the unit's") {
  Policy strict;  // a missing deviation reason is an error under this policy
  strict.severities["deviation-reason-missing"] = Severity::kError;
  UnitCase u(strict);
  u.Add(With([](Spec& s) {
     s.name = "甲";
     s.executed = 5.6;                               // warning
     RowNamed(s, "下放经办事项").actual = "18项";    // error (the policy's): no reason
     RowNamed(s, "业务受理及时率").target = "100%";  // info
   })).Add(With([](Spec& s) { s.name = "乙"; }));
  const auto fs = u.Run();
  REQUIRE_MESSAGE(fs.size() >= 4, Dump(fs));
  CHECK(fs.front().project == "甲");
  CHECK(fs.front().diagnostic.severity == Severity::kError);
  for (std::size_t i = 1; i < fs.size(); ++i) {
    if (fs[i].project == fs[i - 1].project)
      CHECK_MESSAGE(fs[i].diagnostic.severity <= fs[i - 1].diagnostic.severity, Dump(fs));
  }
  // 甲 scores 5.6/49 × 10 = 1.14 + (90 − 2) = 89.14, 良: the unit is not all 优.
  CHECK(FindCode(fs, "all-excellent") == nullptr);
}

// A history entry of the baseline's 下放经办事项 (or of the project when `indicator` is empty).
HistoryEntry Change(std::int64_t id, std::string author, std::string field, std::string old_value,
                    std::string new_value, std::string reason = "", bool after_submit = false,
                    std::string indicator = "产出指标/数量指标/下放经办事项") {
  return HistoryEntry{id,
                      "2025-02-0" + std::to_string(id % 9 + 1) + "T09:00:00Z",
                      std::move(author),
                      std::move(indicator),
                      std::move(field),
                      std::move(old_value),
                      std::move(new_value),
                      std::move(reason),
                      "cli",
                      after_submit};
}

TEST_CASE("audit: history rules trigger on their case and not on the near case") {
  struct HistoryCase {
    std::string code;
    std::string manager;
    std::vector<HistoryEntry> history;
    bool expected;
    std::string evidence;  // part of the message when expected
  };
  // The baseline's manager is 李四; an entry 20项 by 李四 is the normal first entry.
  const std::vector<HistoryCase> cases = {
      {"history-after-signoff",
       "李四",
       {Change(1, "李四", "actual", "", "20项"), Change(2, "李四", "status", "draft", "submitted"),
        Change(3, "李四", "actual", "20项", "19项", "复核", true)},
       true,
       "李四 changed actual of 下放经办事项 from '20项' to '19项' after sign-off (已提交); "
       "reason: 复核"},
      {"history-after-signoff",
       "李四",
       {Change(1, "李四", "actual", "", "20项"), Change(2, "李四", "status", "draft", "submitted")},
       false,
       ""},
      {"history-no-reason",
       "李四",
       {Change(1, "李四", "actual", "", "20项"), Change(2, "李四", "status", "draft", "submitted"),
        Change(3, "李四", "actual", "20项", "21项", "", true)},
       true,
       "replaced actual of 下放经办事项 '20项' with '21项' without a reason (source: cli)"},
      // Before sign-off a replacement without a reason is a routine correction: information.
      {"history-no-reason",
       "李四",
       {Change(1, "李四", "actual", "", "20项"), Change(2, "李四", "actual", "20项", "21项")},
       false,
       ""},
      {"history-replaced-before-signoff",
       "李四",
       {Change(1, "李四", "actual", "", "20项"), Change(2, "李四", "actual", "20项", "21项")},
       true,
       "replaced actual of 下放经办事项 '20项' with '21项' without a reason, before sign-off"},
      {"history-replaced-before-signoff",
       "李四",
       {Change(1, "李四", "actual", "", "20项"),
        Change(2, "李四", "actual", "20项", "21项", "核对"),
        Change(3, "李四", "status", "draft", "submitted"),
        Change(4, "李四", "actual", "21项", "22项", "", true)},
       false,
       ""},
      // Definitions loaded again after sign-off, with the reason given; before it, nothing.
      {"definitions-reloaded-after-submit",
       "李四",
       {Change(1, "财务科", "definition", "", "v1", "", false, ""),
        Change(2, "李四", "status", "draft", "submitted", "", false, ""),
        Change(3, "财务科", "definition", "v1", "v2", "目标随预算调整", true, "")},
       true,
       "财务科 loaded the definitions again after sign-off (已提交): v1 → v2 (source: cli); "
       "reason: 目标随预算调整"},
      {"definitions-reloaded-after-submit",
       "李四",
       {Change(1, "财务科", "definition", "", "v1", "", false, ""),
        Change(2, "财务科", "definition", "v1", "v2", "", false, ""),
        Change(3, "李四", "status", "draft", "submitted", "", false, "")},
       false,
       ""},
      // A first entry needs no reason; a correction with one is fine; the same value again is
      // no replacement.
      {"history-no-reason",
       "李四",
       {Change(1, "李四", "actual", "", "20项"),
        Change(2, "李四", "actual", "20项", "21项", "核对"),
        Change(3, "李四", "actual", "21项", "21项")},
       false,
       ""},
      // Default policy: value_changes 3. First entry + 4 changes → flagged; + 3 → not.
      {"history-many-changes",
       "李四",
       {Change(1, "李四", "actual", "", "18项"), Change(2, "李四", "actual", "18项", "19项", "a"),
        Change(3, "李四", "actual", "19项", "20项", "b"),
        Change(4, "李四", "actual", "20项", "21项", "c"),
        Change(5, "李四", "actual", "21项", "20项", "d")},
       true,
       "actual of 下放经办事项 changed 4 times after its first entry (policy "
       "thresholds.value_changes: 3): '18项' → '19项' → '20项' → '21项' → '20项', audit records "
       "#1–#5"},
      {"history-many-changes",
       "李四",
       {Change(1, "李四", "actual", "", "18项"), Change(2, "李四", "actual", "18项", "19项", "a"),
        Change(3, "李四", "actual", "19项", "20项", "b"),
        Change(4, "李四", "actual", "20项", "21项", "c"),
        // another field of the same indicator counts on its own
        Change(5, "李四", "reason", "", "按计划完成")},
       false,
       ""},
      {"history-not-manager",
       "李四",
       {Change(1, "王五", "actual", "", "20项"),
        Change(2, "李四", "executed", "", "48", "", false, ""),
        Change(3, "王五", "reason", "", "已完成")},
       true,
       "2 of 3 result entries by '王五', not the project's manager '李四' (audit records #1, "
       "#3)"},
      // Loading the definition and signing off are not result entries.
      {"history-not-manager",
       "李四",
       {Change(1, "财务科", "definition", "", "v1", "", false, ""),
        Change(2, "李四", "actual", "", "20项"),
        Change(3, "科长", "status", "draft", "submitted", "", false, "")},
       false,
       ""},
      {"history-manager-unknown",
       "",
       {Change(1, "王五", "actual", "", "20项")},
       true,
       "1 result entries in the history, but the project names no manager"},
      {"history-manager-unknown", "李四", {Change(1, "王五", "actual", "", "20项")}, false, ""},
  };
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const HistoryCase& c = cases[i];
    SUBCASE((std::to_string(i) + " " + c.code + (c.expected ? " fires" : " silent")).c_str()) {
      UnitCase u;
      u.Add(With([&](Spec& s) {
        s.manager = c.manager;
        s.history = c.history;
      }));
      const auto fs = u.Run();
      const AuditFinding* f = FindCode(fs, c.code);
      if (!c.expected) {
        CHECK_MESSAGE(f == nullptr, Dump(fs));
      } else {
        REQUIRE_MESSAGE(f != nullptr, Dump(fs));
        CHECK_MESSAGE(Contains(f->diagnostic.message, c.evidence), f->diagnostic.message);
        CHECK(f->source == std::string(FindAuditRule(c.code)->source));
        CHECK(f->diagnostic.severity == FindAuditRule(c.code)->severity);
        // Located for people: "audit record #N", not a row number.
        if (c.code != "history-manager-unknown") {
          CHECK_MESSAGE(f->diagnostic.loc.file.rfind("audit record #", 0) == 0,
                        f->diagnostic.loc.file);
        }
      }
    }
  }
}

TEST_CASE("audit: one severity per code, the catalogue's unless the policy sets it") {
  const Spec no_reason = With([](Spec& s) { RowNamed(s, "下放经办事项").actual = "18项"; });
  const auto severity_in = [&](const Policy& policy) {
    UnitCase u(policy);
    u.Add(no_reason);
    const auto fs = u.Run();
    const AuditFinding* f = FindCode(fs, "deviation-reason-missing");
    REQUIRE_MESSAGE(f != nullptr, Dump(fs));
    return f->diagnostic.severity;
  };
  const auto severity_of_score = [&](const Policy& policy) {
    UnitCase u(policy);
    u.Add(no_reason);
    u.Run();
    for (const Finding& f : u.Score(0).findings)
      if (f.code == "deviation-reason-missing") return f.severity;
    FAIL("ScoreProject did not report deviation-reason-missing");
    return Severity::kInfo;
  };
  Policy plain;
  CHECK(severity_in(plain) == Severity::kWarning);
  CHECK(severity_of_score(plain) == Severity::kWarning);
  Policy strict;
  strict.severities["deviation-reason-missing"] = Severity::kError;
  CHECK(severity_in(strict) == Severity::kError);
  CHECK(severity_of_score(strict) == Severity::kError);
  // An error the policy made of a review finding does not take the total away.
  UnitCase u(strict);
  u.Add(no_reason);
  u.Run();
  CHECK(u.Score(0).scored);
  // A target table is information in the audit and in the score alike; it still has no total.
  Policy none;
  Spec table;
  for (Row& r : table.rows) r.actual.reset();
  table.executed.reset();
  UnitCase t(none);
  t.Add(table);
  t.Run();
  bool found = false;
  for (const Finding& f : t.Score(0).findings) {
    if (f.code != "no-results") continue;
    found = true;
    CHECK(f.severity == Severity::kInfo);
  }
  CHECK(found);
  CHECK_FALSE(t.Score(0).scored);
}

TEST_CASE("audit: without a history (project files) the history rules are skipped") {
  UnitCase u;
  u.Add(Spec{});  // no manager, no history
  for (const auto& f : u.Run()) CHECK(f.diagnostic.code.rfind("history-", 0) != 0);
}

TEST_CASE("audit: the value-changes threshold comes from the policy") {
  Spec s = With([](Spec& x) {
    x.manager = "李四";
    x.history = std::vector<HistoryEntry>{Change(1, "李四", "actual", "", "18项"),
                                          Change(2, "李四", "actual", "18项", "19项", "a"),
                                          Change(3, "李四", "actual", "19项", "20项", "b")};
  });
  UnitCase a;  // default 3: 2 changes are fine
  a.Add(s);
  CHECK(FindCode(a.Run(), "history-many-changes") == nullptr);
  Policy strict;
  strict.value_changes = 1;
  UnitCase b(strict);
  b.Add(s);
  CHECK(FindCode(b.Run(), "history-many-changes") != nullptr);
}

TEST_CASE("audit: the catalogue is sorted, unique and explains every code") {
  const auto cat = AuditCatalogue();
  std::set<std::string_view> seen;
  for (std::size_t i = 0; i < cat.size(); ++i) {
    CHECK(seen.insert(cat[i].code).second);
    if (i > 0) CHECK(cat[i - 1].code < cat[i].code);
    CHECK(!cat[i].meaning.empty());
    CHECK(!cat[i].action.empty());
    CHECK(!cat[i].source.empty());
    CHECK(FindAuditRule(cat[i].code) == &cat[i]);
  }
  CHECK(FindAuditRule("no-such-code") == nullptr);
  // Every code ScoreProject can emit is explained (kept in step with scoring/score.cpp).
  for (const char* code : {"no-results",
                           "level1-empty",
                           "level1-not-in-policy",
                           "weights-sum",
                           "no-weight-left",
                           "missing-field",
                           "missing-executed",
                           "zero-budget",
                           "execution-unexplained",
                           "over-execution",
                           "missing-actual",
                           "actual-not-a-quantity",
                           "needs-judgement",
                           "score-outside-band",
                           "judgement-needs-score",
                           "unit-mismatch",
                           "percent-over-100",
                           "on-bound",
                           "over-achievement",
                           "score-above-rule",
                           "lowered-without-reason",
                           "score-lowered",
                           "judgement-ignored",
                           "deviation-reason-missing",
                           "spent-but-not-started",
                           "all-not-applicable",
                           "published-execution-differs",
                           "published-score-differs",
                           "published-total-differs",
                           "published-grade-differs"}) {
    CHECK_MESSAGE(FindAuditRule(code) != nullptr, code);
  }
}

}  // namespace
}  // namespace jixiao
