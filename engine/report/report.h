// engine/report/report.h — the published tables of a unit's self-evaluation, written to files.
//
// WriteReports renders a scored Batch (engine/batch/batch.h) as the official forms of seed 004: one
// 项目支出绩效自评表 per project (the central-transfer form in its own layout), the unit's
// 绩效自评情况汇总表 and the 自评综述 paragraphs, in HTML, XLSX, CSV, Markdown and JSON.
//
// Contract:
//  * Reports render what scoring/ computed (ProjectScore); they never score anything themselves.
//  * Numbers look as in the official tables: amounts in 万元 with up to two decimals, rates as
//    percentages with two decimals (0% and 100% without), scores without trailing zeros.
//  * A file is written through engine/io/files.h: whole or not at all, never through a link.
//  * One cell or one format cannot cost the others: a text too long for an XLSX cell is cut with a
//    visible mark and a warning naming the project; a format that fails is reported and the other
//    formats are still written.
//  * A report of a store carries the audit trail's anchor (TrailAnchor): a line under each 自评表
//    and the 汇总表 (HTML, Markdown, XLSX) and an object in JSON, so that a printed 自评表 names
//    the trail it came from (`jixiao verify --expect-head`). A report of files has none, and its
//    bytes do not depend on this.
//  * Throws UsageError (unknown project name, bad format name) and IoError (cannot create the
//    folder; a format that failed, when no ReportProblems is given).
#ifndef JIXIAO_ENGINE_REPORT_REPORT_H_
#define JIXIAO_ENGINE_REPORT_REPORT_H_

#include <cstdint>
#include <filesystem>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/batch/batch.h"
#include "engine/batch/unit.h"
#include "engine/report/tables.h"

namespace jixiao {

enum class ReportFormat { kHtml, kXlsx, kCsv, kMarkdown, kJson, kPdf };

// "html", "xlsx", "csv", "md" (or "markdown"), "json", "pdf"; nullopt for anything else.
std::optional<ReportFormat> ParseReportFormat(std::string_view name);
std::string ReportFormatName(ReportFormat f);  // "html", "xlsx", "csv", "md", "json", "pdf"

// The form each project is printed in (`report --form`).
enum class ReportForm {
  kByStage,  // default: a project with no results entered (Results::empty) → its 绩效目标表 in
             // its definition's target_form; any other → its 自评表
  kSelfEvaluation,     // every project's 自评表 (self-eval)
  kTarget,             // every project's 绩效目标表, in its definition's target_form (target)
  kProjectTarget,      // every project as a 项目支出绩效目标表 (project-target)
  kPolicyTarget,       // … as a 政策和项目预算绩效目标表 (policy-target)
  kSpecialFundTarget,  // … as a 专项资金绩效目标表 (special-fund-target)
};
// "auto", "self-eval", "target", "project-target", "policy-target", "special-fund-target".
std::optional<ReportForm> ParseReportForm(std::string_view name);
std::string ReportFormNames();  // the names above, for messages and --help
// The 绩效目标表 layout `p` is printed in under `f`, or nullopt: its 自评表.
std::optional<TargetForm> PrintedTargetForm(const ScoredProject& p, ReportForm f);

// The audit trail as a report prints it: the store's chain head when the report was made. A plain
// copy of what the store says (the report library does not read the store).
struct TrailAnchor {
  std::string head;               // hash of the trail's last row, 64 hex digits
  std::int64_t rows = 0;          // rows in the trail
  std::string first_at, last_at;  // times of the first and last row, as stored (UTC)
  bool keyed = false;             // an HMAC chain (made with the unit's secret key)
};

// The line printed under each table: 审计记录链: 110 条, FIRST 至 LAST, 末条哈希 HEAD.
std::string TrailAnchorLine(const TrailAnchor& a);

struct ReportOptions {
  // Formats to write; default every one but PDF (`--format pdf` asks for it).
  std::vector<ReportFormat> formats{ReportFormat::kHtml, ReportFormat::kXlsx, ReportFormat::kCsv,
                                    ReportFormat::kMarkdown, ReportFormat::kJson};
  // Folder the files go to (created when missing). "-" writes the one text format asked for
  // (md or json) to the `out` stream of WriteReports instead.
  std::filesystem::path out_dir = "report";
  // Projects to report, by 项目名称 or file stem; empty: every project of the batch.
  std::vector<std::string> projects;
  bool quiet = false;      // no progress lines
  int progress_from = 10;  // progress lines when the report covers this many projects or more
  std::string level;  // budget level in the 自评表 title: "市级" → 市级预算项目支出绩效自评表
  std::string department;  // 汇总表's 部门（单位）; "" → the most common 主管部门 of local projects
  // 完成率 of text-target indicators as the actual's text (seed 004's 基层医保工作站项目 table)
  // instead of the rate (100% when 达成; most of seed 004's tables). See report::TableOptions.
  bool qualitative_completion_as_text = false;
  // Departures from the published form, each off by default (see report::TableOptions):
  bool grade_in_total_row = false;    // 自评等级：优 in the 总分 row's last column
  bool summary_subtotals = false;     // a 小计 row under each group of the 汇总表
  bool zero_rate_as_percent = false;  // a zero rate in a 自评表 printed 0% instead of 0
  // The unit's settings (unit.yaml, engine/batch/unit.h): the 自评综述's work and 重点绩效评价
  // paragraphs, and the lines units sign under each table (填报单位（盖章）, 单位负责人, 填报人,
  // 联系电话, 填报日期; printed in HTML, XLSX, PDF and Markdown when unit.yaml has a signature,
  // a field left empty as its label and a blank). Empty by default (those parts are left out).
  UnitSettings unit;
  // Which form each project is printed in. 绩效目标表 are drawn like the 自评表 (tables.html, a
  // sheet each, md, json, tables.csv); the 汇总表 and 自评综述 cover the projects printed as 自评表
  // only, and are not written when there is none.
  ReportForm form = ReportForm::kByStage;
  // Only the 汇总表: summary.html, summary.csv, report.xlsx with its one sheet, report.md and
  // report.json with it alone. The batch may then hold AddSummaryOnly's slim projects.
  bool summary_only = false;
  // The trail of the store the projects were read from; nullopt (the default) for files: the
  // report then shows no anchor.
  std::optional<TrailAnchor> anchor;
};

// Appends to `batch` what the 汇总表 reads of `p`: its path, name, unit, form, year, department,
// policy, total, grade and error findings; no indicator, result or table. A province's 汇总表 is
// then built from a streamed read (engine/batch/batch.h) without holding its projects.
void AddSummaryOnly(Batch& batch, const ScoredProject& p);
// Appends the projects AddSummaryOnly kept in `from`, and its rejected files, to `batch`.
void MoveSummaryOnly(Batch& batch, Batch&& from);

// The files of one format (names inside out_dir):
//   html  summary.html (汇总表), overview.html (自评综述), tables.html (every 自评表 and
//         绩效目标表)
//   xlsx  report.xlsx (汇总表 sheet, 自评综述 sheet, one sheet per project)
//   csv   indicators.csv (one row per indicator of a 自评表, with its project's columns),
//         summary.csv, tables.csv (every table cell by cell, as laid out)
//   md    report.md (everything)        json  report.json (everything, each table's cells too)
//   pdf   report.pdf (汇总表, 自评综述, each 自评表 and 绩效目标表 on its own page(s); A4, fonts
//         embedded)
// summary.html, overview.html, indicators.csv and summary.csv, and the 汇总表 and 自评综述 of the
// others, are written only when a project is printed as a 自评表.
//
// What went wrong while the files were written; the files of the other formats are written.
struct ReportProblems {
  std::vector<std::string> warnings;  // e.g. a cell cut to Excel's limit, naming the project
  struct Failure {
    ReportFormat format;
    std::string message;  // names the file and why
  };
  std::vector<Failure> failed;  // formats not written (or not all their files)
};

// Writes the reports of `batch` (its scored projects; rejected files are the caller's to report)
// and returns the paths written. Progress lines go to `progress`; with out_dir "-" the document
// goes to `out`. Warnings and failed formats go to `problems`; without it, warnings go to
// `progress` and a failed format throws IoError once every other format is written.
std::vector<std::filesystem::path> WriteReports(const Batch& batch, const ReportOptions& options,
                                                std::ostream& out, std::ostream& progress,
                                                ReportProblems* problems = nullptr);

}  // namespace jixiao

#endif  // JIXIAO_ENGINE_REPORT_REPORT_H_
