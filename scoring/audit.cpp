#include "scoring/audit.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "indicators/i18n.h"
#include "indicators/value.h"

namespace jixiao {
namespace {

constexpr double kEps = 1e-9;

std::string Num(double x, int decimals = 2) { return FormatNumber(RoundTo(x, decimals), decimals); }

bool SameLoc(const SourceLoc& a, const SourceLoc& b) {
  return a.line > 0 && a.file == b.file && a.line == b.line && a.column == b.column;
}

bool IsCost(const Indicator& ind) {
  return ind.level1 == Level1::kCost || ind.level2 == Level2::kOutputCost;
}

std::string UnitOf(const Project& p) { return p.unit.empty() ? p.department : p.unit; }

class Auditor {
 public:
  explicit Auditor(const std::vector<AuditProject>& projects) : projects_(projects) {}

  std::vector<AuditFinding> Run() {
    for (const AuditProject& ap : projects_) {
      if (!ap.file || !ap.score || !ap.policy) continue;
      group_.clear();
      ReviewProject(ap);
      Flush();
    }
    group_.clear();
    ReviewUnits();
    Flush();
    return std::move(out_);
  }

 private:
  void Add(const AuditProject* ap, Diagnostic d, std::string indicator = "",
           std::string unit = "") {
    AuditFinding f;
    const AuditRule* rule = FindAuditRule(d.code);
    // One severity per code: the project's policy, else the catalogue's default.
    if (ap) {
      d.severity = FindingSeverity(*ap->policy, d.code, d.severity);
    } else if (rule) {
      d.severity = rule->severity;
    }
    f.source = rule ? std::string(rule->source) : std::string(kInputCheckSource);
    if (ap) {
      f.project = ap->file->project.name;
      f.unit = UnitOf(ap->file->project);
    } else {
      f.unit = std::move(unit);
    }
    f.indicator = std::move(indicator);
    f.diagnostic = std::move(d);
    group_.push_back(std::move(f));
  }
  void Add(const AuditProject& ap, Severity sev, std::string code, const SourceLoc& loc,
           std::string msg, std::string indicator = "") {
    Add(&ap, Diagnostic{sev, std::move(code), loc, std::move(msg)}, std::move(indicator));
  }

  void Flush() {
    std::stable_sort(group_.begin(), group_.end(), [](const auto& a, const auto& b) {
      return a.diagnostic.severity > b.diagnostic.severity;
    });
    for (auto& f : group_) out_.push_back(std::move(f));
    group_.clear();
  }

  // The indicator a finding made elsewhere is about, found by its location.
  static std::string IndicatorAt(const ProjectFile& pf, const SourceLoc& loc) {
    for (const Indicator& ind : pf.project.indicators) {
      if (SameLoc(ind.loc, loc) || SameLoc(ind.target_loc, loc) || SameLoc(ind.weight_loc, loc))
        return ind.name;
      if (const Actual* a = pf.results.Find(ind.key)) {
        if (SameLoc(a->loc, loc) || SameLoc(a->score_loc, loc)) return ind.name;
      }
    }
    return "";
  }

  void ReviewProject(const AuditProject& ap) {
    const ProjectFile& pf = *ap.file;
    if (ap.load) {
      for (const Diagnostic& d : *ap.load) Add(&ap, d, IndicatorAt(pf, d.loc));
    }
    for (Diagnostic d : ap.score->findings) {
      if (d.code == "no-results") d.message += Tr(" (audit: only the target-setting rules apply)");
      std::string ind = IndicatorAt(pf, d.loc);
      Add(&ap, std::move(d), std::move(ind));
    }
    if (ap.score->not_started) {
      NotStarted(ap);
    } else {
      Deviations(ap);
      BudgetChange(ap);
      CompletionAheadOfExecution(ap);
      QualitativeWithoutEvidence(ap);
    }
    History(ap);
    DuplicateTotal(ap);
    EffectOnlyQualitative(ap);
    TargetsWithoutOperator(ap);
    CostTargetsOverBudget(ap);
  }

  // Item 6: the change history (the store's audit trail). Definition loads are reviewed only
  // after sign-off; removed indicators, sign-off and return, questions and answers are not result
  // entries.
  void History(const AuditProject& ap) {
    if (!ap.history) return;
    const Project& proj = ap.file->project;
    const std::string manager = TrimText(proj.manager);
    const auto row = [](const HistoryEntry& h) { return AuditRecordName(h.id); };
    const auto name_of = [](const std::string& key) {
      const auto slash = key.rfind('/');
      return slash == std::string::npos ? key : key.substr(slash + 1);
    };
    const auto what = [&](const HistoryEntry& h) {
      return h.indicator.empty() ? h.field : TrF("{} of {}", h.field, name_of(h.indicator));
    };
    const auto quoted = [](const std::string& v) {
      return v.empty() ? std::string(Tr("(none)")) : "'" + v + "'";
    };

    std::map<std::pair<std::string, std::string>, std::vector<const HistoryEntry*>> changes;
    struct Outsider {
      std::size_t entries = 0;
      std::vector<std::int64_t> rows;
    };
    std::map<std::string, Outsider> outsiders;
    std::size_t entries = 0;
    for (const HistoryEntry& h : *ap.history) {
      if (h.field == "definition" && h.after_submit) ReloadedAfterSubmit(ap, h);
      // Not result entries: a load, a removed indicator, a status (sign-off, return 退回), a
      // question (问询) or its answer.
      if (h.field == "definition" || h.field == "indicator" || h.field == "status" ||
          h.field == "question" || h.field == "answer")
        continue;
      ++entries;
      const SourceLoc loc{row(h)};
      const std::string ind = name_of(h.indicator);
      if (h.after_submit) {
        Add(ap, Severity::kWarning, "history-after-signoff", loc,
            TrF("{} {} changed {} from {} to {} after sign-off (已提交); reason: {}",
                ShowTime(h.at), h.author, what(h), quoted(h.old_value), quoted(h.new_value),
                TrimText(h.reason).empty() ? std::string(Tr("(none)")) : h.reason),
            ind);
      }
      if (!h.old_value.empty() && h.old_value != h.new_value && TrimText(h.reason).empty()) {
        // Before sign-off a correction is routine: information. After it, a warning (today's
        // store refuses such a change; an older store may hold one).
        Add(ap, h.after_submit ? Severity::kWarning : Severity::kInfo,
            h.after_submit ? "history-no-reason" : "history-replaced-before-signoff", loc,
            h.after_submit
                ? TrF("{} {} replaced {} {} with {} without a reason (source: {})", ShowTime(h.at),
                      h.author, what(h), quoted(h.old_value), quoted(h.new_value), h.source)
                : TrF("{} {} replaced {} {} with {} without a reason, before sign-off (source: {})",
                      ShowTime(h.at), h.author, what(h), quoted(h.old_value), quoted(h.new_value),
                      h.source),
            ind);
      }
      changes[{h.indicator, h.field}].push_back(&h);
      if (!manager.empty() && TrimText(h.author) != manager) {
        Outsider& o = outsiders[h.author];
        ++o.entries;
        o.rows.push_back(h.id);
      }
    }
    for (const auto& [key, hs] : changes) {
      const std::size_t later = hs.size() - 1;
      if (later <= static_cast<std::size_t>(ap.policy->value_changes)) continue;
      std::string seq;
      for (const HistoryEntry* h : hs) seq += (seq.empty() ? "" : " → ") + quoted(h->new_value);
      Add(ap, Severity::kWarning, "history-many-changes", SourceLoc{row(*hs.back())},
          TrF("{} changed {} times after its first entry (policy thresholds.value_changes: {}): "
              "{}, {}",
              what(*hs.front()), later, ap.policy->value_changes, seq,
              AuditRecordsName(hs.front()->id, hs.back()->id)),
          name_of(key.first));
    }
    for (const auto& [author, o] : outsiders) {
      std::string rows;
      for (std::size_t i = 0; i < o.rows.size() && i < 10; ++i)
        rows += (rows.empty() ? "#" : ", #") + std::to_string(o.rows[i]);
      if (o.rows.size() > 10) rows += ", …";
      Add(ap, Severity::kWarning, "history-not-manager", SourceLoc{AuditRecordName(o.rows.front())},
          TrF("{} of {} result entries by '{}', not the project's manager '{}' (audit records {})",
              o.entries, entries, author, manager, rows));
    }
    if (manager.empty() && entries > 0) {
      Add(ap, Severity::kInfo, "history-manager-unknown", proj.loc,
          TrF("{} result entries in the history, but the project names no manager (项目负责人): "
              "who entered them cannot be checked",
              entries));
    }
  }

  // A definition version loaded after sign-off (the store refuses one without a reason).
  void ReloadedAfterSubmit(const AuditProject& ap, const HistoryEntry& h) {
    const std::string reason = TrimText(h.reason).empty() ? std::string(Tr("(none)")) : h.reason;
    const std::string change =
        h.old_value.empty() ? h.new_value : h.old_value + " → " + h.new_value;
    Add(ap, Severity::kWarning, "definitions-reloaded-after-submit",
        SourceLoc{AuditRecordName(h.id)},
        TrF("{} {} loaded the definitions again after sign-off (已提交): {} (source: {}); "
            "reason: {}",
            ShowTime(h.at), h.author, change, h.source, reason));
  }

  void NotStarted(const AuditProject& ap) {
    const ProjectFile& pf = *ap.file;
    const Budget& b = pf.project.budget;
    std::string msg = TrF(
        "项目暂未开展: 全年预算数 {}万元, 全年执行数 {}; its {} indicator(s) score 0 and are not "
        "listed as deviations",
        Num(b.annual, 4),
        pf.results.executed ? Num(*pf.results.executed, 4) + "万元" : Tr("not entered"),
        pf.project.indicators.size());
    if (!pf.results.goal_achieved.empty()) msg += TrF("; stated: {}", pf.results.goal_achieved);
    Add(ap, Severity::kInfo, "project-not-started", pf.project.loc, msg);  // i18n: translated
  }

  // Item 1: every indicator below its weight. Without a reason it is already
  // deviation-reason-missing (raised to an error above); with one, it is listed here.
  void Deviations(const AuditProject& ap) {
    const int dec = ap.policy->decimals;
    for (const IndicatorScore& s : ap.score->indicators) {
      if (!s.scored || !s.indicator->applicable || !s.actual || s.actual->reason.empty()) continue;
      if (s.score >= s.weight - 0.005) continue;
      Add(ap, Severity::kInfo, "deviation", s.indicator->loc,
          TrF("'{}' scored {} of {} ({}); reason: {}", s.indicator->name, Num(s.score, dec),
              Num(s.weight, dec), s.formula, s.actual->reason),
          s.indicator->name);
    }
  }

  void BudgetChange(const AuditProject& ap) {
    const ProjectFile& pf = *ap.file;
    const Budget& b = pf.project.budget;
    if (!b.initial || !pf.results.budget_change_explanation.empty()) return;
    const double initial = *b.initial, annual = b.annual;
    const double limit = ap.policy->budget_change;
    std::string change;
    if (initial > 0) {
      const double rel = (annual - initial) / initial;
      if (std::fabs(rel) <= limit + kEps) return;
      change = (rel > 0 ? "+" : "−") + Num(std::fabs(rel) * 100, 1) + "%";
    } else if (annual > 0) {
      change = Tr("added during the year");
    } else {
      return;
    }
    Add(ap, Severity::kWarning, "budget-change-unexplained", b.annual_loc,
        TrF("全年预算数 {}万元 against 年初预算数 {}万元 ({}, more than {}%, policy {}) with no "
            "explanation: explain the in-year adjustment in budget.change_explanation",
            Num(annual, 4), Num(initial, 4), change, Num(limit * 100, 2), ap.policy->name));
  }

  // Item 3: completion as the weighted average of the capped completion rates, in points, against
  // the execution rate (capped at 100%), in points.
  void CompletionAheadOfExecution(const AuditProject& ap) {
    const ProjectScore& ps = *ap.score;
    if (!ps.execution.known) return;
    double wsum = 0, csum = 0;
    std::size_t n = 0, full = 0;
    for (const IndicatorScore& s : ps.indicators) {
      if (!s.indicator->applicable || s.weight <= 0) continue;
      if (!s.scored || !s.completion) return;  // errors already reported; no basis
      const double c = std::clamp(*s.completion, 0.0, 1.0);
      wsum += s.weight;
      csum += c * s.weight;
      ++n;
      if (c >= 1 - kEps) ++full;
    }
    if (n == 0 || wsum <= 0) return;
    const double completion = csum / wsum * 100;
    const double execution = std::min(ps.execution.rate, 1.0) * 100;
    const double ahead = completion - execution;
    const double limit = ap.policy->completion_ahead_of_execution;
    if (ahead <= limit + kEps) return;
    Add(ap, Severity::kWarning, "completion-ahead-of-execution", ap.file->results.executed_loc,
        TrF("indicator completion {0} points (weighted average of the {1} indicators' completion "
            "rates, each capped at 100%; {2} of {1} at 100%) runs {3} points ahead of budget "
            "execution {4}% ({5}/{6}万元); threshold {7} points (policy {8})",
            Num(completion), n, full, Num(ahead), Num(execution), Num(ps.execution.executed, 4),
            Num(ps.execution.budget, 4), Num(limit), ap.policy->name));
  }

  static bool RestatesTarget(const Indicator& ind, const Actual& a) {
    if (!a.value) return true;  // a judgement alone
    const Value& v = *a.value;
    if (v.is_quantity()) return false;
    return v.text == ind.target.text || v.qualitative == ind.target.qualitative;
  }

  // A qualitative indicator at full marks whose only support is the target restated (or a bare
  // 达成), with no reason text: nothing records what was actually done.
  void QualitativeWithoutEvidence(const AuditProject& ap) {
    const int dec = ap.policy->decimals;
    for (const IndicatorScore& s : ap.score->indicators) {
      const Indicator& ind = *s.indicator;
      if (!s.scored || !ind.applicable || ind.target.is_quantity() || !s.actual) continue;
      if (s.weight <= 0 || s.score < s.weight - 0.005 || !s.actual->reason.empty()) continue;
      if (!RestatesTarget(ind, *s.actual)) continue;
      const std::string what = s.actual->value
                                   ? TrF("actual '{}' only repeats it", s.actual->value->text)
                                   : std::string(Tr("only a judgement of 达成 is given"));
      Add(ap, Severity::kWarning, "qualitative-full-without-evidence",
          s.actual->loc.line > 0 ? s.actual->loc : ind.loc,
          TrF("'{}' has full marks {} of {} on the text target '{}': {}, with no reason or "
              "evidence text",
              ind.name, Num(s.score, dec), Num(s.weight, dec), ind.target.text, what),
          ind.name);
    }
  }

  // The consequence of an indicator repeated under the same 二级: weights and scores counted twice
  // against the total with the repeat dropped (rescored), and the published total.
  void DuplicateTotal(const AuditProject& ap) {
    const Project& p = ap.file->project;
    std::set<std::string> seen;
    Project once = p;
    once.indicators.clear();
    std::vector<std::string> repeated;
    const Indicator* first_repeat = nullptr;
    double repeated_weight = 0;
    for (std::size_t i = 0; i < p.indicators.size(); ++i) {
      const Indicator& ind = p.indicators[i];
      const std::string id = Level1Name(ind.level1) + "/" + Level2Name(ind.level2) + "/" + ind.name;
      if (seen.insert(id).second) {
        once.indicators.push_back(ind);
        continue;
      }
      repeated.push_back(ind.name);
      if (!first_repeat) first_repeat = &ind;
      if (i < ap.score->indicators.size()) repeated_weight += ap.score->indicators[i].weight;
    }
    if (repeated.empty()) return;
    const int dec = ap.policy->decimals;
    const ProjectScore& twice = *ap.score;
    double weights = twice.execution.weight, points = 0;
    for (const IndicatorScore& s : twice.indicators) {
      weights += s.weight;
      points += s.score;
    }
    std::string names;
    for (const auto& n : repeated) names += (names.empty() ? "'" : ", '") + n + "'";
    std::string msg = TrF(
        "repeated row(s) {} add {} points of weight: counted twice, the weights add up to {} (not "
        "100) and the total to {} (execution {} + indicators {})",
        names, Num(repeated_weight, dec), Num(weights, dec),
        Num(twice.execution.score + points, dec), Num(twice.execution.score, dec),
        Num(points, dec));
    const ProjectScore s1 =
        ScoreProject(once, ap.file->results, Published{}, *ap.policy, Purpose::kScore);
    if (s1.scored) {
      msg += TrF("; counted once, the total is {} ({})", Num(s1.total, dec), s1.grade);
    } else {
      msg += Tr("; counted once, the project still cannot be scored");
    }
    if (ap.file->published.total) {
      msg += TrF("; published total {}", Num(*ap.file->published.total, dec));
    }
    Add(ap, Severity::kWarning, "duplicate-indicator-total", first_repeat->loc, msg,
        first_repeat->name);  // i18n: translated
  }

  void EffectOnlyQualitative(const AuditProject& ap) {
    const Project& p = ap.file->project;
    const Indicator* first = nullptr;
    std::string targets;
    for (const Indicator& ind : p.indicators) {
      if (ind.level1 != Level1::kEffect) continue;
      if (ind.target.is_quantity()) return;
      if (!first) first = &ind;
      targets += (targets.empty() ? "'" : ", '") + ind.target.text + "'";
    }
    if (!first) return;
    Add(ap, Severity::kInfo, "effect-only-qualitative", first->level1_loc,
        TrF("every 效益指标 target is qualitative text ({}): no effect of the project is measured",
            targets));
  }

  void TargetsWithoutOperator(const AuditProject& ap) {
    for (const Indicator& ind : ap.file->project.indicators) {
      if (!ind.target.is_quantity() || (ind.target.op != Operator::kNone && !ind.target.op_implied))
        continue;
      bool guessed = false;  // the loader already warned (ambiguous-target)
      if (ap.load) {
        for (const Diagnostic& d : *ap.load)
          guessed = guessed || (d.code == "ambiguous-target" && SameLoc(d.loc, ind.target_loc));
      }
      if (guessed) continue;
      const std::string read = ind.target.op == Operator::kNone
                                   ? std::string(Tr("no direction"))
                                   : "'" + OperatorSymbol(ind.target.op) + "'";
      Add(ap, Severity::kInfo, "target-no-operator", ind.target_loc,
          TrF("target '{}' of '{}' has no operator: read as {}", ind.target.text, ind.name, read),
          ind.name);
    }
  }

  // Money in 万元 for a cost target stated for the whole project or per year; nullopt otherwise
  // (per person, per month … cannot be compared with the budget).
  static std::optional<double> ProjectMoney(const Value& t) {
    if (!t.is_quantity() || t.unit.symbol != "元") return std::nullopt;
    if (!(t.unit.per.empty() || (t.unit.per.size() == 1 && t.unit.per[0] == "年")))
      return std::nullopt;
    if (t.op == Operator::kGe || t.op == Operator::kGt) return std::nullopt;
    return t.number * t.unit.scale / 1e4;
  }

  void CostTargetsOverBudget(const AuditProject& ap) {
    const Project& p = ap.file->project;
    const double budget = p.budget.annual;
    if (budget <= 0) return;
    double sum = 0;
    std::size_t n = 0;
    std::string parts;
    for (const Indicator& ind : p.indicators) {
      if (!IsCost(ind)) continue;
      auto money = ProjectMoney(ind.target);
      if (!money) continue;
      sum += *money;
      ++n;
      parts += (parts.empty() ? "" : " + ") + Num(*money, 4);
      if (*money > budget + 1e-6) {
        Add(ap, Severity::kWarning, "cost-target-over-budget", ind.target_loc,
            TrF("cost target '{}' of '{}' ({}万元) is larger than the project's 全年预算数 {}万元",
                ind.target.text, ind.name, Num(*money, 4), Num(budget, 4)),
            ind.name);
        return;  // the sum would only repeat it
      }
    }
    if (n >= 2 && sum > budget + 1e-6) {
      Add(ap, Severity::kWarning, "cost-target-over-budget", p.budget.annual_loc,
          TrF("the project's cost targets add up to {} = {}万元, more than its 全年预算数 {}万元",
              parts, Num(sum, 4), Num(budget, 4)));
    }
  }

  void ReviewUnits() {
    std::vector<std::string> order;
    std::map<std::string, std::vector<const AuditProject*>> units;
    for (const AuditProject& ap : projects_) {
      if (!ap.file || !ap.score || !ap.policy) continue;
      const std::string u = UnitOf(ap.file->project);
      if (!units.count(u)) order.push_back(u);
      units[u].push_back(&ap);
    }
    for (const auto& u : order) {
      AllExcellent(u, units[u]);
      InconsistentTargets(u, units[u]);
    }
  }

  void AllExcellent(const std::string& unit, const std::vector<const AuditProject*>& aps) {
    std::size_t graded = 0, not_started = 0;
    std::string totals;
    const AuditProject* first = nullptr;
    for (const AuditProject* ap : aps) {
      const ProjectScore& s = *ap->score;
      if (s.not_started) {
        ++not_started;
        continue;
      }
      if (!s.scored) continue;
      if (s.grade != "优") return;
      if (!first) first = ap;
      ++graded;
      totals += (totals.empty() ? "" : ", ") + Num(s.total, ap->policy->decimals);
    }
    if (graded < 2) return;
    std::string msg = TrF("all {} graded projects of {} are graded 优 (totals by the rule: {})",
                          graded, unit, totals);
    if (not_started > 0) msg += TrF("; {} not started", not_started);
    Add(nullptr, Diagnostic{Severity::kWarning, "all-excellent", first->file->project.loc, msg}, "",
        unit);  // i18n: translated
  }

  void InconsistentTargets(const std::string& unit, const std::vector<const AuditProject*>& aps) {
    struct Use {
      std::vector<std::string> projects;
      const Indicator* first = nullptr;
    };
    std::vector<std::string> names;                                           // first-seen order
    std::map<std::string, std::vector<std::pair<std::string, Use>>> by_name;  // name → target → use
    for (const AuditProject* ap : aps) {
      for (const Indicator& ind : ap->file->project.indicators) {
        auto& targets = by_name[ind.name];
        if (targets.empty()) names.push_back(ind.name);
        auto it = std::find_if(targets.begin(), targets.end(),
                               [&](const auto& t) { return t.first == ind.target.text; });
        if (it == targets.end()) {
          targets.push_back({ind.target.text, Use{{}, &ind}});
          it = targets.end() - 1;
        }
        const std::string& pn = ap->file->project.name;
        if (std::find(it->second.projects.begin(), it->second.projects.end(), pn) ==
            it->second.projects.end())
          it->second.projects.push_back(pn);
      }
    }
    for (const auto& name : names) {
      const auto& targets = by_name[name];
      if (targets.size() < 2) continue;
      std::string list;
      for (const auto& [text, use] : targets) {
        std::string ps;
        for (const auto& p : use.projects) ps += (ps.empty() ? "" : ", ") + p;
        list += (list.empty() ? "" : "; ") + TrF("{} in {}", text, ps);
      }
      Add(nullptr,
          Diagnostic{Severity::kInfo, "inconsistent-targets", targets.front().second.first->loc,
                     TrF("'{}' has {} different targets across the projects of {}: {}", name,
                         targets.size(), unit, list)},
          name, unit);
    }
  }

  const std::vector<AuditProject>& projects_;
  std::vector<AuditFinding> group_;
  std::vector<AuditFinding> out_;
};

}  // namespace

std::vector<AuditFinding> Audit(const std::vector<AuditProject>& projects) {
  return Auditor(projects).Run();
}

}  // namespace jixiao
