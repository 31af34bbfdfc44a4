// jixiao submit PROJECT... --by NAME, jixiao submit --all --by NAME — signs off projects' results
// (状态: 已提交). Later changes need --reason and are marked for auditors. With --all, every
// project not yet submitted is signed off, each in its own transaction; those already submitted are
// named.
#include <ostream>

#include "engine/cli/app.h"
#include "indicators/i18n.h"

namespace jixiao {
namespace {

struct SubmitOptions {
  std::vector<std::string> projects;  // id, name or unique part of it
  bool all = false;                   // every stored project not yet submitted
  std::string by;
};

void RunSubmit(const SubmitOptions& o, CliContext& ctx) {
  if (o.all == !o.projects.empty()) {
    throw UsageError(Tr("submit: give PROJECT... or --all (not both)"));
  }
  auto store = OpenStore(ctx);
  std::vector<StoredProjectRef> refs;
  if (o.all) {
    refs = store->Projects();
  } else {
    for (const auto& q : o.projects) refs.push_back(store->ResolveProject(q));
  }
  std::size_t submitted = 0;
  for (const StoredProjectRef& p : refs) {
    if (o.all && p.status == ProjectStatus::kSubmitted) {
      ctx.out << TrF("{}: already submitted (已提交)", p.name) << "\n";
      continue;
    }
    store->Submit(p, ChangeContext{o.by, "", "cli"});
    ctx.out << TrF("{}: submitted (已提交)", p.name) << "\n";
    ++submitted;
  }
  if (o.all) ctx.out << TrF("{} project(s) submitted", submitted) << "\n";
}

}  // namespace

void AddSubmitCommand(CLI::App& app, CliContext& ctx) {
  auto opts = std::make_shared<SubmitOptions>();
  CLI::App* cmd = app.add_subcommand("submit", "Sign off projects' results (已提交)");
  cmd->add_option("PROJECT", opts->projects, "Projects: id, name or a unique part of the name");
  cmd->add_flag("--all", opts->all, "Every stored project not yet submitted");
  cmd->add_option("--by", opts->by, "Who signs off")->required();
  cmd->callback([opts, &ctx] { RunSubmit(*opts, ctx); });
}

}  // namespace jixiao
