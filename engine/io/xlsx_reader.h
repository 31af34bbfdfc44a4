// engine/io/xlsx_reader.h — reads the cells of an .xlsx workbook (Office Open XML, as Excel, WPS and
// LibreOffice save it), with libzip and pugixml: each sheet's values, their types and the merged
// ranges. Enough to read back a fill-in sheet (`actual import`) and to check the workbooks jixiao
// writes. Formulas are not evaluated: a formula cell gives the value the writer cached.
//
// Contract: never trusts the file. Anything that is not a readable workbook throws IoError naming
// the file and what is wrong; sizes are bounded (kMaxXlsxPartBytes per XML part, kMaxXlsxCells
// cells per workbook) so a hostile file costs bounded time and memory.
#ifndef JIXIAO_ENGINE_IO_XLSX_READER_H_
#define JIXIAO_ENGINE_IO_XLSX_READER_H_

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace jixiao {

inline constexpr std::size_t kMaxXlsxPartBytes = 256u << 20;  // uncompressed XML part
inline constexpr std::size_t kMaxXlsxCells = 5'000'000;

struct XlsxCell {
  int row = 0;       // 0-based
  int col = 0;       // 0-based
  std::string text;  // the value as a person reads it: text, or a number formatted ("98%" for
                     // 0.98 in a percent format; 3.6; TRUE)
  std::optional<double> number;  // set for numeric cells (the stored value, 0.98)
  std::string format;            // the cell's number format code ("@", "0.00%", "General")
};

struct XlsxSheet {
  std::string name;
  std::vector<XlsxCell> cells;      // as stored, row by row
  std::vector<std::string> merges;  // merged ranges as written: "A1:H1"

  const XlsxCell* At(int row, int col) const;  // nullptr for an empty cell
  int Rows() const;                            // 1 + the last row holding a cell; 0 when empty
};

// Every worksheet of the workbook, in the workbook's order. Throws IoError.
std::vector<XlsxSheet> ReadXlsx(const std::filesystem::path& path);

// "B3" → {row 2, col 1}; nullopt when not a cell reference.
std::optional<std::pair<int, int>> ParseCellRef(const std::string& ref);

}  // namespace jixiao

#endif  // JIXIAO_ENGINE_IO_XLSX_READER_H_
