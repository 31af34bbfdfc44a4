#include "indicators/project.h"

#include <algorithm>
#include <array>
#include <string_view>
#include <utility>

#include "indicators/diagnostics.h"
#include "indicators/i18n.h"
#include "indicators/text.h"
#include "indicators/value.h"

namespace jixiao {
namespace {

// Level names are compared after normalisation: full-width folded, spaces removed, a trailing
// parenthesised cap ("成本指标(20分)") dropped.
std::string LevelKey(std::string_view text) {
  std::string t = NormalizeText(text);
  std::string out;
  for (char c : t)
    if (c != ' ') out.push_back(c);
  if (!out.empty() && out.back() == ')') {
    const auto open = out.rfind('(');
    if (open != std::string::npos && open > 0) out.resize(open);
  }
  return out;
}

struct Level1Spelling {
  std::string_view text;
  Level1 level;
};
constexpr std::array<Level1Spelling, 12> kLevel1{{
    {"成本指标", Level1::kCost},
    {"成本", Level1::kCost},
    {"cost", Level1::kCost},
    {"产出指标", Level1::kOutput},
    {"产出", Level1::kOutput},
    {"output", Level1::kOutput},
    {"效益指标", Level1::kEffect},
    {"效益", Level1::kEffect},
    {"effect", Level1::kEffect},
    {"满意度指标", Level1::kSatisfaction},
    {"满意度", Level1::kSatisfaction},
    {"satisfaction", Level1::kSatisfaction},
}};

struct Level2Spelling {
  std::string_view text;
  Level2 level;
};
// Each 二级 with its spellings; the parent is Level1Of().
constexpr std::array<Level2Spelling, 42> kLevel2{{
    {"经济成本指标", Level2::kEconomicCost},
    {"经济成本", Level2::kEconomicCost},
    {"economic-cost", Level2::kEconomicCost},
    {"社会成本指标", Level2::kSocialCost},
    {"社会成本", Level2::kSocialCost},
    {"social-cost", Level2::kSocialCost},
    {"生态环境成本指标", Level2::kEnvironmentalCost},
    {"生态环境成本", Level2::kEnvironmentalCost},
    {"environmental-cost", Level2::kEnvironmentalCost},
    {"数量指标", Level2::kQuantity},
    {"数量", Level2::kQuantity},
    {"quantity", Level2::kQuantity},
    {"质量指标", Level2::kQuality},
    {"质量", Level2::kQuality},
    {"quality", Level2::kQuality},
    {"时效指标", Level2::kTimeliness},
    {"时效", Level2::kTimeliness},
    {"timeliness", Level2::kTimeliness},
    {"成本指标", Level2::kOutputCost},
    {"成本", Level2::kOutputCost},
    {"cost", Level2::kOutputCost},
    {"经济效益指标", Level2::kEconomicEffect},
    {"经济效益", Level2::kEconomicEffect},
    {"economic", Level2::kEconomicEffect},
    {"社会效益指标", Level2::kSocialEffect},
    {"社会效益", Level2::kSocialEffect},
    {"social", Level2::kSocialEffect},
    {"生态效益指标", Level2::kEcologicalEffect},
    {"生态效益", Level2::kEcologicalEffect},
    {"ecological", Level2::kEcologicalEffect},
    {"可持续影响指标", Level2::kSustainability},
    {"可持续影响", Level2::kSustainability},
    {"可持续发展影响指标", Level2::kSustainability},
    {"可持续发展影响", Level2::kSustainability},
    {"sustainability", Level2::kSustainability},
    {"服务对象满意度指标", Level2::kSatisfaction},
    {"服务对象满意度", Level2::kSatisfaction},
    {"满意度指标", Level2::kSatisfaction},
    {"满意度", Level2::kSatisfaction},
    {"社会公众满意度指标", Level2::kSatisfaction},
    {"社会公众满意度", Level2::kSatisfaction},
    {"service-recipients", Level2::kSatisfaction},
}};

Level1 ParentOf(Level2 l) {
  switch (l) {
    case Level2::kEconomicCost:
    case Level2::kSocialCost:
    case Level2::kEnvironmentalCost:
      return Level1::kCost;
    case Level2::kQuantity:
    case Level2::kQuality:
    case Level2::kTimeliness:
    case Level2::kOutputCost:
      return Level1::kOutput;
    case Level2::kEconomicEffect:
    case Level2::kSocialEffect:
    case Level2::kEcologicalEffect:
    case Level2::kSustainability:
      return Level1::kEffect;
    case Level2::kSatisfaction:
      return Level1::kSatisfaction;
  }
  return Level1::kOutput;
}

}  // namespace

namespace {

constexpr std::string_view kDefinitionVersion = ", definition version ";

// A file named by DefinitionVersionName (the mark followed by digits only): its project and
// version; false for a file. The name is kept in English where it is stored (compiled
// definitions) and worded in the interface's language only when shown.
bool SplitDefinitionVersionName(const std::string& file, std::string* project,
                                std::string* version) {
  const std::size_t at = file.rfind(kDefinitionVersion);
  if (at == std::string::npos || at + kDefinitionVersion.size() == file.size()) return false;
  const std::string digits = file.substr(at + kDefinitionVersion.size());
  if (!std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return false;
  *project = file.substr(0, at);
  *version = digits;
  return true;
}

}  // namespace

std::string DefinitionVersionName(const std::string& project, int version) {
  return project + std::string(kDefinitionVersion) + std::to_string(version);
}

std::string AuditRecordName(long long id) { return TrF("audit record #{}", id); }

std::string AuditRecordsName(long long first, long long last) {
  return TrF("audit records #{}–#{}", first, last);
}

std::string SourceLoc::shown_file() const {
  std::string project, version;
  if (!SplitDefinitionVersionName(file, &project, &version)) return file;
  return TrF("{}, definition version {}", project, version);
}

std::string SourceLoc::str() const {
  if (file.empty()) return "";
  std::string project, version;
  if (SplitDefinitionVersionName(file, &project, &version)) {
    if (line > 0) return TrF("{}, definition version {}, line {}", project, version, line);
    return shown_file();
  }
  std::string s = file;
  if (line > 0) {
    s += ":" + std::to_string(line);
    if (column > 0) s += ":" + std::to_string(column);
  }
  return s;
}

std::string SeverityName(Severity s) {
  switch (s) {
    case Severity::kInfo:
      return "info";
    case Severity::kWarning:
      return "warning";
    case Severity::kError:
      return "error";
  }
  return "error";
}

// One line, whatever the message quotes: a control character from a file or a store is shown
// escaped, so it cannot forge a line or reach the terminal (indicators/text.h).
std::string SeverityLabel(Severity s) {
  switch (s) {
    case Severity::kInfo:
      return Tr("info");
    case Severity::kWarning:
      return Tr("warning");
    case Severity::kError:
      return Tr("error");
  }
  return Tr("error");
}

std::string Diagnostic::str() const {
  std::string where = EscapeControls(loc.str());
  return (where.empty() ? "" : where + ": ") + SeverityLabel(severity) + ": " +
         EscapeControls(message) + " [" + code + "]";
}

bool HasErrors(const Diagnostics& ds) {
  for (const auto& d : ds)
    if (d.severity == Severity::kError) return true;
  return false;
}

namespace {
std::string JoinErrors(const Diagnostics& ds) {
  std::string s;
  for (const auto& d : ds) {
    if (d.severity != Severity::kError) continue;
    if (!s.empty()) s += "\n";
    s += d.str();
  }
  return s.empty() ? "invalid input" : s;
}
}  // namespace

InputError::InputError(Diagnostics diagnostics)
    : Error("input", JoinErrors(diagnostics)), diagnostics_(std::move(diagnostics)) {}

std::optional<Level1> ParseLevel1(std::string_view text) {
  const std::string k = LevelKey(text);
  for (const auto& s : kLevel1)
    if (s.text == k) return s.level;
  return std::nullopt;
}

std::optional<Level2> ParseLevel2(std::string_view text, Level1 parent) {
  const std::string k = LevelKey(text);
  for (const auto& s : kLevel2) {
    // 成本指标 is a 二级 only under 产出指标; 满意度指标 only under 满意度指标.
    if (s.text == k && ParentOf(s.level) == parent) return s.level;
  }
  return std::nullopt;
}

std::string Level1Name(Level1 l) {
  switch (l) {
    case Level1::kCost:
      return "成本指标";
    case Level1::kOutput:
      return "产出指标";
    case Level1::kEffect:
      return "效益指标";
    case Level1::kSatisfaction:
      return "满意度指标";
  }
  return "";
}

std::string Level1Code(Level1 l) {
  switch (l) {
    case Level1::kCost:
      return "cost";
    case Level1::kOutput:
      return "output";
    case Level1::kEffect:
      return "effect";
    case Level1::kSatisfaction:
      return "satisfaction";
  }
  return "";
}

std::string Level2Name(Level2 l) {
  // The first spelling of each level in kLevel2 is its canonical name.
  for (const auto& s : kLevel2)
    if (s.level == l) return std::string(s.text);
  return "";
}

std::string Level2Choices(Level1 parent) {
  std::string out;
  Level2 last{};
  bool any = false;
  for (const auto& s : kLevel2) {
    if (ParentOf(s.level) != parent || (any && s.level == last)) continue;
    if (!out.empty()) out += ", ";
    out += std::string(s.text);
    last = s.level;
    any = true;
  }
  return out;
}

const Indicator* Project::Find(std::string_view key) const {
  for (const auto& i : indicators)
    if (i.key == key) return &i;
  return nullptr;
}

std::optional<Judgement> ParseJudgement(std::string_view text) {
  const std::string t = LevelKey(text);
  if (t == "达成" || t == "achieved") return Judgement::kAchieved;
  if (t == "部分达成" || t == "partly-achieved" || t == "partly") return Judgement::kPartlyAchieved;
  if (t == "未达成" || t == "not-achieved") return Judgement::kNotAchieved;
  return std::nullopt;
}

std::string JudgementName(Judgement j) {
  switch (j) {
    case Judgement::kAchieved:
      return "达成";
    case Judgement::kPartlyAchieved:
      return "部分达成";
    case Judgement::kNotAchieved:
      return "未达成";
    case Judgement::kNone:
      return "";
  }
  return "";
}

std::optional<TargetForm> ParseTargetForm(std::string_view text) {
  const std::string t = LevelKey(text);
  for (TargetForm f :
       {TargetForm::kProject, TargetForm::kPolicyAndProject, TargetForm::kSpecialFund}) {
    if (t == TargetFormCode(f) || t == TargetFormTitle(f)) return f;
  }
  return std::nullopt;
}

std::string TargetFormCode(TargetForm f) {
  switch (f) {
    case TargetForm::kProject:
      return "project";
    case TargetForm::kPolicyAndProject:
      return "policy-project";
    case TargetForm::kSpecialFund:
      return "special-fund";
  }
  return "";
}

std::string TargetFormTitle(TargetForm f) {
  switch (f) {
    case TargetForm::kProject:
      return "项目支出绩效目标表";
    case TargetForm::kPolicyAndProject:
      return "政策和项目预算绩效目标表";
    case TargetForm::kSpecialFund:
      return "专项资金绩效目标表";
  }
  return "";
}

bool Results::empty() const {
  return status == Status::kImplemented && !executed && execution_explanation.empty() &&
         source_executed.empty() && goal_achieved.empty() && goal_summary.empty() &&
         actuals.empty();
}

const Actual* Results::Find(std::string_view key) const {
  auto it = actuals.find(std::string(key));
  return it == actuals.end() ? nullptr : &it->second;
}

std::optional<std::size_t> Budget::SingleSource() const {
  std::optional<std::size_t> found;
  for (std::size_t i = 0; i < sources.size(); ++i) {
    const FundSource& s = sources[i];
    if (s.initial.value_or(0) <= 0 && s.annual.value_or(0) <= 0) continue;
    if (found) return std::nullopt;
    found = i;
  }
  return found;
}

}  // namespace jixiao
