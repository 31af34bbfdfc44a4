// jixiao load PATH... — validates definitions (as `check` does) and stores them, all in one
// transaction: nothing is stored if any file is invalid. A changed file becomes a new version.
#include <exception>
#include <fstream>
#include <optional>
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

// One file read and checked, held until the store has taken it.
struct Checked {
  std::string text;
  ProjectFile file;
  Diagnostics warnings;  // the loader's, stored with the compiled definition
};

// Reads and checks one file as `check` does, scoring checks included; prints its errors and
// counts them in `errors`. nullopt when it has one.
std::optional<Checked> CheckFile(const std::filesystem::path& path, PolicySet& policies,
                                 std::ostream& err, std::size_t& errors) {
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
      const ProjectScore s = ScoreChecked(r.file->project, results, r.file->published, policy,
                                          ScoreOptions{Purpose::kCheck, /*formulas=*/false});
      all.insert(all.end(), s.findings.begin(), s.findings.end());
    } catch (const UsageError& e) {
      all.push_back(Diagnostic{Severity::kError, "unknown-policy", r.file->project.policy_loc,
                               e.what()});  // i18n: translated
    }
  }
  for (const auto& d : all) {
    if (d.severity == Severity::kError) {
      ++errors;
      err << d.str() << "\n";
    }
  }
  if (HasErrors(all)) return std::nullopt;
  return Checked{text.str(), std::move(*r.file), std::move(r.diagnostics)};
}

// Thrown by the definition source once every file is checked and one had an error: the store's
// transaction is rolled back. Not an error of ours to print: the files' errors are printed.
struct Refused {};

void RunLoad(const LoadOptions& o, CliContext& ctx) {
  if (TrimText(o.by).empty()) throw UsageError(Tr("who is loading? give --by NAME"));
  if (o.force && TrimText(o.reason).empty()) throw UsageError(Tr("--force needs --reason TEXT"));
  PolicySet policies(ctx.policy);
  const std::vector<std::filesystem::path> paths = ExpandPaths(o.paths);
  // Streamed: each file is read, checked and handed to the store's one transaction, then
  // dropped. After a file with an error the rest are only checked, and the transaction is rolled
  // back: nothing is stored.
  std::size_t next = 0;
  std::size_t errors = 0;
  std::optional<Checked> held;
  Store::Definition current;
  const auto check_next = [&]() -> bool {
    while (next < paths.size()) {
      const std::filesystem::path& path = paths[next++];
      if (IsPolicyFile(path)) continue;
      held.reset();
      held = CheckFile(path, policies, ctx.err, errors);
      if (held && errors == 0) {
        current =
            Store::Definition{&held->file, held->text, "load " + path.string(), &held->warnings};
        return true;
      }
    }
    return false;
  };
  std::vector<LoadOutcome> outcomes;
  std::exception_ptr failed;
  // The first file is checked before the store is opened, so that a file's errors come first.
  bool first = check_next();
  bool reading = false;  // an exception while reading a file is that file's, not the store's
  try {
    if (first || errors == 0) {
      auto store = OpenStore(ctx);
      outcomes = store->LoadDefinitions(
          [&]() -> const Store::Definition* {
            reading = true;
            const bool more = first || check_next();
            reading = false;
            first = false;
            if (more) return &current;
            if (errors > 0) throw Refused{};
            return nullptr;
          },
          ChangeContext{o.by, o.reason, "load"}, o.force);
    }
  } catch (const Refused&) {
  } catch (...) {
    if (reading) throw;
    // The store refused or failed: the files not read yet are still checked, and their errors
    // come before the store's (nothing was stored either way), as when every file was checked
    // before the store was opened.
    failed = std::current_exception();
  }
  while (check_next()) {
  }
  held.reset();
  if (errors > 0) {
    ctx.err << "jixiao: " << TrF("{} error(s): nothing was stored", errors) << "\n";
    ctx.exit_code = 1;
    return;
  }
  if (failed) std::rethrow_exception(failed);
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
