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

// Every stored project scored on `lanes` threads, as ForEachStoredProject hands them over. The
// projects are cut into `lanes` ranges of ids (Store::SplitProjects), each read, decoded, given
// its policy and scored by one thread on a connection of its own, all connections seeing one
// state of the store (Store::SnapshotReaders). `score` fills a ScoredProject (safe to run
// concurrently: the policy it gets is shared); `take` and `rejected` get each project of lane k
// on lane k's thread, in id order, lane after lane covering the ids in order. So the projects,
// order and figures are ForEachStoredProject's with `score` in its callback, whatever `lanes`.
// When the store gives no such connections (another writer holds SQLite's lock), everything runs
// on the calling thread and `store`, one lane. The first exception of the lanes in order is
// rethrown once every thread has ended.
// With `failed` given, the results are checked against the trail as they are read, in the same
// state: each project's results fingerprint against the rows read (StoredRecord), and the
// trail's end (Store::TrailEndsAsRecorded). When either differs, `failed` is called after the
// lanes, with a connection in that state and the names of the projects whose fingerprint
// differs (in id order), and must throw; what the lanes handed over is then to be dropped.
using ScoreStored =
    std::function<void(ScoredProject& into, std::filesystem::path path, ProjectFile&& file,
                       Diagnostics&& load_warnings, const Policy& policy)>;
using TakeInLane = std::function<void(int lane, ScoredProject& scored)>;
using RejectedInLane = std::function<void(int lane, RejectedFile&& rejected)>;
struct LaneOptions {
  int lanes = 1;  // reading, scoring threads (at least 1)
  // Empty: no check.
  std::function<void(Store& state, const std::vector<std::string>& changed)> failed;
};
void ScoreEveryStoredProject(Store& store, PolicySet& policies, const LaneOptions& options,
                             const ScoreStored& score, const TakeInLane& take,
                             const RejectedInLane& rejected);

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
