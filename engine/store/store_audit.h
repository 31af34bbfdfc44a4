// engine/store/store_audit.h — the auditor's review (scoring/audit.h) of a store's scored
// projects: what `jixiao audit --db` reports and the web workspace's findings page shows, from
// one function.
#ifndef JIXIAO_ENGINE_STORE_STORE_AUDIT_H_
#define JIXIAO_ENGINE_STORE_STORE_AUDIT_H_

#include <cstddef>
#include <vector>

#include "engine/batch/batch.h"
#include "engine/store/store.h"
#include "scoring/audit.h"

namespace jixiao {

struct StoreAudit {
  std::vector<AuditFinding> findings;  // the projects that could not be read first, then Audit's
  std::vector<AuditFinding> rejected;  // those of the projects that could not be read
  std::size_t projects = 0;            // projects audited
};

// Audits `batch` (the store's projects, LoadStoreBatch) with each project's audit trail, so that
// the history rules apply (changes after sign-off, values changed many times, …).
StoreAudit AuditStoredBatch(Store& store, const Batch& batch);

// A project's audit trail as the history rules read it.
std::vector<HistoryEntry> HistoryEntries(Store& store, const StoredProjectRef& project);

}  // namespace jixiao

#endif  // JIXIAO_ENGINE_STORE_STORE_AUDIT_H_
