// The fill-in sheet read back: columns by header, rows resolved against the store, every bad row
// collected, then one SetMany (all rows or none).
#include "engine/store/sheet_import.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>

#include "engine/io/xlsx_reader.h"
#include "indicators/i18n.h"
#include "indicators/text.h"

namespace jixiao {
namespace {

std::vector<CsvRow> ReadRows(const std::filesystem::path& path, const std::string& name,
                             std::vector<std::string>& notes) {
  std::string ext = std::filesystem::path(name).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  if (ext == ".xlsx" || ext == ".xlsm") {
    const std::vector<XlsxSheet> sheets = ReadXlsx(path);
    const XlsxSheet& sheet = sheets.front();
    std::vector<CsvRow> rows;
    for (const XlsxCell& c : sheet.cells) {
      if (rows.empty() || rows.back().line != c.row + 1) rows.push_back(CsvRow{c.row + 1, {}});
      auto& cells = rows.back().cells;
      if (static_cast<int>(cells.size()) <= c.col) cells.resize(c.col + 1);
      cells[c.col] = c.text;
    }
    return rows;
  }
  if (ext == ".xls" || ext == ".et") {
    throw IoError(
        TrF("{}: the old Excel/WPS format ({}) is not read; save the sheet as .xlsx or "
            "as 'CSV UTF-8'",
            name, ext));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw IoError(TrF("{}: cannot read", name));
  std::ostringstream bytes;
  bytes << in.rdbuf();
  const CsvText text = DecodeCsv(bytes.str(), name);
  if (text.encoding != "UTF-8" && text.encoding != "UTF-8 with BOM") {
    notes.push_back(TrF("{}: read as {}", name, text.encoding));
  }
  std::string error;
  std::vector<CsvRow> rows = ParseCsv(text.utf8, &error);
  if (!error.empty()) throw IoError(name + ":" + error);
  return rows;
}

}  // namespace

FillInSheet ReadFillInSheet(const std::filesystem::path& path, const std::string& name) {
  FillInSheet sheet;
  sheet.name = name;
  sheet.rows = ReadRows(path, name, sheet.notes);
  if (sheet.rows.empty()) throw IoError(TrF("{}: the file is empty", name));
  const std::vector<std::string>& head = sheet.rows[0].cells;
  for (std::size_t c = 0; c < head.size(); ++c) sheet.columns[TrimText(head[c])] = c;
  for (int needed : {kSheetColProject, kSheetColKey, kSheetColActual, kSheetColReason}) {
    if (!sheet.columns.count(kSheetHeaders[needed])) {
      throw IoError(TrF("{}:1: missing column '{}' (write a sheet with `jixiao actual template`)",
                        name, kSheetHeaders[needed]));
    }
  }
  return sheet;
}

SheetImport ImportSheetRows(Store& store, const FillInSheet& sheet, const ChangeContext& who) {
  SheetImport out;
  std::map<std::string, StoredProjectRef> projects;
  std::map<std::int64_t, std::vector<StoredIndicatorRef>> indicators;
  std::vector<Store::Entry> entries;
  const auto cell = [&](const CsvRow& r, int header) {
    const int c = sheet.columns.at(kSheetHeaders[header]);
    // CsvCellText undoes the template's neutralising quote ('=…, '-…).
    return c < static_cast<int>(r.cells.size()) ? TrimText(CsvCellText(r.cells[c])) : std::string();
  };
  // The first row of each (project, indicator), to refuse a second row that contradicts it.
  struct Seen {
    int line;
    std::string value, reason;
  };
  std::map<std::pair<std::int64_t, std::int64_t>, Seen> seen;
  for (std::size_t k = 1; k < sheet.rows.size(); ++k) {
    const CsvRow& r = sheet.rows[k];
    const SourceLoc loc{sheet.name, r.line, 0};
    const std::string value = cell(r, kSheetColActual), reason = cell(r, kSheetColReason);
    if (value.empty() && reason.empty()) continue;
    try {
      const std::string pname = cell(r, kSheetColProject);
      if (!projects.count(pname)) projects[pname] = store.ResolveProject(pname);
      const StoredProjectRef& p = projects[pname];
      if (!indicators.count(p.id)) indicators[p.id] = store.Indicators(p);
      const StoredIndicatorRef i =
          Store::ResolveIndicator(p, indicators[p.id], cell(r, kSheetColKey));
      if (auto e = CheckFreeText(TextField::kReason, reason))
        throw Error(e->code(), TrF("column '{}': {}", kSheetHeaders[kSheetColReason], e->what()));
      const auto [first, added] = seen.try_emplace({p.id, i.id}, Seen{r.line, value, reason});
      if (!added) {
        const Seen& f = first->second;
        if (f.value != value || f.reason != reason) {
          throw Error(
              "duplicate-row",
              f.reason != reason
                  ? TrF("'{}' / '{}' is given twice with different values: row {} says "
                        "'{}' (reason '{}'), row {} says '{}' (reason '{}'): keep one of "
                        "the two rows",
                        EscapeControls(p.name), EscapeControls(i.name), f.line, Excerpt(f.value),
                        Excerpt(f.reason), r.line, Excerpt(value), Excerpt(reason))
                  : TrF("'{}' / '{}' is given twice with different values: row {} says "
                        "'{}', row {} says '{}': keep one of the two rows",
                        EscapeControls(p.name), EscapeControls(i.name), f.line, Excerpt(f.value),
                        r.line, Excerpt(value)));
        }
        out.notes.push_back(loc.str() + ": " +
                            TrF("note: the same as row {}: entered once", f.line));
        continue;
      }
      entries.push_back(Store::Entry{p, i, value, reason, loc, std::nullopt});
    } catch (const Error& e) {
      out.errors.push_back(
          Diagnostic{Severity::kError, "bad-row", loc, e.what()});  // i18n: translated
    }
  }
  if (!out.errors.empty()) {
    // Every bad row at once: the rows that resolved get the store's entry check too.
    for (Diagnostic& d : store.CheckEntries(entries))
      if (d.severity == Severity::kError) out.errors.push_back(std::move(d));
    std::stable_sort(out.errors.begin(), out.errors.end(),
                     [](const auto& a, const auto& b) { return a.loc.line < b.loc.line; });
    return out;
  }
  try {
    // The store checks every value (scoring/entry.h) before it writes any.
    out.outcome = store.SetMany(entries, who);
  } catch (const InputError& e) {
    out.errors = e.diagnostics();
  }
  return out;
}

}  // namespace jixiao
