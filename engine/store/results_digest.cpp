#include "engine/store/results_digest.h"

#include <sodium.h>

#include <array>
#include <bit>
#include <cstring>
#include <string>
#include <unordered_map>
#include <vector>

#include "engine/store/sql.h"

namespace jixiao {
namespace {

// The fixed key: the fingerprint is a checksum against edits made outside jixiao, not a secret
// (the chain's HMAC key is the secret). Changing it changes every stored fingerprint.
constexpr unsigned char kKey[crypto_shorthash_KEYBYTES] = {'j', 'i', 'x', 'i', 'a', 'o', ' ', 'r',
                                                           'e', 's', 'u', 'l', 't', 's', ' ', '1'};

// kind, then each text with its length (no text can pass for two), then the audit row.
std::uint64_t RowHash(char kind, std::string_view key, std::string_view field,
                      std::string_view value, std::optional<std::int64_t> audit_id) {
  // Two million rows for a province's whole-store read: the bytes go on the stack when they fit.
  const std::size_t n = 1 + 3 * 8 + key.size() + field.size() + value.size() + 1 + 8;
  std::array<unsigned char, 512> small;
  std::vector<unsigned char> large;
  unsigned char* w = small.data();
  if (n > small.size()) {
    large.resize(n);
    w = large.data();
  }
  const unsigned char* const begin = w;
  const auto put = [&](std::uint64_t v) {  // little-endian
    if constexpr (std::endian::native == std::endian::little) {
      std::memcpy(w, &v, 8);
      w += 8;
    } else {
      for (int k = 0; k < 8; ++k) *w++ = static_cast<unsigned char>((v >> (8 * k)) & 0xFF);
    }
  };
  *w++ = static_cast<unsigned char>(kind);
  for (std::string_view s : {key, field, value}) {
    put(s.size());
    if (!s.empty()) std::memcpy(w, s.data(), s.size());
    w += s.size();
  }
  *w++ = audit_id ? 1 : 0;
  put(static_cast<std::uint64_t>(audit_id.value_or(0)));
  unsigned char out[crypto_shorthash_BYTES];
  crypto_shorthash(out, begin, n, kKey);
  std::uint64_t h = 0;
  for (int k = 0; k < 8; ++k) h |= static_cast<std::uint64_t>(out[k]) << (8 * k);
  return h;
}

}  // namespace

std::optional<std::int64_t> AuditIdOf(const sql::Column& audit_id) {
  if (audit_id.isNull()) return std::nullopt;
  return audit_id.getInt64();
}

std::uint64_t IndicatorResultHash(std::string_view key, std::string_view field,
                                  std::string_view value, std::optional<std::int64_t> audit_id) {
  return RowHash('i', key, field, value, audit_id);
}

std::uint64_t ProjectResultHash(std::string_view field, std::string_view value,
                                std::optional<std::int64_t> audit_id) {
  return RowHash('p', "", field, value, audit_id);
}

namespace {

// Each project's sum of its rows, by project id (projects with no rows absent).
std::unordered_map<std::int64_t, std::uint64_t> Sums(sql::Connection& db) {
  std::unordered_map<std::int64_t, std::uint64_t> sums;
  {
    sql::Statement q(db,
                     "SELECT i.project_id, i.key, r.field, r.value, r.audit_id FROM results r "
                     "JOIN indicators i ON i.id = r.indicator_id");
    while (q.executeStep()) {
      sums[q.getColumn(0).getInt64()] +=
          IndicatorResultHash(q.getColumn(1).getText(), q.getColumn(2).getText(),
                              q.getColumn(3).getText(), AuditIdOf(q.getColumn(4)));
    }
  }
  {
    sql::Statement q(db, "SELECT project_id, field, value, audit_id FROM project_results");
    while (q.executeStep()) {
      sums[q.getColumn(0).getInt64()] += ProjectResultHash(
          q.getColumn(1).getText(), q.getColumn(2).getText(), AuditIdOf(q.getColumn(3)));
    }
  }
  return sums;
}

}  // namespace

void DigestAllResults(sql::Connection& db) {
  const std::unordered_map<std::int64_t, std::uint64_t> sums = Sums(db);
  db.exec("UPDATE projects SET results_digest = 0");
  sql::Statement up(db, "UPDATE projects SET results_digest = ?1 WHERE id = ?2");
  for (const auto& [id, sum] : sums) {
    up.reset();
    up.bind(1, StoredDigest(sum));
    up.bind(2, id);
    up.exec();
  }
}

std::vector<std::string> ProjectsWithOtherFingerprint(sql::Connection& db) {
  const std::unordered_map<std::int64_t, std::uint64_t> sums = Sums(db);
  std::vector<std::string> out;
  sql::Statement q(db, "SELECT id, name, results_digest FROM projects ORDER BY id");
  while (q.executeStep()) {
    const auto it = sums.find(q.getColumn(0).getInt64());
    const std::uint64_t sum = it == sums.end() ? 0 : it->second;
    if (sum != DigestSum(q.getColumn(2).getInt64())) out.push_back(q.getColumn(1).getString());
  }
  return out;
}

}  // namespace jixiao
