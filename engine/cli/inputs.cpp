// LoadInputs (engine/cli/app.h): the one place that decides whether a reading command reads
// project files or the store.
#include "engine/cli/app.h"
#include "engine/store/store_batch.h"

namespace jixiao {

Inputs LoadInputs(const std::vector<std::string>& args, bool store_when_empty, CliContext& ctx,
                  PolicySet& policies, const BatchOptions& options) {
  Inputs in;
  if (ctx.db_given || (args.empty() && store_when_empty)) {
    in.store = OpenStore(ctx);
    if (ctx.check_trail && !ctx.unverified) RequireResultsFollowTrail(*in.store);
    in.batch = LoadStoreBatch(*in.store, args, policies, *ctx.log, options);
  } else {
    in.batch = LoadBatchAndScore(args, policies, *ctx.log, options);
  }
  return in;
}

std::unique_ptr<Store> ForEachInput(const std::vector<std::string>& args, bool store_when_empty,
                                    CliContext& ctx, PolicySet& policies, const OnLoaded& loaded,
                                    const OnRejected& rejected) {
  if (ctx.db_given || (args.empty() && store_when_empty)) {
    std::unique_ptr<Store> store = OpenStore(ctx);
    if (ctx.check_trail && !ctx.unverified) RequireResultsFollowTrail(*store);
    ForEachStoredProject(*store, args, policies, *ctx.log, loaded, rejected);
    return store;
  }
  ForEachProjectFile(args, policies, *ctx.log, loaded, rejected);
  return nullptr;
}

}  // namespace jixiao
