// The SQLite backend's connection: opening (and refusing) a file, transactions, statements, and
// the lookups of projects and indicators.
#include "engine/store/sqlite_store.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <functional>
#include <thread>

#include "engine/store/sql.h"
#include "indicators/i18n.h"
#include "indicators/match.h"
#include "indicators/value.h"

namespace jixiao {

sql::Statement& PreparedIn(StatementCache& kept, sql::Connection& db, const std::string& sql) {
  std::unique_ptr<sql::Statement>& s = kept[sql];
  if (!s) {
    s = std::make_unique<sql::Statement>(db, sql);
  } else {
    s->reset();
    s->clearBindings();
  }
  return *s;
}

ResetAtExit::~ResetAtExit() {
  try {
    statement.reset();
  } catch (...) {
  }
}

StoreError LockedError(const std::string& name, int busy_timeout_ms) {
  char waited[32];
  std::snprintf(waited, sizeof waited, "%g", busy_timeout_ms / 1000.0);
  return StoreError("store-locked",
                    TrF("{}: another process is writing to this store (waited {} s for it); "
                        "nothing was changed. Try again when it has finished, or give "
                        "--busy-timeout SECONDS to wait longer",
                        name, waited));
}

WriteTransaction::WriteTransaction(sql::Connection& db, const std::string& name,
                                   int busy_timeout_ms)
    : name_(name), busy_timeout_ms_(busy_timeout_ms) {
  try {
    tx_.emplace(db, true);
  } catch (const sql::Error& e) {
    if (e.busy()) throw LockedError(name_, busy_timeout_ms_);
    throw;
  }
}

void WriteTransaction::Commit() {
  try {
    tx_->commit();
  } catch (const sql::Error& e) {
    if (e.busy()) throw LockedError(name_, busy_timeout_ms_);
    throw;
  }
}

void RunWrite(sql::Connection& db, const std::string& name, int busy_timeout_ms,
              const std::function<void()>& body, int attempts) {
  for (int attempt = 1;; ++attempt) {
    try {
      WriteTransaction tx(db, name, busy_timeout_ms);
      body();
      tx.Commit();
      return;
    } catch (const sql::Error& e) {
      if (!e.retry()) throw;
      if (attempt >= attempts) {
        throw StoreError("store-retry",
                         TrF("{}: the database aborted this write {} time(s) to let other writes "
                             "go on ({}); nothing was changed. Try again",
                             name, attempt, e.what()));
      }
    }
    // Rolled back (the transaction's destructor): a short pause, growing, before the next run.
    std::this_thread::sleep_for(std::chrono::milliseconds(5 << attempt));
  }
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

std::string NumberText(double x) { return FormatNumber(x, 6); }

std::optional<std::string_view> Blob(const sql::Column& c) {
  if (c.isNull()) return std::nullopt;
  return c.getBlob();
}

std::string TextOr(const sql::Column& c, const char* otherwise) {
  return c.isNull() ? std::string(otherwise) : c.getString();
}

namespace {

bool Writable(const std::filesystem::path& p) { return ::access(p.c_str(), W_OK) == 0; }

// Refuses a path that cannot hold a store, before SQLite touches it.
void CheckPath(const StoreOptions& options, bool exists) {
  namespace fs = std::filesystem;
  const fs::path& path = options.path;
  const std::string name = path.string();
  std::error_code ec;
  fs::path dir = path.parent_path();
  if (dir.empty()) dir = ".";
  if (!exists && !options.create) {
    throw StoreError("store-missing",
                     TrF("{0}: no such database (create it with `jixiao init --db {0}`)", name));
  }
  if (!fs::is_directory(dir, ec)) {
    throw StoreError("store-folder", TrF("{}: folder {} does not exist", name, dir.string()));
  }
  // WAL needs to create its -wal and -shm files beside the database.
  if (!Writable(dir) || (exists && !Writable(path))) {
    throw StoreError("store-readonly",
                     exists && !Writable(path)
                         ? TrF("{}: the file is not writable (jixiao writes a journal beside the "
                               "database); nothing was changed",
                               name)
                         : TrF("{}: its folder is not writable (jixiao writes a journal beside "
                               "the database); nothing was changed",
                               name));
  }
  if (exists && fs::is_directory(path, ec)) {
    throw StoreError("store-corrupt", TrF("{} is a folder, not a database", name));
  }
}

// Refuses a database that is not a store this jixiao can use: newer, foreign, or empty when not
// creating. `engine` names the kind of database in the foreign message.
void CheckSchema(sql::Connection& db, const StoreOptions& options, const std::string& name) {
  const int version = SchemaVersion(db);
  if (version > Store::kSchemaVersion) {
    throw StoreError("store-newer",
                     TrF("{} was written by a newer jixiao (schema version {}, this jixiao knows "
                         "{}): upgrade jixiao; nothing was changed",
                         name, version, Store::kSchemaVersion));
  }
  if (version != 0) return;
  if (TableCount(db) > 0) {
    throw StoreError(
        "store-foreign",
        db.dialect() == sql::Dialect::kPostgres
            ? TrF("{} is a PostgreSQL database with tables of its own, not a jixiao store; "
                  "nothing was changed. Give an empty database",
                  name)
            : TrF("{} is an SQLite database but not a jixiao store; nothing was changed", name));
  }
  if (!options.create) {
    throw StoreError("store-empty",
                     TrF("{0} is empty: create the store with `jixiao init --db {0}`", name));
  }
}

// Opens the file and refuses what is not a store this jixiao can use.
std::unique_ptr<sql::Connection> OpenDatabase(const StoreOptions& options) {
  const std::string name = options.path.string();
  std::unique_ptr<sql::Connection> db =
      sql::OpenSqlite(options.path, options.create, options.busy_timeout_ms);
  CheckSchema(*db, options, name);
  if (db->execAndGet("PRAGMA journal_mode").getString() != "wal") {
    db->execAndGet("PRAGMA journal_mode = WAL");
  }
  db->exec("PRAGMA synchronous = FULL");
  db->exec("PRAGMA foreign_keys = ON");
  return db;
}

std::unique_ptr<sql::Connection> OpenSqliteStore(const StoreOptions& options) {
  const std::string name = options.path.string();
  std::error_code ec;
  CheckPath(options, std::filesystem::exists(options.path, ec));
  try {
    return OpenDatabase(options);
  } catch (const StoreError&) {
    throw;
  } catch (const sql::Error& e) {
    const std::string what = e.what();
    if (e.busy()) throw LockedError(name, options.busy_timeout_ms);
    if (what.find("not a database") != std::string::npos ||
        what.find("malformed") != std::string::npos) {
      throw StoreError("store-corrupt",
                       TrF("{} is not a valid database ({}); nothing was changed", name, what));
    }
    throw StoreError("store-open", name + ": " + what);
  }
}

// Connects to a PostgreSQL database (`name`: its URL without the password) and refuses what is
// not a store this jixiao can use. The database itself must exist: creating one is its
// administrator's job, with the owner and the rights they choose.
std::unique_ptr<sql::Connection> OpenPostgresStore(const StoreOptions& options,
                                                   const std::string& name) {
  try {
    std::unique_ptr<sql::Connection> db =
        sql::OpenPostgres(options.path.string(), options.busy_timeout_ms);
    CheckSchema(*db, options, name);
    return db;
  } catch (const StoreError&) {
    throw;
  } catch (const sql::Error& e) {
    const std::string what = e.what();
    if (e.busy()) throw LockedError(name, options.busy_timeout_ms);
    if (e.connect() && what.find("does not exist") != std::string::npos &&
        what.find("database") != std::string::npos) {
      throw StoreError("store-missing",
                       TrF("{0}: no such database on the server ({1}). Creating the database is "
                           "its administrator's job (createdb NAME, or CREATE DATABASE); then "
                           "create the store in it with `jixiao init --db {0}`",
                           name, what));
    }
    if (e.connect()) {
      throw StoreError("store-connect",
                       TrF("{}: cannot connect to PostgreSQL ({}); check the URL, that the "
                           "server runs, and that it accepts this user",
                           name, what));
    }
    throw StoreError("store-open", name + ": " + what);
  }
}

}  // namespace

std::unique_ptr<Store> Store::Open(const StoreOptions& options) {
  return SqliteStore::Open(options);
}

std::unique_ptr<SqliteStore> SqliteStore::Open(const StoreOptions& options_in) {
  StoreOptions options = options_in;
  std::unique_ptr<sql::Connection> db;
  if (sql::IsPostgresUrl(options.path.string())) {
    // From here on the store is named by its URL without the password (messages, reports).
    const std::string name = sql::RedactUrl(options.path.string());
    db = OpenPostgresStore(options, name);
    options.path = name;
  } else {
    db = OpenSqliteStore(options);
  }
  const bool fresh = SchemaVersion(*db) == 0;
  auto store = std::make_unique<SqliteStore>(options, std::move(db));
  store->location_ = options_in.path.string();
  store->Migrate();
  store->created_ = fresh;
  // A store created under a key is keyed from its first row.
  if (options.create && options.key) store->MakeKeyed();
  return store;
}

SqliteStore::SqliteStore(const StoreOptions& options, std::unique_ptr<sql::Connection> db)
    : options_(options), db_(std::move(db)) {}

SqliteStore::~SqliteStore() = default;

void SqliteStore::Migrate() {
  if (SchemaVersion(*db_) >= kSchemaVersion) return;
  Write([&] {
    // Another process may have migrated while we waited for the lock.
    const int now = SchemaVersion(*db_);
    if (now < kSchemaVersion) MigrateSchema(*db_, now);
  });
}

void SqliteStore::MakeKeyed() {
  Write([&] {
    Writer w(*db_, options_.key);
    w.MakeKeyed(ChangeContext{"jixiao init", "", "init"});
    w.Flush();
  });
}

std::string SqliteStore::IntegrityCheck() {
  if (db_->dialect() == sql::Dialect::kPostgres) {
    VerifyResult v;
    VerifyTriggers(v);
    return PostgresIntegrityCheck(*db_, v.protection);
  }
  sql::Statement q(*db_, "PRAGMA integrity_check");
  std::string out;
  while (q.executeStep()) out += (out.empty() ? "" : "; ") + q.getColumn(0).getString();
  return out;
}

std::string SqliteStore::SourceName(const std::string& project, int version) const {
  return DefinitionVersionName(project, version);
}

StoredProjectRef SqliteStore::CurrentStatus(const StoredProjectRef& p_in) {
  StoredProjectRef p = p_in;
  sql::Statement& q = Prepared("SELECT status FROM projects WHERE id = ?");
  const ResetAtExit done{q};
  q.bind(1, p.id);
  if (!q.executeStep()) throw UsageError(TrF("project '{}' is gone", p.name));
  p.status = ParseProjectStatus(q.getColumn(0).getString()).value_or(ProjectStatus::kDraft);
  return p;
}

namespace {

StoredProjectRef ReadProjectRef(sql::Statement& q) {
  return {q.getColumn(0).getInt64(), q.getColumn(1).getString(), q.getColumn(2).getInt(),
          q.getColumn(3).getString(),
          ParseProjectStatus(q.getColumn(4).getString()).value_or(ProjectStatus::kDraft)};
}

// What ResolveAmong says, as whole sentences: {0} the reference, {1} the list (ambiguous: the
// candidates; unknown: the nearest names).
struct ResolveTexts {
  std::function<std::string(const std::string&)> ambiguous;
  std::function<std::string(const std::string&)> unknown;
  std::function<std::string(const std::string&, const std::string&)> unknown_near;
};

// Resolves a user's reference among candidates: id, then MatchName (exact name, unique
// substring); an ambiguous one lists the candidates, an unknown one the nearest names.
template <typename T, typename Name>
T ResolveAmong(const std::vector<T>& all, const std::string& query, Name name_of,
               const ResolveTexts& say) {
  const std::string q = TrimText(query);
  for (const auto& c : all)
    if (std::to_string(c.id) == q) return c;
  std::vector<std::vector<std::string>> names;
  names.reserve(all.size());
  for (const auto& c : all) names.push_back(name_of(c));
  const NameMatch m = MatchName(names, q);
  if (m.kind == NameMatch::Kind::kFound) return all[m.matches.front()];
  std::string list;
  if (m.kind == NameMatch::Kind::kAmbiguous) {
    for (std::size_t i : m.matches)
      list += "\n  " + std::to_string(all[i].id) + "  " + names[i].front();
    throw UsageError(say.ambiguous(q) + list);
  }
  // One line: the message may become a diagnostic of an imported sheet's row.
  for (std::size_t k = 0; k < m.suggestions.size(); ++k) {
    const std::size_t i = m.suggestions[k];
    list += (k == 0 ? std::string() : std::string(Tr(" or "))) +
            TrF("'{}' (id {})", names[i].front(), all[i].id);
  }
  if (list.empty()) throw UsageError(say.unknown(q));
  throw UsageError(say.unknown_near(q, list));
}

}  // namespace

std::vector<StoredProjectRef> SqliteStore::Projects() {
  std::vector<StoredProjectRef> out;
  sql::Statement q(*db_, "SELECT id, name, year, unit, status FROM projects ORDER BY id");
  while (q.executeStep()) out.push_back(ReadProjectRef(q));
  return out;
}

std::optional<StoredProjectRef> SqliteStore::ProjectById(std::int64_t id) {
  sql::Statement& q = Prepared("SELECT id, name, year, unit, status FROM projects WHERE id = ?");
  const ResetAtExit done{q};
  q.bind(1, id);
  if (!q.executeStep()) return std::nullopt;
  return ReadProjectRef(q);
}

StoredProjectRef SqliteStore::ResolveProject(const std::string& query) {
  const std::string q = TrimText(query);
  std::int64_t id = -1;
  if (!q.empty() && q.size() <= 18 && (q.size() == 1 || q[0] != '0') &&
      std::all_of(q.begin(), q.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    id = std::stoll(q);
  }
  // The usual query first, by index: a project's id, or its whole name (an import resolves one
  // per project: the scan below took 11 s for 10,000 values at province). ResolveAmong's order
  // holds: an id before any name, an exact name before any part of one.
  if (id >= 0) {
    if (const std::optional<StoredProjectRef> p = ProjectById(id)) return *p;
  }
  std::vector<StoredProjectRef> candidates;
  if (!q.empty()) {
    sql::Statement& s =
        Prepared("SELECT id, name, year, unit, status FROM projects WHERE name = ? ORDER BY id");
    const ResetAtExit done{s};
    s.bind(1, q);
    while (s.executeStep()) candidates.push_back(ReadProjectRef(s));
    if (candidates.size() == 1) return candidates.front();
  }
  // Else the projects whose name contains it, read in one scan; when there is none, every
  // project (for the nearest names).
  if (candidates.empty()) {
    sql::Statement& s =
        Prepared("SELECT id, name, year, unit, status FROM projects WHERE id = ?1 OR " +
                 ContainsSql(db_->dialect(), "name", "?2") + " ORDER BY id");
    const ResetAtExit done{s};
    s.bind(1, id);
    s.bind(2, q);
    while (!q.empty() && s.executeStep()) candidates.push_back(ReadProjectRef(s));
  }
  if (candidates.empty()) candidates = Projects();
  return ResolveAmong(
      candidates, query, [](const StoredProjectRef& p) { return std::vector<std::string>{p.name}; },
      ResolveTexts{
          [](const std::string& q) { return TrF("project '{}' is ambiguous; candidates:", q); },
          [](const std::string& q) { return TrF("no project '{}'", q); },
          [](const std::string& q, const std::string& near) {
            return TrF("no project '{0}'; did you mean {1}?", q, near);
          }});
}

std::vector<StoredIndicatorRef> SqliteStore::Indicators(const StoredProjectRef& project) {
  std::vector<StoredIndicatorRef> all;
  sql::Statement& q = Prepared(
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
                                           const std::string& query) {
  return ResolveIndicator(project, Indicators(project), query);
}

StoredIndicatorRef Store::ResolveIndicator(const StoredProjectRef& project,
                                           const std::vector<StoredIndicatorRef>& all,
                                           const std::string& query) {
  return ResolveAmong(
      all, query,
      [](const StoredIndicatorRef& i) {
        return std::vector<std::string>{i.name, i.key};
      },
      ResolveTexts{[&](const std::string& q) {
                     return TrF("indicator '{0}' is ambiguous in project '{1}'; candidates:", q,
                                project.name);
                   },
                   [&](const std::string& q) {
                     return TrF("no indicator '{0}' in project '{1}'", q, project.name);
                   },
                   [&](const std::string& q, const std::string& near) {
                     return TrF("no indicator '{0}' in project '{1}'; did you mean {2}?", q,
                                project.name, near);
                   }});
}

Diagnostics Store::SetActual(const StoredProjectRef& p, const StoredIndicatorRef& i,
                             const std::string& value, const ChangeContext& who) {
  return SetMany({Entry{p, i, value, "", {}}}, who).warnings;
}

Diagnostics Store::SetDeviation(const StoredProjectRef& p, const StoredIndicatorRef& i,
                                const std::string& text, const ChangeContext& who) {
  if (TrimText(text).empty()) throw UsageError(Tr("the deviation reason is empty"));
  return SetMany({Entry{p, i, "", text, {}}}, who).warnings;
}

}  // namespace jixiao
