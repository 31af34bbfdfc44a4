// scoring/audit.h — the auditor's review of a unit's scored projects, as pure functions.
//
// Audit() takes projects already scored by ScoreProject and returns findings: what is wrong or
// needs a second look, each with a stable code, a severity, the evidence (the numbers) in its
// message, the project and indicator it concerns and the rule's source (the section of
// docs/rules.md that states it). It reuses the findings ScoreProject made (recomputation of
// published figures, over-achievement, weights, missing 一级 …) and adds the audit-only rules:
// deviations, in-year budget changes, completion running ahead of budget execution, qualitative
// full marks without evidence, a unit graded 优 throughout, and target-setting quality. Thresholds
// come from each project's Policy. The history rules (changes after sign-off, values changed many
// times, changes without a reason, entries by someone other than the project's manager) read the
// change history the caller passes in (the store's audit trail; engine/store): without it they are
// skipped.
//
// AuditCatalogue() (scoring/catalogue.h) describes every code the audit can report (meaning, what
// to do, source, default severity): it powers `jixiao audit --explain CODE`. Every finding's
// severity is the one its project's policy gives its code (FindingSeverity).
#ifndef JIXIAO_SCORING_AUDIT_H_
#define JIXIAO_SCORING_AUDIT_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "indicators/diagnostics.h"
#include "indicators/i18n.h"
#include "indicators/project.h"
#include "scoring/catalogue.h"
#include "scoring/policy.h"
#include "scoring/score.h"

namespace jixiao {

// One recorded change of a project's results, as the store's audit trail keeps it.
struct HistoryEntry {
  std::int64_t id = 0;    // the audit row's id (its location in findings: "audit row 12")
  std::string at;         // UTC, ISO 8601
  std::string author;     // who made the change
  std::string indicator;  // the indicator's key (一级/二级/三级), "" for a project-level field
  std::string field;      // actual, judgement, score, reason, executed, status, definition …
  std::string old_value;  // "" when the field had no value
  std::string new_value;
  std::string reason;         // "" when none was given
  std::string source;         // "cli", "import FILE", "load FILE"
  bool after_submit = false;  // made after the project was signed off (已提交)
  // How a person reads `field` and `source` in the interface's language (实际完成值, 命令行), given
  // by the door that read the trail; "" shows `field` and `source` as stored. Rules compare
  // `field`, never these.
  std::string field_label;
  std::string source_label;
};

// One scored project of the unit under review. All pointers must outlive the Audit() call.
struct AuditProject {
  const ProjectFile* file = nullptr;
  const ProjectScore* score = nullptr;  // ScoreProject(file->project, …, *policy, kScore)
  const Policy* policy = nullptr;
  // Loading's diagnostics: warnings, and errors that left the model whole (duplicate-indicator).
  const Diagnostics* load = nullptr;  // optional
  // The project's change history, oldest first; nullptr when the project was read from files
  // (the history rules are then skipped).
  const std::vector<HistoryEntry>* history = nullptr;
};

struct AuditFinding {
  Diagnostic diagnostic;  // code, severity (as the audit rates it), location, message + evidence
  std::string project;    // 项目名称; "" for a finding about the whole unit
  std::string unit;       // 项目实施单位 (the unit the project belongs to)
  std::string indicator;  // 三级指标 name; "" when the finding is about the project or unit
  std::string source;     // where the rule comes from (short; see AuditRule::source)
};

// Reviews the projects: per project in input order (load findings, score findings, audit
// findings, each group sorted by severity, errors first), then one group of unit-wide findings.
// Projects belong to the same unit when their Project::unit (else department) is the same.
std::vector<AuditFinding> Audit(const std::vector<AuditProject>& projects);

}  // namespace jixiao

#endif  // JIXIAO_SCORING_AUDIT_H_
