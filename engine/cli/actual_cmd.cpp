// jixiao actual set|template|import — the project manager's entry of actual values (实际完成值).
//   set PROJECT INDICATOR VALUE --by NAME [--reason TEXT]
//   template PROJECT... [--format csv|xlsx] --out FILE   a fill-in sheet, one row per indicator
//   import FILE --by NAME                                 reads it back (CSV or XLSX): all rows
//                                                         or none
#include <xlsxwriter.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <fstream>
#include <map>
#include <ostream>
#include <sstream>

#include "engine/cli/app.h"
#include "engine/io/csv.h"
#include "engine/io/files.h"
#include "engine/io/xlsx_reader.h"
#include "engine/report/escape.h"
#include "indicators/i18n.h"
#include "indicators/text.h"

namespace jixiao {
namespace {

// The fill-in sheet's columns; import finds them by these headers.
constexpr const char* kHeaders[] = {"项目名称",      "指标",          "一级指标",
                                    "二级指标",      "三级指标",      "分值",
                                    "年度指标值(A)", "实际完成值(B)", "偏差原因分析及改进措施"};
constexpr int kColProject = 0, kColKey = 1, kColActual = 7, kColReason = 8;

struct SetOptions {
  std::string project, indicator, value, by, reason;
};

struct TemplateOptions {
  std::vector<std::string> projects;
  std::string format = "csv";
  std::string out;
};

struct ImportOptions {
  std::string file, by, reason;
};

struct SheetRow {
  std::string project, key, level1, level2, name, weight, target, actual, reason;
};

std::vector<SheetRow> TemplateRows(Store& store, const std::vector<std::string>& projects) {
  std::vector<StoredProjectRef> refs;
  if (projects.empty()) {
    refs = store.Projects();
  } else {
    for (const auto& q : projects) refs.push_back(store.ResolveProject(q));
  }
  std::vector<SheetRow> rows;
  for (const auto& ref : refs) {
    const Store::Loaded l = store.ReadProject(ref);
    for (const Indicator& ind : l.file.project.indicators) {
      const Actual* a = l.file.results.Find(ind.key);
      rows.push_back(SheetRow{l.file.project.name, ind.key, Level1Name(ind.level1),
                              Level2Name(ind.level2), ind.name,
                              ind.weight ? FormatNumber(*ind.weight) : "", ind.target.text,
                              a && a->value ? a->value->text : "", a ? a->reason : ""});
    }
  }
  return rows;
}

void WriteCsvTemplate(const std::vector<SheetRow>& rows, const std::filesystem::path& out) {
  std::string s = "\xEF\xBB\xBF";  // Excel opens UTF-8 CSV correctly only with a BOM
  for (std::size_t i = 0; i < std::size(kHeaders); ++i)
    s += (i ? "," : "") + std::string(kHeaders[i]);
  s += "\r\n";
  for (const auto& r : rows) {
    for (const std::string* f : {&r.project, &r.key, &r.level1, &r.level2, &r.name, &r.weight,
                                 &r.target, &r.actual, &r.reason}) {
      s += (f == &r.project ? "" : ",") + CsvField(*f);
    }
    s += "\r\n";
  }
  WriteFileAtomically(out, s);
}

// The fill-in workbook, written to `file` (WriteXlsxTemplate renames it into place).
void WriteXlsxSheet(const std::vector<SheetRow>& rows, const std::filesystem::path& file) {
  lxw_workbook* wb = workbook_new(file.c_str());
  if (!wb) throw IoError(TrF("{}: cannot create the workbook", file.string()));
  lxw_worksheet* ws = workbook_add_worksheet(wb, "实际完成值");
  lxw_format* head = workbook_add_format(wb);
  format_set_bold(head);
  format_set_border(head, LXW_BORDER_THIN);
  format_set_bg_color(head, 0xDDEBF7);
  lxw_format* cell = workbook_add_format(wb);
  format_set_border(cell, LXW_BORDER_THIN);
  format_set_text_wrap(cell);
  lxw_format* input = workbook_add_format(wb);
  format_set_border(input, LXW_BORDER_THIN);
  format_set_bg_color(input, 0xFFF2CC);
  format_set_num_format(input, "@");  // text: what is typed (98%, 3.6万元) is kept as typed
  format_set_text_wrap(input);
  const double widths[] = {28, 40, 12, 16, 30, 6, 16, 16, 40};
  for (int c = 0; c < 9; ++c) worksheet_set_column(ws, c, c, widths[c], nullptr);
  for (int c = 0; c < 9; ++c) worksheet_write_string(ws, 0, c, kHeaders[c], head);
  int r = 1;
  for (const auto& row : rows) {
    const std::string* f[] = {&row.project, &row.key,    &row.level1, &row.level2, &row.name,
                              &row.weight,  &row.target, &row.actual, &row.reason};
    for (int c = 0; c < 9; ++c) {
      worksheet_write_string(ws, r, c, XlsxText(*f[c]).c_str(), c >= kColActual ? input : cell);
    }
    ++r;
  }
  worksheet_freeze_panes(ws, 1, 0);
  if (const lxw_error e = workbook_close(wb); e != LXW_NO_ERROR)
    throw IoError(TrF("{}: cannot write the workbook: {}", file.string(), lxw_strerror(e)));
}

void WriteXlsxTemplate(const std::vector<SheetRow>& rows, const std::filesystem::path& out) {
  WriteFileAtomicallyVia(out, [&](const std::filesystem::path& tmp) { WriteXlsxSheet(rows, tmp); });
}

// The fill-in sheet's rows: a CSV file (UTF-8, with or without BOM, or GBK: said on stderr) or
// an .xlsx workbook's first sheet. Each row keeps its line (the sheet's row number).
std::vector<CsvRow> ReadSheet(const std::string& file, CliContext& ctx) {
  std::string ext = std::filesystem::path(file).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  if (ext == ".xlsx" || ext == ".xlsm") {
    const std::vector<XlsxSheet> sheets = ReadXlsx(file);
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
            file, ext));
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) throw IoError(TrF("{}: cannot read", file));
  std::ostringstream bytes;
  bytes << in.rdbuf();
  const CsvText text = DecodeCsv(bytes.str(), file);
  if (text.encoding != "UTF-8" && text.encoding != "UTF-8 with BOM") {
    ctx.err << "jixiao: " << TrF("{}: read as {}", file, text.encoding) << "\n";
  }
  std::string error;
  std::vector<CsvRow> rows = ParseCsv(text.utf8, &error);
  if (!error.empty()) throw IoError(file + ":" + error);
  return rows;
}

void RunImport(const ImportOptions& o, CliContext& ctx) {
  const std::vector<CsvRow> rows = ReadSheet(o.file, ctx);
  if (rows.empty()) throw IoError(TrF("{}: the file is empty", o.file));
  // Columns by header.
  std::map<std::string, int> col;
  for (std::size_t c = 0; c < rows[0].cells.size(); ++c) col[TrimText(rows[0].cells[c])] = c;
  for (int needed : {kColProject, kColKey, kColActual, kColReason}) {
    if (!col.count(kHeaders[needed])) {
      throw IoError(TrF("{}:1: missing column '{}' (write a sheet with `jixiao actual template`)",
                        o.file, kHeaders[needed]));
    }
  }
  auto store = OpenStore(ctx);
  std::map<std::string, StoredProjectRef> projects;
  std::map<std::int64_t, std::vector<StoredIndicatorRef>> indicators;
  std::vector<Store::Entry> entries;
  Diagnostics problems;
  const auto cell = [&](const CsvRow& r, int header) {
    const int c = col[kHeaders[header]];
    // CsvCellText undoes the template's neutralising quote ('=…, '-…).
    return c < static_cast<int>(r.cells.size()) ? TrimText(CsvCellText(r.cells[c])) : std::string();
  };
  // The first row of each (project, indicator), to refuse a second row that contradicts it.
  struct Seen {
    int line;
    std::string value, reason;
  };
  std::map<std::pair<std::int64_t, std::int64_t>, Seen> seen;
  for (std::size_t k = 1; k < rows.size(); ++k) {
    const CsvRow& r = rows[k];
    const SourceLoc loc{o.file, r.line, 0};
    const std::string value = cell(r, kColActual), reason = cell(r, kColReason);
    if (value.empty() && reason.empty()) continue;
    try {
      const std::string pname = cell(r, kColProject);
      if (!projects.count(pname)) projects[pname] = store->ResolveProject(pname);
      const StoredProjectRef& p = projects[pname];
      if (!indicators.count(p.id)) indicators[p.id] = store->Indicators(p);
      const StoredIndicatorRef i = Store::ResolveIndicator(p, indicators[p.id], cell(r, kColKey));
      if (auto e = CheckFreeText(TextField::kReason, reason))
        throw Error(e->code(), TrF("column '{}': {}", kHeaders[kColReason], e->what()));
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
        ctx.err << loc.str() << ": " << TrF("note: the same as row {}: entered once", f.line)
                << "\n";
        continue;
      }
      entries.push_back(Store::Entry{p, i, value, reason, loc});
    } catch (const Error& e) {
      problems.push_back(
          Diagnostic{Severity::kError, "bad-row", loc, e.what()});  // i18n: translated
    }
  }
  const auto refuse = [&](const Diagnostics& ds) {
    for (const auto& d : ds) ctx.err << d.str() << "\n";
    ctx.err << "jixiao: " << TrF("{} bad row(s): nothing was stored", ds.size()) << "\n";
    ctx.exit_code = 1;
  };
  if (!problems.empty()) {
    // Every bad row at once: the rows that resolved get the store's entry check too.
    for (Diagnostic& d : store->CheckEntries(entries))
      if (d.severity == Severity::kError) problems.push_back(std::move(d));
    std::stable_sort(problems.begin(), problems.end(),
                     [](const auto& a, const auto& b) { return a.loc.line < b.loc.line; });
    return refuse(problems);
  }
  EntryOutcome done;
  try {
    // The store checks every value (scoring/entry.h) before it writes any.
    done = store->SetMany(entries, ChangeContext{o.by, o.reason, "import " + o.file});
  } catch (const InputError& e) {
    return refuse(e.diagnostics());
  }
  for (const auto& d : done.warnings) ctx.err << d.str() << "\n";
  ctx.out << TrF("{}: {} row(s) entered", o.file, done.changed);
  if (done.unchanged > 0) ctx.out << TrF(", {} unchanged (as stored)", done.unchanged);
  ctx.out << "\n";
}

}  // namespace

void AddActualCommand(CLI::App& app, CliContext& ctx) {
  CLI::App* cmd = app.add_subcommand("actual", "Enter actual values (实际完成值) in the store");
  cmd->require_subcommand(1);

  auto set_opts = std::make_shared<SetOptions>();
  CLI::App* set = cmd->add_subcommand("set", "Set one indicator's actual value");
  set->add_option("PROJECT", set_opts->project, "Project: id, name or a unique part of it")
      ->required();
  set->add_option("INDICATOR", set_opts->indicator,
                  "Indicator: id, name, key or a unique part of one")
      ->required();
  set->add_option("VALUE", set_opts->value, "The value as in a table: 98%, 3.6万元, 显著提高")
      ->required();
  set->add_option("--by", set_opts->by, "Who enters it")->required();
  set->add_option("--reason", set_opts->reason, "Why (required after sign-off)");
  set->callback([set_opts, &ctx] {
    if (TrimText(set_opts->value).empty()) {
      throw UsageError(Tr("the actual value is empty: give the value (实际完成值) to enter"));
    }
    auto store = OpenStore(ctx);
    const StoredProjectRef p = store->ResolveProject(set_opts->project);
    const StoredIndicatorRef i = store->ResolveIndicator(p, set_opts->indicator);
    const Diagnostics warnings = store->SetActual(
        p, i, set_opts->value, ChangeContext{set_opts->by, set_opts->reason, "cli"});
    for (const auto& d : warnings) ctx.err << d.str() << "\n";
    ctx.out << p.name << " / " << i.name << ": " << TrimText(set_opts->value) << "\n";
  });

  auto tpl = std::make_shared<TemplateOptions>();
  CLI::App* t = cmd->add_subcommand("template", "Write a fill-in sheet (one row per indicator)");
  t->add_option("PROJECT", tpl->projects, "Projects (default: all stored)");
  t->add_option("--format", tpl->format, "csv or xlsx")
      ->check(CLI::IsMember({"csv", "xlsx"}))
      ->capture_default_str();
  t->add_option("--out", tpl->out, "The file to write")->required();
  t->callback([tpl, &ctx] {
    auto store = OpenStore(ctx);
    const auto rows = TemplateRows(*store, tpl->projects);
    if (tpl->format == "xlsx") {
      WriteXlsxTemplate(rows, tpl->out);
    } else {
      WriteCsvTemplate(rows, tpl->out);
    }
    ctx.out << TrF("{}: {} indicator row(s)", tpl->out, rows.size()) << "\n";
  });

  auto imp = std::make_shared<ImportOptions>();
  CLI::App* i = cmd->add_subcommand("import", "Read a filled-in sheet back: all rows or none");
  i->add_option("FILE", imp->file,
                "The sheet: .xlsx (first sheet) or CSV (UTF-8, UTF-8 with BOM, or GBK)")
      ->required();
  i->add_option("--by", imp->by, "Who enters it")->required();
  i->add_option("--reason", imp->reason, "Why (required after sign-off)");
  i->callback([imp, &ctx] { RunImport(*imp, ctx); });
}

}  // namespace jixiao
