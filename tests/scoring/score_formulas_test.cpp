// Tests of ScoreOptions::formulas (scoring/score.h): scored without its formula texts, a project
// gets the same figures and the same findings, word for word, as with them, whatever the rule
// that scored it and whatever the findings; only the formulas are left out. A finding that quotes
// a formula (a score above the rule's, a published figure that differs) still quotes it.
#include <doctest/doctest.h>

#include <functional>
#include <string>
#include <vector>

#include "scoring/score.h"
#include "tests/scoring/score_fixture.h"

namespace jixiao {
namespace {

using namespace jixiao::score_testing;

// Which findings of a project quote a formula.
enum class Quotes {
  kNone,
  kAlways,       // a score above the rule's
  kWhenScoring,  // a published figure that differs (compared for Purpose::kScore only)
};

// One project: how it is built, and whether a finding of it quotes a formula.
struct FormulaCase {
  const char* name;
  std::function<Case()> build;
  Quotes quotes = Quotes::kNone;
};

Case WithReason(Case k) {
  k.ActualOf(kTested).reason = "偏差原因";
  return k;
}

std::vector<FormulaCase> Cases() {
  return {
      {"positive, met", [] { return OneIndicator("≥100人", "100人"); }},
      {"positive, short of the target", [] { return OneIndicator("≥100人", "80人"); }},
      {"positive, over-achieved", [] { return OneIndicator("≥100人", "200人"); }},
      {"on a strict bound", [] { return OneIndicator(">100人", "100人"); }},
      {"reverse, linear", [] { return WithReason(OneIndicator("≤5万元", "6万元")); }},
      {"reverse, ratio",
       [] {
         Policy p = OutputOnlyPolicy();
         p.reverse_rule = ReverseRule::kRatio;
         return WithReason(OneIndicator("≤5万元", "6万元", 10, p));
       }},
      {"reverse of 0", [] { return WithReason(OneIndicator("≤0次", "1次")); }},
      {"equal of 0", [] { return OneIndicator("=0次", "0次"); }},
      {"units converted", [] { return OneIndicator("≤5万元", "36000元"); }},
      {"units that do not convert", [] { return OneIndicator("≥100人", "100元"); }},
      {"qualitative, stated", [] { return OneIndicator("显著提高", "显著提高"); }},
      {"qualitative, judged in its band",
       [] {
         Case k = OneIndicator("显著提高", "有所提高");
         k.ActualOf(kTested).judgement = Judgement::kPartlyAchieved;
         k.ActualOf(kTested).score = 7;
         k.ActualOf(kTested).reason = "部分完成";
         return k;
       }},
      {"qualitative, outside its band",
       [] {
         Case k = OneIndicator("显著提高", "有所提高");
         k.ActualOf(kTested).judgement = Judgement::kPartlyAchieved;
         k.ActualOf(kTested).score = 9.5;
         return k;
       }},
      {"lowered by the evaluator with a reason",
       [] {
         Case k = OneIndicator("≥100人", "200人");
         k.ActualOf(kTested).score = 8;
         k.ActualOf(kTested).reason = "目标偏低";
         return k;
       }},
      {"a score above the rule's",
       [] {
         Case k = WithReason(OneIndicator("≥100人", "80人"));
         k.ActualOf(kTested).score = 9;
         return k;
       },
       Quotes::kAlways},
      {"a published total that differs",
       [] {
         Case k = OneIndicator("≥100人", "100人");
         k.published.total = 99;
         k.published.loc = SourceLoc{"test.yaml", 40, 1};
         return k;
       },
       Quotes::kWhenScoring},
      {"a published indicator score that differs",
       [] {
         Case k = OneIndicator("≥100人", "100人");
         k.published.indicator_scores[kTested] = 9;
         k.published.execution_score = 9;
         k.published.loc = SourceLoc{"test.yaml", 40, 1};
         return k;
       },
       Quotes::kWhenScoring},
      {"a published figure that agrees",
       [] {
         Case k = OneIndicator("≥100人", "100人");
         k.published.total = 100;
         k.published.grade = "优";
         k.published.loc = SourceLoc{"test.yaml", 40, 1};
         return k;
       }},
      {"fund sources that do not add up",
       [] {
         Case k = OneIndicator("≥100人", "100人");
         k.project.budget.sources = {{"当年财政拨款", 10, 60}, {"上年结转资金", 5, 5}};
         return k;
       }},
      {"execution under 90% without an explanation",
       [] {
         Case k = OneIndicator("≥100人", "100人");
         k.results.executed = 50;
         return k;
       }},
      {"not applicable",
       [] {
         Case k = OneIndicator("≥100人", "100人");
         k.project.indicators[0].applicable = false;
         return k;
       }},
      {"not started",
       [] {
         Case k = OneIndicator("≥100人", "100人");
         k.results.status = Status::kNotStarted;
         return k;
       }},
      {"no actual", [] { return OneIndicator("≥100人", std::nullopt); }},
      {"shandong, every target met", [] { return Build(ShandongSpecs(), 100, 98); }},
  };
}

bool HasFormula(const ProjectScore& s) {
  if (!s.execution.formula.empty()) return true;
  for (const IndicatorScore& i : s.indicators)
    if (!i.formula.empty()) return true;
  return false;
}

void CheckSameExceptFormulas(const ProjectScore& with, const ProjectScore& without) {
  CHECK(without.scored == with.scored);
  CHECK(without.total == with.total);
  CHECK(without.grade == with.grade);
  CHECK(without.not_started == with.not_started);
  CHECK(without.policy == with.policy);
  CHECK(without.execution.known == with.execution.known);
  CHECK(without.execution.budget == with.execution.budget);
  CHECK(without.execution.executed == with.execution.executed);
  CHECK(without.execution.rate == with.execution.rate);
  CHECK(without.execution.score == with.execution.score);
  REQUIRE(without.indicators.size() == with.indicators.size());
  for (std::size_t i = 0; i < with.indicators.size(); ++i) {
    const IndicatorScore& a = with.indicators[i];
    const IndicatorScore& b = without.indicators[i];
    INFO("indicator " << a.indicator->key);
    CHECK(b.indicator == a.indicator);
    CHECK(b.actual == a.actual);
    CHECK(b.weight == a.weight);
    CHECK(b.weight_shared == a.weight_shared);
    CHECK(b.direction == a.direction);
    CHECK(b.completion == a.completion);
    CHECK(b.score == a.score);
    CHECK(b.scored == a.scored);
  }
  REQUIRE(without.findings.size() == with.findings.size());
  for (std::size_t i = 0; i < with.findings.size(); ++i)
    CHECK(without.findings[i].str() == with.findings[i].str());
}

TEST_CASE("score: without formulas, the same figures and findings, word for word") {
  for (const FormulaCase& c : Cases()) {
    for (const Purpose purpose : {Purpose::kScore, Purpose::kCheck}) {
      const std::string name = c.name;
      CAPTURE(name);
      CAPTURE(static_cast<int>(purpose));
      const Case k = c.build();
      const ProjectScore with = ScoreProject(k.project, k.results, k.published, k.policy,
                                             ScoreOptions{purpose, /*formulas=*/true});
      const ProjectScore without = ScoreProject(k.project, k.results, k.published, k.policy,
                                                ScoreOptions{purpose, /*formulas=*/false});
      CheckSameExceptFormulas(with, without);
      // The formulas are left out, unless a finding quoting one had the project scored again.
      const bool quoted = c.quotes == Quotes::kAlways ||
                          (c.quotes == Quotes::kWhenScoring && purpose == Purpose::kScore);
      CHECK(HasFormula(without) == quoted);
    }
  }
}

TEST_CASE("score: a finding that quotes a formula quotes it without formulas too") {
  Case k = WithReason(OneIndicator("≥100人", "80人"));
  k.ActualOf(kTested).score = 9;  // the rule gives 80/100 × 10 = 8
  const ProjectScore s = ScoreProject(k.project, k.results, k.published, k.policy,
                                      ScoreOptions{Purpose::kScore, /*formulas=*/false});
  const Finding* f = FindFinding(s, "score-above-rule");
  REQUIRE(f != nullptr);
  CHECK(Contains(f->message, "B/A = 80/100 = 80% → 80% × 10 = 8"));
}

}  // namespace
}  // namespace jixiao
