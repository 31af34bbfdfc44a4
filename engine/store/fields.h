// engine/store/fields.h — the names the store records: a project's status, the result fields of
// an indicator and of a project, and the field of an audit row. Enums in code; each has one table
// that gives its text for storage and display and reads it back.
//
// Contract:
//  * FieldName(x) is the text stored in the database (and shown by `history`); ParseX(FieldName(x))
//    gives x back. A text that is no known name gives nullopt: callers say what they found.
//  * The texts are those of stores written before these enums existed, so old rows read as before.
#ifndef JIXIAO_ENGINE_STORE_FIELDS_H_
#define JIXIAO_ENGINE_STORE_FIELDS_H_

#include <optional>
#include <string>
#include <string_view>

namespace jixiao {

// A stored project's sign-off state.
enum class ProjectStatus { kDraft, kSubmitted };

// A result of one indicator (table results).
enum class ResultField { kActual, kJudgement, kScore, kReason };

// A result of a project as a whole (table project_results); kSourceExecuted carries a source
// name beside it ("executed:中央").
enum class ProjectField {
  kExecuted,
  kAdjusted,
  kSourceExecuted,
  kExplanation,        // why execution fell short (budget.explanation)
  kChangeExplanation,  // why 全年预算数 differs from 年初预算数 (budget.change_explanation)
  kGoalAchieved,
  kImplementation,
};

// What an audit row changed: a result, a project result, or the record itself.
enum class AuditField {
  kActual,
  kJudgement,
  kScore,
  kReason,
  kExecuted,
  kAdjusted,
  kSourceExecuted,
  kExplanation,
  kChangeExplanation,
  kGoalAchieved,
  kImplementation,
  kStatus,      // draft → submitted
  kDefinition,  // a definition version loaded
  kIndicator,   // an indicator removed from the definition
  kKey,         // the chain became keyed (HMAC) from this row on
  kQuestion,    // "question": an auditor's question (问询) on a project or an indicator
  kAnswer,      // "answer": a reply in a question's thread (old_value: "#" and the question's id)
};
// (kStatus also records the return 退回: submitted → draft.)

// Who uses the web workspace: the unit's clerk (财务/绩效管理员), a project's manager (项目负责人),
// an outside auditor (审计). Users are not results: adding a user or a token writes no audit row
// (they are in their own tables); everything a user does is a row with the user's name as author.
enum class Role { kClerk, kManager, kAuditor };

std::string FieldName(ProjectStatus s);  // "draft", "submitted"
std::optional<ProjectStatus> ParseProjectStatus(std::string_view text);

std::string FieldName(ResultField f);  // "actual", "judgement", "score", "reason"
std::optional<ResultField> ParseResultField(std::string_view text);

// `source` only for kSourceExecuted.
std::string FieldName(ProjectField f, const std::string& source = "");
// Sets *source for "executed:SOURCE".
std::optional<ProjectField> ParseProjectField(std::string_view text, std::string* source);

AuditField AuditFieldOf(ResultField f);
AuditField AuditFieldOf(ProjectField f);
std::string FieldName(AuditField f, const std::string& source = "");
std::optional<AuditField> ParseAuditField(std::string_view text, std::string* source);

std::string FieldName(Role r);  // "clerk", "manager", "auditor"
std::optional<Role> ParseRole(std::string_view text);

}  // namespace jixiao

#endif  // JIXIAO_ENGINE_STORE_FIELDS_H_
