// The store's results as a function of its audit trail: the attacks verify and the read check
// catch (an edited result, a rewritten and re-hashed chain under a key and under an anchor, a
// truncated trail), the keyed chain, the migration to typed results, a value that no longer
// reads, and a locked store.
#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "engine/store/results_digest.h"
#include "engine/store/sqlite_store.h"
#include "tests/engine/run_cli.h"
#include "tests/engine/store_fixture.h"

namespace jixiao {
namespace {

using namespace jixiao::testing;

// A store with seed 004 loaded and one actual changed: 基层医保工作站项目 / 服务对象满意度 81%.
void WithChange(const TempDir& t) {
  Loaded(t);
  const Run r = InDb(t, {"actual", "set", "基层", "服务对象满意度", "81%", "--by", "张三"});
  REQUIRE(r.rc == 0);
  REQUIRE(InDb(t, {"verify"}).rc == 0);
}

std::string Head(const TempDir& t) {
  std::unique_ptr<sql::Connection> owned = Connect(t);
  sql::Connection& db = *owned;
  return db.execAndGet("SELECT value FROM meta WHERE key = 'audit_head'").getString();
}

// What someone with the file (and without the key) does to hide an edit: every row from `from` on
// hashed again with SHA-256, prev_hash chained, and the recorded head fixed.
void Rehash(sql::Connection& db, std::int64_t from) {
  db.exec(DropTrigger("audit_no_update", true));
  std::vector<AuditRow> rows;
  {
    sql::Statement q(db, std::string("SELECT ") + kAuditColumns + " FROM audit ORDER BY id");
    while (q.executeStep()) rows.push_back(ReadAuditRow(q));
  }
  std::string prev = kZeroHash;
  for (AuditRow& r : rows) {
    if (r.id >= from) {
      r.prev_hash = prev;
      r.hash = Sha256Hex(Canonical(r));
      sql::Statement up(db, "UPDATE audit SET prev_hash = ?, hash = ? WHERE id = ?");
      up.bind(1, r.prev_hash);
      up.bind(2, r.hash);
      up.bind(3, r.id);
      up.exec();
    }
    prev = r.hash;
  }
  sql::Statement head(db, "UPDATE meta SET value = ? WHERE key = 'audit_head'");
  head.bind(1, prev);
  head.exec();
  db.exec(CreateTrigger("UPDATE"));
}

// The result edited as jixiao itself would store it: text and typed columns, and the projects'
// results fingerprints made anew.
void ForgeResult(sql::Connection& db, const std::string& from, const std::string& to) {
  const TypedResult typed = TypeResult(ResultField::kActual, to);
  sql::Statement up(db,
                    "UPDATE results SET value = ?5, number = ?1, unit = ?2, judgement = ?3, "
                    "typed = ?4 WHERE value = ?6");
  BindTyped(up, 1, typed);
  up.bind(5, to);
  up.bind(6, from);
  REQUIRE(up.exec() == 1);
  DigestAllResults(db);
}

// The id of the audit row that set 基层医保工作站项目 / 服务对象满意度 to 81%.
std::int64_t ChangeRow(sql::Connection& db) {
  return db
      .execAndGet("SELECT id FROM audit WHERE new_value = '81%' AND project = '基层医保工作站项目'")
      .getInt64();
}

void WriteKey(const fs::path& p, const std::string& key) {
  std::ofstream out(p, std::ios::binary);
  out << key << "\n";
}

}  // namespace

TEST_CASE("store trail: an edited results row is caught by verify and by every scored read") {
  TempDir t;
  WithChange(t);
  {
    std::unique_ptr<sql::Connection> owned = Connect(t);
    sql::Connection& db = *owned;
    db.exec(
        "UPDATE results SET value = '99%' WHERE field = 'actual' AND indicator_id = (SELECT i.id "
        "FROM indicators i JOIN projects p ON p.id = i.project_id WHERE p.name = "
        "'基层医保工作站项目' AND i.name = '服务对象满意度')");
  }
  const Run v = InDb(t, {"verify"});
  CHECK(v.rc == 1);
  CHECK(v.out.find("基层医保工作站项目 / 满意度指标/服务对象满意度指标/服务对象满意度") !=
        std::string::npos);
  CHECK(v.out.find("stored '99%', the trail says '81%'") != std::string::npos);
  for (const std::vector<std::string>& cmd : std::vector<std::vector<std::string>>{
           {"score"}, {"report", "--summary-only", "--out", (t.path / "r").string()}, {"audit"}}) {
    CAPTURE(cmd[0]);
    const Run r = InDb(t, cmd);
    CHECK(r.rc == 1);
    CHECK(r.err.find("jixiao verify") != std::string::npos);
    CHECK(r.err.find("'99%'") != std::string::npos);
  }
  std::vector<std::string> unverified{"score", "--unverified"};
  CHECK(InDb(t, unverified).rc == 0);
}

TEST_CASE("store trail: a rewritten and re-hashed chain with its head fixed") {
  TempDir t;
  SUBCASE("without a key: caught under an anchor (verify --expect-head)") {
    WithChange(t);
    const std::string anchor = Head(t);
    {
      std::unique_ptr<sql::Connection> owned = Connect(t);
      sql::Connection& db = *owned;
      const std::int64_t row = ChangeRow(db);
      db.exec(DropTrigger("audit_no_update"));
      db.exec("UPDATE audit SET new_value = '99%' WHERE id = " + std::to_string(row));
      ForgeResult(db, "81%", "99%");
      Rehash(db, row);
    }
    // Consistent again, as far as the file alone can tell: the read check passes too.
    CHECK(InDb(t, {"verify"}).rc == 0);
    const Run v = InDb(t, {"verify", "--expect-head", anchor});
    CHECK(v.rc == 1);
    CHECK(v.out.find("not the expected " + anchor) != std::string::npos);
  }
  SUBCASE("under a key: caught by verify with the key") {
    const fs::path key = t.path / "key";
    WriteKey(key, "0123456789abcdef0123456789abcdef");
    REQUIRE(Jixiao({"init", "--db", t.db(), "--key-file", key.string()}).rc == 0);
    REQUIRE(
        Jixiao({"load", kRongcheng, "--by", "王会计", "--db", t.db(), "--key-file", key.string()})
            .rc == 0);
    REQUIRE(Jixiao({"actual", "set", "基层", "服务对象满意度", "81%", "--by", "张三", "--db",
                    t.db(), "--key-file", key.string()})
                .rc == 0);
    REQUIRE(Jixiao({"verify", "--db", t.db(), "--key-file", key.string()}).rc == 0);
    {
      std::unique_ptr<sql::Connection> owned = Connect(t);
      sql::Connection& db = *owned;
      const std::int64_t row = ChangeRow(db);
      db.exec(DropTrigger("audit_no_update"));
      db.exec("UPDATE audit SET new_value = '99%' WHERE id = " + std::to_string(row));
      ForgeResult(db, "81%", "99%");
      Rehash(db, row);
    }
    const Run v = Jixiao({"verify", "--db", t.db(), "--key-file", key.string()});
    CHECK(v.rc == 1);
    CHECK(v.out.find("was altered") != std::string::npos);
    SUBCASE("and with the record of the key removed as well") {
      {
        std::unique_ptr<sql::Connection> owned = Connect(t);
        sql::Connection& db = *owned;
        db.exec("UPDATE meta SET value = '0' WHERE key = 'keyed_from'");
        Rehash(db, 1);
      }
      CHECK(InDb(t, {"verify"}).rc == 0);  // without the key, nothing to see
      const Run k = Jixiao({"verify", "--db", t.db(), "--key-file", key.string()});
      CHECK(k.rc == 1);
      CHECK(k.out.find("not keyed") != std::string::npos);
    }
  }
}

TEST_CASE("store trail: a truncated trail (last rows deleted, meta fixed)") {
  TempDir t;
  WithChange(t);
  const std::string anchor = Head(t);
  {
    std::unique_ptr<sql::Connection> owned = Connect(t);
    sql::Connection& db = *owned;
    const std::int64_t last = db.execAndGet("SELECT max(id) FROM audit").getInt64();
    db.exec(DropTrigger("audit_no_delete"));
    db.exec("DELETE FROM audit WHERE id = " + std::to_string(last));
    db.exec(
        "UPDATE meta SET value = (SELECT hash FROM audit ORDER BY id DESC LIMIT 1) WHERE key "
        "= 'audit_head'");
    db.exec("UPDATE meta SET value = '" + std::to_string(last - 1) + "' WHERE key = 'audit_rows'");
    db.exec(CreateTrigger("DELETE"));
  }
  const Run v = InDb(t, {"verify"});
  CHECK(v.rc == 1);
  CHECK(v.out.find("stored '81%', the trail says '98%'") != std::string::npos);
  const Run s = InDb(t, {"score"});
  CHECK(s.rc == 1);
  CHECK(s.err.find("names no audit row") != std::string::npos);
  CHECK(InDb(t, {"verify", "--expect-head", anchor}).rc == 1);
}

TEST_CASE("store trail: verify names a missing append-only trigger") {
  TempDir t;
  WithChange(t);
  {
    std::unique_ptr<sql::Connection> owned = Connect(t);
    sql::Connection& db = *owned;
    db.exec(DropTrigger("audit_no_delete"));
  }
  const Run v = InDb(t, {"verify"});
  CHECK(v.rc == 1);
  CHECK(v.out.find("append-only") != std::string::npos);
}

TEST_CASE("store trail: a keyed store refuses writes without its key, and verify asks for it") {
  TempDir t;
  const fs::path key = t.path / "key", other = t.path / "other";
  WriteKey(key, "0123456789abcdef0123456789abcdef");
  WriteKey(other, "fedcba9876543210fedcba9876543210");
  Loaded(t);  // written without a key: SHA-256 rows
  const std::vector<std::string> set{"actual", "set",  "基层", "服务对象满意度", "81%", "--by",
                                     "张三",   "--db", t.db()};
  auto with = [&](std::vector<std::string> args, const fs::path& k) {
    args.push_back("--key-file");
    args.push_back(k.string());
    return Jixiao(args);
  };
  REQUIRE(with(set, key).rc == 0);  // the first keyed write: keyed from here on
  const Run without = Jixiao(set);
  CHECK(without.rc == 1);
  CHECK(without.err.find("keyed") != std::string::npos);
  CHECK(without.err.find("--key-file") != std::string::npos);
  const Run wrong = with(set, other);
  CHECK(wrong.rc == 1);
  CHECK(wrong.err.find("not this store's key") != std::string::npos);
  const Run v = InDb(t, {"verify"});
  CHECK(v.rc == 1);
  CHECK(v.out.find("needs the key") != std::string::npos);
  CHECK(with({"verify", "--db", t.db()}, key).rc == 0);
  CHECK(with({"verify", "--db", t.db()}, other).rc == 1);
  // Reading needs no key: the read check is not a hash check.
  CHECK(InDb(t, {"score"}).rc == 0);
}

TEST_CASE("store trail: a schema-2 store is migrated to typed results that name their audit rows" *
          doctest::test_suite("sqlite-only")) {
  // tests/data/store/store-v2.db: written by jixiao 2b8c876's parent (schema 2): `init`, `load
  // config/rongcheng-2024`, 2024年医疗服务… 服务对象满意度 96%, 医保专项业务经费 服务对象满意度
  // 90% with a deviation reason, executed 120.5, submitted, then 92% with a reason; 113 rows.
  TempDir t;
  fs::copy_file(kSource + "/tests/data/store/store-v2.db", t.db());
  // 医保专项业务经费 (seed 004's workbook): 92% against ≥90% is full marks, as 90% was.
  const Run s = InDb(t, {"score", "医保专项业务经费", "--format", "json"});
  INFO(s.err);
  REQUIRE(s.rc == 0);
  std::unique_ptr<sql::Connection> owned = Connect(t);
  sql::Connection& db = *owned;
  CHECK(db.execAndGet("PRAGMA user_version").getInt() == Store::kSchemaVersion);
  CHECK(db.execAndGet("SELECT count(*) FROM results WHERE audit_id IS NULL").getInt() == 0);
  CHECK(db.execAndGet("SELECT count(*) FROM project_results WHERE audit_id IS NULL").getInt() == 0);
  CHECK(db.execAndGet("SELECT count(*) FROM results WHERE field = 'actual' AND typed IS NULL")
            .getInt() == 0);
  CHECK(db.execAndGet("SELECT number = 92 AND unit = '%' FROM results r JOIN audit a ON "
                      "a.id = r.audit_id WHERE a.new_value = '92%'")
            .getInt() == 1);
  const Run v = InDb(t, {"verify"});
  INFO(v.out);
  CHECK(v.rc == 0);
  CHECK(v.out.find("audit trail ok: 113 row(s)") != std::string::npos);
}

TEST_CASE("store trail: a stored value that no longer reads is an error that names it") {
  TempDir t;
  WithChange(t);
  {
    std::unique_ptr<sql::Connection> owned = Connect(t);
    sql::Connection& db = *owned;
    db.exec("UPDATE results SET typed = NULL WHERE value = '81%'");
  }
  // The text still follows the trail, so the read check passes; the read itself refuses.
  const Run s = InDb(t, {"score", "基层"});
  const std::string said = s.out + s.err;
  CHECK(s.rc == 1);
  CHECK(said.find("project '基层医保工作站项目', indicator "
                  "'满意度指标/服务对象满意度指标/服务对象满意度', field actual: the stored "
                  "value '81%' no longer reads") != std::string::npos);
  const Run all = InDb(t, {"score"});
  CHECK(all.rc == 1);
  CHECK((all.out + all.err).find("'81%' no longer reads") != std::string::npos);
  const Run v = InDb(t, {"verify"});
  CHECK(v.rc == 1);
  CHECK(v.out.find("typed form does not match") != std::string::npos);
}

TEST_CASE("store trail: a locked store waits --busy-timeout, then names the file and what to do") {
  TempDir t;
  Loaded(t);
  // Another writer holds the write lock (SQLite: BEGIN IMMEDIATE; PostgreSQL: the advisory lock).
  const std::unique_ptr<sql::Connection> other = Connect(t);
  other->Begin(true);
  const Run r = InDb(t, {"actual", "set", "基层", "服务对象满意度", "81%", "--by", "张三",
                         "--busy-timeout", "0.2"});
  other->Rollback();
  CHECK(r.rc == 1);
  CHECK(r.err.find(t.db()) != std::string::npos);
  CHECK(r.err.find("another process is writing") != std::string::npos);
  CHECK(r.err.find("--busy-timeout") != std::string::npos);
  CHECK(InDb(t, {"verify"}).rc == 0);
}

}  // namespace jixiao

namespace jixiao {
namespace {

using namespace jixiao::testing;

std::unique_ptr<Store> OpenAt(const TempDir& t) {
  StoreOptions o;
  o.path = t.db();
  return Store::Open(o);
}

// The audit row before the latest of 基层医保工作站项目's key (indicator "" for a project field)
// and field, with the value it set.
std::pair<std::int64_t, std::string> EarlierRow(sql::Connection& db, const std::string& indicator,
                                                const std::string& field) {
  sql::Statement q(db,
                   "SELECT id, new_value FROM audit WHERE project = '基层医保工作站项目' AND "
                   "indicator = ? AND field = ? ORDER BY id DESC");
  q.bind(1, indicator);
  q.bind(2, field);
  REQUIRE(q.executeStep());
  REQUIRE(q.executeStep());
  return {q.getColumn(0).getInt64(), q.getColumn(1).getString()};
}

constexpr const char* kSatisfaction =
    "(SELECT i.id FROM indicators i JOIN projects p ON p.id = i.project_id WHERE p.name = "
    "'基层医保工作站项目' AND i.name = '服务对象满意度')";
constexpr const char* kSatisfactionKey = "满意度指标/服务对象满意度指标/服务对象满意度";

}  // namespace

TEST_CASE("store trail: the read check names each kind of result that does not follow the trail") {
  // Each row: what is done behind jixiao's back, then what CheckResults names, in its order
  // (results failing the first part, then project fields, then results that name a superseded
  // row: the same order on both engines).
  struct Case {
    const char* name;
    std::function<void(sql::Connection&)> tamper;
    std::vector<std::pair<std::string, std::string>> expected;  // (indicator, problem)
  };
  const std::string not_latest = "is not the latest change the trail records";
  const std::string differs = "differs from the audit row it names";
  const std::string no_row = "names no audit row";
  const std::vector<Case> cases = {
      {"nothing done", [](sql::Connection&) {}, {}},
      {"a value edited",
       [](sql::Connection& db) {
         db.exec(std::string("UPDATE results SET value = '99%' WHERE field = 'actual' AND "
                             "indicator_id = ") +
                 kSatisfaction);
       },
       {{kSatisfactionKey, differs}}},
      {"a result naming no audit row",
       [](sql::Connection& db) {
         db.exec(std::string("UPDATE results SET audit_id = 99999999 WHERE field = 'actual' AND "
                             "indicator_id = ") +
                 kSatisfaction);
       },
       {{kSatisfactionKey, no_row}}},
      {"a value put back with the audit row that set it before",
       [](sql::Connection& db) {
         const auto [id, value] = EarlierRow(db, kSatisfactionKey, "actual");
         sql::Statement up(db, std::string("UPDATE results SET value = ?, audit_id = ? WHERE "
                                           "field = 'actual' AND indicator_id = ") +
                                   kSatisfaction);
         up.bind(1, value);
         up.bind(2, id);
         REQUIRE(up.exec() == 1);
       },
       {{kSatisfactionKey, not_latest}}},
      {"the money spent put back with its earlier audit row, and a value edited",
       [](sql::Connection& db) {
         const auto [id, value] = EarlierRow(db, "", "executed");
         sql::Statement up(db,
                           "UPDATE project_results SET value = ?, audit_id = ? WHERE field = "
                           "'executed' AND project_id = (SELECT id FROM projects WHERE name = "
                           "'基层医保工作站项目')");
         up.bind(1, value);
         up.bind(2, id);
         REQUIRE(up.exec() == 1);
         db.exec(std::string("UPDATE results SET value = '99%' WHERE field = 'actual' AND "
                             "indicator_id = ") +
                 kSatisfaction);
       },
       {{kSatisfactionKey, differs}, {"", not_latest}}},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    TempDir t;
    WithChange(t);
    REQUIRE(InDb(t, {"budget", "set", "基层", "--executed", "30", "--by", "张三"}).rc == 0);
    {
      const std::unique_ptr<sql::Connection> db = Connect(t);
      c.tamper(*db);
    }
    const std::vector<ResultDifference> got = OpenAt(t)->CheckResults(20);
    REQUIRE(got.size() == c.expected.size());
    for (std::size_t k = 0; k < got.size(); ++k) {
      CHECK(got[k].project == "基层医保工作站项目");
      CHECK(got[k].indicator == c.expected[k].first);
      CHECK(got[k].problem == c.expected[k].second);
    }
    // The limit counts across both parts.
    if (got.size() > 1) CHECK(OpenAt(t)->CheckResults(1).size() == 1);
  }
}

TEST_CASE("store: snapshot readers see one state, and ranges cover every project once") {
  TempDir t;
  Loaded(t);
  const std::unique_ptr<Store> s = OpenAt(t);
  std::vector<std::unique_ptr<Store>> readers = s->SnapshotReaders(3);
  REQUIRE(readers.size() == 3);
  // A write after the readers began: none of them sees it, the store's own connection does.
  REQUIRE(InDb(t, {"actual", "set", "基层", "服务对象满意度", "81%", "--by", "张三"}).rc == 0);
  const auto satisfaction = [](Store& from) {
    std::string value;
    from.ForEachRecord([&](StoredRecord&& r) {
      if (r.ref.name != "基层医保工作站项目") return;
      for (const StoredResultRow& row : r.indicator_results)
        if (row.key == kSatisfactionKey && row.field == "actual") value = row.value;
    });
    return value;
  };
  const std::string before = satisfaction(*readers[0]);
  CHECK(before != "81%");
  CHECK(satisfaction(*readers[1]) == before);
  CHECK(readers[2]->CheckResults(20).empty());
  CHECK(satisfaction(*s) == "81%");
  // Every split covers the projects in order, each once.
  std::vector<std::int64_t> all;
  s->ForEachRecord([&](StoredRecord&& r) { all.push_back(r.ref.id); });
  REQUIRE(all.size() >= 3);
  for (int parts : {1, 2, 3, 7}) {
    CAPTURE(parts);
    const std::vector<IdRange> ranges = readers[0]->SplitProjects(parts);
    CHECK(ranges.size() == std::size_t(std::min<int>(parts, int(all.size()))));
    std::vector<std::int64_t> seen;
    for (const IdRange& r : ranges) {
      std::size_t in_range = 0;
      s->ForEachRecord(r, [&](StoredRecord&& rec) {
        seen.push_back(rec.ref.id);
        ++in_range;
      });
      CHECK(in_range > 0);
    }
    CHECK(seen == all);
  }
}

}  // namespace jixiao

namespace jixiao {

TEST_CASE("store trail: verify's replay names what the trail says of each stored result") {
  using namespace jixiao::testing;
  // Each row: what is done behind jixiao's back, then the differences verify names, in order:
  // stored results, project fields and statuses first, then keys the trail has and the store
  // has not, in the keys' order.
  struct Expected {
    std::string indicator, field, stored, trail;
  };
  struct Case {
    const char* name;
    bool submitted;  // signed off first, through jixiao
    std::string sql;
    std::vector<Expected> expected;
  };
  const std::string key = "满意度指标/服务对象满意度指标/服务对象满意度";
  const std::string satisfaction =
      "(SELECT i.id FROM indicators i JOIN projects p ON p.id = i.project_id WHERE p.name = "
      "'基层医保工作站项目' AND i.name = '服务对象满意度')";
  const std::string jiceng = "(SELECT id FROM projects WHERE name = '基层医保工作站项目')";
  const std::vector<Case> cases = {
      {"nothing done", false, "", {}},
      {"a result row deleted",
       false,
       "DELETE FROM results WHERE field = 'actual' AND indicator_id = " + satisfaction,
       {{key, "actual", "", "81%"}}},
      {"a result and the money spent deleted: the trail's keys in order",
       false,
       "DELETE FROM results WHERE field = 'actual' AND indicator_id = " + satisfaction +
           "; DELETE FROM project_results WHERE field = 'executed' AND project_id = " + jiceng,
       {{"", "executed", "", "30"}, {key, "actual", "", "81%"}}},
      {"signed off behind jixiao's back",
       false,
       "UPDATE projects SET status = 'submitted' WHERE id = " + jiceng,
       {{"", "status", "submitted", ""}}},
      {"a sign-off undone",
       true,
       "UPDATE projects SET status = 'draft' WHERE id = " + jiceng,
       {{"", "status", "draft", "submitted"}}},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    TempDir t;
    WithChange(t);
    REQUIRE(InDb(t, {"budget", "set", "基层", "--executed", "30", "--by", "张三"}).rc == 0);
    if (c.submitted) REQUIRE(InDb(t, {"submit", "基层", "--by", "局长"}).rc == 0);
    if (!c.sql.empty()) Connect(t)->exec(c.sql);
    StoreOptions o;
    o.path = t.db();
    const VerifyResult v = Store::Open(o)->Verify({});
    CHECK(v.ok == c.expected.empty());
    REQUIRE(v.differences.size() == c.expected.size());
    for (std::size_t k = 0; k < c.expected.size(); ++k) {
      CHECK(v.differences[k].project == "基层医保工作站项目");
      CHECK(v.differences[k].indicator == c.expected[k].indicator);
      CHECK(v.differences[k].field == c.expected[k].field);
      CHECK(v.differences[k].stored == c.expected[k].stored);
      CHECK(v.differences[k].trail == c.expected[k].trail);
    }
  }
}

}  // namespace jixiao
