// The SQLite driver of the SQL layer, over SQLiteCpp: every SQLite::Exception becomes an
// sql::Error that says whether the database was busy or is not a database.
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>
#include <sqlite3.h>

#include <optional>
#include <string>

#include "engine/store/sql.h"

namespace jixiao::sql {
namespace {

Error Translate(const SQLite::Exception& e) {
  const int code = e.getErrorCode() & 0xFF;
  if (code == SQLITE_BUSY || code == SQLITE_LOCKED) return Error(Error::Kind::kBusy, e.what());
  if (code == SQLITE_NOTADB || code == SQLITE_CORRUPT) {
    return Error(Error::Kind::kCorrupt, e.what());
  }
  return Error(Error::Kind::kOther, e.what());
}

template <typename F>
auto Guarded(F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (const SQLite::Exception& e) {
    throw Translate(e);
  }
}

Error Translate(sqlite3* db, int rc) {
  const int code = rc & 0xFF;
  const char* what = sqlite3_errmsg(db);
  if (code == SQLITE_BUSY || code == SQLITE_LOCKED) return Error(Error::Kind::kBusy, what);
  if (code == SQLITE_NOTADB || code == SQLITE_CORRUPT) return Error(Error::Kind::kCorrupt, what);
  return Error(Error::Kind::kOther, what);
}

// On SQLite's own statement, not SQLiteCpp's: each column that SQLiteCpp reads makes a Column
// holding a shared pointer to the statement (two atomic counts and an index check), which was
// 5% of the instructions of a province's rescore, for a few dozen columns a project.
class SqliteStatement : public StatementImpl {
 public:
  SqliteStatement(sqlite3* db, const std::string& sql) : db_(db) {
    const int rc = sqlite3_prepare_v2(db, sql.c_str(), static_cast<int>(sql.size()), &st_, nullptr);
    if (rc != SQLITE_OK) {
      sqlite3_finalize(st_);
      throw Translate(db, rc);
    }
    columns_ = sqlite3_column_count(st_);
  }
  ~SqliteStatement() override { sqlite3_finalize(st_); }
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;

  void BindNull(int i) override { Check(sqlite3_bind_null(st_, i)); }
  void BindInt64(int i, std::int64_t v) override {
    Check(sqlite3_bind_int64(st_, i, static_cast<sqlite3_int64>(v)));
  }
  void BindDouble(int i, double v) override { Check(sqlite3_bind_double(st_, i, v)); }
  void BindText(int i, std::string_view v) override {
    Check(sqlite3_bind_text64(st_, i, v.data(), v.size(), SQLITE_TRANSIENT, SQLITE_UTF8));
  }
  void BindBlob(int i, std::string_view v, bool keep) override {
    Check(sqlite3_bind_blob64(st_, i, v.data(), v.size(), keep ? SQLITE_STATIC : SQLITE_TRANSIENT));
  }
  bool Step() override {
    if (done_) throw Error(Error::Kind::kOther, "statement stepped past its end without a reset");
    const int rc = sqlite3_step(st_);
    row_ = rc == SQLITE_ROW;
    if (row_) return true;
    if (rc != SQLITE_DONE) throw Translate(db_, rc);
    done_ = true;
    return false;
  }
  int Exec() override {
    if (Step()) {
      Reset();
      throw Error(Error::Kind::kOther,
                  "a statement that returns rows was run as one that does not");
    }
    const int changed = sqlite3_changes(db_);
    Reset();
    return changed;
  }
  void Reset() override {
    row_ = done_ = false;
    Check(sqlite3_reset(st_));
  }
  void ClearBindings() override { Check(sqlite3_clear_bindings(st_)); }
  int ColumnCount() const override { return columns_; }
  bool IsNull(int i) const override { return sqlite3_column_type(Row(i), i) == SQLITE_NULL; }
  std::int64_t Int64(int i) const override { return sqlite3_column_int64(Row(i), i); }
  double Double(int i) const override { return sqlite3_column_double(Row(i), i); }
  std::string_view Text(int i) const override {
    sqlite3_stmt* st = Row(i);
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(st, i));
    if (!text) return {};  // NULL (or out of memory, which the next step reports)
    return std::string_view(text, static_cast<std::size_t>(sqlite3_column_bytes(st, i)));
  }
  std::string_view Blob(int i) const override {
    sqlite3_stmt* st = Row(i);
    const void* bytes = sqlite3_column_blob(st, i);
    if (!bytes) return {};
    return std::string_view(static_cast<const char*>(bytes),
                            static_cast<std::size_t>(sqlite3_column_bytes(st, i)));
  }

 private:
  void Check(int rc) const {
    if (rc != SQLITE_OK) throw Translate(db_, rc);
  }
  // The statement, when a row is current and it has column i.
  sqlite3_stmt* Row(int i) const {
    if (!row_ || i < 0 || i >= columns_)
      throw Error(Error::Kind::kOther, "no column " + std::to_string(i) + " in the current row");
    return st_;
  }

  sqlite3* db_;
  sqlite3_stmt* st_ = nullptr;
  int columns_ = 0;    // a statement's columns are fixed when it is prepared
  bool row_ = false;   // a row is current
  bool done_ = false;  // stepped to the end, not reset since
};

class SqliteConnection : public Connection {
 public:
  SqliteConnection(const std::filesystem::path& path, bool create, int busy_timeout_ms)
      : db_(Guarded([&] {
          // NOMUTEX: a connection is used by one thread at a time (the web server hands it
          // out under its pool's lock), so SQLite's lock around every call only costs: 4% of a
          // province's rescore went to it.
          return SQLite::Database(path.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_NOMUTEX |
                                                     (create ? SQLite::OPEN_CREATE : 0));
        })) {
    db_.setBusyTimeout(busy_timeout_ms);
  }

  Dialect dialect() const override { return Dialect::kSqlite; }
  std::string name() const override { return db_.getFilename(); }
  std::unique_ptr<StatementImpl> Prepare(const std::string& sql) override {
    return std::make_unique<SqliteStatement>(db_.getHandle(), sql);
  }
  void exec(const std::string& sql) override {
    Guarded([&] { db_.exec(sql); });
  }
  std::int64_t getLastInsertRowid() override { return db_.getLastInsertRowid(); }
  void Begin(bool write) override { exec(write ? "BEGIN IMMEDIATE" : "BEGIN"); }
  void Commit() override { exec("COMMIT"); }
  void Rollback() override { exec("ROLLBACK"); }

 private:
  SQLite::Database db_;
};

}  // namespace

std::unique_ptr<Connection> OpenSqlite(const std::filesystem::path& path, bool create,
                                       int busy_timeout_ms) {
  return std::make_unique<SqliteConnection>(path, create, busy_timeout_ms);
}

}  // namespace jixiao::sql
