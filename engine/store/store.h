// engine/store/store.h — the store: the system of record for project definitions, the results
// managers enter, and an append-only, hash-chained audit trail. This header is the interface the
// commands use; Store::Open chooses the backend from StoreOptions::path: an SQLite file, or a
// PostgreSQL database for a postgresql:// URL. One logic serves both (engine/store/sqlite_*.cpp,
// written against the SQL layer engine/store/sql.h); the engines' differences are in the drivers
// (sql_sqlite.cpp, sql_pg.cpp) and dialect.cpp. Every command gives the same results on either.
//
// Contract:
//  * Every write is one transaction: it is there entirely or not at all, whatever happens to the
//    process; a write that fails leaves the store as it was. A writer waits for another at most
//    StoreOptions::busy_timeout_ms, then fails with StoreError "store-locked" naming the store.
//  * Writes are serialised, one at a time per store, on both engines: SQLite's BEGIN IMMEDIATE,
//    and on PostgreSQL one advisory lock (pg_advisory_xact_lock, a fixed key) taken first by every
//    write transaction, under READ COMMITTED. So the audit rows are appended in one well-defined
//    order, each write reads the chain's head and the state it checks (sign-off, versions) after
//    the previous write committed, and Verify replays the trail exactly as on SQLite. It is the
//    simplest order that is correct; reads take no lock and never wait for a writer. A write
//    the engine aborts to let another go on (PostgreSQL's 40001, 40P01) is run again whole, a
//    few times (then StoreError "store-retry"); no such error reaches the user untried.
//  * Every change of a result (actual, judgement, score, deviation reason, executed budget,
//    status) appends an audit row: who, when (UTC, ISO 8601), old and new value, reason, source,
//    and a hash chained to the previous row (SHA-256; HMAC-SHA256 under a key, see StoreOptions).
//    The audit trail refuses UPDATE and DELETE.
//  * The current results are a function of the trail: each result names the audit row that set
//    it. CheckResults (cheap, before every scored read) and Verify (a full replay) say where they
//    disagree. A whole-store read (ScoreEveryStoredProject) checks each project's results
//    fingerprint (results_digest.h) and the trail's end instead, and asks CheckResults only
//    when one of them differs.
//  * Results are stored as entered and typed (numbers with their unit, judgements, scores), so a
//    read does not parse them again; a stored value that no longer reads is an error naming the
//    project, the indicator, the field and the value, never dropped.
//  * Definitions are versioned: reloading a changed file adds a version; indicators keep their
//    identity (their key: 一级/二级/三级 name) and their actuals across versions. Each version is
//    stored as its YAML text (the record) and a compiled form (engine/store/codec.h).
//  * The schema has a version; Open applies forward migrations in one transaction and refuses a
//    store written by a newer jixiao.
#ifndef JIXIAO_ENGINE_STORE_STORE_H_
#define JIXIAO_ENGINE_STORE_STORE_H_

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/batch/policies.h"
#include "engine/store/fields.h"
#include "indicators/diagnostics.h"
#include "indicators/project.h"

namespace jixiao {

// A store that cannot be opened or used as asked (missing, newer, corrupt, read-only, locked,
// keyed without the key).
class StoreError : public Error {
 public:
  StoreError(std::string code, const std::string& message) : Error(std::move(code), message) {}
};

struct StoreOptions {
  // Where the store is, as given: an SQLite file, or a PostgreSQL database's URL
  // (postgresql://… or postgres://…, libpq's syntax; sql::IsPostgresUrl). Default jixiao.db.
  std::filesystem::path path = "jixiao.db";
  // Create the store when missing (jixiao init): the file, or the schema in an existing, empty
  // PostgreSQL database (creating the database itself is its administrator's job); else it must
  // exist.
  bool create = false;
  // How long a writer waits for another process's write to end before giving up (default 10 s).
  int busy_timeout_ms = 10000;
  // The secret of an HMAC-SHA256 chain (the bytes of the key file), or none (default). A store
  // written under a key refuses writes without it, and Verify says it needs it; the first write
  // with a key to an unkeyed store makes the chain keyed from that row on.
  std::optional<std::string> key;
  // Where the entry check finds a project's policy (default: the compiled-in policies).
  PolicyOptions policies;
};

// Who makes a change and through what.
struct ChangeContext {
  std::string author;          // --by NAME (required for results)
  std::string reason;          // --reason TEXT
  std::string source = "cli";  // "cli", "import FILE", "load FILE"
};

// What `budget set` enters: each field given is set (an audit row each), the others are left.
struct BudgetEntry {
  std::optional<double> executed;  // 全年执行数 (B), 万元: the total, or `source`'s row
  std::optional<double> adjusted;  // 全年预算数 (A), 万元 (the total only)
  // A fund source of the definition (当年财政拨款 …), by its name or a unique part of it; empty
  // (default): the total. Where the definition has one source, its row and the total are the same
  // figure: setting either sets both.
  std::string source;
  std::optional<std::string> explanation;         // why execution fell short (budget.explanation)
  std::optional<std::string> change_explanation;  // why A differs from 年初预算数
};

struct StoredProjectRef {
  std::int64_t id = 0;
  std::string name;
  int year = 0;
  std::string unit;
  ProjectStatus status = ProjectStatus::kDraft;
};

// One stored result row as read, not yet decoded (Store::ForEachRecord).
struct StoredResultRow {
  std::string key;    // the indicator's key; "" for a project-level field
  std::string field;  // as stored ("actual", "reason" …; "executed", "source_executed:…" …)
  std::string value;  // the text as entered
  std::optional<double> number;
  std::optional<std::int64_t> judgement;
  std::optional<std::string> typed;  // the compact bytes of an actual (codec.h EncodeValue)
};

// Project ids after < id <= last; last 0: no upper end.
struct IdRange {
  std::int64_t after = 0;
  std::int64_t last = 0;
};

// A project's stored rows, read and not yet decoded: DecodeRecord turns it into what
// Store::ReadProject returns, on any thread, touching no connection.
struct StoredRecord {
  StoredProjectRef ref;
  int version = 0;                      // the current definition version (0: none)
  std::string source;                   // "jixiao.db: NAME v3": the name its locations carry
  std::optional<std::string> compiled;  // the compiled definition's bytes
  std::vector<StoredResultRow> project_results;
  std::vector<StoredResultRow> indicator_results;  // of the current indicators
  Diagnostics errors;                              // found while reading (no definition stored)
  // The project's results fingerprint as stored, and the sum of the rows read, removed
  // indicators' too (results_digest.h). ForEachRecord fills both; they differ when a result
  // row was written behind jixiao's back.
  std::uint64_t stored_digest = 0;
  std::uint64_t read_digest = 0;
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
  AuditField field = AuditField::kActual;
  std::string field_source;  // the source of kSourceExecuted, else ""
  std::string old_value;
  std::string new_value;
  std::string reason;
  std::string source;
  bool after_submit = false;  // changed after sign-off: for auditors
  std::string prev_hash;
  std::string hash;

  std::string FieldText() const { return FieldName(field, field_source); }
};

// Where the current results and the trail disagree: the result `stored` while the trail says
// `trail` ("" for none).
struct ResultDifference {
  std::string project;
  std::string indicator;  // "" for a project-level field
  std::string field;
  std::string stored;
  std::string trail;
  std::string problem;  // what the read check found ("names no audit row", …); "" for a replay
};

// The head of the chain, to be noted (printed on a report, kept elsewhere) and checked later with
// `verify --expect-head`.
struct ChainAnchor {
  std::string head;  // hash of the last row
  std::int64_t rows = 0;
  std::string first_at, last_at;  // UTC times of the first and last row
  bool keyed = false;             // an HMAC chain
};

struct VerifyOptions {
  std::optional<std::string> expect_head;  // fail unless the chain's head is this hash
};

struct VerifyResult {
  bool ok = true;
  std::int64_t rows = 0;
  std::string head;     // the hash of the last row: note it elsewhere to anchor the chain
  std::string problem;  // the first problem of the chain itself (rows altered, added, removed)
  std::vector<ResultDifference> differences;  // the results against a replay of the trail
  // The projects whose results fingerprint (results_digest.h) is not the sum of their rows: a
  // row or the fingerprint written behind jixiao's back.
  std::vector<std::string> fingerprints;
  bool needs_key = false;  // keyed rows were not checked: no key given
  // The schema objects the trail's protection relies on (the append-only triggers, the audit
  // table) that are missing or not as created, each named: "trigger audit_no_delete (…) is
  // missing: it was dropped".
  std::vector<std::string> protection;
};

// A person of the web workspace (engine/store/fields.h: Role).
struct User {
  std::int64_t id = 0;
  std::string name;
  Role role = Role::kManager;
  std::vector<std::int64_t> projects;  // the project ids a manager answers for; empty for others
};

// A user with their password's argon2id hash (crypto_pwhash_str), as stored.
struct Credentials {
  User user;
  std::string password_hash;
};

// The state of one indicator's entry, for a save that must not overwrite another's (the web's
// version check): `version` is the id of the latest audit row that changed any result of the
// indicator (actual, judgement, score, reason), 0 when nothing was ever entered.
struct ResultVersion {
  std::int64_t version = 0;
  std::string actual;  // as stored, "" for none
  std::string reason;  // deviation reason, "" for none
  std::string author;  // who made that change ("" when version is 0)
  std::string at;      // when (UTC ISO 8601)
};

// A save refused because the indicator changed since the version the user read (HTTP 409).
// Its message: "'{indicator}' was changed by {author} at {time}: it is now '{stored}', your value
// '{yours}' was not saved. Reload the project, check its value, and save again."
class ConflictError : public Error {  // code "conflict"
 public:
  ConflictError(const std::string& message, std::string indicator, ResultVersion stored,
                std::string yours)
      : Error("conflict", message),
        indicator(std::move(indicator)),
        stored(std::move(stored)),
        yours(std::move(yours)) {}
  std::string indicator;  // indicator key
  ResultVersion stored;   // what is stored now, with its version, author and time
  std::string yours;      // the value the refused save carried
};

// One post of a question thread (问询): the audit row that recorded it.
struct QuestionPost {
  std::int64_t id = 0;  // the audit row's id
  std::string author;
  std::string at;  // UTC ISO 8601
  std::string text;
};
struct Question {
  QuestionPost asked;
  std::string indicator;              // the indicator key, "" for the project as a whole
  std::vector<QuestionPost> answers;  // in order
};

// What `load` did with one definition file.
struct LoadOutcome {
  std::string project;
  int version = 0;          // the definition version now current
  bool changed = false;     // false: the same definition was already stored
  int actuals_entered = 0;  // results of the file entered (indicators that had none stored)
  std::vector<std::string> removed;  // indicator keys no longer in the definition
};

// What SetMany did: the warnings of the entry check, and how many entries changed a result.
struct EntryOutcome {
  Diagnostics warnings;
  std::size_t changed = 0;
  std::size_t unchanged = 0;  // value and reason as stored: skipped
};

class Store {
 public:
  static constexpr int kSchemaVersion = 5;

  // Opens (or with options.create, creates) the store. Throws StoreError with a clear message:
  // missing file, unreadable or read-only folder, not a jixiao database, corrupt, newer schema.
  static std::unique_ptr<Store> Open(const StoreOptions& options);

  virtual ~Store() = default;

  struct Definition {
    const ProjectFile* file = nullptr;      // loaded and checked by the caller
    std::string yaml;                       // the file's text, stored as the definition
    std::string source;                     // "load config/x.yaml"
    const Diagnostics* warnings = nullptr;  // the loader's warnings, kept with the definition
  };
  // The next definition to store, or nullptr when none is left. What it points to stays valid
  // until the next call (the store holds one at a time). An exception thrown by the source stores
  // nothing and leaves the store as it was.
  using DefinitionSource = std::function<const Definition*()>;
  // Stores definitions, each as a new version when it changed, with the results of the file
  // where the store has none yet — all in one transaction: all stored, or none. Removing an
  // indicator that has actuals is refused unless `force` with who.reason. The definitions are
  // pulled from `next` one at a time and dropped once stored, so that a province's load does
  // not hold every parsed file at once.
  virtual std::vector<LoadOutcome> LoadDefinitions(const DefinitionSource& next,
                                                   const ChangeContext& who, bool force) = 0;
  // The same from definitions the caller holds.
  std::vector<LoadOutcome> LoadDefinitions(const std::vector<Definition>& defs,
                                           const ChangeContext& who, bool force) {
    std::size_t i = 0;
    return LoadDefinitions(
        DefinitionSource([&]() { return i < defs.size() ? &defs[i++] : nullptr; }), who, force);
  }

  virtual std::vector<StoredProjectRef> Projects() = 0;
  // The project with this id, read alone (what a request that names one needs); nullopt when
  // there is none.
  virtual std::optional<StoredProjectRef> ProjectById(std::int64_t id) = 0;
  // By id, exact name, or a unique part of the name (MatchName, indicators/match.h); throws
  // UsageError listing the candidates, or the nearest names ("did you mean").
  virtual StoredProjectRef ResolveProject(const std::string& query) = 0;
  // By id, exact 三级 name or key, or a unique part of one (MatchName); throws UsageError listing
  // the candidates, or the nearest names.
  StoredIndicatorRef ResolveIndicator(const StoredProjectRef& project, const std::string& query);
  // The same among `indicators` (Indicators(project), read once for many rows of an import).
  static StoredIndicatorRef ResolveIndicator(const StoredProjectRef& project,
                                             const std::vector<StoredIndicatorRef>& indicators,
                                             const std::string& query);
  // The indicators of a project's current definition, in id order.
  virtual std::vector<StoredIndicatorRef> Indicators(const StoredProjectRef& project) = 0;

  // Result entry; each appends an audit row. A change after sign-off needs who.reason. Every
  // actual goes through the one entry check (scoring/entry.h) under its project's policy, and
  // every author, reason and deviation text through the free-text rules (indicators/text.h):
  // a refused value throws InputError naming each problem, and nothing is stored. The warnings
  // of a reading the policy accepted (a fraction read as a percentage) are returned.
  Diagnostics SetActual(const StoredProjectRef& p, const StoredIndicatorRef& i,
                        const std::string& value, const ChangeContext& who);
  Diagnostics SetDeviation(const StoredProjectRef& p, const StoredIndicatorRef& i,
                           const std::string& text, const ChangeContext& who);
  // Explanations go through the free-text rules; an unknown or ambiguous source is a UsageError
  // naming the definition's sources.
  virtual void SetBudget(const StoredProjectRef& p, const BudgetEntry& entry,
                         const ChangeContext& who) = 0;
  virtual void Submit(const StoredProjectRef& p, const ChangeContext& who) = 0;

  // Several actual values in one transaction: all or none (actual import).
  struct Entry {
    StoredProjectRef project;
    StoredIndicatorRef indicator;
    std::string value;   // "" = leave as is
    std::string reason;  // deviation reason; "" = leave as is
    SourceLoc where;     // where the value was read (a sheet's row); empty: the command line
    // Refuse unless the indicator's ResultVersion::version is this (ConflictError), checked
    // inside SetMany's transaction before any write; nullopt (default): no check.
    std::optional<std::int64_t> expected_version;
  };
  // The entry check of each entry (values under their project's policy, reason texts), without
  // writing: every problem, errors and warnings, located at the entry's `where`.
  virtual Diagnostics CheckEntries(const std::vector<Entry>& entries) = 0;
  // All entries are checked before any is written: every refused one is in the InputError.
  // An entry whose value and reason are those stored is not a change: it is counted as unchanged
  // and needs no reason after sign-off; a real change after sign-off without who.reason is
  // refused (Error "submitted"), and nothing is stored.
  virtual EntryOutcome SetMany(const std::vector<Entry>& entries, const ChangeContext& who) = 0;

  // The current definition of a project with its stored results (what `score --db` scores).
  // The definition comes from its compiled form (its text where that is missing); results come
  // from the store only. Throws UsageError (no definition) or InputError (a text that no longer
  // loads, a stored result that no longer reads).
  struct Loaded {
    ProjectFile file;
    std::string source;  // "jixiao.db: NAME v3"
    Diagnostics warnings;
  };
  // kText re-reads the definition's YAML text with today's loader (what `check --db` wants: a
  // store written by an older jixiao checked by today's rules); kCompiled decodes its compiled
  // form, falling back to the text.
  enum class Reading { kCompiled, kText };
  virtual Loaded ReadProject(const StoredProjectRef& p, Reading reading = Reading::kCompiled) = 0;

  // The current definition alone, without results (what checking an entered value needs).
  virtual Project ReadDefinition(const StoredProjectRef& p) = 0;

  // Every project of the store, in id order, read in one pass and handed to `each` one at a
  // time: nothing is kept. A project that cannot be read comes with `errors` set (and `loaded`
  // holding what could be read).
  using EachProject =
      std::function<void(const StoredProjectRef& ref, Loaded&& loaded, const Diagnostics& errors)>;
  virtual void ForEachProject(const EachProject& each) = 0;

  // What ForEachProject reads of a project, not yet decoded: decoding is most of a read's cost,
  // and DecodeRecord (below) runs on any thread while the store's thread reads on. In id order;
  // `each` runs on the caller's thread.
  void ForEachRecord(const std::function<void(StoredRecord&& record)>& each) {
    ForEachRecord(IdRange{}, each);
  }
  // The same over the projects of `range` only.
  virtual void ForEachRecord(const IdRange& range,
                             const std::function<void(StoredRecord&& record)>& each) = 0;
  // `parts` ranges of project ids, in order, with about as many projects in each, that together
  // cover every project (fewer when there are fewer projects; one at least).
  virtual std::vector<IdRange> SplitProjects(int parts) = 0;

  // `n` more connections to this store, for reading it on as many threads (one each), that all
  // see one and the same state of it: each is inside a read transaction, kept until it is
  // destroyed, and its reads (ForEachRecord, CheckResults …) see that state. SQLite begins them
  // while this connection holds the write lock for a moment, so that no write commits in
  // between; PostgreSQL gives them this connection's exported snapshot (SET TRANSACTION
  // SNAPSHOT). None when another writer holds the lock (SQLite, past 100 ms): read on this
  // connection alone then. Call it outside any transaction of this connection.
  virtual std::vector<std::unique_ptr<Store>> SnapshotReaders(int n) = 0;

  virtual std::vector<AuditRow> History(const StoredProjectRef& p,
                                        const std::optional<StoredIndicatorRef>& i) = 0;

  // The cheap check before a scored read: every current result names an audit row that exists,
  // is the latest for its project, indicator and field, and whose new value is the stored value.
  // Returns the first `limit` results that fail it (none: the results follow the trail).
  virtual std::vector<ResultDifference> CheckResults(std::size_t limit = 20) = 0;
  // The read check's quick part on the trail: its last row is the one the store's record of the
  // chain names (meta's row count and head). False: a row was appended behind jixiao's back, or
  // the record changed. (Its part on the results is the fingerprint, StoredRecord.)
  virtual bool TrailEndsAsRecorded() = 0;
  // The chain re-hashed row by row, the append-only triggers, the head against options, and the
  // current results against a replay of the trail.
  virtual VerifyResult Verify(const VerifyOptions& options = {}) = 0;
  // The chain's head as recorded, for reports to print; nullopt for an empty trail.
  virtual std::optional<ChainAnchor> Anchor() = 0;
  // The backend's own consistency check: "ok", or what it found.
  virtual std::string IntegrityCheck() = 0;

  // The store's name in messages: its file, or its PostgreSQL URL without the password.
  virtual const std::filesystem::path& path() const = 0;
  // Whether Open created the store's schema (jixiao init on a new file or an empty database).
  bool created() const { return created_; }

  // Users. Names follow the free-text rules for names (indicators/text.h), 1..64 chars, unique
  // (UsageError "user-exists"). Passwords at least 8 characters (InputError otherwise); hashed
  // with argon2id (libsodium crypto_pwhash_str, interactive limits); never stored or logged in
  // clear. A manager's projects must exist; clerk/auditor take none (UsageError otherwise).
  virtual User AddUser(const std::string& name, Role role,
                       const std::vector<StoredProjectRef>& projects,
                       const std::string& password) = 0;
  virtual std::vector<User> Users() = 0;
  virtual std::optional<User> FindUser(const std::string& name) = 0;
  // The user when name and password match; nullopt otherwise (an unknown name costs the same
  // hashing time as a wrong password).
  std::optional<User> Authenticate(const std::string& name, const std::string& password) {
    return CheckPassword(FindCredentials(name), password);
  }
  // Authenticate's two steps, so that a server holds its store only for the read and hashes (tens
  // of milliseconds) after letting go: the user named and their argon2id hash, or nullopt; then
  // the user when `found` holds `password` (nullopt for none found: hashed all the same).
  // CheckPassword reads nothing of the store and may run on any thread at once.
  virtual std::optional<Credentials> FindCredentials(const std::string& name) = 0;
  virtual std::optional<User> CheckPassword(std::optional<Credentials> found,
                                            const std::string& password) = 0;
  // A new API token for the user (32 random bytes as 64 hex digits, libsodium randombytes),
  // returned once; the store keeps its SHA-256 only. UsageError for an unknown user.
  virtual std::string IssueToken(const std::string& user) = 0;
  virtual std::optional<User> UserByToken(const std::string& token) = 0;

  // The ResultVersion of each current indicator of p, by indicator key.
  virtual std::map<std::string, ResultVersion> Versions(const StoredProjectRef& p) = 0;

  // 退回: a submitted project back to draft, for its manager to correct. Needs who.reason
  // (UsageError "reason-required"); a project not submitted is Error "not-submitted". One audit
  // row, field status, submitted → draft.
  virtual void Return(const StoredProjectRef& p, const ChangeContext& who) = 0;

  // 问询: a question on the project (no indicator) or one indicator; returns its id (the audit
  // row). Text through the free-text rules (InputError), non-empty.
  virtual std::int64_t Ask(const StoredProjectRef& p, const std::optional<StoredIndicatorRef>& i,
                           const std::string& text, const ChangeContext& who) = 0;
  // A reply to question `question` of p (UsageError "no-question" when p has no such question).
  virtual std::int64_t Answer(const StoredProjectRef& p, std::int64_t question,
                              const std::string& text, const ChangeContext& who) = 0;
  // p's questions with their answers, oldest first; read from the trail.
  virtual std::vector<Question> Questions(const StoredProjectRef& p) = 0;

 protected:
  Store() = default;
  bool created_ = false;
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;
};

// The project of a record (Store::ForEachRecord) decoded, as Store::ReadProject reads it; safe
// on any thread. Nullopt when its compiled form is missing or does not decode (written by
// another jixiao, or damaged): read that project with ReadProject, which falls back to its text.
// The record's errors and any stored result that does not read go to `errors`.
std::optional<Store::Loaded> DecodeRecord(StoredRecord&& record, Diagnostics& errors);
// ReadProject(ref, kText) with what it throws about the project as `errors` (a record that
// DecodeRecord could not decode is read so, on the store's thread).
Store::Loaded ReadAsText(Store& store, const StoredProjectRef& ref, Diagnostics& errors);

// SHA-256 of text, as 64 lowercase hex digits (OpenSSL's libcrypto).
std::string Sha256Hex(const std::string& text);
// HMAC-SHA256 of text under key, as 64 lowercase hex digits.
std::string HmacSha256Hex(const std::string& key, const std::string& text);

}  // namespace jixiao

#endif  // JIXIAO_ENGINE_STORE_STORE_H_
