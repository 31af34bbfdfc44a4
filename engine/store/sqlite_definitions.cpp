// Definitions: stored with their versions (text and compiled form), indicators kept by key across
// versions, the results of a loaded file entered where the store has none; read back compiled.
#include <map>
#include <vector>

#include "engine/store/sql.h"
#include "engine/store/sqlite_store.h"
#include "indicators/i18n.h"
#include "indicators/loader.h"

namespace jixiao {

StoredProjectRef Writer::FindOrCreateProject(const Project& def, int& version, bool& created) {
  StoredProjectRef p;
  p.name = def.name;
  p.year = def.year;
  p.unit = def.unit;
  sql::Statement& q = Prepared(
      "SELECT id, status, current_version FROM projects WHERE name = ? AND year = ? AND unit = ?");
  q.bind(1, def.name);
  q.bind(2, def.year);
  q.bind(3, def.unit);
  if (q.executeStep()) {
    p.id = q.getColumn(0).getInt64();
    p.status = ParseProjectStatus(q.getColumn(1).getString()).value_or(ProjectStatus::kDraft);
    version = q.getColumn(2).getInt();
    q.reset();
    created = false;
    return p;
  }
  q.reset();
  sql::Statement& ins =
      Prepared("INSERT INTO projects(name, year, unit, manager) VALUES (?,?,?,?) RETURNING id");
  const ResetAtExit done{ins};
  ins.bind(1, def.name);
  ins.bind(2, def.year);
  ins.bind(3, def.unit);
  ins.bind(4, def.manager);
  ins.executeStep();
  p.id = ins.getColumn(0).getInt64();
  p.status = ProjectStatus::kDraft;
  version = 0;
  created = true;
  return p;
}

bool Writer::SameText(const StoredProjectRef& p, int version, const std::string& yaml_text) {
  sql::Statement& q = Prepared("SELECT yaml FROM definitions WHERE project_id = ? AND version = ?");
  q.bind(1, p.id);
  q.bind(2, version);
  const bool same = q.executeStep() && q.getColumn(0).getString() == yaml_text;
  q.reset();
  return same;
}

void Writer::InsertVersion(const StoredProjectRef& p, int version, const ProjectFile& pf,
                           const std::string& yaml_text, const Diagnostics& warnings,
                           const ChangeContext& who) {
  const Project& def = pf.project;
  sql::Statement& ins = Prepared(
      "INSERT INTO definitions(project_id, version, yaml, source, loaded_at, loaded_by) "
      "VALUES (?,?,?,?,?,?)");
  ins.bind(1, p.id);
  ins.bind(2, version);
  ins.bind(3, yaml_text);
  ins.bind(4, who.source);
  ins.bind(5, NowUtc());
  ins.bind(6, who.author);
  ins.exec();
  const std::string bytes = EncodeDefinition(def, pf.published, warnings, def.loc.file);
  sql::Statement& cd =
      Prepared("INSERT INTO compiled_definitions(project_id, version, bytes) VALUES (?,?,?)");
  cd.bind(1, p.id);
  cd.bind(2, version);
  cd.bindBlobNoCopy(3, bytes);
  cd.exec();
  sql::Statement& up =
      Prepared("UPDATE projects SET current_version = ?, manager = ? WHERE id = ?");
  up.bind(1, version);
  up.bind(2, def.manager);
  up.bind(3, p.id);
  up.exec();
  Audit(p, "", AuditField::kDefinition, "", version > 1 ? "v" + std::to_string(version - 1) : "",
        "v" + std::to_string(version), who, p.status == ProjectStatus::kSubmitted);
}

std::map<std::string, std::int64_t> Writer::UpsertIndicators(const StoredProjectRef& p,
                                                             const Project& def, int version) {
  std::map<std::string, std::int64_t> ids;  // by key
  for (const Indicator& ind : def.indicators) {
    sql::Statement& up = Prepared(
        "INSERT INTO indicators(project_id, key, name, since_version) "
        "VALUES (?1, ?2, ?3, ?4) ON CONFLICT(project_id, key) "
        "DO UPDATE SET removed_in = NULL, name = excluded.name RETURNING id");
    up.bind(1, p.id);
    up.bind(2, ind.key);
    up.bind(3, ind.name);
    up.bind(4, version);
    if (up.executeStep()) ids[ind.key] = up.getColumn(0).getInt64();
    up.reset();
  }
  return ids;
}

void Writer::RemoveMissing(const StoredProjectRef& p, const Project& def, int version,
                           const std::map<std::string, std::int64_t>& ids, const ChangeContext& who,
                           bool force, LoadOutcome& out) {
  sql::Statement& q = Prepared(
      "SELECT i.id, i.key, i.name, (SELECT count(*) FROM results r "
      "WHERE r.indicator_id = i.id) FROM indicators i "
      "WHERE i.project_id = ? AND i.removed_in IS NULL");
  q.bind(1, p.id);
  std::vector<std::pair<StoredIndicatorRef, int>> gone;
  while (q.executeStep()) {
    const std::string key = q.getColumn(1).getString();
    if (!ids.count(key)) {
      gone.push_back(
          {{q.getColumn(0).getInt64(), key, q.getColumn(2).getString()}, q.getColumn(3).getInt()});
    }
  }
  q.reset();
  for (const auto& [ind, results] : gone) {
    if (results > 0 && !(force && !TrimText(who.reason).empty())) {
      throw Error("indicator-has-actuals",
                  TrF("'{}': indicator '{}' has actual values and is not in the new definition: "
                      "removing it needs --force --reason TEXT; nothing was stored",
                      def.name, ind.key));
    }
    sql::Statement& rm = Prepared("UPDATE indicators SET removed_in = ? WHERE id = ?");
    rm.bind(1, version);
    rm.bind(2, ind.id);
    rm.exec();
    Audit(p, ind.key, AuditField::kIndicator, "", "present", "removed", who,
          p.status == ProjectStatus::kSubmitted);
    out.removed.push_back(ind.key);
  }
}

void Writer::EnterFileResults(const StoredProjectRef& p, const ProjectFile& pf, bool created,
                              const std::map<std::string, std::int64_t>& ids,
                              const ChangeContext& who, LoadOutcome& out) {
  for (const Indicator& ind : pf.project.indicators) {
    const Actual* a = pf.results.Find(ind.key);
    if (!a) continue;
    const StoredIndicatorRef ref{ids.at(ind.key), ind.key, ind.name};
    if (!created) {
      sql::Statement& any = Prepared("SELECT count(*) FROM results WHERE indicator_id = ?");
      any.bind(1, ref.id);
      any.executeStep();
      const bool has = any.getColumn(0).getInt() > 0;
      any.reset();
      if (has) continue;
    }
    if (a->value) SetResult(p, ref, ResultField::kActual, a->value->text, who);
    if (a->judgement != Judgement::kNone) {
      SetResult(p, ref, ResultField::kJudgement, JudgementName(a->judgement), who);
    }
    if (a->score) SetResult(p, ref, ResultField::kScore, NumberText(*a->score), who);
    if (!a->reason.empty()) SetResult(p, ref, ResultField::kReason, a->reason, who);
    ++out.actuals_entered;
  }
  const Results& r = pf.results;
  if (r.executed)
    SetProjectResult(p, ProjectField::kExecuted, "", NumberText(*r.executed), who, true);
  SetProjectResult(p, ProjectField::kExplanation, "", r.execution_explanation, who, true);
  SetProjectResult(p, ProjectField::kChangeExplanation, "", r.budget_change_explanation, who, true);
  SetProjectResult(p, ProjectField::kGoalAchieved, "", r.goal_achieved, who, true);
  if (r.status == Status::kNotStarted) {
    SetProjectResult(p, ProjectField::kImplementation, "", "not-started", who, true);
  }
  for (const auto& [source, executed] : r.source_executed) {
    SetProjectResult(p, ProjectField::kSourceExecuted, source, NumberText(executed), who, true);
  }
}

LoadOutcome Writer::LoadDefinition(const ProjectFile& pf, const std::string& yaml_text,
                                   const Diagnostics& warnings, const ChangeContext& who,
                                   bool force) {
  const Project& def = pf.project;
  LoadOutcome out;
  out.project = def.name;
  bool created = false;
  const StoredProjectRef p = FindOrCreateProject(def, out.version, created);
  if (out.version > 0 && SameText(p, out.version, yaml_text)) return out;  // nothing to do
  // New definitions of a signed-off project: the trail keeps the reason, audit flags the reload.
  RequireReasonAfterSubmit(p, who, Tr("reloading its definitions"));
  const int version = ++out.version;
  out.changed = true;
  InsertVersion(p, version, pf, yaml_text, warnings, who);
  // Indicators keep their identity (key) across versions.
  const std::map<std::string, std::int64_t> ids = UpsertIndicators(p, def, version);
  // A project created just now has no other indicator.
  if (!created) RemoveMissing(p, def, version, ids, who, force, out);
  // Results in the file are entered where the store has none yet.
  EnterFileResults(p, pf, created, ids, who, out);
  return out;
}

std::vector<LoadOutcome> SqliteStore::LoadDefinitions(const DefinitionSource& next,
                                                      const ChangeContext& who, bool force) {
  // A bigger page cache for the load (SQLite's default 2 MB thrashes on a province's 6 million
  // rows in one transaction), given back afterwards: a scan of the whole store then recycles
  // 2 MB instead of touching fresh memory for every page it reads (BulkCache, dialect.cpp).
  struct CacheForLoad {
    sql::Connection& db;
    explicit CacheForLoad(sql::Connection& d) : db(d) { BulkCache(db, true); }
    ~CacheForLoad() {
      try {
        BulkCache(db, false);
      } catch (...) {
      }
    }
  } cache(*db_);
  std::vector<LoadOutcome> out;
  // One attempt: the definitions are pulled from `next` once and dropped, so the body cannot run
  // again. The write lock taken first means nothing else writes meanwhile, which is what keeps
  // PostgreSQL from aborting it (an abort still says "try again", store-retry).
  RunWrite(
      *db_, options_.path.string(), options_.busy_timeout_ms,
      [&] {
        Writer w(*db_, options_.key);
        while (const Definition* d = next()) {
          ChangeContext c = who;
          c.source = d->source;
          out.push_back(w.LoadDefinition(*d->file, d->yaml,
                                         d->warnings ? *d->warnings : Diagnostics{}, c, force));
        }
        w.Flush();
      },
      1);
  return out;
}

CompiledDefinition SqliteStore::Compiled(std::int64_t project_id, const std::string& project,
                                         int version, std::optional<std::string_view> bytes) {
  const std::string source = SourceName(project, version);
  if (bytes) {
    try {
      return DecodeDefinition(*bytes, source);
    } catch (const CodecError&) {
      // Written by another jixiao: the text below is the record.
    }
  }
  sql::Statement q(*db_, "SELECT yaml FROM definitions WHERE project_id = ? AND version = ?");
  q.bind(1, project_id);
  q.bind(2, version);
  if (!q.executeStep()) throw UsageError(TrF("project '{}' has no definition stored", project));
  LoadResult r = LoadProjectText(q.getColumn(0).getString(), source);
  if (!r.ok()) throw InputError(r.diagnostics);
  return CompiledDefinition{std::move(r.file->project), std::move(r.file->published),
                            std::move(r.diagnostics)};
}

CompiledDefinition SqliteStore::CurrentDefinition(const StoredProjectRef& p, Reading reading,
                                                  int& version, ProjectStatus* status) {
  sql::Statement& q = Prepared(
      "SELECT p.current_version, c.bytes, p.status FROM projects p LEFT JOIN compiled_definitions "
      "c ON c.project_id = p.id AND c.version = p.current_version WHERE p.id = ?");
  const ResetAtExit done{q};
  q.bind(1, p.id);
  if (!q.executeStep() || q.getColumn(0).getInt() == 0) {
    throw UsageError(TrF("project '{}' has no definition stored", p.name));
  }
  version = q.getColumn(0).getInt();
  if (status)
    *status = ParseProjectStatus(q.getColumn(2).getString()).value_or(ProjectStatus::kDraft);
  return Compiled(p.id, p.name, version,
                  reading == Reading::kCompiled ? Blob(q.getColumn(1)) : std::nullopt);
}

Project SqliteStore::ReadDefinition(const StoredProjectRef& p) {
  int version = 0;
  return CurrentDefinition(p, Reading::kCompiled, version).project;
}

}  // namespace jixiao
