// engine/store/store_copy.h — `jixiao store copy`: a unit's whole store moved to another
// database, of the same engine or another (SQLite file → SQLite file, SQLite → PostgreSQL,
// PostgreSQL → SQLite), with its audit trail as it is.
//
// Contract:
//  * The source must verify (Store::Verify: chain, protection, replay) before anything is
//    written; a broken trail is refused (StoreError "copy-source-broken") and nothing is copied.
//  * The target must be new or empty (no project, audit row, user …): otherwise StoreError
//    "copy-target-not-empty" and nothing is written. A new target is created (schema of this
//    jixiao) without a key, so that the source's trail, keyed or not, is what it holds.
//  * Every row of every table is copied verbatim in an order that satisfies the foreign keys:
//    ids kept, the audit rows with their hashes unchanged, the chain's meta (head, row count,
//    key) as the source records it. All of it in one transaction on the target; the target is
//    verified inside that transaction and the copy is committed only when it verifies with the
//    source's head and row count (StoreError "copy-target-broken" otherwise, nothing kept).
//  * Written once against engine/store/sql.h: any pair of backends Store::Open knows.
#ifndef JIXIAO_ENGINE_STORE_STORE_COPY_H_
#define JIXIAO_ENGINE_STORE_STORE_COPY_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "engine/store/store.h"

namespace jixiao {

struct CopyOutcome {
  // Each table with the number of rows copied, in the order copied.
  std::vector<std::pair<std::string, std::int64_t>> tables;
  VerifyResult source;  // the source's verification, before the copy
  VerifyResult target;  // the target's, after the copy (same head and rows as the source)
};

// Copies the store of `from` into `to` (to.create is implied). `from.key`, when given, is the
// key of a keyed chain: both sides are verified with it.
CopyOutcome CopyStore(const StoreOptions& from, const StoreOptions& to);

}  // namespace jixiao

#endif  // JIXIAO_ENGINE_STORE_STORE_COPY_H_
