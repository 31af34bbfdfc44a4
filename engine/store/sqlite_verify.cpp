// The trail checked: the chain re-hashed row by row, the append-only triggers, the head against an
// anchor, the current results against a replay of the trail (Verify), and the cheap join that
// scored reads run first (CheckResults).
#include <algorithm>
#include <functional>
#include <optional>
#include <set>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

#include "engine/store/results_digest.h"
#include "engine/store/sql.h"
#include "engine/store/sqlite_store.h"
#include "indicators/i18n.h"

namespace jixiao {
namespace {

// project, indicator ("" for a project field), field text.
using TrailKey = std::tuple<std::string, std::string, std::string>;

// Rows that set a result or a status. Definitions, removed indicators, the key row, and questions
// and answers (问询) set none: the chain covers them, the replay skips them.
bool Replayed(AuditField f) {
  return f != AuditField::kDefinition && f != AuditField::kIndicator && f != AuditField::kKey &&
         f != AuditField::kQuestion && f != AuditField::kAnswer;
}

// Runs `sql` (?1 after, ?2 last: a range of ids) over every id from `bounds`'s min to its max
// (SELECT min(x), max(x)), 20,000 ids at a time, handing each row to `each`: a whole province
// is never one result set (PostgreSQL's driver receives a result set whole before its first row).
// A joined table's id gets the range too (i.id as well as r.indicator_id): PostgreSQL's planner
// otherwise scanned all of it for every range.
void InIdRanges(sql::Connection& db, const std::string& bounds, const std::string& sql,
                const std::function<void(sql::Statement&)>& each) {
  constexpr std::int64_t kWidth = 20000;
  std::int64_t first = 0, last = 0;
  {
    sql::Statement b(db, bounds);
    if (!b.executeStep() || b.getColumn(0).isNull()) return;
    first = b.getColumn(0).getInt64();
    last = b.getColumn(1).getInt64();
  }
  sql::Statement q(db, sql);
  for (std::int64_t after = first - 1; after < last;) {
    const std::int64_t to = last - after > kWidth ? after + kWidth : last;
    q.bind(1, after);
    q.bind(2, to);
    while (q.executeStep()) each(q);
    q.reset();
    after = to;
  }
}

// A trail key as one string: project, indicator and field joined by U+001F (a control character
// no stored name holds: indicators/text.h refuses them).
std::string JoinedKey(const std::string& project, const std::string& indicator,
                      const std::string& field) {
  std::string k;
  k.reserve(project.size() + indicator.size() + field.size() + 2);
  k.append(project).push_back('\x1f');
  k.append(indicator).push_back('\x1f');
  k.append(field);
  return k;
}

TrailKey SplitKey(const std::string& k) {
  const std::size_t a = k.find('\x1f'), b = k.find('\x1f', a + 1);
  return {k.substr(0, a), k.substr(a + 1, b - a - 1), k.substr(b + 1)};
}

std::string RowName(const AuditRow& r) {
  return AuditRecordName(r.id) + " (" + r.at + ", " + r.author + ", " + r.project +
         (r.indicator.empty() ? "" : " / " + r.indicator) + ", " +
         FieldLabel(r.field, r.field_source) + ")";
}

// The checks of one row against the row before it; "" when it holds.
std::string RowProblem(const AuditRow& r, std::int64_t expected_id, const std::string& prev,
                       const ChainHasher& hasher, bool& unchecked) {
  if (r.id != expected_id) {
    return r.id > expected_id ? TrF("{} were removed", AuditRecordsName(expected_id, r.id - 1))
                              : TrF("{} is out of order", AuditRecordName(r.id));
  }
  if (r.prev_hash != prev) {
    return TrF(
        "{} does not follow the row before it (its prev_hash differs): a row was altered, "
        "inserted or removed before it",
        AuditRecordName(r.id));
  }
  if (hasher.Keyed(r.id) && !hasher.key) {
    unchecked = true;
    return "";
  }
  if (hasher.Keyed(r.id) && r.id == hasher.keyed_from && r.field != AuditField::kKey) {
    return TrF(
        "{} is recorded as the first keyed record but does not say so: the record of the key was "
        "altered",
        AuditRecordName(r.id));
  }
  if (hasher.Hash(r) != r.hash) {
    return hasher.Keyed(r.id)
               ? TrF("{} was altered: its content does not match its HMAC (or the "
                     "key is not the one it was written with)",
                     RowName(r))
               : TrF("{} was altered: its content does not match its hash", RowName(r));
  }
  return "";
}

}  // namespace

void SqliteStore::VerifyChain(VerifyResult& v) {
  ChainHasher hasher;
  hasher.key = options_.key;
  hasher.keyed_from = std::stoll(MetaValue(*db_, "keyed_from", "0"));
  if (options_.key && hasher.keyed_from == 0) {
    v.ok = false;
    v.problem =
        Tr("a key was given, but this store's chain is not keyed (no row was written under a "
           "key): either the key belongs to another store, or the record of the key was "
           "removed and the chain rewritten");
    return;
  }
  if (options_.key && KeyCheck(*options_.key) != MetaValue(*db_, "key_check", "")) {
    v.ok = false;
    v.problem = Tr("the key given is not the key this store's chain was written with");
    return;
  }
  std::string prev = kZeroHash;
  std::int64_t expected_id = 1;
  bool unchecked = false;
  struct Stop {};  // the first problem ends the walk
  try {
    InIdRanges(*db_, "SELECT min(id), max(id) FROM audit",
               std::string("SELECT ") + kAuditColumns +
                   " FROM audit WHERE id > ?1 AND id <= ?2 ORDER BY id",
               [&](sql::Statement& q) {
                 const AuditRow r = ReadAuditRow(q);
                 ++v.rows;
                 const std::string problem = RowProblem(r, expected_id, prev, hasher, unchecked);
                 if (!problem.empty()) {
                   v.ok = false;
                   v.problem = problem;
                   throw Stop{};
                 }
                 prev = r.hash;
                 ++expected_id;
               });
  } catch (const Stop&) {
    return;
  }
  v.head = prev;
  if (hasher.keyed_from > v.rows && hasher.keyed_from > 0) {
    v.ok = false;
    v.problem = TrF(
        "the store records its chain as keyed from row {}, which does not exist: rows were removed",
        hasher.keyed_from);
    return;
  }
  const std::string rows = MetaValue(*db_, "audit_rows", "0");
  const std::string head = MetaValue(*db_, "audit_head", kZeroHash);
  if (rows != std::to_string(v.rows) || head != prev) {
    std::string err;
    const auto recorded = ParsePlainNumber(rows, &err);
    v.ok = false;
    v.problem = TrF(recorded && *recorded > v.rows
                        ? N_("the audit trail has {0} rows but the store recorded {1} (head "
                             "{2}…): rows were removed from the end")
                        : N_("the audit trail has {0} rows but the store recorded {1} (head "
                             "{2}…): rows were added out of band"),
                    v.rows, rows, head.substr(0, 12));
    return;
  }
  if (unchecked) {
    v.ok = false;
    v.needs_key = true;
    v.problem =
        TrF("rows {0}–{1} are keyed (HMAC-SHA256): verifying them needs the key; give --key-file "
            "FILE or set JIXIAO_KEY_FILE",
            hasher.keyed_from, v.rows);
  }
}

void SqliteStore::VerifyTriggers(VerifyResult& v) {
  const auto collapsed = [](const std::string& sql) {
    std::string out;
    for (const char c : sql) {
      const bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r';
      if (space && (out.empty() || out.back() == ' ')) continue;
      out.push_back(space ? ' ' : c);
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
  };
  sql::Statement& q = Prepared(ProtectionSql(db_->dialect()));
  for (const ProtectedObject& o : TrailProtection(db_->dialect())) {
    const ResetAtExit done{q};
    q.bind(1, o.type);
    q.bind(2, o.name);
    const std::string what =
        o.type == std::string_view("trigger")    ? TrF("trigger {0} (it {1})", o.name, Tr(o.role))
        : o.type == std::string_view("table")    ? TrF("table {0} (it {1})", o.name, Tr(o.role))
        : o.type == std::string_view("function") ? TrF("function {0} (it {1})", o.name, Tr(o.role))
                                                 : TrF("{} {} (it {})", o.type, o.name, Tr(o.role));
    if (!q.executeStep()) {
      v.protection.push_back(TrF("{} is missing: it was dropped", what));
    } else if (collapsed(q.getColumn(0).getString()) != collapsed(o.sql)) {
      v.protection.push_back(TrF("{} is not as jixiao created it: it was altered", what));
    }
  }
  if (!v.protection.empty()) v.ok = false;
}

namespace {

// Why a stored result's typed columns (columns 4–7 of `r`: number, unit, judgement, typed) do not
// match its text, or "".
std::string TypedProblem(sql::Statement& r, const std::string& field, const std::string& value) {
  try {
    const TypedResult t = TypeResult(ParseResultField(field).value_or(ResultField::kReason), value);
    const bool same =
        t.number == (r.getColumn(4).isNull() ? std::nullopt
                                             : std::optional<double>(r.getColumn(4).getDouble())) &&
        t.unit == (r.getColumn(5).isNull()
                       ? std::nullopt
                       : std::optional<std::string>(r.getColumn(5).getString())) &&
        t.judgement == (r.getColumn(6).isNull() ? std::nullopt
                                                : std::optional<int>(r.getColumn(6).getInt())) &&
        t.typed == (r.getColumn(7).isNull()
                        ? std::nullopt
                        : std::optional<std::string>(r.getColumn(7).getString()));
    if (!same) return Tr("its typed form does not match its text");
  } catch (const Error& e) {
    return TrF("it does not read: {}", e.what());
  }
  return "";
}

}  // namespace

void SqliteStore::Replay(VerifyResult& v) {
  // The latest new value of each key, and whether a stored result or status was compared with it.
  // One joined string a key and no second set of keys: a province's 2.1 million keys took over
  // 1 GB as a map of three strings beside a set of them.
  struct Said {
    std::string value;
    bool seen = false;
  };
  std::unordered_map<std::string, Said> trail;
  InIdRanges(
      *db_, "SELECT min(id), max(id) FROM audit",
      std::string("SELECT ") + kAuditColumns + " FROM audit WHERE id > ?1 AND id <= ?2 ORDER BY id",
      [&](sql::Statement& q) {
        const AuditRow r = ReadAuditRow(q);
        if (Replayed(r.field))
          trail[JoinedKey(r.project, r.indicator, r.FieldText())].value = r.new_value;
      });
  // A stored value against what the trail says of its key (`said`: the key's entry, or none).
  const auto compare = [&](const std::string& project, const std::string& indicator,
                           const std::string& field, Said* said, const std::string& stored,
                           const std::string& problem) {
    std::string says;
    if (said) {
      said->seen = true;
      says = said->value;
    }
    if (says == stored && problem.empty()) return;
    v.ok = false;
    v.differences.push_back(ResultDifference{project, indicator, field, stored, says, problem});
  };
  const auto said_of = [&](const std::string& project, const std::string& indicator,
                           const std::string& field) -> Said* {
    const auto it = trail.find(JoinedKey(project, indicator, field));
    return it == trail.end() ? nullptr : &it->second;
  };
  InIdRanges(*db_, "SELECT min(indicator_id), max(indicator_id) FROM results",
             "SELECT p.name, i.key, r.field, r.value, r.number, r.unit, r.judgement, r.typed FROM "
             "results r JOIN indicators i ON i.id = r.indicator_id JOIN projects p ON p.id = "
             "i.project_id WHERE r.indicator_id > ?1 AND r.indicator_id <= ?2 AND i.id > ?1 AND "
             "i.id <= ?2 ORDER BY r.indicator_id, r.field",
             [&](sql::Statement& r) {
               const std::string project = r.getColumn(0).getString(),
                                 indicator = r.getColumn(1).getString(),
                                 field = r.getColumn(2).getString(),
                                 value = r.getColumn(3).getString();
               compare(project, indicator, field, said_of(project, indicator, field), value,
                       TypedProblem(r, field, value));
             });
  InIdRanges(*db_, "SELECT min(project_id), max(project_id) FROM project_results",
             "SELECT p.name, r.field, r.value FROM project_results r JOIN projects p ON p.id = "
             "r.project_id WHERE r.project_id > ?1 AND r.project_id <= ?2 AND p.id > ?1 AND "
             "p.id <= ?2 ORDER BY r.project_id, r.field",
             [&](sql::Statement& pr) {
               const std::string project = pr.getColumn(0).getString(),
                                 field = pr.getColumn(1).getString();
               compare(project, "", field, said_of(project, "", field), pr.getColumn(2).getString(),
                       "");
             });
  const std::string status_field = FieldName(AuditField::kStatus);
  InIdRanges(*db_, "SELECT min(id), max(id) FROM projects",
             "SELECT name, status FROM projects WHERE id > ?1 AND id <= ?2 ORDER BY id",
             [&](sql::Statement& st) {
               const std::string project = st.getColumn(0).getString(),
                                 status = st.getColumn(1).getString();
               Said* said = said_of(project, "", status_field);
               // A draft the trail never signed off is as it should be.
               if (!said && status == FieldName(ProjectStatus::kDraft)) return;
               compare(project, "", status_field, said, status, "");
             });
  // What the trail says of a key that has no stored result, in the keys' order.
  std::vector<std::pair<TrailKey, const std::string*>> unseen;
  for (const auto& [key, said] : trail)
    if (!said.value.empty() && !said.seen) unseen.emplace_back(SplitKey(key), &said.value);
  std::sort(unseen.begin(), unseen.end());
  for (const auto& [key, says] : unseen) {
    v.ok = false;
    v.differences.push_back(
        ResultDifference{std::get<0>(key), std::get<1>(key), std::get<2>(key), "", *says, ""});
  }
}

VerifyResult SqliteStore::Verify(const VerifyOptions& options) {
  VerifyResult v;
  VerifyChain(v);
  if (options.expect_head && v.problem.empty() && *options.expect_head != v.head) {
    v.ok = false;
    v.problem =
        TrF("the chain's head is {0}, not the expected {1}: the trail was rewritten, or rows were "
            "added, since that head was noted",
            v.head, *options.expect_head);
  }
  VerifyTriggers(v);
  Replay(v);
  v.fingerprints = ProjectsWithOtherFingerprint(*db_);
  if (!v.fingerprints.empty()) v.ok = false;
  return v;
}

namespace {

// The read check, in two parts. A result passes when the audit row it names exists, records this
// very result (project, indicator, field), holds its value as the new value (part 1), and is
// the latest row for that key (part 2: asked only of results that pass part 1, so that none is
// named twice). The failures come in that order on both engines: results then project fields
// failing part 1, then those failing part 2.
// (Past `a.id IS NULL` every column compared is NOT NULL: `<>` is the null-safe comparison
// both engines read.)
constexpr const char* kBadResult =
    "a.id IS NULL OR a.new_value <> r.value OR a.project <> p.name OR a.indicator <> i.key OR "
    "a.field <> r.field";
constexpr const char* kBadProjectResult =
    "a.id IS NULL OR a.new_value <> r.value OR a.project <> p.name OR a.indicator <> '' OR "
    "a.field <> r.field";
constexpr const char* kResultJoin =
    "results r JOIN indicators i ON i.id = r.indicator_id JOIN projects p ON p.id = "
    "i.project_id";
constexpr const char* kProjectResultJoin =
    "project_results r JOIN projects p ON p.id = r.project_id";

std::string FailingPart1() {
  return std::string("SELECT p.name, i.key, r.field, r.value, a.id, a.new_value FROM ") +
         kResultJoin + " LEFT JOIN audit a ON a.id = r.audit_id WHERE " + kBadResult +
         " UNION ALL SELECT p.name, '', r.field, r.value, a.id, a.new_value FROM " +
         kProjectResultJoin + " LEFT JOIN audit a ON a.id = r.audit_id WHERE " + kBadProjectResult;
}

// Part 2 in the server (PostgreSQL): the superseded audit rows by a window over the trail, then
// the results that name one. (SQLite's window over the trail took 3–7 s at province: it reads
// the index itself, SupersededAuditRows.)
std::string FailingPart2() {
  const std::string superseded =
      "SELECT id FROM (SELECT id, lead(id) OVER (PARTITION BY project, indicator, field ORDER "
      "BY id) AS later FROM audit) w WHERE later IS NOT NULL";
  return "SELECT p.name, i.key, r.field, r.value, a.id, a.new_value FROM (" + superseded +
         ") s JOIN " + kResultJoin +
         " ON r.audit_id = s.id JOIN audit a ON a.id = r.audit_id "
         "WHERE NOT (" +
         kBadResult +
         ") UNION ALL SELECT p.name, '', r.field, r.value, a.id, "
         "a.new_value FROM (" +
         superseded + ") s JOIN " + kProjectResultJoin +
         " ON r.audit_id = s.id JOIN audit a ON a.id = r.audit_id WHERE NOT (" + kBadProjectResult +
         ")";
}

// The audit rows that a later row of the same project, indicator and field follows, as a bitmap
// by id: one pass over the index audit_by_key (project, indicator, field, id), in whose order a
// key's rows are adjacent and its latest comes last. Makes the check's "is the latest" test one
// read of the index instead of one search of it per result (2.5 s against 1.3 s at province).
struct Superseded {
  std::vector<bool> positive;           // by id: jixiao's ids start at 1
  std::set<std::int64_t> not_positive;  // ids below 1 (never written by jixiao)
  bool operator()(std::int64_t id) const {
    if (id < 1) return not_positive.count(id) > 0;
    return static_cast<std::size_t>(id) < positive.size() && positive[static_cast<std::size_t>(id)];
  }
};
Superseded SupersededAuditRows(sql::Statement& q) {
  Superseded out;
  std::string project, indicator, field;
  std::optional<std::int64_t> previous;
  while (q.executeStep()) {
    const std::string_view p = q.getColumn(0).getText();
    const std::string_view i = q.getColumn(1).getText();
    const std::string_view f = q.getColumn(2).getText();
    const std::int64_t id = q.getColumn(3).getInt64();
    if (previous && p == project && i == indicator && f == field) {
      if (*previous < 1) {
        out.not_positive.insert(*previous);
      } else {
        const auto at = static_cast<std::size_t>(*previous);
        if (at >= out.positive.size())
          out.positive.resize(std::max<std::size_t>(at + 1, out.positive.size() * 2));
        out.positive[at] = true;
      }
    } else {
      project.assign(p);
      indicator.assign(i);
      field.assign(f);
    }
    previous = id;
  }
  return out;
}

ResultDifference Difference(const sql::Statement& q) {
  ResultDifference d{q.getColumn(0).getString(),
                     q.getColumn(1).getString(),
                     q.getColumn(2).getString(),
                     q.getColumn(3).getString(),
                     "",
                     ""};
  if (q.getColumn(4).isNull()) {
    d.problem = Tr("names no audit row");
  } else {
    d.trail = q.getColumn(5).getString();
    d.problem = d.trail == d.stored ? Tr("is not the latest change the trail records")
                                    : Tr("differs from the audit row it names");
  }
  return d;
}

}  // namespace

std::vector<ResultDifference> SqliteStore::CheckResults(std::size_t limit) {
  std::vector<ResultDifference> out;
  if (limit == 0) return out;
  std::optional<sql::Transaction> own;  // both parts in one snapshot
  if (!snapshot_) own.emplace(*db_, /*write=*/false);
  const auto take = [&](sql::Statement& q) {
    const ResetAtExit done{q};
    while (out.size() < limit && q.executeStep()) out.push_back(Difference(q));
  };
  take(Prepared(FailingPart1()));
  if (out.size() == limit) return out;
  if (db_->dialect() == sql::Dialect::kPostgres) {
    take(Prepared(FailingPart2()));
    return out;
  }
  Superseded superseded;
  {
    sql::Statement& keys = Prepared(
        "SELECT project, indicator, field, id FROM audit ORDER BY project, indicator, field, id");
    const ResetAtExit done{keys};
    superseded = SupersededAuditRows(keys);
  }
  // Each result's audit row tested against the bitmap; the few named superseded are read whole.
  const auto part2 = [&](const std::string& scan, const std::string& one) {
    sql::Statement& q = Prepared(scan);
    const ResetAtExit done{q};
    while (out.size() < limit && q.executeStep()) {
      if (!superseded(q.getColumn(2).getInt64())) continue;
      sql::Statement& row = Prepared(one);
      const ResetAtExit row_done{row};
      row.bind(1, q.getColumn(0).getInt64());
      row.bind(2, q.getColumn(1).getString());
      if (row.executeStep()) out.push_back(Difference(row));
    }
  };
  part2("SELECT indicator_id, field, audit_id FROM results WHERE audit_id IS NOT NULL",
        std::string("SELECT p.name, i.key, r.field, r.value, a.id, a.new_value FROM ") +
            kResultJoin +
            " JOIN audit a ON a.id = r.audit_id WHERE r.indicator_id = ? AND "
            "r.field = ? AND NOT (" +
            kBadResult + ")");
  part2("SELECT project_id, field, audit_id FROM project_results WHERE audit_id IS NOT NULL",
        std::string("SELECT p.name, '', r.field, r.value, a.id, a.new_value FROM ") +
            kProjectResultJoin +
            " JOIN audit a ON a.id = r.audit_id WHERE r.project_id = ? AND "
            "r.field = ? AND NOT (" +
            kBadProjectResult + ")");
  return out;
}

}  // namespace jixiao
