#include "engine/store/store_batch.h"

namespace jixiao {
namespace {

// Hands one read project over with its policy, or as rejected.
void HandOver(Store& store, const StoredProjectRef& ref, Store::Loaded&& loaded,
              const Diagnostics& errors, PolicySet& policies, const OnLoaded& on_loaded,
              const OnRejected& rejected) {
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
  on_loaded(loaded.source, std::move(loaded.file), std::move(loaded.warnings), *policy);
}

}  // namespace

void ForEachStoredProject(Store& store, const std::vector<std::string>& projects,
                          PolicySet& policies, spdlog::logger& log, const OnLoaded& loaded,
                          const OnRejected& rejected) {
  if (projects.empty()) {
    store.ForEachProject(
        [&](const StoredProjectRef& ref, Store::Loaded&& l, const Diagnostics& errors) {
          log.debug("read {} from the store", ref.name);
          HandOver(store, ref, std::move(l), errors, policies, loaded, rejected);
        });
    return;
  }
  std::vector<StoredProjectRef> refs;
  for (const auto& q : projects) refs.push_back(store.ResolveProject(q));
  for (const auto& ref : refs) {
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
