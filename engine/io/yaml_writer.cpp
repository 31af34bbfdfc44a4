#include "engine/io/yaml_writer.h"

#include <regex>
#include <sstream>
#include <vector>

#include "indicators/utf8.h"
#include "indicators/value.h"

namespace jixiao {
namespace {

bool NeedsQuotes(std::string_view s) {
  if (s.empty()) return true;
  if (s.front() == ' ' || s.back() == ' ') return true;
  static constexpr std::string_view kBadFirst = "><*&!%@`|{[,#?-:'\"~";
  if (kBadFirst.find(s.front()) != std::string_view::npos) return true;
  for (char c : s) {
    if (c == '\n' || c == '\r' || c == '\t' || c == ',' || c == '[' || c == ']' || c == '{' ||
        c == '}' || c == '"' || c == '\\')
      return true;
    if (static_cast<unsigned char>(c) < 0x20) return true;
  }
  if (s.find(": ") != std::string_view::npos || s.find(" #") != std::string_view::npos) return true;
  if (s.back() == ':') return true;
  // Would read as a number, boolean or null (YAML 1.1 and 1.2 forms).
  static const std::regex special(
      R"(^([-+]?(\.[0-9]+|[0-9][0-9_,]*(\.[0-9_]*)?)([eE][-+]?[0-9]+)?|0x[0-9a-fA-F_]+|0o?[0-7_]+|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)|y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL|~|[0-9]+(:[0-5]?[0-9])+(\.[0-9_]*)?)$)");
  if (std::regex_match(std::string(s), special)) return true;
  // Dates and timestamps (2024-12-31) are read as such by some YAML readers.
  static const std::regex date(R"(^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}.*$)");
  return std::regex_match(std::string(s), date);
}

std::string Quote(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned char>(c));
          out += buf;
        } else {
          out.push_back(c);
        }
    }
  }
  return out + "\"";
}

std::string Num(double x) { return FormatNumber(x, 6); }

struct Field {
  std::string key, value;  // value already a YAML scalar
};

void WriteIndicator(std::ostringstream& o, const std::vector<Field>& fields,
                    std::size_t flow_width) {
  std::string flow = "      - {";
  for (std::size_t i = 0; i < fields.size(); ++i)
    flow += (i ? ", " : "") + fields[i].key + ": " + fields[i].value;
  flow += "}";
  if (utf8::Length(flow) <= flow_width) {
    o << flow << "\n";
    return;
  }
  for (std::size_t i = 0; i < fields.size(); ++i)
    o << (i == 0 ? "      - " : "        ") << fields[i].key << ": " << fields[i].value << "\n";
}

}  // namespace

std::string YamlScalar(std::string_view text) {
  return NeedsQuotes(text) ? Quote(text) : std::string(text);
}

std::string WriteProjectYaml(const ProjectFile& pf, const YamlWriteOptions& options) {
  const Project& p = pf.project;
  const Results& r = pf.results;
  std::ostringstream o;
  if (!options.header_comment.empty()) {
    std::istringstream in(options.header_comment);
    for (std::string line; std::getline(in, line);)
      o << "#" << (line.empty() ? "" : " ") << line << "\n";
  }
  o << "project: " << YamlScalar(p.name) << "\n";
  o << "year: " << p.year << "\n";
  if (!p.central_department.empty())
    o << "central_department: " << YamlScalar(p.central_department) << "\n";
  if (!p.department.empty()) o << "department: " << YamlScalar(p.department) << "\n";
  o << "unit: " << YamlScalar(p.unit) << "\n";
  if (!p.manager.empty()) o << "manager: " << YamlScalar(p.manager) << "\n";
  o << "policy: " << YamlScalar(p.policy) << "\n";
  o << "form: " << (p.form == Form::kCentralTransfer ? "central-transfer" : "local") << "\n";
  if (p.target_form != TargetForm::kProject)
    o << "target_form: " << TargetFormCode(p.target_form) << "\n";
  o << "status: " << (r.status == Status::kNotStarted ? "not-started" : "implemented") << "\n";

  o << "\nbudget:                                  # 万元\n";
  if (p.budget.initial) o << "  initial: " << Num(*p.budget.initial) << "\n";
  o << "  annual: " << Num(p.budget.annual) << "\n";
  if (r.executed) o << "  executed: " << Num(*r.executed) << "\n";
  if (!r.execution_explanation.empty())
    o << "  explanation: " << YamlScalar(r.execution_explanation) << "\n";
  if (!r.budget_change_explanation.empty())
    o << "  change_explanation: " << YamlScalar(r.budget_change_explanation) << "\n";
  if (!p.budget.sources.empty()) {
    o << "  sources:\n";
    for (const auto& s : p.budget.sources) {
      std::vector<std::string> parts;
      if (s.initial) parts.push_back("initial: " + Num(*s.initial));
      if (s.annual) parts.push_back("annual: " + Num(*s.annual));
      if (auto it = r.source_executed.find(s.name); it != r.source_executed.end())
        parts.push_back("executed: " + Num(it->second));
      std::string inner;
      for (std::size_t i = 0; i < parts.size(); ++i) inner += (i ? ", " : "") + parts[i];
      o << "    " << YamlScalar(s.name) << ": {" << inner << "}\n";
    }
  }

  if (!p.fund_management.empty()) {
    o << "\nfund_management:\n";
    for (const auto& fm : p.fund_management) {
      o << "  - {item: " << YamlScalar(fm.item) << ", note: " << YamlScalar(fm.note);
      if (!fm.issues.empty()) o << ", issues: " << YamlScalar(fm.issues);
      o << "}\n";
    }
  }

  if (!p.goal_planned.empty() || !r.goal_achieved.empty() || !r.goal_summary.empty()) {
    o << "\ngoal:\n";
    if (!p.goal_planned.empty()) o << "  planned: " << YamlScalar(p.goal_planned) << "\n";
    if (!r.goal_achieved.empty()) o << "  achieved: " << YamlScalar(r.goal_achieved) << "\n";
    if (!r.goal_summary.empty()) o << "  summary: " << YamlScalar(r.goal_summary) << "\n";
  }

  // Indicators grouped 一级 → 二级, each group in order of its first appearance.
  o << "\nindicators:\n";
  std::vector<Level1> l1_order;
  for (const auto& ind : p.indicators)
    if (std::find(l1_order.begin(), l1_order.end(), ind.level1) == l1_order.end())
      l1_order.push_back(ind.level1);
  for (Level1 l1 : l1_order) {
    std::vector<Level2> l2_order;
    std::string l1_text;
    for (const auto& ind : p.indicators) {
      if (ind.level1 != l1) continue;
      if (l1_text.empty()) l1_text = ind.level1_text.empty() ? Level1Name(l1) : ind.level1_text;
      if (std::find(l2_order.begin(), l2_order.end(), ind.level2) == l2_order.end())
        l2_order.push_back(ind.level2);
    }
    o << "  " << YamlScalar(l1_text) << ":\n";
    for (Level2 l2 : l2_order) {
      bool first = true;
      for (const auto& ind : p.indicators) {
        if (ind.level1 != l1 || ind.level2 != l2) continue;
        if (first) {
          o << "    " << YamlScalar(ind.level2_text.empty() ? Level2Name(l2) : ind.level2_text)
            << ":\n";
          first = false;
        }
        std::vector<Field> f;
        f.push_back({"name", YamlScalar(ind.name)});
        if (ind.weight) f.push_back({"weight", Num(*ind.weight)});
        f.push_back({"target", YamlScalar(ind.target.text)});
        if (!ind.applicable) f.push_back({"applicable", "false"});
        if (const Actual* a = r.Find(ind.key)) {
          if (a->value) f.push_back({"actual", YamlScalar(a->value->text)});
          if (a->judgement != Judgement::kNone)
            f.push_back({"judgement", YamlScalar(JudgementName(a->judgement))});
          if (a->score) f.push_back({"score", Num(*a->score)});
        }
        if (auto it = pf.published.indicator_scores.find(ind.key);
            it != pf.published.indicator_scores.end())
          f.push_back({"published_score", Num(it->second)});
        if (const Actual* a = r.Find(ind.key); a && !a->reason.empty())
          f.push_back({"reason", YamlScalar(a->reason)});
        WriteIndicator(o, f, options.flow_width);
      }
    }
  }

  const Published& pub = pf.published;
  if (pub.execution_score || pub.total || pub.grade) {
    std::vector<std::string> parts;
    if (pub.execution_score) parts.push_back("execution_score: " + Num(*pub.execution_score));
    if (pub.total) parts.push_back("total: " + Num(*pub.total));
    if (pub.grade) parts.push_back("grade: " + YamlScalar(*pub.grade));
    std::string inner;
    for (std::size_t i = 0; i < parts.size(); ++i) inner += (i ? ", " : "") + parts[i];
    o << "\npublished: {" << inner << "}\n";
  }
  return o.str();
}

}  // namespace jixiao
