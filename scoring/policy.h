// scoring/policy.h — a scoring policy: the province-specific numbers of self-evaluation.
//
// Every cap, the execution weight and its rounding, the reverse rule, the qualitative bands, the
// grade thresholds and the review thresholds are policy values (docs/rules.md §2–§6), never
// constants in code. Policies are written in YAML (config/policies/*.yaml); ParsePolicy reads
// such a text (the caller reads the file) and reports every problem with its location.
#ifndef JIXIAO_SCORING_POLICY_H_
#define JIXIAO_SCORING_POLICY_H_

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "indicators/diagnostics.h"
#include "indicators/project.h"

namespace jixiao {

enum class ReverseRule {
  kLinear,  // missed ≤ target: r = 1 − (B − A)/A, floored at 0 (0 at B = 2A)
  kRatio,   // missed ≤ target: r = A / B
};

enum class ExecutionRounding {
  kExact,    // rounded to Policy::decimals (76.27% × 10 = 7.63)
  kFloor,    // whole points, down (97.81% → 9)
  kNearest,  // whole points, to nearest (86.2% → 9)
};

enum class ExecutionDenominator {
  kAnnual,   // 全年预算数 (A), the 自评表's own denominator
  kInitial,  // 年初预算数
};

struct Band {
  double low = 0;  // percent of the weight
  double high = 0;
};

struct Policy {
  std::string name = "shandong";
  std::string title;
  double execution_weight = 10;  // 预算执行率 分值
  ExecutionDenominator denominator = ExecutionDenominator::kAnnual;
  ExecutionRounding execution_rounding = ExecutionRounding::kExact;
  double explain_execution_below = 0.90;  // execution under this needs an explanation
  std::map<Level1, double> caps{{Level1::kCost, 20},
                                {Level1::kOutput, 40},
                                {Level1::kEffect, 20},
                                {Level1::kSatisfaction, 10}};
  ReverseRule reverse_rule = ReverseRule::kLinear;
  Band achieved{80, 100};                    // 达成
  Band partly_achieved{60, 80};              // 部分达成
  Band not_achieved{0, 60};                  // 未达成
  double grade_excellent = 90;               // 优 from
  double grade_good = 80;                    // 良 from
  double grade_pass = 60;                    // 中 from; below: 差
  int decimals = 2;                          // scores and rates
  double over_achievement = 1.2;             // actual ≥ this × a positive target is flagged
  double completion_ahead_of_execution = 5;  // points
  // An in-year budget change |全年预算数 − 年初预算数| / 年初预算数 above this fraction needs an
  // explanation (audit finding budget-change-unexplained). Not from a published source: a review
  // default that flags seed 004's 1540 → 505.12 (−67%) and leaves ordinary adjustments alone.
  double budget_change = 0.20;
  // A result (one indicator's actual, score, reason …) changed more often than this after its
  // first entry is flagged for review (audit finding history-many-changes). Not from a published
  // source: a review default; the entries of a normal year are one value and perhaps a correction.
  int value_changes = 3;
  // Entry of actual values (scoring/entry.h, YAML `entry:`). fraction_as_percent: a bare fraction
  // in (0, 1] against a percent target is read as that percentage (0.95 → 95%), each time with a
  // warning; false (the default): it is refused as ambiguous, with the readings to choose from.
  bool entry_fraction_as_percent = false;
  // absurd_ratio: an actual over this many times its target, or under 1/this of it, is refused
  // at entry, with the ratio shown. Default 100.
  double entry_absurd_ratio = 100;
  // severities: the severity of a finding code in this policy's projects, everywhere it is
  // reported (score, check, audit, JSON; YAML `severities: {deviation-reason-missing: error}`).
  // Default: none, each code has its catalogue's severity (scoring/catalogue.h). A code whose
  // default is error (it stops the project from being scored) cannot be set.
  std::map<std::string, Severity, std::less<>> severities;

  const Band& BandOf(Judgement j) const;
};

struct PolicyResult {
  std::optional<Policy> policy;  // set unless diagnostics hold an error
  Diagnostics diagnostics;
};

// Parses a policy file's text; `filename` is used in locations only. Checks that the caps and the
// execution weight add up to 100, that the bands lie within 0–100 and the grades descend.
PolicyResult ParsePolicy(std::string_view text, const std::string& filename);

// Rounds half away from zero to `decimals`, robust to binary representation (7.625 → 7.63).
double RoundTo(double x, int decimals);

}  // namespace jixiao

#endif  // JIXIAO_SCORING_POLICY_H_
