#include "engine/store/store_batch.h"

#include <memory>
#include <mutex>
#include <optional>

#include "engine/batch/ordered.h"

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

// A project through ScoreEveryStoredProject's workers: scored, rejected, or to be read again
// on the store's thread (not in this jixiao's compiled form).
struct Worked {
  StoredProjectRef ref;
  std::unique_ptr<ScoredProject> scored;  // not moved: a score may point into its project
  std::optional<RejectedFile> rejected;
  bool read_again = false;
};

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

void ScoreEveryStoredProject(Store& store, PolicySet& policies, int threads,
                             const ScoreStored& score,
                             const std::function<void(ScoredProject& scored)>& take,
                             const OnRejected& rejected) {
  std::mutex policies_mu;  // PolicySet caches what it loads; the policies themselves are const
  const auto get = [&](const std::string& name) -> const Policy& {
    std::lock_guard lock(policies_mu);
    return policies.Get(name, store.path());
  };
  const auto finish = [&](const StoredProjectRef& ref, Store::Loaded&& loaded,
                          const Diagnostics& errors, Worked& w) {
    const Policy* policy = PolicyOf(store, ref, loaded, errors, get, w.rejected);
    if (!policy) return;
    w.scored = std::make_unique<ScoredProject>();
    score(*w.scored, loaded.source, std::move(loaded.file), std::move(loaded.warnings), *policy);
  };
  const auto work_one = [&](StoredRecord&& r) {
    Worked w;
    w.ref = r.ref;
    Diagnostics errors;
    std::optional<Store::Loaded> loaded = DecodeRecord(std::move(r), errors);
    if (!loaded && errors.empty()) {
      w.read_again = true;
      return w;
    }
    finish(w.ref, std::move(*loaded), errors, w);
    return w;
  };
  const auto handed_one = [&](Worked& w) {
    if (w.read_again) {
      // Read on this thread, which owns the store's connection: its text is the record.
      Diagnostics errors;
      Store::Loaded loaded = ReadAsText(store, w.ref, errors);
      finish(w.ref, std::move(loaded), errors, w);
    }
    if (w.rejected) rejected(std::move(*w.rejected));
    if (w.scored) take(*w.scored);
  };
  // Projects travel in chunks: a hand-over between threads costs a wake-up (a system call and,
  // on a virtual machine, an interrupt), too dear to pay twice per project.
  constexpr std::size_t kChunk = 64;
  using Chunk = std::vector<StoredRecord>;
  Ordered<Chunk, std::vector<Worked>> pipeline(
      threads,
      [&](Chunk&& chunk) {
        std::vector<Worked> out;
        out.reserve(chunk.size());
        for (StoredRecord& r : chunk) out.push_back(work_one(std::move(r)));
        return out;
      },
      [&](std::vector<Worked>&& done) {
        for (Worked& w : done) handed_one(w);
      },
      /*window=*/8);
  Chunk chunk;
  store.ForEachRecord([&](StoredRecord&& r) {
    chunk.push_back(std::move(r));
    if (chunk.size() < kChunk) return;
    pipeline.Push(std::move(chunk));
    chunk = Chunk();
    chunk.reserve(kChunk);
  });
  if (!chunk.empty()) pipeline.Push(std::move(chunk));
  pipeline.Finish();
}

}  // namespace jixiao
