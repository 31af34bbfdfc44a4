// engine/store/store_batch.h — a Batch (engine/batch/batch.h) read from the store instead of files:
// each project's current definition with the results entered in the store.
#ifndef JIXIAO_ENGINE_STORE_STORE_BATCH_H_
#define JIXIAO_ENGINE_STORE_STORE_BATCH_H_

#include <string>
#include <vector>

#include "engine/batch/batch.h"
#include "engine/store/store.h"

namespace jixiao {

// Scores the stored projects named in `projects` (id, name or a unique part of it; empty: all of
// them) under their policies. Unknown or ambiguous names throw UsageError.
Batch LoadStoreBatch(Store& store, const std::vector<std::string>& projects, PolicySet& policies,
                     spdlog::logger& log, const BatchOptions& options = {});

// The same projects streamed (engine/batch/batch.h): each handed over and dropped. All of the store
// is read in one pass (Store::ForEachProject).
void ForEachStoredProject(Store& store, const std::vector<std::string>& projects,
                          PolicySet& policies, spdlog::logger& log, const OnLoaded& loaded,
                          const OnRejected& rejected);

}  // namespace jixiao

#endif  // JIXIAO_ENGINE_STORE_STORE_BATCH_H_
