// Results written: each change typed from its text, stored with the audit row that records it,
// in one transaction with the others of the same command.
#include <cmath>
#include <map>

#include "engine/store/results_digest.h"
#include "engine/store/sql.h"
#include "engine/store/sqlite_store.h"
#include "indicators/i18n.h"
#include "indicators/match.h"
#include "indicators/text.h"
#include "indicators/value.h"
#include "scoring/entry.h"

namespace jixiao {

TypedResult TypeResult(ResultField field, const std::string& text) {
  TypedResult t;
  switch (field) {
    case ResultField::kActual: {
      ParseResult r = ParseValue(text);
      if (!r.value) throw Error("bad-value", TrF("{} in actual '{}'", r.error, Excerpt(text)));
      // An actual is a reading, not a bound: its operator is not compared.
      if (r.value->is_quantity()) {
        r.value->op = Operator::kNone;
        t.number = r.value->number;
        t.unit = r.value->unit.text;
      }
      t.typed = EncodeValue(*r.value);
      break;
    }
    case ResultField::kJudgement: {
      const std::optional<Judgement> j = ParseJudgement(text);
      if (!j)
        throw Error("bad-value",
                    TrF("'{}' is not a judgement (达成, 部分达成, 未达成)", Excerpt(text)));
      t.judgement = static_cast<int>(*j);
      break;
    }
    case ResultField::kScore: {
      std::string err;
      t.number = ParsePlainNumber(text, &err);
      if (!t.number) throw Error("bad-value", TrF("score '{}': {}", Excerpt(text), err));
      break;
    }
    case ResultField::kReason:
      break;
  }
  return t;
}

std::optional<double> TypeProjectResult(ProjectField field, const std::string& text) {
  switch (field) {
    case ProjectField::kExecuted:
    case ProjectField::kAdjusted:
    case ProjectField::kSourceExecuted: {
      std::string err;
      return ParsePlainNumber(text, &err);
    }
    default:
      return std::nullopt;
  }
}

void BindTyped(sql::Statement& st, int first, const TypedResult& t) {
  if (t.number)
    st.bind(first, *t.number);
  else
    st.bind(first);
  if (t.unit)
    st.bind(first + 1, *t.unit);
  else
    st.bind(first + 1);
  if (t.judgement)
    st.bind(first + 2, *t.judgement);
  else
    st.bind(first + 2);
  if (t.typed) {
    st.bindBlob(first + 3, *t.typed);
  } else {
    st.bind(first + 3);
  }
}

void RequireAuthor(const ChangeContext& who) {
  if (TrimText(who.author).empty()) {
    throw UsageError(Tr("who is entering this? give --by NAME (it goes into the audit trail)"));
  }
  if (auto e = CheckFreeText(TextField::kAuthor, who.author)) throw *e;
  if (auto e = CheckFreeText(TextField::kReason, who.reason)) throw *e;
}

void RequireReasonAfterSubmit(const StoredProjectRef& p, const ChangeContext& who,
                              const std::string& what) {
  if (p.status == ProjectStatus::kSubmitted && TrimText(who.reason).empty()) {
    throw Error("submitted", TrF("'{}' is submitted (已提交): {} now needs a reason: add --reason "
                                 "\"…\" (it is recorded in the audit trail and marked for "
                                 "auditors); nothing was stored",
                                 p.name, what));
  }
}

Writer::Cell Writer::Result(std::int64_t indicator_id, ResultField field) {
  sql::Statement& q =
      Prepared("SELECT value, audit_id FROM results WHERE indicator_id = ? AND field = ?");
  const ResetAtExit done{q};
  q.bind(1, indicator_id);
  q.bind(2, FieldName(field));
  Cell c;
  if (!q.executeStep()) return c;
  c.present = true;
  c.value = q.getColumn(0).getString();
  c.audit_id = AuditIdOf(q.getColumn(1));
  return c;
}

void Writer::Refingerprint(std::int64_t project_id, std::uint64_t removed, std::uint64_t added) {
  digest_delta_[project_id] += added - removed;  // modulo 2^64, as the fingerprint
}

bool Writer::SetResult(const StoredProjectRef& p, const StoredIndicatorRef& i, ResultField field,
                       const std::string& value, const ChangeContext& who) {
  const Cell old = Result(i.id, field);
  if (old.value == value) return false;  // unchanged: not a change, even after sign-off
  // Here, in the one write path of every door (actual set, import, load, deviation set).
  RequireReasonAfterSubmit(p, who, Tr("a change"));
  const std::int64_t audit_id = Audit(p, i.key, AuditFieldOf(field), "", old.value, value, who,
                                      p.status == ProjectStatus::kSubmitted);
  const std::string name = FieldName(field);
  const std::uint64_t removed =
      old.present ? IndicatorResultHash(i.key, name, old.value, old.audit_id) : 0;
  if (value.empty()) {
    sql::Statement& st = Prepared("DELETE FROM results WHERE indicator_id = ?1 AND field = ?2");
    st.bind(1, i.id);
    st.bind(2, name);
    st.exec();
    Refingerprint(p.id, removed, 0);
    return true;
  }
  const TypedResult t = TypeResult(field, value);
  sql::Statement& st = Prepared(
      "INSERT INTO results(indicator_id, field, value, number, unit, judgement, typed, audit_id) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT(indicator_id, field) DO UPDATE SET "
      "value = excluded.value, number = excluded.number, unit = excluded.unit, judgement = "
      "excluded.judgement, typed = excluded.typed, audit_id = excluded.audit_id");
  st.bind(1, i.id);
  st.bind(2, name);
  st.bind(3, value);
  BindTyped(st, 4, t);
  st.bind(8, audit_id);
  st.exec();
  Refingerprint(p.id, removed, IndicatorResultHash(i.key, name, value, audit_id));
  return true;
}

void Writer::SetProjectResult(const StoredProjectRef& p, ProjectField field,
                              const std::string& source, const std::string& value,
                              const ChangeContext& who, bool only_if_missing) {
  if (value.empty()) return;
  const std::string name = FieldName(field, source);
  sql::Statement& q =
      Prepared("SELECT value, audit_id FROM project_results WHERE project_id = ? AND field = ?");
  q.bind(1, p.id);
  q.bind(2, name);
  const bool has = q.executeStep();
  const std::string old = has ? q.getColumn(0).getString() : "";
  const std::optional<std::int64_t> old_audit = has ? AuditIdOf(q.getColumn(1)) : std::nullopt;
  q.reset();
  if ((has && only_if_missing) || old == value) return;
  RequireReasonAfterSubmit(p, who, Tr("a change"));
  const std::int64_t audit_id = Audit(p, "", AuditFieldOf(field), source, old, value, who,
                                      p.status == ProjectStatus::kSubmitted);
  sql::Statement& up = Prepared(
      "INSERT INTO project_results(project_id, field, value, number, audit_id) VALUES "
      "(?1,?2,?3,?4,?5) ON CONFLICT(project_id, field) DO UPDATE SET value = excluded.value, "
      "number = excluded.number, audit_id = excluded.audit_id");
  up.bind(1, p.id);
  up.bind(2, name);
  up.bind(3, value);
  if (const std::optional<double> n = TypeProjectResult(field, value)) {
    up.bind(4, *n);
  } else {
    up.bind(4);
  }
  up.bind(5, audit_id);
  up.exec();
  Refingerprint(p.id, has ? ProjectResultHash(name, old, old_audit) : 0,
                ProjectResultHash(name, value, audit_id));
}

void Writer::SetStatus(const StoredProjectRef& p, ProjectStatus to, const ChangeContext& who) {
  sql::Statement& up = Prepared("UPDATE projects SET status = ? WHERE id = ?");
  up.bind(1, FieldName(to));
  up.bind(2, p.id);
  up.exec();
  Audit(p, "", AuditField::kStatus, "", FieldName(p.status), FieldName(to), who, false);
}

Diagnostics SqliteStore::CheckEntries(const std::vector<Entry>& entries) {
  return CheckEntriesNoting(entries, nullptr);
}

Diagnostics SqliteStore::CheckEntriesNoting(const std::vector<Entry>& entries,
                                            std::map<std::int64_t, ProjectStatus>* status) {
  Diagnostics found;
  std::map<std::int64_t, Project> definitions;  // each project's definition, read once
  for (const Entry& e : entries) {
    SourceLoc where = e.where;
    if (where.file.empty()) where.file = e.project.name + " / " + e.indicator.name;
    if (auto t = CheckFreeText(TextField::kDeviation, e.reason)) {
      found.push_back(Diagnostic{Severity::kError, t->code(), where, t->what()});
    }
    if (TrimText(e.value).empty()) continue;
    if (!definitions.count(e.project.id)) {
      int version = 0;
      ProjectStatus s = ProjectStatus::kDraft;
      definitions[e.project.id] =
          CurrentDefinition(e.project, Reading::kCompiled, version, &s).project;
      if (status) (*status)[e.project.id] = s;
    }
    const Project& def = definitions[e.project.id];
    const Indicator* ind = def.Find(e.indicator.key);
    if (!ind) {
      found.push_back(Diagnostic{Severity::kError, "unknown-indicator", where,
                                 TrF("'{}' is not in the current definition", e.indicator.name)});
      continue;
    }
    EntryCheck c = CheckActual(*ind, TrimText(e.value), policies_.Get(def.policy, {}), where);
    found.insert(found.end(), c.problems.begin(), c.problems.end());
  }
  return found;
}

namespace {

// The columns of a ResultVersion from the indicators `i` of a query: the latest audit row that
// set one of the indicator's results, and its actual and reason as stored now.
constexpr const char* kVersionSelect = R"sql(
SELECT i.key, a.id, a.author, a.at,
       (SELECT value FROM results WHERE indicator_id = i.id AND field = 'actual'),
       (SELECT value FROM results WHERE indicator_id = i.id AND field = 'reason')
  FROM indicators i
  LEFT JOIN audit a ON a.id = (SELECT max(audit_id) FROM results WHERE indicator_id = i.id))sql";

ResultVersion ReadVersion(sql::Statement& q) {
  ResultVersion v;
  if (!q.getColumn(1).isNull()) {
    v.version = q.getColumn(1).getInt64();
    v.author = q.getColumn(2).getString();
    v.at = q.getColumn(3).getString();
  }
  v.actual = q.getColumn(4).isNull() ? "" : q.getColumn(4).getString();
  v.reason = q.getColumn(5).isNull() ? "" : q.getColumn(5).getString();
  return v;
}

}  // namespace

std::map<std::string, ResultVersion> SqliteStore::Versions(const StoredProjectRef& p) {
  std::map<std::string, ResultVersion> out;
  sql::Statement& q =
      Prepared(std::string(kVersionSelect) + " WHERE i.project_id = ? AND i.removed_in IS NULL");
  const ResetAtExit done{q};
  q.bind(1, p.id);
  while (q.executeStep()) out[q.getColumn(0).getString()] = ReadVersion(q);
  return out;
}

void SqliteStore::CheckVersion(const Entry& e) {
  if (!e.expected_version) return;
  sql::Statement& q = Prepared(std::string(kVersionSelect) + " WHERE i.id = ?");
  ResultVersion stored;
  {
    const ResetAtExit done{q};
    q.bind(1, e.indicator.id);
    if (q.executeStep()) stored = ReadVersion(q);
  }
  if (stored.version == *e.expected_version) return;
  const auto shown = [](const std::string& v) { return v.empty() ? std::string(Tr("(none)")) : v; };
  const std::string yours = TrimText(e.value);
  // The message first: `stored` is moved into the error after.
  const std::string message =
      TrF("'{}' was changed by {} at {}: it is now '{}', your value '{}' was not saved. Reload "
          "the project, check its value, and save again.",
          e.indicator.name, shown(stored.author),
          shown(stored.at.empty() ? "" : ShowTime(stored.at)), shown(stored.actual), shown(yours));
  throw ConflictError(message, e.indicator.key, std::move(stored), yours);
}

EntryOutcome SqliteStore::SetMany(const std::vector<Entry>& entries, const ChangeContext& who) {
  RequireAuthor(who);
  return Write([&] {
    // Inside the transaction: checked against the definition the values are written to.
    EntryOutcome out;
    Diagnostics refused;
    // Each project's status re-read inside the transaction: with its definition by the entry
    // check, else (an entry of a reason alone) by CurrentStatus below.
    std::map<std::int64_t, ProjectStatus> status;
    for (Diagnostic& d : CheckEntriesNoting(entries, &status))
      (d.severity == Severity::kError ? refused : out.warnings).push_back(std::move(d));
    if (!refused.empty()) throw InputError(std::move(refused));
    // Every version check before any write: a stale entry refuses the whole save.
    for (const Entry& e : entries) CheckVersion(e);
    Writer w(*db_, options_.key, &cached_);
    for (const Entry& e : entries) {
      if (!status.count(e.project.id)) status[e.project.id] = CurrentStatus(e.project).status;
      StoredProjectRef p = e.project;
      p.status = status[p.id];
      // A change after sign-off without a reason is refused by SetResult, where every door writes.
      bool changed = false;
      if (!e.value.empty())
        changed = w.SetResult(p, e.indicator, ResultField::kActual, TrimText(e.value), who);
      if (!e.reason.empty())
        changed =
            w.SetResult(p, e.indicator, ResultField::kReason, TrimText(e.reason), who) || changed;
      ++(changed ? out.changed : out.unchanged);
    }
    w.Flush();
    return out;
  });
}

namespace {

// The fund source `query` names among the definition's, by MatchName.
std::string ResolveSource(const Project& def, const std::string& query) {
  std::vector<std::vector<std::string>> names;
  std::string all;
  for (const FundSource& s : def.budget.sources) {
    names.push_back({s.name});
    all += (all.empty() ? "" : ", ") + s.name;
  }
  if (names.empty()) {
    throw UsageError(TrF(
        "'{}' has no fund-source rows (budget.sources): set the total without --source", def.name));
  }
  const NameMatch m = MatchName(names, query);
  if (m.kind == NameMatch::Kind::kFound) return names[m.matches.front()].front();
  throw UsageError(
      m.kind == NameMatch::Kind::kAmbiguous
          ? TrF("ambiguous fund source '{}' in '{}'; its sources: {}", TrimText(query), def.name,
                all)
          : TrF("no fund source '{}' in '{}'; its sources: {}", TrimText(query), def.name, all));
}

void CheckBudgetEntry(const BudgetEntry& e) {
  if (!e.executed && !e.adjusted && !e.explanation && !e.change_explanation) {
    throw UsageError(
        Tr("give --executed N, --adjusted N (万元), --explanation TEXT or --change-explanation "
           "TEXT"));
  }
  for (auto v : {e.executed, e.adjusted}) {
    if (v && (!std::isfinite(*v) || *v < 0 || *v > 1e12)) {
      throw UsageError(Tr("a budget figure must be a number from 0 to 1e12 (万元)"));
    }
  }
  if (!e.source.empty() && (!e.executed || e.adjusted)) {
    throw UsageError(
        Tr("--source sets a fund source's 全年执行数: give it with --executed N (a source's "
           "年初预算数 and 全年预算数 are part of the definition: change them there and `jixiao "
           "load`)"));
  }
  for (const auto& [text, option] : {std::pair{&e.explanation, "--explanation"},
                                     std::pair{&e.change_explanation, "--change-explanation"}}) {
    if (!*text) continue;
    if (TrimText(**text).empty()) throw UsageError(TrF("{} is empty", option));
    if (auto err = CheckFreeText(TextField::kExplanation, **text)) {
      throw UsageError(TrF("{}: {}", option, err->what()));
    }
  }
}

}  // namespace

void SqliteStore::SetBudget(const StoredProjectRef& p_in, const BudgetEntry& e,
                            const ChangeContext& who) {
  RequireAuthor(who);
  CheckBudgetEntry(e);
  return Write([&] {
    const StoredProjectRef p = CurrentStatus(p_in);
    const Project def = ReadDefinition(p);
    // One source: its row is the total, whichever of the two is entered.
    const std::optional<std::size_t> single = def.budget.SingleSource();
    const std::string only = single ? def.budget.sources[*single].name : std::string();
    const std::string source = e.source.empty() ? only : ResolveSource(def, e.source);
    Writer w(*db_, options_.key);  // a change after sign-off needs a reason: SetProjectResult
    if (e.executed) {
      const std::string amount = NumberText(*e.executed);
      if (e.source.empty() || source == only)
        w.SetProjectResult(p, ProjectField::kExecuted, "", amount, who, false);
      if (!source.empty())
        w.SetProjectResult(p, ProjectField::kSourceExecuted, source, amount, who, false);
    }
    if (e.adjusted)
      w.SetProjectResult(p, ProjectField::kAdjusted, "", NumberText(*e.adjusted), who, false);
    if (e.explanation)
      w.SetProjectResult(p, ProjectField::kExplanation, "", TrimText(*e.explanation), who, false);
    if (e.change_explanation) {
      w.SetProjectResult(p, ProjectField::kChangeExplanation, "", TrimText(*e.change_explanation),
                         who, false);
    }
    w.Flush();
  });
}

void SqliteStore::Submit(const StoredProjectRef& p_in, const ChangeContext& who) {
  RequireAuthor(who);
  return Write([&] {
    const StoredProjectRef p = CurrentStatus(p_in);
    if (p.status == ProjectStatus::kSubmitted) {
      throw UsageError(TrF("'{}' is already submitted (已提交)", p.name));
    }
    Writer w(*db_, options_.key);
    w.SetStatus(p, ProjectStatus::kSubmitted, who);
    w.Flush();
  });
}

}  // namespace jixiao
