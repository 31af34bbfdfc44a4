#include "scoring/policy.h"

#include <yaml-cpp/yaml.h>

#include <cmath>
#include <utility>

#include "indicators/i18n.h"
#include "indicators/value.h"
#include "indicators/yaml_reader.h"
#include "scoring/catalogue.h"

namespace jixiao {
namespace {

// A policy file is a page of settings; 1 MiB is far beyond any.
constexpr std::size_t kMaxPolicyBytes = 1u << 20;

// Policy files report a key that is not text as a wrong type, and numbers within a range.
class PolicyReader : public YamlReader {
 public:
  PolicyReader(std::string file, std::string_view text, Diagnostics* out)
      : YamlReader(std::move(file), text, out, "wrong-type") {}

  std::optional<double> Number(const YAML::Node& n, const std::string& what, double lo, double hi) {
    auto v = YamlReader::Number(n, what);
    if (v && (*v < lo || *v > hi)) {
      Error(Loc(n), "bad-number",
            TrF("{} {} is outside {}–{}", what, FormatNumber(*v, 6), FormatNumber(lo),
                FormatNumber(hi)));
      return std::nullopt;
    }
    return v;
  }

  // Text that must be given: nothing is an error too; "" after an error.
  std::string Text(const YAML::Node& n, const std::string& what) {
    if (n.IsNull()) {
      Error(Loc(n), "wrong-type", TrF("{} must be text, found nothing", what));
      return "";
    }
    return YamlReader::Text(n, what).value_or("");
  }

  // A mapping's entries (ForEachKey), after checking that it is one.
  template <typename F>
  void ForEach(const YAML::Node& map, const std::string& what,
               const std::vector<std::string_view>& known, F&& f) {
    if (!map.IsMap()) {
      Error(Loc(map), "wrong-type", TrF("{} must be a mapping", what));
      return;
    }
    ForEachKey(map, what, known, std::forward<F>(f));
  }
};

void ReadBand(PolicyReader& r, const YAML::Node& n, const std::string& what, Band* band) {
  if (!n.IsSequence() || n.size() != 2) {
    r.Error(r.Loc(n), "wrong-type", TrF("{} must be [low, high] in percent", what));
    return;
  }
  auto lo = r.Number(n[0], TrF("{} low", what), 0, 100);
  auto hi = r.Number(n[1], TrF("{} high", what), 0, 100);
  if (!lo || !hi) return;
  if (*lo > *hi) {
    r.Error(r.Loc(n), "bad-band",
            TrF("{}: low {} is above high {}", what, FormatNumber(*lo), FormatNumber(*hi)));
    return;
  }
  *band = Band{*lo, *hi};
}

// A setting that is one of a few words: its enum, or an error that lists the words.
template <typename E>
void ReadEnum(PolicyReader& r, const YAML::Node& n, const std::string& what,
              std::initializer_list<std::pair<const char*, E>> words, E* out) {
  const std::string d = r.Text(n, what);
  std::string list;
  std::size_t i = 0;
  for (const auto& [word, value] : words) {
    if (d == word) {
      *out = value;
      return;
    }
    list += std::string(i == 0 ? "" : i + 1 == words.size() ? Tr(" or ") : ", ") + word;
    ++i;
  }
  r.Error(r.Loc(n), "bad-enum", TrF("unknown {} {} (expected {})", what, Quoted(d), list));
}

void ReadExecution(PolicyReader& r, const YAML::Node& v, Policy& p) {
  r.ForEach(v, "execution", {"weight", "denominator", "rounding", "explain_below"},
            [&](const std::string& k, const YAML::Node&, const YAML::Node& x) {
              if (k == "weight") {
                if (auto w = r.Number(x, "execution.weight", 0, 100)) p.execution_weight = *w;
              } else if (k == "explain_below") {
                if (auto w = r.Number(x, "execution.explain_below", 0, 1))
                  p.explain_execution_below = *w;
              } else if (k == "denominator") {
                ReadEnum(r, x, k,
                         {std::pair{"annual", ExecutionDenominator::kAnnual},
                          std::pair{"initial", ExecutionDenominator::kInitial}},
                         &p.denominator);
              } else if (k == "rounding") {
                ReadEnum(r, x, k,
                         {std::pair{"exact", ExecutionRounding::kExact},
                          std::pair{"floor", ExecutionRounding::kFloor},
                          std::pair{"nearest", ExecutionRounding::kNearest}},
                         &p.execution_rounding);
              }
            });
}

void ReadCaps(PolicyReader& r, const YAML::Node& v, Policy& p) {
  r.ForEach(v, "caps", {}, [&](const std::string& k, const YAML::Node& kn, const YAML::Node& x) {
    auto l1 = ParseLevel1(k);
    if (!l1) {
      r.Error(r.Loc(kn), "unknown-level",
              TrF("unknown 一级指标 {} (expected 成本指标, 产出指标, 效益指标 or 满意度指标)",
                  Quoted(k)));
      return;
    }
    if (p.caps.count(*l1)) {
      r.Error(r.Loc(kn), "duplicate-key", TrF("cap for {} given twice", Level1Name(*l1)));
      return;
    }
    if (auto c = r.Number(x, TrF("cap of {}", k), 0, 100)) p.caps[*l1] = *c;
  });
}

void ReadThresholds(PolicyReader& r, const YAML::Node& v, Policy& p) {
  r.ForEach(v, "thresholds",
            {"over_achievement", "completion_ahead_of_execution", "budget_change", "value_changes"},
            [&](const std::string& k, const YAML::Node&, const YAML::Node& x) {
              if (k == "over_achievement") {
                if (auto t = r.Number(x, k, 1, 100)) p.over_achievement = *t;
              } else if (k == "budget_change") {
                if (auto t = r.Number(x, k, 0, 100)) p.budget_change = *t;
              } else if (k == "value_changes") {
                if (auto t = r.Number(x, k, 1, 1000)) p.value_changes = static_cast<int>(*t);
              } else if (auto t = r.Number(x, k, 0, 100)) {
                p.completion_ahead_of_execution = *t;
              }
            });
}

// entry: what the entry check of an actual value accepts (scoring/entry.h).
void ReadEntry(PolicyReader& r, const YAML::Node& v, Policy& p) {
  r.ForEach(v, "entry", {"fraction_as_percent", "absurd_ratio"},
            [&](const std::string& k, const YAML::Node&, const YAML::Node& x) {
              if (k == "absurd_ratio") {
                if (auto t = r.Number(x, "entry.absurd_ratio", 2, 1e6)) p.entry_absurd_ratio = *t;
                return;
              }
              const std::string b = r.Text(x, "entry.fraction_as_percent");
              if (b == "true" || b == "false") {
                p.entry_fraction_as_percent = b == "true";
              } else {
                r.Error(r.Loc(x), "bad-enum",
                        TrF("entry.fraction_as_percent {}: expected true or false", Quoted(b)));
              }
            });
}

// severities: finding code → info | warning | error. Only codes of the catalogue, and not those
// whose default is error: such a finding stops the project from being scored, whatever it is
// called.
void ReadSeverities(PolicyReader& r, const YAML::Node& v, Policy& p) {
  r.ForEach(
      v, "severities", {}, [&](const std::string& code, const YAML::Node& kn, const YAML::Node& x) {
        const AuditRule* rule = FindAuditRule(code);
        if (!rule) {
          r.Error(r.Loc(kn), "unknown-code",
                  TrF("severities: {} is not a finding code (see `jixiao audit --explain CODE`; "
                      "codes are kebab-case, as printed in brackets after each finding)",
                      Quoted(code)));
          return;
        }
        if (rule->severity == Severity::kError) {
          r.Error(r.Loc(kn), "fixed-severity",
                  TrF("severities: {} is an error that stops the project from being scored: its "
                      "severity cannot be changed; remove the line",
                      Quoted(code)));
          return;
        }
        Severity sev = Severity::kWarning;
        ReadEnum(r, x, "severity of " + code,
                 {std::pair{"info", Severity::kInfo}, std::pair{"warning", Severity::kWarning},
                  std::pair{"error", Severity::kError}},
                 &sev);
        p.severities[code] = sev;
      });
}

// The settings of the root mapping, into `p`; *has_caps says whether caps were given.
void ReadSettings(PolicyReader& r, const YAML::Node& root, Policy& p, bool* has_caps) {
  r.ForEach(
      root, Tr("the policy"),
      {"name", "title", "execution", "caps", "reverse_rule", "qualitative_bands", "grades",
       "decimals", "thresholds", "entry", "severities"},
      [&](const std::string& key, const YAML::Node&, const YAML::Node& v) {
        if (key == "name") {
          p.name = r.Text(v, "name");
        } else if (key == "title") {
          p.title = r.Text(v, "title");
        } else if (key == "execution") {
          ReadExecution(r, v, p);
        } else if (key == "caps") {
          *has_caps = true;
          ReadCaps(r, v, p);
        } else if (key == "reverse_rule") {
          ReadEnum(
              r, v, key,
              {std::pair{"linear", ReverseRule::kLinear}, std::pair{"ratio", ReverseRule::kRatio}},
              &p.reverse_rule);
        } else if (key == "qualitative_bands") {
          r.ForEach(v, "qualitative_bands", {"达成", "部分达成", "未达成"},
                    [&](const std::string& k, const YAML::Node&, const YAML::Node& x) {
                      Band* b = k == "达成"       ? &p.achieved
                                : k == "部分达成" ? &p.partly_achieved
                                                  : &p.not_achieved;
                      ReadBand(r, x, TrF("band {}", k), b);
                    });
        } else if (key == "grades") {
          r.ForEach(
              v, "grades", {"优", "良", "中"},
              [&](const std::string& k, const YAML::Node&, const YAML::Node& x) {
                auto g = r.Number(x, TrF("grade {}", k), 0, 100);
                if (!g) return;
                (k == "优" ? p.grade_excellent : k == "良" ? p.grade_good : p.grade_pass) = *g;
              });
        } else if (key == "decimals") {
          if (auto d = r.Number(v, "decimals", 0, 6)) p.decimals = static_cast<int>(*d);
        } else if (key == "thresholds") {
          ReadThresholds(r, v, p);
        } else if (key == "entry") {
          ReadEntry(r, v, p);
        } else if (key == "severities") {
          ReadSeverities(r, v, p);
        }
      });
}

// What holds between settings: caps given and adding up with the execution weight to 100,
// grades descending. Said at the top of the file.
void CheckWhole(PolicyReader& r, const Policy& p, bool has_caps, const Diagnostics& so_far) {
  const SourceLoc top{r.file(), 1, 1};
  if (!has_caps) {
    r.Error(top, "missing-field", Tr("policy has no caps (一级指标 points)"));
  } else if (!HasErrors(so_far)) {
    double sum = p.execution_weight;
    std::string parts;
    for (const auto& [l, c] : p.caps) {
      sum += c;
      parts += ", " + Level1Name(l) + " " + FormatNumber(c, 6);
    }
    if (std::fabs(sum - 100) > 1e-9) {
      // At the top of the file, where tests/scoring/policy_test.cpp expects it.
      r.Error(top, "caps-sum",
              TrF("the execution weight and the caps add up to {}, not 100 (execution {}{})",
                  FormatNumber(sum, 6), FormatNumber(p.execution_weight, 6), parts));
    }
  }
  if (!(p.grade_excellent >= p.grade_good && p.grade_good >= p.grade_pass)) {
    r.Error(top, "bad-grades", Tr("grade thresholds must descend: 优 ≥ 良 ≥ 中"));
  }
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
  const std::optional<std::string> ready =
      ReadyYaml(text, filename, kMaxPolicyBytes, N_("policy"), &result.diagnostics);
  for (Diagnostic& d : result.diagnostics) {
    // Policy files have always reported a tab as a YAML syntax error (tests/scoring pins it).
    if (d.code == "yaml-tab") {
      d.code = "yaml-syntax";
      d.message = TrF("YAML syntax error: {}", d.message);
    }
  }
  if (!ready) return result;
  const std::string& input = *ready;
  PolicyReader r(filename, input, &result.diagnostics);
  YAML::Node root;
  try {
    root = YAML::Load(input);
  } catch (const YAML::Exception& e) {
    r.Error(r.Loc(e.mark), "yaml-syntax", TrF("YAML syntax error: {}", YamlCppMessage(e.msg)));
    return result;
  }
  Policy p;
  p.caps.clear();
  bool has_caps = false;
  try {
    ReadSettings(r, root, p, &has_caps);
  } catch (const YAML::Exception& e) {
    r.Error(r.Loc(e.mark), "yaml-syntax", TrF("YAML error: {}", e.msg));
  }
  CheckWhole(r, p, has_caps, result.diagnostics);
  if (!HasErrors(result.diagnostics)) result.policy = std::move(p);
  return result;
}

}  // namespace jixiao
