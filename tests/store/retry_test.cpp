// The write-transaction runner (RunWrite): a transaction the engine aborts to let another go on
// (sql::Error retry: PostgreSQL's 40001, 40P01) runs again whole, a bounded number of times; and
// the PostgreSQL URL's password never reaches a message. Engine-independent: a fake connection
// counts what the runner asks of it.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "engine/store/sql.h"
#include "engine/store/sqlite_store.h"

namespace jixiao {
namespace {

// Records Begin, Commit and Rollback; runs nothing else.
class CountingConnection : public sql::Connection {
 public:
  int begun = 0, committed = 0, rolled_back = 0;
  sql::Dialect dialect() const override { return sql::Dialect::kPostgres; }
  std::string name() const override { return "postgresql:///fake"; }
  std::unique_ptr<sql::StatementImpl> Prepare(const std::string&) override {
    throw sql::Error(sql::Error::Kind::kOther, "no statements here");
  }
  void exec(const std::string&) override {}
  std::int64_t getLastInsertRowid() override { return 0; }
  void Begin(bool write) override {
    CHECK(write);
    ++begun;
  }
  void Commit() override { ++committed; }
  void Rollback() override { ++rolled_back; }
};

sql::Error Aborted() {
  return sql::Error(sql::Error::Kind::kRetry, "could not serialize access (40001)");
}

}  // namespace

TEST_CASE("store retry: a body aborted twice runs a third time and commits once") {
  CountingConnection db;
  int runs = 0;
  RunWrite(db, "postgresql:///fake", 1000, [&] {
    if (++runs <= 2) throw Aborted();
  });
  CHECK(runs == 3);
  CHECK(db.begun == 3);
  CHECK(db.committed == 1);
  CHECK(db.rolled_back == 2);
}

TEST_CASE("store retry: a body always aborted gives a StoreError after the bounded attempts") {
  CountingConnection db;
  int runs = 0;
  try {
    RunWrite(db, "postgresql:///fake", 1000, [&] {
      ++runs;
      throw Aborted();
    });
    FAIL("RunWrite returned");
  } catch (const StoreError& e) {
    CHECK(e.code() == "store-retry");
    CHECK(std::string(e.what()).find("postgresql:///fake") != std::string::npos);
    CHECK(std::string(e.what()).find("Try again") != std::string::npos);
  }
  CHECK(runs == kWriteAttempts);
  CHECK(db.committed == 0);
  CHECK(db.rolled_back == kWriteAttempts);
}

TEST_CASE("store retry: other failures are not retried, and one attempt means one") {
  CountingConnection db;
  int runs = 0;
  CHECK_THROWS_AS(RunWrite(db, "x", 1000,
                           [&] {
                             ++runs;
                             throw sql::Error(sql::Error::Kind::kOther, "syntax error");
                           }),
                  sql::Error);
  CHECK(runs == 1);
  runs = 0;
  CHECK_THROWS_AS(RunWrite(
                      db, "x", 1000,
                      [&] {
                        ++runs;
                        throw Aborted();
                      },
                      1),
                  StoreError);
  CHECK(runs == 1);
  CHECK(db.committed == 0);
}

TEST_CASE("store url: PostgreSQL is chosen by the scheme; passwords are kept out of names") {
  CHECK(sql::IsPostgresUrl("postgresql://host/db"));
  CHECK(sql::IsPostgresUrl("postgres:///db?host=/tmp"));
  CHECK_FALSE(sql::IsPostgresUrl("jixiao.db"));
  CHECK_FALSE(sql::IsPostgresUrl("./postgresql://x"));
  CHECK_FALSE(sql::IsPostgresUrl("/srv/postgres/jixiao.db"));
  struct Case {
    std::string url, name;
  };
  for (const Case& c : std::vector<Case>{
           {"postgresql://u:s3cret@db.example:5432/jx", "postgresql://u@db.example:5432/jx"},
           {"postgresql://u@h/jx", "postgresql://u@h/jx"},
           {"postgresql:///jx?host=/tmp/d&port=5432", "postgresql:///jx?host=/tmp/d&port=5432"},
           {"postgresql:///jx?password=s3cret&host=/tmp", "postgresql:///jx?host=/tmp"},
           {"postgresql:///jx?host=/tmp&password=s3cret", "postgresql:///jx?host=/tmp"},
           {"postgres://u:p%40ss@h/jx?sslmode=require", "postgres://u@h/jx?sslmode=require"},
       }) {
    CAPTURE(c.url);
    CHECK(sql::RedactUrl(c.url) == c.name);
  }
}

}  // namespace jixiao
