#include "scoring/score.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>

#include "indicators/i18n.h"
#include "indicators/value.h"
#include "scoring/catalogue.h"

namespace jixiao {
namespace {

constexpr double kEps = 1e-9;

std::string Pct(double fraction, int decimals) {
  return FormatNumber(RoundTo(fraction * 100, decimals), decimals) + "%";
}

std::string Num(double x, int decimals) { return FormatNumber(RoundTo(x, decimals), decimals); }

class Scorer {
 public:
  Scorer(const Project& p, const Results& r, const Published& pub, const Policy& pol,
         const ScoreOptions& o)
      : project_(p),
        results_(r),
        published_(pub),
        policy_(pol),
        purpose_(o.purpose),
        formulas_(o.formulas) {}

  // Without formulas, a finding that quotes one could not be written: the project is to be
  // scored again with them.
  bool needs_formulas() const { return needs_formulas_; }

  ProjectScore Run() {
    out_.project = &project_;
    out_.policy = policy_.name;
    out_.not_started = results_.status == Status::kNotStarted;
    has_results_ = results_.executed.has_value() || !results_.actuals.empty() || out_.not_started;
    if (!has_results_) {
      if (purpose_ == Purpose::kScore) {
        Add(Severity::kError, "no-results", project_.loc,
            TrF("project '{}' has no results (no executed budget, no actual values): it is a "
                "target table and cannot be scored yet",
                project_.name));
      }
    }
    ResolveWeights();
    ScoreExecution();
    CheckFundSources();
    for (auto& s : out_.indicators) ScoreIndicator(s);
    Total();
    if (purpose_ == Purpose::kScore) ComparePublished();
    return std::move(out_);
  }

 private:
  // `sev` as the rule states it: an error leaves the project without a total, whatever severity
  // the policy reports the finding with (FindingSeverity: the policy's, else the catalogue's).
  void Add(Severity sev, std::string code, const SourceLoc& loc, std::string msg) {
    if (sev == Severity::kError) blocked_ = true;
    const Severity shown = FindingSeverity(policy_, code, sev);
    out_.findings.push_back(Finding{shown, std::move(code), loc, std::move(msg)});
  }

  int Dec() const { return policy_.decimals; }

  // Weights: written ones are checked against the 一级 cap; missing ones share what is left.
  void ResolveWeights() {
    // By 一级, in Level1's order (no map: this runs for every project of a province).
    constexpr std::size_t kLevels = static_cast<std::size_t>(Level1::kSatisfaction) + 1;
    std::array<std::vector<std::size_t>, kLevels> by_level;
    out_.indicators.resize(project_.indicators.size());
    for (std::size_t i = 0; i < project_.indicators.size(); ++i) {
      const Indicator& ind = project_.indicators[i];
      out_.indicators[i].indicator = &ind;
      out_.indicators[i].actual = results_.Find(ind.key);
      out_.indicators[i].direction = DirectionOf(ind.target);
      by_level[static_cast<std::size_t>(ind.level1)].push_back(i);
    }
    for (const auto& [level, cap] : policy_.caps) {
      // A missing 一级 is a target-setting finding for review, not an invalid definition.
      if (purpose_ == Purpose::kScore && by_level[static_cast<std::size_t>(level)].empty() &&
          cap > 0) {
        Add(Severity::kWarning, "level1-empty", project_.loc,
            TrF("no {} indicator: its {} points (policy {}) cannot be earned", Level1Name(level),
                FormatNumber(cap), policy_.name));
      }
    }
    for (std::size_t l = 0; l < kLevels; ++l) {
      const auto level = static_cast<Level1>(l);
      const std::vector<std::size_t>& idx = by_level[l];
      if (idx.empty()) continue;
      auto cap_it = policy_.caps.find(level);
      const Indicator& first = project_.indicators[idx.front()];
      if (cap_it == policy_.caps.end()) {
        std::string levels;
        for (const auto& [l, c] : policy_.caps)
          levels += (levels.empty() ? "" : ", ") + Level1Name(l);
        Add(Severity::kError, "level1-not-in-policy", first.loc,
            TrF("policy {} has no {} (its 一级 levels: {})", policy_.name, Level1Name(level),
                levels));
        continue;
      }
      const double cap = cap_it->second;
      double given = 0;
      std::vector<std::size_t> missing;
      for (std::size_t i : idx) {
        const auto& w = project_.indicators[i].weight;
        if (w) {
          given += *w;
          out_.indicators[i].weight = *w;
        } else {
          missing.push_back(i);
        }
      }
      if (missing.empty()) {
        if (std::fabs(given - cap) > 0.005) {
          Add(Severity::kError, "weights-sum", first.level1_loc,
              TrF("weights under {} add up to {}, but its cap is {} (policy {})", Level1Name(level),
                  Num(given, 4), FormatNumber(cap), policy_.name));
        }
        continue;
      }
      const double left = cap - given;
      if (left <= kEps) {
        Add(Severity::kError, "no-weight-left", project_.indicators[missing.front()].loc,
            TrF("{}: the written weights ({}) use up its cap of {}, leaving nothing for {} "
                "indicator(s) without a weight",
                Level1Name(level), Num(given, 4), FormatNumber(cap), missing.size()));
        continue;
      }
      // Shared equally, rounded to the policy's decimals; the last absorbs the remainder so that
      // the weights add up to the cap exactly, as a person filling the table would write them.
      const double share = RoundTo(left / missing.size(), Dec());
      double assigned = 0;
      for (std::size_t k = 0; k < missing.size(); ++k) {
        auto& s = out_.indicators[missing[k]];
        s.weight = k + 1 < missing.size() ? share : RoundTo(left - assigned, Dec());
        s.weight_shared = true;
        assigned += s.weight;
      }
    }
  }

  void ScoreExecution() {
    ExecutionScore& e = out_.execution;
    e.weight = policy_.execution_weight;
    const Budget& b = project_.budget;
    if (policy_.denominator == ExecutionDenominator::kInitial) {
      if (!b.initial) {
        Add(Severity::kError, "missing-field", b.loc,
            TrF("policy {} divides by 年初预算数 but budget.initial is missing", policy_.name));
        return;
      }
      e.budget = *b.initial;
    } else {
      e.budget = b.annual;
    }
    if (!results_.executed) {
      if (has_results_ && !out_.not_started) {
        Add(Severity::kError, "missing-executed", b.loc,
            Tr("no 全年执行数 (budget.executed) entered: the execution score cannot be computed"));
      }
      return;
    }
    e.executed = *results_.executed;
    e.known = true;
    if (e.budget <= 0) {
      Add(Severity::kError, "zero-budget",
          policy_.denominator == ExecutionDenominator::kInitial ? b.initial_loc : b.annual_loc,
          TrF("全年预算数 is 0: the execution rate {}/0 is undefined", Num(e.executed, 2)));
      e.known = false;
      return;
    }
    e.rate = e.executed / e.budget;
    const double raw = std::min(e.rate, 1.0) * e.weight;
    switch (policy_.execution_rounding) {
      case ExecutionRounding::kExact:
        e.score = RoundTo(raw, Dec());
        break;
      case ExecutionRounding::kFloor:
        e.score = std::floor(raw + kEps);
        break;
      case ExecutionRounding::kNearest:
        e.score = RoundTo(raw, 0);
        break;
    }
    if (formulas_) {
      e.formula = Num(e.executed, 4) + "/" + Num(e.budget, 4) + " = " + Pct(e.rate, Dec()) + " × " +
                  FormatNumber(e.weight) + " = " + Num(e.score, Dec());
    }
    if (out_.not_started) {
      e.score = 0;
      if (formulas_) e.formula += ", 项目暂未开展 → 0";
      return;
    }
    if (purpose_ == Purpose::kScore && e.rate < policy_.explain_execution_below - kEps &&
        results_.execution_explanation.empty()) {
      Add(Severity::kWarning, "execution-unexplained", results_.executed_loc,
          TrF("budget execution {} is under {} (policy {}): explain why in budget.explanation",
              Pct(e.rate, Dec()), Pct(policy_.explain_execution_below, 0), policy_.name));
    }
    if (e.rate > 1 + kEps) {
      Add(Severity::kWarning, "over-execution", results_.executed_loc,
          TrF("全年执行数 {} exceeds 全年预算数 {} ({}): the score is capped at the weight",
              Num(e.executed, 4), Num(e.budget, 4), Pct(e.rate, Dec())));
    }
  }

  // The fund-source rows (其中：当年财政拨款 …) of 年初预算数, 全年预算数 and 全年执行数 against
  // the total (年度资金总额), for each column where at least one source has a figure.
  void CheckFundSources() {
    const Budget& b = project_.budget;
    if (b.sources.empty()) return;
    struct Column {
      const char* name;
      std::optional<double> total;
      std::optional<double> (*of)(const FundSource&, const Results&);
    };
    const Column columns[] = {
        {"年初预算数", b.initial, [](const FundSource& s, const Results&) { return s.initial; }},
        {"全年预算数", b.annual, [](const FundSource& s, const Results&) { return s.annual; }},
        {"全年执行数", results_.executed,
         [](const FundSource& s, const Results& r) -> std::optional<double> {
           const auto it = r.source_executed.find(s.name);
           if (it == r.source_executed.end()) return std::nullopt;
           return it->second;
         }},
    };
    for (const Column& c : columns) {
      if (!c.total) continue;
      double sum = 0;
      bool any = false;
      for (const FundSource& s : b.sources) {
        const std::optional<double> v = c.of(s, results_);
        if (!v) continue;
        sum += *v;
        any = true;
      }
      if (!any || std::fabs(sum - *c.total) <= 0.005) continue;
      std::string terms;
      for (const FundSource& s : b.sources)
        if (const std::optional<double> v = c.of(s, results_))
          terms += (terms.empty() ? "" : " + ") + s.name + " " + Num(*v, 4);
      Add(Severity::kWarning, "budget-sources-mismatch", b.loc,
          TrF("{}: the fund-source rows add up to {}万元 ({}) but the total (年度资金总额) is "
              "{}万元: enter each source's figure (`jixiao budget set PROJECT --source NAME "
              "--executed N`, or budget.sources in the definition) so that they add up to the "
              "total",
              c.name, Num(sum, 4), terms, Num(*c.total, 4)));
    }
  }

  void ScoreIndicator(IndicatorScore& s) {
    const Indicator& ind = *s.indicator;
    if (!ind.applicable) {
      s.scored = true;
      if (formulas_) s.formula = Tr("不适用 (not applicable): left out, total rescaled");
      return;
    }
    if (out_.not_started) {
      s.scored = true;
      s.completion = 0;
      if (formulas_) s.formula = "项目暂未开展 → 0";
      return;
    }
    if (!s.actual || !s.actual->value) {
      if (s.actual && s.actual->judgement != Judgement::kNone) {
        ScoreByJudgement(s);
        if (s.scored) AfterScore(s);
        return;
      }
      if (has_results_) {
        Add(Severity::kError, "missing-actual", ind.loc,
            TrF("no actual value (实际完成值) for '{}'", ind.name));
      }
      return;
    }
    const Value& actual = *s.actual->value;
    if (ind.target.is_quantity() && actual.is_quantity()) {
      ScoreQuantity(s);
    } else if (!ind.target.is_quantity() && StatesTarget(ind.target, actual) &&
               s.actual->judgement == Judgement::kNone) {
      s.completion = 1;
      s.score = RoundTo(s.weight, Dec());
      s.scored = true;
      if (formulas_) {
        s.formula = TrF("实际完成值 states the target '{}' → 达成, 100% × {} = {}", ind.target.text,
                        Num(s.weight, Dec()), Num(s.score, Dec()));
      }
    } else if (s.actual->judgement != Judgement::kNone) {
      ScoreByJudgement(s);
    } else if (ind.target.is_quantity()) {
      Add(Severity::kError, "actual-not-a-quantity", s.actual->loc,
          TrF("actual '{}' is text but target '{}' is a quantity: enter a number, or a "
              "judgement (达成/部分达成/未达成) with a score",
              actual.text, ind.target.text));
    } else {
      Add(Severity::kError, "needs-judgement", s.actual->loc,
          TrF("actual '{}' does not state the target '{}': give a judgement (达成/部分达成/未达成) "
              "and, below 达成's top, a score",
              actual.text, ind.target.text));
    }
    if (s.scored) AfterScore(s);
  }

  void ScoreByJudgement(IndicatorScore& s) {
    const Indicator& ind = *s.indicator;
    const Actual& a = *s.actual;
    const Band& band = policy_.BandOf(a.judgement);
    const SourceLoc& where = a.score_loc.line > 0 ? a.score_loc : a.loc;
    const double lo = band.low / 100 * s.weight, hi = band.high / 100 * s.weight;
    const auto band_text = [&] {
      return TrF("{} ({}–{}% of {} = {}–{})", JudgementName(a.judgement), FormatNumber(band.low),
                 FormatNumber(band.high), Num(s.weight, Dec()), Num(lo, Dec()), Num(hi, Dec()));
    };
    double score = hi;
    if (a.score) {
      score = *a.score;
      if (score < lo - kEps || score > hi + kEps) {
        Add(Severity::kError, "score-outside-band", where,
            TrF("score {} of '{}' is outside the band {}", Num(score, Dec()), ind.name,
                band_text()));
        return;
      }
    } else if (a.judgement != Judgement::kAchieved) {
      Add(Severity::kError, "judgement-needs-score", where,
          TrF("'{}' is judged {}: give the score inside the band", ind.name, band_text()));
      return;
    }
    s.score = RoundTo(score, Dec());
    s.completion = s.weight > 0 ? score / s.weight : 1;
    s.scored = true;
    if (formulas_) s.formula = TrF("judgement {} → {}", band_text(), Num(s.score, Dec()));
  }

  void ScoreQuantity(IndicatorScore& s) {
    const Indicator& ind = *s.indicator;
    const Actual& act = *s.actual;
    const Value& t = ind.target;
    const Value& a = *act.value;
    const Conversion c = Convert(a.unit, t.unit);
    if (!c.ok) {
      Add(Severity::kError, "unit-mismatch", act.loc,
          TrF("actual '{}' cannot be compared with target '{}': {}", a.text, t.text, c.error));
      return;
    }
    const double A = t.number;
    const double B = a.number * c.factor;
    if (a.unit.symbol == "%" && a.number > 100 + kEps) {
      Add(Severity::kWarning, "percent-over-100", act.loc,
          TrF("actual '{}' of '{}' is a percentage over 100%: check it", a.text, ind.name));
    }
    const std::string& unit = t.unit.text;
    const auto As = [&] { return FormatNumber(A, 6) + unit; };
    // B in the actual's own words when no conversion was needed (3.6万元 against ≤5万元/年),
    // else in the target's unit with the conversion shown.
    const bool converted = std::fabs(c.factor - 1) > kEps;
    const auto Bs = [&] {
      return FormatNumber(B, 6) + (converted || a.unit.empty() ? unit : a.unit.text);
    };
    double r = 0;
    std::string how;  // with formulas only
    switch (s.direction) {
      case Direction::kPositive:
        if (A > 0) {
          r = B / A;
          if (formulas_)
            how = "B/A = " + FormatNumber(B, 6) + "/" + FormatNumber(A, 6) + " = " + Pct(r, Dec());
        } else {
          r = B >= A ? 1 : 0;
          if (formulas_) how = Bs() + (B >= A ? " ≥ " : " < ") + As();
        }
        if (purpose_ == Purpose::kScore && t.op == Operator::kGt &&
            std::fabs(B - A) <= kEps * std::max(1.0, std::fabs(A))) {
          Add(Severity::kInfo, "on-bound", act.loc,
              TrF("actual {} equals the bound of '{}': strictly not above it; scored as ≥ "
                  "(review)",
                  Bs(), t.text));
        }
        break;
      case Direction::kReverse:
        if (B <= A + kEps * std::max(1.0, std::fabs(A))) {
          r = 1;
          if (formulas_) how = Bs() + " ≤ " + As();
        } else if (A <= 0) {
          r = 0;
          if (formulas_) how = Bs() + " > " + As();
        } else if (policy_.reverse_rule == ReverseRule::kLinear) {
          r = std::max(0.0, 1 - (B - A) / A);
          if (formulas_) {
            how = "1 − (B − A)/A = 1 − (" + FormatNumber(B, 6) + " − " + FormatNumber(A, 6) + ")/" +
                  FormatNumber(A, 6) + " = " + Pct(r, Dec());
          }
        } else {
          r = A / B;
          if (formulas_)
            how = "A/B = " + FormatNumber(A, 6) + "/" + FormatNumber(B, 6) + " = " + Pct(r, Dec());
        }
        if (purpose_ == Purpose::kScore && t.op == Operator::kLt &&
            std::fabs(B - A) <= kEps * std::max(1.0, std::fabs(A))) {
          Add(Severity::kInfo, "on-bound", act.loc,
              TrF("actual {} equals the bound of '{}': strictly not below it; scored as ≤ "
                  "(review)",
                  Bs(), t.text));
        }
        break;
      case Direction::kEqual:
        if (std::fabs(A) <= kEps) {
          r = B <= kEps ? 1 : 0;
          if (formulas_) how = Bs() + (B <= kEps ? " = 0" : " > 0") + " (target 0)";
        } else {
          r = B / A;
          if (formulas_)
            how = "B/A = " + FormatNumber(B, 6) + "/" + FormatNumber(A, 6) + " = " + Pct(r, Dec());
        }
        break;
      case Direction::kQualitative:
        break;
    }
    s.completion = r;
    const double rule_score = RoundTo(std::min(std::max(r, 0.0), 1.0) * s.weight, Dec());
    s.score = rule_score;
    if (formulas_) {
      const std::string conversion = converted ? " (" + a.text + " = " + Bs() + ")" : "";
      s.formula = how + conversion + " → " + (r >= 1 ? "100%" : Pct(std::max(r, 0.0), Dec())) +
                  " × " + Num(s.weight, Dec()) + " = " + Num(rule_score, Dec());
    }
    s.scored = true;

    if (purpose_ == Purpose::kScore &&
        (s.direction == Direction::kPositive || s.direction == Direction::kEqual) && A > 0 &&
        B >= policy_.over_achievement * A - kEps) {
      Add(Severity::kWarning, "over-achievement", act.loc,
          TrF("'{}': actual {} is {} × the target {} (≥ {}): the target was probably set too low "
              "(按照偏离度适度调减: lower the score with a reason if so)",
              ind.name, Bs(), FormatNumber(B / A, 2), As(),
              FormatNumber(policy_.over_achievement)));
    }
    ApplyEvaluatorScore(s, rule_score);
  }

  // The evaluator may lower a rule score (over-achievement, quality doubts), with a reason, never
  // raise it; a judgement given with a quantity is ignored, and said so.
  void ApplyEvaluatorScore(IndicatorScore& s, double rule_score) {
    const Indicator& ind = *s.indicator;
    const Actual& act = *s.actual;
    if (act.score) {
      if (*act.score > rule_score + kEps) {
        if (!formulas_) QuoteFormulas();
        Add(Severity::kError, "score-above-rule", act.loc,
            TrF("score {} of '{}' is above the rule's {} ({})", Num(*act.score, Dec()), ind.name,
                Num(rule_score, Dec()), s.formula));
        s.scored = false;
        return;
      }
      if (*act.score < rule_score - kEps) {
        if (act.reason.empty()) {
          Add(Severity::kError, "lowered-without-reason", act.loc,
              TrF("score of '{}' lowered from {} to {} without a reason", ind.name,
                  Num(rule_score, Dec()), Num(*act.score, Dec())));
          s.scored = false;
          return;
        }
        s.score = RoundTo(*act.score, Dec());
        if (formulas_) s.formula += TrF(", lowered by the evaluator to {}", Num(s.score, Dec()));
        Add(Severity::kInfo, "score-lowered", act.loc,
            TrF("'{}' scored {} instead of the rule's {}: {}", ind.name, Num(s.score, Dec()),
                Num(rule_score, Dec()), act.reason));
      }
    }
    if (act.judgement != Judgement::kNone) {
      Add(Severity::kWarning, "judgement-ignored", act.loc,
          TrF("judgement {} of '{}' ignored: a quantity is scored by its formula",
              JudgementName(act.judgement), ind.name));
    }
  }

  // Checks common to every scored indicator.
  void AfterScore(const IndicatorScore& s) {
    if (s.score < s.weight - 0.005 && s.actual && s.actual->reason.empty()) {
      Add(Severity::kWarning, "deviation-reason-missing", s.indicator->loc,
          TrF("'{}' scored {} of {}: 偏差原因分析及改进措施 (reason) is required",
              s.indicator->name, Num(s.score, Dec()), Num(s.weight, Dec())));
    }
  }

  void Total() {
    bool ok = !blocked_;
    double sum = out_.execution.score;
    double na_weight = 0;
    for (const auto& s : out_.indicators) {
      if (!s.indicator->applicable) {
        na_weight += s.weight;
        continue;
      }
      ok = ok && s.scored;
      sum += s.score;
    }
    if (!ok || !out_.execution.known) {
      if (!out_.not_started) return;
    }
    if (out_.not_started) {
      out_.scored = !blocked_;
      out_.total = 0;
      out_.grade = "项目暂未开展";
      if (results_.executed && *results_.executed > 0) {
        Add(Severity::kWarning, "spent-but-not-started", results_.executed_loc,
            TrF("project is marked not started (项目暂未开展) but {}万元 was spent",
                Num(*results_.executed, 4)));
      }
      return;
    }
    if (na_weight > 0) {
      const double max = 100 - na_weight;
      if (max <= 0) {
        Add(Severity::kError, "all-not-applicable", project_.loc,
            Tr("every indicator is marked not applicable: nothing to score"));
        return;
      }
      sum = sum * 100 / max;
    }
    out_.total = RoundTo(sum, Dec());
    out_.grade = GradeOf(out_.total, policy_);
    out_.scored = true;
  }

  void ComparePublished() {
    const SourceLoc& loc = published_.loc;
    const ExecutionScore& e = out_.execution;
    if (published_.execution_score && e.known &&
        std::fabs(*published_.execution_score - e.score) > 0.005) {
      if (!formulas_) return QuoteFormulas();
      const double raw = std::min(e.rate, 1.0) * e.weight;
      std::string hint;
      if (std::fabs(RoundTo(raw, 1) - *published_.execution_score) < 0.005) {
        hint = Tr("; the published figure is rounded to one decimal");
      } else if (std::fabs(std::floor(raw) - *published_.execution_score) < 0.005) {
        hint = Tr("; the published figure is rounded down to whole points");
      } else if (std::fabs(RoundTo(raw, 0) - *published_.execution_score) < 0.005) {
        hint = Tr("; the published figure is rounded to whole points");
      }
      Add(Severity::kWarning, "published-execution-differs", loc,
          TrF("published execution score {} differs from the rule's {} ({})",
              Num(*published_.execution_score, Dec()), Num(e.score, Dec()), e.formula) +
              hint);
    }
    for (const auto& s : out_.indicators) {
      auto it = published_.indicator_scores.find(s.indicator->key);
      if (it == published_.indicator_scores.end() || !s.scored) continue;
      if (std::fabs(it->second - s.score) > 0.005) {
        if (!formulas_) return QuoteFormulas();
        Add(Severity::kWarning, "published-score-differs", s.indicator->loc,
            TrF("'{}': published score {} differs from the rule's {} ({})", s.indicator->name,
                Num(it->second, Dec()), Num(s.score, Dec()), s.formula));
      }
    }
    if (published_.total && out_.scored && std::fabs(*published_.total - out_.total) > 0.005) {
      if (!formulas_ && e.known) return QuoteFormulas();
      Add(Severity::kWarning, "published-total-differs", loc,
          TrF("published total {} differs from the rule's {} (execution {})",
              Num(*published_.total, Dec()), Num(out_.total, Dec()),
              e.known ? e.formula : std::string(Tr("unknown"))));
    }
    if (published_.grade && out_.scored && *published_.grade != out_.grade) {
      Add(Severity::kWarning, "published-grade-differs", loc,
          TrF("published grade {} differs from the rule's {} (total {})", *published_.grade,
              out_.grade, Num(out_.total, Dec())));
    }
  }

  // A finding is to quote a formula that was not written: the project is to be scored again
  // with them (ScoreProject).
  void QuoteFormulas() { needs_formulas_ = true; }

  const Project& project_;
  const Results& results_;
  const Published& published_;
  const Policy& policy_;
  const Purpose purpose_;
  const bool formulas_;
  bool needs_formulas_ = false;
  bool has_results_ = false;
  bool blocked_ = false;  // an error finding: no total
  ProjectScore out_;
};

}  // namespace

std::string GradeOf(double total, const Policy& policy) {
  if (total >= policy.grade_excellent - kEps) return "优";
  if (total >= policy.grade_good - kEps) return "良";
  if (total >= policy.grade_pass - kEps) return "中";
  return "差";
}

ProjectScore ScoreProject(const Project& project, const Results& results,
                          const Published& published, const Policy& policy,
                          const ScoreOptions& options) {
  Scorer scorer(project, results, published, policy, options);
  ProjectScore out = scorer.Run();
  if (!scorer.needs_formulas()) return out;
  ScoreOptions with = options;
  with.formulas = true;
  return Scorer(project, results, published, policy, with).Run();
}

ProjectScore ScoreProject(const Project& project, const Results& results,
                          const Published& published, const Policy& policy, Purpose purpose) {
  return ScoreProject(project, results, published, policy, ScoreOptions{purpose});
}

}  // namespace jixiao
