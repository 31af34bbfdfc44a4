// jixiao init — creates the store (--db FILE, default jixiao.db), or upgrades an existing one.
#include <ostream>

#include "engine/cli/app.h"

namespace jixiao {

void AddInitCommand(CLI::App& app, CliContext& ctx) {
  CLI::App* cmd = app.add_subcommand("init", "Create the store (an SQLite file: --db FILE)");
  cmd->callback([&ctx] {
    const bool existed = std::filesystem::exists(ctx.db);
    auto store = OpenStore(ctx, /*create=*/true);
    ctx.out << (existed ? "store " : "created store ") << ctx.db.string() << " (schema version "
            << Store::kSchemaVersion << ", " << store->Projects().size() << " project(s))\n";
  });
}

}  // namespace jixiao
