#include "engine/store/store.h"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>
// SHA256_Init/Update/Final: the low-level calls are deprecated in OpenSSL 3 but skip EVP's
// provider fetch and configuration loading, which cost about 2 ms on the first hash of every
// process (a third of a `jixiao actual set` beyond process start).
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/sha.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <map>
#include <set>
#include <tuple>
#include <unordered_map>

#include "indicators/loader.h"
#include "indicators/value.h"

namespace jixiao {
namespace {

// The statement for `sql` in `kept`, prepared on first use; reset and with no bindings.
// (SQLiteCpp prepares a statement each time one is constructed.)
SQLite::Statement& PreparedIn(std::map<std::string, std::unique_ptr<SQLite::Statement>>& kept,
                              SQLite::Database& db, const std::string& sql) {
  std::unique_ptr<SQLite::Statement>& s = kept[sql];
  if (!s) {
    s = std::make_unique<SQLite::Statement>(db, sql);
  } else {
    s->reset();
    s->clearBindings();
  }
  return *s;
}

// Resets a kept statement when its use ends, however it ends: a stepped statement holds a read
// snapshot of the WAL until reset.
struct ResetAtExit {
  SQLite::Statement& statement;
  ~ResetAtExit() {
    try {
      statement.reset();
    } catch (...) {
    }
  }
};

constexpr const char* kZeroHash =
    "0000000000000000000000000000000000000000000000000000000000000000";

// Schema version 1. Results hold the current value of each result field; the audit trail holds
// every change. Definitions keep every version's text.
constexpr const char* kSchemaV1 = R"sql(
CREATE TABLE projects(
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  year INTEGER NOT NULL,
  unit TEXT NOT NULL,
  manager TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'draft' CHECK(status IN ('draft', 'submitted')),
  current_version INTEGER NOT NULL DEFAULT 0,
  UNIQUE(name, year, unit));
CREATE TABLE definitions(
  project_id INTEGER NOT NULL REFERENCES projects(id),
  version INTEGER NOT NULL,
  yaml TEXT NOT NULL,
  source TEXT NOT NULL,
  loaded_at TEXT NOT NULL,
  loaded_by TEXT NOT NULL,
  PRIMARY KEY(project_id, version));
CREATE TABLE indicators(
  id INTEGER PRIMARY KEY,
  project_id INTEGER NOT NULL REFERENCES projects(id),
  key TEXT NOT NULL,
  name TEXT NOT NULL,
  since_version INTEGER NOT NULL,
  removed_in INTEGER,
  UNIQUE(project_id, key));
CREATE TABLE results(
  indicator_id INTEGER NOT NULL REFERENCES indicators(id),
  field TEXT NOT NULL CHECK(field IN ('actual', 'judgement', 'score', 'reason')),
  value TEXT NOT NULL,
  PRIMARY KEY(indicator_id, field));
CREATE TABLE project_results(
  project_id INTEGER NOT NULL REFERENCES projects(id),
  field TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY(project_id, field));
CREATE TABLE audit(
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  author TEXT NOT NULL,
  project TEXT NOT NULL,
  indicator TEXT NOT NULL,
  field TEXT NOT NULL,
  old_value TEXT NOT NULL,
  new_value TEXT NOT NULL,
  reason TEXT NOT NULL,
  source TEXT NOT NULL,
  after_submit INTEGER NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL);
CREATE INDEX audit_by_project ON audit(project, indicator);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
  BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
  BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT INTO meta VALUES ('audit_rows', '0'), ('audit_head', '0000000000000000000000000000000000000000000000000000000000000000');
)sql";

// Schema version 2: the compiled form of each definition version (engine/store/codec.h), in a
// table of its own so that reading it never pages through the YAML texts; results clustered by
// their key (WITHOUT ROWID) and indicators indexed by project with their key, so that reading
// the results of every project is two index scans, not a table lookup per row.
constexpr const char* kSchemaV2 = R"sql(
CREATE TABLE compiled_definitions(
  project_id INTEGER NOT NULL,
  version INTEGER NOT NULL,
  bytes BLOB NOT NULL,
  PRIMARY KEY(project_id, version),
  FOREIGN KEY(project_id, version) REFERENCES definitions(project_id, version));
CREATE TABLE results_v2(
  indicator_id INTEGER NOT NULL REFERENCES indicators(id),
  field TEXT NOT NULL CHECK(field IN ('actual', 'judgement', 'score', 'reason')),
  value TEXT NOT NULL,
  PRIMARY KEY(indicator_id, field)) WITHOUT ROWID;
INSERT INTO results_v2(indicator_id, field, value) SELECT indicator_id, field, value FROM results;
DROP TABLE results;
ALTER TABLE results_v2 RENAME TO results;
CREATE INDEX indicators_current ON indicators(project_id, removed_in, key);
)sql";

constexpr const char* kInsertCompiled =
    "INSERT INTO compiled_definitions(project_id, version, bytes) VALUES (?,?,?)";

// Stores the compiled form of one definition version with `ins` (kInsertCompiled).
void InsertCompiled(SQLite::Statement& ins, std::int64_t project_id, int version,
                    const std::string& bytes) {
  ins.reset();
  ins.bind(1, project_id);
  ins.bind(2, version);
  ins.bindNoCopy(3, bytes.data(), static_cast<int>(bytes.size()));
  ins.exec();
}

std::string NowUtc() {
  using namespace std::chrono;
  const auto now = system_clock::now();
  const std::time_t t = system_clock::to_time_t(now);
  const auto ms = duration_cast<milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms));
  return buf;
}

// The text a row's hash covers: every column but the hash, in a fixed order.
std::string Canonical(const AuditRow& r) {
  const char sep = '\x1f';
  std::string s = std::to_string(r.id);
  for (const std::string* f : {&r.at, &r.author, &r.project, &r.indicator, &r.field, &r.old_value,
                               &r.new_value, &r.reason, &r.source}) {
    s += sep;
    s += *f;
  }
  s += sep;
  s += r.after_submit ? "1" : "0";
  s += sep;
  s += r.prev_hash;
  return s;
}

AuditRow ReadAuditRow(SQLite::Statement& q) {
  AuditRow r;
  r.id = q.getColumn(0).getInt64();
  r.at = q.getColumn(1).getString();
  r.author = q.getColumn(2).getString();
  r.project = q.getColumn(3).getString();
  r.indicator = q.getColumn(4).getString();
  r.field = q.getColumn(5).getString();
  r.old_value = q.getColumn(6).getString();
  r.new_value = q.getColumn(7).getString();
  r.reason = q.getColumn(8).getString();
  r.source = q.getColumn(9).getString();
  r.after_submit = q.getColumn(10).getInt() != 0;
  r.prev_hash = q.getColumn(11).getString();
  r.hash = q.getColumn(12).getString();
  return r;
}

constexpr const char* kAuditColumns =
    "id, at, author, project, indicator, field, old_value, new_value, reason, source, "
    "after_submit, prev_hash, hash";

std::string NumberText(double x) { return FormatNumber(x, 6); }

bool Writable(const std::filesystem::path& p) { return ::access(p.c_str(), W_OK) == 0; }

// One write transaction's statements and audit chain. SQLiteCpp prepares a statement each time
// one is constructed; a bulk write (load, import) reuses one prepared statement per SQL text
// instead. The chain's head (next id, last hash) is read once and kept here; meta is updated
// once, by Flush, before the caller commits.
class Writer {
 public:
  explicit Writer(SQLite::Database& db) : db_(db) {}

  // The statement for `sql`, reset and with no bindings.
  SQLite::Statement& Prepared(const std::string& sql) { return PreparedIn(statements_, db_, sql); }

  void Audit(const StoredProjectRef& p, const std::string& indicator_key, const std::string& field,
             const std::string& old_value, const std::string& new_value, const ChangeContext& who,
             bool after_submit) {
    if (!head_read_) {
      next_id_ = db_.execAndGet("SELECT coalesce(max(id), 0) + 1 FROM audit").getInt64();
      head_ = db_.execAndGet("SELECT value FROM meta WHERE key = 'audit_head'").getString();
      head_read_ = true;
    }
    AuditRow r;
    r.id = next_id_;
    r.at = NowUtc();
    r.author = who.author;
    r.project = p.name;
    r.indicator = indicator_key;
    r.field = field;
    r.old_value = old_value;
    r.new_value = new_value;
    r.reason = who.reason;
    r.source = who.source;
    r.after_submit = after_submit;
    r.prev_hash = head_;
    r.hash = Sha256Hex(Canonical(r));
    SQLite::Statement& ins = Prepared(std::string("INSERT INTO audit(") + kAuditColumns +
                                      ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)");
    ins.bind(1, r.id);
    ins.bind(2, r.at);
    ins.bind(3, r.author);
    ins.bind(4, r.project);
    ins.bind(5, r.indicator);
    ins.bind(6, r.field);
    ins.bind(7, r.old_value);
    ins.bind(8, r.new_value);
    ins.bind(9, r.reason);
    ins.bind(10, r.source);
    ins.bind(11, r.after_submit ? 1 : 0);
    ins.bind(12, r.prev_hash);
    ins.bind(13, r.hash);
    ins.exec();
    head_ = r.hash;
    ++next_id_;
    dirty_ = true;
  }

  // Records the chain's head in meta (inside the caller's transaction).
  void Flush() {
    if (!dirty_) return;
    SQLite::Statement& head = Prepared("UPDATE meta SET value = ? WHERE key = 'audit_head'");
    head.bind(1, head_);
    head.exec();
    SQLite::Statement& rows = Prepared("UPDATE meta SET value = ? WHERE key = 'audit_rows'");
    rows.bind(1, std::to_string(next_id_ - 1));
    rows.exec();
    dirty_ = false;
  }

  // The current value of an indicator's result field, "" when none.
  std::string Result(std::int64_t indicator_id, const std::string& field) {
    SQLite::Statement& q =
        Prepared("SELECT value FROM results WHERE indicator_id = ? AND field = ?");
    q.bind(1, indicator_id);
    q.bind(2, field);
    std::string value = q.executeStep() ? q.getColumn(0).getString() : "";
    q.reset();
    return value;
  }

  // Sets one result field of an indicator, with its audit row.
  void SetResult(const StoredProjectRef& p, const StoredIndicatorRef& i, const std::string& field,
                 const std::string& value, const ChangeContext& who) {
    const std::string old = Result(i.id, field);
    if (old == value) return;
    SQLite::Statement& st =
        Prepared(value.empty() ? "DELETE FROM results WHERE indicator_id = ?1 AND field = ?2"
                               : "INSERT INTO results(indicator_id, field, value) "
                                 "VALUES (?1, ?2, ?3) ON CONFLICT(indicator_id, field) "
                                 "DO UPDATE SET value = excluded.value");
    st.bind(1, i.id);
    st.bind(2, field);
    if (!value.empty()) st.bind(3, value);
    st.exec();
    Audit(p, i.key, field, old, value, who, p.status == "submitted");
  }

  LoadOutcome LoadDefinition(const ProjectFile& pf, const std::string& yaml_text,
                             const Diagnostics& warnings, const ChangeContext& who, bool force);

 private:
  SQLite::Database& db_;
  std::map<std::string, std::unique_ptr<SQLite::Statement>> statements_;
  bool head_read_ = false;
  bool dirty_ = false;
  std::int64_t next_id_ = 1;
  std::string head_;
};

LoadOutcome Writer::LoadDefinition(const ProjectFile& pf, const std::string& yaml_text,
                                   const Diagnostics& warnings, const ChangeContext& who,
                                   bool force) {
  const Project& def = pf.project;
  LoadOutcome out;
  out.project = def.name;
  // Find or create the project.
  StoredProjectRef p;
  bool created = false;
  {
    SQLite::Statement& q = Prepared(
        "SELECT id, status, current_version FROM projects WHERE name = ? AND year = ? AND unit = "
        "?");
    q.bind(1, def.name);
    q.bind(2, def.year);
    q.bind(3, def.unit);
    if (q.executeStep()) {
      p.id = q.getColumn(0).getInt64();
      p.status = q.getColumn(1).getString();
      out.version = q.getColumn(2).getInt();
      q.reset();
    } else {
      q.reset();
      SQLite::Statement& ins =
          Prepared("INSERT INTO projects(name, year, unit, manager) VALUES (?,?,?,?)");
      ins.bind(1, def.name);
      ins.bind(2, def.year);
      ins.bind(3, def.unit);
      ins.bind(4, def.manager);
      ins.exec();
      p.id = db_.getLastInsertRowid();
      p.status = "draft";
      created = true;
    }
    p.name = def.name;
    p.year = def.year;
    p.unit = def.unit;
  }
  // The same text again: nothing to do.
  if (out.version > 0) {
    SQLite::Statement& q =
        Prepared("SELECT yaml FROM definitions WHERE project_id = ? AND version = ?");
    q.bind(1, p.id);
    q.bind(2, out.version);
    const bool same = q.executeStep() && q.getColumn(0).getString() == yaml_text;
    q.reset();
    if (same) return out;
  }
  const int version = out.version + 1;
  out.version = version;
  out.changed = true;
  {
    SQLite::Statement& ins = Prepared(
        "INSERT INTO definitions(project_id, version, yaml, source, loaded_at, "
        "loaded_by) VALUES (?,?,?,?,?,?)");
    ins.bind(1, p.id);
    ins.bind(2, version);
    ins.bind(3, yaml_text);
    ins.bind(4, who.source);
    ins.bind(5, NowUtc());
    ins.bind(6, who.author);
    ins.exec();
    InsertCompiled(Prepared(kInsertCompiled), p.id, version,
                   EncodeDefinition(def, pf.published, warnings, def.loc.file));
    SQLite::Statement& up =
        Prepared("UPDATE projects SET current_version = ?, manager = ? WHERE id = ?");
    up.bind(1, version);
    up.bind(2, def.manager);
    up.bind(3, p.id);
    up.exec();
  }
  Audit(p, "", "definition", version > 1 ? "v" + std::to_string(version - 1) : "",
        "v" + std::to_string(version), who, p.status == "submitted");

  // Indicators keep their identity (key) across versions.
  std::map<std::string, std::int64_t> ids;  // by key, from the upsert
  for (const Indicator& ind : def.indicators) {
    SQLite::Statement& up = Prepared(
        "INSERT INTO indicators(project_id, key, name, since_version) "
        "VALUES (?1, ?2, ?3, ?4) ON CONFLICT(project_id, key) "
        "DO UPDATE SET removed_in = NULL, name = excluded.name RETURNING id");
    up.bind(1, p.id);
    up.bind(2, ind.key);
    up.bind(3, ind.name);
    up.bind(4, version);
    if (up.executeStep()) ids[ind.key] = up.getColumn(0).getInt64();
    up.reset();
  }
  // A project created just now has no other indicator.
  if (!created) {
    SQLite::Statement& q = Prepared(
        "SELECT i.id, i.key, i.name, (SELECT count(*) FROM results r "
        "WHERE r.indicator_id = i.id) FROM indicators i "
        "WHERE i.project_id = ? AND i.removed_in IS NULL");
    q.bind(1, p.id);
    std::vector<std::pair<StoredIndicatorRef, int>> gone;
    while (q.executeStep()) {
      const std::string key = q.getColumn(1).getString();
      if (!ids.count(key)) {
        gone.push_back({{q.getColumn(0).getInt64(), key, q.getColumn(2).getString()},
                        q.getColumn(3).getInt()});
      }
    }
    q.reset();
    for (const auto& [ind, results] : gone) {
      if (results > 0 && !(force && !TrimText(who.reason).empty())) {
        throw Error("indicator-has-actuals",
                    "'" + def.name + "': indicator '" + ind.key +
                        "' has actual values and is not in the new definition: removing it "
                        "needs --force --reason TEXT; nothing was stored");
      }
      SQLite::Statement& rm = Prepared("UPDATE indicators SET removed_in = ? WHERE id = ?");
      rm.bind(1, version);
      rm.bind(2, ind.id);
      rm.exec();
      Audit(p, ind.key, "indicator", "present", "removed", who, p.status == "submitted");
      out.removed.push_back(ind.key);
    }
  }

  // Results in the file are entered where the store has none yet.
  for (const Indicator& ind : def.indicators) {
    const Actual* a = pf.results.Find(ind.key);
    if (!a) continue;
    const StoredIndicatorRef ref{ids.at(ind.key), ind.key, ind.name};
    if (!created) {
      SQLite::Statement& any = Prepared("SELECT count(*) FROM results WHERE indicator_id = ?");
      any.bind(1, ref.id);
      any.executeStep();
      const bool has = any.getColumn(0).getInt() > 0;
      any.reset();
      if (has) continue;
    }
    if (a->value) SetResult(p, ref, "actual", a->value->text, who);
    if (a->judgement != Judgement::kNone) {
      SetResult(p, ref, "judgement", JudgementName(a->judgement), who);
    }
    if (a->score) SetResult(p, ref, "score", NumberText(*a->score), who);
    if (!a->reason.empty()) SetResult(p, ref, "reason", a->reason, who);
    ++out.actuals_entered;
  }
  const auto set_project_field = [&](const std::string& field, const std::string& value) {
    if (value.empty()) return;
    if (!created) {
      SQLite::Statement& q =
          Prepared("SELECT count(*) FROM project_results WHERE project_id = ? AND field = ?");
      q.bind(1, p.id);
      q.bind(2, field);
      q.executeStep();
      const bool has = q.getColumn(0).getInt() > 0;
      q.reset();
      if (has) return;
    }
    SQLite::Statement& ins =
        Prepared("INSERT INTO project_results(project_id, field, value) VALUES (?,?,?)");
    ins.bind(1, p.id);
    ins.bind(2, field);
    ins.bind(3, value);
    ins.exec();
    Audit(p, "", field, "", value, who, p.status == "submitted");
  };
  if (pf.results.executed) set_project_field("executed", NumberText(*pf.results.executed));
  set_project_field("explanation", pf.results.execution_explanation);
  set_project_field("goal_achieved", pf.results.goal_achieved);
  if (pf.results.status == Status::kNotStarted) set_project_field("implementation", "not-started");
  for (const auto& [source, executed] : pf.results.source_executed) {
    set_project_field("executed:" + source, NumberText(executed));
  }
  return out;
}

}  // namespace

std::string Sha256Hex(const std::string& text) {
  unsigned char md[SHA256_DIGEST_LENGTH];
  const unsigned int len = SHA256_DIGEST_LENGTH;
  SHA256_CTX ctx;
  if (SHA256_Init(&ctx) != 1 || SHA256_Update(&ctx, text.data(), text.size()) != 1 ||
      SHA256_Final(md, &ctx) != 1) {
    throw Error("hash", "SHA-256 failed");
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < len; ++i) {
    out.push_back(kHex[md[i] >> 4]);
    out.push_back(kHex[md[i] & 15]);
  }
  return out;
}

SQLite::Statement& Store::Prepared(const std::string& sql) {
  return PreparedIn(cached_, *db_, sql);
}

Store::Store(std::filesystem::path path, std::unique_ptr<SQLite::Database> db)
    : path_(std::move(path)), db_(std::move(db)) {}

Store::~Store() = default;

std::unique_ptr<Store> Store::Open(const StoreOptions& options) {
  namespace fs = std::filesystem;
  const fs::path& path = options.path;
  const std::string name = path.string();
  std::error_code ec;
  const bool exists = fs::exists(path, ec);
  fs::path dir = path.parent_path();
  if (dir.empty()) dir = ".";
  if (!exists && !options.create) {
    throw StoreError("store-missing",
                     name + ": no such database (create it with `jixiao init --db " + name + "`)");
  }
  if (!fs::is_directory(dir, ec)) {
    throw StoreError("store-folder", name + ": folder " + dir.string() + " does not exist");
  }
  // WAL needs to create its -wal and -shm files beside the database.
  if (!Writable(dir) || (exists && !Writable(path))) {
    throw StoreError("store-readonly", name + ": " +
                                           (exists && !Writable(path) ? "the file" : "its folder") +
                                           " is not writable (jixiao writes a journal beside the "
                                           "database); nothing was changed");
  }
  if (exists && fs::is_directory(path, ec)) {
    throw StoreError("store-corrupt", name + " is a folder, not a database");
  }
  std::unique_ptr<SQLite::Database> db;
  try {
    db = std::make_unique<SQLite::Database>(
        name, SQLite::OPEN_READWRITE | (options.create ? SQLite::OPEN_CREATE : 0));
    db->setBusyTimeout(options.busy_timeout_ms);
    const int version = db->execAndGet("PRAGMA user_version").getInt();
    if (version > kSchemaVersion) {
      throw StoreError("store-newer", name + " was written by a newer jixiao (schema version " +
                                          std::to_string(version) + ", this jixiao knows " +
                                          std::to_string(kSchemaVersion) +
                                          "): upgrade jixiao; nothing was changed");
    }
    if (version == 0) {
      const int tables =
          db->execAndGet("SELECT count(*) FROM sqlite_master WHERE type = 'table'").getInt();
      if (tables > 0) {
        throw StoreError(
            "store-foreign",
            name + " is an SQLite database but not a jixiao store; nothing was changed");
      }
      if (!options.create) {
        throw StoreError("store-empty",
                         name + " is empty: create the store with `jixiao init --db " + name + "`");
      }
    }
    if (db->execAndGet("PRAGMA journal_mode").getString() != "wal") {
      db->execAndGet("PRAGMA journal_mode = WAL");
    }
    db->exec("PRAGMA synchronous = FULL");
    db->exec("PRAGMA foreign_keys = ON");
  } catch (const StoreError&) {
    throw;
  } catch (const SQLite::Exception& e) {
    const std::string what = e.what();
    if (what.find("not a database") != std::string::npos ||
        what.find("malformed") != std::string::npos) {
      throw StoreError("store-corrupt",
                       name + " is not a valid database (" + what + "); nothing was changed");
    }
    throw StoreError("store-open", name + ": " + what);
  }
  std::unique_ptr<Store> store(new Store(path, std::move(db)));
  store->Migrate();
  return store;
}

void Store::Migrate() {
  const int version = db_->execAndGet("PRAGMA user_version").getInt();
  if (version >= kSchemaVersion) return;
  SQLite::Transaction tx(*db_, SQLite::TransactionBehavior::IMMEDIATE);
  // Another process may have migrated while we waited for the lock.
  const int now = db_->execAndGet("PRAGMA user_version").getInt();
  if (now < 1) db_->exec(kSchemaV1);
  if (now < 2) {
    db_->exec(kSchemaV2);
    // Compile the current definition of every project stored by a version-1 jixiao. A text this
    // jixiao no longer loads stays uncompiled: ReadProject then reports its problems.
    std::vector<std::tuple<std::int64_t, int, std::string, std::string>> texts;
    {
      SQLite::Statement q(*db_,
                          "SELECT p.id, d.version, p.name, d.yaml FROM projects p JOIN "
                          "definitions d ON d.project_id = p.id AND d.version = p.current_version");
      while (q.executeStep()) {
        texts.emplace_back(q.getColumn(0).getInt64(), q.getColumn(1).getInt(),
                           q.getColumn(2).getString(), q.getColumn(3).getString());
      }
    }
    SQLite::Statement ins(*db_, kInsertCompiled);
    for (const auto& [id, version, name, yaml] : texts) {
      const std::string source = SourceName(name, version);
      const LoadResult r = LoadProjectText(yaml, source);
      if (!r.ok()) continue;
      InsertCompiled(ins, id, version,
                     EncodeDefinition(r.file->project, r.file->published, r.diagnostics, source));
    }
  }
  db_->exec("PRAGMA user_version = " + std::to_string(kSchemaVersion));
  tx.commit();
}

StoredProjectRef Store::CurrentStatus(const StoredProjectRef& p_in) {
  StoredProjectRef p = p_in;
  SQLite::Statement& q = Prepared("SELECT status FROM projects WHERE id = ?");
  const ResetAtExit done{q};
  q.bind(1, p.id);
  if (!q.executeStep()) throw UsageError("project '" + p.name + "' is gone");
  p.status = q.getColumn(0).getString();
  return p;
}

void Store::RequireAuthor(const ChangeContext& who) {
  if (TrimText(who.author).empty()) {
    throw UsageError("who is entering this? give --by NAME (it goes into the audit trail)");
  }
}

void Store::AppendAudit(const StoredProjectRef& p, const std::string& indicator_key,
                        const std::string& field, const std::string& old_value,
                        const std::string& new_value, const ChangeContext& who, bool after_submit) {
  Writer w(*db_);
  w.Audit(p, indicator_key, field, old_value, new_value, who, after_submit);
  w.Flush();
}

std::string Store::CurrentActual(std::int64_t indicator_id, const std::string& field) {
  return Writer(*db_).Result(indicator_id, field);
}

// Sets one result field of an indicator (inside the caller's transaction), with its audit row.
void Store::SetResultField(const StoredProjectRef& p, const StoredIndicatorRef& i,
                           const std::string& field, const std::string& value,
                           const ChangeContext& who) {
  Writer w(*db_);
  w.SetResult(p, i, field, value, who);
  w.Flush();
}

std::vector<LoadOutcome> Store::LoadDefinitions(const std::vector<Definition>& defs,
                                                const ChangeContext& who, bool force) {
  // SQLite's default page cache (2 MB) thrashes on a province's load (6 million rows over six
  // tables and their indexes in one transaction): 64 MB for the load, allocated only as used.
  // Reading keeps the default: a scan of the whole store then recycles 2 MB instead of touching
  // fresh memory for every page it reads.
  struct CacheForLoad {
    SQLite::Database& db;
    explicit CacheForLoad(SQLite::Database& d) : db(d) { db.exec("PRAGMA cache_size = -65536"); }
    ~CacheForLoad() {
      try {
        db.exec("PRAGMA cache_size = -2000");
      } catch (...) {
      }
    }
  } cache(*db_);
  SQLite::Transaction tx(*db_, SQLite::TransactionBehavior::IMMEDIATE);
  std::vector<LoadOutcome> out;
  {
    Writer w(*db_);
    for (const Definition& d : defs) {
      ChangeContext c = who;
      c.source = d.source;
      out.push_back(
          w.LoadDefinition(*d.file, d.yaml, d.warnings ? *d.warnings : Diagnostics{}, c, force));
    }
    w.Flush();
  }
  tx.commit();
  return out;
}

std::vector<StoredProjectRef> Store::Projects() {
  std::vector<StoredProjectRef> out;
  SQLite::Statement q(*db_, "SELECT id, name, year, unit, status FROM projects ORDER BY id");
  while (q.executeStep()) {
    out.push_back({q.getColumn(0).getInt64(), q.getColumn(1).getString(), q.getColumn(2).getInt(),
                   q.getColumn(3).getString(), q.getColumn(4).getString()});
  }
  return out;
}

namespace {

// Resolves a user's reference among candidates: id, exact name, then unique prefix.
template <typename T, typename Name>
T ResolveAmong(const std::vector<T>& all, const std::string& query, Name name_of,
               const std::string& what) {
  const std::string q = TrimText(query);
  for (const auto& c : all)
    if (std::to_string(c.id) == q) return c;
  std::vector<T> exact, prefix;
  for (const auto& c : all) {
    for (const std::string& n : name_of(c)) {
      if (n == q) {
        exact.push_back(c);
        break;
      }
      if (n.rfind(q, 0) == 0) {
        prefix.push_back(c);
        break;
      }
    }
  }
  const std::vector<T>& found = !exact.empty() ? exact : prefix;
  if (found.size() == 1) return found.front();
  if (found.empty()) throw UsageError("no " + what + " '" + q + "'");
  std::string list;
  for (const auto& c : found) list += "\n  " + std::to_string(c.id) + "  " + name_of(c).front();
  throw UsageError(what + " '" + q + "' is ambiguous; candidates:" + list);
}

}  // namespace

StoredProjectRef Store::ResolveProject(const std::string& query) {
  // The only projects ResolveAmong can choose are the one whose id is the query and those whose
  // name starts with it (exact names included): read just those, through the indexes, instead of
  // every project of the store. Names are valid UTF-8, which never holds the byte 0xFF, so every
  // name with the prefix q sorts (bytewise) in [q, q + "\xFF").
  const std::string q = TrimText(query);
  std::int64_t id = -1;
  if (!q.empty() && q.size() <= 18 && (q.size() == 1 || q[0] != '0') &&
      std::all_of(q.begin(), q.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    id = std::stoll(q);
  }
  std::vector<StoredProjectRef> candidates;
  SQLite::Statement& s = Prepared(
      "SELECT id, name, year, unit, status FROM projects "
      "WHERE id = ?1 OR (name >= ?2 AND name < ?3) ORDER BY id");
  const ResetAtExit done{s};
  s.bind(1, id);
  s.bind(2, q);
  s.bind(3, q + "\xFF");
  while (s.executeStep()) {
    candidates.push_back({s.getColumn(0).getInt64(), s.getColumn(1).getString(),
                          s.getColumn(2).getInt(), s.getColumn(3).getString(),
                          s.getColumn(4).getString()});
  }
  return ResolveAmong(
      candidates, query, [](const StoredProjectRef& p) { return std::vector<std::string>{p.name}; },
      "project");
}

StoredIndicatorRef Store::ResolveIndicator(const StoredProjectRef& project,
                                           const std::string& query) {
  return ResolveIndicator(project, Indicators(project), query);
}

std::vector<StoredIndicatorRef> Store::Indicators(const StoredProjectRef& project) {
  std::vector<StoredIndicatorRef> all;
  SQLite::Statement& q = Prepared(
      "SELECT id, key, name FROM indicators WHERE project_id = ? AND removed_in IS NULL ORDER BY "
      "id");
  const ResetAtExit done{q};
  q.bind(1, project.id);
  while (q.executeStep()) {
    all.push_back(
        {q.getColumn(0).getInt64(), q.getColumn(1).getString(), q.getColumn(2).getString()});
  }
  return all;
}

StoredIndicatorRef Store::ResolveIndicator(const StoredProjectRef& project,
                                           const std::vector<StoredIndicatorRef>& all,
                                           const std::string& query) {
  return ResolveAmong(
      all, query,
      [](const StoredIndicatorRef& i) {
        return std::vector<std::string>{i.name, i.key};
      },
      "indicator of '" + project.name + "'");
}

void Store::CheckValue(const Project& def, const StoredIndicatorRef& i, const std::string& value) {
  ParseResult r = ParseValue(value);
  if (!r.value)
    throw Error("bad-value", r.error + " in actual '" + Excerpt(value) + "' of '" + i.name + "'");
  const Indicator* ind = def.Find(i.key);
  if (!ind || !ind->target.is_quantity() || !r.value->is_quantity()) return;
  const Conversion c = Convert(r.value->unit, ind->target.unit);
  if (!c.ok) {
    throw Error("unit-mismatch", "actual '" + Excerpt(value) +
                                     "' cannot be compared with target '" + ind->target.text +
                                     "' of '" + i.name + "': " + c.error);
  }
}

void Store::SetActual(const StoredProjectRef& p, const StoredIndicatorRef& i,
                      const std::string& value, const ChangeContext& who) {
  SetMany({Entry{p, i, value, ""}}, who);
}

void Store::SetDeviation(const StoredProjectRef& p, const StoredIndicatorRef& i,
                         const std::string& text, const ChangeContext& who) {
  if (TrimText(text).empty()) throw UsageError("the deviation reason is empty");
  SetMany({Entry{p, i, "", text}}, who);
}

void Store::SetMany(const std::vector<Entry>& entries, const ChangeContext& who) {
  RequireAuthor(who);
  SQLite::Transaction tx(*db_, SQLite::TransactionBehavior::IMMEDIATE);
  Writer w(*db_);
  std::map<std::int64_t, std::string> status;   // re-read inside the transaction
  std::map<std::int64_t, Project> definitions;  // each project's definition, read once
  for (const Entry& e : entries) {
    if (!status.count(e.project.id)) {
      status[e.project.id] = CurrentStatus(e.project).status;
    }
    StoredProjectRef p = e.project;
    p.status = status[p.id];
    if (p.status == "submitted" && TrimText(who.reason).empty()) {
      throw Error("submitted", "'" + p.name +
                                   "' is submitted (已提交): a change now needs --reason TEXT, and "
                                   "is marked for auditors");
    }
    if (!e.value.empty()) {
      if (!definitions.count(p.id)) definitions[p.id] = ReadDefinition(p);
      CheckValue(definitions[p.id], e.indicator, e.value);
      w.SetResult(p, e.indicator, "actual", TrimText(e.value), who);
    }
    if (!e.reason.empty()) w.SetResult(p, e.indicator, "reason", TrimText(e.reason), who);
  }
  w.Flush();
  tx.commit();
}

void Store::SetBudget(const StoredProjectRef& p_in, std::optional<double> executed,
                      std::optional<double> adjusted, const ChangeContext& who) {
  RequireAuthor(who);
  if (!executed && !adjusted) throw UsageError("give --executed N and/or --adjusted N (万元)");
  for (auto v : {executed, adjusted}) {
    if (v && (!std::isfinite(*v) || *v < 0 || *v > 1e12)) {
      throw UsageError("a budget figure must be a number from 0 to 1e12 (万元)");
    }
  }
  SQLite::Transaction tx(*db_, SQLite::TransactionBehavior::IMMEDIATE);
  const StoredProjectRef p = CurrentStatus(p_in);
  if (p.status == "submitted" && TrimText(who.reason).empty()) {
    throw Error("submitted",
                "'" + p.name + "' is submitted (已提交): a change now needs --reason TEXT");
  }
  const auto set = [&](const std::string& field, double v) {
    SQLite::Statement q(*db_,
                        "SELECT value FROM project_results WHERE project_id = ? AND field = ?");
    q.bind(1, p.id);
    q.bind(2, field);
    const std::string old = q.executeStep() ? q.getColumn(0).getString() : "";
    const std::string now = NumberText(v);
    if (old == now) return;
    SQLite::Statement up(*db_,
                         "INSERT INTO project_results(project_id, field, value) VALUES (?1,?2,?3) "
                         "ON CONFLICT(project_id, field) DO UPDATE SET value = excluded.value");
    up.bind(1, p.id);
    up.bind(2, field);
    up.bind(3, now);
    up.exec();
    AppendAudit(p, "", field, old, now, who, p.status == "submitted");
  };
  if (executed) set("executed", *executed);
  if (adjusted) set("adjusted", *adjusted);
  tx.commit();
}

void Store::Submit(const StoredProjectRef& p_in, const ChangeContext& who) {
  RequireAuthor(who);
  SQLite::Transaction tx(*db_, SQLite::TransactionBehavior::IMMEDIATE);
  const StoredProjectRef p = CurrentStatus(p_in);
  if (p.status == "submitted") throw UsageError("'" + p.name + "' is already submitted (已提交)");
  SQLite::Statement up(*db_, "UPDATE projects SET status = 'submitted' WHERE id = ?");
  up.bind(1, p.id);
  up.exec();
  AppendAudit(p, "", "status", "draft", "submitted", who, false);
  tx.commit();
}

namespace {

// One stored project-level result field, into `results` (the adjusted budget into `project`).
void ApplyProjectResult(const std::string& field, const std::string& value, const SourceLoc& here,
                        Results& results, Project& project) {
  std::string err;
  if (field == "executed") {
    results.executed = ParsePlainNumber(value, &err);
    results.executed_loc = here;
  } else if (field == "adjusted") {
    if (auto a = ParsePlainNumber(value, &err)) project.budget.annual = *a;
  } else if (field == "explanation") {
    results.execution_explanation = value;
  } else if (field == "goal_achieved") {
    results.goal_achieved = value;
  } else if (field == "implementation") {
    results.status = value == "not-started" ? Status::kNotStarted : Status::kImplemented;
  } else if (field.rfind("executed:", 0) == 0) {
    if (auto a = ParsePlainNumber(value, &err)) results.source_executed[field.substr(9)] = *a;
  }
}

// Stored actual values, parsed. ParseValue is pure, and most values of a store repeat (100%,
// 达成, 95%): a pass over the whole store parses each distinct text once.
class ActualValues {
 public:
  const std::optional<Value>& Get(const std::string& text) {
    const auto it = parsed_.find(text);
    if (it != parsed_.end()) return it->second;
    if (parsed_.size() >= kMaxEntries) parsed_.clear();
    ParseResult v = ParseValue(text);
    if (v.value && v.value->is_quantity()) v.value->op = Operator::kNone;
    return parsed_.emplace(text, std::move(v.value)).first->second;
  }

 private:
  static constexpr std::size_t kMaxEntries = 1 << 16;
  std::unordered_map<std::string, std::optional<Value>> parsed_;
};

// One stored result field of an indicator, into `results`.
void ApplyIndicatorResult(const std::string& key, const std::string& field,
                          const std::string& value, const std::string& source, ActualValues& values,
                          Results& results) {
  Actual& a = results.actuals[key];
  if (a.loc.file.empty()) a.loc = SourceLoc{source + " / " + key, 0, 0};
  if (field == "actual") {
    if (const std::optional<Value>& v = values.Get(value)) a.value = v;
  } else if (field == "judgement") {
    if (auto j = ParseJudgement(value)) a.judgement = *j;
  } else if (field == "score") {
    std::string err;
    a.score = ParsePlainNumber(value, &err);
  } else if (field == "reason") {
    a.reason = value;
  }
}

// A BLOB column's bytes; nullopt when NULL (no compiled form stored).
std::optional<std::string_view> Blob(const SQLite::Column& c) {
  if (c.isNull()) return std::nullopt;
  return std::string_view(static_cast<const char*>(c.getBlob()), c.getBytes());
}

// A definition read back, into what ReadProject and ForEachProject hand over.
void TakeDefinition(CompiledDefinition&& def, Store::Loaded& out) {
  out.warnings = std::move(def.warnings);
  out.file.project = std::move(def.project);
  out.file.published = std::move(def.published);
}

}  // namespace

std::string Store::SourceName(const std::string& project, int version) const {
  return path_.string() + ": " + project + " v" + std::to_string(version);
}

CompiledDefinition Store::Compiled(std::int64_t project_id, const std::string& project, int version,
                                   std::optional<std::string_view> bytes) {
  const std::string source = SourceName(project, version);
  if (bytes) {
    try {
      return DecodeDefinition(*bytes, source);
    } catch (const CodecError&) {
      // Written by another jixiao: the text below is the record.
    }
  }
  SQLite::Statement q(*db_, "SELECT yaml FROM definitions WHERE project_id = ? AND version = ?");
  q.bind(1, project_id);
  q.bind(2, version);
  if (!q.executeStep()) throw UsageError("project '" + project + "' has no definition stored");
  LoadResult r = LoadProjectText(q.getColumn(0).getString(), source);
  if (!r.ok()) throw InputError(r.diagnostics);
  return CompiledDefinition{std::move(r.file->project), std::move(r.file->published),
                            std::move(r.diagnostics)};
}

CompiledDefinition Store::CurrentDefinition(const StoredProjectRef& p, Reading reading,
                                            int& version) {
  SQLite::Statement& q = Prepared(
      "SELECT p.current_version, c.bytes FROM projects p LEFT JOIN compiled_definitions c ON "
      "c.project_id = p.id AND c.version = p.current_version WHERE p.id = ?");
  const ResetAtExit done{q};
  q.bind(1, p.id);
  if (!q.executeStep() || q.getColumn(0).getInt() == 0) {
    throw UsageError("project '" + p.name + "' has no definition stored");
  }
  version = q.getColumn(0).getInt();
  return Compiled(p.id, p.name, version,
                  reading == Reading::kCompiled ? Blob(q.getColumn(1)) : std::nullopt);
}

Project Store::ReadDefinition(const StoredProjectRef& p) {
  int version = 0;
  return CurrentDefinition(p, Reading::kCompiled, version).project;
}

Store::Loaded Store::ReadProject(const StoredProjectRef& p, Reading reading) {
  int version = 0;
  Loaded out;
  TakeDefinition(CurrentDefinition(p, reading, version), out);
  out.source = SourceName(p.name, version);
  // Results come from the store only, never from the stored definition text.
  SQLite::Statement pr(*db_, "SELECT field, value FROM project_results WHERE project_id = ?");
  pr.bind(1, p.id);
  const SourceLoc here{out.source, 0, 0};
  while (pr.executeStep()) {
    ApplyProjectResult(pr.getColumn(0).getString(), pr.getColumn(1).getString(), here,
                       out.file.results, out.file.project);
  }
  SQLite::Statement ar(*db_,
                       "SELECT i.key, r.field, r.value FROM results r JOIN indicators i ON "
                       "i.id = r.indicator_id WHERE i.project_id = ? AND i.removed_in IS NULL");
  ar.bind(1, p.id);
  ActualValues values;
  while (ar.executeStep()) {
    ApplyIndicatorResult(ar.getColumn(0).getString(), ar.getColumn(1).getString(),
                         ar.getColumn(2).getString(), out.source, values, out.file.results);
  }
  return out;
}

void Store::ForEachProject(const EachProject& each) {
  SQLite::Statement q(*db_,
                      "SELECT p.id, p.name, p.year, p.unit, p.status, p.current_version, c.bytes "
                      "FROM projects p LEFT JOIN compiled_definitions c ON c.project_id = p.id "
                      "AND c.version = p.current_version ORDER BY p.id");
  SQLite::Statement pr(*db_,
                       "SELECT project_id, field, value FROM project_results ORDER BY project_id");
  SQLite::Statement ar(*db_,
                       "SELECT i.project_id, i.key, r.field, r.value FROM indicators i JOIN "
                       "results r ON r.indicator_id = i.id WHERE i.removed_in IS NULL ORDER BY "
                       "i.project_id");
  // The result cursors run ahead of the project cursor; rows of a project id that has no
  // project row (none: foreign keys) would be skipped.
  bool pr_row = pr.executeStep(), ar_row = ar.executeStep();
  ActualValues values;
  while (q.executeStep()) {
    StoredProjectRef ref{q.getColumn(0).getInt64(), q.getColumn(1).getString(),
                         q.getColumn(2).getInt(), q.getColumn(3).getString(),
                         q.getColumn(4).getString()};
    const int version = q.getColumn(5).getInt();
    Loaded loaded;
    loaded.source = SourceName(ref.name, version);
    Diagnostics errors;
    try {
      if (version == 0) throw UsageError("project '" + ref.name + "' has no definition stored");
      TakeDefinition(Compiled(ref.id, ref.name, version, Blob(q.getColumn(6))), loaded);
    } catch (const InputError& e) {
      errors = e.diagnostics();
    } catch (const UsageError& e) {
      errors.push_back(
          Diagnostic{Severity::kError, "no-definition", SourceLoc{path_.string(), 0, 0}, e.what()});
    }
    const SourceLoc here{loaded.source, 0, 0};
    for (; pr_row && pr.getColumn(0).getInt64() <= ref.id; pr_row = pr.executeStep()) {
      if (pr.getColumn(0).getInt64() < ref.id) continue;
      ApplyProjectResult(pr.getColumn(1).getString(), pr.getColumn(2).getString(), here,
                         loaded.file.results, loaded.file.project);
    }
    for (; ar_row && ar.getColumn(0).getInt64() <= ref.id; ar_row = ar.executeStep()) {
      if (ar.getColumn(0).getInt64() < ref.id) continue;
      ApplyIndicatorResult(ar.getColumn(1).getString(), ar.getColumn(2).getString(),
                           ar.getColumn(3).getString(), loaded.source, values, loaded.file.results);
    }
    each(ref, std::move(loaded), errors);
  }
}

std::vector<AuditRow> Store::History(const StoredProjectRef& p,
                                     const std::optional<StoredIndicatorRef>& i) {
  std::vector<AuditRow> out;
  SQLite::Statement q(*db_, std::string("SELECT ") + kAuditColumns +
                                " FROM audit WHERE project = ?1 AND (?2 IS NULL OR indicator = "
                                "?2) ORDER BY id");
  q.bind(1, p.name);
  if (i) {
    q.bind(2, i->key);
  } else {
    q.bind(2);
  }
  while (q.executeStep()) out.push_back(ReadAuditRow(q));
  return out;
}

std::string Store::IntegrityCheck() {
  SQLite::Statement q(*db_, "PRAGMA integrity_check");
  std::string out;
  while (q.executeStep()) out += (out.empty() ? "" : "; ") + q.getColumn(0).getString();
  return out;
}

VerifyResult Store::Verify() {
  VerifyResult v;
  SQLite::Statement q(*db_, std::string("SELECT ") + kAuditColumns + " FROM audit ORDER BY id");
  std::string prev = kZeroHash;
  std::int64_t expected_id = 1;
  while (q.executeStep()) {
    const AuditRow r = ReadAuditRow(q);
    ++v.rows;
    if (r.id != expected_id) {
      v.ok = false;
      v.problem = r.id > expected_id ? "audit rows " + std::to_string(expected_id) + "–" +
                                           std::to_string(r.id - 1) + " were removed"
                                     : "audit row " + std::to_string(r.id) + " is out of order";
      return v;
    }
    if (r.prev_hash != prev) {
      v.ok = false;
      v.problem = "audit row " + std::to_string(r.id) +
                  " does not follow the row before it (its prev_hash differs): a row was "
                  "altered, inserted or removed before it";
      return v;
    }
    if (Sha256Hex(Canonical(r)) != r.hash) {
      v.ok = false;
      v.problem = "audit row " + std::to_string(r.id) + " (" + r.at + ", " + r.author + ", " +
                  r.project + (r.indicator.empty() ? "" : " / " + r.indicator) + ", " + r.field +
                  ") was altered: its content does not match its hash";
      return v;
    }
    prev = r.hash;
    ++expected_id;
  }
  v.head = prev;
  const std::string rows =
      db_->execAndGet("SELECT value FROM meta WHERE key = 'audit_rows'").getString();
  const std::string head =
      db_->execAndGet("SELECT value FROM meta WHERE key = 'audit_head'").getString();
  if (rows != std::to_string(v.rows) || head != prev) {
    std::string err;
    const auto recorded = ParsePlainNumber(rows, &err);
    v.ok = false;
    v.problem = "the audit trail has " + std::to_string(v.rows) + " rows but the store recorded " +
                rows + " (head " + head.substr(0, 12) + "…): rows were " +
                (recorded && *recorded > v.rows ? "removed from the end" : "added out of band");
  }
  return v;
}

}  // namespace jixiao
