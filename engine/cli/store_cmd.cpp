// jixiao store copy --from A --to B — moves a unit's whole store, with its audit trail, to another
// database: an SQLite file or a PostgreSQL database (postgresql://…), either way
// (engine/store/store_copy.h). The source must verify, the target must be new or empty; the copy
// is one transaction, committed only when the target verifies with the source's head.
// --key-file is the key of a keyed chain, on both sides.
#include <ostream>

#include "engine/cli/app.h"
#include "engine/store/store_copy.h"
#include "indicators/i18n.h"

namespace jixiao {
namespace {

struct StoreCopyOptions {
  std::string from, to;
};

std::int64_t RowsOf(const CopyOutcome& c, const std::string& table) {
  for (const auto& [name, rows] : c.tables)
    if (name == table) return rows;
  return 0;
}

void RunCopy(const StoreCopyOptions& o, CliContext& ctx) {
  if (o.from == o.to) {
    throw UsageError(TrF(
        "store copy: --from and --to are the same store ({}); give a new or empty target", o.from));
  }
  const CopyOutcome c =
      CopyStore(StoreOptionsFor(ctx, o.from, false), StoreOptionsFor(ctx, o.to, true));
  for (const auto& [table, rows] : c.tables) ctx.log->debug("copied {}: {} row(s)", table, rows);
  ctx.out << TrF("copied {} to {}: {} project(s), {} definition version(s), {} result(s), {} "
                 "audit row(s), {} user(s)",
                 o.from, o.to, RowsOf(c, "projects"), RowsOf(c, "definitions"),
                 RowsOf(c, "results") + RowsOf(c, "project_results"), RowsOf(c, "audit"),
                 RowsOf(c, "users"))
          << "\n";
  ctx.out << o.to << ": " << TrF("audit trail ok: {} row(s), head {}", c.target.rows, c.target.head)
          << "\n";
}

}  // namespace

void AddStoreCommand(CLI::App& app, CliContext& ctx) {
  auto opts = std::make_shared<StoreCopyOptions>();
  CLI::App* cmd = app.add_subcommand("store", "The store as a whole: copy it to another database");
  cmd->require_subcommand(1);
  CLI::App* copy = cmd->add_subcommand(
      "copy",
      "Copy a store with its audit trail into a new or empty one (SQLite file or "
      "postgresql://…); both must verify");
  copy->add_option("--from", opts->from, "The store to copy (SQLite file or postgresql://…)")
      ->required();
  copy->add_option("--to", opts->to,
                   "The new or empty store to copy into (SQLite file or postgresql://…)")
      ->required();
  copy->callback([opts, &ctx] { RunCopy(*opts, ctx); });
}

}  // namespace jixiao
