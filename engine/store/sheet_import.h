// engine/store/sheet_import.h — the fill-in sheet (填报表) read back into the store: the one code
// path of `jixiao actual import` and of the web workspace's upload.
//
// Contract:
//  * ReadFillInSheet reads a CSV file (UTF-8, UTF-8 with BOM, or GBK) or an .xlsx workbook's first
//    sheet and finds its columns by the template's headers; a file it cannot read, an empty one or
//    one without a needed column throws IoError naming the file (as `name`) and what to write.
//  * ImportSheetRows enters every non-empty row or none: each bad row (unknown project or
//    indicator, refused text, a contradicting duplicate, a value the entry check refuses) is an
//    error located at its row, and when there is any, nothing is stored.
#ifndef JIXIAO_ENGINE_STORE_SHEET_IMPORT_H_
#define JIXIAO_ENGINE_STORE_SHEET_IMPORT_H_

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "engine/io/csv.h"
#include "engine/store/store.h"

namespace jixiao {

// The fill-in sheet's columns, as `actual template` writes them; import finds them by header.
inline constexpr const char* kSheetHeaders[] = {
    "项目名称",      "指标",          "一级指标",
    "二级指标",      "三级指标",      "分值",
    "年度指标值(A)", "实际完成值(B)", "偏差原因分析及改进措施"};
inline constexpr int kSheetColProject = 0, kSheetColKey = 1, kSheetColActual = 7,
                     kSheetColReason = 8;

struct FillInSheet {
  std::string name;  // the file as named in messages
  std::vector<CsvRow> rows;
  std::map<std::string, int> columns;  // header → column
  std::vector<std::string> notes;      // "x.csv: read as GBK"
};

// Reads `path` (named `name` in messages; the extension of `name` says CSV or XLSX).
FillInSheet ReadFillInSheet(const std::filesystem::path& path, const std::string& name);

struct SheetImport {
  Diagnostics errors;              // bad rows, sorted by row: nothing was stored when any
  std::vector<std::string> notes;  // in order: the sheet's notes, rows given twice identically
  EntryOutcome outcome;            // what was entered (when no error)
};

// Enters the sheet's rows in one transaction (Store::SetMany), with `who` (its source names the
// file). Store errors other than refused values (a lock, a missing reason after sign-off) throw.
SheetImport ImportSheetRows(Store& store, const FillInSheet& sheet, const ChangeContext& who);

}  // namespace jixiao

#endif  // JIXIAO_ENGINE_STORE_SHEET_IMPORT_H_
