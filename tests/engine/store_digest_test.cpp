// Each project's results fingerprint (engine/store/results_digest.h): kept by every write, and
// checked by a whole-store read (`report --summary-only`) with the trail's end, on one thread and
// on several; what it catches, what it names, and what it leaves to verify.
#include <doctest/doctest.h>

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "engine/store/results_digest.h"
#include "engine/store/sqlite_store.h"
#include "tests/engine/run_cli.h"
#include "tests/engine/store_fixture.h"

namespace jixiao {
namespace {

using namespace jixiao::testing;

constexpr const char* kSatisfaction =
    "(SELECT i.id FROM indicators i JOIN projects p ON p.id = i.project_id WHERE p.name = "
    "'基层医保工作站项目' AND i.name = '服务对象满意度')";

// Seed 004 loaded, then changed through jixiao: an actual, a deviation reason, the money spent.
void Changed(const TempDir& t) {
  Loaded(t);
  for (const std::vector<std::string>& cmd : std::vector<std::vector<std::string>>{
           {"actual", "set", "基层", "服务对象满意度", "81%", "--by", "张三"},
           {"actual", "set", "基层", "服务对象满意度", "83%", "--by", "张三"},
           {"budget", "set", "基层", "--executed", "30", "--by", "张三"},
           {"budget", "set", "基层", "--executed", "31", "--by", "张三"}}) {
    const Run r = InDb(t, cmd);
    INFO(r.err);
    REQUIRE(r.rc == 0);
  }
}

// Every project's fingerprint as stored.
std::map<std::string, std::int64_t> Stored(sql::Connection& db) {
  std::map<std::string, std::int64_t> out;
  sql::Statement q(db, "SELECT name, results_digest FROM projects");
  while (q.executeStep()) out[q.getColumn(0).getString()] = q.getColumn(1).getInt64();
  return out;
}

// An audit row appended behind jixiao's back: a copy of the last one, for a project no result
// belongs to; with `fix_record`, meta's record of the chain is moved to it too.
void AppendForeignRow(sql::Connection& db, bool fix_record) {
  db.exec(
      "INSERT INTO audit SELECT id + 1, at, author, 'nobody', indicator, field, old_value, "
      "new_value, reason, source, after_submit, hash, hash FROM audit WHERE id = (SELECT "
      "max(id) FROM audit)");
  if (!fix_record) return;
  db.exec("UPDATE meta SET value = (SELECT max(id) FROM audit) WHERE key = 'audit_rows'");
  db.exec(
      "UPDATE meta SET value = (SELECT hash FROM audit WHERE id = (SELECT max(id) FROM audit)) "
      "WHERE key = 'audit_head'");
}

}  // namespace

TEST_CASE("store: every write keeps each project's results fingerprint") {
  TempDir t;
  Changed(t);
  // A new version of the definition, and a value cleared by an import's empty cell would be the
  // other writes; the load re-enters the file's results through the same path.
  WriteFile(t.path / "jiceng.yaml", WithWeightMoved(ReadFile(kJiceng)));
  REQUIRE(InDb(t, {"load", (t.path / "jiceng.yaml").string(), "--by", "王会计"}).rc == 0);
  const std::unique_ptr<sql::Connection> db = Connect(t);
  const std::map<std::string, std::int64_t> kept = Stored(*db);
  // Each project's fingerprint is the sum of its rows (0 that of none).
  REQUIRE(kept.count("基层医保工作站项目") == 1);
  CHECK(kept.at("基层医保工作站项目") != 0);
  db->exec("BEGIN");
  DigestAllResults(*db);
  CHECK(Stored(*db) == kept);
  db->exec("ROLLBACK");
}

TEST_CASE("store: a whole-store read checks the results fingerprints and the trail's end") {
  struct Case {
    const char* name;
    std::function<void(sql::Connection&)> tamper;
    std::vector<std::string> said;  // in the error; none: the read passes
  };
  const std::string outside = "were changed outside jixiao";
  const std::vector<Case> cases = {
      {"nothing done", [](sql::Connection&) {}, {}},
      {"a value edited: the row check names it",
       [](sql::Connection& db) {
         db.exec(std::string("UPDATE results SET value = '99%' WHERE field = 'actual' AND "
                             "indicator_id = ") +
                 kSatisfaction);
       },
       {"do not agree with the audit trail", "'99%'", "differs from the audit row it names"}},
      {"a result deleted: the fingerprint names its project",
       [](sql::Connection& db) {
         db.exec(std::string("DELETE FROM results WHERE field = 'actual' AND indicator_id = ") +
                 kSatisfaction);
       },
       {outside, "1 project(s)", "基层医保工作站项目"}},
      {"the money spent deleted",
       [](sql::Connection& db) {
         db.exec(
             "DELETE FROM project_results WHERE field = 'executed' AND project_id = "
             "(SELECT id FROM projects WHERE name = '基层医保工作站项目')");
       },
       {outside, "基层医保工作站项目"}},
      {"a fingerprint changed",
       [](sql::Connection& db) {
         db.exec(
             "UPDATE projects SET results_digest = results_digest - 1 WHERE name = "
             "'基层医保工作站项目'");
       },
       {outside, "基层医保工作站项目"}},
      {"an audit row appended behind jixiao's back",
       [](sql::Connection& db) { AppendForeignRow(db, false); },
       {"does not end where the store's record of it says"}},
      // The limit of the quick check: a row appended with jixiao's record of the chain moved to
      // it passes the read; verify catches it (its hash does not chain), below.
      {"an audit row appended, and meta's record of the chain moved to it",
       [](sql::Connection& db) { AppendForeignRow(db, true); },
       {}},
  };
  for (const Case& c : cases) {
    const std::string name = c.name;
    CAPTURE(name);
    TempDir t;
    Changed(t);
    {
      const std::unique_ptr<sql::Connection> db = Connect(t);
      c.tamper(*db);
    }
    for (const char* threads : {"1", "2"}) {
      CAPTURE(threads);
      const Run r = InDb(t, {"report", "--summary-only", "--threads", threads, "--format", "csv",
                             "--out", (t.path / (std::string("r") + threads)).string()});
      INFO(r.err);
      CHECK(r.rc == (c.said.empty() ? 0 : 1));
      for (const std::string& s : c.said) CHECK(r.err.find(s) != std::string::npos);
      if (!c.said.empty()) {
        CHECK(r.err.find("jixiao verify") != std::string::npos);
        CHECK(!fs::exists(t.path / (std::string("r") + threads) / "summary.csv"));
      }
    }
    // verify catches every one of them (the first case aside).
    CHECK(InDb(t, {"verify"}).rc == (std::string(c.name) == "nothing done" ? 0 : 1));
    // --unverified reads the store anyway (a project left without a result is then shown
    // without a total, and the exit code says so).
    const Run u = InDb(t, {"report", "--summary-only", "--unverified", "--format", "csv", "--out",
                           (t.path / "u").string()});
    INFO(u.err);
    CHECK(fs::exists(t.path / "u" / "summary.csv"));
    CHECK(u.err.find("changed outside jixiao") == std::string::npos);
  }
}

}  // namespace jixiao
