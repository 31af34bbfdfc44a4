// jixiao report PATH... — the published tables of a unit's self-evaluation: every project's
// 自评表, the 汇总表 and the 自评综述, in HTML, XLSX, CSV, Markdown and JSON (engine/report).
// With --db the stored projects are reported (PATH and --project then name them).
// Files that cannot be scored are listed on stderr and left out; the exit code is then 1. So is a
// format that could not be written (the others are still written, and the message names it).
#include <ostream>

#include "engine/batch/batch.h"
#include "engine/cli/app.h"
#include "engine/report/report.h"
#include "indicators/i18n.h"

namespace jixiao {
namespace {

struct ReportCommand {
  std::vector<std::string> paths;
  std::vector<std::string> formats;
  std::string out;
  std::vector<std::string> projects;
  bool quiet = false;
  std::string level;
  std::string department;
  std::string completion = "rate";  // 完成率 of text targets: rate | text
  bool summary_only = false;
};

void RunReport(const ReportCommand& c, CliContext& ctx) {
  ReportOptions o;
  if (!c.formats.empty()) {
    o.formats.clear();
    for (const auto& name : c.formats) {
      const auto f = ParseReportFormat(name);
      if (!f) throw UsageError(TrF("--format '{}': expected html, xlsx, csv, md or json", name));
      o.formats.push_back(*f);
    }
  }
  o.out_dir = c.out;
  o.projects = c.projects;
  o.quiet = c.quiet;
  o.level = c.level;
  o.department = c.department;
  o.qualitative_completion_as_text = c.completion == "text";
  o.summary_only = c.summary_only;

  PolicySet policies(ctx.policy);
  if (!ctx.db_given && c.paths.empty())
    throw UsageError(Tr("report: give PATH... (project files or folders) or --db FILE"));
  std::vector<std::string> args = c.paths;
  if (ctx.db_given) {
    // The store resolves names and parts of names itself: --project selects what is read.
    args.insert(args.end(), c.projects.begin(), c.projects.end());
    o.projects.clear();
  }
  Inputs in;
  if (c.summary_only) {
    // Read one project at a time, keep what the 汇总表 needs: a province in one pass.
    in.store = ForEachInput(
        args, /*store_when_empty=*/false, ctx, policies,
        [&](std::filesystem::path path, ProjectFile&& file, Diagnostics&& warnings,
            const Policy& policy) {
          ScoredProject p;
          ScoreInto(p, std::move(path), std::move(file), std::move(warnings), policy);
          AddSummaryOnly(in.batch, p);
        },
        [&](RejectedFile&& r) { in.batch.rejected.push_back(std::move(r)); });
  } else {
    in = LoadInputs(args, /*store_when_empty=*/false, ctx, policies);
  }
  if (in.store) {
    if (const std::optional<ChainAnchor> a = in.store->Anchor())
      o.anchor = TrailAnchor{a->head, a->rows, a->first_at, a->last_at, a->keyed};
  }
  const Batch& batch = in.batch;
  for (const auto& r : batch.rejected) {
    for (const auto& d : r.diagnostics) ctx.err << d.str() << "\n";
    ctx.err << "jixiao: report: " << TrF("{} left out (errors above)", r.path.string()) << "\n";
  }
  for (const auto& p : batch.projects) {
    if (p.score.scored) continue;
    for (const auto& f : p.score.findings)
      if (f.severity == Severity::kError) ctx.err << f.str() << "\n";
    ctx.err << "jixiao: report: "
            << TrF("{} not scored: shown without a total", p.file.project.name) << "\n";
  }
  if (!batch.ok()) ctx.exit_code = 1;
  if (batch.projects.empty()) {
    ctx.err << "jixiao: report: " << Tr("no project to report") << "\n";
    ctx.exit_code = 1;
    return;
  }
  ReportProblems problems;
  for (const auto& path : WriteReports(batch, o, ctx.out, ctx.err, &problems))
    ctx.out << path.string() << "\n";
  for (const auto& w : problems.warnings)
    ctx.err << "jixiao: report: " << SeverityLabel(Severity::kWarning) << ": " << w << "\n";
  for (const auto& f : problems.failed) {
    ctx.err << "jixiao: report: " << TrF("{} failed: {}", ReportFormatName(f.format), f.message)
            << "\n";
    ctx.exit_code = 1;
  }
}

}  // namespace

void AddReportCommand(CLI::App& app, CliContext& ctx) {
  auto c = std::make_shared<ReportCommand>();
  CLI::App* cmd = app.add_subcommand(
      "report",
      "Write the published tables: 自评表 per project, 汇总表, 自评综述 (HTML, XLSX, CSV, "
      "Markdown, JSON)");
  cmd->add_option("PATH", c->paths,
                  "Project files or folders of them; with --db: stored projects (id, name or "
                  "a unique part of it; default all)");
  cmd->add_option("--format", c->formats,
                  "html, xlsx, csv, md, json (repeatable or comma-separated; default: all)")
      ->delimiter(',');
  cmd->add_option("--out", c->out, "Output folder (created if missing); '-' prints md or json")
      ->required();
  cmd->add_option("--project", c->projects,
                  "Only these projects (项目名称 or file name without .yaml); repeatable");
  cmd->add_flag("--quiet", c->quiet, "No progress lines on stderr");
  cmd->add_option("--level", c->level,
                  "Budget level in the 自评表 title, e.g. 市级 (市级预算项目支出绩效自评表)");
  cmd->add_flag("--summary-only", c->summary_only,
                "Only the 汇总表 (summary.html, summary.csv, one xlsx sheet): projects are read "
                "one at a time and not kept");
  cmd->add_option("--department", c->department,
                  "部门（单位） of the 汇总表 (default: the projects' 主管部门)");
  cmd->add_option("--text-completion", c->completion,
                  "完成率 of text targets (显著提高): rate (100% when 达成, most of seed 004's "
                  "tables) or text (the actual's text, as seed 004's 基层医保工作站项目 table)")
      ->check(CLI::IsMember({"rate", "text"}))
      ->capture_default_str();
  AddUnverifiedFlag(cmd, ctx);
  cmd->callback([c, &ctx] { RunReport(*c, ctx); });
}

}  // namespace jixiao
