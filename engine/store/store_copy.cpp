// A store copied into another database (engine/store/store_copy.h): the rows of every table read
// from the source's connection and written through the target's, whatever their engines.
#include "engine/store/store_copy.h"

#include <sstream>

#include "engine/store/sql.h"
#include "engine/store/sqlite_store.h"
#include "indicators/i18n.h"

namespace jixiao {
namespace {

// How a column's values are read and bound: the same C++ type on every engine.
enum class Kind { kInt, kReal, kText, kBlob };

struct CopiedColumn {
  std::string name;
  Kind kind;
};

// A table of the store, its columns ("name:k" with k one of i r t b) and the order its rows are
// read in (the primary key). The tables are listed so that every row's foreign keys name rows
// already copied. Ids are copied as they are: SQLite takes a given rowid, and PostgreSQL's id
// triggers (dialect.cpp) number only a row inserted without one, from max(id) + 1. The chain's meta
// is copied apart (CopyChainMeta): a backend may keep its own keys there.
struct CopiedTable {
  const char* name;
  const char* columns;
  const char* order;
};

constexpr CopiedTable kTables[] = {
    {"projects", "id:i name:t year:i unit:t manager:t status:t current_version:i results_digest:i",
     "id"},
    {"definitions", "project_id:i version:i yaml:t source:t loaded_at:t loaded_by:t",
     "project_id, version"},
    {"compiled_definitions", "project_id:i version:i bytes:b", "project_id, version"},
    {"indicators", "id:i project_id:i key:t name:t since_version:i removed_in:i", "id"},
    {"audit",
     "id:i at:t author:t project:t indicator:t field:t old_value:t new_value:t reason:t "
     "source:t after_submit:i prev_hash:t hash:t",
     "id"},
    {"results", "indicator_id:i field:t value:t number:r unit:t judgement:i typed:b audit_id:i",
     "indicator_id, field"},
    {"project_results", "project_id:i field:t value:t number:r audit_id:i", "project_id, field"},
    {"users", "id:i name:t role:t password:t created_at:t", "id"},
    {"user_projects", "user_id:i project_id:i", "user_id, project_id"},
    {"api_tokens", "hash:t user_id:i created_at:t", "hash"},
};

// The meta keys of the audit chain (sqlite_chain.cpp): its row count, head and key.
constexpr const char* kChainMeta[] = {"audit_rows", "audit_head", "keyed_from", "key_check"};

std::vector<CopiedColumn> Columns(const CopiedTable& t) {
  std::vector<CopiedColumn> out;
  std::istringstream in(t.columns);
  std::string item;
  while (in >> item) {
    const auto colon = item.find(':');
    const char k = item[colon + 1];
    out.push_back({item.substr(0, colon), k == 'i'   ? Kind::kInt
                                          : k == 'r' ? Kind::kReal
                                          : k == 't' ? Kind::kText
                                                     : Kind::kBlob});
  }
  return out;
}

std::string ColumnList(const std::vector<CopiedColumn>& cs) {
  std::string out;
  for (const CopiedColumn& c : cs) out += (out.empty() ? "" : ", ") + c.name;
  return out;
}

// Refuses a table whose columns are not the ones listed here: a column this copy does not know
// would be dropped without a word.
void CheckShape(sql::Connection& db, const CopiedTable& t, std::size_t expected) {
  sql::Statement q(db, std::string("SELECT * FROM ") + t.name + " LIMIT 1");
  q.executeStep();
  const int n = q.getColumnCount();
  if (static_cast<std::size_t>(n) != expected) {
    throw StoreError("copy-schema",
                     TrF("{0}: table {1} has {2} column(s) where this jixiao copies {3}: the "
                         "store's schema is not the one this jixiao knows; nothing was copied",
                         db.name(), t.name, n, expected));
  }
}

std::int64_t Count(sql::Connection& db, const std::string& table) {
  return db.execAndGet("SELECT count(*) FROM " + table).getInt64();
}

// Refuses a target that holds anything: a copy must not mix two stores' trails.
void RequireEmpty(sql::Connection& db) {
  std::string held;
  for (const CopiedTable& t : kTables) {
    const std::int64_t n = Count(db, t.name);
    if (n > 0) held += (held.empty() ? "" : ", ") + TrF("{} row(s) in {}", n, t.name);
  }
  const std::string counted = MetaValue(db, "audit_rows", "0");
  if (held.empty() && counted != "0") held = TrF("{} row(s) in {}", counted, "meta (audit_rows)");
  if (held.empty()) return;
  throw StoreError("copy-target-not-empty",
                   TrF("{0} is not empty ({1}); nothing was copied. Copy into a new store (a new "
                       "file, or a new PostgreSQL database created with `createdb`) or an empty "
                       "one",
                       db.name(), held));
}

// Copies every row of one table; returns how many.
std::int64_t CopyTable(sql::Connection& from, sql::Connection& to, const CopiedTable& t) {
  const std::vector<CopiedColumn> cs = Columns(t);
  CheckShape(from, t, cs.size());
  CheckShape(to, t, cs.size());
  const std::string list = ColumnList(cs);
  sql::Statement read(from, "SELECT " + list + " FROM " + t.name + " ORDER BY " + t.order);
  std::string params;
  for (std::size_t i = 1; i <= cs.size(); ++i) params += (i > 1 ? ", ?" : "?") + std::to_string(i);
  sql::Statement write(
      to, std::string("INSERT INTO ") + t.name + "(" + list + ") VALUES (" + params + ")");
  std::int64_t rows = 0;
  while (read.executeStep()) {
    write.clearBindings();
    for (std::size_t i = 0; i < cs.size(); ++i) {
      const int at = static_cast<int>(i);
      const int p = at + 1;
      const sql::Column c = read.getColumn(at);
      if (c.isNull()) {
        write.bind(p);
        continue;
      }
      switch (cs[i].kind) {
        case Kind::kInt:
          write.bind(p, c.getInt64());
          break;
        case Kind::kReal:
          write.bind(p, c.getDouble());
          break;
        case Kind::kText:
          write.bind(p, c.getText());
          break;
        case Kind::kBlob:
          write.bindBlob(p, c.getBlob());
          break;
      }
    }
    write.exec();
    ++rows;
  }
  return rows;
}

// The chain's head, row count and key as the source records them, over the target's new ones.
void CopyChainMeta(sql::Connection& from, sql::Connection& to) {
  sql::Statement gone(to, "DELETE FROM meta WHERE key = ?1");
  sql::Statement put(to, "INSERT INTO meta(key, value) VALUES (?1, ?2)");
  for (const char* key : kChainMeta) {
    sql::Statement q(from, "SELECT value FROM meta WHERE key = ?1");
    q.bind(1, key);
    if (!q.executeStep()) continue;
    gone.bind(1, key);
    gone.exec();
    put.bind(1, key);
    put.bind(2, q.getColumn(0).getText());
    put.exec();
  }
}

// The connection under a store of this jixiao (every backend is the one logic over sql.h).
sql::Connection& ConnectionOf(Store& store) {
  auto* s = dynamic_cast<SqliteStore*>(&store);
  if (s == nullptr) throw Error("copy-backend", Tr("store copy: a store of an unknown kind"));
  return s->connection();
}

std::string FirstProblem(const VerifyResult& v) {
  if (!v.problem.empty()) return v.problem;
  if (!v.protection.empty()) return v.protection.front();
  if (!v.differences.empty()) {
    const ResultDifference& d = v.differences.front();
    return TrF("{} result(s) differ from the trail, the first {}{}, {}", v.differences.size(),
               d.project, d.indicator.empty() ? "" : " / " + d.indicator, d.field);
  }
  if (!v.fingerprints.empty()) {
    return TrF("the results of {} project(s) were changed outside jixiao, the first {}",
               v.fingerprints.size(), v.fingerprints.front());
  }
  return "";
}

}  // namespace

CopyOutcome CopyStore(const StoreOptions& from_options, const StoreOptions& to_options) {
  CopyOutcome out;
  std::unique_ptr<Store> from = Store::Open(from_options);
  sql::Connection& src = ConnectionOf(*from);
  // One snapshot of the source: what is verified is what is copied. SQLite's read transaction is
  // one snapshot already; PostgreSQL's READ COMMITTED takes one per statement, REPEATABLE READ one
  // for the transaction (set before its first query).
  sql::Transaction snapshot(src, false);
  if (src.dialect() == sql::Dialect::kPostgres) {
    src.exec("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
  }
  out.source = from->Verify({});
  if (!out.source.ok || !out.source.problem.empty()) {
    throw StoreError("copy-source-broken",
                     TrF("{0}: the audit trail does not verify ({1}); nothing was copied. Run "
                         "`jixiao verify --db {0}` and restore the store from a backup first",
                         src.name(), FirstProblem(out.source)));
  }
  {
    // A new target gets the schema, without a key: the copied trail brings its own.
    StoreOptions create = to_options;
    create.create = true;
    create.key.reset();
    Store::Open(create);
  }
  StoreOptions reopen = to_options;
  reopen.create = false;
  reopen.key = from_options.key;
  std::unique_ptr<Store> to = Store::Open(reopen);
  sql::Connection& dst = ConnectionOf(*to);
  WriteTransaction tx(dst, dst.name(), to_options.busy_timeout_ms);
  RequireEmpty(dst);
  for (const CopiedTable& t : kTables) out.tables.emplace_back(t.name, CopyTable(src, dst, t));
  CopyChainMeta(src, dst);
  out.target = to->Verify({});
  if (!out.target.ok || !out.target.problem.empty() || out.target.rows != out.source.rows ||
      out.target.head != out.source.head) {
    throw StoreError(
        "copy-target-broken",
        TrF("{0}: the copy does not verify ({1}; {2} row(s), head {3}, where the source has {4} "
            "row(s), head {5}); nothing was kept",
            dst.name(), FirstProblem(out.target), out.target.rows, out.target.head, out.source.rows,
            out.source.head));
  }
  tx.Commit();
  return out;
}

}  // namespace jixiao
