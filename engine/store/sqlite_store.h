// engine/store/sqlite_store.h — the SQLite backend of Store (private to engine/store). One file
// per job: the connection and its transactions (sqlite_store.cpp), the schema and its migrations
// (sqlite_schema.cpp), the audit chain (sqlite_chain.cpp), definitions (sqlite_definitions.cpp),
// results written (sqlite_results.cpp) and read back (sqlite_read.cpp), the trail checked against
// the results (sqlite_verify.cpp).
#ifndef JIXIAO_ENGINE_STORE_SQLITE_STORE_H_
#define JIXIAO_ENGINE_STORE_SQLITE_STORE_H_

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <type_traits>
#include <vector>

#include "engine/store/codec.h"
#include "engine/store/sql.h"
#include "engine/store/store.h"

namespace jixiao {

using StatementCache = std::map<std::string, std::unique_ptr<sql::Statement>>;

// The statement for `sql` in `kept`, prepared on first use; reset and with no bindings.
// (a driver prepares a statement each time one is constructed.)
sql::Statement& PreparedIn(StatementCache& kept, sql::Connection& db, const std::string& sql);

// Resets a kept statement when its use ends, however it ends: a stepped statement holds a read
// snapshot of the WAL until reset.
struct ResetAtExit {
  sql::Statement& statement;
  ~ResetAtExit();
};

// A write transaction (SQLite: BEGIN IMMEDIATE; PostgreSQL: the store's advisory lock), rolled
// back unless committed. Waiting for another writer beyond the busy timeout is a StoreError
// "store-locked" that names the store.
class WriteTransaction {
 public:
  WriteTransaction(sql::Connection& db, const std::string& name, int busy_timeout_ms);
  void Commit();

 private:
  std::optional<sql::Transaction> tx_;
  std::string name_;
  int busy_timeout_ms_;
};

// The StoreError for a database that stayed busy (locked) past the timeout.
StoreError LockedError(const std::string& name, int busy_timeout_ms);

// How many times RunWrite runs a transaction that the engine aborts to let another go on.
constexpr int kWriteAttempts = 5;

// Runs `body` inside one write transaction and commits it. When the engine aborts the
// transaction so that another can go on (sql::Error retry: PostgreSQL's 40001, 40P01), rolls back
// and runs the whole body again, up to `attempts` times with a short, growing pause; then a
// StoreError "store-retry" naming the store. The body must be safe to run again: it reads what it
// needs inside the transaction.
void RunWrite(sql::Connection& db, const std::string& name, int busy_timeout_ms,
              const std::function<void()>& body, int attempts = kWriteAttempts);

// What differs between the engines, one function per concern (dialect.cpp).
int SchemaVersion(sql::Connection& db);
void SetSchemaVersion(sql::Connection& db, int version);
int TableCount(sql::Connection& db);  // the tables of the database (its current schema)
// A condition: `needle` occurs in `haystack` (SQL expressions).
std::string ContainsSql(sql::Dialect d, const std::string& haystack, const std::string& needle);
void BulkCache(sql::Connection& db, bool on);  // a bigger page cache for a bulk load (SQLite)
void CreatePostgresSchema(sql::Connection& db);
// The PostgreSQL IntegrityCheck: the schema version, every table, the trail's protection (the
// problems VerifyTriggers found, given) and, where the amcheck extension is installed, a B-tree
// check of every index. "ok" or the problems.
std::string PostgresIntegrityCheck(sql::Connection& db, const std::vector<std::string>& protection);

std::string NowUtc();
// A BLOB column's bytes; nullopt when NULL.
std::optional<std::string_view> Blob(const sql::Column& c);
// A TEXT column's text; `otherwise` when NULL.
std::string TextOr(const sql::Column& c, const char* otherwise);
// A figure as stored: up to 6 decimals, no trailing zeros.
std::string NumberText(double x);

constexpr const char* kZeroHash =
    "0000000000000000000000000000000000000000000000000000000000000000";

// The hash of one audit row: SHA-256 of its canonical text, or HMAC-SHA256 under the key from
// row `keyed_from` on (0: never).
struct ChainHasher {
  std::optional<std::string> key;
  std::int64_t keyed_from = 0;
  std::string Hash(const AuditRow& r) const;
  bool Keyed(std::int64_t id) const { return keyed_from > 0 && id >= keyed_from; }
};

// The text a row's hash covers: every column but the hash, in a fixed order.
std::string Canonical(const AuditRow& r);
AuditRow ReadAuditRow(sql::Statement& q);  // the columns of kAuditColumns
extern const char* const kAuditColumns;

// The HMAC of a fixed text under key: tells a wrong key from a missing one.
std::string KeyCheck(const std::string& key);

// Meta values of the chain: rows, head, keyed_from, key_check.
std::string MetaValue(sql::Connection& db, const std::string& key, const std::string& otherwise);

// One write transaction's statements and audit chain. A bulk write (load, import) reuses one
// prepared statement per SQL text. The chain's head (next id, last hash) is read once, when the
// writer is made inside the transaction, and kept here; meta is updated once, by Flush, before
// the caller commits.
class Writer {
 public:
  // Refuses (StoreError "store-key") a write without the key, or with another key, to a keyed
  // store; makes an unkeyed store keyed when given a key (its first row then says so).
  // `shared`: the connection's statement cache, so that a write prepares nothing the previous
  // one did (default: a cache of the writer's own, dropped with it).
  Writer(sql::Connection& db, const std::optional<std::string>& key,
         StatementCache* shared = nullptr);

  sql::Statement& Prepared(const std::string& sql) { return PreparedIn(statements_, db_, sql); }
  sql::Connection& db() { return db_; }

  // Appends an audit row; returns its id.
  std::int64_t Audit(const StoredProjectRef& p, const std::string& indicator_key, AuditField field,
                     const std::string& field_source, const std::string& old_value,
                     const std::string& new_value, const ChangeContext& who, bool after_submit);
  // Records the chain's head in meta, and the results fingerprints of the projects written
  // (results_digest.h), inside the caller's transaction.
  void Flush();
  // With a key on an unkeyed store: appends the row from which the chain is keyed.
  void MakeKeyed(const ChangeContext& who);

  // An indicator's result field as stored: its text ("" when none) and the audit row it names.
  struct Cell {
    bool present = false;
    std::string value;
    std::optional<std::int64_t> audit_id;
  };
  Cell Result(std::int64_t indicator_id, ResultField field);
  // Sets one result field of an indicator (typed as well as text), with its audit row.
  // Returns false when the value is the one stored (nothing written). A change to a submitted
  // project without who.reason is refused here (Error "submitted"), for every door.
  bool SetResult(const StoredProjectRef& p, const StoredIndicatorRef& i, ResultField field,
                 const std::string& value, const ChangeContext& who);
  // The same for a project-level field: `value` "" leaves it; `only_if_missing` keeps a stored one.
  // A change after sign-off needs who.reason, as for SetResult.
  void SetProjectResult(const StoredProjectRef& p, ProjectField field, const std::string& source,
                        const std::string& value, const ChangeContext& who, bool only_if_missing);

  // Sign-off (to submitted) or its return (to draft): the project's status, with its audit row
  // (old value: p.status, as read inside the caller's transaction).
  void SetStatus(const StoredProjectRef& p, ProjectStatus to, const ChangeContext& who);

  LoadOutcome LoadDefinition(const ProjectFile& pf, const std::string& yaml_text,
                             const Diagnostics& warnings, const ChangeContext& who, bool force);

 private:
  void BecomeKeyed(const ChangeContext& who);
  // A result row of project `project_id` replaced: its fingerprint loses `removed` (0: none) and
  // gains `added` (0: none), stored by Flush.
  void Refingerprint(std::int64_t project_id, std::uint64_t removed, std::uint64_t added);
  // Parts of LoadDefinition (sqlite_definitions.cpp).
  StoredProjectRef FindOrCreateProject(const Project& def, int& version, bool& created);
  bool SameText(const StoredProjectRef& p, int version, const std::string& yaml_text);
  void InsertVersion(const StoredProjectRef& p, int version, const ProjectFile& pf,
                     const std::string& yaml_text, const Diagnostics& warnings,
                     const ChangeContext& who);
  std::map<std::string, std::int64_t> UpsertIndicators(const StoredProjectRef& p,
                                                       const Project& def, int version);
  void RemoveMissing(const StoredProjectRef& p, const Project& def, int version,
                     const std::map<std::string, std::int64_t>& ids, const ChangeContext& who,
                     bool force, LoadOutcome& out);
  void EnterFileResults(const StoredProjectRef& p, const ProjectFile& pf, bool created,
                        const std::map<std::string, std::int64_t>& ids, const ChangeContext& who,
                        LoadOutcome& out);

  sql::Connection& db_;
  StatementCache own_statements_;
  StatementCache& statements_;
  ChainHasher hasher_;
  bool dirty_ = false;
  bool become_keyed_ = false;
  std::int64_t next_id_ = 1;
  std::string head_;
  std::map<std::int64_t, std::uint64_t> digest_delta_;  // by project id: added − removed
};

// The typed columns of a result (number, unit, judgement, typed value), from its text. Throws
// Error "bad-value" when the text does not read.
struct TypedResult {
  std::optional<double> number;      // a quantity's number, a score
  std::optional<std::string> unit;   // a quantity's unit as written
  std::optional<int> judgement;      // Judgement as an integer
  std::optional<std::string> typed;  // the actual value, EncodeValue
};
TypedResult TypeResult(ResultField field, const std::string& text);
std::optional<double> TypeProjectResult(ProjectField field, const std::string& text);

// Binds a TypedResult to parameters first..first+3 of `st`.
void BindTyped(sql::Statement& st, int first, const TypedResult& t);

// A schema object the trail's protection relies on (the audit table, its append-only triggers),
// with its SQL as created: Verify checks each is present and unchanged.
struct ProtectedObject {
  const char* type;  // "table", "trigger", "function"
  const char* name;
  const char* sql;   // as read back (ProtectionSql), compared with whitespace collapsed
  const char* role;  // what it does for the trail, for messages
};
std::span<const ProtectedObject> TrailProtection();  // SQLite's
std::span<const ProtectedObject> TrailProtection(sql::Dialect d);
// The query that reads back an object's text: parameters its type and its name.
const char* ProtectionSql(sql::Dialect d);

// The schema: creates or migrates to Store::kSchemaVersion inside the caller's transaction
// (sqlite_schema.cpp).
void MigrateSchema(sql::Connection& db, int from);

class SqliteStore : public Store {
 public:
  SqliteStore(const StoreOptions& options, std::unique_ptr<sql::Connection> db);
  ~SqliteStore() override;

  using Store::LoadDefinitions;
  std::vector<LoadOutcome> LoadDefinitions(const DefinitionSource& next, const ChangeContext& who,
                                           bool force) override;
  std::vector<StoredProjectRef> Projects() override;
  std::optional<StoredProjectRef> ProjectById(std::int64_t id) override;
  StoredProjectRef ResolveProject(const std::string& query) override;
  std::vector<StoredIndicatorRef> Indicators(const StoredProjectRef& project) override;
  void SetBudget(const StoredProjectRef& p, const BudgetEntry& entry,
                 const ChangeContext& who) override;
  void Submit(const StoredProjectRef& p, const ChangeContext& who) override;
  Diagnostics CheckEntries(const std::vector<Entry>& entries) override;
  EntryOutcome SetMany(const std::vector<Entry>& entries, const ChangeContext& who) override;
  Loaded ReadProject(const StoredProjectRef& p, Reading reading) override;
  Project ReadDefinition(const StoredProjectRef& p) override;
  void ForEachProject(const EachProject& each) override;
  using Store::ForEachRecord;
  void ForEachRecord(const IdRange& range,
                     const std::function<void(StoredRecord&& record)>& each) override;
  std::vector<IdRange> SplitProjects(int parts) override;
  std::vector<std::unique_ptr<Store>> SnapshotReaders(int n) override;
  std::vector<AuditRow> History(const StoredProjectRef& p,
                                const std::optional<StoredIndicatorRef>& i) override;
  std::vector<ResultDifference> CheckResults(std::size_t limit) override;
  bool TrailEndsAsRecorded() override;
  VerifyResult Verify(const VerifyOptions& options) override;
  std::optional<ChainAnchor> Anchor() override;
  std::string IntegrityCheck() override;
  const std::filesystem::path& path() const override { return options_.path; }

  // Users and tokens (sqlite_people.cpp).
  User AddUser(const std::string& name, Role role, const std::vector<StoredProjectRef>& projects,
               const std::string& password) override;
  std::vector<User> Users() override;
  std::optional<User> FindUser(const std::string& name) override;
  std::optional<Credentials> FindCredentials(const std::string& name) override;
  std::optional<User> CheckPassword(std::optional<Credentials> found,
                                    const std::string& password) override;
  std::string IssueToken(const std::string& user) override;
  std::optional<User> UserByToken(const std::string& token) override;

  std::map<std::string, ResultVersion> Versions(const StoredProjectRef& p) override;

  // Return, questions and answers (sqlite_questions.cpp).
  void Return(const StoredProjectRef& p, const ChangeContext& who) override;
  std::int64_t Ask(const StoredProjectRef& p, const std::optional<StoredIndicatorRef>& i,
                   const std::string& text, const ChangeContext& who) override;
  std::int64_t Answer(const StoredProjectRef& p, std::int64_t question, const std::string& text,
                      const ChangeContext& who) override;
  std::vector<Question> Questions(const StoredProjectRef& p) override;

  // Store::Open's work: the connection (`options.path` a file or a URL with its password),
  // the schema checked and migrated.
  static std::unique_ptr<SqliteStore> Open(const StoreOptions& options);

  void Migrate();
  // The connection itself, for what works on any pair of stores row by row (store_copy.cpp).
  sql::Connection& connection() { return *db_; }
  // With a key: makes an unkeyed store keyed (its next row is the key row).
  void MakeKeyed();

 private:
  std::string SourceName(const std::string& project, int version) const;
  // The current definition of p; sets its version, and its status as stored when asked.
  CompiledDefinition CurrentDefinition(const StoredProjectRef& p, Reading reading, int& version,
                                       ProjectStatus* status = nullptr);
  // CheckEntries, noting in `status` each project's status read with its definition (SetMany,
  // inside its transaction: the project's row is not read again).
  Diagnostics CheckEntriesNoting(const std::vector<Entry>& entries,
                                 std::map<std::int64_t, ProjectStatus>* status);
  // The compiled form of a definition (`bytes`), else its text re-read (see ReadProject).
  CompiledDefinition Compiled(std::int64_t project_id, const std::string& project, int version,
                              std::optional<std::string_view> bytes);
  // The project with its status as stored now (inside the caller's transaction).
  StoredProjectRef CurrentStatus(const StoredProjectRef& p);
  // Runs `body` in a write transaction (RunWrite: retried when the engine asks); returns what
  // the body returns.
  template <typename F>
  auto Write(F&& body) -> decltype(body()) {
    if constexpr (std::is_void_v<decltype(body())>) {
      RunWrite(*db_, options_.path.string(), options_.busy_timeout_ms, body);
    } else {
      std::optional<decltype(body())> out;
      RunWrite(*db_, options_.path.string(), options_.busy_timeout_ms,
               [&] { out.emplace(body()); });
      return std::move(*out);
    }
  }
  // A user read with their projects; a user found by name with their password hash.
  User ReadUser(std::int64_t id, const std::string& name, const std::string& role);
  std::optional<std::pair<User, std::string>> UserWithHash(const std::string& name);
  // The user (and password hash) of the row `sql` selects (id, name, role, password) by `key`.
  std::optional<std::pair<User, std::string>> UserWhere(const std::string& sql,
                                                        const std::string& key);
  // Refuses (ConflictError) an entry whose expected_version is not the indicator's version.
  void CheckVersion(const Entry& e);
  // Verify's parts (sqlite_verify.cpp).
  void VerifyChain(VerifyResult& v);
  void VerifyTriggers(VerifyResult& v);
  void Replay(VerifyResult& v);

  sql::Statement& Prepared(const std::string& sql) { return PreparedIn(cached_, *db_, sql); }

  StoreOptions options_;
  PolicySet policies_{options_.policies};  // after options_
  std::unique_ptr<sql::Connection> db_;
  StatementCache cached_;  // after db_: freed first
  std::string location_;   // options_.path as given to Open (a URL with its password)
  // A snapshot reader's read transaction (SnapshotReaders): its reads begin none of their own.
  // After cached_: rolled back first.
  std::optional<sql::Transaction> snapshot_;
  std::once_flag decoy_made_;  // CheckPassword's hash for unknown names, made on first need
  std::string decoy_hash_;
};

// An author is given, and the author and reason follow the free-text rules (indicators/text.h).
void RequireAuthor(const ChangeContext& who);
// A change to a submitted project needs a reason; `what` names it ("a change", "reloading the
// definitions") in the error.
void RequireReasonAfterSubmit(const StoredProjectRef& p, const ChangeContext& who,
                              const std::string& what);

}  // namespace jixiao

#endif  // JIXIAO_ENGINE_STORE_SQLITE_STORE_H_
