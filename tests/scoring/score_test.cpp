// Tests of scoring/score.h: ScoreProject and GradeOf against docs/rules.md, rule by rule, at
// and around each boundary: the execution score, indicator scores by direction, units and
// qualitative indicators (the weights, over-achievement, the evaluator's score, not applicable,
// grades and published figures are in score_rules_test.cpp). Projects are built in code; every
// expected number is worked out by hand from the rules (the arithmetic is in the comments), never
// copied from the engine's output.
#include "scoring/score.h"

#include <doctest/doctest.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tests/scoring/score_fixture.h"

namespace jixiao {
namespace {

using namespace jixiao::score_testing;

// ---------------------------------------------------------------------------------------------
// §1, §2: the total and the execution score

// One execution case: A, B and the expected score (docs/rules.md §2, by hand).
struct ExecCase {
  const char* name;
  double annual;
  double executed;
  double score;
};

TEST_CASE("score: execution score is min(B/A, 1) × 10, to two decimals") {
  const std::vector<ExecCase> cases = {
      {"seed 004 基层医保工作站: 5.6/49 = 11.43% → 1.142857", 49, 5.6, 1.14},
      {"seed 004 征缴经费: 11.44/15 = 76.27% → 7.6267", 15, 11.44, 7.63},
      {"seed 004 专项业务: 19.99/25 = 79.96% → 7.996", 25, 19.99, 8},
      {"seed 004 特殊群体: 19.15/505.12 = 3.79% → 0.3791", 505.12, 19.15, 0.38},
      {"seed 004 特殊群体(二): 8.44/524.8 = 1.61% → 0.1608", 524.8, 8.44, 0.16},
      {"seed 004 查体: 0/20", 20, 0, 0},
      {"seed 004 central transfer: 16.67/16.67", 16.67, 16.67, 10},
      {"90/100", 100, 90, 9},
      {"2.7/3 = 90%", 3, 2.7, 9},
      {"B > A: 30/20 = 150%, capped", 20, 30, 10},
  };
  for (const auto& c : cases) {
    SUBCASE(c.name) {
      Case k = OneIndicator("≥100人", "100人");
      k.project.budget.annual = c.annual;
      k.results.executed = c.executed;
      const ProjectScore s = k.Score();
      INFO(Findings(s));
      CHECK(s.execution.known);
      CHECK(s.execution.budget == c.annual);
      CHECK(s.execution.executed == c.executed);
      CHECK(s.execution.weight == 10);
      CHECK(s.execution.rate == doctest::Approx(c.executed / c.annual));
      CHECK(s.execution.score == Pts(c.score));
      CHECK_FALSE(s.execution.formula.empty());
      // §1: total = execution + Σ indicators (90 here).
      REQUIRE(s.scored);
      CHECK(s.total == Pts(c.score + 90));
    }
  }
}

TEST_CASE("score: seed 004 totals are execution + 90") {
  // §7: 1.14 + 90 = 91.14, 7.63 + 90 = 97.63, 8 + 90 = 98, 10 + 90 = 100; all 优.
  struct Row {
    double a, b, total;
  };
  for (const Row& r : {Row{49, 5.6, 91.14}, Row{15, 11.44, 97.63}, Row{25, 19.99, 98},
                       Row{16.67, 16.67, 100}, Row{213.53, 0, 90}}) {
    CAPTURE(r.a);
    CAPTURE(r.b);
    Case k = OneIndicator("≥100人", "100人");
    k.project.budget.annual = r.a;
    k.results.executed = r.b;
    const ProjectScore s = k.Score();
    REQUIRE(s.scored);
    CHECK(s.total == Pts(r.total));
    CHECK(s.grade == "优");
  }
}

TEST_CASE("score: over-execution is capped at the weight and reported") {
  Case k = OneIndicator("≥100人", "100人");
  k.project.budget.annual = 20;
  SUBCASE("B > A") {
    k.results.executed = 30;
    const ProjectScore s = k.Score();
    CHECK(s.execution.score == Pts(10));
    CHECK_FINDING(s, "over-execution", Severity::kWarning);
    CHECK(s.scored);
    CHECK(s.total == Pts(100));
  }
  SUBCASE("B == A is not over-execution") {
    k.results.executed = 20;
    const ProjectScore s = k.Score();
    CHECK(s.execution.score == Pts(10));
    CHECK_NO_FINDING(s, "over-execution");
  }
}

TEST_CASE("score: a zero budget cannot be divided by") {
  Case k = OneIndicator("≥100人", "100人");
  k.project.budget.annual = 0;
  SUBCASE("spent against 0") { k.results.executed = 5; }
  SUBCASE("0 of 0") { k.results.executed = 0; }
  const ProjectScore s = k.Score();
  CHECK_FINDING(s, "zero-budget", Severity::kError);
  CHECK_FALSE(s.execution.known);
  CHECK_FALSE(s.scored);
}

TEST_CASE("score: a missing 全年执行数 is an error once results are entered") {
  Case k = OneIndicator("≥100人", "100人");
  k.results.executed.reset();
  const ProjectScore s = k.Score();
  CHECK_FINDING(s, "missing-executed", Severity::kError);
  CHECK_FALSE(s.execution.known);
  CHECK_FALSE(s.scored);
}

TEST_CASE("score: execution rounding is a policy setting") {
  // §6: whole points down (99.10% → 9, 97.81% → 9), to nearest (86.2% → 9), or exact.
  struct Row {
    double executed;  // of 100
    double score;
  };
  SUBCASE("floor") {
    Policy p = OutputOnlyPolicy();
    p.execution_rounding = ExecutionRounding::kFloor;
    for (const Row& r : {Row{99.1, 9}, Row{97.81, 9}, Row{100, 10}, Row{89.99, 8}, Row{90, 9},
                         Row{9.99, 0}, Row{0, 0}, Row{150, 10}}) {
      CAPTURE(r.executed);
      Case k = OneIndicator("≥100人", "100人", 10, p);
      k.results.executed = r.executed;
      const ProjectScore s = k.Score();
      CHECK(s.execution.score == Pts(r.score));
      CHECK(s.total == Pts(r.score + 90));
    }
    // 2.7/3 = 0.9 exactly by the rule, though 2.7/3 × 10 is not exactly 9 in binary.
    Case k = OneIndicator("≥100人", "100人", 10, p);
    k.project.budget.annual = 3;
    k.results.executed = 2.7;
    CHECK(k.Score().execution.score == Pts(9));
  }
  SUBCASE("nearest") {
    Policy p = OutputOnlyPolicy();
    p.execution_rounding = ExecutionRounding::kNearest;
    for (const Row& r : {Row{86.2, 9}, Row{84.9, 8}, Row{85, 9}, Row{79.27, 8}, Row{4.9, 0},
                         Row{5, 1}, Row{100, 10}}) {
      CAPTURE(r.executed);
      Case k = OneIndicator("≥100人", "100人", 10, p);
      k.results.executed = r.executed;
      CHECK(k.Score().execution.score == Pts(r.score));
    }
  }
  SUBCASE("exact keeps the ratio to two decimals") {
    for (const Row& r : {Row{79.27, 7.93}, Row{86.2, 8.62}, Row{99.1, 9.91}, Row{97.815, 9.78}}) {
      CAPTURE(r.executed);
      Case k = OneIndicator("≥100人", "100人");
      k.results.executed = r.executed;
      CHECK(k.Score().execution.score == Pts(r.score));
    }
  }
  SUBCASE("one decimal, as seed 004 published") {
    // 19.15/505.12 × 10 = 0.379 → 0.4; the total 0.4 + 90 = 90.4.
    Policy p = OutputOnlyPolicy();
    p.decimals = 1;
    Case k = OneIndicator("≥100人", "100人", 10, p);
    k.project.budget.annual = 505.12;
    k.results.executed = 19.15;
    ProjectScore s = k.Score();
    CHECK(s.execution.score == Pts(0.4));
    CHECK(s.total == Pts(90.4));
    // 8.44/524.8 × 10 = 0.161 → 0.2; total 90.2.
    k.project.budget.annual = 524.8;
    k.results.executed = 8.44;
    s = k.Score();
    CHECK(s.execution.score == Pts(0.2));
    CHECK(s.total == Pts(90.2));
  }
  SUBCASE("one decimal applies to indicator scores too") {
    // ≥95% with 90%: 90/95 × 10 = 9.4737 → 9.5; total 10 + 80 + 9.5 = 99.5.
    Policy p = OutputOnlyPolicy();
    p.decimals = 1;
    Case k = OneIndicator("≥95%", "90%", 10, p);
    k.ActualOf(kTested).reason = "偏差原因";
    const ProjectScore s = k.Score();
    CHECK(ScoreOf(s, kTested)->score == Pts(9.5));
    CHECK(s.total == Pts(99.5));
  }
}

TEST_CASE("score: the execution weight comes from the policy") {
  // One provincial configuration gives execution 20 points (§3): 15/20 × 20 = 15.
  Policy p = OutputOnlyPolicy();
  p.execution_weight = 20;
  p.caps = {{Level1::kOutput, 80}};
  Case k =
      Build({{Level1::kOutput, Level2::kQuantity, "受测指标", 80, "≥100人", "100人"}}, 20, 15, p);
  const ProjectScore s = k.Score();
  INFO(Findings(s));
  CHECK(s.execution.weight == 20);
  CHECK(s.execution.score == Pts(15));
  CHECK(s.total == Pts(95));
}

TEST_CASE("score: the execution denominator is a policy setting") {
  // 年初预算 40, 全年预算 50, executed 30: initial → 30/40 = 75% → 7.5; annual → 30/50 → 6.
  Case k = OneIndicator("≥100人", "100人");
  k.project.budget.annual = 50;
  k.project.budget.initial = 40;
  k.results.executed = 30;
  SUBCASE("annual (default)") {
    const ProjectScore s = k.Score();
    CHECK(s.execution.budget == 50);
    CHECK(s.execution.score == Pts(6));
    CHECK(s.total == Pts(96));
  }
  SUBCASE("initial") {
    k.policy.denominator = ExecutionDenominator::kInitial;
    const ProjectScore s = k.Score();
    CHECK(s.execution.budget == 40);
    CHECK(s.execution.score == Pts(7.5));
    CHECK(s.total == Pts(97.5));
  }
  SUBCASE("initial, but no 年初预算数") {
    k.policy.denominator = ExecutionDenominator::kInitial;
    k.project.budget.initial.reset();
    const ProjectScore s = k.Score();
    CHECK_FINDING(s, "missing-field", Severity::kError);
    CHECK_FALSE(s.scored);
  }
}

TEST_CASE("score: the 年度资金总额 row is scored, not a fund source") {
  // A = 15 in total (10 当年财政拨款 + 5 上年结转), B = 11.44 → 7.63 (§2).
  Case k = OneIndicator("≥100人", "100人");
  k.project.budget.annual = 15;
  k.project.budget.sources = {{"当年财政拨款", 10, 10}, {"上年结转资金", 5, 5}};
  k.results.executed = 11.44;
  k.results.source_executed = {{"当年财政拨款", 8}, {"上年结转资金", 3.44}};
  const ProjectScore s = k.Score();
  CHECK(s.execution.budget == 15);
  CHECK(s.execution.score == Pts(7.63));
}

TEST_CASE("score: an execution rate under 90% needs an explanation") {
  // §2 (Sichuan form note) and Policy::explain_execution_below (0.90, "finding"): a project at
  // 89.99% must carry a finding asking for the explanation; at exactly 90% none is needed. The
  // indicators complete 80/90 = 88.9%, behind execution, so nothing else is to be flagged.
  Case k = OneIndicator("≥100人", "0人");
  k.ActualOf(kTested).reason = "未开展";
  SUBCASE("89.99%") {
    k.results.executed = 89.99;
    const ProjectScore s = k.Score();
    REQUIRE(s.findings.size() == 1);
    CHECK(s.findings[0].code == "execution-unexplained");
    CHECK(s.findings[0].severity == Severity::kWarning);
    CHECK(s.scored);  // an explanation is asked for; the score stands
  }
  SUBCASE("89.99%, explained") {
    k.results.executed = 89.99;
    k.results.execution_explanation = "年底集中支付延至次年";
    CHECK_NO_FINDINGS(k.Score());
  }
  SUBCASE("90%") {
    k.results.executed = 90;
    const ProjectScore s = k.Score();
    CHECK_NO_FINDINGS(s);
  }
}

// ---------------------------------------------------------------------------------------------
// §4: indicator scores by direction

// One indicator case: target, actual, expected score of weight 10 and completion r (before the
// cap, after the reverse rule's floor).
struct IndCase {
  const char* target;
  const char* actual;
  double score;
  double completion;
};

void CheckIndicatorCases(const std::vector<IndCase>& cases, Direction direction,
                         const Policy& policy = OutputOnlyPolicy()) {
  for (const auto& c : cases) {
    CAPTURE(c.target);
    CAPTURE(c.actual);
    Case k = OneIndicator(c.target, c.actual, 10, policy);
    k.ActualOf(kTested).reason = "偏差原因";  // keep deviation warnings out of the way
    const ProjectScore s = k.Score();
    INFO(Findings(s));
    const IndicatorScore* t = ScoreOf(s, kTested);
    REQUIRE(t != nullptr);
    CHECK(t->direction == direction);
    CHECK(t->weight == 10);
    CHECK(t->scored);
    CHECK(t->score == Pts(c.score));
    REQUIRE(t->completion.has_value());
    CHECK(*t->completion == doctest::Approx(c.completion).epsilon(1e-6));
    CHECK_FALSE(t->formula.empty());
    CHECK_FALSE(HasErrors(s.findings));
    CHECK(s.scored);
    CHECK(s.total == Pts(90 + c.score));
  }
}

TEST_CASE("score: positive targets (≥, >) score B/A, capped at 1") {
  CheckIndicatorCases(
      {
          {"≥95%", "95%", 10, 1},              // at the target
          {"≥95%", "90%", 9.47, 90.0 / 95},    // 0.947368 × 10 = 9.47
          {"≥95%", "94.99%", 10, 94.99 / 95},  // 9.9989 rounds to 10.00
          {"≥95%", "100%", 10, 100.0 / 95},    // above: capped
          {"≥100人", "0人", 0, 0},
          {"≥100人", "50人", 5, 0.5},
          {"≥100人", "99人", 9.9, 0.99},
          {"≥100人", "101人", 10, 1.01},
          {">95%", "96%", 10, 96.0 / 95},
          {">95%", "94%", 9.89, 94.0 / 95},   // 0.989474 × 10 = 9.89
          {"≥1.2万人", "9000人", 7.5, 0.75},  // 9000/12000
          {"不低于80%", "60%", 7.5, 0.75},
      },
      Direction::kPositive);
}

TEST_CASE("score: a value on a strict bound is scored as met and flagged for review") {
  SUBCASE("> with B == A") {
    Case k = OneIndicator(">95%", "95%");
    const ProjectScore s = k.Score();
    CHECK(ScoreOf(s, kTested)->score == Pts(10));
    CHECK_FINDING(s, "on-bound", Severity::kInfo);
    CHECK(s.scored);
    CHECK(s.total == Pts(100));
  }
  SUBCASE("≥ with B == A is not on a strict bound") {
    Case k = OneIndicator("≥95%", "95%");
    CHECK_NO_FINDINGS(k.Score());
  }
  SUBCASE("< with B == A") {
    Case k = OneIndicator("<5万元", "5万元");
    const ProjectScore s = k.Score();
    CHECK(ScoreOf(s, kTested)->score == Pts(10));
    CHECK_FINDING(s, "on-bound", Severity::kInfo);
  }
  SUBCASE("≤ with B == A") {
    Case k = OneIndicator("≤5万元", "5万元");
    CHECK_NO_FINDINGS(k.Score());
  }
  SUBCASE("< with B below A") {
    Case k = OneIndicator("<5万元", "4万元");
    CHECK_NO_FINDINGS(k.Score());
  }
  SUBCASE("> after conversion: 1万人 against >10000人") {
    Case k = OneIndicator(">10000人", "1万人");
    CHECK_FINDING(k.Score(), "on-bound", Severity::kInfo);
  }
  SUBCASE("review findings are left out of a check") {
    Case k = OneIndicator(">95%", "95%");
    CHECK_NO_FINDING(k.Score(Purpose::kCheck), "on-bound");
  }
}

TEST_CASE("score: a positive target of 0 is met by any B ≥ 0") {
  // r = B/A is undefined at A = 0; "完成指标值的,记该指标所赋全部分值" (§4): B ≥ 0 meets ≥0.
  for (const char* actual : {"0个", "3个"}) {
    CAPTURE(actual);
    Case k = OneIndicator("≥0个", actual);
    const ProjectScore s = k.Score();
    INFO(Findings(s));
    const IndicatorScore* t = ScoreOf(s, kTested);
    CHECK(t->scored);
    CHECK(t->score == Pts(10));
    CHECK(s.total == Pts(100));
  }
}

TEST_CASE("score: reverse targets (≤, <) under the linear rule") {
  // r = 1 if B ≤ A, else 1 − (B − A)/A floored at 0 (0 at 2A).
  CheckIndicatorCases(
      {
          {"≤5万元", "5万元", 10, 1},
          {"≤5万元", "4万元", 10, 1},
          {"≤5万元", "0万元", 10, 1},
          {"≤5万元", "6万元", 8, 0.8},       // 1 − 1/5
          {"≤5万元", "5.1万元", 9.8, 0.98},  // 1 − 0.1/5
          {"≤5万元", "7.5万元", 5, 0.5},     // 1 − 2.5/5
          {"≤5万元", "9.9万元", 0.2, 0.02},  // 1 − 4.9/5
          {"≤5万元", "10万元", 0, 0},        // 2A
          {"≤5万元", "12万元", 0, 0},        // 1 − 7/5 = −0.4, floored
          {"<5万元", "4万元", 10, 1},
          {"<5万元", "6万元", 8, 0.8},
          {"不超过3天", "4天", 6.67, 2.0 / 3},  // 1 − 1/3 = 0.6667
      },
      Direction::kReverse);
}

TEST_CASE("score: reverse targets under the ratio rule") {
  // r = A/B when missed (§4, Beijing "A/B*该指标分值").
  Policy p = OutputOnlyPolicy();
  p.reverse_rule = ReverseRule::kRatio;
  CheckIndicatorCases(
      {
          {"≤5万元", "5万元", 10, 1},
          {"≤5万元", "4万元", 10, 1},
          {"≤5万元", "6万元", 8.33, 5.0 / 6},  // 0.8333 × 10
          {"≤5万元", "10万元", 5, 0.5},
          {"≤5万元", "12万元", 4.17, 5.0 / 12},  // 0.41667 × 10
          {"<5万元", "8万元", 6.25, 0.625},
      },
      Direction::kReverse, p);
}

TEST_CASE("score: a reverse target of 0 is met only at 0") {
  SUBCASE("met") {
    Case k = OneIndicator("≤0次", "0次");
    CHECK(ScoreOf(k.Score(), kTested)->score == Pts(10));
  }
  SUBCASE("missed: the linear rule reaches 0 at 2A = 0") {
    Case k = OneIndicator("≤0次", "1次");
    k.ActualOf(kTested).reason = "发生1次";
    const ProjectScore s = k.Score();
    CHECK(ScoreOf(s, kTested)->scored);
    CHECK(ScoreOf(s, kTested)->score == Pts(0));
  }
}

TEST_CASE("score: equal targets (= or a bare standard) score as positive") {
  CheckIndicatorCases(
      {
          {"=100%", "100%", 10, 1},
          {"=100%", "98%", 9.8, 0.98},
          {"=100%", "105%", 10, 1.05},  // B ≥ A full
          {"100%", "98%", 9.8, 0.98},   // bare: =
          {"100%", "100%", 10, 1},
          {"=670元/人", "670元/人", 10, 1},
          {"=670元/人", "603元/人", 9, 0.9},  // 603/670
          {"25元/人/天", "20元/人/天", 8, 0.8},
      },
      Direction::kEqual);
}

TEST_CASE("score: an equal target of 0 is full only at 0") {
  // "with A = 0: full if B ≤ 0, else 0" (§4); a bare 0 (重大舆情次数) means = 0.
  struct Row {
    const char* target;
    const char* actual;
    double score;
  };
  for (const Row& r :
       {Row{"0", "0", 10}, Row{"0", "1", 0}, Row{"0", "0.5", 0}, Row{"=0.00%", "0%", 10},
        Row{"=0.00%", "1%", 0}, Row{"=0次", "0次", 10}, Row{"=0次", "2次", 0}}) {
    CAPTURE(r.target);
    CAPTURE(r.actual);
    Case k = OneIndicator(r.target, r.actual);
    k.ActualOf(kTested).reason = "偏差原因";
    const ProjectScore s = k.Score();
    INFO(Findings(s));
    const IndicatorScore* t = ScoreOf(s, kTested);
    CHECK(t->direction == Direction::kEqual);
    CHECK(t->scored);
    CHECK(t->score == Pts(r.score));
    CHECK(s.total == Pts(90 + r.score));
  }
}

// ---------------------------------------------------------------------------------------------
// §4: units

TEST_CASE("score: actual and target are compared in the same unit") {
  struct Row {
    const char* target;
    const char* actual;
    double score;
  };
  SUBCASE("non-time units") {
    for (const Row& r : {
             Row{"≤5万元/年", "3.6万元", 10},  // per-unit omitted on the actual side
             Row{"≥4万人", "4.28万人", 10},    // 4.28/4 = 1.07
             Row{"≥40000人", "3.8万人", 9.5},  // 38000/40000 = 0.95
             Row{"≥4万人", "38000人", 9.5},
             Row{"≤20人", "20", 10},        // a bare actual takes the target's unit
             Row{"≤20人", "25", 7.5},       // 1 − 5/20
             Row{"≤5万元", "36000元", 10},  // 3.6万元
             Row{"≤5万元", "60000元", 8},   // 6万元: 1 − 1/5 (not 60000 against 5)
             Row{"≥1亿元", "8000万元", 8},  // 0.8亿元
         }) {
      CAPTURE(r.target);
      CAPTURE(r.actual);
      Case k = OneIndicator(r.target, r.actual);
      k.ActualOf(kTested).reason = "偏差原因";
      const ProjectScore s = k.Score();
      INFO(Findings(s));
      CHECK_FALSE(HasErrors(s.findings));
      CHECK(ScoreOf(s, kTested)->score == Pts(r.score));
    }
  }
  SUBCASE("durations under 时效指标") {
    for (const Row& r : {
             Row{"≤30分钟", "15分钟", 10},
             Row{"≤2小时", "1.5小时", 10},
             Row{"≤2小时", "90分钟", 10},  // 1.5 小时
             Row{"≤1小时", "90分钟", 5},   // 1.5 小时: 1 − 0.5/1
             Row{"≤2小时", "3小时", 5},    // 1 − 1/2
             Row{"30分钟", "15分钟", 10},  // a bare duration under 时效指标 means ≤
             Row{"30分钟", "45分钟", 5},   // … so 45 is a miss: 1 − 15/30
             Row{"≤1天", "12小时", 10},
         }) {
      CAPTURE(r.target);
      CAPTURE(r.actual);
      Case k = OneTimeliness(r.target, r.actual);
      k.ActualOf(kTimely).reason = "偏差原因";
      const ProjectScore s = k.Score();
      INFO(Findings(s));
      const IndicatorScore* t = ScoreOf(s, kTimely);
      CHECK(t->direction == Direction::kReverse);
      CHECK_FALSE(HasErrors(s.findings));
      CHECK(t->score == Pts(r.score));
    }
  }
}

TEST_CASE("score: units that do not convert are an input error, never 0 or 100%") {
  for (const auto& [target, actual] : std::vector<std::pair<const char*, const char*>>{
           {"≤5万元", "3人"}, {"≥4万人", "4万元"}, {"≥95%", "95人"}, {"≤30分钟", "20元"}}) {
    CAPTURE(target);
    CAPTURE(actual);
    Case k = OneIndicator(target, actual);
    const ProjectScore s = k.Score();
    CHECK_FINDING(s, "unit-mismatch", Severity::kError);
    CHECK_FALSE(ScoreOf(s, kTested)->scored);
    CHECK_FALSE(s.scored);
    const Finding* f = FindFinding(s, "unit-mismatch");
    if (f) CHECK(Contains(f->message, actual));
  }
}

// ---------------------------------------------------------------------------------------------
// §4: qualitative indicators

TEST_CASE("score: a qualitative actual that states the target is 达成 at full weight") {
  for (const char* target : {"显著提高", "全覆盖", "健全"}) {
    CAPTURE(target);
    Case k = OneIndicator(target, target);
    const ProjectScore s = k.Score();
    INFO(Findings(s));
    const IndicatorScore* t = ScoreOf(s, kTested);
    CHECK(t->direction == Direction::kQualitative);
    CHECK(t->scored);
    CHECK(t->score == Pts(10));
    CHECK(*t->completion == doctest::Approx(1));
    CHECK_NO_FINDINGS(s);
    CHECK(s.total == Pts(100));
  }
}

TEST_CASE("score: a differing qualitative actual needs the evaluator's judgement") {
  Case k = OneIndicator("显著提高", "有所提高");
  const ProjectScore s = k.Score();
  CHECK_FINDING(s, "needs-judgement", Severity::kError);
  CHECK_FALSE(ScoreOf(s, kTested)->scored);
  CHECK_FALSE(s.scored);
}

// A qualitative case: judgement, evaluator's score (if any), weight, expected score or error.
struct JudgeCase {
  const char* name;
  Judgement judgement;
  std::optional<double> score;
  double weight;
  std::optional<double> expected;  // nullopt: an error
  const char* error;
};

TEST_CASE("score: qualitative judgement bands (80–100 / 60–80 / 0–60% of the weight)") {
  const std::vector<JudgeCase> cases = {
      {"达成 without a score: the top of its band", Judgement::kAchieved, {}, 10, 10, ""},
      {"达成 at its bottom, 8 of 10", Judgement::kAchieved, 8, 10, 8, ""},
      {"达成 below its band, 7.99 of 10", Judgement::kAchieved, 7.99, 10, {}, "score-outside-band"},
      {"达成 above the weight, 10.01 of 10",
       Judgement::kAchieved,
       10.01,
       10,
       {},
       "score-outside-band"},
      {"部分达成 7 of 10", Judgement::kPartlyAchieved, 7, 10, 7, ""},
      {"部分达成 at 6 of 10", Judgement::kPartlyAchieved, 6, 10, 6, ""},
      {"部分达成 at 8 of 10", Judgement::kPartlyAchieved, 8, 10, 8, ""},
      {"部分达成 9 of 10", Judgement::kPartlyAchieved, 9, 10, {}, "score-outside-band"},
      {"部分达成 8.01 of 10", Judgement::kPartlyAchieved, 8.01, 10, {}, "score-outside-band"},
      {"部分达成 5.99 of 10", Judgement::kPartlyAchieved, 5.99, 10, {}, "score-outside-band"},
      {"部分达成 without a score", Judgement::kPartlyAchieved, {}, 10, {}, "judgement-needs-score"},
      {"部分达成 14 of 20", Judgement::kPartlyAchieved, 14, 20, 14, ""},
      {"部分达成 11.99 of 20", Judgement::kPartlyAchieved, 11.99, 20, {}, "score-outside-band"},
      {"未达成 0 of 10", Judgement::kNotAchieved, 0, 10, 0, ""},
      {"未达成 6 of 10", Judgement::kNotAchieved, 6, 10, 6, ""},
      {"未达成 3.5 of 10", Judgement::kNotAchieved, 3.5, 10, 3.5, ""},
      {"未达成 6.01 of 10", Judgement::kNotAchieved, 6.01, 10, {}, "score-outside-band"},
      {"未达成 without a score", Judgement::kNotAchieved, {}, 10, {}, "judgement-needs-score"},
  };
  for (const auto& c : cases) {
    SUBCASE(c.name) {
      Case k = OneIndicator("显著提高", "有所提高", c.weight);
      Actual& a = k.ActualOf(kTested);
      a.judgement = c.judgement;
      a.score = c.score;
      a.reason = "偏差原因";
      const ProjectScore s = k.Score();
      INFO(Findings(s));
      const IndicatorScore* t = ScoreOf(s, kTested);
      if (c.expected) {
        CHECK(t->scored);
        CHECK(t->score == Pts(*c.expected));
        REQUIRE(t->completion.has_value());
        CHECK(*t->completion == doctest::Approx(*c.expected / c.weight));
        CHECK_FALSE(HasErrors(s.findings));
        CHECK(s.total == Pts(100 - c.weight + *c.expected));
      } else {
        CHECK_FINDING(s, c.error, Severity::kError);
        CHECK_FALSE(t->scored);
        CHECK_FALSE(s.scored);
      }
    }
  }
}

TEST_CASE("score: a judgement without an actual text is scored by its band") {
  Case k = OneIndicator("显著提高", std::nullopt);
  Actual a;
  a.judgement = Judgement::kAchieved;
  k.results.actuals[kTested] = a;
  const ProjectScore s = k.Score();
  INFO(Findings(s));
  CHECK(ScoreOf(s, kTested)->score == Pts(10));
  CHECK(s.total == Pts(100));
}

TEST_CASE("score: the qualitative bands come from the policy") {
  // A provincial configuration's bands 100–80 / 80–50 / 50–0 (§3): 部分达成 5 of 10 fits there,
  // not under the default 60–80%.
  Policy p = OutputOnlyPolicy();
  p.partly_achieved = Band{50, 80};
  p.not_achieved = Band{0, 50};
  Case k = OneIndicator("显著提高", "有所提高", 10, p);
  Actual& a = k.ActualOf(kTested);
  a.judgement = Judgement::kPartlyAchieved;
  a.score = 5;
  a.reason = "部分完成";
  const ProjectScore s = k.Score();
  CHECK(ScoreOf(s, kTested)->score == Pts(5));
  CHECK(s.total == Pts(95));
  Case d = OneIndicator("显著提高", "有所提高");
  d.ActualOf(kTested) = a;
  CHECK_FINDING(d.Score(), "score-outside-band", Severity::kError);
}

TEST_CASE("score: a text actual for a quantity target is an error without a judgement") {
  Case k = OneIndicator("≥95%", "基本完成");
  const ProjectScore s = k.Score();
  CHECK_FINDING(s, "actual-not-a-quantity", Severity::kError);
  CHECK_FALSE(ScoreOf(s, kTested)->scored);
  CHECK_FALSE(s.scored);
}

TEST_CASE("score: an indicator without an actual is an error once results are entered") {
  Case k = OneIndicator("≥95%", std::nullopt);
  const ProjectScore s = k.Score();
  CHECK_FINDING(s, "missing-actual", Severity::kError);
  CHECK_FALSE(s.scored);
}

}  // namespace
}  // namespace jixiao
