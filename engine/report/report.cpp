#include "engine/report/report.h"

#include <ostream>
#include <set>

#include "engine/io/files.h"
#include "engine/report/formats.h"
#include "indicators/i18n.h"

namespace jixiao {
namespace {

using report::ReportData;

std::vector<const ScoredProject*> Select(const Batch& batch, const ReportOptions& o) {
  std::vector<const ScoredProject*> all;
  for (const auto& p : batch.projects) all.push_back(&p);
  if (o.projects.empty()) return all;
  std::vector<const ScoredProject*> chosen;
  std::set<const ScoredProject*> seen;
  for (const std::string& want : o.projects) {
    bool found = false;
    for (const ScoredProject* p : all) {
      if (p->file.project.name == want || p->path.stem().string() == want) {
        found = true;
        if (seen.insert(p).second) chosen.push_back(p);
      }
    }
    if (!found) {
      std::string names;
      for (const ScoredProject* p : all)
        names += (names.empty() ? "" : ", ") + p->file.project.name;
      throw UsageError("--project '" + want + "': no such project among the inputs" +
                       (names.empty() ? std::string() : " (projects: " + names + ")"));
    }
  }
  // In batch order, as the published tables are.
  std::vector<const ScoredProject*> ordered;
  for (const ScoredProject* p : all)
    if (seen.count(p)) ordered.push_back(p);
  return ordered;
}

// Writes the files of one format; a failure throws and leaves the files already written.
void WriteFormat(const ReportData& d, ReportFormat f, const std::filesystem::path& dir,
                 std::vector<std::filesystem::path>& written, std::vector<std::string>& warnings) {
  const auto write = [&](const std::string& name, const std::string& bytes) {
    const std::filesystem::path path = dir / name;
    WriteFileAtomically(path, bytes);
    written.push_back(path);
  };
  switch (f) {
    case ReportFormat::kHtml:
      if (d.has_summary) write("summary.html", report::HtmlSummary(d));
      if (d.summary_only) break;
      if (d.has_summary) write("overview.html", report::HtmlOverview(d));
      write("tables.html", report::HtmlTables(d));
      break;
    case ReportFormat::kXlsx: {
      const std::filesystem::path path = dir / "report.xlsx";
      WriteFileAtomicallyVia(
          path, [&](const std::filesystem::path& tmp) { report::WriteXlsx(d, tmp, warnings); });
      written.push_back(path);
      break;
    }
    case ReportFormat::kCsv:
      if (!d.summary_only && d.has_summary) write("indicators.csv", report::CsvIndicators(d));
      if (d.has_summary) write("summary.csv", report::CsvSummary(d));
      if (!d.summary_only) write("tables.csv", report::CsvTables(d));
      break;
    case ReportFormat::kMarkdown:
      write("report.md", report::Markdown(d));
      break;
    case ReportFormat::kJson:
      write("report.json", report::Json(d));
      break;
    case ReportFormat::kPdf: {
      const std::filesystem::path path = dir / "report.pdf";
      WriteFileAtomicallyVia(path,
                             [&](const std::filesystem::path& tmp) { report::WritePdf(d, tmp); });
      written.push_back(path);
      break;
    }
  }
}

}  // namespace

std::string TrailAnchorLine(const TrailAnchor& a) {
  return std::string(a.keyed ? "审计记录链（HMAC）: " : "审计记录链: ") + std::to_string(a.rows) +
         " 条, " + ShowTime(a.first_at) + " 至 " + ShowTime(a.last_at) + ", 末条哈希 " + a.head;
}

namespace {
struct FormName {
  ReportForm form;
  const char* name;
};
constexpr FormName kFormNames[] = {{ReportForm::kByStage, "auto"},
                                   {ReportForm::kSelfEvaluation, "self-eval"},
                                   {ReportForm::kTarget, "target"},
                                   {ReportForm::kProjectTarget, "project-target"},
                                   {ReportForm::kPolicyTarget, "policy-target"},
                                   {ReportForm::kSpecialFundTarget, "special-fund-target"}};
}  // namespace

std::optional<ReportForm> ParseReportForm(std::string_view name) {
  for (const FormName& f : kFormNames)
    if (name == f.name) return f.form;
  return std::nullopt;
}

std::string ReportFormNames() {
  std::string s;
  for (const FormName& f : kFormNames) s += (s.empty() ? "" : ", ") + std::string(f.name);
  return s;
}

std::optional<TargetForm> PrintedTargetForm(const ScoredProject& p, ReportForm f) {
  switch (f) {
    case ReportForm::kByStage:
      if (!p.file.results.empty()) return std::nullopt;
      return p.file.project.target_form;
    case ReportForm::kSelfEvaluation:
      return std::nullopt;
    case ReportForm::kTarget:
      return p.file.project.target_form;
    case ReportForm::kProjectTarget:
      return TargetForm::kProject;
    case ReportForm::kPolicyTarget:
      return TargetForm::kPolicyAndProject;
    case ReportForm::kSpecialFundTarget:
      return TargetForm::kSpecialFund;
  }
  return std::nullopt;
}

std::optional<ReportFormat> ParseReportFormat(std::string_view name) {
  if (name == "html") return ReportFormat::kHtml;
  if (name == "xlsx") return ReportFormat::kXlsx;
  if (name == "csv") return ReportFormat::kCsv;
  if (name == "md" || name == "markdown") return ReportFormat::kMarkdown;
  if (name == "json") return ReportFormat::kJson;
  if (name == "pdf") return ReportFormat::kPdf;
  return std::nullopt;
}

std::string ReportFormatName(ReportFormat f) {
  switch (f) {
    case ReportFormat::kHtml:
      return "html";
    case ReportFormat::kXlsx:
      return "xlsx";
    case ReportFormat::kCsv:
      return "csv";
    case ReportFormat::kMarkdown:
      return "md";
    case ReportFormat::kJson:
      return "json";
    case ReportFormat::kPdf:
      return "pdf";
  }
  return "";
}

void AddSummaryOnly(Batch& batch, const ScoredProject& p) {
  ScoredProject& s = batch.projects.emplace_back();
  s.path = p.path;
  s.policy = p.policy;
  Project& pr = s.file.project;
  pr.name = p.file.project.name;
  pr.year = p.file.project.year;
  pr.department = p.file.project.department;
  pr.unit = p.file.project.unit;
  pr.form = p.file.project.form;
  pr.loc = p.file.project.loc;
  s.score.project = &pr;
  s.score.policy = p.score.policy;
  s.score.not_started = p.score.not_started;
  s.score.scored = p.score.scored;
  s.score.total = p.score.total;
  s.score.grade = p.score.grade;
  for (const Finding& f : p.score.findings)
    if (f.severity == Severity::kError) s.score.findings.push_back(f);
}

void MoveSummaryOnly(Batch& batch, Batch&& from) {
  for (ScoredProject& p : from.projects) {
    ScoredProject& s = batch.projects.emplace_back(std::move(p));
    s.score.project = &s.file.project;  // a summary-only score points at nothing else
  }
  for (RejectedFile& r : from.rejected) batch.rejected.push_back(std::move(r));
  from.projects.clear();
  from.rejected.clear();
}

std::vector<std::filesystem::path> WriteReports(const Batch& batch, const ReportOptions& o,
                                                std::ostream& out, std::ostream& progress,
                                                ReportProblems* problems) {
  const bool to_stdout = o.out_dir == "-";
  if (to_stdout && (o.formats.size() != 1 || (o.formats[0] != ReportFormat::kMarkdown &&
                                              o.formats[0] != ReportFormat::kJson))) {
    throw UsageError("--out - writes one document to standard output: give --format md or json");
  }
  ReportData d;
  d.projects = Select(batch, o);
  d.options.level = o.level;
  d.options.department = o.department;
  d.options.qualitative_completion_as_text = o.qualitative_completion_as_text;
  d.options.grade_in_total_row = o.grade_in_total_row;
  d.options.summary_subtotals = o.summary_subtotals;
  d.options.zero_rate_as_percent = o.zero_rate_as_percent;
  d.options.unit = o.unit;
  d.year = report::ReportYear(d.projects);
  d.department = report::ReportDepartment(d.projects, d.options);
  d.summary_only = o.summary_only;
  const int n = static_cast<int>(d.projects.size());
  const bool show = !o.quiet && n >= o.progress_from;
  for (int i = 0; i < n; ++i) {
    const ScoredProject& p = *d.projects[std::size_t(i)];
    const std::optional<TargetForm> target =
        o.summary_only ? std::nullopt : PrintedTargetForm(p, o.form);
    if (!target) d.evaluated.push_back(&p);
    if (o.summary_only) continue;
    if (show)
      progress << "jixiao: report [" << i + 1 << "/" << n << "] " << p.file.project.name << "\n";
    d.tables.push_back(target ? report::TargetTable(p.file.project, *target)
                              : report::SelfEvaluationTable(p, d.options));
  }
  d.has_summary = !d.evaluated.empty();
  if (d.has_summary) {
    d.summary = report::SummaryTable(d.evaluated, d.options);
    if (!o.summary_only) d.overview = report::BuildOverview(d.evaluated, d.options);
  }
  if (o.anchor) {
    d.anchor = o.anchor;
    const std::string line = TrailAnchorLine(*o.anchor);
    d.summary.footer = line;
    for (report::Grid& g : d.tables) g.footer = line;
  }
  if (!o.unit.signature.empty()) {
    d.summary.signature = o.unit.signature;
    for (report::Grid& g : d.tables) g.signature = o.unit.signature;
  }

  if (to_stdout) {
    out << (o.formats[0] == ReportFormat::kJson ? report::Json(d) : report::Markdown(d));
    return {};
  }

  std::error_code ec;
  std::filesystem::create_directories(o.out_dir, ec);
  if (ec) throw IoError("cannot create " + o.out_dir.string() + ": " + ec.message());
  ReportProblems local;
  ReportProblems& pr = problems ? *problems : local;
  std::vector<std::filesystem::path> written;
  std::set<ReportFormat> done;
  for (ReportFormat f : o.formats) {
    if (!done.insert(f).second) continue;
    if (show) progress << "jixiao: report: writing " << ReportFormatName(f) << "\n";
    try {
      WriteFormat(d, f, o.out_dir, written, pr.warnings);
    } catch (const Error& e) {
      pr.failed.push_back({f, e.what()});
    } catch (const std::exception& e) {  // e.g. std::bad_alloc from one huge document
      pr.failed.push_back({f, ReportFormatName(f) + ": " + e.what()});
    }
  }
  if (!problems) {
    for (const std::string& w : local.warnings)
      progress << "jixiao: report: warning: " << w << "\n";
    if (!local.failed.empty()) {
      std::string why;
      for (const auto& x : local.failed)
        why += (why.empty() ? "" : "; ") + ReportFormatName(x.format) + ": " + x.message;
      throw IoError("report: failed: " + why);
    }
  }
  return written;
}

}  // namespace jixiao
