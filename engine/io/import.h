// engine/io/import.h — reading published performance tables (绩效目标表, 自评表) out of the text
// of a document (a PDF converted to text) into jixiao's model.
//
// The importer finds every 项目支出绩效目标表, 政策和项目预算绩效目标表, 专项资金绩效目标表,
// 市级预算项目支出绩效自评表 and 中央对地方转移支付项目绩效自评表 in the text, and turns each into
// a ProjectFile as far as the table allows: identity, budget, 年度总体目标, the indicator tree
// (targets parsed and resolved exactly as the YAML loader does, Value::text kept as published), and
// from a 自评表 the weights, actuals, published scores and budget execution. A 汇总表 in the same
// document supplies the published grade (and the total of a central-transfer table, which prints
// none).
//
// Layout quirks handled (all occur in real documents): tab-separated rows; space-separated rows;
// one cell per line, with cells broken over lines (a line without a trailing space continues);
// merged level cells left blank on continuation rows, or printed on the middle row of their group;
// 一级/二级 columns shifted or missing (levels are recognised by their names, not by column);
// page footers (第31页，共40页) inside a table; the same table published twice; full-width
// characters and stray spaces inside numbers.
//
// Contract: ImportText never throws on document text. Nothing is dropped silently: every line
// that looked like part of a table and could not be placed is an entry of `report` (file:line, the
// raw text, why); `notes` say how an unusual layout was read when nothing was lost. The import is
// complete when `report` is empty.
#ifndef JIXIAO_ENGINE_IO_IMPORT_H_
#define JIXIAO_ENGINE_IO_IMPORT_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "indicators/diagnostics.h"
#include "indicators/project.h"

namespace jixiao {

struct ImportOptions {
  // Scoring policy written into every local project (budget-time tables and local 自评表).
  std::string policy = "shandong";
  // Policy of central-transfer 自评表 (no per-indicator weights: caps shared equally).
  std::string central_policy = "national-2020";
  // Limits: a longer document is refused with one `report` entry saying so, and nothing is
  // imported. A city's whole published budget is about 2,000 lines and 60 KB of text; the limits
  // leave a hundredfold margin while bounding time and memory (the import is linear in the text).
  // A caller reading a file can compare its size with max_bytes before reading it.
  std::size_t max_bytes = 16u << 20;  // 16 MiB
  std::size_t max_lines = 200'000;
};

enum class TableKind {
  kTargets,          // 绩效目标表 of any title (budget time: targets only)
  kSelfEvaluation,   // 市级预算项目支出绩效自评表 (weights, actuals, scores)
  kCentralTransfer,  // 中央对地方转移支付项目绩效自评表
};
std::string TableKindName(TableKind k);  // "targets", "self-evaluation", "central-transfer"

// One line of the import report or of the notes.
struct ImportEntry {
  SourceLoc loc;     // the document's file:line
  std::string text;  // the raw line (trimmed, shortened to 200 characters)
  std::string why;
};

struct ImportedTable {
  TableKind kind = TableKind::kTargets;
  std::string title;  // as printed above the table ("政策和项目预算绩效目标表")
  SourceLoc loc;      // the 项目名称 line
  int last_line = 0;  // last line of the table
  ProjectFile file;
  int duplicate_of = -1;  // index of an earlier table this one repeats: imported once, not again
};

struct ImportResult {
  std::vector<ImportedTable> tables;  // in document order, duplicates included
  std::vector<ImportEntry> report;    // not placed: the import is incomplete
  std::vector<ImportEntry> notes;     // how unusual layouts were read; nothing lost

  bool complete() const { return report.empty(); }
  // The distinct projects (tables that are not duplicates), in document order.
  std::vector<const ProjectFile*> projects() const;
  std::size_t indicator_count() const;  // over projects()
};

// Imports every performance table of a document's text; `filename` is used in locations only.
ImportResult ImportText(std::string_view text, const std::string& filename,
                        const ImportOptions& options = {});

}  // namespace jixiao

#endif  // JIXIAO_ENGINE_IO_IMPORT_H_
