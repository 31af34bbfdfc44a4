// jixiao load PATH... — validates definitions (as `check` does) and stores them, all in one
// transaction: nothing is stored if any file is invalid. A changed file becomes a new version.
#include <fstream>
#include <ostream>
#include <sstream>

#include "engine/batch/batch.h"
#include "engine/cli/app.h"
#include "indicators/i18n.h"

namespace jixiao {
namespace {

struct LoadOptions {
  std::vector<std::string> paths;
  std::string by;      // who loads (the audit trail's author)
  bool force = false;  // allow removing indicators that have actuals (with --reason)
  std::string reason;
};

void RunLoad(const LoadOptions& o, CliContext& ctx) {
  if (TrimText(o.by).empty()) throw UsageError(Tr("who is loading? give --by NAME"));
  if (o.force && TrimText(o.reason).empty()) throw UsageError(Tr("--force needs --reason TEXT"));
  PolicySet policies(ctx.policy);
  // Validate everything first: scoring checks included, as `check` does.
  struct Item {
    std::filesystem::path path;
    std::string text;
    ProjectFile file;
    Diagnostics warnings;  // the loader's, stored with the compiled definition
  };
  std::vector<Item> items;
  std::size_t errors = 0;
  for (const auto& path : ExpandPaths(o.paths)) {
    if (IsPolicyFile(path)) continue;
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    if (!in && !in.eof()) throw IoError(TrF("{}: cannot read", path.string()));
    LoadResult r = LoadProjectText(text.str(), path.string());
    Diagnostics all = r.diagnostics;
    if (r.ok()) {
      try {
        const Policy& policy = policies.Get(r.file->project.policy, path);
        // On a copy: the value is stored as typed, and a policy's reading of it is made (and
        // said) again each time it is scored.
        Results results = r.file->results;
        const ProjectScore s =
            ScoreChecked(r.file->project, results, r.file->published, policy, Purpose::kCheck);
        all.insert(all.end(), s.findings.begin(), s.findings.end());
      } catch (const UsageError& e) {
        all.push_back(Diagnostic{Severity::kError, "unknown-policy", r.file->project.policy_loc,
                                 e.what()});  // i18n: translated
      }
    }
    for (const auto& d : all) {
      if (d.severity == Severity::kError) {
        ++errors;
        ctx.err << d.str() << "\n";
      }
    }
    if (!HasErrors(all)) {
      items.push_back(Item{path, text.str(), std::move(*r.file), std::move(r.diagnostics)});
    }
  }
  if (errors > 0) {
    ctx.err << "jixiao: " << TrF("{} error(s): nothing was stored", errors) << "\n";
    ctx.exit_code = 1;
    return;
  }
  auto store = OpenStore(ctx);
  std::vector<Store::Definition> defs;
  for (const auto& item : items) {
    defs.push_back(
        Store::Definition{&item.file, item.text, "load " + item.path.string(), &item.warnings});
  }
  const auto outcomes =
      store->LoadDefinitions(defs, ChangeContext{o.by, o.reason, "load"}, o.force);
  for (const auto& out : outcomes) {
    ctx.out << (out.changed ? TrF("{}: stored as version {}", out.project, out.version)
                            : TrF("{}: unchanged, version {}", out.project, out.version));
    if (out.actuals_entered > 0) ctx.out << TrF(", {} result(s) entered", out.actuals_entered);
    for (const auto& key : out.removed) ctx.out << "\n  " << TrF("removed indicator {}", key);
    ctx.out << "\n";
  }
}

}  // namespace

void AddLoadCommand(CLI::App& app, CliContext& ctx) {
  auto opts = std::make_shared<LoadOptions>();
  CLI::App* cmd =
      app.add_subcommand("load", "Validate definitions and store them (one transaction)");
  cmd->add_option("PATH", opts->paths, "Project files or folders of them")->required();
  cmd->add_option("--by", opts->by, "Who loads them (recorded in the audit trail)")->required();
  cmd->add_flag("--force", opts->force,
                "Allow removing indicators that already have actual values (needs --reason)");
  cmd->add_option("--reason", opts->reason, "Why (recorded in the audit trail)");
  cmd->callback([opts, &ctx] { RunLoad(*opts, ctx); });
}

}  // namespace jixiao
