// engine/store/results_digest.h — the fingerprint of a project's stored results.
//
// A project's fingerprint (projects.results_digest) is the sum, modulo 2^64, of a 64-bit keyed
// hash (SipHash-2-4, libsodium's crypto_shorthash, under a fixed key) of every result row it has:
// each indicator result's (indicator key, field, value, the audit row it names) and each
// project-level result's (field, value, audit row). The one write path (Writer::SetResult,
// SetProjectResult) keeps it in the same transaction as the row and its audit row, so it changes
// with every change jixiao makes, and with nothing else.
//
// A whole-store read sums the rows it reads anyway and compares: a row changed, added, deleted or
// pointed at another audit row behind jixiao's back gives another sum. That is the read check's
// quick part (docs/store.md §"The read check"); the row-by-row check (Store::CheckResults) then
// names the rows, and `jixiao verify` replays the whole trail. Like the row-by-row check, it
// stops edits made outside jixiao, not someone who rewrites jixiao's own records too: that is
// what the hash chain and verify are for.
#ifndef JIXIAO_ENGINE_STORE_RESULTS_DIGEST_H_
#define JIXIAO_ENGINE_STORE_RESULTS_DIGEST_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace jixiao {

namespace sql {
class Column;
class Connection;
}  // namespace sql

// The audit row a result row names, from its audit_id column (nullopt: NULL).
std::optional<std::int64_t> AuditIdOf(const sql::Column& audit_id);

// One indicator result row's hash. `audit_id` nullopt: the row names no audit row.
std::uint64_t IndicatorResultHash(std::string_view key, std::string_view field,
                                  std::string_view value, std::optional<std::int64_t> audit_id);
// One project-level result row's hash (field as stored: "executed", "source_executed:…" …).
std::uint64_t ProjectResultHash(std::string_view field, std::string_view value,
                                std::optional<std::int64_t> audit_id);

// The fingerprint as stored (a signed 64-bit integer, the same bits) and back.
inline std::int64_t StoredDigest(std::uint64_t sum) { return static_cast<std::int64_t>(sum); }
inline std::uint64_t DigestSum(std::int64_t stored) { return static_cast<std::uint64_t>(stored); }

// Computes every project's fingerprint from its rows and stores it (the migration to schema
// version 5, and a store whose fingerprints are to be made anew). Runs in the caller's
// transaction.
void DigestAllResults(sql::Connection& db);
// The projects whose stored fingerprint is not the sum of their rows, by name in id order (verify).
std::vector<std::string> ProjectsWithOtherFingerprint(sql::Connection& db);

}  // namespace jixiao

#endif  // JIXIAO_ENGINE_STORE_RESULTS_DIGEST_H_
