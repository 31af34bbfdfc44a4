// jixiao check PATH... — validates project definitions and policy files: YAML, schema, levels,
// values, units, weights against the policy's caps, duplicates and qualitative bands. Every problem
// of every file is reported (with --db: every stored project's current definition) with
// file:line:column; exit 1 when any is an error. A clean check prints nothing (--summary: the
// counts).
#include <fstream>
#include <functional>
#include <ostream>
#include <sstream>

#include "engine/batch/batch.h"
#include "engine/cli/app.h"
#include "engine/report/render.h"
#include "indicators/i18n.h"
#include "scoring/catalogue.h"

namespace jixiao {
namespace {

struct CheckOptions {
  std::vector<std::string> paths;
  std::string format = "text";  // text | json
  // Print the counts line even when nothing was found (default: a clean check prints nothing).
  bool summary = false;
};

// The checks scoring makes on a whole model (weights against caps, values against units …),
// appended to `all`; an unknown policy is one more error.
void AddScoringChecks(const ProjectFile& pf, const std::filesystem::path& where,
                      PolicySet& policies, Diagnostics& all) {
  try {
    const Policy& policy = policies.Get(pf.project.policy, where);
    ApplySeverities(policy, all);  // the loader's findings, with the policy's severities
    Results results = pf.results;  // the entry check may apply a policy's reading
    ProjectScore s = ScoreChecked(pf.project, results, pf.published, policy,
                                  ScoreOptions{Purpose::kCheck, /*formulas=*/false});
    all.insert(all.end(), s.findings.begin(), s.findings.end());
  } catch (const UsageError& e) {
    all.push_back(Diagnostic{Severity::kError, "unknown-policy", pf.project.policy_loc,
                             e.what()});  // i18n: translated
  } catch (const InputError& e) {
    all.insert(all.end(), e.diagnostics().begin(), e.diagnostics().end());
  }
}

Diagnostics CheckFile(const std::filesystem::path& path, PolicySet& policies, CliContext& ctx) {
  if (IsPolicyFile(path)) {
    ctx.log->debug("checking policy {}", path.string());
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return ParsePolicy(text.str(), path.string()).diagnostics;
  }
  ctx.log->debug("loading {}", path.string());
  LoadResult r = LoadProjectFile(path);
  Diagnostics all = r.diagnostics;
  if (!r.file || !ModelComplete(r.diagnostics)) return all;
  AddScoringChecks(*r.file, path, policies, all);
  return all;
}

// A stored project's current definition, checked as `check` checks a file: the definition text
// is loaded again (so a store written by an older jixiao is checked by today's rules).
Diagnostics CheckStored(Store& store, const StoredProjectRef& ref, PolicySet& policies) {
  Store::Loaded loaded;
  try {
    loaded = store.ReadProject(ref, Store::Reading::kText);
  } catch (const InputError& e) {
    return e.diagnostics();
  }
  Diagnostics all = loaded.warnings;
  AddScoringChecks(loaded.file, store.path(), policies, all);
  return all;
}

void RunCheck(const CheckOptions& o, CliContext& ctx) {
  PolicySet policies(ctx.policy);
  std::size_t errors = 0, warnings = 0, files = 0, printed = 0;
  nlohmann::json jfiles = nlohmann::json::array();
  // What is checked: files, or with --db the stored projects (named, or all).
  std::vector<std::pair<std::string, std::function<Diagnostics()>>> items;
  std::unique_ptr<Store> store;
  if (ctx.db_given) {
    store = OpenStore(ctx);
    std::vector<StoredProjectRef> refs;
    if (o.paths.empty()) {
      refs = store->Projects();
    } else {
      for (const auto& q : o.paths) refs.push_back(store->ResolveProject(q));
    }
    for (const auto& ref : refs) {
      items.emplace_back("db:" + ref.name,
                         [&store, ref, &policies] { return CheckStored(*store, ref, policies); });
    }
  } else {
    if (o.paths.empty())
      throw UsageError(Tr("check: give PATH... (files or folders) or --db FILE"));
    for (const auto& path : ExpandPaths(o.paths)) {
      items.emplace_back(path.string(),
                         [path, &policies, &ctx] { return CheckFile(path, policies, ctx); });
    }
  }
  for (const auto& [name, check] : items) {
    ++files;
    const Diagnostics all = check();
    nlohmann::json jd = nlohmann::json::array();
    for (const auto& d : all) {
      if (d.severity == Severity::kError) ++errors;
      if (d.severity == Severity::kWarning) ++warnings;
      if (o.format == "json") {
        jd.push_back(DiagnosticJson(d));
      } else {
        ctx.out << d.str() << "\n";
        ++printed;
      }
    }
    if (o.format == "json") {
      jfiles.push_back({{"file", name}, {"ok", !HasErrors(all)}, {"diagnostics", std::move(jd)}});
    }
  }
  if (o.format == "json") {
    ctx.out << nlohmann::json{{"files", jfiles}, {"errors", errors}, {"warnings", warnings}}.dump(2)
            << "\n";
  } else if (printed > 0 || o.summary) {
    // Like hledger's and beancount's checks: nothing to say, nothing said.
    ctx.out << (store ? TrF("checked {} stored project(s): {} error(s), {} warning(s)", files,
                            errors, warnings)
                      : TrF("checked {} file(s): {} error(s), {} warning(s)", files, errors,
                            warnings))
            << "\n";
  }
  if (errors > 0) ctx.exit_code = 1;
}

}  // namespace

void AddCheckCommand(CLI::App& app, CliContext& ctx) {
  auto opts = std::make_shared<CheckOptions>();
  CLI::App* cmd = app.add_subcommand("check", "Validate project definition and policy files");
  cmd->add_option("PATH", opts->paths,
                  "Project files, policy files, or folders of them; with --db: stored projects "
                  "(id, name or a unique part of it; default all)");
  cmd->add_option("--format", opts->format, "Output format")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  cmd->add_flag("--summary", opts->summary,
                "Print the counts (files, errors, warnings) even when there is nothing to report");
  cmd->callback([opts, &ctx] { RunCheck(*opts, ctx); });
}

}  // namespace jixiao
