// engine/io/import_internal.h — the pieces of the document importer (engine/io/import.h), shared
// by its files and by nothing else: the text helpers and the cell/row model (import_cells.cpp), the
// table parsers per layout (import_tab.cpp: tab-separated rows; import_space.cpp: space-separated
// rows and one cell per line), the model phase (import_model.cpp: raw table → ProjectFile) and the
// document walk (import.cpp: finding the tables, the 汇总表, repeated tables).
//
// Two phases: the layout phase turns the document's lines into RawTables (rows of cells),
// independent of the model; the model phase turns each RawTable into a ProjectFile.
#ifndef JIXIAO_ENGINE_IO_IMPORT_INTERNAL_H_
#define JIXIAO_ENGINE_IO_IMPORT_INTERNAL_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/io/import.h"
#include "indicators/project.h"
#include "indicators/utf8.h"
#include "indicators/value.h"

namespace jixiao::import_detail {

// ---------------------------------------------------------------------------------------------
// The layout phase's model: the document's lines and raw tables (rows of cells).

struct Line {
  int number = 0;  // 1-based line in the document
  std::string text;
};

// One row of the indicator part: its leading level cells and the cells after them.
struct RawRow {
  int line = 0;
  std::string raw;
  std::vector<std::string> levels;
  std::vector<std::string> cells;
};

struct RawSource {
  std::string name;
  std::vector<double> values;  // the numbers of the row, in order
};

struct RawTable {
  TableKind kind = TableKind::kTargets;
  std::string title;
  int first_line = 0, last_line = 0;
  int year = 0;
  std::string name, department, central_department, unit;
  std::optional<double> header_amount;  // "2023年 16万" printed beside the name
  bool has_total_row = false;
  std::vector<double> total_values;  // 年度预算资金总额 / 年度资金总额 row
  std::vector<RawSource> sources;
  std::string goal_planned, goal_achieved;
  std::vector<FundManagementItem> fund_management;
  std::vector<RawRow> rows;
  std::optional<double> total_score;  // 总分
  std::vector<ImportEntry> report, notes;
};

struct SummaryRow {
  std::string name;
  std::optional<double> score;
  std::string grade;
  int line = 0;
};

// ---------------------------------------------------------------------------------------------
// Text helpers and the cell/row model (import_cells.cpp).

// Removes HTML-like tags left by the conversion (<p>, </p>, <b>, </b>).
std::string StripTags(std::string_view s);

// Wide characters: CJK ideographs, CJK punctuation and full-width forms (，（）：).
bool IsWide(char32_t c);

// A PDF conversion breaks a Chinese cell over lines and leaves a space where it broke ("硬件建设及
// 其他 成本", "因项目资金 未到位"): spaces between two wide characters are dropped. Spaces next to
// ASCII ("职工免费查体 (2024年)", "文件 and 政策") are kept as written.
std::string JoinWideSpaces(std::string_view s);

// Free text of a cell: tags stripped, trimmed, broken-line spaces dropped.
std::string CleanText(std::string_view s);

// A cell holding a value (target, actual): tags stripped and trimmed only, kept as published.
std::string ValueText(std::string_view s);

// For label matching: normalised, tags and every space removed.
std::string Compact(std::string_view s);

bool StartsWith(std::string_view s, std::string_view p);

bool EndsWith(std::string_view s, std::string_view p);

bool Contains(std::string_view s, std::string_view p);

// A cell quoted in a message: short, on one line.
std::string Q(std::string_view s);

std::string Shorten(std::string_view s);

// The report's texts that a later step looks for (and removes): one function each, so that the
// test and the text are the same in every language.
// The note of a table without 实施单位, whose unit was taken from its 主管部门.
std::string UnitFromDepartmentNote(const std::string& department);
// The report line of a 主要政策任务 row, which the project schema cannot hold.
std::string PolicyTasksNotImported();

std::vector<std::string> SplitTabs(std::string_view line);

std::vector<std::string> SplitSpaces(std::string_view line);

bool EndsWithSpace(std::string_view line);

// A small cursor for the few fixed patterns of a document (page footers, 2024年, (10分)). Written
// by hand rather than with std::regex: libstdc++'s regex recurses once per character and overflows
// the stack on a long line (a 200 KB line of spaces was enough).
class Cursor {
 public:
  explicit Cursor(std::string_view s, std::size_t at = 0) : s_(s), i_(at) {}
  std::size_t pos() const { return i_; }
  void set(std::size_t i) { i_ = i; }
  bool end() const { return i_ >= s_.size(); }
  // ASCII white space, as \s of a regex.
  void Spaces() {
    while (i_ < s_.size() && IsAsciiSpace(s_[i_])) ++i_;
  }
  bool Lit(std::string_view p) {
    if (s_.substr(i_, p.size()) != p) return false;
    i_ += p.size();
    return true;
  }
  bool Digits() {
    const std::size_t b = i_;
    while (i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '9') ++i_;
    return i_ > b;
  }
  static bool IsAsciiSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
  }

 private:
  std::string_view s_;
  std::size_t i_;
};

bool IsDigitByte(char c);

// "20dd" ending at `end` (exclusive), after skipping ASCII spaces backwards from `end`: the
// year's first byte, or npos.
std::size_t YearBefore(std::string_view s, std::size_t end);

// The first "20dd年" in s followed by `after` (ASCII spaces allowed before 年, and between 年 and
// `after` when `spaced`): the year, or 0.
int FindYear(std::string_view s, std::string_view after, bool spaced);

// 第31页，共40页 / 第 3 页 / - 31 - / 3/40
bool IsPageFooter(std::string_view line);

std::optional<double> Number(std::string_view text);

// Operator glyph or digit first: the cell reads as a quantity target.
bool LooksLikeTarget(std::string_view s);

// A unit split off its number by a stray space ("≥15900 人", "≤35000 元/年/人", "≤9.37 万").
bool IsUnitOnly(std::string_view s);

bool EndsWithDigit(std::string_view s);

inline constexpr Level1 kLevels1[] = {Level1::kCost, Level1::kOutput, Level1::kEffect,
                                      Level1::kSatisfaction};

bool IsLevelText(std::string_view s);

// Parents under which a 二级 name is known.
std::vector<Level1> Level2Parents(std::string_view s);

// "成本指标 (20分)" → "成本指标"; "服务对象 满意度指标" → "服务对象满意度指标".
std::string LevelText(std::string_view s);

// 第一部分, 第十二部分 … (a compacted line).
bool IsPartHeading(std::string_view c);

// "301001_德州市医疗保障局" → "德州市医疗保障局".
std::string StripDeptCode(std::string s);

// Reading a cell from its end: `e` is the end of what is left of `s`.
void SkipSpacesBack(std::string_view s, std::size_t& e);

// Takes `p` off the end when the text left ends with it.
bool TakeBack(std::string_view s, std::size_t& e, std::string_view p);

// "基层医保工作站项目 2024年 49万元" → name, 2024, 49 (the amount beside the name).
struct NameTail {
  std::string name;
  int year = 0;
  std::string amount;
};

std::optional<NameTail> SplitNameTail(std::string_view s);

// "服务对象满意度（10分）" → name, 10 (a 自评表 prints the weight after the name).
struct NameWeight {
  std::string name;
  double weight = 0;
};

std::optional<NameWeight> SplitNameWeight(std::string_view s);

bool IsIndicatorHeader(const std::vector<std::string>& cells);

bool IsRowLabel(std::string_view cell);

// Splits a row's non-empty cells into leading level cells (at most two) and the rest. A level-like
// cell is taken as a level only if what follows can still be a row (nothing, or at least a name
// and a value), or a single name: "服务对象满意度 ≥90%" is a name and its target.
void SplitLevels(std::vector<std::string> cells, RawRow* row);

std::vector<std::string> NonEmptyCells(std::string_view line);

// Numbers of a budget row after its label cell.
std::vector<double> NumbersAfter(const std::vector<std::string>& cells, std::size_t label);

std::string SourceName(std::string_view label);

bool IsSourceLabel(std::string_view k);

// ---------------------------------------------------------------------------------------------
// The document as lines, and what a line is (title, table anchor, end of a part).

class Layout {
 public:
  Layout(std::string_view text, std::string file) : file_(std::move(file)) {
    int n = 0;
    std::size_t start = 0;
    while (start <= text.size()) {
      std::size_t nl = text.find('\n', start);
      if (nl == std::string_view::npos) nl = text.size();
      std::string line(text.substr(start, nl - start));
      if (!line.empty() && line.back() == '\r') line.pop_back();
      ++n;
      // "（二）单位预算项目绩效目标表 项目名称 …": a heading and the table's first row on one line.
      const std::size_t anchor = line.find("项目名称");
      const std::size_t table = line.find("表");
      if (anchor != std::string::npos && table != std::string::npos && table < anchor &&
          !TrimText(line.substr(0, table)).empty()) {
        lines_.push_back({n, line.substr(0, anchor)});
        lines_.push_back({n, line.substr(anchor)});
      } else {
        lines_.push_back({n, std::move(line)});
      }
      if (nl == text.size()) break;
      start = nl + 1;
    }
  }

  const std::vector<Line>& lines() const { return lines_; }
  const std::string& file() const { return file_; }
  SourceLoc Loc(int line) const { return SourceLoc{file_, line, 0}; }

  static bool IsTitle(std::string_view line) {
    const std::string c = Compact(line);
    if (c.empty() || utf8::Length(c) > 60) return false;
    return EndsWith(c, "绩效目标表") || EndsWith(c, "自评表") || EndsWith(c, "汇总表");
  }
  static bool IsAnchor(std::string_view line) {
    const std::string c = Compact(line);
    return StartsWith(c, "项目名称") || StartsWith(c, "专项资金名称");
  }
  static bool IsPartEnd(std::string_view line) {
    const std::string c = Compact(line);
    if (IsPartHeading(c) || StartsWith(c, "名词解释")) return true;
    const std::string t = TrimText(line);
    return StartsWith(t, "#") && !IsTitle(line);
  }
  // A 项目名称 line starts a performance table when a 主管部门 follows within a few lines (the
  // budget tables' "项目名称 项目类别 合计" header has none).
  bool HasDepartmentSoon(std::size_t i) const {
    int seen = 0;
    for (std::size_t j = i; j < lines_.size() && seen < 16; ++j) {
      const std::string c = Compact(lines_[j].text);
      if (c.empty()) continue;
      if (j > i && (IsAnchor(lines_[j].text) || IsTitle(lines_[j].text))) return false;
      if (Contains(c, "主管部门")) return true;
      ++seen;
    }
    return false;
  }

 private:
  std::string file_;
  std::vector<Line> lines_;
};

// ---------------------------------------------------------------------------------------------
// The table parsers: lines [begin, end) of `doc`, starting at the 项目名称 line, into *t.

// Tab-separated tables, one row per line (import_tab.cpp).
void ParseTabTable(const Layout& doc, std::size_t begin, std::size_t end, RawTable* t);

// Space-separated tables and tables with one cell per line (import_space.cpp).
void ParseSpaceTable(const Layout& doc, std::size_t begin, std::size_t end, RawTable* t);

// The model phase (import_model.cpp): a raw table as a ProjectFile; what could not be placed goes
// to raw.report, how unusual layouts were read to raw.notes.
ProjectFile BuildProject(const Layout& doc, const ImportOptions& options, RawTable& raw);

// An actual that no formula can score against its target (a text that does not state a text
// target, text against a quantity) needs the evaluator's judgement. Where the published figures
// say it scored its whole weight (its 得分 equals its weight, or the project's total is 100), the
// publisher judged it 达成: recorded, with a note on `raw` for the import report.
void JudgeFromPublished(RawTable& raw, ProjectFile& pf);

}  // namespace jixiao::import_detail

#endif  // JIXIAO_ENGINE_IO_IMPORT_INTERNAL_H_
