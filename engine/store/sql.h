// engine/store/sql.h — the thin SQL layer under the store (private to engine/store).
//
// The store's logic (engine/store/sqlite_*.cpp) is written once against these classes; a driver
// supplies a Connection for one database engine: SQLite (sql_sqlite.cpp, over SQLiteCpp) or
// PostgreSQL (sql_pg.cpp, over libpqxx). The
// calls are shaped like SQLiteCpp's (bind, executeStep, getColumn) so that the logic reads as it
// did. Where the engines' SQL differs, the difference lives in one place: the Dialect.
//
// Contract:
//  * Parameters are numbered from 1, as `?` or `?N` in the SQL text.
//  * A Column is valid until its statement steps, resets or dies; getString copies.
//    Reading NULL gives 0, 0.0 or "" (isNull tells).
//  * Every failure of the engine is an sql::Error; busy() says the database stayed locked by
//    another writer past the timeout; retry() that the engine gave up the transaction to let
//    another go on (PostgreSQL's serialization failure 40001, deadlock 40P01): running the whole
//    transaction again may succeed.
//  * A Transaction rolls back unless committed.
#ifndef JIXIAO_ENGINE_STORE_SQL_H_
#define JIXIAO_ENGINE_STORE_SQL_H_

#include <cstdint>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

namespace jixiao::sql {

// The SQL engine a connection speaks.
enum class Dialect { kSqlite, kPostgres };

// A failure reported by the engine. `busy`: locked by another writer beyond the wait allowed.
// `corrupt`: the file is not a database of this engine, or is damaged. `retry`: the transaction
// was aborted so that another could go on; run it again. `connect`: the server could not be
// reached or refused the connection.
class Error : public std::runtime_error {
 public:
  enum class Kind { kOther, kBusy, kCorrupt, kRetry, kConnect };
  Error(Kind kind, const std::string& what) : std::runtime_error(what), kind_(kind) {}
  bool busy() const { return kind_ == Kind::kBusy; }
  bool corrupt() const { return kind_ == Kind::kCorrupt; }
  bool retry() const { return kind_ == Kind::kRetry; }
  bool connect() const { return kind_ == Kind::kConnect; }
  Kind kind() const { return kind_; }

 private:
  Kind kind_;
};

// One prepared statement of a driver.
class StatementImpl {
 public:
  virtual ~StatementImpl() = default;
  virtual void BindNull(int i) = 0;
  virtual void BindInt64(int i, std::int64_t v) = 0;
  virtual void BindDouble(int i, double v) = 0;
  virtual void BindText(int i, std::string_view v) = 0;
  // `keep`: the bytes outlive the statement's next step (no copy needed).
  virtual void BindBlob(int i, std::string_view v, bool keep) = 0;
  virtual bool Step() = 0;  // true: a row is current
  virtual int Exec() = 0;   // runs a statement that returns no row, resets it; rows changed
  virtual void Reset() = 0;
  virtual void ClearBindings() = 0;
  virtual int ColumnCount() const = 0;
  virtual bool IsNull(int i) const = 0;
  virtual std::int64_t Int64(int i) const = 0;
  virtual double Double(int i) const = 0;
  virtual std::string_view Text(int i) const = 0;
  virtual std::string_view Blob(int i) const = 0;
};

// One column of a statement's current row.
class Column {
 public:
  Column(const StatementImpl& st, int i, std::shared_ptr<StatementImpl> keep = nullptr)
      : st_(&st), i_(i), keep_(std::move(keep)) {}
  bool isNull() const { return st_->IsNull(i_); }
  int getInt() const { return static_cast<int>(st_->Int64(i_)); }
  std::int64_t getInt64() const { return st_->Int64(i_); }
  double getDouble() const { return st_->Double(i_); }
  std::string getString() const { return std::string(st_->Text(i_)); }
  std::string_view getText() const { return st_->Text(i_); }
  std::string_view getBlob() const { return st_->Blob(i_); }

 private:
  const StatementImpl* st_;
  int i_;
  std::shared_ptr<StatementImpl> keep_;  // execAndGet: the statement the value lives in
};

// A connection to one database.
class Connection {
 public:
  virtual ~Connection() = default;
  virtual Dialect dialect() const = 0;
  // How messages name the database: its file (SQLite), its URL without a password (PostgreSQL).
  virtual std::string name() const = 0;
  virtual std::unique_ptr<StatementImpl> Prepare(const std::string& sql) = 0;
  // Runs one or more statements that return nothing.
  virtual void exec(const std::string& sql) = 0;
  // The id given to the last row inserted on this connection.
  virtual std::int64_t getLastInsertRowid() = 0;
  // Starts a transaction; `write`: take the write lock now (SQLite: BEGIN IMMEDIATE;
  // PostgreSQL: READ COMMITTED and the store's advisory lock, pg_advisory_xact_lock).
  virtual void Begin(bool write) = 0;
  virtual void Commit() = 0;
  virtual void Rollback() = 0;

  // The first column of the first row of `sql`.
  Column execAndGet(const std::string& sql);
};

// A prepared statement on a connection.
class Statement {
 public:
  Statement(Connection& db, const std::string& sql) : impl_(db.Prepare(sql)) {}

  void bind(int i) { impl_->BindNull(i); }
  void bind(int i, int v) { impl_->BindInt64(i, v); }
  void bind(int i, std::int64_t v) { impl_->BindInt64(i, v); }
  void bind(int i, double v) { impl_->BindDouble(i, v); }
  void bind(int i, const std::string& v) { impl_->BindText(i, v); }
  void bind(int i, const char* v) { impl_->BindText(i, v); }
  void bind(int i, std::string_view v) { impl_->BindText(i, v); }
  void bindBlob(int i, std::string_view v) { impl_->BindBlob(i, v, false); }
  // The bytes must stay alive until the statement has been executed.
  void bindBlobNoCopy(int i, std::string_view v) { impl_->BindBlob(i, v, true); }

  bool executeStep() { return impl_->Step(); }
  // Runs a statement that returns no row; the number of rows it changed.
  int exec() { return impl_->Exec(); }
  void reset() { impl_->Reset(); }
  void clearBindings() { impl_->ClearBindings(); }
  int getColumnCount() const { return impl_->ColumnCount(); }
  Column getColumn(int i) const { return Column(*impl_, i); }

 private:
  friend class Connection;
  std::shared_ptr<StatementImpl> impl_;
};

// A transaction, rolled back unless committed.
class Transaction {
 public:
  Transaction(Connection& db, bool write) : db_(db) { db_.Begin(write); }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction();
  void commit();

 private:
  Connection& db_;
  bool done_ = false;
};

// The SQLite driver: opens (or, with `create`, creates) the file; waits up to busy_timeout_ms
// for another writer.
std::unique_ptr<Connection> OpenSqlite(const std::filesystem::path& path, bool create,
                                       int busy_timeout_ms);

// The PostgreSQL driver: connects to `url` (postgresql://… or postgres://…, libpq's syntax);
// waits up to busy_timeout_ms for a lock (lock_timeout). Doubles travel as shortest round-trip
// text and come back with extra_float_digits = 3, so a figure reads back exactly as written.
std::unique_ptr<Connection> OpenPostgres(const std::string& url, int busy_timeout_ms);

// Whether `location` names a PostgreSQL database (postgresql:// or postgres://) rather than a
// SQLite file.
bool IsPostgresUrl(std::string_view location);
// `url` with any password removed (user:secret@ and password=…), for messages and logs.
std::string RedactUrl(std::string_view url);

}  // namespace jixiao::sql

#endif  // JIXIAO_ENGINE_STORE_SQL_H_
