#include "engine/io/import.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>

#include "indicators/utf8.h"
#include "indicators/value.h"

namespace jixiao {
namespace {

// ---------------------------------------------------------------------------------------------
// Text helpers.

// Removes HTML-like tags left by the conversion (<p>, </p>, <b>, </b>).
std::string StripTags(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '<') {
      const std::size_t close = s.find('>', i);
      const std::size_t len = close == std::string_view::npos ? 0 : close - i;
      if (close != std::string_view::npos && len <= 4 &&
          (std::isalpha(static_cast<unsigned char>(s[i + 1])) || s[i + 1] == '/')) {
        out.push_back(' ');
        i = close;
        continue;
      }
    }
    out.push_back(s[i]);
  }
  return out;
}

// Wide characters: CJK ideographs, CJK punctuation and full-width forms (，（）：).
bool IsWide(char32_t c) {
  return utf8::IsCjk(c) || (c >= 0x3000 && c <= 0x303F) || (c >= 0xFF00 && c <= 0xFFEF) ||
         c == 0x201C || c == 0x201D;
}

// A PDF conversion breaks a Chinese cell over lines and leaves a space where it broke ("硬件建设及
// 其他 成本", "因项目资金 未到位"): spaces between two wide characters are dropped. Spaces next to
// ASCII ("职工免费查体 (2024年)", "文件 and 政策") are kept as written.
std::string JoinWideSpaces(std::string_view s) {
  std::string out;
  char32_t prev = 0;  // last non-space code point written
  std::string pending_space;
  for (std::size_t i = 0, len = 0; i < s.size(); i += len) {
    const char32_t c = utf8::Decode(s, i, &len);
    if (c == ' ' || c == '\t' || c == 0x3000 || c == 0xA0) {
      pending_space.append(s.substr(i, len));
      continue;
    }
    if (!pending_space.empty()) {
      if (!(IsWide(prev) && IsWide(c)) && prev != 0) out += " ";
      pending_space.clear();
    }
    out.append(s.substr(i, len));
    prev = c;
  }
  return out;
}

// Free text of a cell: tags stripped, trimmed, broken-line spaces dropped.
std::string CleanText(std::string_view s) { return JoinWideSpaces(TrimText(StripTags(s))); }

// A cell holding a value (target, actual): tags stripped and trimmed only, kept as published.
std::string ValueText(std::string_view s) { return TrimText(StripTags(s)); }

// For label matching: normalised, tags and every space removed.
std::string Compact(std::string_view s) {
  const std::string t = NormalizeText(StripTags(s));
  std::string out;
  for (std::size_t i = 0, len = 0; i < t.size(); i += len) {
    const char32_t c = utf8::Decode(t, i, &len);
    if (c == ' ' || c == '\t' || c == 0x3000 || c == 0xA0 || c == '#' || c == '*') continue;
    out.append(t.substr(i, len));
  }
  return out;
}

bool StartsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }
bool EndsWith(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}
bool Contains(std::string_view s, std::string_view p) {
  return s.find(p) != std::string_view::npos;
}

// A cell quoted in a message: short, on one line.
std::string Q(std::string_view s) { return "'" + Excerpt(TrimText(s), 80) + "'"; }

std::string Shorten(std::string_view s) {
  const std::string t = TrimText(s);
  if (utf8::Length(t) <= 200) return t;
  return t.substr(0, utf8::Advance(t, 200)) + "…";
}

std::vector<std::string> SplitTabs(std::string_view line) {
  std::vector<std::string> cells;
  std::size_t start = 0;
  while (true) {
    const std::size_t tab = line.find('\t', start);
    cells.emplace_back(line.substr(start, tab == std::string_view::npos ? line.npos : tab - start));
    if (tab == std::string_view::npos) break;
    start = tab + 1;
  }
  return cells;
}

std::vector<std::string> SplitSpaces(std::string_view line) {
  std::vector<std::string> out;
  std::string cur;
  for (std::size_t i = 0, len = 0; i < line.size(); i += len) {
    const char32_t c = utf8::Decode(line, i, &len);
    if (c == ' ' || c == '\t' || c == 0x3000 || c == 0xA0) {
      if (!cur.empty()) out.push_back(std::move(cur));
      cur.clear();
    } else {
      cur.append(line.substr(i, len));
    }
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

bool EndsWithSpace(std::string_view line) {
  if (!line.empty() && (line.back() == ' ' || line.back() == '\t')) return true;
  return EndsWith(line, "\u3000");
}

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

bool IsDigitByte(char c) { return c >= '0' && c <= '9'; }

// "20dd" ending at `end` (exclusive), after skipping ASCII spaces backwards from `end`: the
// year's first byte, or npos.
std::size_t YearBefore(std::string_view s, std::size_t end) {
  while (end > 0 && Cursor::IsAsciiSpace(s[end - 1])) --end;
  if (end < 4) return std::string_view::npos;
  const std::size_t b = end - 4;
  if (s[b] == '2' && s[b + 1] == '0' && IsDigitByte(s[b + 2]) && IsDigitByte(s[b + 3])) return b;
  return std::string_view::npos;
}

// The first "20dd年" in s followed by `after` (ASCII spaces allowed before 年, and between 年 and
// `after` when `spaced`): the year, or 0.
int FindYear(std::string_view s, std::string_view after, bool spaced) {
  for (std::size_t at = s.find("年"); at != std::string_view::npos; at = s.find("年", at + 1)) {
    const std::size_t y = YearBefore(s, at);
    if (y == std::string_view::npos) continue;
    Cursor c(s, at + std::string_view("年").size());
    if (!after.empty()) {
      if (spaced) c.Spaces();
      if (!c.Lit(after)) continue;
    }
    return std::stoi(std::string(s.substr(y, 4)));
  }
  return 0;
}

// 第31页，共40页 / 第 3 页 / - 31 - / 3/40
bool IsPageFooter(std::string_view line) {
  if (line.size() > 200) return false;
  Cursor c(line);
  c.Spaces();
  const std::size_t start = c.pos();
  bool ok = false;
  if (c.Lit("第")) {
    c.Spaces();
    if (c.Digits()) {
      c.Spaces();
      if (c.Lit("页")) {
        c.Spaces();
        const std::size_t before_total = c.pos();
        if (!c.Lit(",")) c.Lit("，");
        c.Spaces();
        bool total = false;
        if (c.Lit("共")) {
          c.Spaces();
          if (c.Digits()) {
            c.Spaces();
            total = c.Lit("页");
          }
        }
        if (!total) c.set(before_total);
        ok = true;
      }
    }
  }
  if (!ok) {
    c.set(start);
    if (c.Lit("-")) {
      c.Spaces();
      if (c.Digits()) {
        c.Spaces();
        ok = c.Lit("-");
      }
    }
  }
  if (!ok) {
    c.set(start);
    if (c.Digits()) {
      c.Spaces();
      if (c.Lit("/")) {
        c.Spaces();
        ok = c.Digits();
      }
    }
  }
  if (!ok) return false;
  c.Spaces();
  return c.end();
}

std::optional<double> Number(std::string_view text) {
  std::string t = TrimText(StripTags(text));
  if (t.empty() || t == "-" || t == "/" || t == "—") return std::nullopt;
  std::string err;
  return ParsePlainNumber(t, &err);
}

// Operator glyph or digit first: the cell reads as a quantity target.
bool LooksLikeTarget(std::string_view s) {
  const std::string t = NormalizeText(s);
  if (t.empty()) return false;
  std::size_t len = 0;
  const char32_t c = utf8::Decode(t, 0, &len);
  return (c >= '0' && c <= '9') || c == '<' || c == '>' || c == '=' || c == 0x2265 || c == 0x2264 ||
         c == 0x2267 || c == 0x2266 || c == 0xFE66 || c == 0x2550;
}

// A unit split off its number by a stray space ("≥15900 人", "≤35000 元/年/人", "≤9.37 万").
bool IsUnitOnly(std::string_view s) {
  if (s.empty() || utf8::Length(s) > 6 || LooksLikeTarget(s)) return false;
  for (char c : s)
    if (c >= '0' && c <= '9') return false;
  return true;
}

bool EndsWithDigit(std::string_view s) {
  return !s.empty() && ((s.back() >= '0' && s.back() <= '9') || s.back() == '%');
}

// ---------------------------------------------------------------------------------------------
// Level names.

constexpr Level1 kLevels1[] = {Level1::kCost, Level1::kOutput, Level1::kEffect,
                               Level1::kSatisfaction};

bool IsLevelText(std::string_view s) {
  if (s.empty()) return false;
  if (ParseLevel1(s)) return true;
  for (Level1 l : kLevels1)
    if (ParseLevel2(s, l)) return true;
  return false;
}

// Parents under which a 二级 name is known.
std::vector<Level1> Level2Parents(std::string_view s) {
  std::vector<Level1> out;
  for (Level1 l : kLevels1)
    if (ParseLevel2(s, l)) out.push_back(l);
  return out;
}

// "成本指标 (20分)" → "成本指标"; "服务对象 满意度指标" → "服务对象满意度指标".
std::string LevelText(std::string_view s) {
  std::string t = Compact(s);
  if (!t.empty() && t.back() == ')') {
    const auto open = t.rfind('(');
    if (open != std::string::npos && open > 0) t.resize(open);
  }
  return t;
}

// ---------------------------------------------------------------------------------------------
// Layout phase: the document's lines → raw tables (rows of cells), independent of the model.

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

// 第一部分, 第十二部分 … (a compacted line).
bool IsPartHeading(std::string_view c) {
  if (!StartsWith(c, "第")) return false;
  c.remove_prefix(std::string_view("第").size());
  std::size_t numerals = 0;
  for (bool more = true; more;) {
    more = false;
    for (std::string_view n : {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"}) {
      if (StartsWith(c, n)) {
        c.remove_prefix(n.size());
        ++numerals;
        more = true;
        break;
      }
    }
  }
  return numerals > 0 && StartsWith(c, "部分");
}

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

// "301001_德州市医疗保障局" → "德州市医疗保障局".
std::string StripDeptCode(std::string s) {
  Cursor c(s);
  c.Spaces();
  if (!c.Digits()) return s;
  c.Spaces();
  if (!c.Lit("_") && !c.Lit("-")) return s;
  c.Spaces();
  return s.substr(c.pos());
}

// Reading a cell from its end: `e` is the end of what is left of `s`.
void SkipSpacesBack(std::string_view s, std::size_t& e) {
  while (e > 0 && Cursor::IsAsciiSpace(s[e - 1])) --e;
}
// Takes `p` off the end when the text left ends with it.
bool TakeBack(std::string_view s, std::size_t& e, std::string_view p) {
  if (e < p.size() || s.substr(e - p.size(), p.size()) != p) return false;
  e -= p.size();
  return true;
}

// "基层医保工作站项目 2024年 49万元" → name, 2024, 49 (the amount beside the name).
struct NameTail {
  std::string name;
  int year = 0;
  std::string amount;
};
std::optional<NameTail> SplitNameTail(std::string_view s) {
  std::size_t e = s.size();
  SkipSpacesBack(s, e);
  TakeBack(s, e, "元");
  if (!TakeBack(s, e, "万")) return std::nullopt;
  SkipSpacesBack(s, e);
  const std::size_t amount_end = e;
  while (e > 0 && (IsDigitByte(s[e - 1]) || s[e - 1] == '.' || s[e - 1] == ',')) --e;
  if (e == amount_end || !IsDigitByte(s[e])) return std::nullopt;
  NameTail t;
  t.amount = std::string(s.substr(e, amount_end - e));
  SkipSpacesBack(s, e);
  if (!TakeBack(s, e, "年")) return std::nullopt;
  const std::size_t y = YearBefore(s, e);
  if (y == std::string_view::npos) return std::nullopt;
  t.year = std::stoi(std::string(s.substr(y, 4)));
  t.name = TrimText(s.substr(0, y));
  return t;
}

// "服务对象满意度（10分）" → name, 10 (a 自评表 prints the weight after the name).
struct NameWeight {
  std::string name;
  double weight = 0;
};
std::optional<NameWeight> SplitNameWeight(std::string_view s) {
  std::size_t e = s.size();
  SkipSpacesBack(s, e);
  if (!TakeBack(s, e, ")") && !TakeBack(s, e, "）")) return std::nullopt;
  SkipSpacesBack(s, e);
  if (!TakeBack(s, e, "分")) return std::nullopt;
  SkipSpacesBack(s, e);
  const std::size_t number_end = e;
  while (e > 0 && (IsDigitByte(s[e - 1]) || s[e - 1] == '.')) --e;
  const std::string_view number = s.substr(e, number_end - e);
  // [0-9]+(\.[0-9]+)?
  const std::size_t dot = number.find('.');
  if (number.empty() || !IsDigitByte(number.front()) || !IsDigitByte(number.back()) ||
      (dot != std::string_view::npos && number.find('.', dot + 1) != std::string_view::npos)) {
    return std::nullopt;
  }
  SkipSpacesBack(s, e);
  if (!TakeBack(s, e, "(") && !TakeBack(s, e, "（")) return std::nullopt;
  NameWeight w;
  w.weight = std::stod(std::string(number));
  w.name = TrimText(s.substr(0, e));
  return w;
}

// ----- Tab-separated tables (one row per line).

bool IsIndicatorHeader(const std::vector<std::string>& cells) {
  bool l1 = false, l3 = false;
  for (const auto& c : cells) {
    const std::string k = Compact(c);
    if (k == "一级指标") l1 = true;
    if (StartsWith(k, "三级指标")) l3 = true;
  }
  return l1 && l3;
}

bool IsRowLabel(std::string_view cell) {
  const std::string k = Compact(cell);
  return k == "绩效指标" || k == "年度绩效指标";
}

// Splits a row's non-empty cells into leading level cells (at most two) and the rest. A level-like
// cell is taken as a level only if what follows can still be a row (nothing, or at least a name
// and a value), or a single name: "服务对象满意度 ≥90%" is a name and its target.
void SplitLevels(std::vector<std::string> cells, RawRow* row) {
  std::size_t pos = 0;
  while (pos < cells.size() && IsRowLabel(cells[pos])) ++pos;
  while (pos < cells.size() && row->levels.size() < 2 && IsLevelText(LevelText(cells[pos]))) {
    const std::size_t rest = cells.size() - pos - 1;
    if (rest == 1 && LooksLikeTarget(cells[pos + 1])) break;
    row->levels.push_back(cells[pos]);
    ++pos;
  }
  row->cells.assign(cells.begin() + pos, cells.end());
}

std::vector<std::string> NonEmptyCells(std::string_view line) {
  std::vector<std::string> out;
  for (auto& c : SplitTabs(line)) {
    std::string t = TrimText(StripTags(c));
    if (!t.empty()) out.push_back(TrimText(c));
  }
  return out;
}

// Numbers of a budget row after its label cell.
std::vector<double> NumbersAfter(const std::vector<std::string>& cells, std::size_t label) {
  std::vector<double> out;
  for (std::size_t i = label + 1; i < cells.size(); ++i) {
    // A rate cell ("76.27%") keeps its place among the figures.
    std::string c = TrimText(NormalizeText(cells[i]));
    if (EndsWith(c, "%")) c.pop_back();
    if (auto n = Number(c)) out.push_back(*n);
  }
  return out;
}

std::string SourceName(std::string_view label) {
  std::string t = Compact(label);
  for (std::string_view p : {"其中:", "其中："})
    if (StartsWith(t, p)) t = t.substr(p.size());
  if (EndsWith(t, ":")) t.pop_back();
  return t;
}

bool IsSourceLabel(std::string_view k) {
  return Contains(k, "财政拨款") || Contains(k, "上年结转") || Contains(k, "其他资金") ||
         Contains(k, "中央财政资金") || Contains(k, "地方资金");
}

void ParseTabTable(const Layout& doc, std::size_t begin, std::size_t end, RawTable* t) {
  const auto& lines = doc.lines();
  bool indicators = false, goal_next = false, fund_mode = false;
  for (std::size_t i = begin; i < end; ++i) {
    const Line& line = lines[i];
    if (IsPageFooter(line.text)) continue;
    std::vector<std::string> cells = NonEmptyCells(line.text);
    if (cells.empty()) continue;
    t->last_line = line.number;
    const std::string k0 = Compact(cells[0]);
    if (!indicators) {
      if (IsIndicatorHeader(cells)) {
        indicators = true;
        continue;
      }
      if (goal_next) {
        goal_next = false;
        t->goal_planned = CleanText(cells[0]);
        if (cells.size() > 1) t->goal_achieved = CleanText(cells[1]);
        if (cells.size() > 2) {
          t->report.push_back({doc.Loc(line.number), Shorten(line.text),
                               "more than two cells in the 年度总体目标 row: only the first two "
                               "(年初预期目标, 目标实际完成情况) imported"});
        }
        continue;
      }
      bool used = false;
      for (std::size_t c = 0; c < cells.size(); ++c) {
        const std::string k = Compact(cells[c]);
        auto next = [&]() -> std::string {
          return c + 1 < cells.size() ? CleanText(cells[c + 1]) : std::string();
        };
        if (k == "项目名称" || k == "专项资金名称") {
          t->name = next();
          used = true;
          ++c;
        } else if (k == "中央主管部门") {
          t->central_department = StripDeptCode(next());
          used = true;
          ++c;
        } else if (StartsWith(k, "主管部门") || k == "地方主管部门") {
          t->department = StripDeptCode(next());
          used = true;
          ++c;
        } else if (k == "实施单位" || k == "项目实施单位" || k == "资金使用单位") {
          t->unit = next();
          used = true;
          ++c;
        }
      }
      if (used) continue;
      bool is_budget_header = false;
      for (const auto& c : cells) {
        const std::string k = Compact(c);
        if (StartsWith(k, "年初预算数") || StartsWith(k, "全年预算数")) is_budget_header = true;
      }
      if (is_budget_header) continue;
      if (fund_mode && !StartsWith(k0, "总体目标")) {
        if (cells.size() >= 2) {
          FundManagementItem fm;
          fm.item = CleanText(cells[0]);
          fm.note = CleanText(cells[1]);
          if (cells.size() > 2) fm.issues = CleanText(cells[2]);
          t->fund_management.push_back(std::move(fm));
        } else {
          t->report.push_back({doc.Loc(line.number), Shorten(line.text),
                               "资金管理情况 row without a 情况说明: not imported"});
        }
        continue;
      }
      fund_mode = false;
      if (StartsWith(k0, "资金管理情况")) {
        fund_mode = true;
        continue;
      }
      // Budget rows.
      std::optional<std::size_t> total_at, source_at;
      for (std::size_t c = 0; c < cells.size(); ++c) {
        const std::string k = Compact(cells[c]);
        if (Contains(k, "年度预算资金总额") || Contains(k, "年度资金总额") ||
            StartsWith(k, "年度预算资金(万元)")) {
          total_at = c;
          break;
        }
        if (IsSourceLabel(k) && !LooksLikeTarget(k)) {
          source_at = c;
          break;
        }
      }
      if (total_at) {
        t->has_total_row = true;
        t->total_values = NumbersAfter(cells, *total_at);
        continue;
      }
      if (source_at) {
        t->sources.push_back({SourceName(cells[*source_at]), NumbersAfter(cells, *source_at)});
        continue;
      }
      // Goal rows: a label row followed by (planned, achieved), or the label and the text.
      if (k0 == "年度总体目标" || StartsWith(k0, "总体目标完成情况")) {
        goal_next = true;
        continue;
      }
      for (std::string_view label :
           {"年度总体绩效目标", "年度总体目标", "年度总体绩效", "总体目标"}) {
        if (StartsWith(k0, label)) {
          std::string text;
          // The label may share its cell with the text ("<p>总体目标</p> <p>…</p>").
          std::string first = CleanText(cells[0]);
          std::string rest_of_first;
          {
            // Drop the label's characters (spaces may sit inside it) from the first cell.
            std::size_t n = utf8::Length(std::string(label)), i2 = 0, taken = 0;
            while (i2 < first.size() && taken < n) {
              std::size_t len = 0;
              const char32_t cp = utf8::Decode(first, i2, &len);
              if (cp != ' ') ++taken;
              i2 += len;
            }
            rest_of_first = TrimText(first.substr(i2));
          }
          text = rest_of_first;
          for (std::size_t c = 1; c < cells.size(); ++c) {
            const std::string more = CleanText(cells[c]);
            if (more.empty()) continue;
            text += (text.empty() ? "" : " ") + more;
          }
          t->goal_planned = text;
          used = true;
          break;
        }
      }
      if (used) continue;
      t->report.push_back({doc.Loc(line.number), Shorten(line.text),
                           "row above the indicator header not recognised: not imported"});
      continue;
    }
    // Indicator part.
    if (StartsWith(k0, "总分")) {
      for (std::size_t c = 1; c < cells.size(); ++c)
        if (auto n = Number(cells[c])) {
          t->total_score = n;
          break;
        }
      continue;
    }
    RawRow row;
    row.line = line.number;
    row.raw = line.text;
    SplitLevels(cells, &row);
    t->rows.push_back(std::move(row));
  }
}

// ----- Space-separated tables and tables with one cell per line.

struct Token {
  std::string text;
  int line = 0;
  int logical = 0;  // index of its logical line
};

// Logical lines: a line that does not end with a space continues on the next non-empty line
// when the table marks the ends of its cells with trailing spaces (one cell per line layout).
std::vector<Line> LogicalLines(const std::vector<Line>& lines, std::size_t begin, std::size_t end,
                               bool continuation) {
  std::vector<Line> out;
  std::optional<Line> cur;
  for (std::size_t i = begin; i < end; ++i) {
    const std::string& text = lines[i].text;
    if (TrimText(text).empty()) continue;
    if (IsPageFooter(text)) continue;
    if (!cur) {
      cur = Line{lines[i].number, TrimText(text)};
    } else {
      cur->text += TrimText(text);
    }
    if (!continuation || EndsWithSpace(text)) {
      out.push_back(std::move(*cur));
      cur.reset();
    }
  }
  if (cur) out.push_back(std::move(*cur));
  return out;
}

// A line of a single CJK character: the vertical label 绩/效/指/标 of a merged cell.
bool IsVerticalLabel(std::string_view text) {
  const std::string t = TrimText(text);
  return utf8::Length(t) == 1 && !LooksLikeTarget(t);
}

// Finds `label` in `flat` (spaces ignored inside the label), returns the position after it.
std::optional<std::size_t> FindLabel(const std::string& flat, std::string_view label,
                                     std::size_t from = 0) {
  const std::size_t p = flat.find(label, from);
  if (p == std::string::npos) return std::nullopt;
  return p + label.size();
}

std::optional<double> NumberAt(const std::string& flat, std::size_t pos) {
  while (pos < flat.size() && (flat[pos] == ' ' || flat[pos] == ':')) ++pos;
  if (StartsWith(std::string_view(flat).substr(pos), "：")) pos += std::string_view("：").size();
  while (pos < flat.size() && flat[pos] == ' ') ++pos;
  std::size_t e = pos;
  while (e < flat.size() &&
         ((flat[e] >= '0' && flat[e] <= '9') || flat[e] == '.' || flat[e] == ','))
    ++e;
  if (e == pos) return std::nullopt;
  return Number(flat.substr(pos, e - pos));
}

std::string Between(const std::string& flat, std::size_t from,
                    std::initializer_list<std::string_view> stops) {
  std::size_t to = flat.size();
  for (auto s : stops) {
    const std::size_t p = flat.find(s, from);
    if (p != std::string::npos) to = std::min(to, p);
  }
  return CleanText(flat.substr(from, to - from));
}

void ParseSpaceTable(const Layout& doc, std::size_t begin, std::size_t end, RawTable* t) {
  const auto& lines = doc.lines();
  // Trailing spaces mark cell ends when most lines of the table carry one.
  std::size_t nonempty = 0, trailing = 0;
  for (std::size_t i = begin; i < end; ++i) {
    if (TrimText(lines[i].text).empty()) continue;
    ++nonempty;
    if (EndsWithSpace(lines[i].text)) ++trailing;
  }
  const bool continuation = nonempty > 0 && trailing * 10 >= nonempty * 3;
  std::size_t header_end = end;
  for (std::size_t i = begin; i < end; ++i) {
    const std::string c = Compact(lines[i].text);
    if (Contains(c, "一级指标") && Contains(c, "三级指标")) {
      header_end = i;
      break;
    }
  }
  for (std::size_t i = begin; i < end; ++i)
    if (!TrimText(lines[i].text).empty()) t->last_line = lines[i].number;

  // Header: the logical lines joined, fields found by their labels.
  std::string flat;
  for (const Line& l : LogicalLines(lines, begin, header_end, continuation)) {
    if (IsVerticalLabel(l.text)) continue;
    flat += TrimText(l.text);
  }
  {
    std::optional<std::size_t> p = FindLabel(flat, "专项资金名称");
    if (!p) p = FindLabel(flat, "项目名称");
    if (p) {
      std::string name = Between(flat, *p, {"主管部门"});
      if (auto tail = SplitNameTail(name)) {
        t->year = tail->year;
        t->header_amount = Number(tail->amount);
        name = tail->name;
      }
      t->name = CleanText(name);
    }
    if (auto d = FindLabel(flat, "主管部门"))
      t->department = StripDeptCode(Between(flat, *d, {"实施单位", "项目资金", "年度预算资金"}));
    if (auto u = FindLabel(flat, "实施单位"))
      t->unit = Between(flat, *u, {"项目资金", "年度预算资金"});
    std::optional<std::size_t> a = FindLabel(flat, "年度预算资金总额");
    if (!a) a = FindLabel(flat, "年度预算资金（万元）");
    if (!a) a = FindLabel(flat, "年度预算资金(万元)");
    if (a) {
      t->has_total_row = true;
      if (auto n = NumberAt(flat, *a)) t->total_values.push_back(*n);
    }
    if (auto s = FindLabel(flat, "财政拨款")) {
      RawSource src{"财政拨款", {}};
      if (auto n = NumberAt(flat, *s)) src.values.push_back(*n);
      t->sources.push_back(src);
    }
    if (auto s = FindLabel(flat, "其他资金")) {
      RawSource src{"其他资金", {}};
      if (auto n = NumberAt(flat, *s)) src.values.push_back(*n);
      t->sources.push_back(src);
    }
    for (std::string_view label :
         {"年度总体绩效目标", "年度总体目标", "年度总体绩效", "总体目标"}) {
      if (auto g = FindLabel(flat, label)) {
        std::string goal = CleanText(flat.substr(*g));
        const std::size_t task = goal.find("主要政策任务");
        if (task != std::string::npos) {
          t->report.push_back({doc.Loc(t->first_line), Shorten(goal.substr(task)),
                               "主要政策任务 row: the project schema has no field for it; not "
                               "imported"});
          goal = TrimText(goal.substr(0, task));
        }
        t->goal_planned = goal;
        break;
      }
    }
  }

  // Indicator part: tokens of the logical lines, level names re-joined across lines.
  std::vector<Token> toks;
  int logical = 0;
  const std::size_t ind_begin = header_end < end ? header_end + 1 : end;
  for (const Line& l : LogicalLines(lines, ind_begin, end, continuation)) {
    if (IsVerticalLabel(l.text)) continue;
    const std::string c = Compact(l.text);
    if (Contains(c, "一级指标") && Contains(c, "三级指标")) continue;
    std::vector<std::string> words = SplitSpaces(l.text);
    if (!words.empty() && IsRowLabel(words[0])) words.erase(words.begin());
    if (words.empty()) continue;
    for (auto& w : words) toks.push_back({StripTags(w), l.number, logical});
    ++logical;
  }
  auto sole = [&](std::size_t j) {
    return (j == 0 || toks[j - 1].logical != toks[j].logical) &&
           (j + 1 == toks.size() || toks[j + 1].logical != toks[j].logical);
  };
  std::optional<Token> pending;  // a 三级 name waiting for its target on the next line
  std::size_t i = 0;
  auto report_pending = [&] {
    if (pending) {
      t->report.push_back({doc.Loc(pending->line), Shorten(pending->text),
                           "三级指标 name without a 指标值: not imported"});
      pending.reset();
    }
  };
  while (i < toks.size()) {
    const int lg = toks[i].logical;
    std::size_t line_end = i;
    while (line_end < toks.size() && toks[line_end].logical == lg) ++line_end;
    RawRow row;
    row.line = toks[i].line;
    for (std::size_t j = i; j < line_end; ++j) row.raw += (j > i ? " " : "") + toks[j].text;
    // Leading level names, each possibly continued by sole tokens on the following lines.
    while (i < line_end && row.levels.size() < 2) {
      std::size_t best = 0;
      std::string best_text;
      std::string acc;
      for (std::size_t k = 0; k < 3 && i + k < toks.size(); ++k) {
        const std::size_t j = i + k;
        if (k > 0 && j >= line_end && !sole(j)) break;
        acc += toks[j].text;
        if (IsLevelText(LevelText(acc))) {
          best = k + 1;
          best_text = acc;
        }
      }
      if (best == 0) break;
      const std::size_t after = std::min(i + best, line_end);
      const std::size_t rest = line_end - after;
      if (rest == 1 && LooksLikeTarget(toks[after].text)) break;
      row.levels.push_back(best_text);
      const std::size_t consumed_end = i + best;
      i = consumed_end;
      if (consumed_end > line_end) line_end = consumed_end;  // sole tokens of later lines used
    }
    std::vector<std::string> rest;
    for (std::size_t j = i; j < line_end; ++j) rest.push_back(toks[j].text);
    i = line_end;
    // A unit split off its number by a stray space belongs to the value.
    while (rest.size() >= 3 && IsUnitOnly(rest.back()) && EndsWithDigit(rest[rest.size() - 2])) {
      rest[rest.size() - 2] += " " + rest.back();
      rest.pop_back();
    }
    if (rest.size() == 2 && IsUnitOnly(rest.back()) && EndsWithDigit(rest[0]) && pending) {
      rest[0] += " " + rest.back();
      rest.pop_back();
    }
    if (!row.levels.empty() && rest.empty()) {
      report_pending();
      t->rows.push_back(row);
      continue;
    }
    if (rest.empty()) continue;
    if (rest.size() == 1) {
      if (pending) {
        RawRow r;
        r.line = pending->line;
        r.raw = pending->text + " " + rest[0];
        r.cells = {pending->text, rest[0]};
        if (!row.levels.empty()) {
          // Levels printed in front of a target: keep them before the row.
          RawRow lv;
          lv.line = row.line;
          lv.raw = row.raw;
          lv.levels = row.levels;
          t->rows.push_back(lv);
        }
        t->rows.push_back(std::move(r));
        pending.reset();
      } else if (LooksLikeTarget(rest[0]) && row.levels.empty()) {
        t->report.push_back(
            {doc.Loc(row.line), Shorten(row.raw), "指标值 without a 三级指标 name: not imported"});
      } else {
        if (!row.levels.empty()) {
          RawRow lv = row;
          lv.cells.clear();
          t->rows.push_back(lv);
        }
        pending = Token{rest[0], row.line, lg};
      }
      continue;
    }
    report_pending();
    std::string name;
    for (std::size_t j = 0; j + 1 < rest.size(); ++j) name += (j ? " " : "") + rest[j];
    row.cells = {name, rest.back()};
    t->rows.push_back(std::move(row));
  }
  report_pending();
}

// ---------------------------------------------------------------------------------------------
// Model phase: raw tables → ProjectFile.

// Longest 项目名称 / 主管部门 / 实施单位 taken from a table (in characters).
constexpr std::size_t kMaxHeaderChars = 200;

class Builder {
 public:
  Builder(const Layout& doc, const ImportOptions& opts, RawTable& raw)
      : doc_(doc), opts_(opts), raw_(raw) {}

  ProjectFile Build() {
    ProjectFile pf;
    Project& p = pf.project;
    p.name = raw_.name;
    p.year = raw_.year;
    p.department = raw_.department;
    p.central_department = raw_.central_department;
    p.unit = raw_.unit;
    p.form = raw_.kind == TableKind::kCentralTransfer ? Form::kCentralTransfer : Form::kLocal;
    p.policy = raw_.kind == TableKind::kCentralTransfer ? opts_.central_policy : opts_.policy;
    p.loc = doc_.Loc(raw_.first_line);
    p.goal_planned = raw_.goal_planned;
    pf.results.goal_achieved = raw_.goal_achieved;
    p.fund_management = raw_.fund_management;
    // A name, department or unit runs on when the table's layout was not recognised (its next
    // label missing): keep it short and say so rather than carry a page of text as a name.
    for (auto [field, label] :
         {std::pair{&p.name, "项目名称"}, std::pair{&p.department, "主管部门"},
          std::pair{&p.central_department, "中央主管部门"}, std::pair{&p.unit, "实施单位"}}) {
      if (utf8::Length(*field) > kMaxHeaderChars) {
        Report(raw_.first_line, *field,
               std::string(label) + " is longer than " + std::to_string(kMaxHeaderChars) +
                   " characters: the table's header was not read correctly; cut short");
        *field = TrimText(field->substr(0, utf8::Advance(*field, kMaxHeaderChars)));
      }
    }
    BuildBudget(&pf);
    BuildIndicators(&pf);
    if (raw_.total_score) pf.published.total = raw_.total_score;
    if (p.name.empty()) Report(raw_.first_line, "", "table without a 项目名称");
    if (p.indicators.empty()) {
      Report(
          raw_.first_line, p.name,
          "table without indicator rows (一级指标, 二级指标, 三级指标, 指标值): nothing to score");
    }
    if (p.unit.empty() && !p.department.empty()) {
      p.unit = p.department;
      Note(raw_.first_line, p.name,
           "no 实施单位 printed: unit taken from 主管部门 '" + p.department + "'");
    }
    return pf;
  }

 private:
  void Report(int line, std::string text, std::string why) {
    raw_.report.push_back({doc_.Loc(line), Shorten(text), std::move(why)});
  }
  void Note(int line, std::string text, std::string why) {
    raw_.notes.push_back({doc_.Loc(line), Shorten(text), std::move(why)});
  }

  void BuildBudget(ProjectFile* pf) {
    Budget& b = pf->project.budget;
    b.loc = doc_.Loc(raw_.first_line);
    const auto& v = raw_.total_values;
    switch (raw_.kind) {
      case TableKind::kTargets:
        // A budget-time table prints the year's budget: it is both 年初 and 全年预算数.
        if (!v.empty()) {
          b.initial = v[0];
          b.annual = v[0];
        } else if (raw_.header_amount) {
          b.initial = b.annual = *raw_.header_amount;
        } else {
          Report(raw_.first_line, raw_.name, "no 年度预算资金总额 found: budget not imported");
        }
        if (!v.empty() && raw_.header_amount && *raw_.header_amount != v[0]) {
          Note(raw_.first_line, raw_.name,
               "amount beside the name (" + FormatNumber(*raw_.header_amount) +
                   "万) differs from 年度预算资金总额 (" + FormatNumber(v[0]) + ")");
        }
        for (const auto& s : raw_.sources) {
          FundSource fs{s.name, std::nullopt, std::nullopt};
          if (!s.values.empty()) fs.initial = fs.annual = s.values[0];
          b.sources.push_back(fs);
        }
        break;
      case TableKind::kSelfEvaluation:
        // 年初预算数, 全年预算数 (A), 全年执行数 (B), 分值, 执行率, 得分.
        if (v.size() >= 3) {
          b.initial = v[0];
          b.annual = v[1];
          pf->results.executed = v[2];
          if (v.size() >= 6) pf->published.execution_score = v[5];
        } else {
          Report(raw_.first_line, raw_.name,
                 "年度资金总额 row without 年初预算数, 全年预算数 and 全年执行数: budget not "
                 "imported");
        }
        for (const auto& s : raw_.sources) {
          FundSource fs{s.name, std::nullopt, std::nullopt};
          if (s.values.size() >= 3) {
            fs.initial = s.values[0];
            fs.annual = s.values[1];
            pf->results.source_executed[s.name] = s.values[2];
          } else if (!s.values.empty()) {
            Report(raw_.first_line, s.name, "fund-source row with too few figures: not imported");
          }
          b.sources.push_back(fs);
        }
        break;
      case TableKind::kCentralTransfer:
        // 全年预算数 (A), 全年执行数 (B), 预算执行率.
        if (v.size() >= 2) {
          b.annual = v[0];
          pf->results.executed = v[1];
        } else {
          Report(raw_.first_line, raw_.name, "年度资金总额 row without 全年预算数 and 全年执行数");
        }
        for (const auto& s : raw_.sources) {
          FundSource fs{s.name, std::nullopt, std::nullopt};
          if (s.values.size() >= 2) {
            fs.annual = s.values[0];
            pf->results.source_executed[s.name] = s.values[1];
          }
          b.sources.push_back(fs);
        }
        break;
    }
  }

  // Resolves a row's level cells (one or two) against the current 一级/二级.
  bool ResolveLevels(const RawRow& row) {
    std::vector<std::string> lv;
    for (const auto& l : row.levels) lv.push_back(LevelText(l));
    if (lv.size() == 2) {
      const std::string& a = lv[0];
      const std::string& b = lv[1];
      if (auto l1 = ParseLevel1(a)) {
        if (auto l2 = ParseLevel2(b, *l1)) {
          SetL1(*l1, a);
          SetL2(*l2, b);
          return true;
        }
        if (ParseLevel1(b) == l1 && *l1 == Level1::kCost) {
          SetL1(*l1, a);
          SetL2(Level2::kEconomicCost, Level2Name(Level2::kEconomicCost));
          Note(row.line, row.raw,
               "二级 printed as " + Q(b) + " under 成本指标: read as 经济成本指标");
          return true;
        }
      } else if (a == b) {
        Note(row.line, row.raw, "二级 " + Q(a) + " printed in the 一级 column too: read once");
        return Single(a, row);
      }
      return Single(a, row) && Single(b, row);
    }
    return lv.empty() || Single(lv[0], row);
  }

  // One level cell: the current 一级 again, a 二级 under it, another 一级, or a 二级 that names
  // its 一级 (the 一级 cell blank, shifted, or printed on another row of its merged group).
  bool Single(const std::string& a, const RawRow& row) {
    const auto l1 = ParseLevel1(a);
    const auto l2 = l1_ ? ParseLevel2(a, *l1_) : std::nullopt;
    if (l1 && l1_ && *l1 == *l1_) {
      printed_.insert(*l1);
      l1_text_ = a;
      return true;
    }
    if (l2) {
      SetL2(*l2, a);
      return true;
    }
    if (l1) {
      SetL1(*l1, a);
      l2_.reset();
      return true;
    }
    const auto parents = Level2Parents(a);
    if (parents.size() == 1) {
      l1_ = parents[0];
      l1_text_ = Level1Name(parents[0]);
      inferred_.insert(parents[0]);
      SetL2(*ParseLevel2(a, parents[0]), a);
      return true;
    }
    Report(row.line, row.raw,
           "level " + Q(a) + " cannot be placed under the current 一级: row not imported");
    return false;
  }

  void SetL1(Level1 l, const std::string& text) {
    l1_ = l;
    l1_text_ = LevelText(text);
    printed_.insert(l);
  }
  void SetL2(Level2 l, const std::string& text) {
    l2_ = l;
    l2_text_ = LevelText(text);
  }

  void BuildIndicators(ProjectFile* pf) {
    std::map<std::string, const RawRow*> seen;  // key → first row
    for (const RawRow& row : raw_.rows) {
      if (!row.levels.empty() && !ResolveLevels(row)) continue;
      if (row.cells.empty()) continue;
      if (!l1_ || !l2_) {
        Report(row.line, row.raw,
               l1_ ? "indicator row before any 二级指标: not imported"
                   : "indicator row before any 一级指标: not imported");
        continue;
      }
      const std::size_t n = row.cells.size();
      std::size_t expected_min = 2, expected_max = 2;
      if (raw_.kind == TableKind::kSelfEvaluation) expected_min = 5, expected_max = 6;
      if (raw_.kind == TableKind::kCentralTransfer) expected_min = 3, expected_max = 4;
      if (n < expected_min || n > expected_max) {
        const char* what = raw_.kind == TableKind::kSelfEvaluation
                               ? "三级指标, 指标值, 实际完成值, 完成率, 得分 [, 偏差原因]"
                           : raw_.kind == TableKind::kCentralTransfer
                               ? "三级指标, 指标值, 全年实际完成值 [, 未完成原因]"
                               : "三级指标, 指标值";
        Report(row.line, row.raw,
               (n == 1 && row.levels.empty() && Compact(row.cells[0]).size() <= 6
                    ? std::string("a lone cell in the indicator part")
                    : std::to_string(n) + " cell(s) where the table has " + what) +
                   ": not imported");
        continue;
      }
      Indicator ind;
      ind.level1 = *l1_;
      ind.level2 = *l2_;
      ind.level1_text = l1_text_;
      ind.level2_text = l2_text_;
      ind.loc = doc_.Loc(row.line);
      ind.target_loc = ind.loc;
      ind.level1_loc = ind.loc;
      std::string name = CleanText(row.cells[0]);
      if (auto w = SplitNameWeight(name)) {
        ind.weight = w->weight;
        ind.weight_loc = ind.loc;
        name = w->name;
      }
      ind.name = name;
      if (raw_.kind == TableKind::kSelfEvaluation && !ind.weight) {
        Note(row.line, row.raw, "no (N分) weight after the 三级 name " + Q(name));
      }
      const std::string target_text = ValueText(row.cells[1]);
      ParseResult pr = ParseValue(target_text);
      if (!pr.value) {
        Report(row.line, row.raw,
               "指标值 " + Q(target_text) + " cannot be read (" + pr.error + "): not imported");
        continue;
      }
      ind.target = std::move(*pr.value);
      ImplyContext ctx{ind.level2 == Level2::kTimeliness, IsRateName(ind.name)};
      const std::string guess = ResolveImplied(ind.target, ctx);
      if (!guess.empty()) Note(row.line, row.raw, guess);
      ind.key = Level1Name(ind.level1) + "/" + Level2Name(ind.level2) + "/" + ind.name;

      // A row printed twice: imported once, and said so.
      std::string fingerprint = ind.key;
      for (std::size_t c = 1; c < n; ++c) fingerprint += "\t" + ValueText(row.cells[c]);
      if (auto it = seen.find(ind.key); it != seen.end()) {
        const bool same = fingerprints_[ind.key] == fingerprint;
        Report(row.line, row.raw,
               same ? "repeats the row at line " + std::to_string(it->second->line) +
                          " exactly (same 二级, name and figures): imported once"
                    : "a second indicator " + Q(ind.name) + " under " + l1_text_ + "/" + l2_text_ +
                          " (first at line " + std::to_string(it->second->line) +
                          ") with different figures: not imported");
        continue;
      }
      seen[ind.key] = &row;
      fingerprints_[ind.key] = fingerprint;

      if (raw_.kind != TableKind::kTargets) {
        Actual actual;
        actual.loc = ind.loc;
        const std::string actual_text = ValueText(row.cells[2]);
        ParseResult ar = ParseValue(actual_text);
        if (!ar.value) {
          Report(row.line, row.raw,
                 "实际完成值 " + Q(actual_text) + " cannot be read (" + ar.error + ")");
        } else {
          if (ar.value->is_quantity() && ar.value->op != Operator::kNone) {
            Note(row.line, row.raw,
                 "actual " + Q(actual_text) + " repeats an operator: read as a value");
            ar.value->op = Operator::kNone;
          }
          actual.value = std::move(*ar.value);
        }
        std::size_t reason_at = 3;
        if (raw_.kind == TableKind::kSelfEvaluation) {
          if (auto s = Number(row.cells[4])) {
            pf->published.indicator_scores[ind.key] = *s;
          } else {
            Report(row.line, row.raw, "得分 " + Q(row.cells[4]) + " is not a number");
          }
          reason_at = 5;
        }
        if (n > reason_at) {
          const std::string reason = CleanText(row.cells[reason_at]);
          if (reason != "无" && reason != "-" && reason != "/" && !reason.empty())
            actual.reason = reason;
        }
        pf->results.actuals[ind.key] = std::move(actual);
      }
      pf->project.indicators.push_back(std::move(ind));
    }
    for (Level1 l : inferred_) {
      if (!printed_.count(l)) {
        Note(raw_.first_line, raw_.name,
             "一级 " + Level1Name(l) + " is not printed in this table: read from its 二级 names");
      }
    }
  }

  const Layout& doc_;
  const ImportOptions& opts_;
  RawTable& raw_;
  std::optional<Level1> l1_;
  std::optional<Level2> l2_;
  std::string l1_text_, l2_text_;
  std::set<Level1> printed_, inferred_;
  std::map<std::string, std::string> fingerprints_;
};

// Same project printed twice: same name, unit-independent, same indicators and targets.
bool SameTable(const ProjectFile& a, const ProjectFile& b) {
  if (Compact(a.project.name) != Compact(b.project.name)) return false;
  if (a.project.indicators.size() != b.project.indicators.size()) return false;
  for (std::size_t i = 0; i < a.project.indicators.size(); ++i) {
    const auto& x = a.project.indicators[i];
    const auto& y = b.project.indicators[i];
    if (x.key != y.key || x.target.text != y.target.text) return false;
  }
  return a.project.budget.annual == b.project.budget.annual;
}

// What SameTable compares, as one string.
std::string TableKey(const ProjectFile& f) {
  std::string k = Compact(f.project.name);
  k += '\x1f';
  char buf[40];
  std::snprintf(buf, sizeof buf, "%a", f.project.budget.annual);
  k += buf;
  for (const auto& ind : f.project.indicators) {
    k += '\x1e';
    k += ind.key;
    k += '\x1d';
    k += ind.target.text;
  }
  return k;
}

std::string SummaryKey(std::string_view name) {
  std::string k = Compact(name);
  for (std::string_view suffix : {"(上级)", "（上级）"})
    if (EndsWith(k, suffix)) k.resize(k.size() - suffix.size());
  return k;
}

}  // namespace

std::string TableKindName(TableKind k) {
  switch (k) {
    case TableKind::kTargets:
      return "targets";
    case TableKind::kSelfEvaluation:
      return "self-evaluation";
    case TableKind::kCentralTransfer:
      return "central-transfer";
  }
  return "targets";
}

std::vector<const ProjectFile*> ImportResult::projects() const {
  std::vector<const ProjectFile*> out;
  for (const auto& t : tables)
    if (t.duplicate_of < 0) out.push_back(&t.file);
  return out;
}

std::size_t ImportResult::indicator_count() const {
  std::size_t n = 0;
  for (const auto* p : projects()) n += p->project.indicators.size();
  return n;
}

ImportResult ImportText(std::string_view text, const std::string& filename,
                        const ImportOptions& options) {
  ImportResult result;
  // Limits first, before anything is copied: a published document is well under them.
  if (text.size() > options.max_bytes) {
    result.report.push_back({SourceLoc{filename, 0, 0}, "",
                             "document is " + std::to_string(text.size()) +
                                 " bytes; the import reads at most " +
                                 std::to_string(options.max_bytes) + " bytes: nothing imported"});
    return result;
  }
  if (const auto lines = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
      lines + 1 > options.max_lines && !(lines == options.max_lines && text.back() == '\n')) {
    result.report.push_back({SourceLoc{filename, 0, 0}, "",
                             "document has " + std::to_string(lines + (text.back() != '\n')) +
                                 " lines; the import reads at most " +
                                 std::to_string(options.max_lines) + ": nothing imported"});
    return result;
  }
  std::string input(text);
  if (input.size() >= 3 && input.compare(0, 3, "\xEF\xBB\xBF") == 0) input.erase(0, 3);
  Layout doc(input, filename);
  const auto& lines = doc.lines();

  // The document's year: "2024年项目支出全面实施绩效目标管理", else the first year printed.
  int doc_year = 0;
  doc_year = FindYear(input, "项目支出全面实施", true);
  if (doc_year == 0) doc_year = FindYear(input, "", false);

  std::vector<RawTable> raws;
  std::map<std::string, SummaryRow> summary;
  std::optional<Line> title;  // the last title line not yet used by a table
  int table_year = 0;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string& s = lines[i].text;
    if (TrimText(s).empty() || IsPageFooter(s)) continue;
    if (Layout::IsTitle(s)) {
      if (EndsWith(Compact(s), "汇总表")) {
        // The unit's summary of scores and grades: 序号, 项目名称, 单位, 自评得分, 自评等级.
        std::size_t j = i + 1;
        for (; j < lines.size(); ++j) {
          const std::string& r = lines[j].text;
          if (Layout::IsTitle(r) || Layout::IsPartEnd(r)) break;
          auto cells = SplitTabs(r);
          if (cells.size() < 5) continue;
          if (!Number(cells[0])) continue;
          SummaryRow row{CleanText(cells[1]), Number(cells[3]), CleanText(cells[4]),
                         lines[j].number};
          summary[SummaryKey(row.name)] = row;
        }
        i = j - 1;
        continue;
      }
      title = lines[i];
      table_year = 0;
      continue;
    }
    if (title && s.size() < 200 && utf8::Length(TrimText(s)) < 20) {
      if (const int y = FindYear(s, "度", false)) table_year = y;
    }
    if (Layout::IsPartEnd(s)) {
      if (title) {
        result.notes.push_back(
            {doc.Loc(title->number), Shorten(title->text), "table title with no table under it"});
        title.reset();
      }
      continue;
    }
    if (!Layout::IsAnchor(s) || !doc.HasDepartmentSoon(i)) continue;

    RawTable raw;
    raw.first_line = lines[i].number;
    raw.title = title ? CleanText(title->text) : "";
    const std::string tk = Compact(raw.title);
    raw.kind = Contains(tk, "自评表") ? (Contains(tk, "中央") ? TableKind::kCentralTransfer
                                                              : TableKind::kSelfEvaluation)
                                      : TableKind::kTargets;
    raw.year = table_year;
    title.reset();
    const bool tabbed = s.find('\t') != std::string::npos;
    std::size_t end = i + 1;
    bool seen_indicator_header = false;
    for (; end < lines.size(); ++end) {
      const std::string& r = lines[end].text;
      if (Layout::IsTitle(r) || Layout::IsPartEnd(r)) break;
      if (Layout::IsAnchor(r) && doc.HasDepartmentSoon(end)) break;
      if (tabbed) {
        const std::string c = Compact(r);
        if (Contains(c, "一级指标") && Contains(c, "三级指标")) seen_indicator_header = true;
        if (StartsWith(c, "总分")) {
          ++end;
          break;
        }
        if (c.empty() && seen_indicator_header) break;
      }
    }
    if (tabbed) {
      ParseTabTable(doc, i, end, &raw);
    } else {
      ParseSpaceTable(doc, i, end, &raw);
    }
    if (raw.year == 0) raw.year = doc_year;
    raws.push_back(std::move(raw));
    i = end - 1;
  }
  if (title) {
    result.notes.push_back(
        {doc.Loc(title->number), Shorten(title->text), "table title with no table under it"});
  }

  std::unordered_map<std::string, std::size_t> by_content;
  for (RawTable& raw : raws) {
    Builder builder(doc, options, raw);
    ImportedTable t;
    t.kind = raw.kind;
    t.title = raw.title;
    t.loc = doc.Loc(raw.first_line);
    t.file = builder.Build();
    t.last_line = raw.last_line;
    // The 汇总表 prints the grade (and the only total of a central-transfer table).
    if (raw.kind != TableKind::kTargets) {
      auto it = summary.find(SummaryKey(t.file.project.name));
      if (it != summary.end()) {
        const SummaryRow& s = it->second;
        Published& pub = t.file.published;
        if (s.grade == "项目暂未开展" || s.grade == "未开展") {
          t.file.results.status = Status::kNotStarted;
        }
        pub.grade = s.grade;
        if (!pub.total && s.score) {
          pub.total = s.score;
        } else if (pub.total && s.score && *pub.total != *s.score) {
          raw.notes.push_back({doc.Loc(s.line), s.name,
                               "汇总表 prints " + FormatNumber(*s.score) + ", the table's 总分 " +
                                   FormatNumber(*pub.total)});
        }
      } else if (!summary.empty()) {
        raw.notes.push_back({t.loc, t.file.project.name, "project not found in the 汇总表"});
      }
    }
    // The earlier distinct table this one repeats, if any (an index on what SameTable compares
    // keeps this linear in the number of tables).
    const auto [first_copy, is_new] =
        by_content.try_emplace(TableKey(t.file), result.tables.size());
    if (!is_new) {
      const std::size_t k = first_copy->second;
      const ImportedTable& earlier = result.tables[k];
      if (earlier.duplicate_of < 0 && SameTable(earlier.file, t.file)) {
        t.duplicate_of = static_cast<int>(k);
        // Keep the first; fill what it lacks from the repeat.
        ProjectFile& first = result.tables[k].file;
        std::string filled;
        if (first.project.unit == first.project.department &&
            t.file.project.unit != t.file.project.department && !t.file.project.unit.empty()) {
          first.project.unit = t.file.project.unit;
          filled = " (its 实施单位 '" + t.file.project.unit + "' taken from this one)";
          const int first_line = earlier.loc.line;
          result.notes.erase(std::remove_if(result.notes.begin(), result.notes.end(),
                                            [&](const ImportEntry& e) {
                                              return e.loc.line == first_line &&
                                                     StartsWith(e.why, "no 实施单位");
                                            }),
                             result.notes.end());
        }
        result.report.push_back(
            {t.loc, t.file.project.name,
             "the same table (name, budget, indicators and targets) as the " +
                 (earlier.title.empty() ? std::string("table") : earlier.title) + " at line " +
                 std::to_string(earlier.loc.line) + ": imported once" + filled});
        raw.report.erase(
            std::remove_if(raw.report.begin(), raw.report.end(),
                           [&](const ImportEntry& e) { return Contains(e.why, "主要政策任务"); }),
            raw.report.end());
      }
    }
    // Report and notes of a repeated table are those of its first copy; keep only the first's.
    if (t.duplicate_of < 0) {
      result.report.insert(result.report.end(), raw.report.begin(), raw.report.end());
      result.notes.insert(result.notes.end(), raw.notes.begin(), raw.notes.end());
    }
    result.tables.push_back(std::move(t));
  }
  if (result.tables.empty()) {
    result.notes.push_back(
        {SourceLoc{filename, 0, 0}, "",
         "no performance table found: a table starts at a 项目名称 (or 专项资金名称) line with a "
         "主管部门 below it, under a title ending in 绩效目标表 or 自评表"});
  }
  std::stable_sort(
      result.report.begin(), result.report.end(),
      [](const ImportEntry& a, const ImportEntry& b) { return a.loc.line < b.loc.line; });
  std::stable_sort(
      result.notes.begin(), result.notes.end(),
      [](const ImportEntry& a, const ImportEntry& b) { return a.loc.line < b.loc.line; });
  return result;
}

}  // namespace jixiao
