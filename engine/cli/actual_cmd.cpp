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
#include "engine/report/escape.h"
#include "engine/store/sheet_import.h"
#include "indicators/i18n.h"
#include "indicators/text.h"

namespace jixiao {
namespace {

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
  for (std::size_t i = 0; i < std::size(kSheetHeaders); ++i)
    s += (i ? "," : "") + std::string(kSheetHeaders[i]);
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
  for (int c = 0; c < 9; ++c) worksheet_write_string(ws, 0, c, kSheetHeaders[c], head);
  int r = 1;
  for (const auto& row : rows) {
    const std::string* f[] = {&row.project, &row.key,    &row.level1, &row.level2, &row.name,
                              &row.weight,  &row.target, &row.actual, &row.reason};
    for (int c = 0; c < 9; ++c) {
      worksheet_write_string(ws, r, c, XlsxText(*f[c]).c_str(),
                             c >= kSheetColActual ? input : cell);
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

void RunImport(const ImportOptions& o, CliContext& ctx) {
  const FillInSheet sheet = ReadFillInSheet(o.file, o.file);
  for (const std::string& note : sheet.notes) ctx.err << "jixiao: " << note << "\n";
  auto store = OpenStore(ctx);
  const SheetImport done =
      ImportSheetRows(*store, sheet, ChangeContext{o.by, o.reason, "import " + o.file});
  for (const std::string& note : done.notes) ctx.err << note << "\n";
  if (!done.errors.empty()) {
    for (const auto& d : done.errors) ctx.err << d.str() << "\n";
    ctx.err << "jixiao: " << TrF("{} bad row(s): nothing was stored", done.errors.size()) << "\n";
    ctx.exit_code = 1;
    return;
  }
  for (const auto& d : done.outcome.warnings) ctx.err << d.str() << "\n";
  ctx.out << TrF("{}: {} row(s) entered", o.file, done.outcome.changed);
  if (done.outcome.unchanged > 0)
    ctx.out << TrF(", {} unchanged (as stored)", done.outcome.unchanged);
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
