// tests/engine/store_fixture.h — what the store tests share: a scratch folder, commands run
// against its store, seed 004's projects loaded, SQL on the store for tampering.
//
// The backend comes from the environment, set only by tests: JIXIAO_TEST_PG=postgresql://…/postgres
// (the ctest test store/postgresql) makes every TempDir's store a fresh PostgreSQL database,
// created for the test case and dropped after it; without it the store is an SQLite file in the
// folder. A test case that only one backend has is in the test suite "sqlite-only" or
// "postgresql-only", which the other backend's run leaves out (tests/CMakeLists.txt).
#ifndef JIXIAO_TESTS_ENGINE_STORE_FIXTURE_H_
#define JIXIAO_TESTS_ENGINE_STORE_FIXTURE_H_

#include <doctest/doctest.h>
#include <stdlib.h>

#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "engine/store/sql.h"
#include "tests/engine/run_cli.h"

namespace jixiao::testing {

namespace fs = std::filesystem;

inline const std::string kSource = JIXIAO_SOURCE_DIR;
inline const std::string kRongcheng = kSource + "/config/rongcheng-2024";

inline const std::string kJiceng = kRongcheng + "/03-jiceng-gongzuozhan.yaml";

inline std::string ReadFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline void WriteFile(const fs::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::binary);
  out << text;
}

// 基层医保工作站项目's definition text with one point of weight moved (15 → 14, 5 → 6): a valid
// new version.
inline std::string WithWeightMoved(std::string text) {
  const auto at = text.find("weight: 15");
  REQUIRE(at != std::string::npos);
  text.replace(at, 10, "weight: 14");
  const auto at5 = text.find("weight: 5,");
  REQUIRE(at5 != std::string::npos);
  text.replace(at5, 9, "weight: 6");
  return text;
}

// The PostgreSQL server of the run (its maintenance database's URL), "" for SQLite.
inline std::string PgServer() {
  const char* url = std::getenv("JIXIAO_TEST_PG");
  return url ? url : "";
}
inline bool Pg() { return !PgServer().empty(); }

// `url` with its database name replaced by `name`.
inline std::string WithDatabase(const std::string& url, const std::string& name) {
  const std::size_t start = url.find('/', url.find("://") + 3);
  const std::size_t end = url.find('?', start);
  return url.substr(0, start + 1) + name + (end == std::string::npos ? "" : url.substr(end));
}

// A fresh folder per test, removed at the end; on PostgreSQL also a fresh, empty database.
struct TempDir {
  fs::path path;
  std::string database;  // PostgreSQL: the database's name
  TempDir() {
    std::string templ = (fs::temp_directory_path() / "jixiao-store-XXXXXX").string();
    path = ::mkdtemp(templ.data());
    if (!Pg()) return;
    database = "jixiao_test_";
    for (const char c : path.filename().string().substr(13))
      database += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    sql::OpenPostgres(PgServer(), 10000)->exec("CREATE DATABASE \"" + database + "\"");
  }
  ~TempDir() {
    std::error_code ec;
    fs::permissions(path, fs::perms::owner_all, fs::perm_options::add, ec);
    fs::remove_all(path, ec);
    if (database.empty()) return;
    try {
      sql::OpenPostgres(PgServer(), 10000)
          ->exec("DROP DATABASE IF EXISTS \"" + database + "\" WITH (FORCE)");
    } catch (const sql::Error&) {
    }
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  // The store's location: a file in the folder, or the database's URL.
  std::string db() const {
    return database.empty() ? (path / "t.db").string() : WithDatabase(PgServer(), database);
  }
};

// A connection to the test's store, for SQL behind jixiao's back.
inline std::unique_ptr<sql::Connection> Connect(const TempDir& t) {
  return Pg() ? sql::OpenPostgres(t.db(), 5000) : sql::OpenSqlite(t.db(), false, 5000);
}
struct Db {
  std::unique_ptr<sql::Connection> c;
  explicit Db(const TempDir& t) : c(Connect(t)) {}
  void exec(const std::string& sql) const { c->exec(sql); }
  sql::Column execAndGet(const std::string& sql) const { return c->execAndGet(sql); }
};

// The SQL that drops one of the audit table's append-only triggers, the SQL that puts one back as
// jixiao creates it ("UPDATE" or "DELETE"), and a blob literal from hex digits.
inline std::string DropTrigger(const std::string& name, bool if_exists = false) {
  return std::string("DROP TRIGGER ") + (if_exists ? "IF EXISTS " : "") + name +
         (Pg() ? " ON audit" : "");
}
inline std::string CreateTrigger(const std::string& what) {
  std::string name = "audit_no_" + what;
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return "CREATE TRIGGER " + name + " BEFORE " + what + " ON audit " +
         (Pg() ? "FOR EACH ROW EXECUTE FUNCTION jixiao_audit_append_only()"
               : "BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END");
}
inline std::string BlobLiteral(const std::string& hex) {
  return Pg() ? "'\\x" + hex + "'::bytea" : "X'" + hex + "'";
}

inline Run InDb(const TempDir& t, std::vector<std::string> args) {
  args.push_back("--db");
  args.push_back(t.db());
  return Jixiao(std::move(args));
}

// A store with seed 004's projects loaded.
inline void Loaded(const TempDir& t) {
  REQUIRE(InDb(t, {"init"}).rc == 0);
  const Run r = InDb(t, {"load", kRongcheng, "--by", "王会计"});
  INFO(r.err);
  REQUIRE(r.rc == 0);
}

inline double Total(const TempDir& t, const std::string& project) {
  const Run r = InDb(t, {"score", project, "--format", "json"});
  INFO(r.err << r.out);
  REQUIRE(r.rc == 0);
  return nlohmann::json::parse(r.out)["projects"][0]["total"].get<double>();
}

inline std::int64_t AuditRows(const TempDir& t) {
  return Connect(t)->execAndGet("SELECT count(*) FROM audit").getInt64();
}

}  // namespace jixiao::testing

#endif  // JIXIAO_TESTS_ENGINE_STORE_FIXTURE_H_
