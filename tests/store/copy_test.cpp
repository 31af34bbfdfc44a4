// `jixiao store copy` (engine/store/store_copy.h): a store with every kind of row (definitions in
// two versions, actuals, deviation reasons, budget, sign-off, a change after it, a return,
// questions and answers, users and a token) copied into a new SQLite file from the run's backend
// (SQLite → SQLite; in the PostgreSQL run, store/postgresql, PostgreSQL → SQLite), and in the
// suite "postgresql-only" SQLite → PostgreSQL → SQLite; each side verifies with the source's
// head, and what the commands read (score, history, status as JSON, users) is the same on every
// side. Refusals leave the target as it was.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "engine/store/sql.h"
#include "tests/engine/store_fixture.h"

namespace jixiao::testing {
namespace {

const std::string kProject = "基层医保工作站项目";

Run At(const std::string& db, std::vector<std::string> args) {
  args.push_back("--db");
  args.push_back(db);
  return Jixiao(std::move(args));
}

void Ok(const Run& r) {
  INFO(r.out << r.err);
  REQUIRE(r.rc == 0);
}

// A store at `db` (created here) with every kind of row the store keeps.
void Filled(const TempDir& t, const std::string& db) {
  Ok(At(db, {"init"}));
  Ok(At(db, {"load", kRongcheng, "--by", "王会计"}));
  const fs::path v2 = t.path / "jiceng-v2.yaml";
  WriteFile(v2, WithWeightMoved(ReadFile(kJiceng)));
  Ok(At(db, {"load", v2.string(), "--by", "王会计"}));
  Ok(At(db, {"actual", "set", "基层", "服务对象满意度", "81%", "--by", "张三"}));
  Ok(At(db, {"deviation", "set", "基层", "服务对象满意度", "窗口人手不足", "--by", "张三"}));
  Ok(At(db, {"budget", "set", "工作站", "--executed", "45.25", "--by", "王会计"}));
  Ok(At(db, {"submit", "--all", "--by", "李科长"}));
  Ok(At(db, {"actual", "set", "基层", "服务对象满意度", "83.5%", "--by", "张三", "--reason",
             "复核后更正"}));
  Ok(At(db, {"return", "基层", "--by", "李科长", "--reason", "请补充说明"}));
  StoreOptions o;
  o.path = db;
  auto s = Store::Open(o);
  const StoredProjectRef p = s->ResolveProject("基层");
  const ChangeContext by{"审计员", "", "web"};
  const std::int64_t q = s->Ask(p, std::nullopt, "满意度调查的样本量是多少？", by);
  s->Answer(p, q, "共 300 份", ChangeContext{"张三", "", "web"});
  s->AddUser("张三", Role::kManager, {p}, "correct horse battery staple 7");
  s->AddUser("审计员", Role::kAuditor, {}, "correct horse battery staple 8");
  s->IssueToken("审计员");
}

// What the reading commands print for a store, with its name taken out (a project's source names
// the store it was read from).
std::string Reads(const std::string& db) {
  std::string all;
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"score", "--format", "json"},
        {"status", "--format", "json"},
        {"history", kProject, "--format", "json"},
        {"history", "一图清", "--format", "json"},
        {"user", "list"}}) {
    const Run r = At(db, args);
    INFO(args[0] << ": " << r.err);
    REQUIRE(r.rc == 0);
    std::string out = r.out;
    for (const std::string& name : {db, sql::RedactUrl(db)}) {
      for (auto at = out.find(name); at != std::string::npos; at = out.find(name, at)) {
        out.replace(at, name.size(), "STORE");
      }
    }
    all += out;
  }
  return all;
}

// The "audit trail ok: N row(s), head H" line of `jixiao verify`.
std::string VerifiedHead(const std::string& db, const std::vector<std::string>& extra = {}) {
  std::vector<std::string> args{"verify"};
  args.insert(args.end(), extra.begin(), extra.end());
  const Run r = At(db, args);
  INFO(r.out << r.err);
  REQUIRE(r.rc == 0);
  const auto at = r.out.find("audit trail ok: ");
  REQUIRE(at != std::string::npos);
  return r.out.substr(at, r.out.find(" (", at) - at);
}

Run Copy(const std::string& from, const std::string& to, std::vector<std::string> extra = {}) {
  std::vector<std::string> args{"store", "copy", "--from", from, "--to", to};
  args.insert(args.end(), extra.begin(), extra.end());
  return Jixiao(args);
}

// A connection to the store at `db` (a file or a PostgreSQL URL), for SQL behind jixiao's back.
std::unique_ptr<sql::Connection> ConnectTo(const std::string& db) {
  return sql::IsPostgresUrl(db) ? sql::OpenPostgres(db, 5000) : sql::OpenSqlite(db, false, 5000);
}

std::int64_t Rows(const std::string& db, const std::string& table) {
  return ConnectTo(db)->execAndGet("SELECT count(*) FROM " + table).getInt64();
}

// Every table of the store but meta, listed here rather than taken from the copy's own list, so
// that a table the copy forgets fails these tests.
constexpr const char* kTables[] = {"projects",         "definitions", "compiled_definitions",
                                   "indicators",       "results",     "project_results",
                                   "audit",            "users",       "user_projects",
                                   "api_tokens"};

}  // namespace

TEST_CASE("store copy: into a new file keeps every row, the trail and what commands read") {
  TempDir t;
  const std::string a = t.db(), b = (t.path / "b.db").string();
  Filled(t, a);
  const Run r = Copy(a, b);
  INFO(r.out << r.err);
  REQUIRE(r.rc == 0);
  CHECK(r.out.find("copied " + a + " to " + b + ": 9 project(s)") != std::string::npos);
  CHECK(r.out.find(b + ": audit trail ok: ") != std::string::npos);
  CHECK(VerifiedHead(b) == VerifiedHead(a));
  CHECK(Reads(b) == Reads(a));
  for (const char* table : kTables) {
    // (meta is not compared: PostgreSQL keeps its schema version there; the chain's keys in it
    // are compared by the heads above.)
    const std::string name = table;
    CAPTURE(name);
    CHECK(Rows(b, table) == Rows(a, table));
    CHECK(Rows(b, table) > 0);
  }
  // The copy is a store like another: a user logs in with their password, and it takes writes
  // that chain onto the copied head.
  StoreOptions o;
  o.path = b;
  auto s = Store::Open(o);
  CHECK(s->Authenticate("张三", "correct horse battery staple 7").has_value());
  Ok(At(b, {"actual", "set", "基层", "服务对象满意度", "84%", "--by", "张三", "--reason",
            "再次核对"}));
  CHECK(VerifiedHead(b) != VerifiedHead(a));
}

TEST_CASE("store copy: a keyed chain is copied keyed and verifies with the same key only") {
  TempDir t;
  const std::string a = t.db(), b = (t.path / "b.db").string();
  const std::string key = (t.path / "key").string();
  WriteFile(key, "0123456789abcdef0123456789abcdef\n");
  Ok(At(a, {"init", "--key-file", key}));
  Ok(At(a, {"load", kRongcheng, "--by", "王会计", "--key-file", key}));
  Ok(At(a, {"actual", "set", "基层", "服务对象满意度", "81%", "--by", "张三", "--key-file", key}));
  Ok(Copy(a, b, {"--key-file", key}));
  CHECK(VerifiedHead(b, {"--key-file", key}) == VerifiedHead(a, {"--key-file", key}));
  // Without the key the copy, like its source, cannot be written to.
  const Run w = At(b, {"actual", "set", "基层", "服务对象满意度", "82%", "--by", "张三"});
  CHECK(w.rc == 1);
  // Without the key the source does not verify whole: nothing is copied.
  const std::string c = (t.path / "c.db").string();
  const Run n = Copy(a, c);
  CHECK(n.rc == 1);
  CHECK(n.err.find("does not verify") != std::string::npos);
  CHECK_FALSE(fs::exists(c));
}

// Files only: the same on either run.
TEST_CASE("store copy: refusals leave the target as it was" * doctest::test_suite("sqlite-only")) {
  TempDir t;
  const std::string a = (t.path / "a.db").string();
  Filled(t, a);
  struct Case {
    const char* name;
    std::string from, to;
    int rc;
    const char* says;
    bool target_created;  // the target exists afterwards (made empty, or was there)
  };
  const std::string loaded = (t.path / "loaded.db").string();
  Ok(At(loaded, {"init"}));
  Ok(At(loaded, {"load", kJiceng, "--by", "王会计"}));
  const std::string broken = (t.path / "broken.db").string();
  fs::copy_file(a, broken);
  ConnectTo(broken)->exec("UPDATE results SET value = '99%' WHERE value = '83.5%'");
  const std::string odd = (t.path / "odd.db").string();
  fs::copy_file(a, odd);
  // A column this jixiao does not know, in a table copied after several others: the rows copied
  // before it are rolled back with it.
  ConnectTo(odd)->exec("ALTER TABLE users ADD COLUMN nickname TEXT");
  const Case cases[] = {
      {"target not empty", a, loaded, 1, "is not empty", true},
      {"source does not verify", broken, (t.path / "n1.db").string(), 1, "does not verify", false},
      {"same store", a, a, 2, "are the same store", true},
      {"source missing", (t.path / "none.db").string(), (t.path / "n2.db").string(), 1,
       "no such database", false},
      {"unknown column", odd, (t.path / "n3.db").string(), 1, "has 6 column(s)", true},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    const std::int64_t before = fs::exists(c.to) ? Rows(c.to, "audit") : -1;
    const Run r = Copy(c.from, c.to);
    CHECK(r.rc == c.rc);
    CHECK(r.err.find(c.says) != std::string::npos);
    CHECK(r.out.empty());
    CHECK(fs::exists(c.to) == c.target_created);
    if (before >= 0) CHECK(Rows(c.to, "audit") == before);
    if (before < 0 && c.target_created) {
      CHECK(Rows(c.to, "projects") == 0);
      CHECK(Rows(c.to, "audit") == 0);
    }
  }
}

TEST_SUITE("postgresql-only") {
  TEST_CASE("store copy: SQLite to PostgreSQL and back keeps every row, the trail and the reads") {
    TempDir t;
    const std::string a = (t.path / "a.db").string(), pg = t.db(), b = (t.path / "b.db").string();
    Filled(t, a);
    Ok(Copy(a, pg));
    CHECK(VerifiedHead(pg) == VerifiedHead(a));
    CHECK(Reads(pg) == Reads(a));
    Ok(Copy(pg, b));
    CHECK(VerifiedHead(b) == VerifiedHead(a));
    CHECK(Reads(b) == Reads(a));
    for (const char* table : kTables) {
      const std::string name = table;
      CAPTURE(name);
      CHECK(Rows(pg, table) == Rows(a, table));
      CHECK(Rows(b, table) == Rows(a, table));
    }
    // The copy on PostgreSQL takes writes that chain onto the copied head, new rows numbered after
    // the copied ids; a second copy into it is refused.
    Ok(At(pg, {"actual", "set", "基层", "服务对象满意度", "84%", "--by", "张三", "--reason",
               "再次核对"}));
    std::string text = ReadFile(kJiceng);
    text.replace(text.find("project: "), 9, "project: 新增");
    WriteFile(t.path / "new.yaml", text);
    Ok(At(pg, {"load", (t.path / "new.yaml").string(), "--by", "王会计"}));
    {
      StoreOptions o;
      o.path = pg;
      auto s = Store::Open(o);
      s->AddUser("新用户", Role::kAuditor, {}, "correct horse battery staple 9");
    }
    CHECK(VerifiedHead(pg) != VerifiedHead(a));
    CHECK(Rows(pg, "projects") == Rows(a, "projects") + 1);
    const Run again = Copy(a, pg);
    CHECK(again.rc == 1);
    CHECK(again.err.find("is not empty") != std::string::npos);
  }

  TEST_CASE("store copy: a failed copy into PostgreSQL leaves the database empty") {
    TempDir t;
    const std::string a = (t.path / "a.db").string();
    Filled(t, a);
    ConnectTo(a)->exec("ALTER TABLE users ADD COLUMN nickname TEXT");
    const Run r = Copy(a, t.db());
    CHECK(r.rc == 1);
    CHECK(r.err.find("has 6 column(s)") != std::string::npos);
    for (const char* table : {"projects", "definitions", "indicators", "audit", "results"}) {
      const std::string name = table;
      CAPTURE(name);
      CHECK(Rows(t.db(), table) == 0);
    }
    CHECK(VerifiedHead(t.db()).find("audit trail ok: 0 row(s)") == 0);
  }
}

}  // namespace jixiao::testing
