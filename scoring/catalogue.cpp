// The catalogue of finding codes (sorted, searched by binary search) and the one severity of a
// finding under a policy.
#include "scoring/catalogue.h"

#include <algorithm>

#include "indicators/i18n.h"

namespace jixiao {
namespace {

// Sources: the section of docs/rules.md that states the rule (and names its public source).
constexpr std::string_view kSrcNational = N_("docs/rules.md §4 (财预〔2020〕10号)");
constexpr std::string_view kSrcDeviation =
    N_("docs/rules.md §4 (deviation reasons: the 自评表's 偏差原因分析及改进措施)");
constexpr std::string_view kSrcSichuan =
    N_("docs/rules.md §2 (execution under 90% needs an explanation)");
constexpr std::string_view kSrcProvincial5 = N_("docs/rules.md §7 (completion ahead of execution)");
constexpr std::string_view kSrcOver = N_("docs/rules.md §4 (over-achievement; 财预〔2020〕10号)");
constexpr std::string_view kSrcRounding = N_("docs/rules.md §6 (rounding), §1 (the total)");
constexpr std::string_view kSrcWeights = N_("docs/rules.md §3 (caps)");
constexpr std::string_view kSrcLayout = N_("docs/rules.md §3 (the 一级 layout)");
constexpr std::string_view kSrcBounds = N_("docs/rules.md §4 (> and < scored as ≥ and ≤)");
constexpr std::string_view kSrcRules = N_("docs/rules.md §4 (indicator scores)");
constexpr std::string_view kSrcQualitative =
    N_("docs/rules.md §4 (qualitative bands; 财预〔2020〕10号)");
constexpr std::string_view kSrcNotStarted = N_("docs/rules.md §1 (项目暂未开展: 0)");
constexpr std::string_view kSrcReview = N_("docs/rules.md §7 (jixiao's own review rule)");
constexpr std::string_view kSrcOperators = N_("docs/rules.md §4 (targets without an operator)");
constexpr std::string_view kSrcSources = N_("docs/rules.md §10 (fund-source rows)");
constexpr std::string_view kSrcHistory =
    N_("docs/rules.md §9 (the audit trail), §7 (review rules)");
constexpr std::string_view kSrcSignoff =
    N_("docs/rules.md §9 (changes after sign-off; jixiao's own rule)");

// Sorted by code (FindAuditRule searches it by binary search).
constexpr AuditRule kCatalogue[] = {
    {"actual-has-operator", Severity::kWarning, kInputCheckSource,
     N_("An actual value (实际完成值) repeats the target's operator (≥266米): it was read as the "
        "number."),
     N_("Enter the value achieved, without the operator.")},
    {"actual-not-a-quantity", Severity::kError, kSrcRules,
     N_("The target is a quantity but the actual is text: the indicator cannot be scored by "
        "formula."),
     N_("Enter the number achieved, or a judgement (达成/部分达成/未达成) with a score.")},
    {"all-excellent", Severity::kWarning, kSrcReview,
     N_("Every graded project of the unit is graded 优: self-scores that never fall below 90 are "
        "the "
        "pattern reviewers look at first."),
     N_("Sample the projects with the weakest evidence (execution, qualitative full marks) and "
        "check "
        "that their totals hold.")},
    {"all-not-applicable", Severity::kError, kSrcRules,
     N_("Every indicator is marked not applicable: there is nothing to score."),
     N_("Mark the indicators that were assessed as applicable.")},
    {"ambiguous-target", Severity::kWarning, kInputCheckSource,
     N_("A target was read by guess (a bare 1 for a rate read as 100%)."),
     N_("Write the operator and the unit in the target (=100%).")},
    {"budget-change-unexplained", Severity::kWarning, kSrcReview,
     N_("全年预算数 differs from 年初预算数 by more than the policy's threshold "
        "(thresholds.budget_change) and budget.change_explanation is empty: a large in-year "
        "adjustment changes the execution rate's denominator and the meaning of the targets."),
     N_("Explain the adjustment in budget.change_explanation (`jixiao budget set PROJECT "
        "--change-explanation TEXT`), and check that the targets were revised with the budget.")},
    {"budget-sources-mismatch", Severity::kWarning, kSrcSources,
     N_("The fund-source rows of the budget (其中：当年财政拨款, 上年结转资金, 其他资金 …) do not "
        "add "
        "up to the total (年度资金总额) in a column (年初预算数, 全年预算数 or 全年执行数): the "
        "printed 自评表 contradicts itself."),
     N_("Enter each source's figure (`jixiao budget set PROJECT --source NAME --executed N`, or "
        "budget.sources in the definition) so that the rows add up to the total; a project with "
        "one "
        "source takes the total's figures.")},
    {"completion-ahead-of-execution", Severity::kWarning, kSrcProvincial5,
     N_("Indicator completion (the weighted average of the indicators' completion rates, each "
        "capped "
        "at 100%, in points) runs ahead of budget execution (B/A, in points) by more than the "
        "policy's threshold (thresholds.completion_ahead_of_execution): outputs reported as "
        "delivered "
        "with money not spent."),
     N_("Check the evidence for the outputs: were they delivered, paid from another budget, or "
        "reported before they happened? Lower the scores with a reason if they do not hold.")},
    {"cost-target-over-budget", Severity::kWarning, kSrcReview,
     N_("A cost target (成本指标, an amount of money for the project or per year) is larger than "
        "the "
        "project's 全年预算数, or the project's cost targets together are: the target cannot "
        "constrain anything."),
     N_("Set the cost targets from the budget's breakdown.")},
    {"definitions-reloaded-after-submit", Severity::kWarning, kSrcSignoff,
     N_("The project's definitions (indicators, targets, weights) were loaded again after it was "
        "signed off (已提交): what was approved is no longer what is scored. The reload carries "
        "the "
        "reason its author gave."),
     N_("Compare the definition versions (jixiao history PROJECT), check the reason, and have the "
        "sign-off repeated if the new definitions stand.")},
    {"deviation", Severity::kInfo, kSrcDeviation,
     N_("An indicator scored below its weight (a deviation, 偏差), with its stated reason."),
     N_("Check that the reason explains the shortfall and the remedy is credible.")},
    {"deviation-reason-missing", Severity::kWarning, kSrcDeviation,
     N_("An indicator scored below its weight has no 偏差原因分析及改进措施 (reason). A warning by "
        "default; a policy that requires the reason before sign-off makes it an error "
        "(severities)."),
     N_("Write the reason for the shortfall and the remedy (reason: …).")},
    {"duplicate-indicator", Severity::kError, kInputCheckSource,
     N_("The same 三级 indicator appears twice under one 二级: its weight and score count twice."),
     N_("Delete the repeated row; see duplicate-indicator-total for what it does to the total.")},
    {"duplicate-indicator-total", Severity::kWarning, kSrcWeights,
     N_("What a repeated indicator row does to the weights and the total: both totals, counted "
        "twice "
        "and counted once, against the published total."),
     N_("Delete the repeated row and republish the score counted once.")},
    {"effect-only-qualitative", Severity::kInfo, kSrcReview,
     N_("Every 效益指标 target of the project is qualitative text (显著提升, 有效促进 …): the "
        "effect "
        "cannot be measured, only asserted."),
     N_("Add at least one measurable effect indicator (a rate, a number of people, a time).")},
    {"execution-unexplained", Severity::kWarning, kSrcSichuan,
     N_("Budget execution (B/A) is under the policy's explain_below (90%) and budget.explanation "
        "is "
        "empty."),
     N_("Explain why the money was not spent in budget.explanation.")},
    {"history-after-signoff", Severity::kWarning, kSrcHistory,
     N_("A result was changed after the project was signed off (已提交). The change carries the "
        "reason its author gave; the score may no longer be the one that was approved."),
     N_("Check the reason against the evidence and have the sign-off repeated if the change "
        "stands.")},
    {"history-manager-unknown", Severity::kInfo, kSrcHistory,
     N_("The project names no manager (项目负责人), so who may enter its results cannot be "
        "checked."),
     N_("Add `manager:` to the project's definition and load it again.")},
    {"history-many-changes", Severity::kWarning, kSrcHistory,
     N_("One result was changed more often after its first entry than the policy allows "
        "(thresholds.value_changes): repeated edits of the same figure are worth a look."),
     N_("Read the sequence of values in the history and ask which one the evidence supports.")},
    {"history-no-reason", Severity::kWarning, kSrcHistory,
     N_("After sign-off (已提交), an entered value was replaced by a different one and no reason "
        "was "
        "recorded (a store written by an older jixiao: today such a change is refused)."),
     N_("Ask the author why, and record corrections with --reason.")},
    {"history-not-manager", Severity::kWarning, kSrcHistory,
     N_("Results were entered by someone other than the project's manager (项目负责人)."),
     N_("Confirm that the author was entitled to enter them (a delegate, the finance office), or "
        "have "
        "the manager confirm the values.")},
    {"history-replaced-before-signoff", Severity::kInfo, kSrcHistory,
     N_("Before sign-off, an entered value was replaced by a different one without a reason: a "
        "routine correction while the figures were being filled in."),
     N_("Nothing, as a rule; read the history if the replaced value matters.")},
    {"inconsistent-targets", Severity::kInfo, kSrcReview,
     N_("The same indicator name has different targets across the unit's projects."),
     N_("Check that the difference is intended (different projects, different standards) and not a "
        "copy error.")},
    {"judgement-ignored", Severity::kWarning, kSrcRules,
     N_("A judgement was given for a quantity, which is scored by its formula."),
     N_("Remove the judgement, or lower the score with a reason.")},
    {"judgement-needs-score", Severity::kError, kSrcQualitative,
     N_("A qualitative indicator judged 部分达成 or 未达成 has no score inside its band."),
     N_("Give the score (score: …) inside the band.")},
    {"level1-empty", Severity::kWarning, kSrcLayout,
     N_("The project has no indicator under a 一级 the policy gives points to (no cost indicator, "
        "no "
        "satisfaction indicator): those points cannot be earned."),
     N_("Set at least one indicator under that 一级.")},
    {"level1-not-in-policy", Severity::kError, kSrcWeights,
     N_("An indicator sits under a 一级 the project's policy has no cap for."),
     N_("Move it, or use the policy that has that 一级.")},
    {"lowered-without-reason", Severity::kError, kSrcOver,
     N_("The evaluator lowered an indicator's score below the rule's without a reason."),
     N_("Give the reason (reason: …).")},
    {"missing-actual", Severity::kError, kSrcRules, N_("An indicator has no actual value."),
     N_("Enter the actual value (实际完成值).")},
    {"missing-executed", Severity::kError, kSrcRules,
     N_("No 全年执行数 (budget.executed) was entered."), N_("Enter the money spent.")},
    {"missing-field", Severity::kError, kInputCheckSource, N_("A required field is missing."),
     N_("Add it (see config/example.yaml).")},
    {"needs-judgement", Severity::kError, kSrcQualitative,
     N_("A qualitative actual does not state the target: the evaluator must judge it."),
     N_("Give a judgement (达成/部分达成/未达成) and, below 达成's top, a score.")},
    {"no-results", Severity::kInfo, kSrcRules,
     N_("The project is a target table (no results yet): only target-setting rules apply."),
     N_("Nothing, at budget time. Enter the results after the year to audit them.")},
    {"no-weight-left", Severity::kError, kSrcWeights,
     N_("The written weights use up a 一级's cap, leaving nothing for the indicators without one."),
     N_("Write every weight, adding up to the cap.")},
    {"on-bound", Severity::kInfo, kSrcBounds,
     N_("An actual equals the bound of a strict target (> or <): strictly it is not met."),
     N_("Check whether the target meant ≥ / ≤; lower the score with a reason if not.")},
    {"over-achievement", Severity::kWarning, kSrcOver,
     N_("An actual is at or above the policy's over_achievement multiple (1.2) of a positive "
        "target: "
        "the target was probably set too low."),
     N_("Lower the score with a reason if the target was too low, and set the next year's target "
        "from this year's actual.")},
    {"over-execution", Severity::kWarning, kSrcRules, N_("全年执行数 exceeds 全年预算数."),
     N_("Check the figures; the execution score is capped at its weight.")},
    {"percent-over-100", Severity::kWarning, kSrcRules, N_("A percentage actual is over 100%."),
     N_("Check the value.")},
    {"project-not-started", Severity::kInfo, kSrcNotStarted,
     N_("The project is marked 项目暂未开展: it scores 0 and its indicators are not reviewed one "
        "by "
        "one."),
     N_("Check the reason it did not start and what happens to its budget.")},
    {"published-execution-differs", Severity::kWarning, kSrcRounding,
     N_("The published execution score differs from the rule's (B/A × weight, rounded per "
        "policy)."),
     N_("Correct the published figure, or state the rounding the publisher used.")},
    {"published-grade-differs", Severity::kWarning, kSrcRounding,
     N_("The published grade differs from the grade of the rule's total."),
     N_("Correct the published grade.")},
    {"published-score-differs", Severity::kWarning, kSrcRounding,
     N_("A published indicator score differs from the rule's."),
     N_("Correct the published score, or lower the rule's score with a reason.")},
    {"published-total-differs", Severity::kWarning, kSrcRounding,
     N_("The published total differs from the rule's total (execution score + Σ indicator "
        "scores)."),
     N_("Correct the published total; check how the execution score was rounded.")},
    {"qualitative-full-without-evidence", Severity::kWarning, kSrcReview,
     N_("A qualitative indicator has full marks while its actual only repeats the target text (or "
        "there is only a judgement of 达成) and there is no reason or evidence text: nothing but "
        "the target restated supports the score."),
     N_("Ask for the facts behind the claim (what was done, measured how) and record them in the "
        "indicator's reason.")},
    {"score-above-rule", Severity::kError, kSrcRules,
     N_("An entered score is above the rule's score."),
     N_("Use the rule's score or below, with a reason.")},
    {"score-lowered", Severity::kInfo, kSrcOver,
     N_("The evaluator lowered an indicator's score below the rule's, with a reason."),
     N_("Check the reason.")},
    {"score-outside-band", Severity::kError, kSrcQualitative,
     N_("A qualitative score lies outside the band of its judgement."),
     N_("Give a score inside the band, or change the judgement.")},
    {"spent-but-not-started", Severity::kWarning, kSrcNotStarted,
     N_("The project is marked 项目暂未开展 but money was spent."),
     N_("Check the status and the figures.")},
    {"target-no-operator", Severity::kInfo, kSrcOperators,
     N_("A quantity target has no operator (100%, 7个工作日): its direction was read from "
        "context."),
     N_("Write the operator (=, ≥, ≤) in the target.")},
    {"text-target-with-number", Severity::kWarning, kInputCheckSource,
     N_("A target mixes a number with text: it is scored by judgement."),
     N_("Write it as a quantity (≤10个工作日) to score it by formula.")},
    {"unit-mismatch", Severity::kError, kSrcRules,
     N_("Actual and target are in units that cannot be compared."),
     N_("Enter the actual in the target's unit.")},
    {"weights-sum", Severity::kError, kSrcWeights,
     N_("The weights under a 一级 do not add up to its cap (all weights must add up to 100)."),
     N_("Correct the weights; look for a repeated or missing row.")},
    {"zero-budget", Severity::kError, kSrcRules, N_("全年预算数 is 0: execution is undefined."),
     N_("Enter the budget.")},
};

}  // namespace

std::span<const AuditRule> AuditCatalogue() { return kCatalogue; }

const AuditRule* FindAuditRule(std::string_view code) {
  auto it = std::lower_bound(std::begin(kCatalogue), std::end(kCatalogue), code,
                             [](const AuditRule& r, std::string_view c) { return r.code < c; });
  return it != std::end(kCatalogue) && it->code == code ? &*it : nullptr;
}

Severity FindingSeverity(const Policy& policy, std::string_view code, Severity otherwise) {
  if (auto it = policy.severities.find(code); it != policy.severities.end()) return it->second;
  const AuditRule* rule = FindAuditRule(code);
  return rule ? rule->severity : otherwise;
}

void ApplySeverities(const Policy& policy, Diagnostics& ds) {
  for (Diagnostic& d : ds) d.severity = FindingSeverity(policy, d.code, d.severity);
}

}  // namespace jixiao
