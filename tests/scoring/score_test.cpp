// Tests of scoring/score.h: ScoreProject and GradeOf against docs/rules.md, rule by rule, at
// and around each boundary. Projects are built in code; every expected number is worked out by
// hand from the rules (the arithmetic is in the comments), never copied from the engine's output.
#include "scoring/score.h"

#include <doctest/doctest.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "indicators/project.h"
#include "indicators/value.h"
#include "scoring/policy.h"

namespace jixiao {
namespace {

// ---------------------------------------------------------------------------------------------
// Helpers

// A score or total to two decimals: equal to within rounding noise, not to Approx's default.
doctest::Approx Pts(double x) { return doctest::Approx(x).epsilon(1e-9); }

Value ParseOrDie(std::string_view text) {
  ParseResult r = ParseValue(text);
  REQUIRE_MESSAGE(r.value.has_value(), "cannot parse '" << std::string(text) << "': " << r.error);
  return *r.value;
}

bool EndsWith(const std::string& s, std::string_view tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

// An indicator as the loader makes it: target parsed and resolved in its context, key
// 一级/二级/三级.
Indicator MakeIndicator(Level1 l1, Level2 l2, const std::string& name, std::optional<double> weight,
                        std::string_view target) {
  static int line = 0;
  Indicator ind;
  ind.level1 = l1;
  ind.level2 = l2;
  ind.level1_text = Level1Name(l1);
  ind.level2_text = Level2Name(l2);
  ind.name = name;
  ind.weight = weight;
  ind.target = ParseOrDie(target);
  ImplyContext ctx;
  ctx.timeliness = l2 == Level2::kTimeliness;
  ctx.rate_name = EndsWith(name, "率") || EndsWith(name, "度");
  ResolveImplied(ind.target, ctx);
  ind.key = Level1Name(l1) + "/" + Level2Name(l2) + "/" + name;
  ind.loc = SourceLoc{"test.yaml", ++line, 3};
  return ind;
}

// An actual value as the loader reads it (an operator repeated in an actual is dropped).
Actual MakeActual(std::string_view text) {
  Actual a;
  Value v = ParseOrDie(text);
  if (v.is_quantity()) v.op = Operator::kNone;
  a.value = std::move(v);
  a.loc = SourceLoc{"test.yaml", 100, 13};
  return a;
}

// One indicator's definition and, optionally, its actual.
struct Spec {
  Level1 l1;
  Level2 l2;
  std::string name;
  std::optional<double> weight;
  std::string target;
  std::optional<std::string> actual;
};

// A project, its results and published figures, scored under a policy. Keep it alive while its
// ProjectScore is inspected: the score points into it.
struct Case {
  Project project;
  Results results;
  Published published;
  Policy policy;

  ProjectScore Score(Purpose purpose = Purpose::kScore) const {
    return ScoreProject(project, results, published, policy, purpose);
  }
  Actual& ActualOf(const std::string& key) { return results.actuals.at(key); }
};

Case Build(const std::vector<Spec>& specs, double annual, std::optional<double> executed,
           Policy policy = Policy{}) {
  Case c;
  c.policy = std::move(policy);
  c.project.name = "测试项目";
  c.project.year = 2024;
  c.project.policy = c.policy.name;
  c.project.loc = SourceLoc{"test.yaml", 0, 0};
  c.project.budget.annual = annual;
  c.project.budget.loc = SourceLoc{"test.yaml", 5, 3};
  c.results.executed = executed;
  c.results.executed_loc = SourceLoc{"test.yaml", 7, 13};
  for (const Spec& s : specs) {
    Indicator ind = MakeIndicator(s.l1, s.l2, s.name, s.weight, s.target);
    if (s.actual) c.results.actuals[ind.key] = MakeActual(*s.actual);
    c.project.indicators.push_back(std::move(ind));
  }
  return c;
}

// A policy with one 一级 only (产出指标, 90 points) next to the execution weight 10, so that a
// test can look at one indicator without the other 一级 levels.
Policy OutputOnlyPolicy() {
  Policy p;
  p.name = "test-output";
  p.caps = {{Level1::kOutput, 90}};
  return p;
}

// The national-2020 policy: 产出 50, 效益 30, 满意度 10, no 成本 (docs/rules.md §3).
Policy National2020() {
  Policy p;
  p.name = "national-2020";
  p.caps = {{Level1::kOutput, 50}, {Level1::kEffect, 30}, {Level1::kSatisfaction, 10}};
  return p;
}

const char* const kTested = "产出指标/数量指标/受测指标";
const char* const kFiller = "产出指标/质量指标/验收合格率";

// The indicator under test (产出指标/数量指标/受测指标, weight 10 by default) next to a filler
// that always scores its full 80 (≥95% with 100%: 100/95 = 1.05, capped at 1, under the 1.2
// over-achievement threshold), under OutputOnlyPolicy; budget 100, executed 100 → execution 10.
// A clean run therefore totals 90 + the tested indicator's score.
Case OneIndicator(const std::string& target, std::optional<std::string> actual, double weight = 10,
                  Policy policy = OutputOnlyPolicy()) {
  return Build({{Level1::kOutput, Level2::kQuantity, "受测指标", weight, target, actual},
                {Level1::kOutput, Level2::kQuality, "验收合格率", 90 - weight, "≥95%", "100%"}},
               100, 100, std::move(policy));
}

// The same under 时效指标 (a bare duration target there means ≤).
const char* const kTimely = "产出指标/时效指标/办理时限";
Case OneTimeliness(const std::string& target, const std::string& actual) {
  return Build({{Level1::kOutput, Level2::kTimeliness, "办理时限", 10, target, actual},
                {Level1::kOutput, Level2::kQuality, "验收合格率", 80, "≥95%", "100%"}},
               100, 100, OutputOnlyPolicy());
}

// A complete shandong (default policy) project that scores 100: every target met, every weight
// written (成本 20, 产出 20 + 10 + 10, 效益 20, 满意度 10).
std::vector<Spec> ShandongSpecs() {
  return {
      {Level1::kCost, Level2::kEconomicCost, "项目成本", 20, "≤20万元", "18万元"},
      {Level1::kOutput, Level2::kQuantity, "服务人次", 20, "≥1000人次", "1000人次"},
      {Level1::kOutput, Level2::kQuality, "验收合格率", 10, "≥95%", "98%"},
      {Level1::kOutput, Level2::kTimeliness, "办理时限", 10, "≤30分钟", "15分钟"},
      {Level1::kEffect, Level2::kSocialEffect, "群众知晓度", 20, "显著提高", "显著提高"},
      {Level1::kSatisfaction, Level2::kSatisfaction, "群众满意度", 10, "≥90%", "95%"},
  };
}

const IndicatorScore* ScoreOf(const ProjectScore& s, const std::string& key) {
  for (const auto& i : s.indicators)
    if (i.indicator && i.indicator->key == key) return &i;
  return nullptr;
}

const Finding* FindFinding(const ProjectScore& s, std::string_view code) {
  for (const auto& f : s.findings)
    if (f.code == code) return &f;
  return nullptr;
}

int CountFindings(const ProjectScore& s, std::string_view code) {
  int n = 0;
  for (const auto& f : s.findings) n += f.code == code;
  return n;
}

std::string Findings(const ProjectScore& s) {
  std::string out;
  for (const auto& f : s.findings) out += "  " + f.str() + "\n";
  return out.empty() ? "  (no findings)\n" : out;
}

bool Contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

// The score is bound to a reference first, so that `k.Score()` may be passed directly.
#define CHECK_FINDING(score, code, sev)                                                    \
  do {                                                                                     \
    const ProjectScore& s_ = (score);                                                      \
    const Finding* found_ = FindFinding(s_, code);                                         \
    CHECK_MESSAGE(found_ != nullptr, "no finding " << code << "; got:\n" << Findings(s_)); \
    if (found_) CHECK_MESSAGE(found_->severity == (sev), "severity of " << found_->str()); \
  } while (false)

#define CHECK_NO_FINDING(score, code)                                                   \
  do {                                                                                  \
    const ProjectScore& s_ = (score);                                                   \
    CHECK_MESSAGE(FindFinding(s_, code) == nullptr, "unexpected " << code << "; got:\n" \
                                                                  << Findings(s_));     \
  } while (false)

#define CHECK_NO_FINDINGS(score)                      \
  do {                                                \
    const ProjectScore& s_ = (score);                 \
    CHECK_MESSAGE(s_.findings.empty(), Findings(s_)); \
  } while (false)

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

// ---------------------------------------------------------------------------------------------
// §4: over-achievement, the evaluator's score, deviation text

TEST_CASE("score: over-achievement (B ≥ 1.2 × A) is flagged, not cut") {
  SUBCASE("exactly 1.2 × A") {
    Case k = OneIndicator("≥100人", "120人");
    const ProjectScore s = k.Score();
    CHECK_FINDING(s, "over-achievement", Severity::kWarning);
    CHECK(ScoreOf(s, kTested)->score == Pts(10));
    CHECK(s.total == Pts(100));
  }
  SUBCASE("1.19 × A is not") {
    Case k = OneIndicator("≥100人", "119人");
    CHECK_NO_FINDINGS(k.Score());
  }
  SUBCASE("after conversion: 4.8万人 against ≥40000人") {
    Case k = OneIndicator("≥40000人", "4.8万人");
    CHECK_FINDING(k.Score(), "over-achievement", Severity::kWarning);
  }
  SUBCASE("far above") {
    Case k = OneIndicator("≥95%", "300%");
    CHECK_FINDING(k.Score(), "over-achievement", Severity::kWarning);
  }
  SUBCASE("not for a reverse target far under its bound") {
    Case k = OneIndicator("≤5万元", "1万元");
    CHECK_NO_FINDINGS(k.Score());
  }
  SUBCASE("not in a check") {
    Case k = OneIndicator("≥100人", "150人");
    CHECK_NO_FINDING(k.Score(Purpose::kCheck), "over-achievement");
  }
  SUBCASE("the threshold is policy (Guangxi 1.3)") {
    Policy p = OutputOnlyPolicy();
    p.over_achievement = 1.3;
    Case k = OneIndicator("≥100人", "125人", 10, p);
    CHECK_NO_FINDINGS(k.Score());
    Case m = OneIndicator("≥100人", "130人", 10, p);
    CHECK_FINDING(m.Score(), "over-achievement", Severity::kWarning);
  }
}

TEST_CASE("score: the evaluator may lower a score with a reason") {
  SUBCASE("lowered with a reason: used, and noted") {
    Case k = OneIndicator("≥100人", "150人");
    Actual& a = k.ActualOf(kTested);
    a.score = 8;
    a.reason = "目标设定偏低，按偏离度适度调减";
    const ProjectScore s = k.Score();
    INFO(Findings(s));
    CHECK(ScoreOf(s, kTested)->scored);
    CHECK(ScoreOf(s, kTested)->score == Pts(8));
    CHECK_FINDING(s, "score-lowered", Severity::kInfo);
    CHECK_FINDING(s, "over-achievement", Severity::kWarning);
    CHECK_NO_FINDING(s, "deviation-reason-missing");
    CHECK_FALSE(HasErrors(s.findings));
    CHECK(s.total == Pts(98));  // 10 + 80 + 8
  }
  SUBCASE("lowered without a reason") {
    Case k = OneIndicator("≥100人", "150人");
    k.ActualOf(kTested).score = 8;
    const ProjectScore s = k.Score();
    CHECK_FINDING(s, "lowered-without-reason", Severity::kError);
    CHECK_FALSE(ScoreOf(s, kTested)->scored);
    CHECK_FALSE(s.scored);
  }
  SUBCASE("above the rule's score") {
    // 90/100 × 10 = 9; 9.5 is more than the rule gives.
    Case k = OneIndicator("≥100人", "90人");
    Actual& a = k.ActualOf(kTested);
    a.score = 9.5;
    a.reason = "工作量大";
    const ProjectScore s = k.Score();
    CHECK_FINDING(s, "score-above-rule", Severity::kError);
    CHECK_FALSE(ScoreOf(s, kTested)->scored);
    CHECK_FALSE(s.scored);
  }
  SUBCASE("equal to the rule's score: nothing to say") {
    Case k = OneIndicator("≥100人", "90人");
    Actual& a = k.ActualOf(kTested);
    a.score = 9;
    a.reason = "宣传不足";
    const ProjectScore s = k.Score();
    CHECK(ScoreOf(s, kTested)->score == Pts(9));
    CHECK_NO_FINDINGS(s);
  }
}

TEST_CASE("score: a score below the weight needs the deviation reason") {
  SUBCASE("90 of ≥100 without a reason") {
    Case k = OneIndicator("≥100人", "90人");
    const ProjectScore s = k.Score();
    CHECK(ScoreOf(s, kTested)->score == Pts(9));
    CHECK_FINDING(s, "deviation-reason-missing", Severity::kWarning);
    CHECK(s.scored);  // a warning: the score stands
    CHECK(s.total == Pts(99));
  }
  SUBCASE("with a reason") {
    Case k = OneIndicator("≥100人", "90人");
    k.ActualOf(kTested).reason = "部分群众未参与";
    CHECK_NO_FINDINGS(k.Score());
  }
  SUBCASE("a reverse target missed") {
    Case k = OneIndicator("≤5万元", "6万元");
    CHECK_FINDING(k.Score(), "deviation-reason-missing", Severity::kWarning);
  }
  SUBCASE("a qualitative 部分达成") {
    Case k = OneIndicator("显著提高", "有所提高");
    k.ActualOf(kTested).judgement = Judgement::kPartlyAchieved;
    k.ActualOf(kTested).score = 7;
    CHECK_FINDING(k.Score(), "deviation-reason-missing", Severity::kWarning);
  }
  SUBCASE("full marks need none") {
    Case k = OneIndicator("≥100人", "100人");
    CHECK_NO_FINDINGS(k.Score());
  }
}

// ---------------------------------------------------------------------------------------------
// §3: weights

TEST_CASE("score: a complete shandong project scores 100") {
  Case k = Build(ShandongSpecs(), 100, 100);
  const ProjectScore s = k.Score();
  CHECK_NO_FINDINGS(s);
  CHECK(s.policy == "shandong");
  CHECK(s.scored);
  CHECK(s.total == Pts(100));
  CHECK(s.grade == "优");
  REQUIRE(s.indicators.size() == 6);
  for (const auto& i : s.indicators) CHECK_FALSE(i.weight_shared);
}

TEST_CASE("score: written weights must add up to their 一级 cap") {
  SUBCASE("产出 40 + 30 = 70 under a cap of 90") {
    Case k = OneIndicator("≥100人", "100人", 40);
    k.project.indicators[1].weight = 30;
    const ProjectScore s = k.Score();
    CHECK_FINDING(s, "weights-sum", Severity::kError);
    CHECK_FALSE(s.scored);
  }
  SUBCASE("shandong 成本 written as 25 against 20") {
    std::vector<Spec> specs = ShandongSpecs();
    specs[0].weight = 25;
    Case k = Build(specs, 100, 100);
    const ProjectScore s = k.Score();
    CHECK_FINDING(s, "weights-sum", Severity::kError);
    const Finding* f = FindFinding(s, "weights-sum");
    if (f) CHECK(Contains(f->message, "成本指标"));
    CHECK_FALSE(s.scored);
  }
  SUBCASE("seed 004 特殊群体(二): a row listed twice makes 效益 10 + 10 + 10 = 30 against 20") {
    std::vector<Spec> specs = ShandongSpecs();
    specs[4] = {Level1::kEffect, Level2::kSocialEffect, "特殊群体医疗保障覆盖率", 10, "≥95%",
                "100%"};
    specs.insert(
        specs.begin() + 5,
        {{Level1::kEffect, Level2::kSocialEffect, "政策知晓度", 10, "显著提高", "显著提高"},
         {Level1::kEffect, Level2::kSustainability, "长效机制", 10, "健全", "健全"}});
    Case k = Build(specs, 100, 100);
    const ProjectScore s = k.Score();
    CHECK_FINDING(s, "weights-sum", Severity::kError);
    const Finding* f = FindFinding(s, "weights-sum");
    if (f) {
      CHECK(Contains(f->message, "30"));
      CHECK(Contains(f->message, "20"));
    }
    CHECK_FALSE(s.scored);
  }
  SUBCASE("6.67 + 6.67 + 6.66 = 20 is exact") {
    std::vector<Spec> specs = ShandongSpecs();
    specs[0].weight = 6.67;
    specs.insert(specs.begin() + 1,
                 {{Level1::kCost, Level2::kEconomicCost, "人员成本", 6.67, "≤10万元", "9万元"},
                  {Level1::kCost, Level2::kSocialCost, "社会成本", 6.66, "≤1次", "0次"}});
    Case k = Build(specs, 100, 100);
    const ProjectScore s = k.Score();
    CHECK_NO_FINDINGS(s);
    CHECK(s.total == Pts(100));
  }
}

TEST_CASE("score: missing weights share the 一级 cap equally") {
  SUBCASE("3 cost indicators under a cap of 20: 6.67, 6.67, 6.66") {
    std::vector<Spec> specs = ShandongSpecs();
    specs[0].weight.reset();
    specs.insert(specs.begin() + 1,
                 {{Level1::kCost, Level2::kEconomicCost, "人员成本", {}, "≤10万元", "9万元"},
                  {Level1::kCost, Level2::kSocialCost, "社会成本", {}, "≤1次", "0次"}});
    Case k = Build(specs, 100, 100);
    const ProjectScore s = k.Score();
    INFO(Findings(s));
    CHECK(s.indicators[0].weight == Pts(6.67));
    CHECK(s.indicators[1].weight == Pts(6.67));
    CHECK(s.indicators[2].weight == Pts(6.66));
    for (int i = 0; i < 3; ++i) CHECK(s.indicators[i].weight_shared);
    CHECK_FALSE(s.indicators[3].weight_shared);
    CHECK_NO_FINDINGS(s);
    CHECK(s.total == Pts(100));
  }
  SUBCASE("a shared weight is scored like a written one") {
    // 成本 shared 6.67/6.67/6.66; 项目成本 ≤20万元 with 24万元: 1 − 4/20 = 0.8 × 6.67 = 5.336
    // → 5.34; total 100 − 6.67 + 5.34 = 98.67.
    std::vector<Spec> specs = ShandongSpecs();
    specs[0].weight.reset();
    specs[0].actual = "24万元";
    specs.insert(specs.begin() + 1,
                 {{Level1::kCost, Level2::kEconomicCost, "人员成本", {}, "≤10万元", "9万元"},
                  {Level1::kCost, Level2::kSocialCost, "社会成本", {}, "≤1次", "0次"}});
    Case k = Build(specs, 100, 100);
    k.ActualOf("成本指标/经济成本指标/项目成本").reason = "材料涨价";
    const ProjectScore s = k.Score();
    INFO(Findings(s));
    CHECK(s.indicators[0].score == Pts(5.34));
    CHECK(s.total == Pts(98.67));
  }
  SUBCASE("national-2020: 产出 50 over 5 → 10 each, 效益 30 over 2 → 15, 满意度 10 over 1") {
    Case k = Build(
        {
            {Level1::kOutput, Level2::kQuantity, "数量一", {}, "≥10个", "10个"},
            {Level1::kOutput, Level2::kQuantity, "数量二", {}, "≥10个", "10个"},
            {Level1::kOutput, Level2::kQuality, "质量一", {}, "≥95%", "95%"},
            {Level1::kOutput, Level2::kTimeliness, "时效一", {}, "≤30天", "20天"},
            {Level1::kOutput, Level2::kOutputCost, "成本一", {}, "≤5万元", "5万元"},
            {Level1::kEffect, Level2::kSocialEffect, "效益一", {}, "显著提高", "显著提高"},
            {Level1::kEffect, Level2::kSustainability, "效益二", {}, "长期", "长期"},
            {Level1::kSatisfaction, Level2::kSatisfaction, "满意度", {}, "≥90%", "92%"},
        },
        100, 100, National2020());
    const ProjectScore s = k.Score();
    INFO(Findings(s));
    for (int i = 0; i < 5; ++i) CHECK(s.indicators[i].weight == Pts(10));
    CHECK(s.indicators[5].weight == Pts(15));
    CHECK(s.indicators[6].weight == Pts(15));
    CHECK(s.indicators[7].weight == Pts(10));
    CHECK_NO_FINDINGS(s);
    CHECK(s.total == Pts(100));
  }
  SUBCASE("some missing: the remainder is shared (40 − 15 = 25 over 2 → 12.5)") {
    std::vector<Spec> specs = ShandongSpecs();
    specs[1].weight = 15;
    specs[2].weight.reset();
    specs[3].weight.reset();
    Case k = Build(specs, 100, 100);
    const ProjectScore s = k.Score();
    INFO(Findings(s));
    CHECK(s.indicators[1].weight == Pts(15));
    CHECK_FALSE(s.indicators[1].weight_shared);
    CHECK(s.indicators[2].weight == Pts(12.5));
    CHECK(s.indicators[3].weight == Pts(12.5));
    CHECK(s.indicators[2].weight_shared);
    CHECK_NO_FINDINGS(s);
    CHECK(s.total == Pts(100));
  }
  SUBCASE("some missing: 40 − 15 = 25 over 3 → 8.33, 8.33, 8.34") {
    std::vector<Spec> specs = ShandongSpecs();
    specs[1].weight = 15;
    specs[2].weight.reset();
    specs[3].weight.reset();
    specs.insert(specs.begin() + 4,
                 Spec{Level1::kOutput, Level2::kQuality, "资料完整率", {}, "=100%", "100%"});
    Case k = Build(specs, 100, 100);
    const ProjectScore s = k.Score();
    INFO(Findings(s));
    CHECK(s.indicators[2].weight == Pts(8.33));
    CHECK(s.indicators[3].weight == Pts(8.33));
    CHECK(s.indicators[4].weight == Pts(8.34));
    CHECK(s.total == Pts(100));
  }
  SUBCASE("none left for the missing ones") {
    std::vector<Spec> specs = ShandongSpecs();
    specs[1].weight = 30;  // 30 + 10 = 40 written: nothing for 办理时限
    specs[3].weight.reset();
    Case k = Build(specs, 100, 100);
    const ProjectScore s = k.Score();
    CHECK_FINDING(s, "no-weight-left", Severity::kError);
    CHECK_FALSE(s.scored);
  }
}

TEST_CASE("score: the 一级 levels must match the policy") {
  SUBCASE("成本指标 under national-2020, which has none") {
    std::vector<Spec> specs = {
        {Level1::kCost, Level2::kEconomicCost, "项目成本", 10, "≤5万元", "5万元"},
        {Level1::kOutput, Level2::kQuantity, "数量", 50, "≥10个", "10个"},
        {Level1::kEffect, Level2::kSocialEffect, "效益", 30, "显著提高", "显著提高"},
        {Level1::kSatisfaction, Level2::kSatisfaction, "满意度", 10, "≥90%", "92%"},
    };
    Case k = Build(specs, 100, 100, National2020());
    const ProjectScore s = k.Score();
    CHECK_FINDING(s, "level1-not-in-policy", Severity::kError);
    CHECK_FALSE(s.scored);
  }
  SUBCASE("a policy 一级 without indicators") {
    // shandong without 满意度: its 10 points cannot be earned; 10 + 20 + 40 + 20 = 90.
    std::vector<Spec> specs = ShandongSpecs();
    specs.pop_back();
    Case k = Build(specs, 100, 100);
    const ProjectScore s = k.Score();
    CHECK_FINDING(s, "level1-empty", Severity::kWarning);
    CHECK_EQ(CountFindings(s, "level1-empty"), 1);
    CHECK_FALSE(HasErrors(s.findings));
    CHECK(s.scored);
    CHECK(s.total == Pts(90));
  }
}

// ---------------------------------------------------------------------------------------------
// §4: not applicable, not started

TEST_CASE("score: not-applicable indicators are left out and the total rescaled to 100") {
  SUBCASE("everything else full: (10 + 80)/90 × 100 = 100") {
    Case k = OneIndicator("≥100人", std::nullopt);
    k.project.indicators[0].applicable = false;
    const ProjectScore s = k.Score();
    INFO(Findings(s));
    CHECK_NO_FINDING(s, "missing-actual");
    CHECK_FALSE(HasErrors(s.findings));
    CHECK(s.scored);
    CHECK(s.total == Pts(100));
  }
  SUBCASE("a non-trivial case") {
    // Execution 60/100 → 6; A (50) ≥100人 with 80人 → 0.8 × 50 = 40; B (30) ≥95% with 95% → 30;
    // C (10) not applicable. (6 + 40 + 30) / (100 − 10) × 100 = 76/90 × 100 = 84.444… → 84.44,
    // 良 (unrescaled, 76 would be 中).
    Case k = Build(
        {
            {Level1::kOutput, Level2::kQuantity, "指标A", 50, "≥100人", "80人"},
            {Level1::kOutput, Level2::kQuality, "指标B", 30, "≥95%", "95%"},
            {Level1::kOutput, Level2::kTimeliness, "指标C", 10, "≤30天", "60天"},
        },
        100, 60, OutputOnlyPolicy());
    k.project.indicators[2].applicable = false;
    k.ActualOf("产出指标/数量指标/指标A").reason = "需求下降";
    const ProjectScore s = k.Score();
    INFO(Findings(s));
    CHECK(s.execution.score == Pts(6));
    CHECK(s.indicators[0].score == Pts(40));
    CHECK(s.indicators[1].score == Pts(30));
    CHECK_FALSE(HasErrors(s.findings));
    CHECK(s.scored);
    CHECK(s.total == Pts(84.44));
    CHECK(s.grade == "良");
  }
  SUBCASE("a shandong project with its 满意度 not applicable") {
    // 满意度 (10) not applicable; execution 50/100 → 5; all else full (80):
    // (5 + 80) / 90 × 100 = 94.444… → 94.44.
    Case k = Build(ShandongSpecs(), 100, 50);
    k.project.indicators[5].applicable = false;
    const ProjectScore s = k.Score();
    INFO(Findings(s));
    CHECK(s.scored);
    CHECK(s.total == Pts(94.44));
  }
}

TEST_CASE("score: a project that never started scores 0, 项目暂未开展") {
  SUBCASE("whatever its actuals say") {
    Case k = Build(ShandongSpecs(), 20, 0);
    k.results.status = Status::kNotStarted;
    const ProjectScore s = k.Score();
    INFO(Findings(s));
    CHECK(s.not_started);
    CHECK(s.scored);
    CHECK(s.total == Pts(0));
    CHECK(s.grade == "项目暂未开展");
    for (const auto& i : s.indicators) CHECK(i.score == Pts(0));
    CHECK_NO_FINDING(s, "spent-but-not-started");
  }
  SUBCASE("seed 004 医保一图清: ≤7万元 with actual 0 still scores 0") {
    Case k = Build(
        {
            {Level1::kCost, Level2::kEconomicCost, "平台建设成本", 20, "≤7万元", "0"},
            {Level1::kOutput, Level2::kQuantity, "数量", 40, "≥1个", "0个"},
            {Level1::kEffect, Level2::kSocialEffect, "效益", 20, "显著提高", "显著提高"},
            {Level1::kSatisfaction, Level2::kSatisfaction, "满意度", 10, "≥90%", "0%"},
        },
        20, 0);
    k.results.status = Status::kNotStarted;
    const ProjectScore s = k.Score();
    INFO(Findings(s));
    CHECK(ScoreOf(s, "成本指标/经济成本指标/平台建设成本")->score == Pts(0));
    CHECK(s.total == Pts(0));
    CHECK(s.grade == "项目暂未开展");
    CHECK_FALSE(HasErrors(s.findings));
  }
  SUBCASE("seed 004's published 0 and 项目暂未开展 agree") {
    Case k = Build(ShandongSpecs(), 20, 0);
    k.results.status = Status::kNotStarted;
    k.published.execution_score = 0;
    k.published.total = 0;
    k.published.grade = "项目暂未开展";
    const ProjectScore s = k.Score();
    INFO(Findings(s));
    CHECK_NO_FINDING(s, "published-execution-differs");
    CHECK_NO_FINDING(s, "published-total-differs");
    CHECK_NO_FINDING(s, "published-grade-differs");
  }
  SUBCASE("with no results entered at all") {
    Case k = Build(ShandongSpecs(), 20, std::nullopt);
    k.results.actuals.clear();
    k.results.status = Status::kNotStarted;
    const ProjectScore s = k.Score();
    INFO(Findings(s));
    CHECK_FALSE(HasErrors(s.findings));
    CHECK(s.total == Pts(0));
    CHECK(s.grade == "项目暂未开展");
  }
  SUBCASE("money spent on it is a warning") {
    Case k = Build(ShandongSpecs(), 20, 5);
    k.results.status = Status::kNotStarted;
    const ProjectScore s = k.Score();
    CHECK_FINDING(s, "spent-but-not-started", Severity::kWarning);
    CHECK(s.total == Pts(0));
    CHECK(s.grade == "项目暂未开展");
  }
}

// ---------------------------------------------------------------------------------------------
// §5: grades

TEST_CASE("score: grades by threshold") {
  struct Row {
    double total;
    const char* grade;
  };
  SUBCASE("national: 90 / 80 / 60") {
    const Policy p;
    for (const Row& r : {Row{100, "优"}, Row{90, "优"}, Row{89.99, "良"}, Row{80, "良"},
                         Row{79.99, "中"}, Row{60, "中"}, Row{59.99, "差"}, Row{0, "差"}}) {
      CAPTURE(r.total);
      CHECK(GradeOf(r.total, p) == r.grade);
    }
  }
  SUBCASE("provincial: 80 / 70 / 60") {
    Policy p;
    p.grade_excellent = 80;
    p.grade_good = 70;
    p.grade_pass = 60;
    for (const Row& r : {Row{90, "优"}, Row{80, "优"}, Row{79.99, "良"}, Row{70, "良"},
                         Row{69.99, "中"}, Row{60, "中"}, Row{59.99, "差"}}) {
      CAPTURE(r.total);
      CHECK(GradeOf(r.total, p) == r.grade);
    }
  }
  SUBCASE("a scored total of 89.99 is 良") {
    // Execution 99.9/100 → 9.99; tested ≥100人 with 0人 → 0; 9.99 + 0 + 80 = 89.99.
    Case k = OneIndicator("≥100人", "0人");
    k.results.executed = 99.9;
    k.ActualOf(kTested).reason = "未开展";
    const ProjectScore s = k.Score();
    INFO(Findings(s));
    CHECK(s.total == Pts(89.99));
    CHECK(s.grade == "良");
  }
  SUBCASE("a scored total of exactly 90 is 优") {
    Case k = OneIndicator("≥100人", "0人");
    k.ActualOf(kTested).reason = "未开展";
    const ProjectScore s = k.Score();
    CHECK(s.total == Pts(90));
    CHECK(s.grade == "优");
  }
}

// ---------------------------------------------------------------------------------------------
// §6, §7: published figures

TEST_CASE("score: published figures are recomputed and differences reported") {
  SUBCASE("seed 004 基层医保工作站: 1.14 + 90 = 91.14, 优 — agrees") {
    Case k = OneIndicator("≥100人", "100人");
    k.project.budget.annual = 49;
    k.results.executed = 5.6;
    k.published.execution_score = 1.14;
    k.published.total = 91.14;
    k.published.grade = "优";
    k.published.indicator_scores[kTested] = 10;
    k.published.indicator_scores[kFiller] = 80;
    const ProjectScore s = k.Score();
    INFO(Findings(s));
    CHECK_NO_FINDING(s, "published-execution-differs");
    CHECK_NO_FINDING(s, "published-total-differs");
    CHECK_NO_FINDING(s, "published-score-differs");
    CHECK_NO_FINDING(s, "published-grade-differs");
  }
  SUBCASE("seed 004 特殊群体: published 0.4 and 90.4 against 0.38 and 90.38") {
    Case k = OneIndicator("≥100人", "100人");
    k.project.budget.annual = 505.12;
    k.results.executed = 19.15;
    k.published.execution_score = 0.4;
    k.published.total = 90.4;
    k.published.grade = "优";
    const ProjectScore s = k.Score();
    INFO(Findings(s));
    CHECK(s.total == Pts(90.38));
    CHECK_FINDING(s, "published-execution-differs", Severity::kWarning);
    CHECK_FINDING(s, "published-total-differs", Severity::kWarning);
    CHECK_NO_FINDING(s, "published-grade-differs");
    const Finding* e = FindFinding(s, "published-execution-differs");
    if (e) {
      CHECK(Contains(e->message, "0.4"));
      CHECK(Contains(e->message, "0.38"));
    }
    const Finding* t = FindFinding(s, "published-total-differs");
    if (t) {
      CHECK(Contains(t->message, "90.4"));
      CHECK(Contains(t->message, "90.38"));
    }
  }
  SUBCASE("an indicator given full marks for a missed target") {
    // ≥100人 with 90人: the rule gives 9; the table printed 10.
    Case k = OneIndicator("≥100人", "90人");
    k.ActualOf(kTested).reason = "宣传不足";
    k.published.indicator_scores[kTested] = 10;
    k.published.indicator_scores[kFiller] = 80;
    const ProjectScore s = k.Score();
    CHECK_FINDING(s, "published-score-differs", Severity::kWarning);
    CHECK_EQ(CountFindings(s, "published-score-differs"), 1);
    const Finding* f = FindFinding(s, "published-score-differs");
    if (f) {
      CHECK(Contains(f->message, "10"));
      CHECK(Contains(f->message, "9"));
    }
  }
  SUBCASE("a published grade that the total does not give") {
    Case k = OneIndicator("≥100人", "100人");
    k.published.total = 100;
    k.published.grade = "良";
    const ProjectScore s = k.Score();
    CHECK_NO_FINDING(s, "published-total-differs");
    CHECK_FINDING(s, "published-grade-differs", Severity::kWarning);
    const Finding* f = FindFinding(s, "published-grade-differs");
    if (f) {
      CHECK(Contains(f->message, "良"));
      CHECK(Contains(f->message, "优"));
    }
  }
  SUBCASE("a check compares nothing") {
    Case k = OneIndicator("≥100人", "90人");
    k.ActualOf(kTested).reason = "宣传不足";
    k.published.execution_score = 5;
    k.published.total = 50;
    k.published.grade = "差";
    k.published.indicator_scores[kTested] = 10;
    const ProjectScore s = k.Score(Purpose::kCheck);
    CHECK_NO_FINDING(s, "published-execution-differs");
    CHECK_NO_FINDING(s, "published-total-differs");
    CHECK_NO_FINDING(s, "published-score-differs");
    CHECK_NO_FINDING(s, "published-grade-differs");
  }
}

// ---------------------------------------------------------------------------------------------
// Target tables (budget time: no results yet)

TEST_CASE("score: a target table is valid to check but cannot be scored") {
  Case k = Build(ShandongSpecs(), 100, std::nullopt);
  k.results.actuals.clear();
  SUBCASE("check") {
    const ProjectScore s = k.Score(Purpose::kCheck);
    INFO(Findings(s));
    CHECK_FALSE(HasErrors(s.findings));
    CHECK_NO_FINDING(s, "no-results");
    CHECK_NO_FINDING(s, "missing-actual");
    CHECK_NO_FINDING(s, "missing-executed");
  }
  SUBCASE("score") {
    const ProjectScore s = k.Score();
    // Information, as in the audit (one severity per code); the project still has no total.
    CHECK_FINDING(s, "no-results", Severity::kInfo);
    CHECK_FALSE(s.scored);
  }
  SUBCASE("a check still finds weight errors") {
    k.project.indicators[0].weight = 25;
    CHECK_FINDING(k.Score(Purpose::kCheck), "weights-sum", Severity::kError);
  }
}

}  // namespace
}  // namespace jixiao
