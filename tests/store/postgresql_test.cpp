// The store on PostgreSQL where it differs from SQLite: databases that cannot be used (the
// counterpart of SQLite's missing, corrupt and foreign files), tampering as the database's
// superuser, the integrity check, and the driver's exact figures and placeholders. Test suite
// "postgresql-only": run by the ctest test store/postgresql (JIXIAO_TEST_PG set), left out of
// the SQLite run.
#include <doctest/doctest.h>

#include <cstring>
#include <string>
#include <vector>

#include "engine/store/sql.h"
#include "engine/store/store.h"
#include "tests/engine/store_fixture.h"

namespace jixiao::testing {

TEST_SUITE("postgresql-only") {
  TEST_CASE("store on PostgreSQL: a database that cannot be used is refused clearly") {
    TempDir t;
    SUBCASE("no such database: creating it is the administrator's job") {
      const std::string url = WithDatabase(PgServer(), "jixiao_no_such_database");
      const Run r = Jixiao({"init", "--db", url});
      CHECK(r.rc == 1);
      CHECK(r.err.find("no such database on the server") != std::string::npos);
      CHECK(r.err.find("CREATE DATABASE") != std::string::npos);
    }
    SUBCASE("an empty database is not a store until init") {
      const Run r = InDb(t, {"score"});
      CHECK(r.rc == 1);
      CHECK(r.err.find("jixiao init") != std::string::npos);
      CHECK(Connect(t)->execAndGet("SELECT to_regclass('meta') IS NULL").getInt() == 1);
    }
    SUBCASE("a database with tables of its own") {
      Connect(t)->exec("CREATE TABLE x(a integer)");
      const Run r = InDb(t, {"init"});
      CHECK(r.rc == 1);
      CHECK(r.err.find("not a jixiao store") != std::string::npos);
      CHECK(Connect(t)->execAndGet("SELECT to_regclass('meta') IS NULL").getInt() == 1);
    }
    SUBCASE("a newer schema") {
      REQUIRE(InDb(t, {"init"}).rc == 0);
      Connect(t)->exec("UPDATE meta SET value = '99' WHERE key = 'schema_version'");
      const Run r = InDb(t, {"score"});
      CHECK(r.rc == 1);
      CHECK(r.err.find("newer jixiao") != std::string::npos);
      CHECK(Connect(t)
                ->execAndGet("SELECT value FROM meta WHERE key = 'schema_version'")
                .getString() == "99");
    }
    SUBCASE("no server there: the message names the URL without its password") {
      const Run r =
          Jixiao({"score", "--db", "postgresql://jx:s3cret@/jx?host=/nonexistent-jixiao&port=1"});
      CHECK(r.rc == 1);
      CHECK(r.err.find("cannot connect to PostgreSQL") != std::string::npos);
      CHECK(r.err.find("postgresql://jx@/jx?host=/nonexistent-jixiao&port=1") != std::string::npos);
      CHECK(r.err.find("s3cret") == std::string::npos);
    }
  }

  TEST_CASE("store on PostgreSQL: init says created once, then what is there") {
    TempDir t;
    const Run a = InDb(t, {"init"});
    CHECK(a.rc == 0);
    CHECK(a.out.find("created store " + t.db()) != std::string::npos);
    const Run b = InDb(t, {"init"});
    CHECK(b.rc == 0);
    CHECK(b.out.find("created") == std::string::npos);
    CHECK(b.out.find("schema version 5, 0 project(s)") != std::string::npos);
  }

  TEST_CASE("store on PostgreSQL: the superuser's tampering is refused or caught by verify") {
    TempDir t;
    Loaded(t);
    REQUIRE(InDb(t, {"verify"}).rc == 0);
    const Db db(t);
    SUBCASE("TRUNCATE is refused like UPDATE and DELETE") {
      CHECK_THROWS_WITH_AS(db.exec("TRUNCATE audit"), doctest::Contains("append-only"), sql::Error);
      CHECK(AuditRows(t) > 0);
    }
    SUBCASE("a disabled trigger is named, and the row it let through") {
      db.exec("ALTER TABLE audit DISABLE TRIGGER audit_no_update");
      db.exec("UPDATE audit SET new_value = '99%' WHERE id = 3");
      const Run r = InDb(t, {"verify"});
      CHECK(r.rc == 1);
      CHECK(r.out.find("audit_no_update") != std::string::npos);
      CHECK(r.out.find("not as jixiao created it") != std::string::npos);
      CHECK(r.out.find("audit record #3") != std::string::npos);
    }
    SUBCASE("a replaced trigger function is named") {
      db.exec(
          "CREATE OR REPLACE FUNCTION jixiao_audit_append_only() RETURNS trigger LANGUAGE "
          "plpgsql AS $$ BEGIN RETURN NULL; END $$");
      const Run r = InDb(t, {"verify"});
      CHECK(r.rc == 1);
      CHECK(r.out.find("function jixiao_audit_append_only") != std::string::npos);
    }
    SUBCASE("a dropped table fails the integrity check") {
      db.exec("DROP TABLE api_tokens");
      const Run r = InDb(t, {"verify"});
      CHECK(r.rc == 1);
      CHECK(r.out.find("database integrity check failed: table api_tokens is missing") !=
            std::string::npos);
    }
  }

  TEST_CASE("store on PostgreSQL: the integrity check runs amcheck where it is installed") {
    TempDir t;
    Loaded(t);
    StoreOptions o;
    o.path = t.db();
    CHECK(Store::Open(o)->IntegrityCheck() == "ok");
    Connect(t)->exec("CREATE EXTENSION amcheck");
    CHECK(Store::Open(o)->IntegrityCheck() == "ok");
    // The trail's protection is part of it.
    Connect(t)->exec("ALTER TABLE audit DISABLE TRIGGER audit_no_delete");
    CHECK(Store::Open(o)->IntegrityCheck().find("audit_no_delete") != std::string::npos);
  }

  TEST_CASE("store on PostgreSQL: figures read back bit for bit; placeholders and blobs") {
    TempDir t;
    const std::unique_ptr<sql::Connection> db = Connect(t);
    db->exec("CREATE TABLE f(n BIGINT, x DOUBLE PRECISION, s TEXT, b BYTEA)");
    const std::vector<double> figures{0.1 + 0.2,      1e-300, 123456.789012345,       2.0 / 3.0,
                                      -0.0,           5e-324, 1.7976931348623157e308, 91.14,
                                      97.63000000001, 0.0001};
    sql::Statement ins(*db, "INSERT INTO f(n, x, s, b) VALUES (?, ?, ?3, ?4)");
    const std::string blob("\x00\x01\xff'?\\x", 7);
    std::int64_t n = 0;
    for (const double x : figures) {
      ins.reset();
      ins.bind(1, n++);
      ins.bind(2, x);
      ins.bind(3, "'?1' -- ?");  // placeholders inside text are text
      ins.bindBlob(4, blob);
      ins.exec();
    }
    sql::Statement q(*db, "SELECT n, x, s, b, '?' FROM f WHERE n >= ?1 ORDER BY n");
    q.bind(1, 0);
    std::size_t i = 0;
    while (q.executeStep()) {
      REQUIRE(i < figures.size());
      CAPTURE(figures[i]);
      const double back = q.getColumn(1).getDouble();
      CHECK(std::memcmp(&back, &figures[i], sizeof back) == 0);
      CHECK(q.getColumn(0).getInt64() == static_cast<std::int64_t>(i));
      CHECK(q.getColumn(2).getString() == "'?1' -- ?");
      CHECK(q.getColumn(3).getBlob() == blob);
      CHECK(q.getColumn(4).getString() == "?");
      ++i;
    }
    CHECK(i == figures.size());
  }
}

}  // namespace jixiao::testing
