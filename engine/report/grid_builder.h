// engine/report/grid_builder.h — internal to engine/report: builds a Grid cell by cell, for the
// layouts of tables.cpp (自评表, 汇总表) and target_tables.cpp (绩效目标表).
#ifndef JIXIAO_ENGINE_REPORT_GRID_BUILDER_H_
#define JIXIAO_ENGINE_REPORT_GRID_BUILDER_H_

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "engine/report/tables.h"
#include "scoring/policy.h"

namespace jixiao::report {

// Builds a grid row by row; cells are added in (row, col) order by construction.
class GridBuilder {
 public:
  explicit GridBuilder(Grid& g) : g_(g) {}

  Cell& Add(int row, int col, int rows, int cols, std::string text,
            CellStyle style = CellStyle::kBody) {
    Cell& c = g_.cells.emplace_back();
    c.row = row;
    c.col = col;
    c.rows = rows;
    c.cols = cols;
    c.text = std::move(text);
    c.style = style;
    g_.rows = std::max(g_.rows, row + rows);
    return c;
  }
  Cell& Number(int row, int col, int rows, int cols, double x, CellKind kind) {
    std::string text;
    switch (kind) {
      case CellKind::kAmount:
        text = AmountText(x);
        x = RoundTo(x, 2);
        break;
      case CellKind::kPercent:
        text = PercentText(x);
        x = RoundTo(x, 4);
        break;
      case CellKind::kScore:
        text = ScoreText(x);
        break;
      default:
        text = FormatNumber(x, 0);
        break;
    }
    Cell& c = Add(row, col, rows, cols, text);
    c.number = x;
    c.kind = kind;
    return c;
  }
  Cell& Number(int row, int col, double x, CellKind kind) {
    return Number(row, col, 1, 1, x, kind);
  }
  Cell& Label(int row, int col, int rows, int cols, std::string text) {
    return Add(row, col, rows, cols, std::move(text), CellStyle::kLabel);
  }
  void Finish() {
    const auto before = [](const Cell& a, const Cell& b) {
      return a.row != b.row ? a.row < b.row : a.col < b.col;
    };
    // Most tables are built in order: a province's 汇总表 is half a million cells.
    if (!std::is_sorted(g_.cells.begin(), g_.cells.end(), before))
      std::stable_sort(g_.cells.begin(), g_.cells.end(), before);
  }

 private:
  Grid& g_;
};

inline std::string Level1Text(const Indicator& ind) {
  return ind.level1_text.empty() ? Level1Name(ind.level1) : ind.level1_text;
}
inline std::string Level2Text(const Indicator& ind) {
  return ind.level2_text.empty() ? Level2Name(ind.level2) : ind.level2_text;
}

// Runs of consecutive rows with equal keys: [first, last) pairs.
template <typename Key>
std::vector<std::pair<int, int>> Runs(int begin, int end, Key key) {
  std::vector<std::pair<int, int>> runs;
  for (int i = begin; i < end;) {
    int j = i + 1;
    while (j < end && key(j) == key(i)) ++j;
    runs.emplace_back(i, j);
    i = j;
  }
  return runs;
}

inline std::string YearNote(int year) { return "(" + std::to_string(year) + "年度)"; }

// The 一级 and 二级 cells of an indicator block, merged over their runs of rows: rows
// [first, first + levels.size()) with (一级 heading, 二级) of each; 一级 at `col`, 二级 at col + 1.
inline void LevelCells(GridBuilder& b, int first,
                       const std::vector<std::pair<std::string, std::string>>& levels, int col) {
  const int n = static_cast<int>(levels.size());
  const auto at = [&](int row) -> const auto& { return levels[std::size_t(row - first)]; };
  for (const auto& [b1, e1] : Runs(first, first + n, [&](int i) { return at(i).first; })) {
    b.Label(b1, col, e1 - b1, 1, at(b1).first);
    for (const auto& [b2, e2] : Runs(b1, e1, [&](int i) { return at(i).second; }))
      b.Label(b2, col + 1, e2 - b2, 1, at(b2).second);
  }
}

}  // namespace jixiao::report

#endif  // JIXIAO_ENGINE_REPORT_GRID_BUILDER_H_
