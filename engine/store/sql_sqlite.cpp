// The SQLite driver of the SQL layer, over SQLiteCpp: every SQLite::Exception becomes an
// sql::Error that says whether the database was busy or is not a database.
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Statement.h>
#include <sqlite3.h>

#include <optional>

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

class SqliteStatement : public StatementImpl {
 public:
  SqliteStatement(SQLite::Database& db, const std::string& sql)
      : st_(Guarded([&] { return SQLite::Statement(db, sql); })) {}

  void BindNull(int i) override {
    Guarded([&] { st_.bind(i); });
  }
  void BindInt64(int i, std::int64_t v) override {
    Guarded([&] { st_.bind(i, static_cast<std::int64_t>(v)); });
  }
  void BindDouble(int i, double v) override {
    Guarded([&] { st_.bind(i, v); });
  }
  void BindText(int i, std::string_view v) override {
    Guarded([&] { st_.bind(i, std::string(v)); });
  }
  void BindBlob(int i, std::string_view v, bool keep) override {
    Guarded([&] {
      if (keep) {
        st_.bindNoCopy(i, v.data(), static_cast<int>(v.size()));
      } else {
        st_.bind(i, v.data(), static_cast<int>(v.size()));
      }
    });
  }
  bool Step() override {
    return Guarded([&] { return st_.executeStep(); });
  }
  int Exec() override {
    return Guarded([&] {
      const int changed = st_.exec();
      st_.reset();
      return changed;
    });
  }
  void Reset() override {
    Guarded([&] { st_.reset(); });
  }
  void ClearBindings() override {
    Guarded([&] { st_.clearBindings(); });
  }
  int ColumnCount() const override { return st_.getColumnCount(); }
  bool IsNull(int i) const override {
    return Guarded([&] { return st_.getColumn(i).isNull(); });
  }
  std::int64_t Int64(int i) const override {
    return Guarded([&] { return st_.getColumn(i).getInt64(); });
  }
  double Double(int i) const override {
    return Guarded([&] { return st_.getColumn(i).getDouble(); });
  }
  std::string_view Text(int i) const override {
    return Guarded([&] {
      const SQLite::Column c = st_.getColumn(i);
      const char* text = c.getText();
      return std::string_view(text, static_cast<std::size_t>(c.getBytes()));
    });
  }
  std::string_view Blob(int i) const override {
    return Guarded([&] {
      const SQLite::Column c = st_.getColumn(i);
      return std::string_view(static_cast<const char*>(c.getBlob()),
                              static_cast<std::size_t>(c.getBytes()));
    });
  }

 private:
  SQLite::Statement st_;
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
    return std::make_unique<SqliteStatement>(db_, sql);
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
