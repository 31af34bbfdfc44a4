// Tests of scoring/policy.h: ParsePolicy on the shipped policy texts and on every kind of bad
// policy (each error with its file:line:column), and RoundTo. Expected values are taken from
// docs/rules.md (§2–§6) and the policy files, worked out by hand.
#include "scoring/policy.h"

#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace jixiao {
namespace {

// config/policies/shandong.yaml, as shipped (the scoring_tests binary has no source dir to read
// it from).
constexpr const char* kShandong = R"yaml(# Scoring policy: 山东 (the default)
name: shandong
title: 山东省项目支出绩效自评（成本20/产出40/效益20/满意度10）

execution:
  weight: 10              # 预算执行率 分值
  denominator: annual     # annual: 全年预算数 (A) | initial: 年初预算数
  rounding: exact         # exact: to `decimals` | floor: whole points down | nearest: whole points
  explain_below: 0.90     # an execution rate under this needs an explanation (finding)

caps:                     # 一级指标 caps; with the execution weight they add up to 100
  成本指标: 20
  产出指标: 40
  效益指标: 20
  满意度指标: 10

reverse_rule: linear      # ≤ targets missed: linear 1 − (B − A)/A (floored at 0) | ratio A/B

qualitative_bands:        # percent of the weight, [low, high]
  达成: [80, 100]
  部分达成: [60, 80]
  未达成: [0, 60]

grades:                   # lowest total of each grade; below the last: 差
  优: 90
  良: 80
  中: 60

decimals: 2               # scores and rates are rounded to this many decimals

thresholds:
  over_achievement: 1.2            # actual ≥ 1.2 × a positive target: target probably too low
  completion_ahead_of_execution: 5 # points by which indicator completion may lead budget execution
)yaml";

// config/policies/national-2020.yaml, as shipped.
constexpr const char* kNational2020 = R"yaml(# Scoring policy: national-2020
name: national-2020
title: 全国项目支出绩效评价（产出50/效益30/满意度10）

execution:
  weight: 10
  denominator: annual
  rounding: exact
  explain_below: 0.90

caps:
  产出指标: 50
  效益指标: 30
  满意度指标: 10

reverse_rule: linear

qualitative_bands:
  达成: [80, 100]
  部分达成: [60, 80]
  未达成: [0, 60]

grades:
  优: 90
  良: 80
  中: 60

decimals: 2

thresholds:
  over_achievement: 1.2
  completion_ahead_of_execution: 5
)yaml";

// The smallest valid policy: the caps (lines 1–5), everything else by default.
constexpr const char* kCaps =
    "caps:\n"
    "  成本指标: 20\n"
    "  产出指标: 40\n"
    "  效益指标: 20\n"
    "  满意度指标: 10\n";

const char* const kFile = "policies/test.yaml";

std::string Dump(const Diagnostics& ds) {
  std::string out;
  for (const auto& d : ds) out += d.str() + "\n";
  return out;
}

const Diagnostic* FindCode(const Diagnostics& ds, const std::string& code) {
  for (const auto& d : ds)
    if (d.code == code) return &d;
  return nullptr;
}

TEST_CASE("policy: the shipped shandong policy parses with its values") {
  const PolicyResult r = ParsePolicy(kShandong, "config/policies/shandong.yaml");
  INFO(Dump(r.diagnostics));
  CHECK(r.diagnostics.empty());
  REQUIRE(r.policy.has_value());
  const Policy& p = *r.policy;
  CHECK(p.name == "shandong");
  CHECK(p.title == "山东省项目支出绩效自评（成本20/产出40/效益20/满意度10）");
  CHECK(p.execution_weight == 10);
  CHECK(p.denominator == ExecutionDenominator::kAnnual);
  CHECK(p.execution_rounding == ExecutionRounding::kExact);
  CHECK(p.explain_execution_below == doctest::Approx(0.90));
  CHECK(p.caps.size() == 4);
  CHECK(p.caps.at(Level1::kCost) == 20);
  CHECK(p.caps.at(Level1::kOutput) == 40);
  CHECK(p.caps.at(Level1::kEffect) == 20);
  CHECK(p.caps.at(Level1::kSatisfaction) == 10);
  CHECK(p.reverse_rule == ReverseRule::kLinear);
  CHECK(p.achieved.low == 80);
  CHECK(p.achieved.high == 100);
  CHECK(p.partly_achieved.low == 60);
  CHECK(p.partly_achieved.high == 80);
  CHECK(p.not_achieved.low == 0);
  CHECK(p.not_achieved.high == 60);
  CHECK(p.grade_excellent == 90);
  CHECK(p.grade_good == 80);
  CHECK(p.grade_pass == 60);
  CHECK(p.decimals == 2);
  CHECK(p.over_achievement == doctest::Approx(1.2));
  CHECK(p.completion_ahead_of_execution == 5);
  // BandOf maps each judgement to its band.
  CHECK(&p.BandOf(Judgement::kAchieved) == &p.achieved);
  CHECK(&p.BandOf(Judgement::kPartlyAchieved) == &p.partly_achieved);
  CHECK(&p.BandOf(Judgement::kNotAchieved) == &p.not_achieved);
}

TEST_CASE("policy: the shipped national-2020 policy parses, with no 成本 一级") {
  const PolicyResult r = ParsePolicy(kNational2020, "config/policies/national-2020.yaml");
  INFO(Dump(r.diagnostics));
  CHECK(r.diagnostics.empty());
  REQUIRE(r.policy.has_value());
  const Policy& p = *r.policy;
  CHECK(p.name == "national-2020");
  CHECK(p.execution_weight == 10);
  CHECK(p.caps.size() == 3);
  CHECK(p.caps.count(Level1::kCost) == 0);
  CHECK(p.caps.at(Level1::kOutput) == 50);
  CHECK(p.caps.at(Level1::kEffect) == 30);
  CHECK(p.caps.at(Level1::kSatisfaction) == 10);
  CHECK(p.grade_excellent == 90);
  CHECK(p.decimals == 2);
}

TEST_CASE("policy: a policy with only caps takes the defaults") {
  const PolicyResult r = ParsePolicy(kCaps, kFile);
  INFO(Dump(r.diagnostics));
  CHECK(r.diagnostics.empty());
  REQUIRE(r.policy.has_value());
  const Policy& p = *r.policy;
  const Policy d;
  CHECK(p.execution_weight == d.execution_weight);
  CHECK(p.denominator == d.denominator);
  CHECK(p.execution_rounding == d.execution_rounding);
  CHECK(p.reverse_rule == d.reverse_rule);
  CHECK(p.grade_excellent == d.grade_excellent);
  CHECK(p.grade_good == d.grade_good);
  CHECK(p.grade_pass == d.grade_pass);
  CHECK(p.decimals == d.decimals);
  CHECK(p.caps == d.caps);
}

TEST_CASE("policy: the provincial settings are read") {
  // One provincial configuration (docs/rules.md §3): execution 20, 产出 40, 效益 and 满意度
  // 40 together, bands 100–80 / 80–50 / 50–0; grades 80/70/60 (§5); whole-point rounding (§6).
  const std::string text =
      "name: province\n"
      "execution:\n"
      "  weight: 20\n"
      "  denominator: initial\n"
      "  rounding: floor\n"
      "  explain_below: 0.85\n"
      "caps:\n"
      "  产出: 40\n"  // short spellings of the 一级 are accepted
      "  效益指标: 30\n"
      "  满意度指标: 10\n"
      "reverse_rule: ratio\n"
      "qualitative_bands:\n"
      "  达成: [80, 100]\n"
      "  部分达成: [50, 80]\n"
      "  未达成: [0, 50]\n"
      "grades:\n"
      "  优: 80\n"
      "  良: 70\n"
      "  中: 60\n"
      "decimals: 1\n"
      "thresholds:\n"
      "  over_achievement: 1.3\n"
      "  completion_ahead_of_execution: 10\n";
  const PolicyResult r = ParsePolicy(text, kFile);
  INFO(Dump(r.diagnostics));
  CHECK(r.diagnostics.empty());
  REQUIRE(r.policy.has_value());
  const Policy& p = *r.policy;
  CHECK(p.name == "province");
  CHECK(p.execution_weight == 20);
  CHECK(p.denominator == ExecutionDenominator::kInitial);
  CHECK(p.execution_rounding == ExecutionRounding::kFloor);
  CHECK(p.explain_execution_below == doctest::Approx(0.85));
  CHECK(p.caps.size() == 3);
  CHECK(p.caps.at(Level1::kOutput) == 40);
  CHECK(p.reverse_rule == ReverseRule::kRatio);
  CHECK(p.partly_achieved.low == 50);
  CHECK(p.partly_achieved.high == 80);
  CHECK(p.not_achieved.high == 50);
  CHECK(p.grade_excellent == 80);
  CHECK(p.grade_good == 70);
  CHECK(p.grade_pass == 60);
  CHECK(p.decimals == 1);
  CHECK(p.over_achievement == doctest::Approx(1.3));
  CHECK(p.completion_ahead_of_execution == 10);

  SUBCASE("rounding: nearest") {
    const PolicyResult n =
        ParsePolicy(std::string(kCaps) + "execution:\n  rounding: nearest\n", kFile);
    REQUIRE(n.policy.has_value());
    CHECK(n.policy->execution_rounding == ExecutionRounding::kNearest);
  }
  SUBCASE("rounding: exact") {
    const PolicyResult n =
        ParsePolicy(std::string(kCaps) + "execution:\n  rounding: exact\n", kFile);
    REQUIRE(n.policy.has_value());
    CHECK(n.policy->execution_rounding == ExecutionRounding::kExact);
  }
}

// One bad policy: its text, the error code and where it must point.
struct BadPolicy {
  const char* name;
  std::string text;
  const char* code;
  int line;
  int column;
};

TEST_CASE("policy: every error is reported with its code and file:line:column") {
  const std::vector<BadPolicy> cases = {
      // 10 + 20 + 40 + 20 + 20 = 110: the caps and the execution weight must add up to 100 (§3).
      {"caps and execution weight add up to 110",
       "caps:\n"
       "  成本指标: 20\n"
       "  产出指标: 40\n"
       "  效益指标: 20\n"
       "  满意度指标: 20\n",
       "caps-sum", 1, 1},
      // 20 + 20 + 40 + 20 + 10 = 110, through the execution weight.
      {"execution weight 20 with the shandong caps",
       std::string("execution:\n  weight: 20\n") + kCaps, "caps-sum", 1, 1},
      // 10 + 40 + 20 + 10 = 80: a 一级 left out.
      {"caps add up to 80",
       "caps:\n"
       "  产出指标: 40\n"
       "  效益指标: 20\n"
       "  满意度指标: 10\n",
       "caps-sum", 1, 1},
      {"unknown 一级 in caps",
       "caps:\n"
       "  成本指标: 20\n"
       "  管理指标: 40\n"  // line 3, key at column 3
       "  效益指标: 20\n"
       "  满意度指标: 10\n",
       "unknown-level", 3, 3},
      {"band low above high",
       std::string(kCaps) + "qualitative_bands:\n"  // line 6
                            "  部分达成:\n"         // line 7
                            "    - 80\n"            // line 8: the sequence starts at column 5
                            "    - 60\n",
       "bad-band", 8, 5},
      {"unknown reverse_rule", std::string(kCaps) + "reverse_rule: bogus\n", "bad-enum", 6, 15},
      {"unknown execution rounding",
       std::string(kCaps) + "execution:\n"
                            "  rounding: up\n",  // line 7, value at column 13
       "bad-enum", 7, 13},
      {"unknown denominator",
       std::string(kCaps) + "execution:\n"
                            "  denominator: adjusted\n",  // line 7, value at column 16
       "bad-enum", 7, 16},
      {"unknown top-level key", std::string(kCaps) + "colour: red\n", "unknown-key", 6, 1},
      {"unknown key inside execution",
       std::string(kCaps) + "execution:\n"
                            "  wieght: 10\n",
       "unknown-key", 7, 3},
      {"unknown qualitative band",
       std::string(kCaps) + "qualitative_bands:\n"
                            "  基本达成: [60, 80]\n",
       "unknown-key", 7, 3},
      {"duplicate top-level key",
       std::string(kCaps) + "decimals: 2\n"
                            "decimals: 1\n",  // line 7
       "duplicate-key", 7, 1},
      {"the same cap under two spellings",
       std::string(kCaps) + "  成本: 20\n",  // line 6: 成本 is 成本指标
       "duplicate-key", 6, 3},
      {"grades not descending",
       std::string(kCaps) + "grades:\n"
                            "  优: 70\n"
                            "  良: 80\n"
                            "  中: 60\n",
       "bad-grades", 1, 1},
      {"grade 中 above 良",
       std::string(kCaps) + "grades:\n"
                            "  优: 90\n"
                            "  良: 60\n"
                            "  中: 70\n",
       "bad-grades", 1, 1},
      {"band above 100%",
       std::string(kCaps) + "qualitative_bands:\n"
                            "  达成:\n"
                            "    - 80\n"
                            "    - 120\n",  // line 9, the value at column 7
       "bad-number", 9, 7},
      {"no caps at all", "name: empty\n", "missing-field", 1, 1},
  };
  for (const auto& c : cases) {
    SUBCASE(c.name) {
      const PolicyResult r = ParsePolicy(c.text, kFile);
      INFO(Dump(r.diagnostics));
      CHECK_FALSE(r.policy.has_value());
      CHECK(HasErrors(r.diagnostics));
      const Diagnostic* d = FindCode(r.diagnostics, c.code);
      REQUIRE_MESSAGE(d != nullptr, "expected a diagnostic " << c.code);
      CHECK(d->severity == Severity::kError);
      CHECK(d->loc.file == kFile);
      CHECK(d->loc.line == c.line);
      CHECK(d->loc.column == c.column);
      CHECK(d->loc.str() ==
            std::string(kFile) + ":" + std::to_string(c.line) + ":" + std::to_string(c.column));
      CHECK_FALSE(d->message.empty());
    }
  }
}

TEST_CASE("policy: error messages name the offending values") {
  SUBCASE("caps-sum gives the sum") {
    const PolicyResult r = ParsePolicy(std::string("execution:\n  weight: 20\n") + kCaps, kFile);
    const Diagnostic* d = FindCode(r.diagnostics, "caps-sum");
    REQUIRE(d != nullptr);
    CHECK(d->message.find("110") != std::string::npos);
  }
  SUBCASE("unknown-level names the level") {
    const PolicyResult r = ParsePolicy(
        "caps:\n  成本指标: 20\n  管理指标: 40\n  效益指标: 20\n  满意度指标: 10\n", kFile);
    const Diagnostic* d = FindCode(r.diagnostics, "unknown-level");
    REQUIRE(d != nullptr);
    CHECK(d->message.find("管理指标") != std::string::npos);
  }
  SUBCASE("bad-enum names the value") {
    const PolicyResult r = ParsePolicy(std::string(kCaps) + "reverse_rule: bogus\n", kFile);
    const Diagnostic* d = FindCode(r.diagnostics, "bad-enum");
    REQUIRE(d != nullptr);
    CHECK(d->message.find("bogus") != std::string::npos);
    CHECK(d->str().rfind("policies/test.yaml:6:15: error: ", 0) == 0);
    CHECK(d->str().find("[bad-enum]") != std::string::npos);
  }
  SUBCASE("unknown-key names the key") {
    const PolicyResult r = ParsePolicy(std::string(kCaps) + "colour: red\n", kFile);
    const Diagnostic* d = FindCode(r.diagnostics, "unknown-key");
    REQUIRE(d != nullptr);
    CHECK(d->message.find("colour") != std::string::npos);
  }
}

TEST_CASE("policy: a YAML syntax error is reported with its location") {
  // Line 3 opens a flow sequence that is never closed.
  const std::string text =
      "name: broken\n"
      "caps:\n"
      "  成本指标: [20\n";
  const PolicyResult r = ParsePolicy(text, kFile);
  INFO(Dump(r.diagnostics));
  CHECK_FALSE(r.policy.has_value());
  const Diagnostic* d = FindCode(r.diagnostics, "yaml-syntax");
  REQUIRE(d != nullptr);
  CHECK(d->severity == Severity::kError);
  CHECK(d->loc.file == kFile);
  CHECK(d->loc.line >= 3);  // the parser stops at or after the unclosed bracket
  CHECK(d->loc.column >= 1);

  SUBCASE("a key indented less than its siblings, at line 3 column 2") {
    const PolicyResult t = ParsePolicy(
        "caps:\n"
        "  产出指标: 90\n"
        " 成本指标: 0\n",
        kFile);
    INFO(Dump(t.diagnostics));
    CHECK_FALSE(t.policy.has_value());
    const Diagnostic* e = FindCode(t.diagnostics, "yaml-syntax");
    REQUIRE(e != nullptr);
    CHECK(e->loc.line == 3);
    CHECK(e->loc.column == 2);
    CHECK(e->str().rfind("policies/test.yaml:3:2: error: ", 0) == 0);
  }
  SUBCASE("a tab in the indentation") {
    const PolicyResult t = ParsePolicy("caps:\n\t成本指标: 20\n", kFile);
    INFO(Dump(t.diagnostics));
    CHECK_FALSE(t.policy.has_value());
    const Diagnostic* e = FindCode(t.diagnostics, "yaml-syntax");
    REQUIRE(e != nullptr);
    CHECK(e->loc.line == 2);
  }
}

TEST_CASE("policy: every problem of a file is reported, not only the first") {
  const std::string text = std::string(kCaps) +
                           "reverse_rule: bogus\n"  // line 6
                           "colour: red\n"          // line 7
                           "qualitative_bands:\n"   // line 8
                           "  未达成: [60, 0]\n";   // line 9
  const PolicyResult r = ParsePolicy(text, kFile);
  INFO(Dump(r.diagnostics));
  CHECK_FALSE(r.policy.has_value());
  const Diagnostic* e = FindCode(r.diagnostics, "bad-enum");
  const Diagnostic* k = FindCode(r.diagnostics, "unknown-key");
  const Diagnostic* b = FindCode(r.diagnostics, "bad-band");
  REQUIRE(e != nullptr);
  REQUIRE(k != nullptr);
  REQUIRE(b != nullptr);
  CHECK(e->loc.line == 6);
  CHECK(k->loc.line == 7);
  CHECK(b->loc.line == 9);
}

// RoundTo: half away from zero, robust to binary representation (docs/rules.md §6).
struct RoundCase {
  double x;
  int decimals;
  double expected;
};

TEST_CASE("policy: RoundTo rounds half away from zero") {
  const std::vector<RoundCase> cases = {
      {7.625, 2, 7.63},      // 11.44/15 × 10 = 7.6266…; the half itself rounds up
      {7.6266667, 2, 7.63},  // seed 004: 76.27% → 7.63
      {1.142857, 2, 1.14},   // seed 004: 5.6/49 × 10
      {0.3791, 2, 0.38},     // seed 004: 19.15/505.12 × 10 to two decimals
      {0.379, 1, 0.4},       // … and as published, to one decimal
      {0.160823, 2, 0.16},   // 8.44/524.8 × 10
      {0.160823, 1, 0.2},    // … as published
      {7.996, 2, 8},         // 19.99/25 × 10
      {90.155, 2, 90.16},    // a half (stored as 90.15499…) goes up
      {1.005, 2, 1.01},      // stored as 1.00499…
      {2.675, 2, 2.68},      // stored as 2.67499…
      {0.125, 2, 0.13},      // exactly representable half
      {0.004, 2, 0},
      {0.005, 2, 0.01},
      {9.5, 0, 10},  // whole points: the half goes up
      {8.62, 0, 9},  // 86.2% → 9 (§6)
      {8.49, 0, 8},
      {2.5, 0, 3},
      {84.4444, 2, 84.44},
      {100, 2, 100},
      {0, 2, 0},
      {0, 0, 0},
      {-7.625, 2, -7.63},  // negative: away from zero
      {-1.142857, 2, -1.14},
      {-0.005, 2, -0.01},
      {-2.5, 0, -3},
      {-0.379, 1, -0.4},
      {-0.004, 2, 0},
      {12.3456789, 4, 12.3457},
      {12.3456789, 6, 12.345679},
  };
  for (const auto& c : cases) {
    CAPTURE(c.x);
    CAPTURE(c.decimals);
    CHECK(RoundTo(c.x, c.decimals) == doctest::Approx(c.expected).epsilon(1e-12));
  }
}

TEST_CASE("policy: severities set a finding code's severity, only for codes that may change") {
  SUBCASE("default: none, each code keeps the catalogue's") {
    const PolicyResult r = ParsePolicy("caps: {产出指标: 90}\n", "p.yaml");
    REQUIRE(r.policy.has_value());
    CHECK(r.policy->severities.empty());
  }
  SUBCASE("given") {
    const PolicyResult r = ParsePolicy(
        "caps: {产出指标: 90}\nseverities:\n  deviation-reason-missing: error\n"
        "  over-achievement: info\n",
        "p.yaml");
    INFO(Dump(r.diagnostics));
    REQUIRE(r.policy.has_value());
    CHECK(r.policy->severities.at("deviation-reason-missing") == Severity::kError);
    CHECK(r.policy->severities.at("over-achievement") == Severity::kInfo);
  }
  struct Bad {
    const char* line;
    const char* code;
    const char* says;
  };
  const std::vector<Bad> bad = {
      {"  deviation-reason-mising: error", "unknown-code", "not a finding code"},
      {"  missing-actual: warning", "fixed-severity", "cannot be changed"},
      {"  over-achievement: fatal", "bad-enum", "info, warning or error"},
  };
  for (const Bad& b : bad) {
    SUBCASE(b.code) {
      const PolicyResult r =
          ParsePolicy(std::string("caps: {产出指标: 90}\nseverities:\n") + b.line + "\n", "p.yaml");
      CHECK(!r.policy.has_value());
      const Diagnostic* d = FindCode(r.diagnostics, b.code);
      REQUIRE_MESSAGE(d != nullptr, Dump(r.diagnostics));
      CHECK(d->loc.line == 3);
      CHECK_MESSAGE(d->message.find(b.says) != std::string::npos, d->message);
    }
  }
}

// Audit threshold (scoring/audit.h): thresholds.budget_change, the in-year budget change
// |全年预算数 − 年初预算数| / 年初预算数 above which an explanation is needed.
TEST_CASE("policy: thresholds.budget_change is read, defaults to 0.20 and is checked") {
  SUBCASE("default") {
    const PolicyResult r = ParsePolicy("caps: {产出指标: 90}\n", "p.yaml");
    REQUIRE(r.policy.has_value());
    CHECK(r.policy->budget_change == doctest::Approx(0.20));
  }
  SUBCASE("given") {
    const PolicyResult r =
        ParsePolicy("caps: {产出指标: 90}\nthresholds:\n  budget_change: 0.35\n", "p.yaml");
    INFO(Dump(r.diagnostics));
    REQUIRE(r.policy.has_value());
    CHECK(r.policy->budget_change == doctest::Approx(0.35));
    CHECK(r.policy->completion_ahead_of_execution == 5);  // the others keep their defaults
  }
  SUBCASE("negative: an error at its location") {
    const PolicyResult r =
        ParsePolicy("caps: {产出指标: 90}\nthresholds:\n  budget_change: -0.1\n", "p.yaml");
    CHECK(!r.policy.has_value());
    const Diagnostic* d = FindCode(r.diagnostics, "bad-number");
    REQUIRE(d != nullptr);
    CHECK(d->loc.line == 3);
  }
#ifdef JIXIAO_SOURCE_DIR
  SUBCASE("the shipped policy files set it to 0.2") {
    for (const char* name : {"shandong", "national-2020"}) {
      const std::string path =
          std::string(JIXIAO_SOURCE_DIR) + "/config/policies/" + name + ".yaml";
      std::ifstream in(path);
      REQUIRE_MESSAGE(in.good(), path);
      std::ostringstream text;
      text << in.rdbuf();
      const PolicyResult r = ParsePolicy(text.str(), path);
      INFO(Dump(r.diagnostics));
      REQUIRE(r.policy.has_value());
      CHECK(r.policy->budget_change == doctest::Approx(0.2));
      CHECK(r.policy->completion_ahead_of_execution == 5);
      CHECK(r.policy->over_achievement == doctest::Approx(1.2));
    }
  }
#endif
}

}  // namespace
}  // namespace jixiao
