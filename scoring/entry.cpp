#include "scoring/entry.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <vector>

#include "indicators/i18n.h"
#include "indicators/utf8.h"

namespace jixiao {
namespace {

constexpr double kEps = 1e-9;

std::string Q(std::string_view text) { return "'" + Excerpt(text, 80) + "'"; }

// No unit at all: no symbol, no per-unit, no magnitude (a bare "4万" has a magnitude).
bool Bare(const Unit& u) { return u.symbol.empty() && u.per.empty() && u.scale == 1.0; }

bool IsRatio(const Unit& u) { return (u.symbol == "%" || u.symbol == "‰") && u.per.empty(); }

// Only magnitudes put a scale other than 1 on a unit (万元 1e4, 元/万人 1e-4).
bool HasMagnitude(const Unit& u) { return u.scale != 1.0; }

// The target's unit without its magnitude ("万人" → "人", "百万元/年" → "元/年"): the unit with
// its first one or two characters dropped that has the same symbol and per-units and no
// magnitude left; "" when there is none (a per-unit's 万, or "4万" with no symbol).
std::string BaseUnitText(const Unit& u) {
  std::size_t cut = 0;
  for (int n = 0; n < 2 && cut < u.text.size(); ++n) {
    std::size_t len = 1;
    utf8::Decode(u.text, cut, &len);
    cut += len;
    const std::string rest = u.text.substr(cut);
    if (rest.empty() || rest[0] == '/') return "";
    ParseResult r = ParseValue("1" + rest);
    if (r.value && r.value->is_quantity() && r.value->unit.scale == 1.0 &&
        r.value->unit.symbol == u.symbol && r.value->unit.per == u.per) {
      return rest;
    }
  }
  return "";
}

std::string Ratio(double r) { return FormatNumber(r * 100, 2) + "%"; }

// One way a bare number may have been meant.
struct Reading {
  std::string write;     // what to write: "42800人"
  std::string same_as;   // the same in the target's unit, when it differs: "4.28万人"
  std::string how;       // "as a fraction", ""
  double in_target = 0;  // the number in the target's unit
};

std::vector<Reading> ReadingsOf(double x, const Value& target) {
  const Unit& t = target.unit;
  std::vector<Reading> out;
  if (IsRatio(t)) {
    const double full = t.symbol == "%" ? 100 : 1000;
    if (x > 0 && x <= 1 + kEps) {
      out.push_back({FormatNumber(x * full, 6) + t.text, "",
                     TrF("{} as a fraction", FormatNumber(x, 6)), x * full});
    }
    out.push_back({FormatNumber(x, 6) + t.text, "", "", x});
  } else {
    const std::string base = BaseUnitText(t);
    const double in_target = x / t.scale;
    Reading plain{FormatNumber(in_target, 6) + t.text, "", "", in_target};
    if (!base.empty()) {
      plain.write = FormatNumber(x, 6) + base;
      plain.same_as = FormatNumber(in_target, 6) + t.text;
    }
    out.push_back(plain);
    out.push_back({FormatNumber(x, 6) + t.text, "", "", x});
  }
  // The likeliest first: the one whose completion is nearest the target.
  if (target.number > 0 && x > 0) {
    auto distance = [&](const Reading& r) {
      return std::fabs(std::log(r.in_target / target.number));
    };
    std::stable_sort(out.begin(), out.end(),
                     [&](const Reading& a, const Reading& b) { return distance(a) < distance(b); });
  }
  return out;
}

std::string DescribeReadings(const std::vector<Reading>& readings, const Value& target) {
  std::string s;
  for (std::size_t i = 0; i < readings.size(); ++i) {
    const Reading& r = readings[i];
    if (i > 0) s += i + 1 == readings.size() ? Tr(" or ") : ", ";
    std::string detail = r.how;
    if (!r.same_as.empty()) detail += (detail.empty() ? "= " : ", = ") + r.same_as;
    if (target.number > 0) {
      detail += (detail.empty() ? "" : ", ") +
                TrF("{} of the target", Ratio(r.in_target / target.number));
    }
    s += Q(r.write) + (detail.empty() ? "" : " (" + detail + ")");
  }
  return s;
}

// A number inside refused text ("约96%" → "96%") when it is written in a unit that converts to
// the target's: offered as what was perhaps meant.
std::optional<std::string> NumberInside(const Value& actual, const Value& target) {
  const std::string& text = actual.text;
  const auto digit =
      std::find_if(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (digit == text.end() || digit == text.begin()) return std::nullopt;
  ParseResult r = ParseValue(std::string_view(text).substr(digit - text.begin()));
  if (!r.value || !r.value->is_quantity() || r.value->op != Operator::kNone) return std::nullopt;
  if (Bare(r.value->unit) || !Convert(r.value->unit, target.unit).ok) return std::nullopt;
  return r.value->text;
}

class EntryChecker {
 public:
  EntryChecker(const Indicator& ind, const EntryOptions& o, const SourceLoc& where)
      : ind_(ind), target_(ind.target), options_(o), where_(where) {}

  // Run(actual) accepting `actual` itself leaves EntryCheck::value empty and says so here
  // (a store's whole read checks every actual: no copy of each).
  void LeaveAcceptedActual() { leave_ = true; }
  bool accepted_as_is() const { return accepted_as_is_; }

  EntryCheck Run(const Value& actual, Judgement judgement) {
    if (!target_.is_quantity()) return AcceptAsIs(actual);
    if (!actual.is_quantity()) {
      if (judgement != Judgement::kNone) return AcceptAsIs(actual);
      return RefuseText(actual);
    }
    if (Bare(actual.unit) && !Bare(target_.unit) && std::fabs(actual.number) > 0) {
      if (IsRatio(target_.unit) || HasMagnitude(target_.unit)) return BareAmbiguous(actual);
    }
    const Conversion c = Convert(actual.unit, target_.unit);
    if (!c.ok) {
      return Refuse(
          "unit-mismatch",
          TrF("actual {} of {} cannot be compared with the target {}: {}; write it in the "
              "target's unit ({}) or one that converts to it",
              Q(actual.text), Q(ind_.name), Q(target_.text), c.error, target_.unit.text));
    }
    if (auto refused = Absurd(actual, actual.number * c.factor)) return std::move(*refused);
    return AcceptAsIs(actual);
  }

 private:
  EntryCheck AcceptAsIs(const Value& actual) {
    if (!leave_) return Accept(actual);
    accepted_as_is_ = true;
    return std::move(out_);
  }
  EntryCheck Accept(const Value& v) {
    out_.value = v;
    return std::move(out_);
  }

  EntryCheck Refuse(std::string code, std::string message) {
    out_.problems.push_back(
        Diagnostic{Severity::kError, std::move(code), where_, std::move(message)});
    out_.value.reset();
    return std::move(out_);
  }

  EntryCheck RefuseText(const Value& actual) {
    std::string hint = Tr("write the achieved number with the target's unit");
    if (!target_.unit.text.empty()) hint += TrF(" ({})", target_.unit.text);
    if (auto meant = NumberInside(actual, target_)) hint += TrF(", such as {} if exact", Q(*meant));
    return Refuse("actual-not-a-quantity",
                  TrF("actual {} of {} is text but the target {} is a quantity: {}; or, if it "
                      "cannot be measured, give a judgement (达成/部分达成/未达成) with a score",
                      Q(actual.text), Q(ind_.name), Q(target_.text), hint));
  }

  EntryCheck BareAmbiguous(const Value& actual) {
    const double x = actual.number;
    if (options_.fraction_as_percent && target_.unit.symbol == "%" && x > 0 && x <= 1 + kEps) {
      Value read = actual;
      read.number = x * 100;
      read.unit = target_.unit;
      const std::string reading = FormatNumber(read.number, 6) + "%";
      read.notes.push_back(TrF("bare {} read as {} (policy entry.fraction_as_percent)",
                               FormatNumber(x, 6), reading));
      out_.problems.push_back(
          Diagnostic{Severity::kWarning, "fraction-read-as-percent", where_,
                     TrF("actual {0} of {1} read as {2} against the target {3} (policy "
                         "entry.fraction_as_percent): write '{2}' to say so",
                         Q(actual.text), Q(ind_.name), reading, Q(target_.text))});
      if (auto refused = Absurd(read, read.number)) return std::move(*refused);
      return Accept(read);
    }
    const std::string u = target_.unit.text;
    const std::string why =
        IsRatio(target_.unit) ? TrF("is in {}", u) : TrF("is in {}, a unit with a magnitude", u);
    return Refuse(
        "bare-number-ambiguous",
        TrF("actual {} of {} is a bare number, but the target {} {}: write {}", Q(actual.text),
            Q(ind_.name), Q(target_.text), why, DescribeReadings(ReadingsOf(x, target_), target_)));
  }

  // The actual's number `b` is in the target's unit.
  std::optional<EntryCheck> Absurd(const Value& actual, double b) {
    const double a = target_.number;
    if (!(a > 0) || !(b > 0)) return std::nullopt;
    const double r = b / a;
    const double limit = options_.absurd_ratio;
    const bool ceiling = DirectionOf(target_) == Direction::kReverse;
    const bool over = r > limit * (1 + kEps);
    const bool under = !ceiling && r < (1 - kEps) / limit;
    if (!over && !under) return std::nullopt;
    const std::string u = target_.unit.text;
    const char* message =
        over ? N_("actual {} of {} is over {} × the target {}: B/A = {}{}/{}{} = {}; check the "
                  "number and its unit (万, 亿, %) and write the value achieved")
             : N_("actual {} of {} is under 1/{} of the target {}: B/A = {}{}/{}{} = {}; check "
                  "the number and its unit (万, 亿, %) and write the value achieved");
    return Refuse("completion-absurd",
                  TrF(message, Q(actual.text), Q(ind_.name), FormatNumber(limit), Q(target_.text),
                      FormatNumber(b, 6), u, FormatNumber(a, 6), u, Ratio(r)));
  }

  const Indicator& ind_;
  const Value& target_;
  const EntryOptions& options_;
  const SourceLoc& where_;
  EntryCheck out_;
  bool leave_ = false;
  bool accepted_as_is_ = false;
};

}  // namespace

EntryOptions EntryOptionsOf(const Policy& policy) {
  EntryOptions o;
  o.fraction_as_percent = policy.entry_fraction_as_percent;
  o.absurd_ratio = policy.entry_absurd_ratio;
  return o;
}

EntryCheck CheckActual(const Indicator& ind, const Value& actual, const EntryOptions& options,
                       const SourceLoc& where, Judgement judgement) {
  return EntryChecker(ind, options, where).Run(actual, judgement);
}

EntryCheck CheckActual(const Indicator& ind, std::string_view text, const Policy& policy,
                       const SourceLoc& where, Judgement judgement) {
  ParseResult r = ParseValue(text);
  if (!r.value) {
    EntryCheck out;
    out.problems.push_back(Diagnostic{Severity::kError, "bad-value", where,
                                      TrF("{} in actual {} of {}", r.error, Q(text), Q(ind.name))});
    return out;
  }
  Diagnostics early;
  if (r.value->is_quantity() && r.value->op != Operator::kNone) {
    early.push_back(
        Diagnostic{Severity::kWarning, "actual-has-operator", where,
                   TrF("actual {} repeats an operator: read as {}{}; an actual should "
                       "be a value",
                       Q(r.value->text), FormatNumber(r.value->number, 6), r.value->unit.text)});
    r.value->op = Operator::kNone;
  }
  EntryCheck out = CheckActual(ind, *r.value, EntryOptionsOf(policy), where, judgement);
  out.problems.insert(out.problems.begin(), early.begin(), early.end());
  return out;
}

EntryReview CheckResults(const Project& project, Results& results, const Policy& policy) {
  EntryReview review;
  const EntryOptions options = EntryOptionsOf(policy);
  for (const Indicator& ind : project.indicators) {
    auto it = results.actuals.find(ind.key);
    if (it == results.actuals.end() || !it->second.value) continue;
    Actual& a = it->second;
    EntryChecker checker(ind, options, a.loc);
    checker.LeaveAcceptedActual();
    EntryCheck c = checker.Run(*a.value, a.judgement);
    review.findings.insert(review.findings.end(), c.problems.begin(), c.problems.end());
    if (checker.accepted_as_is()) continue;
    if (c.value) {
      a.value = std::move(*c.value);
    } else {
      review.refused.insert(ind.key);
    }
  }
  return review;
}

}  // namespace jixiao
