// jixiao submit PROJECT --by NAME — signs off a project's results (状态: 已提交). Later changes
// need --reason and are marked for auditors.
#include <ostream>

#include "engine/cli/app.h"
#include "indicators/i18n.h"

namespace jixiao {

void AddSubmitCommand(CLI::App& app, CliContext& ctx) {
  auto project = std::make_shared<std::string>();
  auto by = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand("submit", "Sign off a project's results (已提交)");
  cmd->add_option("PROJECT", *project, "Project: id, name or unique prefix")->required();
  cmd->add_option("--by", *by, "Who signs off")->required();
  cmd->callback([project, by, &ctx] {
    auto store = OpenStore(ctx);
    const StoredProjectRef p = store->ResolveProject(*project);
    store->Submit(p, ChangeContext{*by, "", "cli"});
    ctx.out << TrF("{}: submitted (已提交)", p.name) << "\n";
  });
}

}  // namespace jixiao
