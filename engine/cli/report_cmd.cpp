// jixiao report PATH... — the published tables of a unit's self-evaluation: every project's
// 自评表, the 汇总表 and the 自评综述, in HTML, XLSX, CSV, Markdown, JSON and PDF (engine/report).
// With --db the stored projects are reported (PATH and --project then name them).
// A project with no results is printed as its 绩效目标表 (--form chooses otherwise). The unit's
// settings (--unit FILE, else unit.yaml in the first folder given; engine/batch/unit.h) feed the
// 自评综述 and the signature lines under each table.
// Files that cannot be scored are listed on stderr and left out; the exit code is then 1. So is a
// format that could not be written (the others are still written, and the message names it).
#include <exception>
#include <ostream>
#include <thread>

#include "engine/batch/batch.h"
#include "engine/batch/unit.h"
#include "engine/cli/app.h"
#include "engine/report/report.h"
#include "engine/store/store_batch.h"
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
  std::string form = "auto";  // ReportForm by name
  bool grade_in_total = false, subtotals = false, zero_rate_percent = false;
  std::string unit;  // --unit FILE; "" → the unit.yaml of the first folder among the paths
  int threads = 0;   // --threads: 0 = one per core
};

// --summary-only over the whole store: read and scored on `threads` threads, each with a
// connection of its own, all seeing one state of the store, checked against the trail as it is
// read (each project's results fingerprint, the trail's end; a failed check still stops the
// report before anything is written, naming what differs).
std::unique_ptr<Store> ScoreStoreSummary(CliContext& ctx, PolicySet& policies, int threads,
                                         Batch& batch) {
  std::unique_ptr<Store> store = OpenStore(ctx);
  LaneOptions lanes;
  lanes.lanes = threads;
  if (ctx.check_trail && !ctx.unverified)
    lanes.failed = [](Store& state, const std::vector<std::string>& changed) {
      RequireUnchangedResults(state, changed);
    };
  // Lane k's projects are kept apart, then joined in lane order: the ids' order.
  std::vector<Batch> kept(static_cast<std::size_t>(std::max(1, threads)));
  ScoreEveryStoredProject(
      *store, policies, lanes,
      // The 汇总表 prints totals: no formula texts.
      [](ScoredProject& into, std::filesystem::path path, ProjectFile&& file,
         Diagnostics&& warnings, const Policy& policy) {
        ScoreInto(into, std::move(path), std::move(file), std::move(warnings), policy,
                  BatchOptions{Purpose::kScore, /*formulas=*/false});
      },
      [&](int lane, ScoredProject& p) { AddSummaryOnly(kept[std::size_t(lane)], p); },
      [&](int lane, RejectedFile&& r) {
        kept[std::size_t(lane)].rejected.push_back(std::move(r));
      });
  for (Batch& b : kept) MoveSummaryOnly(batch, std::move(b));
  return store;
}

void RunReport(const ReportCommand& c, CliContext& ctx) {
  ReportOptions o;
  if (!c.formats.empty()) {
    o.formats.clear();
    for (const auto& name : c.formats) {
      const auto f = ParseReportFormat(name);
      if (!f)
        throw UsageError(TrF("--format '{}': expected html, xlsx, csv, md, json or pdf", name));
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
  o.grade_in_total_row = c.grade_in_total;
  o.summary_subtotals = c.subtotals;
  o.zero_rate_as_percent = c.zero_rate_percent;
  const std::optional<ReportForm> form = ParseReportForm(c.form);
  if (!form) throw UsageError(TrF("--form '{}': expected one of {}", c.form, ReportFormNames()));
  o.form = *form;

  // The unit's settings: the file --unit names (an error in it stops the report: the user asked
  // for it), else unit.yaml in the first folder given (not with --db: no folder; its errors are
  // listed and the report goes on without the settings in error).
  if (!c.unit.empty()) {
    Diagnostics problems;
    o.unit = ReadUnitSettings(c.unit, &problems);
    if (HasErrors(problems)) throw InputError(problems);
    for (const auto& d : problems) ctx.err << d.str() << "\n";
  } else if (!ctx.db_given) {
    if (const auto file = FindUnitSettings(c.paths)) {
      Diagnostics problems;
      o.unit = ReadUnitSettings(*file, &problems);
      for (const auto& d : problems) ctx.err << d.str() << "\n";
      if (HasErrors(problems)) ctx.exit_code = 1;
    }
  }
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
  if (c.summary_only && ctx.db_given && args.empty()) {
    const int threads =
        c.threads > 0 ? c.threads : static_cast<int>(std::thread::hardware_concurrency());
    in.store = ScoreStoreSummary(ctx, policies, threads, in.batch);
  } else if (c.summary_only) {
    // Read one project at a time, keep what the 汇总表 needs: a province in one pass.
    in.store = ForEachInput(
        args, /*store_when_empty=*/false, ctx, policies,
        [&](std::filesystem::path path, ProjectFile&& file, Diagnostics&& warnings,
            const Policy& policy) {
          ScoredProject p;
          ScoreInto(p, std::move(path), std::move(file), std::move(warnings), policy,
                    BatchOptions{Purpose::kScore, /*formulas=*/false});
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
  if (!batch.rejected.empty()) ctx.exit_code = 1;
  for (const auto& p : batch.projects) {
    // A project printed as its 绩效目标表 has targets only: nothing to score, nothing wrong.
    if (p.score.scored || (!c.summary_only && PrintedTargetForm(p, o.form))) continue;
    for (const auto& f : p.score.findings)
      if (f.severity == Severity::kError) ctx.err << f.str() << "\n";
    ctx.err << "jixiao: report: "
            << TrF("{} not scored: shown without a total", p.file.project.name) << "\n";
    ctx.exit_code = 1;
  }
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
      "Markdown, JSON, PDF)");
  cmd->add_option("PATH", c->paths,
                  "Project files or folders of them; with --db: stored projects (id, name or "
                  "a unique part of it; default all)");
  cmd->add_option(
         "--format", c->formats,
         "html, xlsx, csv, md, json, pdf (repeatable or comma-separated; default: all but pdf)")
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
  cmd->add_option("--threads", c->threads,
                  "With --db --summary-only: threads that read and score (default 0: one per core)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--department", c->department,
                  "部门（单位） of the 汇总表 (default: the projects' 主管部门)");
  cmd->add_option("--text-completion", c->completion,
                  "完成率 of text targets (显著提高): rate (100% when 达成, most of seed 004's "
                  "tables) or text (the actual's text, as seed 004's 基层医保工作站项目 table)")
      ->check(CLI::IsMember({"rate", "text"}))
      ->capture_default_str();
  cmd->add_option(
         "--form", c->form,
         "Form of each project: auto (a project with no results entered: its "
         "绩效目标表; else its 自评表), self-eval, target (the 绩效目标表 its definition's "
         "target_form names), project-target (项目支出绩效目标表), policy-target "
         "(政策和项目预算绩效目标表), special-fund-target (专项资金绩效目标表)")
      ->capture_default_str();
  cmd->add_flag(
      "--grade-in-total", c->grade_in_total,
      "Print 自评等级：优 in the 总分 row of each 自评表 (the published form leaves it empty)");
  cmd->add_flag("--subtotals", c->subtotals,
                "A 小计 row (projects per grade) under each group of the 汇总表 (the published "
                "form has none)");
  cmd->add_flag("--zero-rate-percent", c->zero_rate_percent,
                "Print a zero rate in a 自评表 as 0% (the published form prints 0)");
  cmd->add_option("--unit", c->unit,
                  "The unit's settings (unit.yaml: work, key_evaluation, and the signature lines "
                  "printed under each table: unit, head, preparer, phone, date); default: the "
                  "unit.yaml of the first folder among PATH, none with --db");
  AddUnverifiedFlag(cmd, ctx);
  cmd->callback([c, &ctx] { RunReport(*c, ctx); });
}

}  // namespace jixiao
