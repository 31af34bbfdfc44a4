#include "engine/store/store_batch.h"

namespace jixiao {
namespace {

// Hands one read project over with its policy, or as rejected.
void HandOver(Store& store, const StoredProjectRef& ref, Store::Loaded&& loaded,
              const Diagnostics& errors, PolicySet& policies, const OnStoredLoaded& on_loaded,
              const OnStoredRejected& on_rejected) {
  const auto rejected = [&](RejectedFile&& r) { on_rejected(ref, std::move(r)); };
  if (!errors.empty()) {
    rejected(RejectedFile{store.path(), ref.name, errors});
    return;
  }
  const Policy* policy = nullptr;
  try {
    policy = &policies.Get(loaded.file.project.policy, store.path());
  } catch (const UsageError& e) {
    rejected(RejectedFile{
        store.path(),
        ref.name,
        {Diagnostic{Severity::kError, "unknown-policy", SourceLoc{store.path().string(), 0, 0},
                    e.what()}}});  // i18n: translated
    return;
  } catch (const InputError& e) {
    rejected(RejectedFile{store.path(), ref.name, e.diagnostics()});
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

}  // namespace jixiao
