// jixiao init — creates the store (--db FILE, default jixiao.db), or upgrades an existing one.
#include <ostream>

#include "engine/cli/app.h"
#include "indicators/i18n.h"

namespace jixiao {

void AddInitCommand(CLI::App& app, CliContext& ctx) {
  CLI::App* cmd = app.add_subcommand("init", "Create the store (an SQLite file: --db FILE)");
  cmd->callback([&ctx] {
    const bool existed = std::filesystem::exists(ctx.db);
    auto store = OpenStore(ctx, /*create=*/true);
    ctx.out << (existed ? TrF("store {} (schema version {}, {} project(s))", ctx.db.string(),
                              Store::kSchemaVersion, store->Projects().size())
                        : TrF("created store {} (schema version {}, {} project(s))",
                              ctx.db.string(), Store::kSchemaVersion, store->Projects().size()))
            << "\n";
  });
}

}  // namespace jixiao
