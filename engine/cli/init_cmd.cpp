// jixiao init — creates the store (--db FILE or --db postgresql://…, default jixiao.db), or
// upgrades an existing one. On PostgreSQL the database must exist and be empty: init creates the
// schema in it.
#include <ostream>

#include "engine/cli/app.h"
#include "indicators/i18n.h"

namespace jixiao {

void AddInitCommand(CLI::App& app, CliContext& ctx) {
  CLI::App* cmd = app.add_subcommand(
      "init",
      "Create the store (--db FILE for an SQLite file, or --db postgresql://… for an existing, "
      "empty PostgreSQL database)");
  cmd->callback([&ctx] {
    auto store = OpenStore(ctx, /*create=*/true);
    // The store's name as Open gives it: a PostgreSQL URL without its password.
    const std::string name = store->path().string();
    ctx.out << (store->created() ? TrF("created store {} (schema version {}, {} project(s))", name,
                                       Store::kSchemaVersion, store->Projects().size())
                                 : TrF("store {} (schema version {}, {} project(s))", name,
                                       Store::kSchemaVersion, store->Projects().size()))
            << "\n";
  });
}

}  // namespace jixiao
