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

// The same with each project's reference: `refs` (nullptr: all of the store, in one pass).
using OnStoredLoaded =
    std::function<void(const StoredProjectRef& ref, std::filesystem::path path, ProjectFile&& file,
                       Diagnostics&& load_warnings, const Policy& policy)>;
using OnStoredRejected = std::function<void(const StoredProjectRef& ref, RejectedFile&& rejected)>;
void ForEachStoredProject(Store& store, const std::vector<StoredProjectRef>* refs,
                          PolicySet& policies, spdlog::logger& log, const OnStoredLoaded& loaded,
                          const OnStoredRejected& rejected);

// Every stored project scored on `threads` threads, as ForEachStoredProject hands them over:
// the store is read on the calling thread, each project decoded and given its policy on a worker
// thread, and `score` (safe to run concurrently: the policy it gets is shared) fills a
// ScoredProject there. `take` and `rejected` run on the calling thread, in id order: the same
// projects, order and figures as ForEachStoredProject with `score` in its callback. threads <= 1
// runs everything on the calling thread.
using ScoreStored = std::function<void(ScoredProject& into, std::filesystem::path path,
                                       ProjectFile&& file, Diagnostics&& load_warnings,
                                       const Policy& policy)>;
void ScoreEveryStoredProject(Store& store, PolicySet& policies, int threads,
                             const ScoreStored& score,
                             const std::function<void(ScoredProject& scored)>& take,
                             const OnRejected& rejected);

// Where a stored project stands in the year-end job (状态): 未填报 nothing entered yet, 填报中
// results being entered, 已提交 signed off.
enum class Progress { kNotStarted, kInProgress, kSubmitted };
const char* ProgressCode(Progress p);   // "not-started", "in-progress", "submitted"
const char* ProgressLabel(Progress p);  // 未填报, 填报中, 已提交 (the form's words)
// `readable`: the project's results could be read (an unreadable one counts as nothing entered).
Progress ProgressOf(const StoredProjectRef& ref, const Results& results, bool readable);

// How many applicable indicators have an actual (a value or a judgement), of how many.
struct ActualsEntered {
  std::size_t entered = 0;
  std::size_t total = 0;
};
ActualsEntered CountActuals(const Project& project, const Results& results);

}  // namespace jixiao

#endif  // JIXIAO_ENGINE_STORE_STORE_BATCH_H_
