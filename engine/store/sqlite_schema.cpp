// The SQLite backend's schema, and the forward migrations from every earlier version. Each
// version's text is kept as it shipped: a store of any version is brought forward in order, in the
// caller's one transaction.
#include <span>
#include <tuple>
#include <vector>

#include "engine/store/results_digest.h"
#include "engine/store/sql.h"
#include "engine/store/sqlite_store.h"
#include "indicators/i18n.h"
#include "indicators/loader.h"

namespace jixiao {
namespace {

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

// Schema version 3: results typed beside their text (a quantity's number and unit and its whole
// reading as EncodeValue bytes; a judgement; a score), so that a read parses nothing; every
// result names the audit row that set it (audit_id), so that a read can check the results
// against the trail with a join; audit rows indexed by their key for that check; the chain's key
// state in meta (keyed_from: the first HMAC row, 0 for none).
constexpr const char* kSchemaV3 = R"sql(
CREATE INDEX audit_by_key ON audit(project, indicator, field, id);
DROP INDEX audit_by_project;
CREATE TABLE results_v3(
  indicator_id INTEGER NOT NULL REFERENCES indicators(id),
  field TEXT NOT NULL CHECK(field IN ('actual', 'judgement', 'score', 'reason')),
  value TEXT NOT NULL,
  number REAL,
  unit TEXT,
  judgement INTEGER,
  typed BLOB,
  audit_id INTEGER,
  PRIMARY KEY(indicator_id, field)) WITHOUT ROWID;
INSERT INTO results_v3(indicator_id, field, value, audit_id)
  SELECT r.indicator_id, r.field, r.value,
         (SELECT max(a.id) FROM audit a
           WHERE a.project = p.name AND a.indicator = i.key AND a.field = r.field)
  FROM results r JOIN indicators i ON i.id = r.indicator_id JOIN projects p ON p.id = i.project_id;
DROP TABLE results;
ALTER TABLE results_v3 RENAME TO results;
CREATE TABLE project_results_v3(
  project_id INTEGER NOT NULL REFERENCES projects(id),
  field TEXT NOT NULL,
  value TEXT NOT NULL,
  number REAL,
  audit_id INTEGER,
  PRIMARY KEY(project_id, field)) WITHOUT ROWID;
INSERT INTO project_results_v3(project_id, field, value, audit_id)
  SELECT r.project_id, r.field, r.value,
         (SELECT max(a.id) FROM audit a
           WHERE a.project = p.name AND a.indicator = '' AND a.field = r.field)
  FROM project_results r JOIN projects p ON p.id = r.project_id;
DROP TABLE project_results;
ALTER TABLE project_results_v3 RENAME TO project_results;
INSERT INTO meta VALUES ('keyed_from', '0');
)sql";

// Schema version 4: the people of the web workspace. Users with their role and their password's
// argon2id hash (never the password); the projects a manager answers for; API tokens by their
// SHA-256 (never the token). None of them is a result: they write no audit row. Questions (问询)
// and their answers are audit rows only.
constexpr const char* kSchemaV4 = R"sql(
CREATE TABLE users(
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL CHECK(role IN ('clerk', 'manager', 'auditor')),
  password TEXT NOT NULL,
  created_at TEXT NOT NULL);
CREATE TABLE user_projects(
  user_id INTEGER NOT NULL REFERENCES users(id),
  project_id INTEGER NOT NULL REFERENCES projects(id),
  PRIMARY KEY(user_id, project_id)) WITHOUT ROWID;
CREATE TABLE api_tokens(
  hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id),
  created_at TEXT NOT NULL) WITHOUT ROWID;
)sql";

// Schema version 5: each project's results fingerprint (engine/store/results_digest.h), which
// the one write path keeps and a whole-store read compares with the rows it reads; computed here
// for the results already stored (DigestAllResults). The same statement on both engines.
constexpr const char* kSchemaV5 =
    "ALTER TABLE projects ADD COLUMN results_digest BIGINT NOT NULL DEFAULT 0";

// The schema objects the trail's protection relies on, with their SQL as created (kSchemaV1; no
// later version changed them).
constexpr ProtectedObject kProtection[] = {
    {"table", "audit",
     "CREATE TABLE audit(\n  id INTEGER PRIMARY KEY,\n  at TEXT NOT NULL,\n  author TEXT NOT "
     "NULL,\n"
     "  project TEXT NOT NULL,\n  indicator TEXT NOT NULL,\n  field TEXT NOT NULL,\n"
     "  old_value TEXT NOT NULL,\n  new_value TEXT NOT NULL,\n  reason TEXT NOT NULL,\n"
     "  source TEXT NOT NULL,\n  after_submit INTEGER NOT NULL,\n  prev_hash TEXT NOT NULL,\n"
     "  hash TEXT NOT NULL)",
     N_("holds the trail")},
    {"trigger", "audit_no_update",
     "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit\n"
     "  BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END",
     N_("refuses UPDATE of the trail")},
    {"trigger", "audit_no_delete",
     "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit\n"
     "  BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END",
     N_("refuses DELETE from the trail")},
};

constexpr const char* kInsertCompiled =
    "INSERT INTO compiled_definitions(project_id, version, bytes) VALUES (?,?,?)";

// Compiles the current definition of every project stored by a version-1 jixiao. A text this
// jixiao no longer loads stays uncompiled: reading it then reports its problems.
void CompileDefinitions(sql::Connection& db) {
  std::vector<std::tuple<std::int64_t, int, std::string, std::string>> texts;
  {
    sql::Statement q(db,
                     "SELECT p.id, d.version, p.name, d.yaml FROM projects p JOIN "
                     "definitions d ON d.project_id = p.id AND d.version = p.current_version");
    while (q.executeStep()) {
      texts.emplace_back(q.getColumn(0).getInt64(), q.getColumn(1).getInt(),
                         q.getColumn(2).getString(), q.getColumn(3).getString());
    }
  }
  sql::Statement ins(db, kInsertCompiled);
  for (const auto& [id, version, project, yaml] : texts) {
    const std::string source = DefinitionVersionName(project, version);
    const LoadResult r = LoadProjectText(yaml, source);
    if (!r.ok()) continue;
    const std::string bytes =
        EncodeDefinition(r.file->project, r.file->published, r.diagnostics, source);
    ins.reset();
    ins.bind(1, id);
    ins.bind(2, version);
    ins.bindBlobNoCopy(3, bytes);
    ins.exec();
  }
}

// The rows of `sql` (an id, a field and a value), read before they are updated.
std::vector<std::tuple<std::int64_t, std::string, std::string>> KeyFieldValues(
    sql::Connection& db, const std::string& sql) {
  std::vector<std::tuple<std::int64_t, std::string, std::string>> rows;
  sql::Statement q(db, sql);
  while (q.executeStep()) {
    rows.emplace_back(q.getColumn(0).getInt64(), q.getColumn(1).getString(),
                      q.getColumn(2).getString());
  }
  return rows;
}

// Fills the typed columns of every result from its text. A text that does not read stays untyped:
// reading it is then an error that names it.
void TypeResults(sql::Connection& db) {
  const auto rows = KeyFieldValues(db, "SELECT indicator_id, field, value FROM results");
  sql::Statement up(db,
                    "UPDATE results SET number = ?1, unit = ?2, judgement = ?3, typed = ?4 "
                    "WHERE indicator_id = ?5 AND field = ?6");
  for (const auto& [id, field, value] : rows) {
    const std::optional<ResultField> f = ParseResultField(field);
    if (!f) continue;
    TypedResult t;
    try {
      t = TypeResult(*f, value);
    } catch (const Error&) {
      continue;
    }
    up.reset();
    BindTyped(up, 1, t);
    up.bind(5, id);
    up.bind(6, field);
    up.exec();
  }
  const auto prows = KeyFieldValues(db, "SELECT project_id, field, value FROM project_results");
  sql::Statement pup(db,
                     "UPDATE project_results SET number = ?1 WHERE project_id = ?2 AND field = "
                     "?3");
  for (const auto& [id, field, value] : prows) {
    std::string source;
    const std::optional<ProjectField> f = ParseProjectField(field, &source);
    const std::optional<double> n = f ? TypeProjectResult(*f, value) : std::nullopt;
    if (!n) continue;
    pup.reset();
    pup.bind(1, *n);
    pup.bind(2, id);
    pup.bind(3, field);
    pup.exec();
  }
}

}  // namespace

std::span<const ProtectedObject> TrailProtection() { return kProtection; }

void MigrateSchema(sql::Connection& db, int from) {
  // PostgreSQL's stores start at the current version (dialect.cpp); a later version's block
  // goes below for both engines.
  if (db.dialect() == sql::Dialect::kPostgres && from < 1) {
    CreatePostgresSchema(db);
    from = Store::kSchemaVersion;
  }
  if (from < 1) db.exec(kSchemaV1);
  if (from < 2) {
    db.exec(kSchemaV2);
    CompileDefinitions(db);
  }
  if (from < 3) {
    db.exec(kSchemaV3);
    TypeResults(db);
  }
  if (from < 4) db.exec(kSchemaV4);
  if (from < 5) {
    db.exec(kSchemaV5);
    DigestAllResults(db);
  }
  SetSchemaVersion(db, Store::kSchemaVersion);
}

}  // namespace jixiao
