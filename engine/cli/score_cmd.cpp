// jixiao score PATH... — scores projects by the rules of their policy: the execution score, each
// indicator's completion and score with its formula, the total and the grade, and findings
// (published figures that differ from the rule, patterns to review).
#include <ostream>

#include "engine/cli/app.h"
#include "engine/render.h"
#include "scoring/score.h"

namespace jixiao {
namespace {

struct ScoreOptions {
  std::vector<std::string> paths;
  std::string format = "text";  // text | json
};

void RunScore(const ScoreOptions& o, CliContext& ctx) {
  PolicySet policies(ctx.policy);
  nlohmann::json projects = nlohmann::json::array();
  nlohmann::json file_errors = nlohmann::json::array();
  std::vector<std::pair<std::string, std::string>> summary;  // name, "total grade"
  auto loaded = LoadBatch(o.paths, ctx);
  for (auto& f : loaded) {
    if (f.is_policy) continue;  // `score config/` scores the projects, not the policies
    if (!f.result.ok()) {
      // A file that cannot be read is part of the result: listed, with why, and not scored.
      ctx.exit_code = 1;
      for (const auto& d : f.result.diagnostics) {
        if (o.format == "json") {
          file_errors.push_back(DiagnosticJson(d));
        } else {
          ctx.out << d.str() << "\n";
        }
      }
      if (o.format != "json") ctx.out << "\n";
      summary.emplace_back(f.path.string(), "not scored (errors)");
      continue;
    }
    const ProjectFile& pf = *f.result.file;
    const Policy* policy = nullptr;
    try {
      policy = &policies.Get(pf.project.policy, f.path);
    } catch (const UsageError& e) {
      const Diagnostic d{Severity::kError, "unknown-policy", pf.project.policy_loc, e.what()};
      if (o.format == "json") {
        file_errors.push_back(DiagnosticJson(d));
      } else {
        ctx.out << d.str() << "\n\n";
      }
    } catch (const InputError& e) {
      for (const auto& d : e.diagnostics()) {
        if (o.format == "json") {
          file_errors.push_back(DiagnosticJson(d));
        } else {
          ctx.out << d.str() << "\n";
        }
      }
    }
    if (!policy) {
      ctx.exit_code = 1;
      summary.emplace_back(pf.project.name, "not scored (errors)");
      continue;
    }
    ProjectScore s = ScoreProject(pf.project, pf.results, pf.published, *policy, Purpose::kScore);
    // Load-time warnings belong to the project's findings too.
    s.findings.insert(s.findings.begin(), f.result.diagnostics.begin(), f.result.diagnostics.end());
    if (!s.scored) ctx.exit_code = 1;
    if (o.format == "json") {
      projects.push_back(ScoreJson(s, pf.results));
    } else {
      ctx.out << ScoreText(s, pf.results) << "\n";
    }
    summary.emplace_back(pf.project.name, s.scored ? FormatNumber(s.total) + "  " + s.grade
                                                   : std::string("not scored (errors)"));
  }
  if (o.format == "json") {
    nlohmann::json j{{"projects", projects}};
    if (!file_errors.empty()) j["errors"] = file_errors;
    ctx.out << j.dump(2) << "\n";
    return;
  }
  if (summary.size() > 1) {
    std::size_t w = 0;
    for (const auto& [name, _] : summary) w = std::max(w, DisplayWidth(name));
    ctx.out << "汇总 (" << summary.size() << " projects)\n";
    for (const auto& [name, result] : summary)
      ctx.out << "  " << PadRight(name, w) << "  " << result << "\n";
  }
}

}  // namespace

void AddScoreCommand(CLI::App& app, CliContext& ctx) {
  auto opts = std::make_shared<ScoreOptions>();
  CLI::App* cmd =
      app.add_subcommand("score", "Score projects: execution, indicators, total, grade");
  cmd->add_option("PATH", opts->paths, "Project files or folders of them")->required();
  cmd->add_option("--format", opts->format, "Output format")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  cmd->callback([opts, &ctx] { RunScore(*opts, ctx); });
}

}  // namespace jixiao
