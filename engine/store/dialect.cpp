// What the store's SQL does differently on each engine, one function per concern: where the
// schema version lives, how foreign tables are counted, substring search, the bulk-load cache,
// the schema objects that protect the trail and how to read them back, and PostgreSQL's schema.
//
// PostgreSQL's schema is the current version's (Store::kSchemaVersion) tables and columns as
// SQLite has them after every migration, created at once: no PostgreSQL store predates the
// backend, so there is nothing to migrate from. Types differ only where the engines do
// (INTEGER PRIMARY KEY → BIGINT identity, BLOB → BYTEA, REAL → DOUBLE PRECISION), every text is
// COLLATE "C" so that comparisons and ORDER BY are bytewise as on SQLite, and the append-only
// triggers call one PL/pgSQL function that raises the same message. The schema version is the
// meta row 'schema_version' (SQLite keeps it in PRAGMA user_version).
//
// Ids: SQLite gives a new row of an INTEGER PRIMARY KEY table the largest id plus one. An
// identity column would not: it spends a number on every INSERT … ON CONFLICT that updates and on
// every rolled-back insert, so ids (which users type: `actual set 3 …`) would drift from
// SQLite's. A BEFORE INSERT trigger gives the same max + 1; writes are serialised by the store's
// advisory lock, so two inserts never read the same maximum.
#include <string>

#include "engine/store/sql.h"
#include "engine/store/sqlite_store.h"
#include "indicators/i18n.h"

namespace jixiao {
namespace {

constexpr const char* kPostgresSchema = R"sql(
CREATE FUNCTION jixiao_next_id() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('SELECT coalesce(max(id), 0) + 1 FROM %I', TG_TABLE_NAME) INTO NEW.id;
  RETURN NEW;
END
$$;
CREATE TABLE projects(
  id BIGINT PRIMARY KEY,
  name TEXT COLLATE "C" NOT NULL,
  year BIGINT NOT NULL,
  unit TEXT COLLATE "C" NOT NULL,
  manager TEXT COLLATE "C" NOT NULL DEFAULT '',
  status TEXT COLLATE "C" NOT NULL DEFAULT 'draft' CHECK(status IN ('draft', 'submitted')),
  current_version BIGINT NOT NULL DEFAULT 0,
  results_digest BIGINT NOT NULL DEFAULT 0,
  UNIQUE(name, year, unit));
CREATE TABLE definitions(
  project_id BIGINT NOT NULL REFERENCES projects(id),
  version BIGINT NOT NULL,
  yaml TEXT COLLATE "C" NOT NULL,
  source TEXT COLLATE "C" NOT NULL,
  loaded_at TEXT COLLATE "C" NOT NULL,
  loaded_by TEXT COLLATE "C" NOT NULL,
  PRIMARY KEY(project_id, version));
CREATE TABLE indicators(
  id BIGINT PRIMARY KEY,
  project_id BIGINT NOT NULL REFERENCES projects(id),
  key TEXT COLLATE "C" NOT NULL,
  name TEXT COLLATE "C" NOT NULL,
  since_version BIGINT NOT NULL,
  removed_in BIGINT,
  UNIQUE(project_id, key));
CREATE INDEX indicators_current ON indicators(project_id, removed_in, key);
CREATE TABLE compiled_definitions(
  project_id BIGINT NOT NULL,
  version BIGINT NOT NULL,
  bytes BYTEA NOT NULL,
  PRIMARY KEY(project_id, version),
  FOREIGN KEY(project_id, version) REFERENCES definitions(project_id, version));
CREATE TABLE audit(
  id BIGINT PRIMARY KEY,
  at TEXT COLLATE "C" NOT NULL,
  author TEXT COLLATE "C" NOT NULL,
  project TEXT COLLATE "C" NOT NULL,
  indicator TEXT COLLATE "C" NOT NULL,
  field TEXT COLLATE "C" NOT NULL,
  old_value TEXT COLLATE "C" NOT NULL,
  new_value TEXT COLLATE "C" NOT NULL,
  reason TEXT COLLATE "C" NOT NULL,
  source TEXT COLLATE "C" NOT NULL,
  after_submit BIGINT NOT NULL,
  prev_hash TEXT COLLATE "C" NOT NULL,
  hash TEXT COLLATE "C" NOT NULL);
CREATE INDEX audit_by_key ON audit(project, indicator, field, id);
CREATE FUNCTION jixiao_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the audit trail is append-only';
END
$$;
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
  FOR EACH ROW EXECUTE FUNCTION jixiao_audit_append_only();
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
  FOR EACH ROW EXECUTE FUNCTION jixiao_audit_append_only();
CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit
  FOR EACH STATEMENT EXECUTE FUNCTION jixiao_audit_append_only();
CREATE TABLE results(
  indicator_id BIGINT NOT NULL REFERENCES indicators(id),
  field TEXT COLLATE "C" NOT NULL CHECK(field IN ('actual', 'judgement', 'score', 'reason')),
  value TEXT COLLATE "C" NOT NULL,
  number DOUBLE PRECISION,
  unit TEXT COLLATE "C",
  judgement BIGINT,
  typed BYTEA,
  audit_id BIGINT,
  PRIMARY KEY(indicator_id, field));
CREATE TABLE project_results(
  project_id BIGINT NOT NULL REFERENCES projects(id),
  field TEXT COLLATE "C" NOT NULL,
  value TEXT COLLATE "C" NOT NULL,
  number DOUBLE PRECISION,
  audit_id BIGINT,
  PRIMARY KEY(project_id, field));
CREATE TABLE meta(key TEXT COLLATE "C" PRIMARY KEY, value TEXT COLLATE "C" NOT NULL);
INSERT INTO meta VALUES ('audit_rows', '0'),
  ('audit_head', '0000000000000000000000000000000000000000000000000000000000000000'),
  ('keyed_from', '0');
CREATE TABLE users(
  id BIGINT PRIMARY KEY,
  name TEXT COLLATE "C" NOT NULL UNIQUE,
  role TEXT COLLATE "C" NOT NULL CHECK(role IN ('clerk', 'manager', 'auditor')),
  password TEXT COLLATE "C" NOT NULL,
  created_at TEXT COLLATE "C" NOT NULL);
CREATE TABLE user_projects(
  user_id BIGINT NOT NULL REFERENCES users(id),
  project_id BIGINT NOT NULL REFERENCES projects(id),
  PRIMARY KEY(user_id, project_id));
CREATE TRIGGER projects_id BEFORE INSERT ON projects
  FOR EACH ROW WHEN (NEW.id IS NULL) EXECUTE FUNCTION jixiao_next_id();
CREATE TRIGGER indicators_id BEFORE INSERT ON indicators
  FOR EACH ROW WHEN (NEW.id IS NULL) EXECUTE FUNCTION jixiao_next_id();
CREATE TRIGGER users_id BEFORE INSERT ON users
  FOR EACH ROW WHEN (NEW.id IS NULL) EXECUTE FUNCTION jixiao_next_id();
CREATE TABLE api_tokens(
  hash TEXT COLLATE "C" PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES users(id),
  created_at TEXT COLLATE "C" NOT NULL);
)sql";

// The tables of the current schema (IntegrityCheck: each must be there).
constexpr const char* kTables[] = {
    "projects",        "definitions", "indicators", "compiled_definitions", "audit",     "results",
    "project_results", "meta",        "users",      "user_projects",        "api_tokens"};

// The objects the trail's protection relies on, as PostgreSQL reads them back through
// kPostgresProtectionSql: a table as its columns, a trigger as pg_get_triggerdef without the
// schema (and " DISABLED" when disabled), a function as its body.
constexpr ProtectedObject kPostgresProtection[] = {
    {"table", "audit",
     "id bigint NOT NULL, at text NOT NULL, author text NOT NULL, project text NOT NULL, "
     "indicator text NOT NULL, field text NOT NULL, old_value text NOT NULL, new_value text NOT "
     "NULL, reason text NOT NULL, source text NOT NULL, after_submit bigint NOT NULL, prev_hash "
     "text NOT NULL, hash text NOT NULL",
     N_("holds the trail")},
    {"function", "jixiao_audit_append_only",
     "BEGIN RAISE EXCEPTION 'the audit trail is append-only'; END",
     N_("raises the error of the append-only triggers")},
    {"trigger", "audit_no_update",
     "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit FOR EACH ROW EXECUTE FUNCTION "
     "jixiao_audit_append_only()",
     N_("refuses UPDATE of the trail")},
    {"trigger", "audit_no_delete",
     "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit FOR EACH ROW EXECUTE FUNCTION "
     "jixiao_audit_append_only()",
     N_("refuses DELETE from the trail")},
    {"trigger", "audit_no_truncate",
     "CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit FOR EACH STATEMENT EXECUTE "
     "FUNCTION jixiao_audit_append_only()",
     N_("refuses TRUNCATE of the trail")},
};

// One row per schema object of the store's schema: its type, its name and its text as
// kPostgresProtection states it.
constexpr const char* kPostgresProtectionSql = R"sql(
SELECT def FROM (
  SELECT 'table'::text AS type, c.relname::text AS name,
         (SELECT string_agg(a.attname || ' ' || format_type(a.atttypid, a.atttypmod) ||
                            CASE WHEN a.attnotnull THEN ' NOT NULL' ELSE '' END, ', '
                            ORDER BY a.attnum)
            FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0
             AND NOT a.attisdropped) AS def
    FROM pg_class c WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r'
  UNION ALL
  SELECT 'trigger', t.tgname::text,
         replace(pg_get_triggerdef(t.oid), quote_ident(current_schema()) || '.', '') ||
         CASE WHEN t.tgenabled = 'D' THEN ' DISABLED' ELSE '' END
    FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
   WHERE c.relnamespace = current_schema()::regnamespace AND NOT t.tgisinternal
  UNION ALL
  SELECT 'function', p.proname::text, p.prosrc
    FROM pg_proc p WHERE p.pronamespace = current_schema()::regnamespace
) o WHERE o.type = ?1 AND o.name = ?2)sql";

bool Postgres(sql::Connection& db) { return db.dialect() == sql::Dialect::kPostgres; }

}  // namespace

int SchemaVersion(sql::Connection& db) {
  if (!Postgres(db)) return db.execAndGet("PRAGMA user_version").getInt();
  if (db.execAndGet("SELECT to_regclass('meta') IS NULL").getInt()) return 0;
  sql::Statement q(db, "SELECT value FROM meta WHERE key = 'schema_version'");
  return q.executeStep() ? std::stoi(q.getColumn(0).getString()) : 0;
}

void SetSchemaVersion(sql::Connection& db, int version) {
  if (!Postgres(db)) {
    db.exec("PRAGMA user_version = " + std::to_string(version));
    return;
  }
  sql::Statement q(db,
                   "INSERT INTO meta(key, value) VALUES ('schema_version', ?1) "
                   "ON CONFLICT(key) DO UPDATE SET value = excluded.value");
  q.bind(1, std::to_string(version));
  q.exec();
}

int TableCount(sql::Connection& db) {
  return Postgres(db)
             ? db.execAndGet(
                     "SELECT count(*) FROM information_schema.tables WHERE "
                     "table_schema = current_schema()")
                   .getInt()
             : db.execAndGet("SELECT count(*) FROM sqlite_master WHERE type = 'table'").getInt();
}

std::string ContainsSql(sql::Dialect d, const std::string& haystack, const std::string& needle) {
  return (d == sql::Dialect::kPostgres ? "strpos(" : "instr(") + haystack + ", " + needle + ") > 0";
}

void BulkCache(sql::Connection& db, bool on) {
  // SQLite's page cache; PostgreSQL's buffers are the server's.
  if (!Postgres(db)) db.exec(on ? "PRAGMA cache_size = -65536" : "PRAGMA cache_size = -2000");
}

std::span<const ProtectedObject> TrailProtection(sql::Dialect d) {
  if (d == sql::Dialect::kPostgres) return kPostgresProtection;
  return TrailProtection();
}

const char* ProtectionSql(sql::Dialect d) {
  return d == sql::Dialect::kPostgres
             ? kPostgresProtectionSql
             : "SELECT sql FROM sqlite_master WHERE type = ?1 AND name = ?2";
}

void CreatePostgresSchema(sql::Connection& db) { db.exec(kPostgresSchema); }

std::string PostgresIntegrityCheck(sql::Connection& db,
                                   const std::vector<std::string>& protection) {
  std::vector<std::string> problems;
  const int version = SchemaVersion(db);
  if (version != Store::kSchemaVersion) {
    problems.push_back(TrF("the schema version is {}, not {}", version, Store::kSchemaVersion));
  }
  sql::Statement table(db,
                       "SELECT count(*) FROM information_schema.tables WHERE table_schema = "
                       "current_schema() AND table_name = ?1");
  for (const char* name : kTables) {
    table.reset();
    table.bind(1, name);
    if (table.executeStep() && table.getColumn(0).getInt() == 0) {
      problems.push_back(TrF("table {} is missing", name));
    }
  }
  problems.insert(problems.end(), protection.begin(), protection.end());
  // amcheck's B-tree check on every index of the store, where the database has the extension
  // (CREATE EXTENSION amcheck; jixiao does not install it).
  if (db.execAndGet("SELECT count(*) FROM pg_extension WHERE extname = 'amcheck'").getInt() > 0) {
    sql::Statement indexes(db,
                           "SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = "
                           "i.indexrelid JOIN pg_am am ON am.oid = c.relam WHERE am.amname = "
                           "'btree' AND c.relnamespace = current_schema()::regnamespace ORDER BY "
                           "c.relname");
    std::vector<std::string> names;
    while (indexes.executeStep()) names.push_back(indexes.getColumn(0).getString());
    for (const std::string& name : names) {
      try {
        sql::Statement check(db, "SELECT bt_index_check(to_regclass(?1))");
        check.bind(1, name);
        check.executeStep();
      } catch (const sql::Error& e) {
        problems.push_back(TrF("index {}: {}", name, e.what()));
      }
    }
  }
  std::string out;
  for (const std::string& p : problems) out += (out.empty() ? "" : "; ") + p;
  return out.empty() ? "ok" : out;
}

}  // namespace jixiao
