// The clerk's return (退回) of a submitted project, and the auditors' questions (问询) with their
// answers. All are audit rows: a return is a status row (submitted → draft) that the replay
// applies; a question or an answer sets no result, so the replay and the read check skip them
// while the chain covers them.
#include <map>

#include "engine/store/sql.h"
#include "engine/store/sqlite_store.h"
#include "indicators/i18n.h"
#include "indicators/text.h"

namespace jixiao {
namespace {

// A question's or an answer's text, trimmed; InputError when empty or refused by the free-text
// rules.
std::string CheckPostText(const StoredProjectRef& p, const std::string& text) {
  const std::string trimmed = TrimText(text);
  const SourceLoc where{p.name, 0, 0};
  if (trimmed.empty()) {
    throw InputError({Diagnostic{Severity::kError, "empty-text", where,
                                 Tr("the text is empty: write the question or the answer")}});
  }
  if (auto e = CheckFreeText(TextField::kReason, trimmed)) {
    throw InputError({Diagnostic{Severity::kError, e->code(), where, e->what()}});
  }
  return trimmed;
}

// "#42": how an answer's old_value names its question.
std::string QuestionTag(std::int64_t id) { return "#" + std::to_string(id); }

std::optional<std::int64_t> ParseQuestionTag(const std::string& text) {
  if (text.size() < 2 || text[0] != '#') return std::nullopt;
  std::int64_t id = 0;
  for (std::size_t k = 1; k < text.size(); ++k) {
    if (text[k] < '0' || text[k] > '9' || id > (INT64_MAX - 9) / 10) return std::nullopt;
    id = id * 10 + (text[k] - '0');
  }
  return id;
}

}  // namespace

void SqliteStore::Return(const StoredProjectRef& p_in, const ChangeContext& who) {
  RequireAuthor(who);
  if (TrimText(who.reason).empty()) {
    throw UsageError("reason-required",
                     TrF("returning '{}' (退回) needs a reason for its manager: add --reason "
                         "\"…\" (it is recorded in the audit trail)",
                         p_in.name));
  }
  return Write([&] {
    const StoredProjectRef p = CurrentStatus(p_in);
    if (p.status != ProjectStatus::kSubmitted) {
      throw Error("not-submitted",
                  TrF("'{}' is not submitted (已提交): only a submitted project can be returned "
                      "(退回); nothing was changed",
                      p.name));
    }
    Writer w(*db_, options_.key);
    w.SetStatus(p, ProjectStatus::kDraft, who);
    w.Flush();
  });
}

std::int64_t SqliteStore::Ask(const StoredProjectRef& p_in,
                              const std::optional<StoredIndicatorRef>& i, const std::string& text,
                              const ChangeContext& who) {
  RequireAuthor(who);
  const std::string question = CheckPostText(p_in, text);
  return Write([&] {
    const StoredProjectRef p = CurrentStatus(p_in);
    if (i) {
      sql::Statement& q = Prepared("SELECT 1 FROM indicators WHERE id = ? AND project_id = ?");
      const ResetAtExit done{q};
      q.bind(1, i->id);
      q.bind(2, p.id);
      if (!q.executeStep()) {
        throw UsageError("unknown-indicator",
                         TrF("'{}' is not an indicator of '{}'", i->name, p.name));
      }
    }
    Writer w(*db_, options_.key);
    const std::int64_t id =
        w.Audit(p, i ? i->key : "", AuditField::kQuestion, "", "", question, who, false);
    w.Flush();
    return id;
  });
}

std::int64_t SqliteStore::Answer(const StoredProjectRef& p_in, std::int64_t question,
                                 const std::string& text, const ChangeContext& who) {
  RequireAuthor(who);
  const std::string answer = CheckPostText(p_in, text);
  return Write([&] {
    const StoredProjectRef p = CurrentStatus(p_in);
    std::string indicator;
    {
      sql::Statement& q =
          Prepared("SELECT indicator FROM audit WHERE id = ? AND project = ? AND field = ?");
      const ResetAtExit done{q};
      q.bind(1, question);
      q.bind(2, p.name);
      q.bind(3, FieldName(AuditField::kQuestion));
      if (!q.executeStep()) {
        throw UsageError("no-question", TrF("'{}' has no question {}: see its questions first",
                                            p.name, AuditRecordName(question)));
      }
      indicator = q.getColumn(0).getString();
    }
    Writer w(*db_, options_.key);
    const std::int64_t id =
        w.Audit(p, indicator, AuditField::kAnswer, "", QuestionTag(question), answer, who, false);
    w.Flush();
    return id;
  });
}

std::vector<Question> SqliteStore::Questions(const StoredProjectRef& p) {
  std::vector<Question> out;
  std::map<std::int64_t, std::size_t> index;  // question id → position in out
  sql::Statement q(*db_, std::string("SELECT ") + kAuditColumns +
                             " FROM audit WHERE project = ?1 AND field IN (?2, ?3) ORDER BY id");
  q.bind(1, p.name);
  q.bind(2, FieldName(AuditField::kQuestion));
  q.bind(3, FieldName(AuditField::kAnswer));
  while (q.executeStep()) {
    const AuditRow r = ReadAuditRow(q);
    const QuestionPost post{r.id, r.author, r.at, r.new_value};
    if (r.field == AuditField::kQuestion) {
      index[r.id] = out.size();
      out.push_back(Question{post, r.indicator, {}});
    } else if (const auto to = ParseQuestionTag(r.old_value); to && index.count(*to)) {
      out[index[*to]].answers.push_back(post);
    }
  }
  return out;
}

}  // namespace jixiao
