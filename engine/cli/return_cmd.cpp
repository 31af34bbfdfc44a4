// jixiao return PROJECT --by NAME --reason TEXT — returns a submitted project to its manager
// (退回): its status goes back to draft, with the reason in the audit trail.
#include <ostream>

#include "engine/cli/app.h"
#include "indicators/i18n.h"
#include "indicators/text.h"

namespace jixiao {
namespace {

struct ReturnOptions {
  std::string project;  // id, name or unique part of it
  std::string by;
  std::string reason;
};

void RunReturn(const ReturnOptions& o, CliContext& ctx) {
  auto store = OpenStore(ctx);
  const StoredProjectRef p = store->ResolveProject(o.project);
  store->Return(p, ChangeContext{o.by, o.reason, "cli"});
  ctx.out << TrF("{}: returned to its manager (退回), now draft", EscapeControls(p.name)) << "\n";
}

}  // namespace

void AddReturnCommand(CLI::App& app, CliContext& ctx) {
  auto opts = std::make_shared<ReturnOptions>();
  CLI::App* cmd = app.add_subcommand(
      "return", "Return a submitted project to its manager (退回), with a reason");
  cmd->add_option("PROJECT", opts->project, "Project: id, name or a unique part of it")->required();
  cmd->add_option("--by", opts->by, "Who returns it")->required();
  cmd->add_option("--reason", opts->reason, "Why: what the manager should correct")->required();
  cmd->callback([opts, &ctx] { RunReturn(*opts, ctx); });
}

}  // namespace jixiao
