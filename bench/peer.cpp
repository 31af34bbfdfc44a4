// bench/peer.cpp — see peer.h.
#include "bench/peer.h"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include <cmath>
#include <cstring>
#include <map>
#include <stdexcept>
#include <string>

#include "bench/harness.h"
#include "engine/batch/batch.h"
#include "engine/batch/policies.h"
#include "engine/store/store.h"
#include "engine/store/store_batch.h"

namespace jixiao::bench {

// The one-pass read alone, then read + score. out: read seconds, score seconds, indicators.
void Breakdown(const fs::path& db_path, double* out) {
  StoreOptions so;
  so.path = db_path;
  auto store = Store::Open(so);
  PolicySet policies(PolicyOptions{});
  const Policy& policy = policies.Get("shandong", db_path);
  std::size_t indicators = 0;
  // One pass untimed first: both timed passes then find SQLite's and the allocator's caches in
  // the same state.
  store->ForEachProject([&](const StoredProjectRef&, Store::Loaded&& l, const Diagnostics&) {
    indicators += l.file.project.indicators.size();
  });
  auto t0 = Clock::now();
  store->ForEachProject([&](const StoredProjectRef&, Store::Loaded&& l, const Diagnostics&) {
    indicators += l.file.project.indicators.size();
  });
  out[0] = Since(t0);
  t0 = Clock::now();
  store->ForEachProject([&](const StoredProjectRef&, Store::Loaded&& l, const Diagnostics&) {
    const ProjectScore s = ScoreProject(l.file.project, l.file.results, l.file.published, policy);
    indicators += s.indicators.size();
  });
  out[1] = std::max(0.0, Since(t0) - out[0]);
  out[2] = double(indicators);
}

// The rows rescoring reads: current definitions, project results, indicator results.
double ScanFloor(const fs::path& db_path, double* extra) {
  SQLite::Database db(db_path.string(), SQLite::OPEN_READONLY);
  const auto t0 = Clock::now();
  std::size_t bytes = 0, rows = 0;
  {
    SQLite::Statement q(db,
                        "SELECT p.id, p.name, p.status, c.bytes FROM projects p JOIN "
                        "compiled_definitions c ON c.project_id = p.id AND c.version = "
                        "p.current_version");
    while (q.executeStep()) {
      bytes += std::strlen(q.getColumn(1).getText()) + std::size_t(q.getColumn(3).getBytes());
      ++rows;
    }
  }
  {
    SQLite::Statement q(db, "SELECT project_id, field, value FROM project_results");
    while (q.executeStep()) {
      bytes += std::strlen(q.getColumn(2).getText());
      ++rows;
    }
  }
  {
    SQLite::Statement q(db,
                        "SELECT i.project_id, i.key, r.field, r.value FROM results r JOIN "
                        "indicators i ON i.id = r.indicator_id WHERE i.removed_in IS NULL");
    while (q.executeStep()) {
      bytes += std::strlen(q.getColumn(1).getText()) + std::strlen(q.getColumn(3).getText());
      ++rows;
    }
  }
  extra[0] = double(rows);
  extra[1] = double(bytes);
  return Since(t0);
}

// The rows a provincial finance system keeps: one per indicator with its target and actual as
// numbers in the target's unit, its 一级, weight and direction; one per project with its
// budget. Derived from the same stored definitions and results; also keeps jixiao's totals to
// compare the peer's against.
void BuildPeerRows(const fs::path& store_path, const fs::path& db_path) {
  StoreOptions so;
  so.path = store_path;
  auto store = Store::Open(so);
  PolicySet policies(PolicyOptions{});
  auto log = NullLog();
  SQLite::Database db(db_path.string(), SQLite::OPEN_READWRITE);
  db.exec(
      "CREATE TABLE peer_project(project_id INTEGER PRIMARY KEY, annual REAL, executed REAL, "
      "jixiao_total REAL);"
      "CREATE TABLE peer_indicator(project_id INTEGER, level1 TEXT, weight REAL, kind TEXT, "
      "target REAL, actual REAL, stated INTEGER, judged_score REAL);"
      "CREATE TABLE peer_cap(level1 TEXT PRIMARY KEY, cap REAL);"
      "INSERT INTO peer_cap VALUES ('成本指标',20),('产出指标',40),('效益指标',20),"
      "('满意度指标',10);");
  SQLite::Transaction tx(db);
  SQLite::Statement pp(db, "INSERT INTO peer_project VALUES (?,?,?,?)");
  SQLite::Statement pi(db, "INSERT INTO peer_indicator VALUES (?,?,?,?,?,?,?,?)");
  std::map<std::string, std::int64_t> ids;
  {
    SQLite::Statement q(db, "SELECT id, name FROM projects");
    while (q.executeStep()) ids[q.getColumn(1).getString()] = q.getColumn(0).getInt64();
  }
  const auto add = [&](const ScoredProject& sp) {
    const std::int64_t id = ids.at(sp.file.project.name);
    pp.bind(1, id);
    pp.bind(2, sp.file.project.budget.annual);
    pp.bind(3, sp.file.results.executed.value_or(0));
    pp.bind(4, sp.score.total);
    pp.exec();
    pp.reset();
    for (const IndicatorScore& is : sp.score.indicators) {
      const Indicator& ind = *is.indicator;
      pi.bind(1, id);
      pi.bind(2, Level1Name(ind.level1));
      pi.bind(3, is.weight);
      const Direction dir = DirectionOf(ind.target);
      pi.bind(4, dir == Direction::kPositive  ? "positive"
                 : dir == Direction::kReverse ? "reverse"
                 : dir == Direction::kEqual   ? "equal"
                                              : "qualitative");
      pi.bind(5, ind.target.number);
      pi.bind(6);
      pi.bind(7, 0);
      pi.bind(8);
      if (is.actual && is.actual->value) {
        const Value& v = *is.actual->value;
        if (v.is_quantity() && ind.target.is_quantity()) {
          pi.bind(6, v.number * Convert(v.unit, ind.target.unit).factor);
        } else if (!v.is_quantity()) {
          pi.bind(7, v.qualitative == ind.target.qualitative ? 1 : 0);
        }
        if (is.actual->score) pi.bind(8, *is.actual->score);
      }
      pi.exec();
      pi.reset();
    }
  };
  ForEachStoredProject(
      *store, {}, policies, *log,
      [&](fs::path path, ProjectFile&& file, Diagnostics&& warnings, const Policy& policy) {
        ScoredProject sp;
        ScoreInto(sp, std::move(path), std::move(file), std::move(warnings), policy);
        add(sp);
      },
      [](RejectedFile&&) { throw std::runtime_error("a stored project does not load"); });
  tx.commit();
}

// docs/rules.md §2–§5 as one SQL query: CASE per direction, the caps, the execution score,
// the grade. Returns seconds; extra[0] projects, extra[1] totals equal to jixiao's.
double PeerQuery(const fs::path& db_path, double* extra) {
  SQLite::Database db(db_path.string(), SQLite::OPEN_READONLY);
  const auto t0 = Clock::now();
  SQLite::Statement q(db, R"sql(
WITH ind AS (
SELECT project_id, level1,
  ROUND(CASE kind
    WHEN 'qualitative' THEN CASE WHEN stated = 1 THEN weight ELSE COALESCE(judged_score, 0) END
    WHEN 'positive' THEN weight * MIN(1.0, actual / target)
    WHEN 'equal' THEN CASE WHEN target = 0 THEN (CASE WHEN actual <= 0 THEN weight ELSE 0 END)
                           ELSE weight * MIN(1.0, actual / target) END
    WHEN 'reverse' THEN CASE WHEN actual <= target THEN weight
                             ELSE weight * MAX(0.0, 1.0 - (actual - target) / target) END
  END, 2) AS score
FROM peer_indicator),
lvl AS (
SELECT i.project_id, MIN(SUM(i.score), c.cap) AS s
FROM ind i JOIN peer_cap c ON c.level1 = i.level1
GROUP BY i.project_id, i.level1),
tot AS (
SELECT p.project_id, p.jixiao_total,
  ROUND(ROUND(MIN(1.0, p.executed / p.annual) * 10, 2) + COALESCE(SUM(l.s), 0), 2) AS total
FROM peer_project p LEFT JOIN lvl l ON l.project_id = p.project_id
GROUP BY p.project_id)
SELECT project_id, total,
CASE WHEN total >= 90 THEN '优' WHEN total >= 80 THEN '良' WHEN total >= 60 THEN '中'
     ELSE '差' END AS grade,
jixiao_total
FROM tot ORDER BY project_id)sql");
  double n = 0, same = 0;
  while (q.executeStep()) {
    ++n;
    if (std::fabs(q.getColumn(1).getDouble() - q.getColumn(3).getDouble()) < 0.011) ++same;
  }
  const double t = Since(t0);
  extra[0] = n;
  extra[1] = same;
  return t;
}

}  // namespace jixiao::bench
