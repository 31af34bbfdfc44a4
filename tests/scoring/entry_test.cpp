// Tests of scoring/entry.h: the one check of an actual against its indicator, on both sides of
// each boundary of its rule (a bare number that is plain or ambiguous, a fraction read under a
// policy, text against a quantity, an absurd completion) and the policy's `entry:` fields.
// Expected readings and ratios are worked out by hand in the comments.
#include "scoring/entry.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "indicators/value.h"
#include "scoring/policy.h"

namespace jixiao {
namespace {

Value ParseOrDie(std::string_view text) {
  ParseResult r = ParseValue(text);
  REQUIRE_MESSAGE(r.value.has_value(), "cannot parse '" << std::string(text) << "': " << r.error);
  return *r.value;
}

// An indicator as the loader makes it: the target parsed and resolved in its context.
Indicator MakeIndicator(const std::string& name, std::string_view target) {
  Indicator ind;
  ind.name = name;
  ind.key = "产出指标/数量指标/" + name;
  ind.target = ParseOrDie(target);
  ImplyContext ctx;
  ctx.rate_name = IsRateName(name);
  ResolveImplied(ind.target, ctx);
  ind.loc = SourceLoc{"p.yaml", 20, 9};
  return ind;
}

const SourceLoc kWhere{"p.yaml", 21, 15};

Policy WithFractions() {
  Policy p;
  p.entry_fraction_as_percent = true;
  return p;
}

// Where each expected piece of text sits in a message (npos if absent).
std::size_t At(const std::string& message, const std::string& piece) { return message.find(piece); }

struct Row {
  std::string what;
  std::string name;                       // the indicator's name
  std::string target;                     // as written
  std::string actual;                     // as typed
  bool fractions = false;                 // policy entry.fraction_as_percent
  std::string code;                       // "" when accepted without a problem
  std::vector<std::string> says{};        // in the message, in this order
  std::vector<std::string> never_says{};  // not in the message
};

void CheckRow(const Row& row) {
  CAPTURE(row.what);
  const Indicator ind = MakeIndicator(row.name, row.target);
  const EntryCheck c =
      CheckActual(ind, row.actual, row.fractions ? WithFractions() : Policy{}, kWhere);
  if (row.code.empty()) {
    CHECK(c.ok());
    CHECK(c.problems.empty());
    return;
  }
  CHECK(c.ok() == !HasErrors(c.problems));
  auto it = std::find_if(c.problems.begin(), c.problems.end(),
                         [&](const Diagnostic& d) { return d.code == row.code; });
  REQUIRE_MESSAGE(it != c.problems.end(), "no " << row.code << " among " << c.problems.size());
  const Diagnostic& d = *it;
  CAPTURE(d.message);
  CHECK(d.loc.line == kWhere.line);
  CHECK(d.loc.column == kWhere.column);
  std::size_t from = 0;
  for (const auto& piece : row.says) {
    CAPTURE(piece);
    const std::size_t at = d.message.find(piece, from);
    CHECK(at != std::string::npos);
    if (at != std::string::npos) from = at + piece.size();
  }
  for (const auto& piece : row.never_says) {
    CAPTURE(piece);
    CHECK(At(d.message, piece) == std::string::npos);
  }
}

TEST_CASE("entry: a bare number is plain in a plain unit and a question in % or with 万") {
  const std::vector<Row> rows = {
      // The scenarios. 0.95 as a fraction is 95% (95/95 = 100% of the target), as
      // written it is 0.95% (0.95/95 = 1%): the fraction is nearer the target, so named first.
      {"0.95 against ≥95%",
       "服务对象满意度",
       "≥95%",
       "0.95",
       false,
       "bare-number-ambiguous",
       {"'0.95'", "'≥95%' is in %: write ", "'95%' (0.95 as a fraction, 100% of the target)",
        "or '0.95%' (1% of the target)"}},
      // 42800人 = 4.28万人 (4.28/4 = 107%); 42800万人 is 42800/4 = 10700 × = 1070000%.
      {"42800 against ≥4万人",
       "受益人数",
       "≥4万人",
       "42800",
       false,
       "bare-number-ambiguous",
       {"'≥4万人' is in 万人, a unit with a magnitude: write ",
        "'42800人' (= 4.28万人, 107% of the target)", "or '42800万人' (1070000% of the target)"}},
      // 49900元 = 4.99万元 (4.99/5 = 99.8%); 49900万元 is 9980 × the ceiling.
      {"49900 against ≤5万元",
       "工作站运转邮电成本",
       "≤5万元",
       "49900",
       false,
       "bare-number-ambiguous",
       {"'49900元' (= 4.99万元, 99.8% of the target)", "or '49900万元' (998000% of the target)"}},
      // A bare 1 for a rate target read as 100% (ResolveImplied): 1 is 100% or 1%.
      {"1 against a rate's bare 1 (=100%)",
       "业务受理及时率",
       "1",
       "1",
       false,
       "bare-number-ambiguous",
       {"'100%' (1 as a fraction, 100% of the target)", "or '1%'"}},
      {"1 against ≥95%",
       "服务对象满意度",
       "≥95%",
       "1",
       false,
       "bare-number-ambiguous",
       {"'100%' (1 as a fraction, 105.26% of the target)", "or '1%' (1.05% of the target)"}},
      // Over 1, no fraction reading: 95 is 95% (9500% is not offered).
      {"95 against ≥95%",
       "服务对象满意度",
       "≥95%",
       "95",
       false,
       "bare-number-ambiguous",
       {"write '95%' (100% of the target)"},
       {"9500", " or "}},
      {"3.6 against ≤5万元/年",
       "成本",
       "≤5万元/年",
       "3.6",
       false,
       "bare-number-ambiguous",
       {"'3.6万元/年' (72% of the target)", "or '3.6元/年' (= 0.00036万元/年"}},
      {"0.5 against ≤1‰",
       "差错率",
       "≤1‰",
       "0.5",
       false,
       "bare-number-ambiguous",
       {"'0.5‰' (50% of the target)", "or '500‰' (0.5 as a fraction, 50000% of the target)"}},
      // A two-character magnitude: 2百万元 is 2/3 = 66.67% of the target; 2元 = 0.000002百万元.
      {"2 against ≤3百万元",
       "成本",
       "≤3百万元",
       "2",
       false,
       "bare-number-ambiguous",
       {"'2百万元' (66.67% of the target)", "or '2元' (= 0.000002百万元"}},
      // The plain side: no magnitude, not a ratio.
      {"20 against =20项", "共下放医保经办事项", "=20项", "20", false, ""},
      {"25 against ≤30分钟", "办理时长", "≤30分钟", "25", false, ""},
      {"680 against =670元/人、年", "补助标准", "=670元/人、年", "680", false, ""},
      {"0.97 against a unitless ≥0.9", "综合指数", "≥0.9", "0.97", false, ""},
      {"1 against a unitless rate target ≥0.9", "达标率", "≥0.9", "1", false, ""},
      // A bare 0 is 0 in every unit.
      {"0 against ≥95%", "服务对象满意度", "≥95%", "0", false, ""},
      {"0 against ≤5万元", "成本", "≤5万元", "0", false, ""},
      // With a unit, nothing to ask.
      {"95% against ≥95%", "服务对象满意度", "≥95%", "95%", false, ""},
      {"4.28万人 against ≥4万人", "受益人数", "≥4万人", "4.28万人", false, ""},
      {"42800人 against ≥4万人", "受益人数", "≥4万人", "42800人", false, ""},
      {"36000元 against ≤5万元", "成本", "≤5万元", "36000元", false, ""},
      {"3.6万元 against ≤5万元/年", "成本", "≤5万元/年", "3.6万元", false, ""},
      {"3人 against ≤5万元",
       "成本",
       "≤5万元",
       "3人",
       false,
       "unit-mismatch",
       {"'3人'", "'≤5万元'", "write it in the target's unit (万元)"}},
  };
  for (const Row& row : rows) CheckRow(row);
}

TEST_CASE("entry: a policy that reads fractions as percent says so each time") {
  const std::vector<Row> rows = {
      {"0.95 against ≥95%",
       "服务对象满意度",
       "≥95%",
       "0.95",
       true,
       "fraction-read-as-percent",
       {"'0.95'", "read as 95%", "'≥95%'", "entry.fraction_as_percent", "write '95%'"}},
      {"1 against ≥95%",
       "服务对象满意度",
       "≥95%",
       "1",
       true,
       "fraction-read-as-percent",
       {"read as 100%"}},
      // Outside (0, 1]: still a question.
      {"1.2 against ≥95%",
       "服务对象满意度",
       "≥95%",
       "1.2",
       true,
       "bare-number-ambiguous",
       {"'1.2%'"}},
      // Only a percent target: 万 and ‰ stay questions.
      {"0.95 against ≥4万人", "受益人数", "≥4万人", "0.95", true, "bare-number-ambiguous", {}},
      {"0.5 against ≤1‰", "差错率", "≤1‰", "0.5", true, "bare-number-ambiguous", {}},
      // The reading is then checked like any value: 0.005 → 0.5%, 0.5/95 = 0.53% of the target.
      {"0.005 against ≥95%",
       "服务对象满意度",
       "≥95%",
       "0.005",
       true,
       "completion-absurd",
       {"under 1/100", "B/A = 0.5%/95% = 0.53%"}},
  };
  for (const Row& row : rows) CheckRow(row);

  const Indicator ind = MakeIndicator("服务对象满意度", "≥95%");
  const EntryCheck c = CheckActual(ind, "0.95", WithFractions(), kWhere);
  REQUIRE(c.ok());
  CHECK(c.value->number == doctest::Approx(95));
  CHECK(c.value->unit.symbol == "%");
  CHECK(c.value->text == "0.95");  // kept as typed
  REQUIRE(c.problems.size() == 1);
  CHECK(c.problems[0].severity == Severity::kWarning);
}

TEST_CASE("entry: text against a quantity is refused with what to write") {
  const std::vector<Row> rows = {
      {"已完成 against ≥95%",
       "服务对象满意度",
       "≥95%",
       "已完成",
       false,
       "actual-not-a-quantity",
       {"'已完成'", "is text", "'≥95%'", "number with the target's unit (%)", "judgement"}},
      {"约96% against ≥95%",
       "服务对象满意度",
       "≥95%",
       "约96%",
       false,
       "actual-not-a-quantity",
       {"'约96%'", "such as '96%'"}},
      {"基本完成 against =20项",
       "共下放医保经办事项",
       "=20项",
       "基本完成",
       false,
       "actual-not-a-quantity",
       {"(项)"},
       {"such as"}},
      // A qualitative target takes text, and a number.
      {"显著提高 against 显著提高", "方便群众", "显著提高", "显著提高", false, ""},
      {"98% against 显著提高", "方便群众", "显著提高", "98%", false, ""},
      {"≈95% cannot be read", "服务对象满意度", "≥95%", "≈95%", false, "bad-value", {"'≈95%'"}},
  };
  for (const Row& row : rows) CheckRow(row);

  // Text with the evaluator's judgement is scored by the judgement's band: accepted.
  const Indicator ind = MakeIndicator("服务对象满意度", "≥95%");
  CHECK(CheckActual(ind, "已完成", Policy{}, kWhere, Judgement::kAchieved).ok());
  CHECK_FALSE(CheckActual(ind, "已完成", Policy{}, kWhere, Judgement::kNone).ok());
}

TEST_CASE("entry: an absurd completion is refused with its ratio; 0 is never absurd") {
  const std::vector<Row> rows = {
      // 400/4 = 100 × : at the limit, accepted; 401/4 = 100.25 × : refused.
      {"400万人 against ≥4万人 (100×)", "受益人数", "≥4万人", "400万人", false, ""},
      {"401万人 against ≥4万人",
       "受益人数",
       "≥4万人",
       "401万人",
       false,
       "completion-absurd",
       {"'401万人'", "over 100 ×", "B/A = 401万人/4万人 = 10025%"}},
      // 0.04/4 = 1/100: accepted; 0.039/4 = 0.975%: refused.
      {"0.04万人 against ≥4万人 (1/100)", "受益人数", "≥4万人", "0.04万人", false, ""},
      {"0.039万人 against ≥4万人",
       "受益人数",
       "≥4万人",
       "0.039万人",
       false,
       "completion-absurd",
       {"under 1/100 of", "B/A = 0.039万人/4万人 = "}},
      // The 0.95% against ≥95%: 0.95/95 = exactly 1/100, accepted (and scored 0.1 of 10).
      {"0.95% against ≥95%", "服务对象满意度", "≥95%", "0.95%", false, ""},
      {"0.9% against ≥95%",
       "服务对象满意度",
       "≥95%",
       "0.9%",
       false,
       "completion-absurd",
       {"B/A = 0.9%/95% = 0.95%"}},
      // Converted first: 4280000人 = 428万人, 428/4 = 107 ×.
      {"4280000人 against ≥4万人",
       "受益人数",
       "≥4万人",
       "4280000人",
       false,
       "completion-absurd",
       {"B/A = 428万人/4万人 = 10700%"}},
      // A ceiling: far under it is what it allows; far over it is absurd (501/5 = 100.2 ×).
      {"0.001万元 against ≤5万元", "成本", "≤5万元", "0.001万元", false, ""},
      {"501万元 against ≤5万元",
       "成本",
       "≤5万元",
       "501万元",
       false,
       "completion-absurd",
       {"over 100 ×"}},
      {"500万元 against ≤5万元", "成本", "≤5万元", "500万元", false, ""},
      // = targets are checked both ways (1/100 of 20项 is 0.2项).
      {"0.1项 against =20项", "事项", "=20项", "0.1项", false, "completion-absurd", {}},
      // 0: a 0 actual is an outcome, a 0 target has no ratio.
      {"0万人 against ≥4万人", "受益人数", "≥4万人", "0万人", false, ""},
      {"5起 against =0起", "事故", "=0起", "5起", false, ""},
      {"5 against a bare 0", "事故", "0", "5", false, ""},
  };
  for (const Row& row : rows) CheckRow(row);

  Policy strict;
  strict.entry_absurd_ratio = 10;
  const Indicator ind = MakeIndicator("受益人数", "≥4万人");
  // 40/4 = 10 ×: accepted; 50/4 = 12.5 ×: refused under a limit of 10.
  CHECK(CheckActual(ind, "40万人", strict, kWhere).ok());
  const EntryCheck c = CheckActual(ind, "50万人", strict, kWhere);
  REQUIRE_FALSE(c.ok());
  CHECK(c.problems.at(0).message.find("over 10 ×") != std::string::npos);
  CHECK(c.problems.at(0).message.find("= 1250%") != std::string::npos);
}

TEST_CASE("entry: CheckResults checks every actual and applies the policy's readings") {
  Project project;
  project.indicators = {MakeIndicator("服务对象满意度", "≥95%"),
                        MakeIndicator("受益人数", "≥4万人"),
                        MakeIndicator("共下放医保经办事项", "=20项")};
  Results results;
  auto enter = [&](const Indicator& ind, std::string_view text, int line) {
    Actual a;
    a.value = ParseOrDie(text);
    a.loc = SourceLoc{"p.yaml", line, 15};
    results.actuals[ind.key] = a;
  };
  enter(project.indicators[0], "0.95", 10);
  enter(project.indicators[1], "42800", 11);
  enter(project.indicators[2], "20", 12);

  SUBCASE("default policy: both bare numbers refused, nothing changed") {
    Results r = results;
    const EntryReview review = CheckResults(project, r, Policy{});
    CHECK(review.refused ==
          std::set<std::string>{project.indicators[0].key, project.indicators[1].key});
    REQUIRE(review.findings.size() == 2);
    CHECK(review.findings[0].loc.line == 10);  // in the project's order
    CHECK(review.findings[1].loc.line == 11);
    CHECK(r.actuals.at(project.indicators[0].key).value->number == doctest::Approx(0.95));
  }
  SUBCASE("fractions as percent: 0.95 becomes 95% with a warning, 42800 still refused") {
    Results r = results;
    const EntryReview review = CheckResults(project, r, WithFractions());
    CHECK(review.refused == std::set<std::string>{project.indicators[1].key});
    REQUIRE(review.findings.size() == 2);
    CHECK(review.findings[0].code == "fraction-read-as-percent");
    CHECK(review.findings[0].severity == Severity::kWarning);
    const Value& v = *r.actuals.at(project.indicators[0].key).value;
    CHECK(v.number == doctest::Approx(95));
    CHECK(v.unit.symbol == "%");
  }
}

TEST_CASE("entry: the policy's entry fields") {
  const std::string head =
      "name: t\ncaps: {成本指标: 20, 产出指标: 40, 效益指标: 20, 满意度指标: 10}\n";
  SUBCASE("defaults") {
    const PolicyResult r = ParsePolicy(head, "t.yaml");
    REQUIRE(r.policy);
    CHECK_FALSE(r.policy->entry_fraction_as_percent);
    CHECK(r.policy->entry_absurd_ratio == 100);
    CHECK_FALSE(EntryOptionsOf(*r.policy).fraction_as_percent);
  }
  SUBCASE("set") {
    const PolicyResult r =
        ParsePolicy(head + "entry:\n  fraction_as_percent: true\n  absurd_ratio: 50\n", "t.yaml");
    REQUIRE(r.policy);
    CHECK(r.policy->entry_fraction_as_percent);
    CHECK(EntryOptionsOf(*r.policy).absurd_ratio == 50);
  }
  struct Bad {
    std::string yaml;
    std::string code;
    int line;
  };
  for (const Bad& b :
       std::vector<Bad>{{"entry:\n  fraction_as_percent: yes please\n", "bad-enum", 4},
                        {"entry:\n  absurd_ratio: 1\n", "bad-number", 4},
                        {"entry:\n  absurd_ratio: 1e7\n", "bad-number", 4},
                        {"entry:\n  fractions: true\n", "unknown-key", 4}}) {
    CAPTURE(b.yaml);
    const PolicyResult r = ParsePolicy(head + b.yaml, "t.yaml");
    CHECK_FALSE(r.policy);
    REQUIRE_FALSE(r.diagnostics.empty());
    CHECK(r.diagnostics[0].code == b.code);
    CHECK(r.diagnostics[0].loc.line == b.line);
  }
}

}  // namespace
}  // namespace jixiao
