// engine/store/store.h — the store: one SQLite file, the system of record for project definitions,
// the results managers enter, and an append-only, hash-chained audit trail.
//
// Contract:
//  * Every write is one RAII transaction (BEGIN IMMEDIATE): it is there entirely or not at all,
//    whatever happens to the process; a write that fails leaves the database as it was.
//  * Every change of a result (actual, judgement, score, deviation reason, executed budget,
//    status) appends an audit row: who, when (UTC, ISO 8601), old and new value, reason, source,
//    and a SHA-256 hash chained to the previous row. Triggers refuse UPDATE and DELETE on it.
//  * Definitions are versioned: reloading a changed file adds a version; indicators keep their
//    identity (their key: 一级/二级/三级 name) and their actuals across versions.
//  * The schema version is PRAGMA user_version; Open applies forward migrations and refuses a
//    database written by a newer jixiao. WAL mode and a busy timeout let concurrent users wait.
#ifndef JIXIAO_ENGINE_STORE_STORE_H_
#define JIXIAO_ENGINE_STORE_STORE_H_

#include <SQLiteCpp/Database.h>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "indicators/diagnostics.h"
#include "indicators/project.h"

namespace jixiao {

// A store that cannot be opened or used as asked (missing, newer, corrupt, read-only, locked).
class StoreError : public Error {
 public:
  StoreError(std::string code, const std::string& message) : Error(std::move(code), message) {}
};

struct StoreOptions {
  std::filesystem::path path = "jixiao.db";  // the database file
  bool create = false;          // create the file when missing (jixiao init); else it must exist
  int busy_timeout_ms = 30000;  // how long a writer waits for another before giving up
};

// Who makes a change and through what.
struct ChangeContext {
  std::string author;          // --by NAME (required for results)
  std::string reason;          // --reason TEXT
  std::string source = "cli";  // "cli", "import FILE", "load FILE"
};

struct StoredProjectRef {
  std::int64_t id = 0;
  std::string name;
  int year = 0;
  std::string unit;
  std::string status;  // "draft" or "submitted"
};

struct StoredIndicatorRef {
  std::int64_t id = 0;
  std::string key;   // 一级/二级/三级 name
  std::string name;  // 三级 name
};

struct AuditRow {
  std::int64_t id = 0;
  std::string at;  // UTC, ISO 8601
  std::string author;
  std::string project;    // project name
  std::string indicator;  // indicator key, or "" for project-level fields
  std::string field;      // actual, judgement, score, reason, executed, status, definition
  std::string old_value;
  std::string new_value;
  std::string reason;
  std::string source;
  bool after_submit = false;  // changed after sign-off: for auditors
  std::string prev_hash;
  std::string hash;
};

struct VerifyResult {
  bool ok = true;
  std::int64_t rows = 0;
  std::string head;     // the hash of the last row: note it elsewhere to anchor the chain
  std::string problem;  // the first row altered, added or removed out of band
};

// What `load` did with one definition file.
struct LoadOutcome {
  std::string project;
  int version = 0;          // the definition version now current
  bool changed = false;     // false: the same definition was already stored
  int actuals_entered = 0;  // results of the file entered (indicators that had none stored)
  std::vector<std::string> removed;  // indicator keys no longer in the definition
};

class Store {
 public:
  static constexpr int kSchemaVersion = 1;

  // Opens (or with options.create, creates) the store. Throws StoreError with a clear message:
  // missing file, unreadable or read-only folder, not a jixiao database, corrupt, newer schema.
  static std::unique_ptr<Store> Open(const StoreOptions& options);

  struct Definition {
    const ProjectFile* file = nullptr;  // loaded and checked by the caller
    std::string yaml;                   // the file's text, stored as the definition
    std::string source;                 // "load config/x.yaml"
  };
  // Stores definitions, each as a new version when it changed, with the results of the file
  // where the store has none yet — all in one transaction: all stored, or none. Removing an
  // indicator that has actuals is refused unless `force` with who.reason.
  std::vector<LoadOutcome> LoadDefinitions(const std::vector<Definition>& defs,
                                           const ChangeContext& who, bool force);

  std::vector<StoredProjectRef> Projects();
  // By id, exact name, or unique prefix of the name; throws UsageError listing the candidates.
  StoredProjectRef ResolveProject(const std::string& query);
  // By id, exact 三级 name or key, or unique prefix; throws UsageError listing the candidates.
  StoredIndicatorRef ResolveIndicator(const StoredProjectRef& project, const std::string& query);

  // Result entry; each appends an audit row. A change after sign-off needs who.reason.
  void SetActual(const StoredProjectRef& p, const StoredIndicatorRef& i, const std::string& value,
                 const ChangeContext& who);
  void SetDeviation(const StoredProjectRef& p, const StoredIndicatorRef& i, const std::string& text,
                    const ChangeContext& who);
  void SetBudget(const StoredProjectRef& p, std::optional<double> executed,
                 std::optional<double> adjusted, const ChangeContext& who);
  void Submit(const StoredProjectRef& p, const ChangeContext& who);

  // Several actual values in one transaction: all or none (actual import).
  struct Entry {
    StoredProjectRef project;
    StoredIndicatorRef indicator;
    std::string value;   // "" = leave as is
    std::string reason;  // deviation reason; "" = leave as is
  };
  void SetMany(const std::vector<Entry>& entries, const ChangeContext& who);

  // The current definition of a project with its stored results (what `score --db` scores).
  // The definition text is re-read with the loader; results come from the store only.
  struct Loaded {
    ProjectFile file;
    std::string source;  // "db:NAME v3"
    Diagnostics warnings;
  };
  Loaded ReadProject(const StoredProjectRef& p);

  std::vector<AuditRow> History(const StoredProjectRef& p,
                                const std::optional<StoredIndicatorRef>& i);
  VerifyResult Verify();
  // PRAGMA integrity_check: "ok", or what SQLite found.
  std::string IntegrityCheck();

  const std::filesystem::path& path() const { return path_; }

  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;
  ~Store();

 private:
  Store(std::filesystem::path path, std::unique_ptr<SQLite::Database> db);
  void Migrate();
  LoadOutcome LoadDefinition(const ProjectFile& pf, const std::string& yaml_text,
                             const ChangeContext& who, bool force);
  std::string CurrentActual(std::int64_t indicator_id, const std::string& field);
  void AppendAudit(const StoredProjectRef& p, const std::string& indicator_key,
                   const std::string& field, const std::string& old_value,
                   const std::string& new_value, const ChangeContext& who, bool after_submit);
  void CheckValue(const Project& def, const StoredIndicatorRef& i, const std::string& value);
  void RequireAuthor(const ChangeContext& who);
  // The project with its status as stored now (inside the caller's transaction).
  StoredProjectRef CurrentStatus(const StoredProjectRef& p);
  void SetResultField(const StoredProjectRef& p, const StoredIndicatorRef& i,
                      const std::string& field, const std::string& value, const ChangeContext& who);

  std::filesystem::path path_;
  std::unique_ptr<SQLite::Database> db_;
};

// SHA-256 of text, as 64 lowercase hex digits (OpenSSL's libcrypto).
std::string Sha256Hex(const std::string& text);

}  // namespace jixiao

#endif  // JIXIAO_ENGINE_STORE_STORE_H_
