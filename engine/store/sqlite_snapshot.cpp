// Readers of one state of the store on several connections (Store::SnapshotReaders): what lets a
// whole store be read on every core while a writer goes on.
#include <optional>
#include <string>

#include "engine/store/sql.h"
#include "engine/store/sqlite_store.h"

namespace jixiao {
namespace {

// The first read of a read transaction: SQLite fixes a transaction's snapshot at its first read
// (WAL), not at BEGIN.
void FixSnapshot(sql::Connection& db) { db.execAndGet("SELECT count(*) FROM meta"); }

}  // namespace

std::vector<std::unique_ptr<Store>> SqliteStore::SnapshotReaders(int n) {
  std::vector<std::unique_ptr<SqliteStore>> readers;
  StoreOptions o = options_;
  o.path = location_;
  o.create = false;
  for (int k = 0; k < n; ++k) readers.push_back(SqliteStore::Open(o));

  if (db_->dialect() == sql::Dialect::kPostgres) {
    // The exporting transaction stays open until every reader has taken its snapshot.
    const sql::Transaction exporting(*db_, /*write=*/false);
    const std::string id = db_->execAndGet("SELECT pg_export_snapshot()").getString();
    for (auto& r : readers) {
      r->snapshot_.emplace(*r->db_, /*write=*/false);
      // The id is the server's own text (digits and dashes), never the user's.
      r->db_->exec("SET TRANSACTION SNAPSHOT '" + id + "'");
    }
  } else {
    // While this connection holds the write lock nothing commits, so the readers' snapshots,
    // each fixed by a first read, are one state. A report does not wait long for a writer (a
    // province's load holds the lock for minutes): it reads on one connection instead.
    std::optional<sql::Transaction> hold;
    {
      struct Timeout {  // the store's own busy timeout again, however this ends
        sql::Connection& db;
        int ms;
        ~Timeout() {
          try {
            db.exec("PRAGMA busy_timeout = " + std::to_string(ms));
          } catch (const sql::Error&) {  // the connection's own error comes on its next use
          }
        }
      } restore{*db_, options_.busy_timeout_ms};
      db_->exec("PRAGMA busy_timeout = 100");
      try {
        hold.emplace(*db_, /*write=*/true);
      } catch (const sql::Error& e) {
        if (!e.busy()) throw;
      }
    }
    if (!hold) return {};
    for (auto& r : readers) {
      r->snapshot_.emplace(*r->db_, /*write=*/false);
      FixSnapshot(*r->db_);
    }
  }
  std::vector<std::unique_ptr<Store>> out;
  for (auto& r : readers) out.push_back(std::move(r));
  return out;
}

}  // namespace jixiao
