// scoring/entry.h — the one check of an actual value (实际完成值) against its indicator.
//
// Every door that takes an actual (a project file at `check`, `load` and `score`, `actual set`,
// `actual import`, the web form) calls CheckActual, so a value refused at one door is refused at
// every door, and the scorer never sees a refused value. The check returns the value to store
// and score, or errors that say where, what and what to write instead.
//
// The rule, for an actual against a quantity target (a qualitative target takes any actual):
//  * Text (`已完成`, `约96%`) is refused (actual-not-a-quantity), with the form to write: a number
//    with the target's unit. The one exception is the scorer's: text given with a judgement
//    (达成/部分达成/未达成), which is scored by the judgement's band.
//  * A number with a unit must convert to the target's unit (unit-mismatch otherwise).
//  * A bare number (no unit) against a target with a unit:
//      - is read in the target's unit when that unit is plain: no magnitude and not a ratio
//        (`20` against `=20项`, `25` against `≤30分钟`, `680` against `=670元/人、年`);
//      - is ambiguous, and refused with the likely readings and how to write each
//        (bare-number-ambiguous), when the target's unit has a magnitude (万, 亿, 千, 百万, 千万:
//        `42800` against `≥4万人` → `42800人` = `4.28万人`? or `42800万人`?) or is a ratio (%, ‰:
//        `0.95` against `≥95%` → `95%`? or `0.95%`?; `95` against `≥95%` → `95%`?);
//      - a bare 0 is never ambiguous: nothing is 0 in every unit.
//    Under a policy with `entry.fraction_as_percent: true`, a bare number in (0, 1] against a
//    percent target is read as that fraction in percent (`0.95` → 95%) and every such reading is a
//    warning (fraction-read-as-percent) naming the value and the reading.
//  * An absurd completion is refused (completion-absurd), showing the ratio: the actual, in the
//    target's unit, over `absurd_ratio` (default 100) times the target, or (for ≥, > and =
//    targets) under 1/`absurd_ratio` of it. A ≤ or < target is a ceiling: far below it is what it
//    allows (0.01% against ≤1% 差错率), so only its upper side is checked. A 0 target has no ratio
//    and a 0 actual is a possible outcome (nothing done, or none against a ceiling): neither is
//    ever absurd; the scoring rules say what they earn.
#ifndef JIXIAO_SCORING_ENTRY_H_
#define JIXIAO_SCORING_ENTRY_H_

#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "indicators/diagnostics.h"
#include "indicators/project.h"
#include "indicators/value.h"
#include "scoring/policy.h"

namespace jixiao {

// What the entry check accepts; read from the policy (EntryOptionsOf).
struct EntryOptions {
  // A bare fraction in (0, 1] against a percent target is read as that percentage (0.95 → 95%),
  // with a warning each time. Default false: it is refused as ambiguous.
  bool fraction_as_percent = false;
  // An actual over this many times the target, or under its reciprocal, is refused. Default 100.
  double absurd_ratio = 100;
};

EntryOptions EntryOptionsOf(const Policy& policy);

// The outcome of checking one actual.
struct EntryCheck {
  std::optional<Value> value;  // the typed value to store and score; nullopt when refused
  Diagnostics problems;        // errors when refused; warnings for a reading the policy accepted

  bool ok() const { return value.has_value(); }
};

// Checks a value as typed (a form field, a CSV or XLSX cell) against `ind`'s parsed target.
// `where` locates every problem. `judgement` is the evaluator's band entered with it, if any.
EntryCheck CheckActual(const Indicator& ind, std::string_view text, const Policy& policy,
                       const SourceLoc& where, Judgement judgement = Judgement::kNone);

// The same check of a value already parsed (an actual loaded from a project file or the store).
EntryCheck CheckActual(const Indicator& ind, const Value& actual, const EntryOptions& options,
                       const SourceLoc& where, Judgement judgement = Judgement::kNone);

// Every entered actual of a project checked: a reading the policy accepts replaces the value in
// `results` (its text kept as typed, its note saying the reading); refused actuals stay as they
// are and are listed by indicator key. `findings` holds every problem, in the project's order.
struct EntryReview {
  Diagnostics findings;
  std::set<std::string> refused;  // Indicator::key of every refused actual
};
EntryReview CheckResults(const Project& project, Results& results, const Policy& policy);

}  // namespace jixiao

#endif  // JIXIAO_SCORING_ENTRY_H_
