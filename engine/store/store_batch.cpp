#include "engine/store/store_batch.h"

namespace jixiao {

Batch LoadStoreBatch(Store& store, const std::vector<std::string>& projects, PolicySet& policies,
                     spdlog::logger& log, const BatchOptions& options) {
  std::vector<StoredProjectRef> refs;
  if (projects.empty()) {
    refs = store.Projects();
  } else {
    for (const auto& q : projects) refs.push_back(store.ResolveProject(q));
  }
  Batch batch;
  for (const auto& ref : refs) {
    log.debug("reading {} from the store", ref.name);
    try {
      Store::Loaded loaded = store.ReadProject(ref);
      const Policy& policy = policies.Get(loaded.file.project.policy, store.path());
      AddToBatch(batch, loaded.source, std::move(loaded.file), std::move(loaded.warnings), policy,
                 options);
    } catch (const InputError& e) {
      batch.rejected.push_back(RejectedFile{store.path(), ref.name, e.diagnostics()});
    } catch (const UsageError& e) {
      batch.rejected.push_back(
          RejectedFile{store.path(),
                       ref.name,
                       {Diagnostic{Severity::kError, "unknown-policy",
                                   SourceLoc{store.path().string(), 0, 0}, e.what()}}});
    }
  }
  return batch;
}

}  // namespace jixiao
