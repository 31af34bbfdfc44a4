// Space-separated tables and tables with one cell per line, of the document importer
// (import_internal.h).
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <map>
#include <optional>
#include <set>

#include "engine/io/import_internal.h"
#include "indicators/i18n.h"

namespace jixiao::import_detail {
namespace {

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

// Trailing spaces mark cell ends when most lines of the table carry one.
bool MarksCellEnds(const std::vector<Line>& lines, std::size_t begin, std::size_t end) {
  std::size_t nonempty = 0, trailing = 0;
  for (std::size_t i = begin; i < end; ++i) {
    if (TrimText(lines[i].text).empty()) continue;
    ++nonempty;
    if (EndsWithSpace(lines[i].text)) ++trailing;
  }
  return nonempty > 0 && trailing * 10 >= nonempty * 3;
}

// The 一级指标 … 三级指标 header line, or `end`.
std::size_t IndicatorHeaderLine(const std::vector<Line>& lines, std::size_t begin,
                                std::size_t end) {
  for (std::size_t i = begin; i < end; ++i) {
    const std::string c = Compact(lines[i].text);
    if (Contains(c, "一级指标") && Contains(c, "三级指标")) return i;
  }
  return end;
}

// The budget figures found by their labels in the joined header.
void ReadFlatBudget(const std::string& flat, RawTable* t) {
  std::optional<std::size_t> a = FindLabel(flat, "年度预算资金总额");
  if (!a) a = FindLabel(flat, "年度预算资金（万元）");
  if (!a) a = FindLabel(flat, "年度预算资金(万元)");
  if (a) {
    t->has_total_row = true;
    if (auto n = NumberAt(flat, *a)) t->total_values.push_back(*n);
  }
  for (const char* source : {"财政拨款", "其他资金"}) {
    if (auto s = FindLabel(flat, source)) {
      RawSource src{source, {}};
      if (auto n = NumberAt(flat, *s)) src.values.push_back(*n);
      t->sources.push_back(src);
    }
  }
}

// The header: the logical lines joined, fields found by their labels.
void ReadFlatHeader(const Layout& doc, const std::string& flat, RawTable* t) {
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
  ReadFlatBudget(flat, t);
  for (std::string_view label : {"年度总体绩效目标", "年度总体目标", "年度总体绩效", "总体目标"}) {
    if (auto g = FindLabel(flat, label)) {
      std::string goal = CleanText(flat.substr(*g));
      const std::size_t task = goal.find("主要政策任务");
      if (task != std::string::npos) {
        t->report.push_back(
            {doc.Loc(t->first_line), Shorten(goal.substr(task)), PolicyTasksNotImported()});
        goal = TrimText(goal.substr(0, task));
      }
      t->goal_planned = goal;
      break;
    }
  }
}

// The indicator part's tokens: the words of its logical lines, without the header and the
// vertical labels.
std::vector<Token> IndicatorTokens(const std::vector<Line>& lines, std::size_t begin,
                                   std::size_t end, bool continuation) {
  std::vector<Token> toks;
  int logical = 0;
  for (const Line& l : LogicalLines(lines, begin, end, continuation)) {
    if (IsVerticalLabel(l.text)) continue;
    const std::string c = Compact(l.text);
    if (Contains(c, "一级指标") && Contains(c, "三级指标")) continue;
    std::vector<std::string> words = SplitSpaces(l.text);
    if (!words.empty() && IsRowLabel(words[0])) words.erase(words.begin());
    if (words.empty()) continue;
    for (auto& w : words) toks.push_back({StripTags(w), l.number, logical});
    ++logical;
  }
  return toks;
}

// Turns the tokens into rows, logical line by logical line; level names are re-joined across
// lines, and a 三级 name may wait for its target on the next line.
class SpaceRows {
 public:
  SpaceRows(const Layout& doc, std::vector<Token> toks, RawTable* t)
      : doc_(doc), toks_(std::move(toks)), t_(t) {}

  void Read() {
    while (i_ < toks_.size()) {
      const int lg = toks_[i_].logical;
      std::size_t line_end = i_;
      while (line_end < toks_.size() && toks_[line_end].logical == lg) ++line_end;
      RawRow row;
      row.line = toks_[i_].line;
      for (std::size_t j = i_; j < line_end; ++j) row.raw += (j > i_ ? " " : "") + toks_[j].text;
      LeadingLevels(row, line_end);
      std::vector<std::string> rest;
      for (std::size_t j = i_; j < line_end; ++j) rest.push_back(toks_[j].text);
      i_ = line_end;
      Place(std::move(row), std::move(rest), lg);
    }
    ReportPending();
  }

 private:
  // A token alone on its logical line.
  bool Sole(std::size_t j) const {
    return (j == 0 || toks_[j - 1].logical != toks_[j].logical) &&
           (j + 1 == toks_.size() || toks_[j + 1].logical != toks_[j].logical);
  }

  void ReportPending() {
    if (pending_) {
      t_->report.push_back({doc_.Loc(pending_->line), Shorten(pending_->text),
                            Tr("三级指标 name without a 指标值: not imported")});
      pending_.reset();
    }
  }

  // Leading level names, each possibly continued by sole tokens on the following lines.
  void LeadingLevels(RawRow& row, std::size_t& line_end) {
    while (i_ < line_end && row.levels.size() < 2) {
      std::size_t best = 0;
      std::string best_text;
      std::string acc;
      for (std::size_t k = 0; k < 3 && i_ + k < toks_.size(); ++k) {
        const std::size_t j = i_ + k;
        if (k > 0 && j >= line_end && !Sole(j)) break;
        acc += toks_[j].text;
        if (IsLevelText(LevelText(acc))) {
          best = k + 1;
          best_text = acc;
        }
      }
      if (best == 0) break;
      const std::size_t after = std::min(i_ + best, line_end);
      const std::size_t rest = line_end - after;
      if (rest == 1 && LooksLikeTarget(toks_[after].text)) break;
      row.levels.push_back(best_text);
      const std::size_t consumed_end = i_ + best;
      i_ = consumed_end;
      if (consumed_end > line_end) line_end = consumed_end;  // sole tokens of later lines used
    }
  }

  // The cells after the levels: a name and its target, a name alone (waiting), or a target for
  // the waiting name.
  void Place(RawRow row, std::vector<std::string> rest, int lg) {
    // A unit split off its number by a stray space belongs to the value.
    while (rest.size() >= 3 && IsUnitOnly(rest.back()) && EndsWithDigit(rest[rest.size() - 2])) {
      rest[rest.size() - 2] += " " + rest.back();
      rest.pop_back();
    }
    if (rest.size() == 2 && IsUnitOnly(rest.back()) && EndsWithDigit(rest[0]) && pending_) {
      rest[0] += " " + rest.back();
      rest.pop_back();
    }
    if (!row.levels.empty() && rest.empty()) {
      ReportPending();
      t_->rows.push_back(row);
      return;
    }
    if (rest.empty()) return;
    if (rest.size() == 1) {
      PlaceOne(row, rest[0], lg);
      return;
    }
    ReportPending();
    std::string name;
    for (std::size_t j = 0; j + 1 < rest.size(); ++j) name += (j ? " " : "") + rest[j];
    row.cells = {name, rest.back()};
    t_->rows.push_back(std::move(row));
  }

  void PlaceOne(const RawRow& row, const std::string& cell, int lg) {
    if (pending_) {
      RawRow r;
      r.line = pending_->line;
      r.raw = pending_->text + " " + cell;
      r.cells = {pending_->text, cell};
      if (!row.levels.empty()) {
        // Levels printed in front of a target: keep them before the row.
        RawRow lv;
        lv.line = row.line;
        lv.raw = row.raw;
        lv.levels = row.levels;
        t_->rows.push_back(lv);
      }
      t_->rows.push_back(std::move(r));
      pending_.reset();
    } else if (LooksLikeTarget(cell) && row.levels.empty()) {
      t_->report.push_back({doc_.Loc(row.line), Shorten(row.raw),
                            Tr("指标值 without a 三级指标 name: not imported")});
    } else {
      if (!row.levels.empty()) {
        RawRow lv = row;
        lv.cells.clear();
        t_->rows.push_back(lv);
      }
      pending_ = Token{cell, row.line, lg};
    }
  }

  const Layout& doc_;
  std::vector<Token> toks_;
  RawTable* t_;
  std::size_t i_ = 0;
  std::optional<Token> pending_;  // a 三级 name waiting for its target on the next line
};

}  // namespace

void ParseSpaceTable(const Layout& doc, std::size_t begin, std::size_t end, RawTable* t) {
  const auto& lines = doc.lines();
  const bool continuation = MarksCellEnds(lines, begin, end);
  const std::size_t header_end = IndicatorHeaderLine(lines, begin, end);
  for (std::size_t i = begin; i < end; ++i)
    if (!TrimText(lines[i].text).empty()) t->last_line = lines[i].number;

  std::string flat;
  for (const Line& l : LogicalLines(lines, begin, header_end, continuation)) {
    if (IsVerticalLabel(l.text)) continue;
    flat += TrimText(l.text);
  }
  ReadFlatHeader(doc, flat, t);

  const std::size_t ind_begin = header_end < end ? header_end + 1 : end;
  SpaceRows(doc, IndicatorTokens(lines, ind_begin, end, continuation), t).Read();
}

}  // namespace jixiao::import_detail
