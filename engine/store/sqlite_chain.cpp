// The audit chain: each row's canonical text, its hash (SHA-256, or HMAC-SHA256 under the store's
// key), appending rows in a write transaction, and reading them back.
//
// A store becomes keyed by its first write under a key: that write first appends a row of field
// `key` (new value "hmac-sha256"), itself an HMAC row, and meta records keyed_from (that row's
// id) and key_check (the HMAC of a fixed text, so a wrong key is told from a missing one without
// revealing the key). Rows before keyed_from stay SHA-256 rows; a keyed store never goes back.
#include "engine/store/sql.h"
// SHA256_Init/Update/Final: the low-level calls are deprecated in OpenSSL 3 but skip EVP's
// provider fetch and configuration loading, which cost about 2 ms on the first hash of every
// process (a third of a `jixiao actual set` beyond process start).
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

#include "engine/store/results_digest.h"
#include "engine/store/sqlite_store.h"
#include "indicators/i18n.h"

namespace jixiao {
namespace {

std::string Hex(const unsigned char* md, unsigned int len) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < len; ++i) {
    out.push_back(kHex[md[i] >> 4]);
    out.push_back(kHex[md[i] & 15]);
  }
  return out;
}

constexpr const char* kKeyCheckText = "jixiao audit chain key check";

}  // namespace

std::string Sha256Hex(const std::string& text) {
  unsigned char md[SHA256_DIGEST_LENGTH];
  SHA256_CTX ctx;
  if (SHA256_Init(&ctx) != 1 || SHA256_Update(&ctx, text.data(), text.size()) != 1 ||
      SHA256_Final(md, &ctx) != 1) {
    throw Error("hash", "SHA-256 failed");
  }
  return Hex(md, SHA256_DIGEST_LENGTH);
}

std::string HmacSha256Hex(const std::string& key, const std::string& text) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (!HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
            reinterpret_cast<const unsigned char*>(text.data()), text.size(), md, &len)) {
    throw Error("hash", "HMAC-SHA256 failed");
  }
  return Hex(md, len);
}

std::string ChainHasher::Hash(const AuditRow& r) const {
  if (!Keyed(r.id)) return Sha256Hex(Canonical(r));
  if (!key) throw Error("store-key", Tr("the key of the chain is needed"));
  return HmacSha256Hex(*key, Canonical(r));
}

const char* const kAuditColumns =
    "id, at, author, project, indicator, field, old_value, new_value, reason, source, "
    "after_submit, prev_hash, hash";

std::string Canonical(const AuditRow& r) {
  const char sep = '\x1f';
  std::string s = std::to_string(r.id);
  const std::string field = r.FieldText();
  for (const std::string* f : {&r.at, &r.author, &r.project, &r.indicator, &field, &r.old_value,
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

AuditRow ReadAuditRow(sql::Statement& q) {
  AuditRow r;
  r.id = q.getColumn(0).getInt64();
  r.at = q.getColumn(1).getString();
  r.author = q.getColumn(2).getString();
  r.project = q.getColumn(3).getString();
  r.indicator = q.getColumn(4).getString();
  const std::string field = q.getColumn(5).getString();
  const std::optional<AuditField> f = ParseAuditField(field, &r.field_source);
  if (!f) {
    throw StoreError("store-corrupt", TrF("{} has the field '{}', which no jixiao writes",
                                          AuditRecordName(r.id), field));
  }
  r.field = *f;
  r.old_value = q.getColumn(6).getString();
  r.new_value = q.getColumn(7).getString();
  r.reason = q.getColumn(8).getString();
  r.source = q.getColumn(9).getString();
  r.after_submit = q.getColumn(10).getInt() != 0;
  r.prev_hash = q.getColumn(11).getString();
  r.hash = q.getColumn(12).getString();
  return r;
}

std::string MetaValue(sql::Connection& db, const std::string& key, const std::string& otherwise) {
  sql::Statement q(db, "SELECT value FROM meta WHERE key = ?");
  q.bind(1, key);
  return q.executeStep() ? q.getColumn(0).getString() : otherwise;
}

std::string KeyCheck(const std::string& key) { return HmacSha256Hex(key, kKeyCheckText); }

Writer::Writer(sql::Connection& db, const std::optional<std::string>& key, StatementCache* shared)
    : db_(db), statements_(shared ? *shared : own_statements_) {
  hasher_.key = key;
  // What a write reads of the chain, in one round trip (a writer is made inside its write
  // transaction, so the chain's end cannot move before it writes): whether the chain is keyed,
  // the key's check, the head, the next row's id.
  std::string key_check;
  {
    sql::Statement& q = Prepared(
        "SELECT (SELECT value FROM meta WHERE key = 'keyed_from'), "
        "(SELECT value FROM meta WHERE key = 'key_check'), "
        "(SELECT value FROM meta WHERE key = 'audit_head'), "
        "(SELECT coalesce(max(id), 0) + 1 FROM audit)");
    const ResetAtExit done{q};
    q.executeStep();
    hasher_.keyed_from = std::stoll(TextOr(q.getColumn(0), "0"));
    key_check = TextOr(q.getColumn(1), "");
    head_ = TextOr(q.getColumn(2), kZeroHash);
    next_id_ = q.getColumn(3).getInt64();
  }
  const std::string name = db.name();
  if (hasher_.keyed_from > 0) {
    if (!key) {
      throw StoreError("store-key",
                       TrF("{}: the audit trail of this store is keyed (HMAC-SHA256 from row {}): "
                           "a change needs its key; give --key-file FILE or set JIXIAO_KEY_FILE. "
                           "Nothing was changed",
                           name, hasher_.keyed_from));
    }
    if (KeyCheck(*key) != key_check) {
      throw StoreError("store-key",
                       TrF("{}: the key given is not this store's key; nothing was changed", name));
    }
  } else if (key) {
    become_keyed_ = true;
  }
}

void Writer::BecomeKeyed(const ChangeContext& who) {
  become_keyed_ = false;
  hasher_.keyed_from = next_id_;
  sql::Statement& from = Prepared(
      "INSERT INTO meta(key, value) VALUES ('keyed_from', ?1), ('key_check', ?2) "
      "ON CONFLICT(key) DO UPDATE SET value = excluded.value");
  from.bind(1, std::to_string(hasher_.keyed_from));
  from.bind(2, KeyCheck(*hasher_.key));
  from.exec();
  Audit(StoredProjectRef{}, "", AuditField::kKey, "", "", "hmac-sha256", who, false);
}

std::int64_t Writer::Audit(const StoredProjectRef& p, const std::string& indicator_key,
                           AuditField field, const std::string& field_source,
                           const std::string& old_value, const std::string& new_value,
                           const ChangeContext& who, bool after_submit) {
  if (become_keyed_) BecomeKeyed(who);
  AuditRow r;
  r.id = next_id_;
  r.at = NowUtc();
  r.author = who.author;
  r.project = p.name;
  r.indicator = indicator_key;
  r.field = field;
  r.field_source = field_source;
  r.old_value = old_value;
  r.new_value = new_value;
  r.reason = who.reason;
  r.source = who.source;
  r.after_submit = after_submit;
  r.prev_hash = head_;
  r.hash = hasher_.Hash(r);
  sql::Statement& ins = Prepared(std::string("INSERT INTO audit(") + kAuditColumns +
                                 ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)");
  ins.bind(1, r.id);
  ins.bind(2, r.at);
  ins.bind(3, r.author);
  ins.bind(4, r.project);
  ins.bind(5, r.indicator);
  ins.bind(6, r.FieldText());
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
  return r.id;
}

void Writer::Flush() {
  if (!digest_delta_.empty()) {
    // Read and written here, not added in SQL: SQLite turns an integer sum past 2^63 into a
    // real, PostgreSQL refuses it; the fingerprint wraps.
    sql::Statement& get = Prepared("SELECT results_digest FROM projects WHERE id = ?1");
    sql::Statement& set = Prepared("UPDATE projects SET results_digest = ?1 WHERE id = ?2");
    for (const auto& [id, delta] : digest_delta_) {
      std::uint64_t sum = 0;
      {
        const ResetAtExit done{get};
        get.bind(1, id);
        if (get.executeStep()) sum = DigestSum(get.getColumn(0).getInt64());
      }
      const ResetAtExit done{set};
      set.bind(1, StoredDigest(sum + delta));
      set.bind(2, id);
      set.exec();
    }
    digest_delta_.clear();
  }
  if (!dirty_) return;
  // Both in one statement: one round trip.
  sql::Statement& meta = Prepared(
      "UPDATE meta SET value = CASE key WHEN 'audit_head' THEN ?1 ELSE ?2 END "
      "WHERE key IN ('audit_head', 'audit_rows')");
  meta.bind(1, head_);
  meta.bind(2, std::to_string(next_id_ - 1));
  meta.exec();
  dirty_ = false;
}

void Writer::MakeKeyed(const ChangeContext& who) {
  if (become_keyed_) BecomeKeyed(who);
}

std::vector<AuditRow> SqliteStore::History(const StoredProjectRef& p,
                                           const std::optional<StoredIndicatorRef>& i) {
  std::vector<AuditRow> out;
  sql::Statement q(*db_, std::string("SELECT ") + kAuditColumns +
                             " FROM audit WHERE project = ?1 AND (indicator = ?2 OR ?2 IS "
                             "NULL) ORDER BY id");  // ?2 typed by its comparison first (PostgreSQL)
  q.bind(1, p.name);
  if (i) {
    q.bind(2, i->key);
  } else {
    q.bind(2);
  }
  while (q.executeStep()) out.push_back(ReadAuditRow(q));
  return out;
}

bool SqliteStore::TrailEndsAsRecorded() {
  sql::Statement q(*db_,
                   "SELECT (SELECT value FROM meta WHERE key = 'audit_rows'), "
                   "(SELECT value FROM meta WHERE key = 'audit_head'), "
                   "(SELECT id FROM audit ORDER BY id DESC LIMIT 1), "
                   "(SELECT hash FROM audit ORDER BY id DESC LIMIT 1)");
  if (!q.executeStep()) return false;
  const std::string rows = TextOr(q.getColumn(0), "0");
  const std::string head = TextOr(q.getColumn(1), kZeroHash);
  if (q.getColumn(2).isNull()) return rows == "0" && head == kZeroHash;
  return rows == std::to_string(q.getColumn(2).getInt64()) && head == q.getColumn(3).getString();
}

std::optional<ChainAnchor> SqliteStore::Anchor() {
  // One statement, one snapshot: the count, the head and the times agree while another
  // connection writes (`jixiao serve` on PostgreSQL has several).
  sql::Statement q(*db_,
                   "SELECT (SELECT value FROM meta WHERE key = 'audit_rows'), "
                   "(SELECT value FROM meta WHERE key = 'audit_head'), "
                   "(SELECT value FROM meta WHERE key = 'keyed_from'), "
                   "(SELECT at FROM audit ORDER BY id LIMIT 1), "
                   "(SELECT at FROM audit ORDER BY id DESC LIMIT 1)");
  if (!q.executeStep()) return std::nullopt;
  ChainAnchor a;
  a.rows = std::stoll(TextOr(q.getColumn(0), "0"));
  if (a.rows == 0) return std::nullopt;
  a.head = TextOr(q.getColumn(1), kZeroHash);
  a.keyed = std::stoll(TextOr(q.getColumn(2), "0")) > 0;
  a.first_at = TextOr(q.getColumn(3), "");
  a.last_at = TextOr(q.getColumn(4), "");
  return a;
}

}  // namespace jixiao
