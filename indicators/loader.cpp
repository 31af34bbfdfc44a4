#include "indicators/loader.h"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "indicators/i18n.h"
#include "indicators/text.h"
#include "indicators/utf8.h"
#include "indicators/yaml_reader.h"

namespace jixiao {
namespace {

// A project file is a few KiB (the largest shipped one is under 10 KiB): 1 MiB leaves a
// hundredfold margin and keeps loading, checking and storing one file well under a second.
constexpr std::size_t kMaxFileBytes = 1u << 20;
// Longest name (project, unit, department, indicator), in characters.
constexpr std::size_t kMaxNameChars = 200;

// User text quoted in a message: short, on one line.
std::string Q(std::string_view text) { return Quoted(text); }

// Definition files report a key that is not text as a schema error.
class Reader : public YamlReader {
 public:
  Reader(std::string file, std::string_view text, Diagnostics* out)
      : YamlReader(std::move(file), text, out, "schema") {}

  // A number; a negative one is refused unless allowed.
  std::optional<double> Number(const YAML::Node& n, const std::string& what, bool allow_negative) {
    auto v = YamlReader::Number(n, what);
    if (v && !allow_negative && *v < 0) {
      Error(Loc(n), "bad-number", TrF("{} {} must not be negative", what, Q(n.Scalar())));
      return std::nullopt;
    }
    return v;
  }

  // A name (project, unit, indicator …): text of at most kMaxNameChars characters, without a
  // control character (indicators/text.h: the rules of every door).
  std::optional<std::string> Name(const YAML::Node& n, const std::string& what,
                                  TextField field = TextField::kUnit) {
    auto t = Text(n, what);
    if (t) {
      if (auto e = CheckFreeText(field, *t)) {
        Error(Loc(n), e->code(), TrF("{}: {}", what, e->what()));
        return std::nullopt;
      }
    }
    if (t && utf8::Length(*t) > kMaxNameChars) {
      const bool swallowed = t->find(": ") != std::string::npos;
      Error(Loc(n), "too-long",
            TrF("{} is {} characters long (at most {}): {}", what, utf8::Length(*t), kMaxNameChars,
                Q(*t)) +
                (swallowed ? Tr(" (is a quote opened here never closed?)") : ""));
      return std::nullopt;
    }
    return t;
  }

  std::optional<Value> ParsedValue(const YAML::Node& n, const std::string& what) {
    auto text = Text(n, what);
    if (!text) return std::nullopt;
    if (text->empty()) {
      Error(Loc(n), "empty-value", TrF("{} is empty", what));
      return std::nullopt;
    }
    ParseResult r = ParseValue(*text);
    if (!r.value) {
      Error(Loc(n), "bad-value", TrF("{} in {} {}", r.error, what, Q(*text)));
      return std::nullopt;
    }
    return r.value;
  }
};

// Free text (names, units, goals, reasons) is kept as written, only trimmed: full-width
// punctuation in a project name is part of the name.
std::string Clean(std::string_view text) { return TrimText(text); }

// Values a table allows but that are most likely typing mistakes: said, not refused.
void WarnImplausible(Reader& r, const Value& v, const SourceLoc& loc, const std::string& what,
                     const std::string& indicator) {
  if (!v.is_quantity()) return;
  if (v.number < 0) {
    r.Warn(
        loc, "negative-value",
        TrF("{} {} of {} is negative: check the sign", Tr(what.c_str()), Q(v.text), Q(indicator)));
  } else if (what == "target" && v.unit.symbol == "%" && v.unit.per.empty() && v.number > 100 &&
             IsRateName(indicator)) {  // (actuals over 100%: scoring says so)
    r.Warn(loc, "percent-over-100",
           TrF("{} {} of the rate {} is over 100%: check it (a rate's target is at most 100%)",
               Tr(what.c_str()), Q(v.text), Q(indicator)));
  }
}

// What one indicator's mapping holds, before its values are parsed.
struct IndicatorFields {
  Actual actual;
  bool has_actual_fields = false;
  std::optional<double> published_score;
  bool has_target = false, name_rejected = false, has_actual = false;
  YAML::Node target_node, actual_node;
};

// Reads the keys of an indicator's mapping into `ind` and `f`.
void ReadIndicatorFields(Reader& r, const YAML::Node& node, Indicator& ind, IndicatorFields& f) {
  Actual& actual = f.actual;
  actual.loc = ind.loc;
  r.ForEachKey(
      node, Tr("an indicator"),
      {"name", "weight", "target", "actual", "judgement", "score", "reason", "applicable",
       "published_score", "note"},
      [&](const std::string& key, const YAML::Node&, const YAML::Node& v) {
        if (key == "name") {
          if (auto t = r.Name(v, Tr("indicator name"), TextField::kIndicatorName)) {
            ind.name = Clean(*t);
          } else {
            f.name_rejected = true;
          }
        } else if (key == "weight") {
          ind.weight_loc = r.Loc(v);
          if (auto w = r.Number(v, Tr("weight"), false)) {
            if (*w > 100) {
              r.Error(r.Loc(v), "bad-weight",
                      TrF("weight {} is more than the 100 points of a 自评表", FormatNumber(*w)));
            } else {
              ind.weight = *w;
            }
          }
        } else if (key == "target") {
          f.has_target = true;
          f.target_node.reset(v);
          ind.target_loc = r.Loc(v);
        } else if (key == "actual") {
          f.actual_node.reset(v);
          f.has_actual = true;
          actual.loc = r.Loc(v);
          f.has_actual_fields = true;
        } else if (key == "judgement") {
          f.has_actual_fields = true;
          if (auto t = r.Text(v, Tr("judgement"))) {
            auto j = ParseJudgement(*t);
            if (!j) {
              r.Error(r.Loc(v), "bad-judgement",
                      TrF("unknown judgement {} (expected 达成, 部分达成 or 未达成)", Q(*t)));
            } else {
              actual.judgement = *j;
            }
          }
        } else if (key == "score") {
          f.has_actual_fields = true;
          actual.score_loc = r.Loc(v);
          if (auto s = r.Number(v, Tr("score"), false)) actual.score = s;
        } else if (key == "reason") {
          f.has_actual_fields = true;
          if (auto t = r.Text(v, Tr("reason"))) {
            if (auto e = CheckFreeText(TextField::kReason, *t)) {
              r.Error(r.Loc(v), e->code(), TrF("reason: {}", e->what()));
            } else {
              actual.reason = Clean(*t);
            }
          }
        } else if (key == "applicable") {
          if (!v.IsScalar() || (v.Scalar() != "true" && v.Scalar() != "false")) {
            r.Error(r.Loc(v), "wrong-type",
                    v.IsScalar() ? TrF("applicable must be true or false, found {} (false: the "
                                       "indicator is not assessed)",
                                       Q(v.Scalar()))
                                 : Tr("applicable must be true or false (false: the indicator is "
                                      "not assessed)"));
          } else {
            ind.applicable = v.Scalar() == "true";
          }
        } else if (key == "published_score") {
          f.published_score = r.Number(v, "published_score", false);
        }
      });
}

// The target, parsed and resolved (warnings for readings that need a look); false when it
// cannot be read.
bool ReadTarget(Reader& r, const YAML::Node& target_node, Level2 l2, Indicator& ind) {
  auto target = r.ParsedValue(target_node, Tr("target"));
  if (!target) return false;
  ind.target = std::move(*target);
  ImplyContext ctx{l2 == Level2::kTimeliness, IsRateName(ind.name)};
  const std::string guess = ResolveImplied(ind.target, ctx);
  if (!guess.empty()) r.Warn(ind.target_loc, "ambiguous-target", guess);  // i18n: translated
  if (!ind.target.is_quantity() && ind.target.op == Operator::kNone &&
      ind.target.form == QualitativeForm::kJudgement) {
    r.Warn(ind.target_loc, "text-target-with-number",
           TrF("target '{}' has a number inside text: it is scored by judgement (write it as a "
               "quantity, e.g. '≤10个工作日' or '=20项', to score it by formula)",
               ind.target.text));
  }
  WarnImplausible(r, ind.target, ind.target_loc, "target", ind.name);
  return true;
}

void ReadIndicator(Reader& r, const YAML::Node& node, Level1 l1, Level2 l2,
                   const std::string& l1_text, const std::string& l2_text,
                   const SourceLoc& level1_loc, ProjectFile* pf, std::set<std::string>* keys) {
  if (!node.IsMap()) {
    r.Error(r.Loc(node), "wrong-type",
            TrF("an indicator must be a mapping {{name: …, weight: …, target: …}}, found {}",
                Reader::KindName(node)));
    return;
  }
  Indicator ind;
  ind.level1 = l1;
  ind.level2 = l2;
  ind.level1_text = l1_text;
  ind.level2_text = l2_text;
  ind.loc = r.Loc(node);
  ind.level1_loc = level1_loc;
  IndicatorFields f;
  ReadIndicatorFields(r, node, ind, f);

  if (ind.name.empty()) {
    if (!f.name_rejected) r.Error(ind.loc, "missing-field", Tr("indicator has no name"));
    return;
  }
  if (!f.has_target) {
    r.Error(ind.loc, "missing-field", TrF("indicator {} has no target", Q(ind.name)));
    return;
  }
  if (!ReadTarget(r, f.target_node, l2, ind)) return;

  ind.key = Level1Name(l1) + "/" + Level2Name(l2) + "/" + ind.name;
  if (!keys->insert(ind.key).second) {
    const Indicator* first = pf->project.Find(ind.key);
    r.Error(ind.loc, "duplicate-indicator",
            first ? TrF("duplicate indicator {} under {}/{} (first at line {})", Q(ind.name),
                        l1_text, l2_text, first->loc.line)
                  : TrF("duplicate indicator {} under {}/{}", Q(ind.name), l1_text, l2_text));
    int n = 2;
    while (!keys->insert(ind.key + "#" + std::to_string(n)).second) ++n;
    ind.key += "#" + std::to_string(n);
  }

  if (f.has_actual) {
    if (auto a = r.ParsedValue(f.actual_node, Tr("actual"))) {
      if (a->is_quantity() && a->op != Operator::kNone) {
        r.Warn(f.actual.loc, "actual-has-operator",
               TrF("actual '{}' repeats an operator: read as {}{}; an actual should be a value",
                   a->text, FormatNumber(a->number, 6), a->unit.text));
        a->op = Operator::kNone;
      }
      WarnImplausible(r, *a, f.actual.loc, "actual", ind.name);
      f.actual.value = std::move(*a);
    }
  }
  if (f.published_score) pf->published.indicator_scores[ind.key] = *f.published_score;
  if (f.has_actual_fields) pf->results.actuals[ind.key] = std::move(f.actual);
  pf->project.indicators.push_back(std::move(ind));
}

void ReadIndicators(Reader& r, const YAML::Node& node, ProjectFile* pf) {
  if (!node.IsMap()) {
    r.Error(r.Loc(node), "wrong-type",
            TrF("indicators must be a mapping 一级 → 二级 → list of indicators, found {}",
                Reader::KindName(node)));
    return;
  }
  std::set<std::string> keys;
  r.ForEachKey(
      node, "indicators", {},
      [&](const std::string& l1_text, const YAML::Node& k1, const YAML::Node& v1) {
        auto l1 = ParseLevel1(l1_text);
        if (!l1) {
          r.Error(r.Loc(k1), "unknown-level",
                  TrF("unknown 一级指标 {} (expected 成本指标, 产出指标, 效益指标 or 满意度指标)",
                      Q(l1_text)));
          return;
        }
        if (!v1.IsMap()) {
          r.Error(r.Loc(v1), "wrong-type",
                  TrF("{} must be a mapping of 二级指标, found {}", l1_text, Reader::KindName(v1)));
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
                        where.empty() ? TrF("unknown 二级指标 {} under {} (expected {})",
                                            Q(l2_text), l1_text, Level2Choices(*l1))
                                      : TrF("二级指标 {} belongs under {}, not {}", Q(l2_text),
                                            where, l1_text));
                return;
              }
              if (!v2.IsSequence()) {
                r.Error(r.Loc(v2), "wrong-type",
                        TrF("{} must be a list of indicators (- name: …), found {}", l2_text,
                            Reader::KindName(v2)));
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
    r.Error(b.loc, "wrong-type", TrF("budget must be a mapping, found {}", Reader::KindName(node)));
    return;
  }
  bool has_annual = false;
  r.ForEachKey(
      node, "budget",
      {"initial", "annual", "executed", "explanation", "change_explanation", "sources"},
      [&](const std::string& key, const YAML::Node&, const YAML::Node& v) {
        if (key == "initial") {
          b.initial_loc = r.Loc(v);
          b.initial = r.Number(v, "budget.initial", false);
        } else if (key == "explanation" || key == "change_explanation") {
          const std::string what = "budget." + key;
          if (auto t = r.Text(v, what)) {
            if (auto e = CheckFreeText(TextField::kExplanation, *t)) {
              r.Error(r.Loc(v), e->code(), what + ": " + e->what());
            } else {
              (key == "explanation" ? pf->results.execution_explanation
                                    : pf->results.budget_change_explanation) = Clean(*t);
            }
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
            r.Error(r.Loc(v), "wrong-type",
                    TrF("budget.sources must be a mapping of fund sources, found {}",
                        Reader::KindName(v)));
            return;
          }
          r.ForEachKey(v, "budget.sources", {},
                       [&](const std::string& name, const YAML::Node&, const YAML::Node& sv) {
                         FundSource src;
                         src.name = name;
                         if (!sv.IsNull() && !sv.IsMap()) {
                           r.Error(r.Loc(sv), "wrong-type",
                                   TrF("fund source {} must be a mapping {{initial, annual, "
                                       "executed}}, found {}",
                                       Q(name), Reader::KindName(sv)));
                           return;
                         }
                         if (sv.IsMap()) {
                           r.ForEachKey(
                               sv, TrF("fund source {}", Q(name)),
                               {"initial", "annual", "executed"},
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
  if (!has_annual) r.Error(b.loc, "missing-field", Tr("budget has no annual (全年预算数)"));
}

// goal: text (the planned goal), or {planned, achieved}.
void ReadGoal(Reader& r, const YAML::Node& v, ProjectFile* pf) {
  if (v.IsScalar()) {
    pf->project.goal_planned = Clean(v.Scalar());
  } else if (v.IsMap()) {
    r.ForEachKey(v, "goal", {"planned", "achieved", "summary"},
                 [&](const std::string& k, const YAML::Node&, const YAML::Node& g) {
                   auto t = r.Text(g, "goal." + k);
                   if (!t) return;
                   (k == "planned"    ? pf->project.goal_planned
                    : k == "achieved" ? pf->results.goal_achieved
                                      : pf->results.goal_summary) = Clean(*t);
                 });
  } else if (!v.IsNull()) {
    r.Error(r.Loc(v), "wrong-type",
            TrF("goal must be text or {{planned, achieved, summary}}, found {}", Reader::KindName(v)));
  }
}

// published: the figures of a published table, to recompute.
void ReadPublished(Reader& r, const YAML::Node& v, ProjectFile* pf) {
  pf->published.loc = r.Loc(v);
  if (!v.IsMap()) {
    r.Error(r.Loc(v), "wrong-type",
            TrF("published must be a mapping, found {}", Reader::KindName(v)));
    return;
  }
  r.ForEachKey(v, "published", {"execution_score", "total", "grade"},
               [&](const std::string& k, const YAML::Node&, const YAML::Node& x) {
                 if (k == "grade") {
                   if (auto t = r.Text(x, "published.grade")) pf->published.grade = Clean(*t);
                 } else if (auto n = r.Number(x, "published." + k, false)) {
                   (k == "total" ? pf->published.total : pf->published.execution_score) = *n;
                 }
               });
}

// fund_management: the rows {item, note, issues} of the central-transfer form.
void ReadFundManagement(Reader& r, const YAML::Node& v, Project* p) {
  if (!v.IsSequence()) {
    r.Error(r.Loc(v), "wrong-type",
            TrF("fund_management must be a list, found {}", Reader::KindName(v)));
    return;
  }
  for (const auto& item : v) {
    if (!item.IsMap()) {
      r.Error(r.Loc(item), "wrong-type", Tr("a fund_management row must be a mapping"));
      continue;
    }
    FundManagementItem fm;
    r.ForEachKey(item, Tr("a fund_management row"), {"item", "note", "issues"},
                 [&](const std::string& k, const YAML::Node&, const YAML::Node& x) {
                   auto t = r.Text(x, k);
                   if (!t) return;
                   (k == "item" ? fm.item : k == "note" ? fm.note : fm.issues) = Clean(*t);
                 });
    p->fund_management.push_back(std::move(fm));
  }
}

void ReadForm(Reader& r, const YAML::Node& v, Project* p) {
  auto t = r.Text(v, "form");
  if (!t) return;
  const std::string f = NormalizeText(*t);
  if (f == "local" || f == "本级") {
    p->form = Form::kLocal;
  } else if (f == "central-transfer" || f == "中央对地方转移支付") {
    p->form = Form::kCentralTransfer;
  } else {
    r.Error(r.Loc(v), "bad-enum",
            TrF("unknown form {} (expected local or central-transfer)", Q(f)));
  }
}

void ReadTargetForm(Reader& r, const YAML::Node& v, Project* p) {
  auto t = r.Text(v, "target_form");
  if (!t) return;
  if (const auto f = ParseTargetForm(*t)) {
    p->target_form = *f;
  } else {
    r.Error(
        r.Loc(v), "bad-enum",
        TrF("unknown target_form {} (expected project (项目支出绩效目标表), policy-project "
            "(政策和项目预算绩效目标表) or special-fund (专项资金绩效目标表))",
            Q(NormalizeText(*t))));
  }
}

void ReadStatus(Reader& r, const YAML::Node& v, ProjectFile* pf) {
  auto t = r.Text(v, "status");
  if (!t) return;
  const std::string s = NormalizeText(*t);
  if (s == "implemented" || s == "已实施") {
    pf->results.status = Status::kImplemented;
  } else if (s == "not-started" || s == "项目暂未开展" || s == "未开展") {
    pf->results.status = Status::kNotStarted;
  } else {
    r.Error(r.Loc(v), "bad-enum",
            TrF("unknown status {} (expected implemented or not-started)", Q(s)));
  }
}

void ReadRoot(Reader& r, const YAML::Node& root, ProjectFile* pf) {
  Project& p = pf->project;
  bool has_name = false, has_year = false, has_unit = false, has_budget = false,
       has_indicators = false;
  r.ForEachKey(
      root, Tr("the project"),
      {"project", "year", "department", "central_department", "unit", "manager", "policy", "form",
       "target_form", "status", "budget", "goal", "indicators", "published", "fund_management", "note"},
      [&](const std::string& key, const YAML::Node&, const YAML::Node& v) {
        if (key == "project") {
          if (auto t = r.Name(v, Tr("project"), TextField::kProjectName)) {
            p.name = Clean(*t);
            has_name = true;
            if (p.name.empty())
              r.Error(r.Loc(v), "missing-field", Tr("project (项目名称) is empty"));
          } else {
            has_name = true;  // a bad name is its own error, not also a missing one
          }
        } else if (key == "year") {
          has_year = true;  // a bad year is its own error, not also a missing one
          if (auto y = r.Number(v, Tr("year"), false)) {
            if (*y != std::floor(*y) || *y < 1990 || *y > 2100) {
              r.Error(r.Loc(v), "bad-number", TrF("year '{}' is not a year", v.Scalar()));
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
            if (p.unit.empty())
              r.Error(r.Loc(v), "missing-field", Tr("unit (项目实施单位) is empty"));
          } else {
            has_unit = true;
          }
        } else if (key == "manager") {
          if (auto t = r.Name(v, key)) p.manager = Clean(*t);
        } else if (key == "policy") {
          p.policy_loc = r.Loc(v);
          if (auto t = r.Text(v, key)) p.policy = NormalizeText(*t);
        } else if (key == "form") {
          ReadForm(r, v, &p);
        } else if (key == "target_form") {
          ReadTargetForm(r, v, &p);
        } else if (key == "status") {
          ReadStatus(r, v, pf);
        } else if (key == "budget") {
          has_budget = true;
          ReadBudget(r, v, pf);
        } else if (key == "goal") {
          ReadGoal(r, v, pf);
        } else if (key == "indicators") {
          has_indicators = true;
          ReadIndicators(r, v, pf);
        } else if (key == "published") {
          ReadPublished(r, v, pf);
        } else if (key == "fund_management") {
          ReadFundManagement(r, v, &p);
        }
      });
  const SourceLoc top{r.file(), 1, 1};
  if (!has_name) r.Error(top, "missing-field", Tr("missing 'project' (项目名称)"));
  if (!has_year) r.Error(top, "missing-field", Tr("missing 'year'"));
  if (!has_unit) r.Error(top, "missing-field", Tr("missing 'unit' (项目实施单位)"));
  if (!has_budget) r.Error(top, "missing-field", Tr("missing 'budget'"));
  if (!has_indicators) r.Error(top, "missing-field", Tr("missing 'indicators'"));
}

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

bool ModelComplete(const Diagnostics& load_diagnostics) {
  return std::none_of(load_diagnostics.begin(), load_diagnostics.end(), [](const Diagnostic& d) {
    return d.severity == Severity::kError && d.code != "duplicate-indicator";
  });
}

LoadResult LoadProjectText(std::string_view input, const std::string& filename) {
  LoadResult result;
  const std::optional<std::string> ready =
      ReadyYaml(input, filename, kMaxFileBytes, N_("project"), &result.diagnostics);
  if (!ready) return result;
  const std::string& text = *ready;

  Reader reader(filename, text, &result.diagnostics);
  YAML::Node root;
  try {
    std::vector<YAML::Node> docs = YAML::LoadAll(text);
    if (docs.size() > 1) {
      reader.Error(SourceLoc{filename, SecondDocumentLine(text), 1}, "multiple-documents",
                   Tr("a second YAML document (after '---'): a project file holds one project; "
                      "put each project in its own file"));
      return result;
    }
    if (!docs.empty()) root = docs.front();
  } catch (const YAML::DeepRecursion& e) {
    reader.Error(reader.Loc(e.mark), "too-deep",
                 TrF("YAML nested too deep ({} levels; a project file needs 6)", e.depth()));
    return result;
  } catch (const YAML::Exception& e) {
    reader.Error(reader.Loc(e.mark), "yaml-syntax", SyntaxMessage(text, e));  // i18n: translated
    return result;
  }
  if (!root.IsMap()) {
    reader.Error(reader.Loc(root), "wrong-type",
                 TrF("a project file must be a mapping (project:, year:, unit:, budget:, "
                     "indicators:), found {}",
                     Reader::KindName(root)));
    return result;
  }
  ProjectFile pf;
  pf.project.loc = SourceLoc{filename, 0, 0};
  try {
    ReadRoot(reader, root, &pf);
  } catch (const YAML::Exception& e) {
    // yaml-cpp throws on some malformed node accesses; report, never crash.
    reader.Error(reader.Loc(e.mark), "yaml-syntax", TrF("YAML error: {}", e.msg));
  }
  if (pf.project.indicators.empty() && !HasErrors(result.diagnostics)) {
    reader.Error(SourceLoc{filename, 1, 1}, "no-indicators", Tr("project has no indicators"));
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
                                       TrF("cannot read file: {}", ec.message())});
    return r;
  }
  if (auto big = TooLarge(size, kMaxFileBytes, name, N_("project"))) {  // before reading it
    LoadResult r;
    r.diagnostics.push_back(std::move(*big));
    return r;
  }
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  if (!in && !in.eof()) {
    LoadResult r;
    r.diagnostics.push_back(
        Diagnostic{Severity::kError, "io", SourceLoc{name, 0, 0}, Tr("cannot read file")});
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
        // unit.yaml is the unit's settings, not a project (engine/batch/unit.h).
        if (it->is_regular_file() && (ext == ".yaml" || ext == ".yml") &&
            it->path().filename() != "unit.yaml")
          found.push_back(it->path());
      }
      if (found.empty()) throw IoError(TrF("{}: no .yaml or .yml file in this folder", p));
      std::sort(found.begin(), found.end());
      out.insert(out.end(), found.begin(), found.end());
    } else if (fs::exists(p, ec)) {
      out.emplace_back(p);
    } else {
      throw IoError(TrF("{}: no such file or folder", p));
    }
  }
  return out;
}

}  // namespace jixiao