#include "engine/report/render.h"

#include <sstream>

#include "indicators/i18n.h"
#include "indicators/text.h"
#include "indicators/utf8.h"
#include "scoring/policy.h"

namespace jixiao {
namespace {

bool IsWide(char32_t c) {
  return (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0xA4CF) ||
         (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
         (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
         (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x20000 && c <= 0x3FFFD);
}

nlohmann::json Rounded(double x, int decimals) { return RoundTo(x, decimals); }

std::string KindName(const Value& v) { return v.is_quantity() ? "quantity" : "qualitative"; }

}  // namespace

std::size_t DisplayWidth(std::string_view s) {
  std::size_t w = 0;
  for (std::size_t i = 0, len = 0; i < s.size(); i += len) {
    w += IsWide(utf8::Decode(s, i, &len)) ? 2 : 1;
  }
  return w;
}

std::string PadRight(std::string_view s, std::size_t width) {
  std::string out(s);
  for (std::size_t w = DisplayWidth(s); w < width; ++w) out.push_back(' ');
  return out;
}

ProjectScore WithLoadWarnings(const ScoredProject& p) {
  ProjectScore s = p.score;
  s.findings.insert(s.findings.begin(), p.load_warnings.begin(), p.load_warnings.end());
  return s;
}

nlohmann::json ScoredProjectJson(const ScoredProject& p) {
  return ScoreJson(WithLoadWarnings(p), p.file.results);
}

nlohmann::json DiagnosticJson(const Diagnostic& d) {
  return {{"code", d.code},
          {"severity", SeverityName(d.severity)},
          {"message", d.message},
          {"where", d.loc.str()}};
}

nlohmann::json ValueJson(std::string_view text, const ParseResult& r) {
  nlohmann::json j;
  j["text"] = std::string(text);
  if (!r.value) {
    j["error"] = r.error;
    return j;
  }
  const Value& v = *r.value;
  j["kind"] = KindName(v);
  j["operator"] = OperatorName(v.op);
  j["operator_implied"] = v.op_implied;
  if (v.is_quantity()) {
    j["number"] = v.number;
    j["unit"] = v.unit.text;
    j["unit_detail"] = {{"symbol", v.unit.symbol}, {"scale", v.unit.scale}, {"per", v.unit.per}};
  } else {
    j["number"] = nullptr;
    j["unit"] = nullptr;
    j["qualitative"] = v.qualitative;
    j["form"] = v.form == QualitativeForm::kPraise ? "praise" : "judgement";
  }
  j["direction"] = DirectionName(DirectionOf(v));
  j["notes"] = v.notes;
  return j;
}

std::string ValueText(std::string_view text, const ParseResult& r) {
  std::ostringstream o;
  o << "'" << EscapeControls(text) << "': ";
  if (!r.value) {
    o << "error: " << r.error;
    return o.str();
  }
  const Value& v = *r.value;
  if (v.is_quantity()) {
    o << "quantity, operator " << (v.op == Operator::kNone ? "none" : OperatorSymbol(v.op))
      << (v.op_implied ? " (implied)" : "") << ", number " << FormatNumber(v.number, 6);
    if (!v.unit.empty() || v.unit.scale != 1) {
      o << ", unit " << v.unit.text << " (";
      if (v.unit.scale != 1) o << "×" << FormatNumber(v.unit.scale, 6) << " ";
      o << (v.unit.symbol.empty() ? "no symbol" : v.unit.symbol);
      for (const auto& p : v.unit.per) o << "/" << p;
      o << ")";
    } else {
      o << ", no unit";
    }
  } else {
    o << "qualitative (" << (v.form == QualitativeForm::kPraise ? "praise" : "needs judgement")
      << ")";
    if (v.op != Operator::kNone) o << ", operator " << OperatorSymbol(v.op);
    o << ", text '" << v.qualitative << "'";
  }
  o << ", direction " << DirectionName(DirectionOf(v));
  for (const auto& n : v.notes) o << "; " << n;
  return o.str();
}

nlohmann::json ScoreJson(const ProjectScore& s, const Results& results) {
  const Project& p = *s.project;
  const int dec = 2;
  nlohmann::json j;
  j["name"] = p.name;
  j["year"] = p.year;
  j["unit"] = p.unit;
  j["department"] = p.department;
  j["form"] = p.form == Form::kCentralTransfer ? "central-transfer" : "local";
  j["policy"] = s.policy;
  j["file"] = p.loc.file;
  j["status"] = s.not_started ? "not-started" : "implemented";
  const ExecutionScore& e = s.execution;
  if (e.known) {
    j["execution"] = {
        {"budget", e.budget}, {"executed", e.executed}, {"rate", Rounded(e.rate, dec + 2)},
        {"weight", e.weight}, {"score", e.score},       {"formula", e.formula}};
  } else {
    j["execution"] = {{"budget", e.budget}, {"executed", nullptr}, {"rate", nullptr},
                      {"weight", e.weight}, {"score", nullptr},    {"formula", nullptr}};
  }
  nlohmann::json inds = nlohmann::json::array();
  for (const auto& is : s.indicators) {
    const Indicator& ind = *is.indicator;
    nlohmann::json x;
    x["key"] = ind.key;
    x["level1"] = Level1Name(ind.level1);
    x["level2"] = Level2Name(ind.level2);
    x["name"] = ind.name;
    x["weight"] = is.weight;
    x["weight_shared"] = is.weight_shared;
    x["target"] = ind.target.text;
    x["actual"] = is.actual && is.actual->value ? nlohmann::json(is.actual->value->text) : nullptr;
    x["direction"] = DirectionName(is.direction);
    x["applicable"] = ind.applicable;
    x["judgement"] = is.actual && is.actual->judgement != Judgement::kNone
                         ? nlohmann::json(JudgementName(is.actual->judgement))
                         : nullptr;
    x["completion"] = is.completion ? Rounded(*is.completion, dec + 2) : nlohmann::json(nullptr);
    x["score"] = is.scored ? nlohmann::json(is.score) : nullptr;
    x["formula"] = is.formula;
    x["deviation_reason"] = is.actual ? is.actual->reason : "";
    inds.push_back(std::move(x));
  }
  j["indicators"] = std::move(inds);
  j["total"] = s.scored ? nlohmann::json(s.total) : nullptr;
  j["grade"] = s.scored ? nlohmann::json(s.grade) : nullptr;
  j["goal"] = {{"planned", p.goal_planned}, {"achieved", results.goal_achieved}};
  nlohmann::json f = nlohmann::json::array();
  for (const auto& d : s.findings) f.push_back(DiagnosticJson(d));
  j["findings"] = std::move(f);
  return j;
}

std::string ScoreText(const ProjectScore& s, const Results& results) {
  (void)results;
  const Project& p = *s.project;
  std::ostringstream o;
  // Names, targets and actuals may come from an older store or a YAML file: shown, never sent
  // to the terminal as control characters.
  const auto t = [](std::string_view x) { return EscapeControls(x); };
  o << t(p.name) << "  "
    << TrF("({}, {}, policy {}{})", p.year, t(p.unit), t(s.policy),
           p.form == Form::kCentralTransfer ? Tr(", 中央对地方转移支付") : "")
    << "\n";
  const ExecutionScore& e = s.execution;
  o << "  " << TrF("预算执行 ({}分)", FormatNumber(e.weight)) << "  "
    << (e.known ? e.formula : std::string(Tr("not computed"))) << "\n";
  std::size_t name_w = 0, target_w = 0, actual_w = 0;
  for (const auto& is : s.indicators) {
    name_w = std::max(name_w, DisplayWidth(t(is.indicator->name)));
    target_w = std::max(target_w, DisplayWidth(t(is.indicator->target.text)));
    if (is.actual && is.actual->value)
      actual_w = std::max(actual_w, DisplayWidth(t(is.actual->value->text)));
  }
  Level1 last_l1{};
  bool first = true;
  for (const auto& is : s.indicators) {
    const Indicator& ind = *is.indicator;
    if (first || ind.level1 != last_l1) {
      o << "  " << Level1Name(ind.level1) << "\n";
      last_l1 = ind.level1;
      first = false;
    }
    const std::string actual = is.actual && is.actual->value ? t(is.actual->value->text) : "—";
    o << "    " << PadRight(t(ind.name), name_w) << "  " << PadRight(FormatNumber(is.weight), 5)
      << " " << PadRight(t(ind.target.text), target_w) << "  " << PadRight(actual, actual_w) << "  "
      << PadRight(is.scored ? FormatNumber(is.score) : "—", 6) << " " << t(is.formula) << "\n";
  }
  if (s.scored) {
    o << "  " << TrF("总分 {}", FormatNumber(s.total)) << "  " << s.grade << "\n";
  } else {
    o << "  " << Tr("总分 not computed: see the errors below") << "\n";
  }
  for (const auto& f : s.findings) o << "  " << t(f.str()) << "\n";
  return o.str();
}

}  // namespace jixiao
