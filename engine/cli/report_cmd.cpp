// jixiao report PATH... — the published tables of a unit's self-evaluation: every project's
// 自评表, the 汇总表 and the 自评综述, in HTML, XLSX, CSV, Markdown, JSON and PDF (engine/report).
// With --db the stored projects are reported (PATH and --project then name them).
// Files that cannot be scored are listed on stderr and left out; the exit code is then 1. So is a
// format that could not be written (the others are still written, and the message names it).
#include <fstream>
#include <iterator>
#include <ostream>

#include "engine/batch/batch.h"
#include "engine/cli/app.h"
#include "engine/report/report.h"
#include "indicators/text.h"
#include "indicators/yaml_reader.h"

namespace jixiao {
namespace {

constexpr std::size_t kMaxSignatureBytes = 64 * 1024;

// --signature FILE: the lines a unit signs under each table, as YAML:
//   填报单位: 荣成市医疗保障局
//   填报人: 张三
// Every key is optional (an absent one prints a blank to fill in); an unknown key, a value that is
// not text or breaks the free-text rules is an error at its line. Throws InputError.
report::SignatureLines ReadSignature(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw InputError({Diagnostic{Severity::kError, "io", SourceLoc{path, 0, 0},
                                 "cannot read the signature file: give an existing YAML file "
                                 "with 填报单位, 单位负责人, 填报人, 联系电话, 填报日期"}});
  }
  const std::string raw((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  Diagnostics ds;
  report::SignatureLines s;
  const std::optional<std::string> text =
      ReadyYaml(raw, path, kMaxSignatureBytes, "signature", &ds);
  if (text) {
    YamlReader r(path, *text, &ds);
    try {
      const YAML::Node root = YAML::Load(*text);
      if (!root.IsMap()) {
        r.Error(r.Loc(root), "schema",
                "a signature file is a mapping (填报单位: …, 填报人: …); found " +
                    YamlReader::KindName(root));
      } else {
        r.ForEachKey(root, "signature file",
                     {"填报单位", "单位负责人", "填报人", "联系电话", "填报日期"},
                     [&](const std::string& key, const YAML::Node&, const YAML::Node& v) {
                       const std::optional<std::string> t = r.Text(v, key);
                       if (!t) return;
                       if (const auto e = CheckFreeText(TextField::kUnit, *t)) {
                         r.Error(r.Loc(v), e->code(), key + ": " + e->what());
                         return;
                       }
                       (key == "填报单位"     ? s.unit
                        : key == "单位负责人" ? s.head
                        : key == "填报人"     ? s.preparer
                        : key == "联系电话"   ? s.phone
                                              : s.date) = *t;
                     });
      }
    } catch (const YAML::Exception& e) {
      r.Error(r.Loc(e.mark), "yaml-syntax", SyntaxMessage(*text, e));
    }
  }
  if (HasErrors(ds)) throw InputError(ds);
  return s;
}

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
  std::string signature;  // --signature FILE; "" none
};

void RunReport(const ReportCommand& c, CliContext& ctx) {
  ReportOptions o;
  if (!c.formats.empty()) {
    o.formats.clear();
    for (const auto& name : c.formats) {
      const auto f = ParseReportFormat(name);
      if (!f)
        throw UsageError("--format '" + name + "': expected html, xlsx, csv, md, json or pdf");
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
  if (!c.signature.empty()) o.signature = ReadSignature(c.signature);

  PolicySet policies(ctx.policy);
  if (!ctx.db_given && c.paths.empty())
    throw UsageError("report: give PATH... (project files or folders) or --db FILE");
  std::vector<std::string> args = c.paths;
  if (ctx.db_given) {
    // The store resolves names and prefixes itself: --project selects what is read.
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
    ctx.err << "jixiao: report: " << r.path.string() << " left out (errors above)\n";
  }
  for (const auto& p : batch.projects) {
    if (p.score.scored) continue;
    for (const auto& f : p.score.findings)
      if (f.severity == Severity::kError) ctx.err << f.str() << "\n";
    ctx.err << "jixiao: report: " << p.file.project.name << " not scored: shown without a total\n";
  }
  if (!batch.ok()) ctx.exit_code = 1;
  if (batch.projects.empty()) {
    ctx.err << "jixiao: report: no project to report\n";
    ctx.exit_code = 1;
    return;
  }
  ReportProblems problems;
  for (const auto& path : WriteReports(batch, o, ctx.out, ctx.err, &problems))
    ctx.out << path.string() << "\n";
  for (const auto& w : problems.warnings) ctx.err << "jixiao: report: warning: " << w << "\n";
  for (const auto& f : problems.failed) {
    ctx.err << "jixiao: report: " << ReportFormatName(f.format) << " failed: " << f.message << "\n";
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
                  "unique prefix; default all)");
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
  cmd->add_option("--department", c->department,
                  "部门（单位） of the 汇总表 (default: the projects' 主管部门)");
  cmd->add_option("--text-completion", c->completion,
                  "完成率 of text targets (显著提高): rate (100% when 达成, most of seed 004's "
                  "tables) or text (the actual's text, as seed 004's 基层医保工作站项目 table)")
      ->check(CLI::IsMember({"rate", "text"}))
      ->capture_default_str();
  cmd->add_option("--signature", c->signature,
                  "YAML file of the lines signed under each table: 填报单位, 单位负责人, 填报人, "
                  "联系电话, 填报日期 (each optional; a missing one prints a blank)");
  AddUnverifiedFlag(cmd, ctx);
  cmd->callback([c, &ctx] { RunReport(*c, ctx); });
}

}  // namespace jixiao
