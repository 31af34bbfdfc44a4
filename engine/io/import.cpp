#include "engine/io/import.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <optional>
#include <unordered_map>

#include "engine/io/import_internal.h"
#include "indicators/i18n.h"
#include "indicators/utf8.h"
#include "indicators/value.h"

// The document walk: the tables and the 汇总表 found in the lines, each table parsed by its
// layout and built into the model, and repeated tables imported once.
namespace jixiao::import_detail {
namespace {

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

// A document over the limits gets one report entry and nothing else: checked before anything
// is copied (a published document is well under them).
bool WithinLimits(std::string_view text, const std::string& filename, const ImportOptions& options,
                  ImportResult* result) {
  if (text.size() > options.max_bytes) {
    result->report.push_back({SourceLoc{filename, 0, 0}, "",
                              TrF("document is {0} bytes; the import reads at most {1} bytes: "
                                  "nothing imported",
                                  text.size(), options.max_bytes)});
    return false;
  }
  if (const auto lines = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
      lines + 1 > options.max_lines && !(lines == options.max_lines && text.back() == '\n')) {
    result->report.push_back({SourceLoc{filename, 0, 0}, "",
                              TrF("document has {0} lines; the import reads at most {1}: "
                                  "nothing imported",
                                  lines + (text.back() != '\n'), options.max_lines)});
    return false;
  }
  return true;
}

// The document's year: "2024年项目支出全面实施绩效目标管理", else the first year printed.
int DocumentYear(std::string_view input) {
  const int year = FindYear(input, "项目支出全面实施", true);
  return year != 0 ? year : FindYear(input, "", false);
}

// The unit's summary of scores and grades under the 汇总表 title at line `title`: 序号, 项目名称,
// 单位, 自评得分, 自评等级. Returns the line that ends it.
std::size_t ReadSummary(const std::vector<Line>& lines, std::size_t title,
                        std::map<std::string, SummaryRow>* summary) {
  std::size_t j = title + 1;
  for (; j < lines.size(); ++j) {
    const std::string& r = lines[j].text;
    if (Layout::IsTitle(r) || Layout::IsPartEnd(r)) break;
    auto cells = SplitTabs(r);
    if (cells.size() < 5) continue;
    if (!Number(cells[0])) continue;
    SummaryRow row{CleanText(cells[1]), Number(cells[3]), CleanText(cells[4]), lines[j].number};
    (*summary)[SummaryKey(row.name)] = row;
  }
  return j;
}

// The line after the table that starts at line `begin`: the next title, part, or table, or for a
// tab-separated table its 总分 row or the blank line after its indicators.
std::size_t TableEnd(const Layout& doc, std::size_t begin, bool tabbed) {
  const auto& lines = doc.lines();
  std::size_t end = begin + 1;
  bool seen_indicator_header = false;
  for (; end < lines.size(); ++end) {
    const std::string& r = lines[end].text;
    if (Layout::IsTitle(r) || Layout::IsPartEnd(r)) break;
    if (Layout::IsAnchor(r) && doc.HasDepartmentSoon(end)) break;
    if (tabbed) {
      const std::string c = Compact(r);
      if (Contains(c, "一级指标") && Contains(c, "三级指标")) seen_indicator_header = true;
      if (StartsWith(c, "总分")) return end + 1;
      if (c.empty() && seen_indicator_header) break;
    }
  }
  return end;
}

// The table at line `begin` under `title`, read by its layout.
RawTable ReadTable(const Layout& doc, std::size_t begin, const std::optional<Line>& title, int year,
                   std::size_t* end) {
  const std::string& s = doc.lines()[begin].text;
  RawTable raw;
  raw.first_line = doc.lines()[begin].number;
  raw.title = title ? CleanText(title->text) : "";
  const std::string tk = Compact(raw.title);
  raw.kind = Contains(tk, "自评表")
                 ? (Contains(tk, "中央") ? TableKind::kCentralTransfer : TableKind::kSelfEvaluation)
                 : TableKind::kTargets;
  raw.year = year;
  const bool tabbed = s.find('\t') != std::string::npos;
  *end = TableEnd(doc, begin, tabbed);
  if (tabbed) {
    ParseTabTable(doc, begin, *end, &raw);
  } else {
    ParseSpaceTable(doc, begin, *end, &raw);
  }
  return raw;
}

// What the walk over the document's lines finds.
struct Found {
  std::vector<RawTable> tables;
  std::map<std::string, SummaryRow> summary;  // by SummaryKey
};

Found FindTables(const Layout& doc, int doc_year, ImportResult* result) {
  const auto& lines = doc.lines();
  Found found;
  std::optional<Line> title;  // the last title line not yet used by a table
  int table_year = 0;
  const auto title_without_table = [&] {
    result->notes.push_back(
        {doc.Loc(title->number), Shorten(title->text), Tr("table title with no table under it")});
    title.reset();
  };
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string& s = lines[i].text;
    if (TrimText(s).empty() || IsPageFooter(s)) continue;
    if (Layout::IsTitle(s)) {
      if (EndsWith(Compact(s), "汇总表")) {
        i = ReadSummary(lines, i, &found.summary) - 1;
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
      if (title) title_without_table();
      continue;
    }
    if (!Layout::IsAnchor(s) || !doc.HasDepartmentSoon(i)) continue;
    std::size_t end = i + 1;
    RawTable raw = ReadTable(doc, i, title, table_year, &end);
    title.reset();
    if (raw.year == 0) raw.year = doc_year;
    found.tables.push_back(std::move(raw));
    i = end - 1;
  }
  if (title) title_without_table();
  return found;
}

// The 汇总表 prints the grade (and the only total of a central-transfer table).
void ApplySummary(const std::map<std::string, SummaryRow>& summary, const Layout& doc,
                  RawTable& raw, ImportedTable& t) {
  if (raw.kind == TableKind::kTargets) return;
  auto it = summary.find(SummaryKey(t.file.project.name));
  if (it == summary.end()) {
    if (!summary.empty()) {
      raw.notes.push_back({t.loc, t.file.project.name, Tr("project not found in the 汇总表")});
    }
    return;
  }
  const SummaryRow& s = it->second;
  Published& pub = t.file.published;
  if (s.grade == "项目暂未开展" || s.grade == "未开展") t.file.results.status = Status::kNotStarted;
  pub.grade = s.grade;
  if (!pub.total && s.score) {
    pub.total = s.score;
  } else if (pub.total && s.score && *pub.total != *s.score) {
    raw.notes.push_back({doc.Loc(s.line), s.name,
                         TrF("汇总表 prints {0}, the table's 总分 {1}", FormatNumber(*s.score),
                             FormatNumber(*pub.total))});
  }
}

// Marks `t` as a repeat of the earlier distinct table it prints again, if any (an index on what
// SameTable compares keeps this linear in the number of tables): the first is kept and filled
// with what it lacks from the repeat.
void MarkRepeat(std::unordered_map<std::string, std::size_t>& by_content, RawTable& raw,
                ImportedTable& t, ImportResult* result) {
  const auto [first_copy, is_new] = by_content.try_emplace(TableKey(t.file), result->tables.size());
  if (is_new) return;
  const std::size_t k = first_copy->second;
  const ImportedTable& earlier = result->tables[k];
  if (earlier.duplicate_of >= 0 || !SameTable(earlier.file, t.file)) return;
  t.duplicate_of = static_cast<int>(k);
  ProjectFile& first = result->tables[k].file;
  const std::string unit_note = UnitFromDepartmentNote(first.project.department);
  std::string filled;
  if (first.project.unit == first.project.department &&
      t.file.project.unit != t.file.project.department && !t.file.project.unit.empty()) {
    first.project.unit = t.file.project.unit;
    filled = TrF(" (its 实施单位 '{}' taken from this one)", t.file.project.unit);
    const int first_line = earlier.loc.line;
    result->notes.erase(std::remove_if(result->notes.begin(), result->notes.end(),
                                       [&](const ImportEntry& e) {
                                         return e.loc.line == first_line && e.why == unit_note;
                                       }),
                        result->notes.end());
  }
  result->report.push_back({t.loc, t.file.project.name,
                            TrF("the same table (name, budget, indicators and targets) as the "
                                "{0} at line {1}: imported once{2}",
                                earlier.title.empty() ? std::string(Tr("table")) : earlier.title,
                                earlier.loc.line, filled)});
  raw.report.erase(
      std::remove_if(raw.report.begin(), raw.report.end(),
                     [](const ImportEntry& e) { return e.why == PolicyTasksNotImported(); }),
      raw.report.end());
}

// The import's report and notes in document order; an empty import says what a table looks like.
void Finish(const std::string& filename, ImportResult* result) {
  if (result->tables.empty()) {
    result->notes.push_back(
        {SourceLoc{filename, 0, 0}, "",
         Tr("no performance table found: a table starts at a 项目名称 (or 专项资金名称) line with "
            "a 主管部门 below it, under a title ending in 绩效目标表 or 自评表")});
  }
  const auto by_line = [](const ImportEntry& a, const ImportEntry& b) {
    return a.loc.line < b.loc.line;
  };
  std::stable_sort(result->report.begin(), result->report.end(), by_line);
  std::stable_sort(result->notes.begin(), result->notes.end(), by_line);
}

}  // namespace
}  // namespace jixiao::import_detail

namespace jixiao {

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
  namespace d = import_detail;
  ImportResult result;
  if (!d::WithinLimits(text, filename, options, &result)) return result;
  std::string input(text);
  if (input.size() >= 3 && input.compare(0, 3, "\xEF\xBB\xBF") == 0) input.erase(0, 3);
  const d::Layout doc(input, filename);
  d::Found found = d::FindTables(doc, d::DocumentYear(input), &result);

  std::unordered_map<std::string, std::size_t> by_content;
  for (d::RawTable& raw : found.tables) {
    ImportedTable t;
    t.kind = raw.kind;
    t.title = raw.title;
    t.loc = doc.Loc(raw.first_line);
    t.file = d::BuildProject(doc, options, raw);
    // The 绩效目标表 it was published in, from its title ("（二）专项资金绩效目标表 …" too).
    if (t.kind == TableKind::kTargets) {
      const std::string compact = d::Compact(raw.title);
      for (TargetForm f : {TargetForm::kPolicyAndProject, TargetForm::kSpecialFund})
        if (compact.find(TargetFormTitle(f)) != std::string::npos) t.file.project.target_form = f;
    }
    t.last_line = raw.last_line;
    d::ApplySummary(found.summary, doc, raw, t);
    d::JudgeFromPublished(raw, t.file);
    d::MarkRepeat(by_content, raw, t, &result);
    // Report and notes of a repeated table are those of its first copy; keep only the first's.
    if (t.duplicate_of < 0) {
      result.report.insert(result.report.end(), raw.report.begin(), raw.report.end());
      result.notes.insert(result.notes.end(), raw.notes.begin(), raw.notes.end());
    }
    result.tables.push_back(std::move(t));
  }
  d::Finish(filename, &result);
  return result;
}

}  // namespace jixiao
