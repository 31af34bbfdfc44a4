#include "engine/store/store_batch.h"

#include <algorithm>
#include <exception>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace jixiao {
namespace {

// The policy of a read project, or nullptr with `rejected` filled (read errors, an unknown or
// bad policy). `get` looks a policy up by name.
const Policy* PolicyOf(Store& store, const StoredProjectRef& ref, const Store::Loaded& loaded,
                       const Diagnostics& errors,
                       const std::function<const Policy&(const std::string&)>& get,
                       std::optional<RejectedFile>& rejected) {
  if (!errors.empty()) {
    rejected = RejectedFile{store.path(), ref.name, errors};
    return nullptr;
  }
  try {
    return &get(loaded.file.project.policy);
  } catch (const UsageError& e) {
    rejected = RejectedFile{
        store.path(),
        ref.name,
        {Diagnostic{Severity::kError, "unknown-policy", SourceLoc{store.path().string(), 0, 0},
                    e.what()}}};  // i18n: translated
  } catch (const InputError& e) {
    rejected = RejectedFile{store.path(), ref.name, e.diagnostics()};
  }
  return nullptr;
}

// Hands one read project over with its policy, or as rejected.
void HandOver(Store& store, const StoredProjectRef& ref, Store::Loaded&& loaded,
              const Diagnostics& errors, PolicySet& policies, const OnStoredLoaded& on_loaded,
              const OnStoredRejected& on_rejected) {
  std::optional<RejectedFile> rejected;
  const Policy* policy = PolicyOf(
      store, ref, loaded, errors,
      [&](const std::string& name) -> const Policy& { return policies.Get(name, store.path()); },
      rejected);
  if (!policy) {
    on_rejected(ref, std::move(*rejected));
    return;
  }
  on_loaded(ref, loaded.source, std::move(loaded.file), std::move(loaded.warnings), *policy);
}

}  // namespace

void ForEachStoredProject(Store& store, const std::vector<std::string>& projects,
                          PolicySet& policies, spdlog::logger& log, const OnLoaded& loaded,
                          const OnRejected& rejected) {
  std::vector<StoredProjectRef> refs;
  for (const auto& q : projects) refs.push_back(store.ResolveProject(q));
  ForEachStoredProject(
      store, projects.empty() ? nullptr : &refs, policies, log,
      [&](const StoredProjectRef&, std::filesystem::path path, ProjectFile&& file,
          Diagnostics&& warnings, const Policy& policy) {
        loaded(std::move(path), std::move(file), std::move(warnings), policy);
      },
      [&](const StoredProjectRef&, RejectedFile&& r) { rejected(std::move(r)); });
}

void ForEachStoredProject(Store& store, const std::vector<StoredProjectRef>* refs,
                          PolicySet& policies, spdlog::logger& log, const OnStoredLoaded& loaded,
                          const OnStoredRejected& rejected) {
  if (!refs) {
    store.ForEachProject(
        [&](const StoredProjectRef& ref, Store::Loaded&& l, const Diagnostics& errors) {
          log.debug("read {} from the store", ref.name);
          HandOver(store, ref, std::move(l), errors, policies, loaded, rejected);
        });
    return;
  }
  for (const auto& ref : *refs) {
    log.debug("reading {} from the store", ref.name);
    Store::Loaded l;
    Diagnostics errors;
    try {
      l = store.ReadProject(ref);
    } catch (const InputError& e) {
      errors = e.diagnostics();
    }
    HandOver(store, ref, std::move(l), errors, policies, loaded, rejected);
  }
}

const char* ProgressCode(Progress p) {
  switch (p) {
    case Progress::kNotStarted:
      return "not-started";
    case Progress::kInProgress:
      return "in-progress";
    case Progress::kSubmitted:
      return "submitted";
  }
  return "not-started";
}

const char* ProgressLabel(Progress p) {
  switch (p) {
    case Progress::kNotStarted:
      return "未填报";
    case Progress::kInProgress:
      return "填报中";
    case Progress::kSubmitted:
      return "已提交";
  }
  return "未填报";
}

namespace {

// True when anything at all has been entered: the money spent or a result of an indicator.
bool AnythingEntered(const Results& r) {
  if (r.executed || !r.source_executed.empty() || r.status == Status::kNotStarted) return true;
  for (const auto& [key, a] : r.actuals) {
    if (a.value || a.judgement != Judgement::kNone || a.score || !a.reason.empty()) return true;
  }
  return false;
}

}  // namespace

Progress ProgressOf(const StoredProjectRef& ref, const Results& results, bool readable) {
  if (ref.status == ProjectStatus::kSubmitted) return Progress::kSubmitted;
  return readable && AnythingEntered(results) ? Progress::kInProgress : Progress::kNotStarted;
}

ActualsEntered CountActuals(const Project& project, const Results& results) {
  ActualsEntered n;
  for (const Indicator& ind : project.indicators) {
    if (!ind.applicable) continue;
    ++n.total;
    const Actual* a = results.Find(ind.key);
    if (a && (a->value || a->judgement != Judgement::kNone)) ++n.entered;
  }
  return n;
}

Batch LoadStoreBatch(Store& store, const std::vector<std::string>& projects, PolicySet& policies,
                     spdlog::logger& log, const BatchOptions& options) {
  Batch batch;
  ForEachStoredProject(
      store, projects, policies, log,
      [&](std::filesystem::path path, ProjectFile&& file, Diagnostics&& warnings,
          const Policy& policy) {
        AddToBatch(batch, std::move(path), std::move(file), std::move(warnings), policy, options);
      },
      [&](RejectedFile&& r) { batch.rejected.push_back(std::move(r)); });
  return batch;
}

void ScoreEveryStoredProject(Store& store, PolicySet& policies, const LaneOptions& options,
                             const ScoreStored& score, const TakeInLane& take,
                             const RejectedInLane& rejected) {
  std::mutex policies_mu;  // PolicySet caches what it loads; the policies themselves are const
  const auto get = [&](const std::string& name) -> const Policy& {
    std::lock_guard lock(policies_mu);
    return policies.Get(name, store.path());
  };
  const int lanes = std::max(1, options.lanes);
  const bool check = static_cast<bool>(options.failed);
  // By lane: the projects whose results fingerprint differs from their rows.
  std::vector<std::vector<std::string>> changed(static_cast<std::size_t>(lanes));
  // One lane: its range read on `reader`, each project decoded, scored and handed over.
  const auto lane = [&](Store& reader, int k, const IdRange& range) {
    reader.ForEachRecord(range, [&](StoredRecord&& r) {
      if (check && r.stored_digest != r.read_digest)
        changed[static_cast<std::size_t>(k)].push_back(r.ref.name);
      const StoredProjectRef ref = r.ref;
      Diagnostics errors;
      std::optional<Store::Loaded> loaded = DecodeRecord(std::move(r), errors);
      // Not in this jixiao's compiled form: its text is the record, read on this connection.
      if (!loaded && errors.empty()) loaded = ReadAsText(reader, ref, errors);
      std::optional<RejectedFile> rejected_file;
      const Policy* policy = PolicyOf(store, ref, *loaded, errors, get, rejected_file);
      if (!policy) return rejected(k, std::move(*rejected_file));
      ScoredProject scored;  // never moved: a score points into its project
      score(scored, loaded->source, std::move(loaded->file), std::move(loaded->warnings), *policy);
      take(k, scored);
    });
  };
  // The check's end, on a connection in the lanes' state.
  const auto conclude = [&](Store& state) {
    if (!check) return;
    std::vector<std::string> names;
    for (auto& c : changed) names.insert(names.end(), c.begin(), c.end());
    if (!names.empty() || !state.TrailEndsAsRecorded()) options.failed(state, names);
  };
  std::vector<std::unique_ptr<Store>> readers;
  if (lanes > 1) readers = store.SnapshotReaders(lanes);
  if (readers.empty()) {
    lane(store, 0, IdRange{});
    conclude(store);
    return;
  }
  const std::vector<IdRange> ranges = readers[0]->SplitProjects(lanes);
  std::vector<std::exception_ptr> failed(ranges.size());
  std::vector<std::thread> threads;
  {
    struct JoinAll {
      std::vector<std::thread>& threads;
      ~JoinAll() {
        for (std::thread& t : threads)
          if (t.joinable()) t.join();
      }
    } join{threads};
    const auto guarded = [&](std::size_t slot, auto&& body) {
      try {
        body();
      } catch (...) {
        failed[slot] = std::current_exception();
      }
    };
    for (std::size_t k = 1; k < ranges.size(); ++k) {
      threads.emplace_back(
          [&, k] { guarded(k, [&] { lane(*readers[k], static_cast<int>(k), ranges[k]); }); });
    }
    guarded(0, [&] { lane(*readers[0], 0, ranges[0]); });
  }
  for (const std::exception_ptr& e : failed)
    if (e) std::rethrow_exception(e);
  conclude(*readers[0]);
}

}  // namespace jixiao
