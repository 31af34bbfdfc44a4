// Tests of scoring/score.h, continued from score_test.cpp: over-achievement, the evaluator's
// score and deviation text, weights, not applicable and not started, grades, published figures.
// Every expected number is worked out by hand from docs/rules.md (the arithmetic is in the
// comments), never copied from the engine's output.
#include <doctest/doctest.h>

#include <optional>
#include <string>
#include <vector>

#include "scoring/score.h"
#include "tests/scoring/score_fixture.h"

namespace jixiao {
namespace {

using namespace jixiao::score_testing;

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
