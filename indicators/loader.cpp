#include "indicators/loader.h"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/parser.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "indicators/utf8.h"

namespace jixiao {
namespace {

// A project file is a few KiB (the largest shipped one is under 10 KiB): 1 MiB leaves a
// hundredfold margin and keeps loading, checking and storing one file well under a second.
constexpr std::size_t kMaxFileBytes = 1u << 20;
// Deepest nesting of [ and { accepted: a project file needs 2 (a flow-style indicator), yaml-cpp
// recurses once per level, and its own guard (2000 levels) answers only "bad file".
constexpr int kMaxFlowDepth = 64;
// Longest name (project, unit, department, indicator), in characters.
constexpr std::size_t kMaxNameChars = 200;

// User text quoted in a message: short, on one line.
std::string Q(std::string_view text) { return "'" + Excerpt(text, 80) + "'"; }

// Reads one definition file, collecting diagnostics instead of stopping at the first.
class Reader {
 public:
  Reader(std::string file, std::string_view text, Diagnostics* out)
      : file_(std::move(file)), text_(text), out_(out) {}

  SourceLoc Loc(const YAML::Node& n) const { return Loc(n.Mark()); }

  SourceLoc Loc(const YAML::Mark& m) const {
    return LocateMark(file_, text_, m.line, m.column, m.pos);
  }

  void Error(const SourceLoc& loc, std::string code, std::string message) {
    out_->push_back(Diagnostic{Severity::kError, std::move(code), loc, std::move(message)});
  }
  void Warn(const SourceLoc& loc, std::string code, std::string message) {
    out_->push_back(Diagnostic{Severity::kWarning, std::move(code), loc, std::move(message)});
  }

  static std::string KindName(const YAML::Node& n) {
    if (n.IsMap()) return "a mapping";
    if (n.IsSequence()) return "a list";
    if (n.IsNull()) return "nothing";
    return Q(n.Scalar());
  }

  // Iterates a mapping's entries in order, refusing duplicate and unknown keys.
  template <typename F>
  void ForEachKey(const YAML::Node& map, const std::string& what,
                  const std::vector<std::string_view>& known, F&& f) {
    std::set<std::string> seen;
    for (auto it = map.begin(); it != map.end(); ++it) {
      // Copies: `it->first` lives in a temporary that dies with the statement (yaml-cpp's
      // iterator yields its pairs by value); a reference to it dangled (found by fuzz_loader).
      const YAML::Node k = it->first;
      const YAML::Node v = it->second;
      if (!k.IsScalar()) {
        Error(Loc(k), "schema", "a key of " + what + " must be text, found " + KindName(k));
        continue;
      }
      const std::string key = k.Scalar();
      if (!seen.insert(key).second) {
        Error(Loc(k), "duplicate-key", "duplicate key " + Q(key) + " in " + what);
        continue;
      }
      if (!known.empty() && std::find(known.begin(), known.end(), key) == known.end()) {
        std::string list;
        for (auto kk : known) list += (list.empty() ? "" : ", ") + std::string(kk);
        Error(Loc(k), "unknown-key",
              "unknown key " + Q(key) + " in " + what + " (expected " + list + ")");
        continue;
      }
      f(key, k, v);
    }
  }

  std::optional<std::string> Text(const YAML::Node& n, const std::string& what) {
    if (n.IsNull()) return std::string();
    if (!n.IsScalar()) {
      Error(Loc(n), "wrong-type", what + " must be text, found " + KindName(n));
      return std::nullopt;
    }
    return n.Scalar();
  }

  // "20分", "50万元", "2024年": a number with the unit the field already implies.
  static std::string UnitHint(std::string_view text) {
    const ParseResult r = ParseValue(text);
    if (!r.value || !r.value->is_quantity() || r.value->op != Operator::kNone) return "";
    const std::string& unit = r.value->unit.text;
    if (unit != "分" && unit != "万元" && unit != "元" && unit != "年" && unit != "%") return "";
    if (unit == "元") return " (write the figure in 万元, without the unit)";
    return " (write the number alone: " + FormatNumber(r.value->number, 6) + "; the unit " + unit +
           " is implied)";
  }

  // A name (project, unit, indicator …): text of at most kMaxNameChars characters.
  std::optional<std::string> Name(const YAML::Node& n, const std::string& what) {
    auto t = Text(n, what);
    if (t && utf8::Length(*t) > kMaxNameChars) {
      const bool swallowed = t->find(": ") != std::string::npos;
      Error(Loc(n), "too-long",
            what + " is " + std::to_string(utf8::Length(*t)) + " characters long (at most " +
                std::to_string(kMaxNameChars) + "): " + Q(*t) +
                (swallowed ? " (is a quote opened here never closed?)" : ""));
      return std::nullopt;
    }
    return t;
  }

  std::optional<double> Number(const YAML::Node& n, const std::string& what, bool allow_negative) {
    if (!n.IsScalar()) {
      Error(Loc(n), "wrong-type", what + " must be a number, found " + KindName(n));
      return std::nullopt;
    }
    std::string err;
    auto v = ParsePlainNumber(n.Scalar(), &err);
    if (!v) {
      Error(Loc(n), "bad-number", what + " " + Q(n.Scalar()) + ": " + err + UnitHint(n.Scalar()));
      return std::nullopt;
    }
    if (!allow_negative && *v < 0) {
      Error(Loc(n), "bad-number", what + " " + Q(n.Scalar()) + " must not be negative");
      return std::nullopt;
    }
    return v;
  }

  std::optional<Value> ParsedValue(const YAML::Node& n, const std::string& what) {
    auto text = Text(n, what);
    if (!text) return std::nullopt;
    if (text->empty()) {
      Error(Loc(n), "empty-value", what + " is empty");
      return std::nullopt;
    }
    ParseResult r = ParseValue(*text);
    if (!r.value) {
      Error(Loc(n), "bad-value", r.error + " in " + what + " " + Q(*text));
      return std::nullopt;
    }
    return r.value;
  }

  const std::string& file() const { return file_; }

 private:
  std::string file_;
  std::string_view text_;
  Diagnostics* out_;
};

// Free text (names, units, goals, reasons) is kept as written, only trimmed: full-width
// punctuation in a project name is part of the name.
std::string Clean(std::string_view text) { return TrimText(text); }

// Values a table allows but that are most likely typing mistakes: said, not refused.
void WarnImplausible(Reader& r, const Value& v, const SourceLoc& loc, const std::string& what,
                     const std::string& indicator) {
  if (!v.is_quantity()) return;
  if (v.number < 0) {
    r.Warn(loc, "negative-value",
           what + " " + Q(v.text) + " of " + Q(indicator) + " is negative: check the sign");
  } else if (what == "target" && v.unit.symbol == "%" && v.unit.per.empty() && v.number > 100 &&
             IsRateName(indicator)) {  // (actuals over 100%: scoring says so)
    r.Warn(loc, "percent-over-100",
           what + " " + Q(v.text) + " of the rate " + Q(indicator) +
               " is over 100%: check it (a rate's target is at most 100%)");
  }
}

void ReadIndicator(Reader& r, const YAML::Node& node, Level1 l1, Level2 l2,
                   const std::string& l1_text, const std::string& l2_text,
                   const SourceLoc& level1_loc, ProjectFile* pf, std::set<std::string>* keys) {
  if (!node.IsMap()) {
    r.Error(r.Loc(node), "wrong-type",
            "an indicator must be a mapping {name: …, weight: …, target: …}, found " +
                Reader::KindName(node));
    return;
  }
  Indicator ind;
  ind.level1 = l1;
  ind.level2 = l2;
  ind.level1_text = l1_text;
  ind.level2_text = l2_text;
  ind.loc = r.Loc(node);
  ind.level1_loc = level1_loc;
  Actual actual;
  actual.loc = ind.loc;
  bool has_actual_fields = false;
  std::optional<double> published_score;
  bool has_target = false, name_rejected = false;
  YAML::Node target_node, actual_node;
  bool has_actual = false;

  r.ForEachKey(
      node, "an indicator",
      {"name", "weight", "target", "actual", "judgement", "score", "reason", "applicable",
       "published_score", "note"},
      [&](const std::string& key, const YAML::Node& k, const YAML::Node& v) {
        if (key == "name") {
          if (auto t = r.Name(v, "indicator name")) {
            ind.name = Clean(*t);
          } else {
            name_rejected = true;
          }
        } else if (key == "weight") {
          ind.weight_loc = r.Loc(v);
          if (auto w = r.Number(v, "weight", false)) {
            if (*w > 100) {
              r.Error(r.Loc(v), "bad-weight",
                      "weight " + FormatNumber(*w) + " is more than the 100 points of a 自评表");
            } else {
              ind.weight = *w;
            }
          }
        } else if (key == "target") {
          has_target = true;
          target_node.reset(v);
          ind.target_loc = r.Loc(v);
        } else if (key == "actual") {
          actual_node.reset(v);
          has_actual = true;
          actual.loc = r.Loc(v);
          has_actual_fields = true;
        } else if (key == "judgement") {
          has_actual_fields = true;
          if (auto t = r.Text(v, "judgement")) {
            auto j = ParseJudgement(*t);
            if (!j) {
              r.Error(r.Loc(v), "bad-judgement",
                      "unknown judgement " + Q(*t) + " (expected 达成, 部分达成 or 未达成)");
            } else {
              actual.judgement = *j;
            }
          }
        } else if (key == "score") {
          has_actual_fields = true;
          actual.score_loc = r.Loc(v);
          if (auto s = r.Number(v, "score", false)) actual.score = s;
        } else if (key == "reason") {
          has_actual_fields = true;
          if (auto t = r.Text(v, "reason")) actual.reason = Clean(*t);
        } else if (key == "applicable") {
          if (!v.IsScalar() || (v.Scalar() != "true" && v.Scalar() != "false")) {
            r.Error(r.Loc(v), "wrong-type",
                    "applicable must be true or false" +
                        (v.IsScalar() ? ", found " + Q(v.Scalar()) : std::string()) +
                        " (false: the indicator is not assessed)");
          } else {
            ind.applicable = v.Scalar() == "true";
          }
        } else if (key == "published_score") {
          published_score = r.Number(v, "published_score", false);
        }
        (void)k;
      });

  if (ind.name.empty()) {
    if (!name_rejected) r.Error(ind.loc, "missing-field", "indicator has no name");
    return;
  }
  if (!has_target) {
    r.Error(ind.loc, "missing-field", "indicator " + Q(ind.name) + " has no target");
    return;
  }
  auto target = r.ParsedValue(target_node, "target");
  if (!target) return;
  ind.target = std::move(*target);
  ImplyContext ctx{l2 == Level2::kTimeliness, IsRateName(ind.name)};
  const std::string guess = ResolveImplied(ind.target, ctx);
  if (!guess.empty()) r.Warn(ind.target_loc, "ambiguous-target", guess);
  if (!ind.target.is_quantity() && ind.target.op == Operator::kNone &&
      ind.target.form == QualitativeForm::kJudgement) {
    r.Warn(ind.target_loc, "text-target-with-number",
           "target '" + ind.target.text +
               "' has a number inside text: it is scored by judgement (write it as a quantity, "
               "e.g. '≤10个工作日' or '=20项', to score it by formula)");
  }

  WarnImplausible(r, ind.target, ind.target_loc, "target", ind.name);

  ind.key = Level1Name(l1) + "/" + Level2Name(l2) + "/" + ind.name;
  if (!keys->insert(ind.key).second) {
    const Indicator* first = pf->project.Find(ind.key);
    r.Error(ind.loc, "duplicate-indicator",
            "duplicate indicator " + Q(ind.name) + " under " + l1_text + "/" + l2_text +
                (first ? " (first at line " + std::to_string(first->loc.line) + ")" : ""));
    int n = 2;
    while (!keys->insert(ind.key + "#" + std::to_string(n)).second) ++n;
    ind.key += "#" + std::to_string(n);
  }

  if (has_actual) {
    if (auto a = r.ParsedValue(actual_node, "actual")) {
      if (a->is_quantity() && a->op != Operator::kNone) {
        r.Warn(actual.loc, "actual-has-operator",
               "actual '" + a->text + "' repeats an operator: read as " +
                   FormatNumber(a->number, 6) + a->unit.text + "; an actual should be a value");
        a->op = Operator::kNone;
      }
      WarnImplausible(r, *a, actual.loc, "actual", ind.name);
      actual.value = std::move(*a);
    }
  }
  if (published_score) pf->published.indicator_scores[ind.key] = *published_score;
  if (has_actual_fields) pf->results.actuals[ind.key] = std::move(actual);
  pf->project.indicators.push_back(std::move(ind));
}

void ReadIndicators(Reader& r, const YAML::Node& node, ProjectFile* pf) {
  if (!node.IsMap()) {
    r.Error(r.Loc(node), "wrong-type",
            "indicators must be a mapping 一级 → 二级 → list of indicators, found " +
                Reader::KindName(node));
    return;
  }
  std::set<std::string> keys;
  r.ForEachKey(
      node, "indicators", {},
      [&](const std::string& l1_text, const YAML::Node& k1, const YAML::Node& v1) {
        auto l1 = ParseLevel1(l1_text);
        if (!l1) {
          r.Error(r.Loc(k1), "unknown-level",
                  "unknown 一级指标 " + Q(l1_text) +
                      " (expected 成本指标, 产出指标, 效益指标 or 满意度指标)");
          return;
        }
        if (!v1.IsMap()) {
          r.Error(r.Loc(v1), "wrong-type",
                  l1_text + " must be a mapping of 二级指标, found " + Reader::KindName(v1));
          return;
        }
        r.ForEachKey(
            v1, l1_text, {},
            [&](const std::string& l2_text, const YAML::Node& k2, const YAML::Node& v2) {
              auto l2 = ParseLevel2(l2_text, *l1);
              if (!l2) {
                std::string where;
                for (Level1 other :
                     {Level1::kCost, Level1::kOutput, Level1::kEffect, Level1::kSatisfaction}) {
                  if (other != *l1 && ParseLevel2(l2_text, other)) where = Level1Name(other);
                }
                r.Error(r.Loc(k2), "unknown-level",
                        where.empty() ? "unknown 二级指标 " + Q(l2_text) + " under " + l1_text +
                                            " (expected " + Level2Choices(*l1) + ")"
                                      : "二级指标 " + Q(l2_text) + " belongs under " + where +
                                            ", not " + l1_text);
                return;
              }
              if (!v2.IsSequence()) {
                r.Error(r.Loc(v2), "wrong-type",
                        l2_text + " must be a list of indicators (- name: …), found " +
                            Reader::KindName(v2));
                return;
              }
              for (const auto& item : v2)
                ReadIndicator(r, item, *l1, *l2, l1_text, l2_text, r.Loc(k1), pf, &keys);
            });
      });
}

void ReadBudget(Reader& r, const YAML::Node& node, ProjectFile* pf) {
  Budget& b = pf->project.budget;
  b.loc = r.Loc(node);
  if (!node.IsMap()) {
    r.Error(b.loc, "wrong-type", "budget must be a mapping, found " + Reader::KindName(node));
    return;
  }
  bool has_annual = false;
  r.ForEachKey(
      node, "budget", {"initial", "annual", "executed", "explanation", "sources"},
      [&](const std::string& key, const YAML::Node&, const YAML::Node& v) {
        if (key == "initial") {
          b.initial_loc = r.Loc(v);
          b.initial = r.Number(v, "budget.initial", false);
        } else if (key == "explanation") {
          if (auto t = r.Text(v, "budget.explanation")) {
            pf->results.execution_explanation = Clean(*t);
          }
        } else if (key == "annual") {
          has_annual = true;
          b.annual_loc = r.Loc(v);
          if (auto a = r.Number(v, "budget.annual", false)) b.annual = *a;
        } else if (key == "executed") {
          pf->results.executed = r.Number(v, "budget.executed", false);
          pf->results.executed_loc = r.Loc(v);
        } else if (key == "sources") {
          if (!v.IsMap()) {
            r.Error(
                r.Loc(v), "wrong-type",
                "budget.sources must be a mapping of fund sources, found " + Reader::KindName(v));
            return;
          }
          r.ForEachKey(v, "budget.sources", {},
                       [&](const std::string& name, const YAML::Node&, const YAML::Node& sv) {
                         FundSource src;
                         src.name = name;
                         if (!sv.IsNull() && !sv.IsMap()) {
                           r.Error(r.Loc(sv), "wrong-type",
                                   "fund source " + Q(name) +
                                       " must be a mapping {initial, annual, "
                                       "executed}, found " +
                                       Reader::KindName(sv));
                           return;
                         }
                         if (sv.IsMap()) {
                           r.ForEachKey(
                               sv, "fund source " + Q(name), {"initial", "annual", "executed"},
                               [&](const std::string& k, const YAML::Node&, const YAML::Node& x) {
                                 auto n = r.Number(x, name + "." + k, false);
                                 if (!n) return;
                                 if (k == "initial") src.initial = n;
                                 if (k == "annual") src.annual = n;
                                 if (k == "executed") pf->results.source_executed[name] = *n;
                               });
                         }
                         pf->project.budget.sources.push_back(std::move(src));
                       });
        }
      });
  if (!has_annual) r.Error(b.loc, "missing-field", "budget has no annual (全年预算数)");
}

void ReadRoot(Reader& r, const YAML::Node& root, ProjectFile* pf) {
  Project& p = pf->project;
  bool has_name = false, has_year = false, has_unit = false, has_budget = false,
       has_indicators = false;
  r.ForEachKey(
      root, "the project",
      {"project", "year", "department", "central_department", "unit", "manager", "policy", "form",
       "status", "budget", "goal", "indicators", "published", "fund_management", "note"},
      [&](const std::string& key, const YAML::Node&, const YAML::Node& v) {
        if (key == "project") {
          if (auto t = r.Name(v, "project")) {
            p.name = Clean(*t);
            has_name = true;
            if (p.name.empty()) r.Error(r.Loc(v), "missing-field", "project (项目名称) is empty");
          } else {
            has_name = true;  // a bad name is its own error, not also a missing one
          }
        } else if (key == "year") {
          has_year = true;  // a bad year is its own error, not also a missing one
          if (auto y = r.Number(v, "year", false)) {
            if (*y != std::floor(*y) || *y < 1990 || *y > 2100) {
              r.Error(r.Loc(v), "bad-number", "year '" + v.Scalar() + "' is not a year");
            } else {
              p.year = static_cast<int>(*y);
            }
          }
        } else if (key == "department") {
          if (auto t = r.Name(v, key)) p.department = Clean(*t);
        } else if (key == "central_department") {
          if (auto t = r.Name(v, key)) p.central_department = Clean(*t);
        } else if (key == "unit") {
          if (auto t = r.Name(v, key)) {
            p.unit = Clean(*t);
            has_unit = true;
            if (p.unit.empty()) r.Error(r.Loc(v), "missing-field", "unit (项目实施单位) is empty");
          } else {
            has_unit = true;
          }
        } else if (key == "manager") {
          if (auto t = r.Name(v, key)) p.manager = Clean(*t);
        } else if (key == "policy") {
          p.policy_loc = r.Loc(v);
          if (auto t = r.Text(v, key)) p.policy = NormalizeText(*t);
        } else if (key == "form") {
          if (auto t = r.Text(v, key)) {
            const std::string f = NormalizeText(*t);
            if (f == "local" || f == "本级") {
              p.form = Form::kLocal;
            } else if (f == "central-transfer" || f == "中央对地方转移支付") {
              p.form = Form::kCentralTransfer;
            } else {
              r.Error(r.Loc(v), "bad-enum",
                      "unknown form " + Q(f) + " (expected local or central-transfer)");
            }
          }
        } else if (key == "status") {
          if (auto t = r.Text(v, key)) {
            const std::string s = NormalizeText(*t);
            if (s == "implemented" || s == "已实施") {
              pf->results.status = Status::kImplemented;
            } else if (s == "not-started" || s == "项目暂未开展" || s == "未开展") {
              pf->results.status = Status::kNotStarted;
            } else {
              r.Error(r.Loc(v), "bad-enum",
                      "unknown status " + Q(s) + " (expected implemented or not-started)");
            }
          }
        } else if (key == "budget") {
          has_budget = true;
          ReadBudget(r, v, pf);
        } else if (key == "goal") {
          if (v.IsScalar()) {
            p.goal_planned = Clean(v.Scalar());
          } else if (v.IsMap()) {
            r.ForEachKey(v, "goal", {"planned", "achieved"},
                         [&](const std::string& k, const YAML::Node&, const YAML::Node& g) {
                           auto t = r.Text(g, "goal." + k);
                           if (!t) return;
                           (k == "planned" ? p.goal_planned : pf->results.goal_achieved) =
                               Clean(*t);
                         });
          } else if (!v.IsNull()) {
            r.Error(r.Loc(v), "wrong-type",
                    "goal must be text or {planned, achieved}, found " + Reader::KindName(v));
          }
        } else if (key == "indicators") {
          has_indicators = true;
          ReadIndicators(r, v, pf);
        } else if (key == "published") {
          pf->published.loc = r.Loc(v);
          if (!v.IsMap()) {
            r.Error(r.Loc(v), "wrong-type",
                    "published must be a mapping, found " + Reader::KindName(v));
            return;
          }
          r.ForEachKey(v, "published", {"execution_score", "total", "grade"},
                       [&](const std::string& k, const YAML::Node&, const YAML::Node& x) {
                         if (k == "grade") {
                           if (auto t = r.Text(x, "published.grade"))
                             pf->published.grade = Clean(*t);
                         } else if (auto n = r.Number(x, "published." + k, false)) {
                           (k == "total" ? pf->published.total : pf->published.execution_score) =
                               *n;
                         }
                       });
        } else if (key == "fund_management") {
          if (!v.IsSequence()) {
            r.Error(r.Loc(v), "wrong-type",
                    "fund_management must be a list, found " + Reader::KindName(v));
            return;
          }
          for (const auto& item : v) {
            if (!item.IsMap()) {
              r.Error(r.Loc(item), "wrong-type", "a fund_management row must be a mapping");
              continue;
            }
            FundManagementItem fm;
            r.ForEachKey(item, "a fund_management row", {"item", "note", "issues"},
                         [&](const std::string& k, const YAML::Node&, const YAML::Node& x) {
                           auto t = r.Text(x, k);
                           if (!t) return;
                           (k == "item" ? fm.item : k == "note" ? fm.note : fm.issues) = Clean(*t);
                         });
            p.fund_management.push_back(std::move(fm));
          }
        }
      });
  const SourceLoc top{r.file(), 1, 1};
  if (!has_name) r.Error(top, "missing-field", "missing 'project' (项目名称)");
  if (!has_year) r.Error(top, "missing-field", "missing 'year'");
  if (!has_unit) r.Error(top, "missing-field", "missing 'unit' (项目实施单位)");
  if (!has_budget) r.Error(top, "missing-field", "missing 'budget'");
  if (!has_indicators) r.Error(top, "missing-field", "missing 'indicators'");
}

// yaml-cpp's messages name the symptom ("end of map not found") where it was noticed, often a
// line after the cause: show the line and say what usually causes it.
std::string SyntaxMessage(std::string_view text, const YAML::Exception& e) {
  std::string msg = "YAML syntax error: " + e.msg;
  if (e.mark.line >= 0) {
    std::size_t start = 0;
    for (int l = 0; l < e.mark.line && start != std::string_view::npos; ++l) {
      start = text.find('\n', start);
      if (start != std::string_view::npos) ++start;
    }
    if (start != std::string_view::npos && start < text.size()) {
      std::string_view line = text.substr(start, text.find('\n', start) - start);
      const std::string trimmed = TrimText(line);
      msg += " at " + Q(trimmed);
      // "target: >95%": a value starting with > or | opens a block scalar in YAML.
      for (std::string_view block : {": >", ": |"}) {
        const std::size_t at = trimmed.find(block);
        if (at != std::string::npos && at + block.size() < trimmed.size()) {
          return msg +
                 " (a value that starts with > or | must be quoted: " + trimmed.substr(0, at) +
                 ": '" + TrimText(trimmed.substr(at + 2)) + "')";
        }
      }
    }
  }
  return msg +
         " (look here and on the lines above for an unclosed { [ or quote, a missing ':' or a "
         "wrong indentation)";
}

// YAML forbids tabs in indentation; yaml-cpp's own message for them is obscure.
void CheckTabs(const std::string& text, const std::string& file, Diagnostics* out) {
  int line = 1;
  bool at_start = true;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\n') {
      ++line;
      at_start = true;
    } else if (at_start && c == '\t') {
      out->push_back(Diagnostic{Severity::kError, "yaml-tab", SourceLoc{file, line, 1},
                                "tab in indentation: YAML indents with spaces only"});
      at_start = false;
    } else if (c != ' ') {
      at_start = false;
    }
  }
}

// The first [ or { nested deeper than kMaxFlowDepth (quotes are not followed: a false alarm needs
// dozens of unclosed brackets in plain text), or line 0.
SourceLoc DeepFlow(std::string_view text, const std::string& file) {
  int depth = 0, line = 1, column = 0;
  bool comment = false;
  char prev = '\n';
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++column;
    if (c == '\n') {
      ++line;
      column = 0;
      comment = false;
    } else if (!comment) {
      if (c == '#' && (prev == ' ' || prev == '\n' || prev == '\t')) {
        comment = true;
      } else if (c == '[' || c == '{') {
        if (++depth > kMaxFlowDepth) return SourceLoc{file, line, column};
      } else if ((c == ']' || c == '}') && depth > 0) {
        --depth;
      }
    }
    prev = c;
  }
  return SourceLoc{file, 0, 0};
}

// yaml-cpp 0.7 never returns from some malformed input: a ',' where a value should start
// (",", "- a\n, b", "!!map ,", '"x" ,') makes its parser create nodes without end (found by
// fuzz_loader). A first pass counts the parser's events and stops it once they outnumber what the
// text could hold; returns the line where it stopped, or 0 when the parse ends by itself.
class EventBudget : public YAML::EventHandler {
 public:
  struct Exhausted {};
  explicit EventBudget(std::size_t budget) : left_(budget) {}
  void OnDocumentStart(const YAML::Mark& m) override { Spend(m); }
  void OnDocumentEnd() override { Spend(last_); }
  void OnNull(const YAML::Mark& m, YAML::anchor_t) override { Spend(m); }
  void OnAlias(const YAML::Mark& m, YAML::anchor_t) override { Spend(m); }
  void OnScalar(const YAML::Mark& m, const std::string&, YAML::anchor_t,
                const std::string&) override {
    Spend(m);
  }
  void OnSequenceStart(const YAML::Mark& m, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {
    Spend(m);
  }
  void OnSequenceEnd() override { Spend(last_); }
  void OnMapStart(const YAML::Mark& m, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {
    Spend(m);
  }
  void OnMapEnd() override { Spend(last_); }
  const YAML::Mark& last() const { return last_; }

 private:
  void Spend(const YAML::Mark& m) {
    last_ = m;
    if (left_-- == 0) throw Exhausted{};
  }
  std::size_t left_;
  YAML::Mark last_;
};

int RunawayParseLine(const std::string& text) {
  // Every event needs a byte of its own but for implicit nulls and the ends of collections: four
  // per byte is far above anything a well-formed text produces.
  EventBudget budget(4 * text.size() + 1000);
  std::istringstream in(text);
  try {
    YAML::Parser parser(in);
    while (parser.HandleNextDocument(budget)) {
    }
  } catch (const EventBudget::Exhausted&) {
    return budget.last().line + 1;
  } catch (const YAML::Exception&) {
    // A syntax error: the real parse reports it.
  }
  return 0;
}

}  // namespace

bool MayRunAway(std::string_view text) {
  // A conservative reading of YAML's flow structure: comments, quoted scalars, flow depth. Any
  // construct it does not follow exactly (block scalars, quotes or brackets in unexpected places,
  // unbalanced text) answers true.
  int depth = 0;
  char last = '\n';     // the last character that was not a space on this line ('\n': none)
  bool spaced = false;  // a space since `last`
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\n') {
      last = '\n';
      spaced = false;
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\r') {
      spaced = true;
      continue;
    }
    // Where a scalar (or a collection) may start: line start, after "- ", ": ", "? " or, in flow,
    // after [ { ,.
    const bool start = last == '\n' || ((last == '-' || last == ':' || last == '?') && spaced) ||
                       (depth > 0 && (last == '[' || last == '{' || last == ','));
    if (c == '#' && (spaced || last == '\n')) {
      const std::size_t nl = text.find('\n', i);
      if (nl == std::string_view::npos) break;
      i = nl - 1;
      continue;
    }
    if (c == '"' || c == '\'') {
      if (!start) {
        if (depth > 0) return true;  // a quote inside a flow scalar: not followed here
      } else {
        std::size_t j = i + 1;
        for (; j < text.size(); ++j) {
          if (c == '"' && text[j] == '\\') {
            ++j;
          } else if (text[j] == c) {
            if (c == '\'' && j + 1 < text.size() && text[j + 1] == '\'') {
              ++j;  // '' inside a single-quoted scalar
            } else {
              break;
            }
          }
        }
        if (j >= text.size()) return true;  // unterminated
        i = j;
      }
    } else if (c == ',') {
      if (depth == 0) return true;  // what sends yaml-cpp 0.7 into its endless parse
    } else if (c == '[' || c == '{') {
      if (start || depth > 0) ++depth;
    } else if (c == ']' || c == '}') {
      if (depth > 0) {
        --depth;
      } else if (start) {
        return true;
      }
    } else if ((c == '|' || c == '>') && start) {
      return true;  // a block scalar: its lines are text, not followed here
    }
    last = c;
    spaced = false;
  }
  return depth != 0;
}

namespace {

// The line of the '---' that starts a second document (after comments and a first '---').
int SecondDocumentLine(std::string_view text) {
  int line = 0;
  bool content = false;
  for (std::size_t start = 0; start <= text.size();) {
    std::size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) nl = text.size();
    const std::string_view l = text.substr(start, nl - start);
    ++line;
    const bool marker = l.substr(0, 3) == "---" && (l.size() == 3 || l[3] == ' ' || l[3] == '\r');
    if (marker && content) return line;
    const std::string t = TrimText(l);
    if (!t.empty() && t[0] != '#') content = true;
    start = nl + 1;
  }
  return 0;
}

}  // namespace

SourceLoc LocateMark(const std::string& file, std::string_view text, int line, int column,
                     int pos) {
  if (line < 0) return SourceLoc{file, 0, 0};
  if (pos < 0 || static_cast<std::size_t>(pos) > text.size()) {
    return SourceLoc{file, line + 1, column + 1};
  }
  const std::size_t at = static_cast<std::size_t>(pos);
  const std::size_t nl = at == 0 ? std::string_view::npos : text.rfind('\n', at - 1);
  const std::size_t start = nl == std::string_view::npos ? 0 : nl + 1;
  return SourceLoc{file, line + 1,
                   static_cast<int>(utf8::Length(text.substr(start, at - start))) + 1};
}

std::string CheckEncoding(std::string& text, int* line) {
  *line = 0;
  if (text.size() >= 3 && text.compare(0, 3, "\xEF\xBB\xBF") == 0) text.erase(0, 3);
  if (text.size() >= 2 &&
      ((text[0] == '\xFF' && text[1] == '\xFE') || (text[0] == '\xFE' && text[1] == '\xFF'))) {
    return "file is UTF-16: save it as UTF-8";
  }
  if (text.find('\0') != std::string::npos) {
    return "file contains NUL bytes (UTF-16 or binary?): save it as UTF-8";
  }
  // Control characters other than tab, line ends and form feed: not a text file.
  const auto controls = std::count_if(text.begin(), text.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return (u < 0x20 && u != '\t' && u != '\n' && u != '\r' && u != '\f') || u == 0x7F;
  });
  if (controls > 0 && static_cast<std::size_t>(controls) * 100 >= text.size()) {
    return "file is not text (" + std::to_string(controls) +
           " control characters: a binary file, or a spreadsheet saved in its own format?)";
  }
  if (utf8::Valid(text)) return "";
  std::size_t bad = 0;
  for (std::size_t i = 0, len = 0; i < text.size(); i += len) {
    if (utf8::Decode(text, i, &len) == 0xFFFD && len != 3) {
      bad = i;
      break;
    }
  }
  *line = 1 + static_cast<int>(std::count(text.begin(), text.begin() + bad, '\n'));
  // Among the bytes that are not UTF-8, GBK/GB18030 double-byte characters (a lead byte 0x81–0xFE
  // and a trail byte 0x40–0xFE): a file converted in part still names GBK, a stray Latin-1 é not.
  std::size_t pairs = 0, others = 0;
  for (std::size_t i = 0, len = 0; i < text.size(); i += len) {
    if (utf8::Decode(text, i, &len) != 0xFFFD || len == 3) continue;
    const auto a = static_cast<unsigned char>(text[i]);
    const auto b = i + 1 < text.size() ? static_cast<unsigned char>(text[i + 1]) : 0;
    if (a >= 0x81 && a <= 0xFE && b >= 0x40 && b <= 0xFE && b != 0x7F) {
      ++pairs;
      len = 2;
    } else {
      ++others;
    }
  }
  if (pairs > 0 && pairs * 10 >= (pairs + others) * 9) {
    return "file is not UTF-8; it looks like GBK/GB18030 (common from Chinese Windows software): "
           "convert it with `iconv -f GB18030 -t UTF-8`";
  }
  char byte[8];
  std::snprintf(byte, sizeof byte, "0x%02X", static_cast<unsigned char>(text[bad]));
  return std::string("file is not valid UTF-8 (byte ") + byte +
         " is not UTF-8; Latin-1 or Windows-1252?): save it as UTF-8";
}

Diagnostics PrecheckYaml(std::string& text, const std::string& filename, std::size_t max_bytes) {
  Diagnostics out;
  if (text.size() > max_bytes) {
    out.push_back(Diagnostic{Severity::kError, "too-large", SourceLoc{filename, 0, 0},
                             "file is " + std::to_string(text.size()) + " bytes; the limit is " +
                                 std::to_string(max_bytes) + " bytes (" +
                                 std::to_string(max_bytes >> 20) + " MiB)"});
    return out;
  }
  int bad_line = 0;
  if (std::string enc = CheckEncoding(text, &bad_line); !enc.empty()) {
    out.push_back(Diagnostic{Severity::kError, "encoding", SourceLoc{filename, bad_line, 0}, enc});
    return out;
  }
  if (std::all_of(text.begin(), text.end(),
                  [](char c) { return std::isspace(static_cast<unsigned char>(c)); })) {
    out.push_back(
        Diagnostic{Severity::kError, "empty-file", SourceLoc{filename, 0, 0}, "file is empty"});
    return out;
  }
  // A lone CR (classic Mac line ends) is a line break in YAML, but not to yaml-cpp: make it LF.
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r' && (i + 1 == text.size() || text[i + 1] != '\n')) text[i] = '\n';
  }
  CheckTabs(text, filename, &out);
  if (HasErrors(out)) return out;
  if (const SourceLoc deep = DeepFlow(text, filename); deep.line > 0) {
    out.push_back(Diagnostic{Severity::kError, "too-deep", deep,
                             "[ and { nested more than " + std::to_string(kMaxFlowDepth) +
                                 " levels deep (a project file needs 2): close them"});
    return out;
  }
  // The guard parses the whole text once more: only where it may be needed.
  if (const int line = MayRunAway(text) ? RunawayParseLine(text) : 0; line > 0) {
    out.push_back(Diagnostic{Severity::kError, "yaml-syntax", SourceLoc{filename, line, 0},
                             "YAML syntax error: the parser cannot get past this line (a ',' "
                             "outside [ ] or { }? quote a value that starts with a comma)"});
  }
  return out;
}

std::optional<Diagnostic> TooLarge(std::size_t size, std::size_t max_bytes,
                                   const std::string& filename, std::string_view kind) {
  if (size <= max_bytes) return std::nullopt;
  return Diagnostic{Severity::kError, "too-large", SourceLoc{filename, 0, 0},
                    "file is " + std::to_string(size) + " bytes; a " + std::string(kind) +
                        " file may have at most " + std::to_string(max_bytes) + " bytes (" +
                        std::to_string(max_bytes >> 20) + " MiB)"};
}

LoadResult LoadProjectText(std::string_view input, const std::string& filename) {
  LoadResult result;
  if (auto big = TooLarge(input.size(), kMaxFileBytes, filename, "project")) {  // before copying
    result.diagnostics.push_back(std::move(*big));
    return result;
  }
  std::string text(input);
  result.diagnostics = PrecheckYaml(text, filename, kMaxFileBytes);
  if (HasErrors(result.diagnostics)) return result;

  Reader reader(filename, text, &result.diagnostics);
  YAML::Node root;
  try {
    std::vector<YAML::Node> docs = YAML::LoadAll(text);
    if (docs.size() > 1) {
      reader.Error(SourceLoc{filename, SecondDocumentLine(text), 1}, "multiple-documents",
                   "a second YAML document (after '---'): a project file holds one project; "
                   "put each project in its own file");
      return result;
    }
    if (!docs.empty()) root = docs.front();
  } catch (const YAML::DeepRecursion& e) {
    reader.Error(
        reader.Loc(e.mark), "too-deep",
        "YAML nested too deep (" + std::to_string(e.depth()) + " levels; a project file needs 6)");
    return result;
  } catch (const YAML::Exception& e) {
    reader.Error(reader.Loc(e.mark), "yaml-syntax", SyntaxMessage(text, e));
    return result;
  }
  if (!root.IsMap()) {
    reader.Error(reader.Loc(root), "wrong-type",
                 "a project file must be a mapping (project:, year:, unit:, budget:, "
                 "indicators:), found " +
                     Reader::KindName(root));
    return result;
  }
  ProjectFile pf;
  pf.project.loc = SourceLoc{filename, 0, 0};
  try {
    ReadRoot(reader, root, &pf);
  } catch (const YAML::Exception& e) {
    // yaml-cpp throws on some malformed node accesses; report, never crash.
    reader.Error(reader.Loc(e.mark), "yaml-syntax", "YAML error: " + e.msg);
  }
  if (pf.project.indicators.empty() && !HasErrors(result.diagnostics)) {
    reader.Error(SourceLoc{filename, 1, 1}, "no-indicators", "project has no indicators");
  }
  result.file = std::move(pf);
  return result;
}

LoadResult LoadProjectFile(const std::filesystem::path& path) {
  const std::string name = path.string();
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) {
    LoadResult r;
    r.diagnostics.push_back(Diagnostic{Severity::kError, "io", SourceLoc{name, 0, 0},
                                       "cannot read file: " + ec.message()});
    return r;
  }
  if (size > kMaxFileBytes) {
    LoadResult r;
    r.diagnostics.push_back(Diagnostic{Severity::kError, "too-large", SourceLoc{name, 0, 0},
                                       "file is " + std::to_string(size) +
                                           " bytes; a project file may have at most " +
                                           std::to_string(kMaxFileBytes) + " bytes (1 MiB)"});
    return r;
  }
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  if (!in && !in.eof()) {
    LoadResult r;
    r.diagnostics.push_back(
        Diagnostic{Severity::kError, "io", SourceLoc{name, 0, 0}, "cannot read file"});
    return r;
  }
  return LoadProjectText(ss.str(), name);
}

std::vector<std::filesystem::path> ExpandPaths(const std::vector<std::string>& paths) {
  namespace fs = std::filesystem;
  std::vector<fs::path> out;
  for (const auto& p : paths) {
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      std::vector<fs::path> found;
      for (fs::recursive_directory_iterator it(p, ec), end; it != end && !ec; it.increment(ec)) {
        const auto ext = it->path().extension();
        if (it->is_regular_file() && (ext == ".yaml" || ext == ".yml")) found.push_back(it->path());
      }
      if (found.empty()) throw IoError(p + ": no .yaml or .yml file in this folder");
      std::sort(found.begin(), found.end());
      out.insert(out.end(), found.begin(), found.end());
    } else if (fs::exists(p, ec)) {
      out.emplace_back(p);
    } else {
      throw IoError(p + ": no such file or folder");
    }
  }
  return out;
}

}  // namespace jixiao
