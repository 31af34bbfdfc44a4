// scoring/score.h — self-evaluation scores by the rules of docs/rules.md, as pure functions.
//
//   total = execution score + Σ indicator scores          (0 … 100, rescaled if some are N/A)
//   execution score = min(B/A, 1) × execution weight      (rounded per policy)
//   indicator score = min(r, 1) × weight                  (r by the target's direction)
//
// ScoreProject never reads files, never guesses: an indicator it cannot score (no actual, units
// that do not convert, a text actual with no judgement) is an error finding and the project has
// no total. Every score carries the formula that produced it; every published figure that
// differs from the rule's result is a finding naming both numbers.
#ifndef JIXIAO_SCORING_SCORE_H_
#define JIXIAO_SCORING_SCORE_H_

#include <optional>
#include <string>
#include <vector>

#include "indicators/diagnostics.h"
#include "indicators/project.h"
#include "scoring/policy.h"

namespace jixiao {

// A finding is a diagnostic about a project: code, severity, message, where.
using Finding = Diagnostic;

struct ExecutionScore {
  bool known = false;   // 全年执行数 entered
  double budget = 0;    // the denominator (全年预算数 A by default), 万元
  double executed = 0;  // B, 万元
  double rate = 0;      // B/A as a fraction, unrounded
  double weight = 0;
  double score = 0;     // rounded per policy
  std::string formula;  // "5.6/49 = 11.43% × 10 = 1.14"
};

struct IndicatorScore {
  const Indicator* indicator = nullptr;  // into the scored Project
  const Actual* actual = nullptr;        // into the Results; null when none was entered
  double weight = 0;                     // effective weight (given, or shared from the cap)
  bool weight_shared = false;            // the weight was not written but shared from the cap
  Direction direction = Direction::kEqual;
  std::optional<double> completion;  // r before the cap at 1 (fraction); none if unscored
  double score = 0;                  // rounded to policy decimals
  bool scored = false;               // false: an error prevented scoring
  std::string formula;               // "3.6万元 ≤ 5万元 → 15", "18/20 = 90% × 5 = 4.5"
};

struct ProjectScore {
  const Project* project = nullptr;
  std::string policy;
  ExecutionScore execution;
  std::vector<IndicatorScore> indicators;  // in the project's order
  bool not_started = false;                // 项目暂未开展
  bool scored = false;                     // false when any error finding prevents a total
  double total = 0;                        // rounded to policy decimals
  std::string grade;                       // 优 良 中 差, or 项目暂未开展
  std::vector<Finding> findings;           // errors, warnings and notes, in order found
};

enum class Purpose {
  kCheck,  // validity only: a target table with no results yet is fine; review findings
           // (over-achievement, values on a strict bound, published figures) are left out
  kScore,  // results are required; every finding is reported
};

struct ScoreOptions {
  Purpose purpose = Purpose::kScore;  // what the score is for (above)
  // Write each score's formula (ExecutionScore::formula, IndicatorScore::formula). Off, they may
  // be left empty and nothing else changes: every figure and finding is the same (a finding
  // that quotes a formula has it: such a project is scored again with them). For what prints
  // totals only, as the 汇总表: the texts were three quarters of the scorer's instructions.
  bool formulas = true;
};

// Scores one project under `policy`. `published` may be empty.
ProjectScore ScoreProject(const Project& project, const Results& results,
                          const Published& published, const Policy& policy,
                          const ScoreOptions& options);
ProjectScore ScoreProject(const Project& project, const Results& results,
                          const Published& published, const Policy& policy,
                          Purpose purpose = Purpose::kScore);

// The grade of a total under a policy: 优, 良, 中 or 差.
std::string GradeOf(double total, const Policy& policy);

}  // namespace jixiao

#endif  // JIXIAO_SCORING_SCORE_H_
