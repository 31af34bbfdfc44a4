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
//  * Each definition version is stored twice: its YAML text (the record) and a compiled form
//    (engine/store/codec.h) that ReadProject decodes without a YAML parse; the text is re-read
//    only where the compiled form is missing or from another jixiao.
//  * The schema version is PRAGMA user_version; Open applies forward migrations and refuses a
//    database written by a newer jixiao. WAL mode and a busy timeout let concurrent users wait.
#ifndef JIXIAO_ENGINE_STORE_STORE_H_
#define JIXIAO_ENGINE_STORE_STORE_H_

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/store/codec.h"
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
  static constexpr int kSchemaVersion = 2;

  // Opens (or with options.create, creates) the store. Throws StoreError with a clear message:
  // missing file, unreadable or read-only folder, not a jixiao database, corrupt, newer schema.
  static std::unique_ptr<Store> Open(const StoreOptions& options);

  struct Definition {
    const ProjectFile* file = nullptr;      // loaded and checked by the caller
    std::string yaml;                       // the file's text, stored as the definition
    std::string source;                     // "load config/x.yaml"
    const Diagnostics* warnings = nullptr;  // the loader's warnings, kept with the definition
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
  // The same among `indicators` (Indicators(project), read once for many rows of an import).
  static StoredIndicatorRef ResolveIndicator(const StoredProjectRef& project,
                                             const std::vector<StoredIndicatorRef>& indicators,
                                             const std::string& query);
  // The indicators of a project's current definition, in id order.
  std::vector<StoredIndicatorRef> Indicators(const StoredProjectRef& project);

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
  // The definition comes from its compiled form (its text where that is missing); results come
  // from the store only. Throws UsageError (no definition) or InputError (a text that no longer
  // loads).
  struct Loaded {
    ProjectFile file;
    std::string source;  // "jixiao.db: NAME v3"
    Diagnostics warnings;
  };
  // kText re-reads the definition's YAML text with today's loader (what `check --db` wants: a
  // store written by an older jixiao checked by today's rules); kCompiled decodes its compiled
  // form, falling back to the text.
  enum class Reading { kCompiled, kText };
  Loaded ReadProject(const StoredProjectRef& p, Reading reading = Reading::kCompiled);

  // The current definition alone, without results (what checking an entered value needs).
  Project ReadDefinition(const StoredProjectRef& p);

  // Every project of the store, in id order, read in one pass (three ordered scans, not three
  // queries per project) and handed to `each` one at a time: nothing is kept. A project that
  // cannot be read comes with `errors` set (and `loaded` holding what could be read).
  using EachProject =
      std::function<void(const StoredProjectRef& ref, Loaded&& loaded, const Diagnostics& errors)>;
  void ForEachProject(const EachProject& each);

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
  std::string SourceName(const std::string& project, int version) const;
  // The current definition of p; sets its version.
  CompiledDefinition CurrentDefinition(const StoredProjectRef& p, Reading reading, int& version);
  // The compiled form of a definition (`bytes`), else its text re-read (see ReadProject).
  CompiledDefinition Compiled(std::int64_t project_id, const std::string& project, int version,
                              std::optional<std::string_view> bytes);
  // Refuses an actual value that does not parse or whose unit cannot be compared with the
  // indicator's target in `def`; throws Error ("bad-value", "unit-mismatch").
  static void CheckValue(const Project& def, const StoredIndicatorRef& i, const std::string& value);
  std::string CurrentActual(std::int64_t indicator_id, const std::string& field);
  void AppendAudit(const StoredProjectRef& p, const std::string& indicator_key,
                   const std::string& field, const std::string& old_value,
                   const std::string& new_value, const ChangeContext& who, bool after_submit);
  void RequireAuthor(const ChangeContext& who);
  // The project with its status as stored now (inside the caller's transaction).
  StoredProjectRef CurrentStatus(const StoredProjectRef& p);
  void SetResultField(const StoredProjectRef& p, const StoredIndicatorRef& i,
                      const std::string& field, const std::string& value, const ChangeContext& who);

  // A statement prepared once for the store's life (the reads an import makes for each of
  // thousands of projects), reset and unbound; callers reset it again when done (ResetAtExit).
  SQLite::Statement& Prepared(const std::string& sql);

  std::filesystem::path path_;
  std::unique_ptr<SQLite::Database> db_;
  std::map<std::string, std::unique_ptr<SQLite::Statement>> cached_;  // after db_: freed first
};

// SHA-256 of text, as 64 lowercase hex digits (OpenSSL's libcrypto).
std::string Sha256Hex(const std::string& text);

}  // namespace jixiao

#endif  // JIXIAO_ENGINE_STORE_STORE_H_
