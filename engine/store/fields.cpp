#include "engine/store/fields.h"

#include <array>
#include <cstring>
#include <utility>

#include "indicators/i18n.h"

namespace jixiao {
namespace {

// One table per enum: the enumerator and its stored text.
template <typename E, std::size_t N>
using Table = std::array<std::pair<E, std::string_view>, N>;

constexpr Table<ProjectStatus, 2> kStatus{{
    {ProjectStatus::kDraft, "draft"},
    {ProjectStatus::kSubmitted, "submitted"},
}};

constexpr Table<AuditField, 17> kAudit{{
    {AuditField::kActual, "actual"},
    {AuditField::kJudgement, "judgement"},
    {AuditField::kScore, "score"},
    {AuditField::kReason, "reason"},
    {AuditField::kExecuted, "executed"},
    {AuditField::kAdjusted, "adjusted"},
    {AuditField::kSourceExecuted, "executed:"},
    {AuditField::kExplanation, "explanation"},
    {AuditField::kChangeExplanation, "change_explanation"},
    {AuditField::kGoalAchieved, "goal_achieved"},
    {AuditField::kImplementation, "implementation"},
    {AuditField::kStatus, "status"},
    {AuditField::kDefinition, "definition"},
    {AuditField::kIndicator, "indicator"},
    {AuditField::kKey, "key"},
    {AuditField::kQuestion, "question"},
    {AuditField::kAnswer, "answer"},
}};

constexpr Table<Role, 3> kRole{{
    {Role::kClerk, "clerk"},
    {Role::kManager, "manager"},
    {Role::kAuditor, "auditor"},
}};

template <typename E, std::size_t N>
std::string NameIn(const Table<E, N>& table, E e) {
  for (const auto& [x, name] : table)
    if (x == e) return std::string(name);
  return "";
}

template <typename E, std::size_t N>
std::optional<E> ParseIn(const Table<E, N>& table, std::string_view text) {
  for (const auto& [x, name] : table)
    if (name == text) return x;
  return std::nullopt;
}

constexpr std::string_view kSourcePrefix = "executed:";

}  // namespace

std::string FieldName(ProjectStatus s) { return NameIn(kStatus, s); }
std::optional<ProjectStatus> ParseProjectStatus(std::string_view text) {
  return ParseIn(kStatus, text);
}

AuditField AuditFieldOf(ResultField f) {
  switch (f) {
    case ResultField::kActual:
      return AuditField::kActual;
    case ResultField::kJudgement:
      return AuditField::kJudgement;
    case ResultField::kScore:
      return AuditField::kScore;
    case ResultField::kReason:
      break;
  }
  return AuditField::kReason;
}

AuditField AuditFieldOf(ProjectField f) {
  switch (f) {
    case ProjectField::kExecuted:
      return AuditField::kExecuted;
    case ProjectField::kAdjusted:
      return AuditField::kAdjusted;
    case ProjectField::kSourceExecuted:
      return AuditField::kSourceExecuted;
    case ProjectField::kExplanation:
      return AuditField::kExplanation;
    case ProjectField::kChangeExplanation:
      return AuditField::kChangeExplanation;
    case ProjectField::kGoalAchieved:
      return AuditField::kGoalAchieved;
    case ProjectField::kImplementation:
      break;
  }
  return AuditField::kImplementation;
}

std::string FieldName(AuditField f, const std::string& source) {
  std::string name = NameIn(kAudit, f);
  if (f == AuditField::kSourceExecuted) name += source;
  return name;
}

std::optional<AuditField> ParseAuditField(std::string_view text, std::string* source) {
  if (text.size() > kSourcePrefix.size() && text.substr(0, kSourcePrefix.size()) == kSourcePrefix) {
    if (source) *source = std::string(text.substr(kSourcePrefix.size()));
    return AuditField::kSourceExecuted;
  }
  if (text == kSourcePrefix) return std::nullopt;
  return ParseIn(kAudit, text);
}

std::string FieldName(ResultField f) { return FieldName(AuditFieldOf(f)); }
std::optional<ResultField> ParseResultField(std::string_view text) {
  for (ResultField f :
       {ResultField::kActual, ResultField::kJudgement, ResultField::kScore, ResultField::kReason}) {
    if (FieldName(f) == text) return f;
  }
  return std::nullopt;
}

std::string FieldName(ProjectField f, const std::string& source) {
  return FieldName(AuditFieldOf(f), source);
}
std::optional<ProjectField> ParseProjectField(std::string_view text, std::string* source) {
  for (ProjectField f :
       {ProjectField::kExecuted, ProjectField::kAdjusted, ProjectField::kSourceExecuted,
        ProjectField::kExplanation, ProjectField::kChangeExplanation, ProjectField::kGoalAchieved,
        ProjectField::kImplementation}) {
    if (f == ProjectField::kSourceExecuted) {
      if (ParseAuditField(text, source) == AuditField::kSourceExecuted) return f;
    } else if (FieldName(f) == text) {
      return f;
    }
  }
  return std::nullopt;
}

std::string FieldName(Role r) { return NameIn(kRole, r); }
std::optional<Role> ParseRole(std::string_view text) { return ParseIn(kRole, text); }
namespace {

// The labels shown, as message ids (translated where shown). A value without a label here (one
// added later) is shown by its stored name.
constexpr std::pair<ProjectStatus, const char*> kStatusLabel[] = {
    {ProjectStatus::kDraft, N_("status: draft")},
    {ProjectStatus::kSubmitted, N_("status: submitted")},
};
constexpr std::pair<AuditField, const char*> kAuditLabel[] = {
    {AuditField::kActual, N_("field: actual")},
    {AuditField::kJudgement, N_("field: judgement")},
    {AuditField::kScore, N_("field: score")},
    {AuditField::kReason, N_("field: reason")},
    {AuditField::kExecuted, N_("field: executed")},
    {AuditField::kAdjusted, N_("field: adjusted")},
    {AuditField::kSourceExecuted, N_("field: executed:{}")},
    {AuditField::kExplanation, N_("field: explanation")},
    {AuditField::kChangeExplanation, N_("field: change_explanation")},
    {AuditField::kGoalAchieved, N_("field: goal_achieved")},
    {AuditField::kImplementation, N_("field: implementation")},
    {AuditField::kStatus, N_("field: status")},
    {AuditField::kDefinition, N_("field: definition")},
    {AuditField::kIndicator, N_("field: indicator")},
    {AuditField::kKey, N_("field: key")},
    {AuditField::kQuestion, N_("field: question")},
    {AuditField::kAnswer, N_("field: answer")},
};

// The translation of `label`; the stored name where there is none (English).
std::string Shown(const std::string& stored, const char* label, const std::string& source) {
  const char* t = Tr(label);
  if (std::strcmp(t, label) == 0) return stored;
  return TrF(label, source);
}

}  // namespace

std::string FieldLabel(ProjectStatus s) {
  for (const auto& [x, label] : kStatusLabel)
    if (x == s) return Shown(FieldName(s), label, "");
  return FieldName(s);
}

std::string FieldLabel(AuditField f, const std::string& source) {
  for (const auto& [x, label] : kAuditLabel)
    if (x == f) return Shown(FieldName(f, source), label, source);
  return FieldName(f, source);
}

std::string ValueLabel(AuditField field, const std::string& value) {
  if (field != AuditField::kStatus) return value;
  const std::optional<ProjectStatus> s = ParseProjectStatus(value);
  return s ? FieldLabel(*s) : value;
}

std::string SourceLabel(const std::string& source) {
  if (source == "cli") return Shown(source, N_("source: cli"), "");
  if (source == "web") return Shown(source, N_("source: web"), "");
  for (const auto& [prefix, label] :
       {std::pair{std::string_view("load "), N_("source: load {}")},
        std::pair{std::string_view("import "), N_("source: import {}")}}) {
    if (source.size() > prefix.size() && source.compare(0, prefix.size(), prefix) == 0) {
      return Shown(source, label, source.substr(prefix.size()));
    }
  }
  return source;
}

std::string FieldLabelOfStored(std::string_view stored) {
  std::string source;
  if (const std::optional<AuditField> f = ParseAuditField(stored, &source)) {
    return FieldLabel(*f, source);
  }
  return std::string(stored);
}

}  // namespace jixiao
