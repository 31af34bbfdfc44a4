// engine/report/formats.h — internal to engine/report: the data every format draws, and one
// renderer per format (html.cpp, xlsx.cpp, csv.cpp, markdown.cpp, json.cpp).
#ifndef JIXIAO_ENGINE_REPORT_FORMATS_H_
#define JIXIAO_ENGINE_REPORT_FORMATS_H_

#include <filesystem>
#include <string>
#include <vector>

#include "engine/report/escape.h"
#include "engine/report/report.h"
#include "engine/report/tables.h"

namespace jixiao::report {

// Everything a report shows, laid out once.
struct ReportData {
  std::vector<const ScoredProject*> projects;  // in batch order
  // Those printed as 自评表 (ReportOptions::form), in batch order: the 汇总表, the 自评综述 and
  // indicators.csv cover them; the others are printed as their 绩效目标表.
  std::vector<const ScoredProject*> evaluated;
  bool has_summary = true;  // `evaluated` is not empty: a 汇总表 and a 自评综述 are written
  TableOptions options;
  int year = 0;
  std::string department;
  std::vector<Grid> tables;  // the 自评表 or 绩效目标表 of each project, same order
  Grid summary;              // 汇总表
  Overview overview;         // 自评综述
  // Only the 汇总表: `projects` hold what it reads (AddSummaryOnly), no table, no 自评综述.
  bool summary_only = false;
  // The store's audit trail (ReportOptions::anchor); its line is each Grid's footer as well.
  std::optional<TrailAnchor> anchor;
};

// HTML documents: self-contained (inline CSS, no network), A4 print CSS.
std::string HtmlSummary(const ReportData& d);
std::string HtmlOverview(const ReportData& d);
std::string HtmlTables(const ReportData& d);

// Writes the workbook to `file` (the caller renames it into place); a cell cut to Excel's limit
// adds a line to `warnings` naming its sheet (the project). Throws IoError.
void WriteXlsx(const ReportData& d, const std::filesystem::path& file,
               std::vector<std::string>& warnings);

// CSV, UTF-8 with a byte-order mark, CRLF line ends (as Excel writes them).
std::string CsvIndicators(const ReportData& d);
std::string CsvSummary(const ReportData& d);
// Every table as it is laid out: its title line, then one CSV row per grid row (a merged cell's
// text in its top-left position, the cells it covers empty), then an empty row.
std::string CsvTables(const ReportData& d);

// PDF (Cairo + Pango): A4 pages in each grid's orientation, fonts embedded, each 自评表 on its
// own page(s) (a continuation repeats the title and header rows, named 项目名称（续）), page
// numbers. Throws IoError.
void WritePdf(const ReportData& d, const std::filesystem::path& file);

std::string Markdown(const ReportData& d);
std::string Json(const ReportData& d);

}  // namespace jixiao::report

#endif  // JIXIAO_ENGINE_REPORT_FORMATS_H_
