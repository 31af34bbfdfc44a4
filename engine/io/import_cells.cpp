// Text helpers and the cell/row model of the document importer (import_internal.h).
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <map>
#include <optional>
#include <set>

#include "engine/io/import_internal.h"
#include "indicators/i18n.h"

namespace jixiao::import_detail {

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

std::string UnitFromDepartmentNote(const std::string& department) {
  return TrF("no 实施单位 printed: unit taken from 主管部门 '{}'", department);
}

std::string PolicyTasksNotImported() {
  return Tr("主要政策任务 row: the project schema has no field for it; not imported");
}

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

}  // namespace jixiao::import_detail
