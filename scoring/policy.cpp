#include "scoring/policy.h"

#include <yaml-cpp/yaml.h>

#include <cmath>
#include <set>

#include "indicators/loader.h"
#include "indicators/value.h"

namespace jixiao {
namespace {

// A policy file is a page of settings; 1 MiB is far beyond any.
constexpr std::size_t kMaxPolicyBytes = 1u << 20;

// User text quoted in a message.
std::string Q(std::string_view text) { return "'" + Excerpt(text, 80) + "'"; }

class PolicyReader {
 public:
  PolicyReader(std::string file, std::string_view text, Diagnostics* out)
      : file_(std::move(file)), text_(text), out_(out) {}

  SourceLoc Loc(const YAML::Node& n) const { return Loc(n.Mark()); }
  SourceLoc Loc(const YAML::Mark& m) const {
    return LocateMark(file_, text_, m.line, m.column, m.pos);
  }

  void Error(const SourceLoc& loc, const std::string& code, const std::string& message) {
    out_->push_back(Diagnostic{Severity::kError, code, loc, message});
  }

  std::optional<double> Number(const YAML::Node& n, const std::string& what, double lo, double hi) {
    if (!n.IsScalar()) {
      Error(Loc(n), "wrong-type", what + " must be a number");
      return std::nullopt;
    }
    std::string err;
    auto v = ParsePlainNumber(n.Scalar(), &err);
    if (!v) {
      Error(Loc(n), "bad-number", what + " " + Q(n.Scalar()) + ": " + err);
      return std::nullopt;
    }
    if (*v < lo || *v > hi) {
      Error(Loc(n), "bad-number",
            what + " " + FormatNumber(*v, 6) + " is outside " + FormatNumber(lo) + "–" +
                FormatNumber(hi));
      return std::nullopt;
    }
    return v;
  }

  std::string Text(const YAML::Node& n, const std::string& what) {
    if (!n.IsScalar()) {
      Error(Loc(n), "wrong-type", what + " must be text");
      return "";
    }
    return n.Scalar();
  }

  // Iterates a mapping, refusing duplicate and unknown keys.
  template <typename F>
  void ForEach(const YAML::Node& map, const std::string& what,
               std::initializer_list<std::string_view> known, F&& f) {
    if (!map.IsMap()) {
      Error(Loc(map), "wrong-type", what + " must be a mapping");
      return;
    }
    std::set<std::string> seen;
    for (auto it = map.begin(); it != map.end(); ++it) {
      // Copies: yaml-cpp's iterator yields its pairs by value (a reference would dangle).
      const YAML::Node k = it->first;
      const YAML::Node v = it->second;
      const std::string key = k.IsScalar() ? k.Scalar() : "";
      if (!k.IsScalar()) {
        Error(Loc(k), "wrong-type", "a key of " + what + " must be text");
        continue;
      }
      if (!seen.insert(key).second) {
        Error(Loc(k), "duplicate-key", "duplicate key " + Q(key) + " in " + what);
        continue;
      }
      bool ok = known.size() == 0;
      for (auto k : known) ok = ok || k == key;
      if (!ok) {
        std::string list;
        for (auto k : known) list += (list.empty() ? "" : ", ") + std::string(k);
        Error(Loc(k), "unknown-key",
              "unknown key " + Q(key) + " in " + what + " (expected " + list + ")");
        continue;
      }
      f(key, k, v);
    }
  }

 private:
  std::string file_;
  std::string_view text_;
  Diagnostics* out_;
};

void ReadBand(PolicyReader& r, const YAML::Node& n, const std::string& what, Band* band) {
  if (!n.IsSequence() || n.size() != 2) {
    r.Error(r.Loc(n), "wrong-type", what + " must be [low, high] in percent");
    return;
  }
  auto lo = r.Number(n[0], what + " low", 0, 100);
  auto hi = r.Number(n[1], what + " high", 0, 100);
  if (!lo || !hi) return;
  if (*lo > *hi) {
    r.Error(r.Loc(n), "bad-band",
            what + ": low " + FormatNumber(*lo) + " is above high " + FormatNumber(*hi));
    return;
  }
  *band = Band{*lo, *hi};
}

}  // namespace

const Band& Policy::BandOf(Judgement j) const {
  switch (j) {
    case Judgement::kPartlyAchieved:
      return partly_achieved;
    case Judgement::kNotAchieved:
      return not_achieved;
    default:
      return achieved;
  }
}

double RoundTo(double x, int decimals) {
  const double f = std::pow(10.0, decimals);
  // The relative nudge absorbs binary error (7.625 is stored as 7.62499999…).
  const double y = x * f;
  return std::round(y + (y >= 0 ? 1 : -1) * std::fabs(y) * 1e-12) / f;
}

PolicyResult ParsePolicy(std::string_view text, const std::string& filename) {
  PolicyResult result;
  if (auto big = TooLarge(text.size(), kMaxPolicyBytes, filename, "policy")) {  // before copying
    result.diagnostics.push_back(std::move(*big));
    return result;
  }
  std::string input(text);
  result.diagnostics = PrecheckYaml(input, filename, kMaxPolicyBytes);
  for (Diagnostic& d : result.diagnostics) {
    // Policy files have always reported a tab as a YAML syntax error (tests/scoring pins it).
    if (d.code == "yaml-tab") {
      d.code = "yaml-syntax";
      d.message = "YAML syntax error: " + d.message;
    }
  }
  if (HasErrors(result.diagnostics)) return result;
  PolicyReader r(filename, input, &result.diagnostics);
  YAML::Node root;
  try {
    root = YAML::Load(input);
  } catch (const YAML::Exception& e) {
    r.Error(r.Loc(e.mark), "yaml-syntax", "YAML syntax error: " + e.msg);
    return result;
  }
  Policy p;
  p.caps.clear();
  bool has_caps = false;
  try {
    r.ForEach(
        root, "the policy",
        {"name", "title", "execution", "caps", "reverse_rule", "qualitative_bands", "grades",
         "decimals", "thresholds", "entry"},
        [&](const std::string& key, const YAML::Node&, const YAML::Node& v) {
          if (key == "name") {
            p.name = r.Text(v, "name");
          } else if (key == "title") {
            p.title = r.Text(v, "title");
          } else if (key == "execution") {
            r.ForEach(
                v, "execution", {"weight", "denominator", "rounding", "explain_below"},
                [&](const std::string& k, const YAML::Node&, const YAML::Node& x) {
                  if (k == "weight") {
                    if (auto w = r.Number(x, "execution.weight", 0, 100)) p.execution_weight = *w;
                  } else if (k == "explain_below") {
                    if (auto w = r.Number(x, "execution.explain_below", 0, 1))
                      p.explain_execution_below = *w;
                  } else if (k == "denominator") {
                    const std::string d = r.Text(x, k);
                    if (d == "annual") {
                      p.denominator = ExecutionDenominator::kAnnual;
                    } else if (d == "initial") {
                      p.denominator = ExecutionDenominator::kInitial;
                    } else {
                      r.Error(r.Loc(x), "bad-enum",
                              "unknown denominator " + Q(d) + " (expected annual or initial)");
                    }
                  } else if (k == "rounding") {
                    const std::string d = r.Text(x, k);
                    if (d == "exact") {
                      p.execution_rounding = ExecutionRounding::kExact;
                    } else if (d == "floor") {
                      p.execution_rounding = ExecutionRounding::kFloor;
                    } else if (d == "nearest") {
                      p.execution_rounding = ExecutionRounding::kNearest;
                    } else {
                      r.Error(r.Loc(x), "bad-enum",
                              "unknown rounding " + Q(d) + " (expected exact, floor or nearest)");
                    }
                  }
                });
          } else if (key == "caps") {
            has_caps = true;
            r.ForEach(v, "caps", {},
                      [&](const std::string& k, const YAML::Node& kn, const YAML::Node& x) {
                        auto l1 = ParseLevel1(k);
                        if (!l1) {
                          r.Error(r.Loc(kn), "unknown-level",
                                  "unknown 一级指标 " + Q(k) +
                                      " (expected 成本指标, 产出指标, 效益指标 or 满意度指标)");
                          return;
                        }
                        if (p.caps.count(*l1)) {
                          r.Error(r.Loc(kn), "duplicate-key",
                                  "cap for " + Level1Name(*l1) + " given twice");
                          return;
                        }
                        if (auto c = r.Number(x, "cap of " + k, 0, 100)) p.caps[*l1] = *c;
                      });
          } else if (key == "reverse_rule") {
            const std::string d = r.Text(v, key);
            if (d == "linear") {
              p.reverse_rule = ReverseRule::kLinear;
            } else if (d == "ratio") {
              p.reverse_rule = ReverseRule::kRatio;
            } else {
              r.Error(r.Loc(v), "bad-enum",
                      "unknown reverse_rule " + Q(d) + " (expected linear or ratio)");
            }
          } else if (key == "qualitative_bands") {
            r.ForEach(v, "qualitative_bands", {"达成", "部分达成", "未达成"},
                      [&](const std::string& k, const YAML::Node&, const YAML::Node& x) {
                        Band* b = k == "达成"       ? &p.achieved
                                  : k == "部分达成" ? &p.partly_achieved
                                                    : &p.not_achieved;
                        ReadBand(r, x, "band " + k, b);
                      });
          } else if (key == "grades") {
            r.ForEach(
                v, "grades", {"优", "良", "中"},
                [&](const std::string& k, const YAML::Node&, const YAML::Node& x) {
                  auto g = r.Number(x, "grade " + k, 0, 100);
                  if (!g) return;
                  (k == "优" ? p.grade_excellent : k == "良" ? p.grade_good : p.grade_pass) = *g;
                });
          } else if (key == "decimals") {
            if (auto d = r.Number(v, "decimals", 0, 6)) p.decimals = static_cast<int>(*d);
          } else if (key == "entry") {
            r.ForEach(v, "entry", {"fraction_as_percent", "absurd_ratio"},
                      [&](const std::string& k, const YAML::Node&, const YAML::Node& x) {
                        if (k == "absurd_ratio") {
                          if (auto t = r.Number(x, "entry.absurd_ratio", 2, 1e6)) {
                            p.entry_absurd_ratio = *t;
                          }
                          return;
                        }
                        const std::string b = r.Text(x, "entry.fraction_as_percent");
                        if (b == "true" || b == "false") {
                          p.entry_fraction_as_percent = b == "true";
                        } else {
                          r.Error(r.Loc(x), "bad-enum",
                                  "entry.fraction_as_percent " + Q(b) + ": expected true or false");
                        }
                      });
          } else if (key == "thresholds") {
            r.ForEach(v, "thresholds",
                      {"over_achievement", "completion_ahead_of_execution", "budget_change",
                       "value_changes"},
                      [&](const std::string& k, const YAML::Node&, const YAML::Node& x) {
                        if (k == "over_achievement") {
                          if (auto t = r.Number(x, k, 1, 100)) p.over_achievement = *t;
                        } else if (k == "budget_change") {
                          if (auto t = r.Number(x, k, 0, 100)) p.budget_change = *t;
                        } else if (k == "value_changes") {
                          if (auto t = r.Number(x, k, 1, 1000)) {
                            p.value_changes = static_cast<int>(*t);
                          }
                        } else if (auto t = r.Number(x, k, 0, 100)) {
                          p.completion_ahead_of_execution = *t;
                        }
                      });
          }
        });
  } catch (const YAML::Exception& e) {
    r.Error(r.Loc(e.mark), "yaml-syntax", "YAML error: " + e.msg);
  }
  const SourceLoc top{filename, 1, 1};
  if (!has_caps) {
    r.Error(top, "missing-field", "policy has no caps (一级指标 points)");
  } else if (!HasErrors(result.diagnostics)) {
    double sum = p.execution_weight;
    std::string parts;
    for (const auto& [l, c] : p.caps) {
      sum += c;
      parts += ", " + Level1Name(l) + " " + FormatNumber(c, 6);
    }
    if (std::fabs(sum - 100) > 1e-9) {
      // At the top of the file, where tests/scoring/policy_test.cpp expects it.
      r.Error(top, "caps-sum",
              "the execution weight and the caps add up to " + FormatNumber(sum, 6) +
                  ", not 100 (execution " + FormatNumber(p.execution_weight, 6) + parts + ")");
    }
  }
  if (!(p.grade_excellent >= p.grade_good && p.grade_good >= p.grade_pass)) {
    r.Error(top, "bad-grades", "grade thresholds must descend: 优 ≥ 良 ≥ 中");
  }
  if (!HasErrors(result.diagnostics)) result.policy = std::move(p);
  return result;
}

}  // namespace jixiao
