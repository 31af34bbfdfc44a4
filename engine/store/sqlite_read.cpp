// Results read back: from their typed columns, never parsed again. A stored result that does not
// read (no typed form, or one this jixiao cannot decode) is an error that names it.
#include "engine/store/sql.h"
#include "engine/store/sqlite_store.h"
#include "indicators/i18n.h"

namespace jixiao {
namespace {

// A stored result that no longer reads. Stored results are located by their project and
// indicator ("社区医保服务站 / 产出指标/数量指标/建成服务站点"): they have no line.
Diagnostic Unreadable(const std::string& project, const std::string& indicator,
                      const std::string& field, const std::string& value, const std::string& why) {
  return Diagnostic{
      Severity::kError, "stored-value-unreadable",
      SourceLoc{project + (indicator.empty() ? "" : " / " + indicator), 0, 0},
      (indicator.empty() ? TrF("project '{}'", project)
                         : TrF("project '{}', indicator '{}'", project, indicator)) +
          TrF(", field {}: the stored value '{}' no longer reads ({}); enter it again "
              "(jixiao actual set, budget, or a new load)",
              field, Excerpt(value), why)};
}

// One stored project-level result field (columns field, value, number from `first`), into
// `results` (the adjusted budget into `project`).
void ApplyProjectResult(sql::Statement& q, int first, const std::string& project_name,
                        Results& results, Project& project, Diagnostics& errors) {
  const std::string text = q.getColumn(first).getString();
  const std::string value = q.getColumn(first + 1).getString();
  const sql::Column number = q.getColumn(first + 2);
  std::string src;
  const std::optional<ProjectField> field = ParseProjectField(text, &src);
  if (!field) {
    errors.push_back(Unreadable(project_name, "", text, value, Tr("no such field")));
    return;
  }
  const bool numeric = field == ProjectField::kExecuted || field == ProjectField::kAdjusted ||
                       field == ProjectField::kSourceExecuted;
  if (numeric && number.isNull()) {
    errors.push_back(Unreadable(project_name, "", text, value, Tr("not a number")));
    return;
  }
  switch (*field) {
    case ProjectField::kExecuted:
      results.executed = number.getDouble();
      results.executed_loc = SourceLoc{project_name, 0, 0};
      break;
    case ProjectField::kAdjusted:
      project.budget.annual = number.getDouble();
      // One fund source: its row is the total (the 自评表 must not contradict itself).
      if (const auto only = project.budget.SingleSource())
        project.budget.sources[*only].annual = number.getDouble();
      break;
    case ProjectField::kSourceExecuted:
      results.source_executed[src] = number.getDouble();
      break;
    case ProjectField::kExplanation:
      results.execution_explanation = value;
      break;
    case ProjectField::kChangeExplanation:
      results.budget_change_explanation = value;
      break;
    case ProjectField::kGoalAchieved:
      results.goal_achieved = value;
      break;
    case ProjectField::kImplementation:
      results.status = value == "not-started" ? Status::kNotStarted : Status::kImplemented;
      break;
  }
}

// One stored result of an indicator (columns key, field, value, number, judgement, typed from
// `first`), into `results`.
void ApplyIndicatorResult(sql::Statement& q, int first, const std::string& project_name,
                          Results& results, Diagnostics& errors) {
  const std::string key = q.getColumn(first).getString();
  const std::string text = q.getColumn(first + 1).getString();
  const sql::Column value = q.getColumn(first + 2);
  const sql::Column number = q.getColumn(first + 3);
  const sql::Column judgement = q.getColumn(first + 4);
  const std::optional<ResultField> field = ParseResultField(text);
  Actual& a = results.actuals[key];
  if (a.loc.file.empty()) a.loc = SourceLoc{project_name + " / " + key, 0, 0};
  const auto unreadable = [&](const std::string& why) {
    errors.push_back(Unreadable(project_name, key, text, value.getString(), why));
  };
  if (!field) return unreadable(Tr("no such field"));
  switch (*field) {
    case ResultField::kActual: {
      const std::optional<std::string_view> bytes = Blob(q.getColumn(first + 5));
      if (!bytes) return unreadable(Tr("it has no typed form"));
      try {
        a.value = DecodeValue(*bytes);
      } catch (const CodecError& e) {
        unreadable(e.what());
      }
      break;
    }
    case ResultField::kJudgement:
      if (judgement.isNull() || judgement.getInt() < 0 ||
          judgement.getInt() > static_cast<int>(Judgement::kNotAchieved)) {
        return unreadable(Tr("not a judgement"));
      }
      a.judgement = static_cast<Judgement>(judgement.getInt());
      break;
    case ResultField::kScore:
      if (number.isNull()) return unreadable(Tr("not a number"));
      a.score = number.getDouble();
      break;
    case ResultField::kReason:
      a.reason = value.getString();
      break;
  }
}

// A definition read back, into what ReadProject and ForEachProject hand over.
void TakeDefinition(CompiledDefinition&& def, Store::Loaded& out) {
  out.warnings = std::move(def.warnings);
  out.file.project = std::move(def.project);
  out.file.published = std::move(def.published);
}

constexpr const char* kResultColumns = "i.key, r.field, r.value, r.number, r.judgement, r.typed";

}  // namespace

Store::Loaded SqliteStore::ReadProject(const StoredProjectRef& p, Reading reading) {
  int version = 0;
  Loaded out;
  TakeDefinition(CurrentDefinition(p, reading, version), out);
  out.source = SourceName(p.name, version);
  // Results come from the store only, never from the stored definition text.
  Diagnostics errors;
  {
    sql::Statement& pr =
        Prepared("SELECT field, value, number FROM project_results WHERE project_id = ?");
    const ResetAtExit done{pr};
    pr.bind(1, p.id);
    while (pr.executeStep()) {
      ApplyProjectResult(pr, 0, p.name, out.file.results, out.file.project, errors);
    }
  }
  {
    sql::Statement& ar = Prepared(std::string("SELECT ") + kResultColumns +
                                     " FROM results r JOIN indicators i ON i.id = r.indicator_id "
                                     "WHERE i.project_id = ? AND i.removed_in IS NULL");
    const ResetAtExit done{ar};
    ar.bind(1, p.id);
    while (ar.executeStep()) ApplyIndicatorResult(ar, 0, p.name, out.file.results, errors);
  }
  if (!errors.empty()) throw InputError(errors);
  return out;
}

void SqliteStore::ForEachProject(const EachProject& each) {
  sql::Statement q(*db_,
                   "SELECT p.id, p.name, p.year, p.unit, p.status, p.current_version, c.bytes "
                   "FROM projects p LEFT JOIN compiled_definitions c ON c.project_id = p.id "
                   "AND c.version = p.current_version ORDER BY p.id");
  sql::Statement pr(*db_,
                    "SELECT project_id, field, value, number FROM project_results ORDER BY "
                    "project_id");
  sql::Statement ar(*db_, std::string("SELECT i.project_id, ") + kResultColumns +
                              " FROM indicators i JOIN results r ON r.indicator_id = i.id "
                              "WHERE i.removed_in IS NULL ORDER BY i.project_id");
  // The result cursors run ahead of the project cursor; rows of a project id that has no
  // project row (none: foreign keys) would be skipped.
  bool pr_row = pr.executeStep(), ar_row = ar.executeStep();
  while (q.executeStep()) {
    StoredProjectRef ref{
        q.getColumn(0).getInt64(), q.getColumn(1).getString(), q.getColumn(2).getInt(),
        q.getColumn(3).getString(),
        ParseProjectStatus(q.getColumn(4).getString()).value_or(ProjectStatus::kDraft)};
    const int version = q.getColumn(5).getInt();
    Loaded loaded;
    loaded.source = SourceName(ref.name, version);
    Diagnostics errors;
    try {
      if (version == 0) throw UsageError(TrF("project '{}' has no definition stored", ref.name));
      TakeDefinition(Compiled(ref.id, ref.name, version, Blob(q.getColumn(6))), loaded);
    } catch (const InputError& e) {
      errors = e.diagnostics();
    } catch (const UsageError& e) {
      errors.push_back(Diagnostic{Severity::kError, "no-definition",
                                  SourceLoc{options_.path.string(), 0, 0},
                                  e.what()});  // i18n: translated
    }
    for (; pr_row && pr.getColumn(0).getInt64() <= ref.id; pr_row = pr.executeStep()) {
      if (pr.getColumn(0).getInt64() < ref.id) continue;
      ApplyProjectResult(pr, 1, ref.name, loaded.file.results, loaded.file.project, errors);
    }
    for (; ar_row && ar.getColumn(0).getInt64() <= ref.id; ar_row = ar.executeStep()) {
      if (ar.getColumn(0).getInt64() < ref.id) continue;
      ApplyIndicatorResult(ar, 1, ref.name, loaded.file.results, errors);
    }
    each(ref, std::move(loaded), errors);
  }
}

}  // namespace jixiao
