// The store: definitions, results, the audit trail and its hash chain, through the commands
// people use (in-process RunCli) and, for tampering, through SQL directly (on either backend:
// tests/engine/store_fixture.h).
#include "engine/store/store.h"

#include <SQLiteCpp/Database.h>
#include <doctest/doctest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "engine/cli/app.h"
#include "tests/engine/run_cli.h"
#include "tests/engine/store_fixture.h"

namespace jixiao {
namespace {

using namespace jixiao::testing;

}  // namespace

TEST_CASE("store: init, load, score from the store as from the files") {
  TempDir t;
  Loaded(t);
  // Seed 004's published total, from the stored definitions and results.
  CHECK(Total(t, "基层医保工作站项目") == doctest::Approx(91.14));
  CHECK(Total(t, "医疗保险基金征缴经费补助") == doctest::Approx(97.63));
  SUBCASE("reloading the same files changes nothing") {
    const std::int64_t before = AuditRows(t);
    const Run r = InDb(t, {"load", kRongcheng, "--by", "王会计"});
    CHECK(r.rc == 0);
    CHECK(r.out.find("unchanged, version 1") != std::string::npos);
    CHECK(AuditRows(t) == before);
  }
}

TEST_CASE("store: a project read by its id is the one the list holds") {
  TempDir t;
  Loaded(t);
  StoreOptions o;
  o.path = t.db();
  const std::unique_ptr<Store> s = Store::Open(o);
  const std::vector<StoredProjectRef> all = s->Projects();
  REQUIRE(all.size() == 9);
  for (const StoredProjectRef& p : all) {
    const std::optional<StoredProjectRef> q = s->ProjectById(p.id);
    REQUIRE(q);
    CHECK(q->name == p.name);
    CHECK(q->year == p.year);
    CHECK(q->unit == p.unit);
    CHECK(q->status == p.status);
  }
  CHECK_FALSE(s->ProjectById(all.back().id + 1));
  CHECK_FALSE(s->ProjectById(0));
}

TEST_CASE("store: entering results changes the score, and every change is in the history") {
  TempDir t;
  Loaded(t);
  // 服务对象满意度 ≥90%: 81% → 81/90 × 10 = 9, so 91.14 − 10 + 9 = 90.14.
  Run r = InDb(t, {"actual", "set", "基层", "服务对象满意度", "81%", "--by", "张三"});
  INFO(r.err);
  REQUIRE(r.rc == 0);
  CHECK(Total(t, "基层医保工作站项目") == doctest::Approx(90.14));
  r = InDb(t, {"deviation", "set", "基层", "服务对象满意度", "窗口人手不足，已增设岗位", "--by",
               "张三"});
  REQUIRE(r.rc == 0);
  r = InDb(t, {"budget", "set", "基层", "--executed", "24.5", "--by", "张三"});
  REQUIRE(r.rc == 0);
  // 24.5/49 = 50% × 10 = 5: 5 + 89 = 94.
  CHECK(Total(t, "基层医保工作站项目") == doctest::Approx(94));

  const Run h = InDb(t, {"history", "基层", "服务对象满意度", "--format", "json"});
  REQUIRE(h.rc == 0);
  const auto j = nlohmann::json::parse(h.out)["history"];
  REQUIRE(j.size() == 3);  // the loaded 98%, then 81%, then the reason
  CHECK(j[1]["old"] == "98%");
  CHECK(j[1]["new"] == "81%");
  CHECK(j[1]["author"] == "张三");
  CHECK(j[1]["source"] == "cli");
  CHECK(j[2]["field"] == "reason");
  CHECK(std::string(j[1]["at"]).back() == 'Z');
  CHECK(InDb(t, {"verify"}).rc == 0);
}

TEST_CASE("store: bad input is refused and nothing changes") {
  TempDir t;
  Loaded(t);
  const std::int64_t before = AuditRows(t);
  struct Case {
    std::vector<std::string> args;
    int rc;
    const char* message;
  };
  const Case cases[] = {
      {{"actual", "set", "基层", "服务对象满意度", "3人", "--by", "张三"}, 1, "cannot be compared"},
      {{"actual", "set", "基层", "服务对象满意度", "NaN", "--by", "张三"}, 1, "NaN"},
      {{"actual", "set", "基层", "服务对象满意度", "98%"}, 2, "--by"},
      {{"actual", "set", "职工", "满意度", "98%", "--by", "张三"}, 2, "ambiguous"},
      {{"actual", "set", "基层", "不存在", "98%", "--by", "张三"}, 2, "no indicator"},
      {{"budget", "set", "基层", "--executed", "-5", "--by", "张三"}, 2, "0 to 1e12"},
      {{"deviation", "set", "基层", "服务对象满意度", "  ", "--by", "张三"}, 2, "empty"},
  };
  for (const auto& c : cases) {
    SUBCASE(c.args[0].c_str()) {
      const Run r = InDb(t, c.args);
      CHECK(r.rc == c.rc);
      CHECK(r.err.find(c.message) != std::string::npos);
      CHECK(AuditRows(t) == before);
    }
  }
}

TEST_CASE("store: a project is found by id, whole name or a unique part of it, in that order") {
  TempDir t;
  Loaded(t);
  // A second project whose name contains the first's whole name.
  std::string text = ReadFile(kJiceng);
  const std::string from = "project: 基层医保工作站项目";
  text.replace(text.find(from), from.size(), "project: 基层医保工作站项目（二期）");
  WriteFile(t.path / "phase2.yaml", text);
  REQUIRE(InDb(t, {"load", (t.path / "phase2.yaml").string(), "--by", "王会计"}).rc == 0);
  StoreOptions o;
  o.path = t.db();
  const std::unique_ptr<Store> s = Store::Open(o);
  const std::int64_t first_id = s->ResolveProject("基层医保工作站项目").id;
  struct Case {
    std::string query;
    std::string found;    // the project's name; "" when refused
    std::string refused;  // part of the message
  };
  const std::vector<Case> cases = {
      {std::to_string(first_id), "基层医保工作站项目", ""},
      {"基层医保工作站项目", "基层医保工作站项目", ""},  // exact, though another contains it
      {"  基层医保工作站项目 ", "基层医保工作站项目", ""},
      {"基层医保工作站项目（二期）", "基层医保工作站项目（二期）", ""},
      {"二期", "基层医保工作站项目（二期）", ""},
      {"基层", "", "ambiguous"},
      {"基层医保工作站项木", "", "did you mean"},
      {"99999", "", "no project"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.query);
    if (c.found.empty()) {
      CHECK_THROWS_WITH_AS(s->ResolveProject(c.query), doctest::Contains(c.refused.c_str()),
                           UsageError);
    } else {
      CHECK(s->ResolveProject(c.query).name == c.found);
    }
  }
}

TEST_CASE("store: sign-off freezes results; a later change needs a reason and is marked") {
  TempDir t;
  Loaded(t);
  REQUIRE(InDb(t, {"submit", "基层", "--by", "局长"}).rc == 0);
  Run r = InDb(t, {"actual", "set", "基层", "服务对象满意度", "95%", "--by", "张三"});
  CHECK(r.rc == 1);
  CHECK(r.err.find("--reason") != std::string::npos);
  r = InDb(t, {"actual", "set", "基层", "服务对象满意度", "95%", "--by", "张三", "--reason",
               "复核更正"});
  CHECK(r.rc == 0);
  const auto h = nlohmann::json::parse(
      InDb(t, {"history", "基层", "服务对象满意度", "--format", "json"}).out)["history"];
  CHECK(h.back()["after_submit"] == true);
  CHECK(h.back()["reason"] == "复核更正");
}

TEST_CASE("store: a changed definition is a new version; actuals stay attached") {
  TempDir t;
  Loaded(t);
  const fs::path copy = t.path / "jiceng.yaml";
  std::string text = ReadFile(kJiceng);
  SUBCASE("a weight moved between indicators") {
    WriteFile(copy, WithWeightMoved(text));
    InDb(t, {"actual", "set", "基层", "服务对象满意度", "81%", "--by", "张三"});
    const Run r = InDb(t, {"load", copy.string(), "--by", "王会计"});
    INFO(r.err);
    CHECK(r.rc == 0);
    CHECK(r.out.find("version 2") != std::string::npos);
    // The 81% entered in the store is kept, not replaced by the file's 98%.
    CHECK(Total(t, "基层医保工作站项目") == doctest::Approx(90.14));
  }
  SUBCASE("removing an indicator with actuals needs --force --reason") {
    const auto from = text.find("      - {name: \"其他成本\"");
    REQUIRE(from != std::string::npos);
    const auto to = text.find('\n', from);
    text.erase(from, to - from + 1);
    const auto at = text.find("weight: 15");
    text.replace(at, 10, "weight: 20");
    WriteFile(copy, text);
    const std::int64_t before = AuditRows(t);
    Run r = InDb(t, {"load", copy.string(), "--by", "王会计"});
    CHECK(r.rc == 1);
    CHECK(r.err.find("--force --reason") != std::string::npos);
    CHECK(AuditRows(t) == before);
    r = InDb(t, {"load", copy.string(), "--by", "王会计", "--force", "--reason", "合并成本"});
    CHECK(r.rc == 0);
    CHECK(r.out.find("removed indicator 成本指标/经济成本指标/其他成本") != std::string::npos);
    // The removed indicator's result stays in the store and in its project's results
    // fingerprint, and out of the score: the 汇总表 read on threads passes its check and agrees
    // with `score`.
    const fs::path out = t.path / "summary";
    const Run s = InDb(t, {"report", "--summary-only", "--threads", "2", "--format", "csv", "--out",
                           out.string()});
    INFO(s.err);
    CHECK(s.rc == 0);
    char total[32];
    std::snprintf(total, sizeof total, "%.2f", Total(t, "基层医保工作站项目"));
    CHECK(ReadFile(out / "summary.csv")
              .find(std::string("基层医保工作站项目,荣成市医疗保障局,") + total + ",") !=
          std::string::npos);
  }
}

TEST_CASE("store: an indicator added later is read with its project, on one thread and two") {
  // The whole-store read takes each page's results by ranges of indicator ids; an indicator
  // added by a new version has an id after every other project's, with theirs in between.
  TempDir t;
  Loaded(t);
  std::string text = ReadFile(kJiceng);
  const std::string other =
      R"({name: "其他成本", weight: 5, target: "≤44万元/年", actual: "2万元", published_score: 5})";
  const auto at = text.find(other);
  REQUIRE(at != std::string::npos);
  text.replace(
      at, other.size(),
      R"({name: "其他成本", weight: 3, target: "≤44万元/年", actual: "2万元"})"
      "\n      - {name: \"办公耗材成本\", weight: 2, target: \"≤1万元/年\", actual: \"1万元\"}");
  const fs::path copy = t.path / "jiceng.yaml";
  WriteFile(copy, text);
  Run r = InDb(t, {"load", copy.string(), "--by", "王会计"});
  INFO(r.err);
  REQUIRE(r.rc == 0);
  r = InDb(t, {"actual", "set", "基层", "办公耗材成本", "1.5万元", "--by", "张三", "--reason",
               "耗材涨价"});
  REQUIRE(r.rc == 0);
  // By hand: 其他成本 3 (2 ≤ 44); 办公耗材成本 1 − (1.5 − 1)/1 = 50% × 2 = 1; the rest as
  // published (91.14 with 其他成本's 5): 91.14 − 5 + 3 + 1 = 90.14.
  CHECK(Total(t, "基层医保工作站项目") == doctest::Approx(90.14));
  for (const std::string threads : {"1", "2"}) {
    CAPTURE(threads);
    const fs::path out = t.path / ("summary-" + threads);
    const Run s = InDb(t, {"report", "--summary-only", "--threads", threads, "--format", "csv",
                           "--out", out.string()});
    INFO(s.err);
    REQUIRE(s.rc == 0);
    // 分组,序号,项目名称,资金使用单位,自评得分,自评等级: each project's 自评得分 by name.
    std::map<std::string, double> summary;
    std::istringstream csv(ReadFile(out / "summary.csv"));
    for (std::string line; std::getline(csv, line);) {
      std::vector<std::string> cells;
      std::istringstream row(line);
      for (std::string cell; std::getline(row, cell, ',');) cells.push_back(cell);
      if (cells.size() == 6 && cells[1] != "序号") summary[cells[2]] = std::stod(cells[4]);
    }
    // Every project's total as `score` reads it, one project at a time.
    const auto all = nlohmann::json::parse(InDb(t, {"score", "--format", "json"}).out);
    REQUIRE(all["projects"].size() == 9);
    CHECK(summary.size() == 9);
    for (const auto& p : all["projects"]) {
      const std::string name = p["name"].get<std::string>();
      CAPTURE(name);
      REQUIRE(summary.count(name) == 1);
      CHECK(summary[name] == doctest::Approx(p["total"].get<double>()));
    }
    CHECK(summary["基层医保工作站项目"] == doctest::Approx(90.14));
  }
}

// A folder "batch" of two files: a.yaml valid (seed 004's 基层医保工作站项目), b.yaml with an
// unknown operator in a target.
static fs::path GoodAndBadBatch(const TempDir& t) {
  const fs::path dir = t.path / "batch";
  fs::create_directory(dir);
  fs::copy_file(kJiceng, dir / "a.yaml");
  std::string bad = ReadFile(kJiceng);
  bad.replace(bad.find("≤5万元/年"), std::string("≤5万元/年").size(), "≈5万元/年");
  WriteFile(dir / "b.yaml", bad);
  return dir;
}

TEST_CASE("store: an invalid file stores nothing at all") {
  TempDir t;
  REQUIRE(InDb(t, {"init"}).rc == 0);
  const fs::path dir = GoodAndBadBatch(t);
  const Run r = InDb(t, {"load", dir.string(), "--by", "王会计"});
  CHECK(r.rc == 1);
  CHECK(r.err.find("unknown operator '≈'") != std::string::npos);
  CHECK(r.err.find("nothing was stored") != std::string::npos);
  const Db db(t);
  CHECK(db.execAndGet("SELECT count(*) FROM projects").getInt() == 0);
  CHECK(db.execAndGet("SELECT count(*) FROM audit").getInt() == 0);
}

TEST_CASE("store: load streams; a store that cannot take the files is named only when all check") {
  TempDir t;  // no store: `init` not run
  const fs::path dir = GoodAndBadBatch(t);
  // a.yaml checks clean and is handed to the store, which is not there: b.yaml is still checked,
  // and its error is what the user reads first, as when every file was checked before storing.
  const Run both = InDb(t, {"load", dir.string(), "--by", "王会计"});
  CHECK(both.rc == 1);
  CHECK(both.err.find("unknown operator '≈'") != std::string::npos);
  CHECK(both.err.find("1 error(s): nothing was stored") != std::string::npos);
  // No store: no file (SQLite), an empty database (PostgreSQL: the fixture creates it).
  const std::string no_store = Pg() ? "is empty" : "no such database";
  CHECK(both.err.find(no_store) == std::string::npos);
  const Run good = InDb(t, {"load", (dir / "a.yaml").string(), "--by", "王会计"});
  CHECK(good.rc != 0);
  CHECK(good.err.find(no_store) != std::string::npos);
  if (Pg()) {
    CHECK(Connect(t)
              ->execAndGet("SELECT count(*) FROM information_schema.tables WHERE "
                           "table_schema = current_schema()")
              .getInt() == 0);
  } else {
    CHECK(!fs::exists(t.db()));
  }
}

TEST_CASE(
    "store: LoadDefinitions pulls one definition at a time; a source that throws stores none") {
  TempDir t;
  StoreOptions so;
  so.path = t.db();
  so.create = true;
  auto store = Store::Open(so);
  const std::string text = ReadFile(kJiceng);
  LoadResult lr = LoadProjectText(text, kJiceng);
  REQUIRE(lr.ok());
  const Store::Definition def{&*lr.file, text, "load a.yaml", nullptr};
  int pulled = 0;
  CHECK_THROWS_AS(store->LoadDefinitions(
                      [&]() -> const Store::Definition* {
                        if (++pulled == 1) return &def;  // stored inside the transaction…
                        throw std::runtime_error("the second file failed");  // …then rolled back
                      },
                      ChangeContext{"王会计", "", "load"}, false),
                  std::runtime_error);
  CHECK(pulled == 2);
  CHECK(store->Projects().empty());
  {
    const Db db(t);
    CHECK(db.execAndGet("SELECT count(*) FROM audit").getInt() == 0);
    CHECK(db.execAndGet("SELECT count(*) FROM definitions").getInt() == 0);
  }
  const auto out = store->LoadDefinitions({def}, ChangeContext{"王会计", "", "load"}, false);
  REQUIRE(out.size() == 1);
  CHECK(out[0].changed);
  CHECK(out[0].version == 1);
  CHECK(store->Projects().size() == 1);
}

TEST_CASE("store: the audit trail is append-only and its chain names tampering") {
  TempDir t;
  Loaded(t);
  InDb(t, {"actual", "set", "基层", "服务对象满意度", "81%", "--by", "张三"});
  REQUIRE(InDb(t, {"verify"}).rc == 0);
  const std::int64_t last = AuditRows(t);
  SUBCASE("UPDATE and DELETE are refused by triggers") {
    const Db db(t);
    CHECK_THROWS_WITH_AS(db.exec("UPDATE audit SET new_value = '99%'"),
                         doctest::Contains("append-only"), sql::Error);
    CHECK_THROWS_WITH_AS(db.exec("DELETE FROM audit"), doctest::Contains("append-only"),
                         sql::Error);
  }
  SUBCASE("a row altered out of band is named") {
    {
      const Db db(t);
      db.exec(DropTrigger("audit_no_update"));
      db.exec("UPDATE audit SET new_value = '99%' WHERE id = " + std::to_string(last));
    }
    const Run r = InDb(t, {"verify"});
    CHECK(r.rc == 1);
    CHECK(r.out.find("audit record #" + std::to_string(last)) != std::string::npos);
    CHECK(r.out.find("altered") != std::string::npos);
  }
  SUBCASE("a row removed from the middle is named") {
    {
      const Db db(t);
      db.exec(DropTrigger("audit_no_delete"));
      db.exec("DELETE FROM audit WHERE id = 5");
    }
    const Run r = InDb(t, {"verify"});
    CHECK(r.rc == 1);
    CHECK(r.out.find("audit records #5–#5 were removed") != std::string::npos);
  }
  SUBCASE("the last row removed is noticed") {
    {
      const Db db(t);
      db.exec(DropTrigger("audit_no_delete"));
      db.exec("DELETE FROM audit WHERE id = " + std::to_string(last));
    }
    const Run r = InDb(t, {"verify"});
    CHECK(r.rc == 1);
    CHECK(r.out.find("removed from the end") != std::string::npos);
  }
}

TEST_CASE("store: the fill-in sheet round-trips; a bad row stores nothing") {
  TempDir t;
  Loaded(t);
  const fs::path csv = t.path / "sheet.csv";
  REQUIRE(InDb(t, {"actual", "template", "基层", "--out", csv.string()}).rc == 0);
  std::string text = ReadFile(csv);
  REQUIRE(text.rfind("\xEF\xBB\xBF项目名称,", 0) == 0);  // BOM for Excel
  // Change the satisfaction actual 98% → 81% (→ total 90.14, as above).
  const auto at = text.find(",≥90%,98%,");
  REQUIRE(at != std::string::npos);
  SUBCASE("a good sheet") {
    text.replace(at, std::string(",≥90%,98%,").size(), ",≥90%,81%,");
    WriteFile(csv, text);
    const Run r = InDb(t, {"actual", "import", csv.string(), "--by", "张三"});
    INFO(r.err);
    CHECK(r.rc == 0);
    CHECK(Total(t, "基层医保工作站项目") == doctest::Approx(90.14));
  }
  SUBCASE("one bad row: reported with its line, nothing stored") {
    text.replace(at, std::string(",≥90%,98%,").size(), ",≥90%,81%,");
    const auto cost = text.find(",≤5万元/年,3.6万元,");
    text.replace(cost, std::string(",≤5万元/年,3.6万元,").size(), ",≤5万元/年,3.6人,");
    WriteFile(csv, text);
    const std::int64_t before = AuditRows(t);
    const Run r = InDb(t, {"actual", "import", csv.string(), "--by", "张三"});
    CHECK(r.rc == 1);
    CHECK(r.err.find(csv.string() + ":2: error:") != std::string::npos);
    CHECK(r.err.find("nothing was stored") != std::string::npos);
    CHECK(AuditRows(t) == before);
    CHECK(Total(t, "基层医保工作站项目") == doctest::Approx(91.14));
  }
  SUBCASE("a GBK sheet from Chinese Excel is read, and said so") {
    text.replace(at, std::string(",≥90%,98%,").size(), ",≥90%,81%,");
    WriteFile(csv, text.substr(3));
    const std::string gbk = (t.path / "gbk.csv").string();
    REQUIRE(std::system(("iconv -f UTF-8 -t GB18030 " + csv.string() + " > " + gbk).c_str()) == 0);
    const Run r = InDb(t, {"actual", "import", gbk, "--by", "张三"});
    INFO(r.err);
    CHECK(r.rc == 0);
    CHECK(r.err.find("GB18030") != std::string::npos);
    CHECK(Total(t, "基层医保工作站项目") == doctest::Approx(90.14));
  }
}

TEST_CASE("store: a store that cannot be used is refused clearly and left as it was" *
          doctest::test_suite("sqlite-only")) {
  TempDir t;
  SUBCASE("missing") {
    const Run r = InDb(t, {"score"});
    CHECK(r.rc == 1);
    CHECK(r.err.find("jixiao init") != std::string::npos);
    CHECK_FALSE(fs::exists(t.db()));
  }
  SUBCASE("a missing folder") {
    const Run r = Jixiao({"init", "--db", (t.path / "no" / "t.db").string()});
    CHECK(r.rc == 1);
    CHECK(r.err.find("does not exist") != std::string::npos);
  }
  SUBCASE("a newer schema") {
    REQUIRE(InDb(t, {"init"}).rc == 0);
    {
      const Db db(t);
      db.exec("PRAGMA user_version = 99");
    }
    const Run r = InDb(t, {"score"});
    CHECK(r.rc == 1);
    CHECK(r.err.find("newer jixiao") != std::string::npos);
    const Db db(t);
    CHECK(db.execAndGet("PRAGMA user_version").getInt() == 99);
  }
  SUBCASE("a corrupted file") {
    WriteFile(t.db(), std::string(8192, 'x'));
    const Run r = InDb(t, {"score"});
    CHECK(r.rc == 1);
    CHECK(r.err.find("not a valid database") != std::string::npos);
    CHECK(ReadFile(t.db()) == std::string(8192, 'x'));
  }
  SUBCASE("a foreign SQLite database") {
    {
      SQLite::Database db(t.db(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
      db.exec("CREATE TABLE x(a)");
    }
    const Run r = InDb(t, {"init"});
    CHECK(r.rc == 1);
    CHECK(r.err.find("not a jixiao store") != std::string::npos);
  }
  SUBCASE("a read-only folder") {
    REQUIRE(InDb(t, {"init"}).rc == 0);
    fs::permissions(t.path, fs::perms::owner_read | fs::perms::owner_exec | fs::perms::group_read |
                                fs::perms::group_exec | fs::perms::others_read |
                                fs::perms::others_exec);
    fs::permissions(t.db(), fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read);
    if (::geteuid() != 0) {
      const Run r = InDb(t, {"score"});
      CHECK(r.rc == 1);
      CHECK(r.err.find("not writable") != std::string::npos);
    } else {
      // Root writes anywhere: the command runs in a child that has dropped to nobody (65534),
      // for whom the folder is read-only as it is for a clerk. The child's exit status is the
      // check: 0 refused as expected, 2 ran but said something else, 3 could not drop root.
      const pid_t pid = ::fork();
      REQUIRE(pid >= 0);
      if (pid == 0) {
        if (::setgid(65534) != 0 || ::setuid(65534) != 0) ::_exit(3);
        const Run r = InDb(t, {"score"});
        ::_exit(r.rc == 1 && r.err.find("not writable") != std::string::npos ? 0 : 2);
      }
      int status = 0;
      REQUIRE(::waitpid(pid, &status, 0) == pid);
      REQUIRE(WIFEXITED(status));
      CHECK(WEXITSTATUS(status) == 0);
    }
  }
}

}  // namespace jixiao

namespace jixiao {

TEST_CASE("store: check, report and audit read the store with --db") {
  TempDir t;
  Loaded(t);
  SUBCASE("check: every stored definition, as from the files") {
    const Run files = Jixiao({"check", kRongcheng, "--summary"});
    const Run db = InDb(t, {"check", "--summary"});
    INFO(db.out << db.err);
    CHECK(db.rc == 0);
    // config/rongcheng-2024 holds 9 projects (seed 004's nine 自评表).
    CHECK(db.out.find("checked 9 stored project(s): 0 error(s)") != std::string::npos);
    CHECK(files.out.find("checked 9 file(s): 0 error(s)") != std::string::npos);
    const Run one = InDb(t, {"check", "基层", "--summary"});
    CHECK(one.out.find("checked 1 stored project(s)") != std::string::npos);
    // Clean and without --summary: nothing said (as hledger and beancount).
    CHECK(InDb(t, {"check"}).out.empty());
  }
  SUBCASE("report: the 自评表 of a stored project shows its stored results") {
    // 服务对象满意度 81% of ≥90% → 9 points: seed 004's 91.14 − 1 = 90.14.
    REQUIRE(InDb(t, {"actual", "set", "基层", "服务对象满意度", "81%", "--by", "张三"}).rc == 0);
    const Run r = InDb(t, {"report", "--project", "基层", "--format", "json", "--out", "-"});
    INFO(r.err);
    REQUIRE(r.rc == 0);
    CHECK(r.out.find("90.14") != std::string::npos);
    const Run none = Jixiao({"report", "--format", "md", "--out", "-"});
    CHECK(none.rc == 2);
  }
  SUBCASE("audit: the history rules read the audit trail") {
    // Loaded by 王会计 from the files: the projects name no manager.
    Run a = InDb(t, {"audit", "基层", "--format", "json"});
    INFO(a.err);
    auto j = nlohmann::json::parse(a.out);
    std::set<std::string> codes;
    for (const auto& f : j["findings"]) codes.insert(f["code"]);
    CHECK(codes.count("history-manager-unknown") == 1);
    CHECK(codes.count("history-after-signoff") == 0);
    CHECK(codes.count("completion-ahead-of-execution") == 1);

    REQUIRE(InDb(t, {"actual", "set", "基层", "共下放", "19项", "--by", "张三"}).rc == 0);
    REQUIRE(InDb(t, {"submit", "基层", "--by", "李科长"}).rc == 0);
    REQUIRE(InDb(t, {"actual", "set", "基层", "共下放", "20项", "--by", "张三", "--reason", "复核"})
                .rc == 0);
    a = InDb(t, {"audit", "基层", "--format", "json"});
    j = nlohmann::json::parse(a.out);
    std::map<std::string, std::string> msg;
    for (const auto& f : j["findings"]) msg[f["code"]] = f["message"];
    // Replaced before sign-off without a reason: a routine correction, information.
    CHECK(msg.count("history-no-reason") == 0);
    REQUIRE(msg.count("history-replaced-before-signoff") == 1);
    CHECK(msg["history-replaced-before-signoff"].find(
              "'20项' with '19项' without a reason, before sign-off") != std::string::npos);
    REQUIRE(msg.count("history-after-signoff") == 1);
    CHECK(msg["history-after-signoff"].find(
              "from '19项' to '20项' after sign-off (已提交); reason: 复核") != std::string::npos);
    // Files carry no history: the same audit on the files has no history finding.
    const Run files = Jixiao({"audit", kJiceng, "--format", "json"});
    CHECK(files.out.find("\"history-") == std::string::npos);
  }
}

}  // namespace jixiao

namespace jixiao {

TEST_CASE("store: a fill-in sheet saved as .xlsx by LibreOffice is read back") {
  // tests/data/fill-in/jiceng-libreoffice.xlsx: `actual template 基层 --format csv`, filled in
  // (共下放医保经办事项 19 as a number, 服务对象满意度 81% with a reason) and saved as .xlsx by
  // LibreOffice Calc, so 81% is stored as 0.81 in a percent format.
  TempDir t;
  Loaded(t);
  const std::string dir = kSource + "/tests/data/fill-in/";
  SUBCASE("good sheet: every row entered") {
    const Run r = InDb(t, {"actual", "import", dir + "jiceng-libreoffice.xlsx", "--by", "张三"});
    INFO(r.err);
    REQUIRE(r.rc == 0);
    // 19/20 × 10 = 9.5 and 81/90 × 10 = 9: 91.14 − 0.5 − 1 = 89.64.
    CHECK(Total(t, "基层医保工作站项目") == doctest::Approx(89.64));
    const Run h = InDb(t, {"history", "基层", "服务对象满意度", "--format", "json"});
    const auto j = nlohmann::json::parse(h.out)["history"];
    REQUIRE(j.size() == 3);
    CHECK(j[1]["new"] == "81%");
    CHECK(j[2]["new"] == "窗口人手不足，已增设岗位");
    CHECK(std::string(j[1]["source"]).find("jiceng-libreoffice.xlsx") != std::string::npos);
  }
  SUBCASE("bad rows: each named by its row number, nothing stored") {
    const std::int64_t before = AuditRows(t);
    const Run r =
        InDb(t, {"actual", "import", dir + "jiceng-libreoffice-bad.xlsx", "--by", "张三"});
    CHECK(r.rc == 1);
    // Row 4: an indicator key that does not exist; row 9: 81公斤 against ≥90%.
    CHECK(r.err.find("jiceng-libreoffice-bad.xlsx:4: error: no indicator") != std::string::npos);
    CHECK(r.err.find("jiceng-libreoffice-bad.xlsx:9: error: actual '81公斤'") != std::string::npos);
    CHECK(r.err.find("2 bad row(s): nothing was stored") != std::string::npos);
    CHECK(AuditRows(t) == before);
  }
  SUBCASE("our own xlsx template round-trips") {
    const std::string out = (t.path / "fill.xlsx").string();
    REQUIRE(InDb(t, {"actual", "template", "基层", "--format", "xlsx", "--out", out}).rc == 0);
    const std::int64_t before = AuditRows(t);
    const Run r = InDb(t, {"actual", "import", out, "--by", "张三"});
    INFO(r.err);
    CHECK(r.rc == 0);
    CHECK(AuditRows(t) == before);  // the values it shows are the stored ones: no change
    CHECK(Total(t, "基层医保工作站项目") == doctest::Approx(91.14));
  }
  SUBCASE("a file that is not a workbook is refused clearly") {
    const fs::path bad = t.path / "notes.xlsx";
    WriteFile(bad, "项目名称,指标\n");
    const Run r = InDb(t, {"actual", "import", bad.string(), "--by", "张三"});
    CHECK(r.rc == 1);
    CHECK(r.err.find("not an .xlsx workbook (not a zip archive)") != std::string::npos);
    const fs::path xls = t.path / "old.xls";
    WriteFile(xls, "x");
    const Run o = InDb(t, {"actual", "import", xls.string(), "--by", "张三"});
    CHECK(o.err.find("save the sheet as .xlsx") != std::string::npos);
  }
}

}  // namespace jixiao

namespace jixiao {
namespace {

std::map<std::string, double> AllTotals(const Run& r) {
  INFO(r.err);
  REQUIRE(r.rc == 0);
  std::map<std::string, double> out;
  const nlohmann::json j = nlohmann::json::parse(r.out);
  for (const auto& p : j["projects"]) {
    out[p["name"].get<std::string>()] = p["total"].get<double>();
  }
  return out;
}

}  // namespace

TEST_CASE("store: a store written by schema version 1 is migrated and scores as before" *
          doctest::test_suite("sqlite-only")) {
  // tests/data/store/store-v1.db: written by jixiao a4d334b (schema 1): `init`, `load
  // config/rongcheng-2024`, `submit 基层医保`, then 共下放医保经办事项 set to 19项 and back to
  // 20项 with reasons — 110 audit rows. Its stored definitions' header comments once named the
  // seed by a path outside the repository; they were rewritten to tests/data/seeds/ (comments
  // only: no audit row holds them) and the file vacuumed.
  TempDir t;
  fs::copy_file(kSource + "/tests/data/store/store-v1.db", t.db());
  int results = 0;
  {
    const Db db(t);
    REQUIRE(db.execAndGet("PRAGMA user_version").getInt() == 1);
    results = db.execAndGet("SELECT count(*) FROM results").getInt();
    REQUIRE(results > 0);
  }
  // Seed 004's published totals.
  CHECK(Total(t, "基层医保工作站项目") == doctest::Approx(91.14));
  CHECK(Total(t, "医疗保险基金征缴经费补助") == doctest::Approx(97.63));
  const Db db(t);
  CHECK(db.execAndGet("PRAGMA user_version").getInt() == Store::kSchemaVersion);
  CHECK(db.execAndGet("SELECT count(*) FROM compiled_definitions").getInt() == 9);
  // The results table is rebuilt (clustered by its key): every row is kept.
  CHECK(db.execAndGet("SELECT count(*) FROM results").getInt() == results);
  const Run v = InDb(t, {"verify"});
  INFO(v.out << v.err);
  CHECK(v.rc == 0);
  CHECK(v.out.find("audit trail ok: 110 row(s)") != std::string::npos);
}

TEST_CASE("store: compiled definitions, their fallback to the text, and the one-pass read") {
  TempDir t;
  Loaded(t);
  // Results spread over several projects, so that the one-pass read merges them.
  REQUIRE(InDb(t, {"actual", "set", "基层", "服务对象满意度", "81%", "--by", "张三"}).rc == 0);
  REQUIRE(InDb(t, {"actual", "set", "基层", "共下放", "19项", "--by", "张三"}).rc == 0);
  const std::map<std::string, double> all = AllTotals(InDb(t, {"score", "--format", "json"}));
  REQUIRE(all.size() == 9);
  // 19/20 × 10 = 9.5 and 81/90 × 10 = 9: seed 004's 91.14 − 0.5 − 1.
  CHECK(all.at("基层医保工作站项目") == doctest::Approx(89.64));
  CHECK(all.at("医疗保险基金征缴经费补助") == doctest::Approx(97.63));

  SUBCASE("the one-pass read gives what reading each project by name gives") {
    for (const auto& [name, total] : all) {
      CAPTURE(name);
      CHECK(Total(t, name) == doctest::Approx(total));
    }
  }
  SUBCASE("compiled bytes from another jixiao, or none: the text is read instead") {
    {
      const Db db(t);
      // "JXC" with a format version this jixiao does not know.
      db.exec("UPDATE compiled_definitions SET bytes = " + BlobLiteral("4A5843FF00") +
              " WHERE project_id = 1");
      db.exec("DELETE FROM compiled_definitions WHERE project_id = 2");
    }
    CHECK(AllTotals(InDb(t, {"score", "--format", "json"})) == all);
    for (const auto& [name, total] : all) CHECK(Total(t, name) == doctest::Approx(total));
    // The 汇总表 scored on threads reads those two on the store's thread, in their place.
    const fs::path one = t.path / "one", three = t.path / "three";
    REQUIRE(InDb(t, {"report", "--summary-only", "--threads", "1", "--format", "csv", "--out",
                     one.string()})
                .rc == 0);
    REQUIRE(InDb(t, {"report", "--summary-only", "--threads", "3", "--format", "csv", "--out",
                     three.string()})
                .rc == 0);
    CHECK(ReadFile(three / "summary.csv") == ReadFile(one / "summary.csv"));
    CHECK(ReadFile(three / "summary.csv").find("基层医保工作站项目,荣成市医疗保障局,89.64,良") !=
          std::string::npos);
  }
  SUBCASE("the 汇总表 on 1, 2 and 5 threads: the same bytes") {
    std::string first;
    for (const char* threads : {"1", "2", "5"}) {
      CAPTURE(threads);
      const fs::path out = t.path / (std::string("t") + threads);
      const Run r = InDb(t, {"report", "--summary-only", "--threads", threads, "--format",
                             "csv,json", "--out", out.string()});
      INFO(r.err);
      REQUIRE(r.rc == 0);
      const std::string csv = ReadFile(out / "summary.csv");
      if (first.empty()) first = csv;
      CHECK(csv == first);
    }
    // Every stored project is in it, in id order: the four of the fixture by their totals.
    CHECK(first.find("基层医保工作站项目,荣成市医疗保障局,89.64,良") != std::string::npos);
  }
  SUBCASE("the 汇总表 while another writer holds SQLite's lock: one connection, the same bytes") {
    const fs::path free = t.path / "free", held = t.path / "held";
    REQUIRE(InDb(t, {"report", "--summary-only", "--threads", "2", "--format", "csv", "--out",
                     free.string()})
                .rc == 0);
    if (!Pg()) {
      const Db writer(t);
      writer.exec("BEGIN IMMEDIATE");
      const Run r = InDb(t, {"report", "--summary-only", "--threads", "2", "--format", "csv",
                             "--out", held.string()});
      INFO(r.err);
      REQUIRE(r.rc == 0);
      CHECK(ReadFile(held / "summary.csv") == ReadFile(free / "summary.csv"));
      writer.exec("ROLLBACK");
    }
  }
  SUBCASE("the 汇总表 alone, read one project at a time, as from the full report") {
    const fs::path full = t.path / "full", slim = t.path / "slim";
    REQUIRE(InDb(t, {"report", "--format", "csv,json", "--out", full.string()}).rc == 0);
    const Run r = InDb(t, {"report", "--summary-only", "--format", "csv,json,html,md,xlsx", "--out",
                           slim.string()});
    INFO(r.err);
    REQUIRE(r.rc == 0);
    CHECK(ReadFile(slim / "summary.csv") == ReadFile(full / "summary.csv"));
    CHECK(ReadFile(slim / "summary.csv").find("基层医保工作站项目,荣成市医疗保障局,89.64,良") !=
          std::string::npos);
    CHECK_FALSE(fs::exists(slim / "indicators.csv"));
    CHECK_FALSE(fs::exists(slim / "tables.html"));
    CHECK(fs::exists(slim / "report.xlsx"));
    const nlohmann::json a = nlohmann::json::parse(ReadFile(full / "report.json"));
    const nlohmann::json b = nlohmann::json::parse(ReadFile(slim / "report.json"));
    CHECK(b["summary"] == a["summary"]);
    CHECK_FALSE(b.contains("projects"));
  }
  SUBCASE("a new version is compiled too") {
    const fs::path copy = t.path / "jiceng.yaml";
    std::string text = ReadFile(kJiceng);
    const std::string from = "target: \"=20项\"", to = "target: \"=19项\"";
    REQUIRE(text.find(from) != std::string::npos);
    text.replace(text.find(from), from.size(), to);
    WriteFile(copy, text);
    REQUIRE(InDb(t, {"load", copy.string(), "--by", "王会计"}).rc == 0);
    const Db db(t);
    CHECK(db.execAndGet("SELECT count(*) FROM compiled_definitions").getInt() == 10);
    // 19项 of =19项: full marks again (10), 81% of ≥90% still 9.
    CHECK(Total(t, "基层医保工作站项目") == doctest::Approx(90.14));
  }
}

}  // namespace jixiao
