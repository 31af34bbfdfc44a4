// Results read back: from their typed columns, never parsed again. A stored result that does not
// read (no typed form, or one this jixiao cannot decode) is an error that names it.
#include <algorithm>
#include <cstdint>
#include <optional>

#include "engine/store/results_digest.h"
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

// One stored project-level result field into `results` (the adjusted budget into `project`).
void ApplyProjectResult(const StoredResultRow& row, const std::string& project_name,
                        Results& results, Project& project, Diagnostics& errors) {
  std::string src;
  const std::optional<ProjectField> field = ParseProjectField(row.field, &src);
  if (!field) {
    errors.push_back(Unreadable(project_name, "", row.field, row.value, Tr("no such field")));
    return;
  }
  const bool numeric = field == ProjectField::kExecuted || field == ProjectField::kAdjusted ||
                       field == ProjectField::kSourceExecuted;
  if (numeric && !row.number) {
    errors.push_back(Unreadable(project_name, "", row.field, row.value, Tr("not a number")));
    return;
  }
  switch (*field) {
    case ProjectField::kExecuted:
      results.executed = *row.number;
      results.executed_loc = SourceLoc{project_name, 0, 0};
      break;
    case ProjectField::kAdjusted:
      project.budget.annual = *row.number;
      // One fund source: its row is the total (the 自评表 must not contradict itself).
      if (const auto only = project.budget.SingleSource())
        project.budget.sources[*only].annual = *row.number;
      break;
    case ProjectField::kSourceExecuted:
      results.source_executed[src] = *row.number;
      break;
    case ProjectField::kExplanation:
      results.execution_explanation = row.value;
      break;
    case ProjectField::kChangeExplanation:
      results.budget_change_explanation = row.value;
      break;
    case ProjectField::kGoalAchieved:
      results.goal_achieved = row.value;
      break;
    case ProjectField::kImplementation:
      results.status = row.value == "not-started" ? Status::kNotStarted : Status::kImplemented;
      break;
  }
}

// One stored result of an indicator into `results`; its texts are taken.
void ApplyIndicatorResult(StoredResultRow& row, const std::string& project_name, Results& results,
                          Diagnostics& errors) {
  const std::optional<ResultField> field = ParseResultField(row.field);
  auto found = results.actuals.lower_bound(row.key);
  if (found == results.actuals.end() || found->first != row.key) {
    std::string loc = project_name;
    loc += " / ";
    loc += row.key;
    found = results.actuals.emplace_hint(found, std::move(row.key), Actual{});
    found->second.loc = SourceLoc{std::move(loc), 0, 0};
  }
  Actual& a = found->second;
  const std::string& key = found->first;
  const auto unreadable = [&](const std::string& why) {
    errors.push_back(Unreadable(project_name, key, row.field, row.value, why));
  };
  if (!field) return unreadable(Tr("no such field"));
  switch (*field) {
    case ResultField::kActual: {
      if (!row.typed) return unreadable(Tr("it has no typed form"));
      try {
        a.value = DecodeValue(*row.typed);
      } catch (const CodecError& e) {
        unreadable(e.what());
      }
      break;
    }
    case ResultField::kJudgement:
      if (!row.judgement || *row.judgement < 0 ||
          *row.judgement > static_cast<int>(Judgement::kNotAchieved)) {
        return unreadable(Tr("not a judgement"));
      }
      a.judgement = static_cast<Judgement>(*row.judgement);
      break;
    case ResultField::kScore:
      if (!row.number) return unreadable(Tr("not a number"));
      a.score = *row.number;
      break;
    case ResultField::kReason:
      a.reason = std::move(row.value);
      break;
  }
}

// A result row (columns field, value, number from `first`; with `indicator`, judgement and
// typed after). An indicator's key is the caller's to set.
StoredResultRow ResultRow(sql::Statement& q, int first, bool indicator) {
  StoredResultRow row;
  row.field = q.getColumn(first).getString();
  row.value = q.getColumn(first + 1).getString();
  if (const sql::Column n = q.getColumn(first + 2); !n.isNull()) row.number = n.getDouble();
  if (!indicator) return row;
  if (const sql::Column j = q.getColumn(first + 3); !j.isNull()) row.judgement = j.getInt64();
  if (const std::optional<std::string_view> bytes = Blob(q.getColumn(first + 4)))
    row.typed = std::string(*bytes);
  return row;
}

void ApplyResults(StoredRecord& r, Store::Loaded& out, Diagnostics& errors) {
  for (const StoredResultRow& row : r.project_results)
    ApplyProjectResult(row, r.ref.name, out.file.results, out.file.project, errors);
  for (StoredResultRow& row : r.indicator_results)
    ApplyIndicatorResult(row, r.ref.name, out.file.results, errors);
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
  StoredRecord r;
  r.ref = p;
  Loaded out;
  TakeDefinition(CurrentDefinition(p, reading, version), out);
  out.source = SourceName(p.name, version);
  // Results come from the store only, never from the stored definition text.
  {
    sql::Statement& pr =
        Prepared("SELECT field, value, number FROM project_results WHERE project_id = ?");
    const ResetAtExit done{pr};
    pr.bind(1, p.id);
    while (pr.executeStep()) r.project_results.push_back(ResultRow(pr, 0, false));
  }
  {
    sql::Statement& ar = Prepared(std::string("SELECT ") + kResultColumns +
                                  " FROM results r JOIN indicators i ON i.id = r.indicator_id "
                                  "WHERE i.project_id = ? AND i.removed_in IS NULL "
                                  "ORDER BY r.indicator_id, r.field");
    const ResetAtExit done{ar};
    ar.bind(1, p.id);
    while (ar.executeStep()) {
      StoredResultRow& row = r.indicator_results.emplace_back(ResultRow(ar, 1, true));
      row.key = ar.getColumn(0).getString();
    }
  }
  Diagnostics errors;
  ApplyResults(r, out, errors);
  if (!errors.empty()) throw InputError(errors);
  return out;
}

void SqliteStore::ForEachRecord(const IdRange& range,
                                const std::function<void(StoredRecord&& record)>& each) {
  // Page by page of project ids, all in one read transaction (one snapshot on both engines): a
  // page's rows are all a client holds, where PostgreSQL's driver would otherwise receive a
  // whole province's result set before the first row.
  constexpr std::int64_t kPage = 256;
  std::optional<sql::Transaction> own;
  if (!snapshot_) own.emplace(*db_, /*write=*/false);
  // A page is a few thousand rows by index: PostgreSQL's parallel workers took 5× longer to
  // start than the page to read (120 ms against 23 ms a page at province scale).
  if (db_->dialect() == sql::Dialect::kPostgres)
    db_->exec("SET LOCAL max_parallel_workers_per_gather = 0");
  const std::int64_t last = range.last > 0 ? range.last : INT64_MAX;
  sql::Statement& q = Prepared(
      "SELECT p.id, p.name, p.year, p.unit, p.status, p.current_version, c.bytes, "
      "p.results_digest FROM projects p LEFT JOIN compiled_definitions c ON c.project_id = p.id "
      "AND c.version = p.current_version WHERE p.id > ? AND p.id <= ? ORDER BY p.id LIMIT ?");
  sql::Statement& pr = Prepared(
      "SELECT project_id, field, value, number, audit_id FROM project_results "
      "WHERE project_id > ? AND project_id <= ? ORDER BY project_id");
  // A page's indicators, then their results by ranges of indicator ids: results are kept in
  // indicator id order, and a project's indicators are mostly a run of ids (a load numbers
  // them in turn), so a page's results are read as one range instead of a search per
  // indicator (a province's 1.65 M results in the sqlite3 shell: 1.8 s joined, 1.0 s so).
  // Removed indicators' results too: they are in the fingerprint, not in what is handed over.
  sql::Statement& inds = Prepared(
      "SELECT id, project_id, key, CASE WHEN removed_in IS NULL THEN 1 ELSE 0 END "
      "FROM indicators "
      "WHERE project_id > ? AND project_id <= ?");
  sql::Statement& ar = Prepared(
      "SELECT indicator_id, field, value, number, judgement, typed, audit_id FROM results "
      "WHERE indicator_id >= ? AND indicator_id <= ? ORDER BY indicator_id");
  struct PageIndicator {
    std::int64_t id = 0;
    std::size_t record = 0;  // in `page`
    std::string key;
    bool current = true;
  };
  std::vector<PageIndicator> indicators;
  std::vector<StoredRecord> page;
  for (std::int64_t after = range.after;;) {
    page.clear();
    {
      const ResetAtExit done{q};
      q.bind(1, after);
      q.bind(2, last);
      q.bind(3, kPage);
      while (q.executeStep()) {
        StoredRecord& r = page.emplace_back();
        r.ref = StoredProjectRef{
            q.getColumn(0).getInt64(), q.getColumn(1).getString(), q.getColumn(2).getInt(),
            q.getColumn(3).getString(),
            ParseProjectStatus(q.getColumn(4).getString()).value_or(ProjectStatus::kDraft)};
        r.version = q.getColumn(5).getInt();
        r.source = SourceName(r.ref.name, r.version);
        if (r.version == 0) {
          r.errors.push_back(Diagnostic{Severity::kError, "no-definition",
                                        SourceLoc{options_.path.string(), 0, 0},
                                        TrF("project '{}' has no definition stored", r.ref.name)});
        } else if (const std::optional<std::string_view> bytes = Blob(q.getColumn(6))) {
          r.compiled = std::string(*bytes);
        }
        r.stored_digest = DigestSum(q.getColumn(7).getInt64());
      }
    }
    if (page.empty()) return;
    // Rows of a project id with no project row (none: foreign keys) are skipped.
    const auto record_of = [&](std::int64_t id) -> StoredRecord* {
      const auto it =
          std::lower_bound(page.begin(), page.end(), id,
                           [](const StoredRecord& r, std::int64_t v) { return r.ref.id < v; });
      return it != page.end() && it->ref.id == id ? &*it : nullptr;
    };
    {
      const ResetAtExit done{pr};
      pr.bind(1, after);
      pr.bind(2, page.back().ref.id);
      while (pr.executeStep()) {
        StoredRecord* r = record_of(pr.getColumn(0).getInt64());
        if (!r) continue;
        const StoredResultRow& row = r->project_results.emplace_back(ResultRow(pr, 1, false));
        r->read_digest += ProjectResultHash(row.field, row.value, AuditIdOf(pr.getColumn(4)));
      }
    }
    indicators.clear();
    {
      const ResetAtExit done{inds};
      inds.bind(1, after);
      inds.bind(2, page.back().ref.id);
      std::size_t k = 0;
      while (inds.executeStep()) {
        const std::int64_t project = inds.getColumn(1).getInt64();
        if (k >= page.size() || page[k].ref.id != project) {
          const StoredRecord* r = record_of(project);
          if (!r) continue;
          k = static_cast<std::size_t>(r - page.data());
        }
        indicators.push_back(PageIndicator{inds.getColumn(0).getInt64(), k,
                                           inds.getColumn(2).getString(),
                                           inds.getColumn(3).getInt() != 0});
      }
    }
    std::sort(indicators.begin(), indicators.end(),
              [](const PageIndicator& a, const PageIndicator& b) { return a.id < b.id; });
    // Runs of ids with short gaps (another project's indicators between: their rows are
    // skipped), each read as one range.
    constexpr std::int64_t kGap = 64;
    for (std::size_t lo = 0; lo < indicators.size();) {
      std::size_t hi = lo;
      while (hi + 1 < indicators.size() && indicators[hi + 1].id - indicators[hi].id <= kGap) ++hi;
      const ResetAtExit done{ar};
      ar.bind(1, indicators[lo].id);
      ar.bind(2, indicators[hi].id);
      std::size_t at = lo;
      while (ar.executeStep()) {
        const std::int64_t id = ar.getColumn(0).getInt64();
        while (at <= hi && indicators[at].id < id) ++at;
        if (at > hi) break;
        if (indicators[at].id != id) continue;
        const PageIndicator& ind = indicators[at];
        StoredRecord& r = page[ind.record];
        const std::optional<std::int64_t> audit = AuditIdOf(ar.getColumn(6));
        if (!ind.current) {
          r.read_digest += IndicatorResultHash(ind.key, ar.getColumn(1).getText(),
                                               ar.getColumn(2).getText(), audit);
          continue;
        }
        StoredResultRow& row = r.indicator_results.emplace_back(ResultRow(ar, 1, true));
        row.key = ind.key;
        r.read_digest += IndicatorResultHash(row.key, row.field, row.value, audit);
      }
      lo = hi + 1;
    }
    after = page.back().ref.id;
    for (StoredRecord& r : page) each(std::move(r));
  }
}

std::vector<IdRange> SqliteStore::SplitProjects(int parts) {
  std::optional<sql::Transaction> own;
  if (!snapshot_) own.emplace(*db_, /*write=*/false);
  const std::int64_t n = db_->execAndGet("SELECT count(*) FROM projects").getInt64();
  std::vector<IdRange> out;
  std::int64_t after = 0;
  sql::Statement& nth = Prepared("SELECT id FROM projects ORDER BY id LIMIT 1 OFFSET ?");
  for (int k = 1; k < parts; ++k) {
    const std::int64_t before = n * k / parts;  // projects in the ranges before the cut
    if (before == 0) continue;
    const ResetAtExit done{nth};
    nth.bind(1, before - 1);
    if (!nth.executeStep()) break;
    const std::int64_t cut = nth.getColumn(0).getInt64();
    if (cut <= after) continue;
    out.push_back(IdRange{after, cut});
    after = cut;
  }
  out.push_back(IdRange{after, 0});
  return out;
}

void SqliteStore::ForEachProject(const EachProject& each) {
  ForEachRecord([&](StoredRecord&& r) {
    const StoredProjectRef ref = r.ref;
    Diagnostics errors;
    std::optional<Loaded> loaded = DecodeRecord(std::move(r), errors);
    if (!loaded && errors.empty()) loaded = ReadAsText(*this, ref, errors);
    each(ref, loaded ? std::move(*loaded) : Loaded{}, errors);
  });
}

Store::Loaded ReadAsText(Store& store, const StoredProjectRef& ref, Diagnostics& errors) {
  try {
    return store.ReadProject(ref, Store::Reading::kText);
  } catch (const InputError& e) {
    errors = e.diagnostics();
  } catch (const UsageError& e) {
    errors.push_back(Diagnostic{Severity::kError, "no-definition",
                                SourceLoc{store.path().string(), 0, 0},
                                e.what()});  // i18n: translated
  }
  return {};
}

std::optional<Store::Loaded> DecodeRecord(StoredRecord&& r, Diagnostics& errors) {
  if (!r.errors.empty()) {
    errors = std::move(r.errors);
    return Store::Loaded{};
  }
  if (!r.compiled) return std::nullopt;
  Store::Loaded out;
  try {
    TakeDefinition(DecodeDefinition(*r.compiled, r.source), out);
  } catch (const CodecError&) {
    return std::nullopt;  // written by another jixiao: the text is the record
  }
  out.source = std::move(r.source);
  ApplyResults(r, out, errors);
  return out;
}

}  // namespace jixiao
