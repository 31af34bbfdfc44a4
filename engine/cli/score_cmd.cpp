// jixiao score PATH... — scores projects by the rules of their policy: the execution score, each
// indicator's completion and score with its formula, the total and the grade, and findings
// (published figures that differ from the rule, patterns to review).
#include <ostream>

#include "engine/batch/batch.h"
#include "engine/cli/app.h"
#include "engine/report/render.h"
#include "engine/store/store.h"
#include "indicators/i18n.h"
#include "indicators/text.h"

namespace jixiao {
namespace {

struct ScoreCommand {
  std::vector<std::string> paths;
  std::string format = "text";  // text | json
};

void RunScore(const ScoreCommand& o, CliContext& ctx) {
  PolicySet policies(ctx.policy);
  const bool json = o.format == "json";
  nlohmann::json projects = nlohmann::json::array();
  std::vector<std::pair<std::string, std::string>> summary;  // name, "total grade"
  std::vector<RejectedFile> rejected;
  // One project at a time: printed (or turned into JSON) and dropped.
  ForEachInput(
      o.paths, /*store_when_empty=*/true, ctx, policies,
      [&](std::filesystem::path path, ProjectFile&& file, Diagnostics&& warnings,
          const Policy& policy) {
        ScoredProject p;
        ScoreInto(p, std::move(path), std::move(file), std::move(warnings), policy);
        // An error fails the command, also one the policy made of a review finding.
        if (!p.score.scored || HasErrors(p.score.findings)) ctx.exit_code = 1;
        if (json) {
          projects.push_back(ScoredProjectJson(p));
          return;
        }
        // Load-time warnings belong to the project's findings, first.
        ctx.out << ScoreText(WithLoadWarnings(p), p.file.results) << "\n";
        summary.emplace_back(EscapeControls(p.file.project.name),
                             p.score.scored ? FormatNumber(p.score.total) + "  " + p.score.grade
                                            : std::string(Tr("not scored (errors)")));
      },
      [&](RejectedFile&& r) { rejected.push_back(std::move(r)); });
  if (!rejected.empty()) ctx.exit_code = 1;

  if (json) {
    nlohmann::json j{{"projects", std::move(projects)}};
    if (!rejected.empty()) {
      nlohmann::json errors = nlohmann::json::array();
      for (const auto& r : rejected)
        for (const auto& d : r.diagnostics) errors.push_back(DiagnosticJson(d));
      j["errors"] = std::move(errors);
    }
    ctx.out << j.dump(2) << "\n";
    return;
  }
  // A file that cannot be scored is part of the result: listed, with why.
  for (const auto& r : rejected) {
    for (const auto& d : r.diagnostics) ctx.out << EscapeControls(d.str()) << "\n";
    ctx.out << "\n";
    summary.emplace_back(EscapeControls(r.name.empty() ? r.path.string() : r.name),
                         Tr("not scored (errors)"));
  }
  if (summary.size() > 1) {
    std::size_t w = 0;
    for (const auto& [name, _] : summary) w = std::max(w, DisplayWidth(name));
    ctx.out << TrF("汇总 ({} projects)", summary.size()) << "\n";
    for (const auto& [name, result] : summary) {
      ctx.out << "  " << PadRight(name, w) << "  " << result << "\n";
    }
  }
}

}  // namespace

void AddScoreCommand(CLI::App& app, CliContext& ctx) {
  auto opts = std::make_shared<ScoreCommand>();
  CLI::App* cmd =
      app.add_subcommand("score", "Score projects: execution, indicators, total, grade");
  cmd->add_option("PATH", opts->paths,
                  "Project files or folders of them; with --db (or none given): stored projects "
                  "(id, name or a unique part of it; default all)");
  cmd->add_option("--format", opts->format, "Output format")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  AddUnverifiedFlag(cmd, ctx);
  cmd->callback([opts, &ctx] { RunScore(*opts, ctx); });
}

}  // namespace jixiao
