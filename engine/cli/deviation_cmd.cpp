// jixiao deviation set PROJECT INDICATOR TEXT --by NAME — 偏差原因分析及改进措施 of an indicator.
#include <ostream>

#include "engine/cli/app.h"
#include "indicators/i18n.h"

namespace jixiao {
namespace {

struct DeviationOptions {
  std::string project, indicator, text, by, reason;
};

}  // namespace

void AddDeviationCommand(CLI::App& app, CliContext& ctx) {
  auto opts = std::make_shared<DeviationOptions>();
  CLI::App* cmd =
      app.add_subcommand("deviation", "Enter deviation reasons (偏差原因分析及改进措施)");
  cmd->require_subcommand(1);
  CLI::App* set = cmd->add_subcommand("set", "Set the deviation reason of an indicator");
  set->add_option("PROJECT", opts->project, "Project: id, name or a unique part of it")->required();
  set->add_option("INDICATOR", opts->indicator, "Indicator: id, name, key or a unique part of one")
      ->required();
  set->add_option("TEXT", opts->text, "The reason and the remedy")->required();
  set->add_option("--by", opts->by, "Who enters it")->required();
  set->add_option("--reason", opts->reason, "Why the change (required after sign-off)");
  set->callback([opts, &ctx] {
    auto store = OpenStore(ctx);
    const StoredProjectRef p = store->ResolveProject(opts->project);
    const StoredIndicatorRef i = store->ResolveIndicator(p, opts->indicator);
    (void)store->SetDeviation(p, i, opts->text, ChangeContext{opts->by, opts->reason, "cli"});
    ctx.out << TrF("{} / {}: deviation reason set", p.name, i.name) << "\n";
  });
}

}  // namespace jixiao
