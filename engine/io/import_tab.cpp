// Tab-separated tables of the document importer: one row per line (import_internal.h).
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

// The rows above the indicator header: identity, budget, fund management and goal, in any order.
class TabHeader {
 public:
  TabHeader(const Layout& doc, RawTable* t) : doc_(doc), t_(t) {}

  void Read(const Line& line, const std::vector<std::string>& cells) {
    const std::string k0 = Compact(cells[0]);
    if (goal_next_) {
      goal_next_ = false;
      GoalCells(line, cells);
      return;
    }
    if (Identity(cells) || IsBudgetHeader(cells)) return;
    if (fund_mode_ && !StartsWith(k0, "总体目标")) {
      FundRow(line, cells);
      return;
    }
    fund_mode_ = false;
    if (StartsWith(k0, "资金管理情况")) {
      fund_mode_ = true;
      return;
    }
    if (BudgetRow(cells)) return;
    // Goal rows: a label row followed by (planned, achieved), or the label and the text.
    if (k0 == "年度总体目标" || StartsWith(k0, "总体目标完成情况")) {
      goal_next_ = true;
      return;
    }
    if (GoalWithLabel(k0, cells)) return;
    t_->report.push_back({doc_.Loc(line.number), Shorten(line.text),
                          Tr("row above the indicator header not recognised: not imported")});
  }

 private:
  // The row after a goal label: (年初预期目标, 目标实际完成情况).
  void GoalCells(const Line& line, const std::vector<std::string>& cells) {
    t_->goal_planned = CleanText(cells[0]);
    if (cells.size() > 1) t_->goal_achieved = CleanText(cells[1]);
    if (cells.size() > 2) {
      t_->report.push_back({doc_.Loc(line.number), Shorten(line.text),
                            Tr("more than two cells in the 年度总体目标 row: only the first two "
                               "(年初预期目标, 目标实际完成情况) imported")});
    }
  }

  // 项目名称, 主管部门, 实施单位 … each followed by its value cell.
  bool Identity(const std::vector<std::string>& cells) {
    bool used = false;
    for (std::size_t c = 0; c < cells.size(); ++c) {
      const std::string k = Compact(cells[c]);
      auto next = [&]() -> std::string {
        return c + 1 < cells.size() ? CleanText(cells[c + 1]) : std::string();
      };
      if (k == "项目名称" || k == "专项资金名称") {
        t_->name = next();
      } else if (k == "中央主管部门") {
        t_->central_department = StripDeptCode(next());
      } else if (StartsWith(k, "主管部门") || k == "地方主管部门") {
        t_->department = StripDeptCode(next());
      } else if (k == "实施单位" || k == "项目实施单位" || k == "资金使用单位") {
        t_->unit = next();
      } else {
        continue;
      }
      used = true;
      ++c;
    }
    return used;
  }

  static bool IsBudgetHeader(const std::vector<std::string>& cells) {
    return std::any_of(cells.begin(), cells.end(), [](const std::string& c) {
      const std::string k = Compact(c);
      return StartsWith(k, "年初预算数") || StartsWith(k, "全年预算数");
    });
  }

  // A row of 资金管理情况: item, 情况说明, 存在问题和改进措施.
  void FundRow(const Line& line, const std::vector<std::string>& cells) {
    if (cells.size() < 2) {
      t_->report.push_back({doc_.Loc(line.number), Shorten(line.text),
                            Tr("资金管理情况 row without a 情况说明: not imported")});
      return;
    }
    FundManagementItem fm;
    fm.item = CleanText(cells[0]);
    fm.note = CleanText(cells[1]);
    if (cells.size() > 2) fm.issues = CleanText(cells[2]);
    t_->fund_management.push_back(std::move(fm));
  }

  // 年度资金总额 or a fund source, with its numbers.
  bool BudgetRow(const std::vector<std::string>& cells) {
    for (std::size_t c = 0; c < cells.size(); ++c) {
      const std::string k = Compact(cells[c]);
      if (Contains(k, "年度预算资金总额") || Contains(k, "年度资金总额") ||
          StartsWith(k, "年度预算资金(万元)")) {
        t_->has_total_row = true;
        t_->total_values = NumbersAfter(cells, c);
        return true;
      }
      if (IsSourceLabel(k) && !LooksLikeTarget(k)) {
        t_->sources.push_back({SourceName(cells[c]), NumbersAfter(cells, c)});
        return true;
      }
    }
    return false;
  }

  // A goal label and its text in the same row, perhaps in the same cell.
  bool GoalWithLabel(const std::string& k0, const std::vector<std::string>& cells) {
    for (std::string_view label :
         {"年度总体绩效目标", "年度总体目标", "年度总体绩效", "总体目标"}) {
      if (!StartsWith(k0, label)) continue;
      // The label may share its cell with the text ("<p>总体目标</p> <p>…</p>"): drop the
      // label's characters (spaces may sit inside it) from the first cell.
      const std::string first = CleanText(cells[0]);
      std::size_t n = utf8::Length(std::string(label)), i = 0, taken = 0;
      while (i < first.size() && taken < n) {
        std::size_t len = 0;
        const char32_t cp = utf8::Decode(first, i, &len);
        if (cp != ' ') ++taken;
        i += len;
      }
      std::string text = TrimText(first.substr(i));
      for (std::size_t c = 1; c < cells.size(); ++c) {
        const std::string more = CleanText(cells[c]);
        if (more.empty()) continue;
        text += (text.empty() ? "" : " ") + more;
      }
      t_->goal_planned = text;
      return true;
    }
    return false;
  }

  const Layout& doc_;
  RawTable* t_;
  bool goal_next_ = false, fund_mode_ = false;
};

// A row below the indicator header: 总分, or an indicator row.
void ReadIndicatorRow(const Line& line, const std::vector<std::string>& cells, RawTable* t) {
  if (StartsWith(Compact(cells[0]), "总分")) {
    for (std::size_t c = 1; c < cells.size(); ++c)
      if (auto n = Number(cells[c])) {
        t->total_score = n;
        break;
      }
    return;
  }
  RawRow row;
  row.line = line.number;
  row.raw = line.text;
  SplitLevels(cells, &row);
  t->rows.push_back(std::move(row));
}

}  // namespace

void ParseTabTable(const Layout& doc, std::size_t begin, std::size_t end, RawTable* t) {
  const auto& lines = doc.lines();
  TabHeader header(doc, t);
  bool indicators = false;
  for (std::size_t i = begin; i < end; ++i) {
    const Line& line = lines[i];
    if (IsPageFooter(line.text)) continue;
    std::vector<std::string> cells = NonEmptyCells(line.text);
    if (cells.empty()) continue;
    t->last_line = line.number;
    if (indicators) {
      ReadIndicatorRow(line, cells, t);
    } else if (IsIndicatorHeader(cells)) {
      indicators = true;
    } else {
      header.Read(line, cells);
    }
  }
}

}  // namespace jixiao::import_detail
