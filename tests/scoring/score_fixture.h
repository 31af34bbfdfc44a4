// tests/scoring/score_fixture.h — what the ScoreProject suites share (score_test.cpp,
// score_rules_test.cpp): projects built in code, one indicator under test beside a filler, the
// policies they are scored under, and checks of findings.
#ifndef JIXIAO_TESTS_SCORING_SCORE_FIXTURE_H_
#define JIXIAO_TESTS_SCORING_SCORE_FIXTURE_H_

#include <doctest/doctest.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "indicators/project.h"
#include "indicators/value.h"
#include "scoring/policy.h"
#include "scoring/score.h"

namespace jixiao::score_testing {

// ---------------------------------------------------------------------------------------------
// Helpers

// A score or total to two decimals: equal to within rounding noise, not to Approx's default.
inline doctest::Approx Pts(double x) { return doctest::Approx(x).epsilon(1e-9); }

inline Value ParseOrDie(std::string_view text) {
  ParseResult r = ParseValue(text);
  REQUIRE_MESSAGE(r.value.has_value(), "cannot parse '" << std::string(text) << "': " << r.error);
  return *r.value;
}

inline bool EndsWith(const std::string& s, std::string_view tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

// An indicator as the loader makes it: target parsed and resolved in its context, key
// 一级/二级/三级.
inline Indicator MakeIndicator(Level1 l1, Level2 l2, const std::string& name,
                               std::optional<double> weight, std::string_view target) {
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
inline Actual MakeActual(std::string_view text) {
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

inline Case Build(const std::vector<Spec>& specs, double annual, std::optional<double> executed,
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
inline Policy OutputOnlyPolicy() {
  Policy p;
  p.name = "test-output";
  p.caps = {{Level1::kOutput, 90}};
  return p;
}

// The national-2020 policy: 产出 50, 效益 30, 满意度 10, no 成本 (docs/rules.md §3).
inline Policy National2020() {
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
inline Case OneIndicator(const std::string& target, std::optional<std::string> actual,
                         double weight = 10, Policy policy = OutputOnlyPolicy()) {
  return Build({{Level1::kOutput, Level2::kQuantity, "受测指标", weight, target, actual},
                {Level1::kOutput, Level2::kQuality, "验收合格率", 90 - weight, "≥95%", "100%"}},
               100, 100, std::move(policy));
}

// The same under 时效指标 (a bare duration target there means ≤).
const char* const kTimely = "产出指标/时效指标/办理时限";
inline Case OneTimeliness(const std::string& target, const std::string& actual) {
  return Build({{Level1::kOutput, Level2::kTimeliness, "办理时限", 10, target, actual},
                {Level1::kOutput, Level2::kQuality, "验收合格率", 80, "≥95%", "100%"}},
               100, 100, OutputOnlyPolicy());
}

// A complete shandong (default policy) project that scores 100: every target met, every weight
// written (成本 20, 产出 20 + 10 + 10, 效益 20, 满意度 10).
inline std::vector<Spec> ShandongSpecs() {
  return {
      {Level1::kCost, Level2::kEconomicCost, "项目成本", 20, "≤20万元", "18万元"},
      {Level1::kOutput, Level2::kQuantity, "服务人次", 20, "≥1000人次", "1000人次"},
      {Level1::kOutput, Level2::kQuality, "验收合格率", 10, "≥95%", "98%"},
      {Level1::kOutput, Level2::kTimeliness, "办理时限", 10, "≤30分钟", "15分钟"},
      {Level1::kEffect, Level2::kSocialEffect, "群众知晓度", 20, "显著提高", "显著提高"},
      {Level1::kSatisfaction, Level2::kSatisfaction, "群众满意度", 10, "≥90%", "95%"},
  };
}

inline const IndicatorScore* ScoreOf(const ProjectScore& s, const std::string& key) {
  for (const auto& i : s.indicators)
    if (i.indicator && i.indicator->key == key) return &i;
  return nullptr;
}

inline const Finding* FindFinding(const ProjectScore& s, std::string_view code) {
  for (const auto& f : s.findings)
    if (f.code == code) return &f;
  return nullptr;
}

inline int CountFindings(const ProjectScore& s, std::string_view code) {
  int n = 0;
  for (const auto& f : s.findings) n += f.code == code;
  return n;
}

inline std::string Findings(const ProjectScore& s) {
  std::string out;
  for (const auto& f : s.findings) out += "  " + f.str() + "\n";
  return out.empty() ? "  (no findings)\n" : out;
}

inline bool Contains(const std::string& text, std::string_view part) {
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

}  // namespace jixiao::score_testing

#endif  // JIXIAO_TESTS_SCORING_SCORE_FIXTURE_H_
