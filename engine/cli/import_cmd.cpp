// jixiao import FILE.txt --out DIR — reads the performance tables (绩效目标表, 自评表) out of the
// text of a published document and writes one project definition (YAML) per project. Prints the
// import report (every line that looked like part of a table and could not be placed, with
// file:line and why), notes on unusual layouts, and a summary. Exit 0 when the import is complete,
// 1 when anything could not be placed (what was read is still written), 2 on usage errors.
// --dry-run writes nothing. Files are written through engine/io/files.h (whole or not at all).
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <ostream>
#include <sstream>

#include "engine/cli/app.h"
#include "engine/io/files.h"
#include "engine/io/import.h"
#include "engine/io/yaml_writer.h"
#include "indicators/i18n.h"
#include "indicators/loader.h"
#include "indicators/text.h"

namespace jixiao {
namespace {

struct ImportCmdOptions {
  std::string file;
  std::string out;              // folder for the YAML files; required unless --dry-run
  bool dry_run = false;         // print the report and summary only
  std::string format = "text";  // text | json
};

std::string ReadDocument(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw IoError(TrF("{}: cannot read file", path));
  std::ostringstream ss;
  ss << in.rdbuf();
  std::string text = ss.str();
  int line = 0;
  if (std::string enc = CheckEncoding(text, &line); !enc.empty()) {
    throw InputError({Diagnostic{Severity::kError, "encoding", SourceLoc{path, line, 0},
                                 enc}});  // i18n: translated
  }
  return text;
}

std::string HeaderComment(const ImportedTable& t, const std::string& source) {
  std::string c = t.file.project.name + "\n";
  c += t.title.empty() ? TrF("Imported by `jixiao import` from {0}, lines {1}–{2}.", source,
                             t.loc.line, t.last_line)
                       : TrF("Imported by `jixiao import` from {0}, lines {1}–{2} ({3}).", source,
                             t.loc.line, t.last_line, t.title);
  c += "\n";
  c += Tr("Check it against the document: the import report lists what could not be placed.");
  return c;
}

nlohmann::json EntryJson(const ImportEntry& e) {
  return {{"file", e.loc.file}, {"line", e.loc.line}, {"text", e.text}, {"why", e.why}};
}

void RunImport(const ImportCmdOptions& o, CliContext& ctx) {
  if (o.out.empty() && !o.dry_run)
    throw UsageError(Tr("import: --out DIR is required (or --dry-run)"));
  const std::string text = ReadDocument(o.file);
  const ImportResult r = ImportText(text, o.file);
  std::filesystem::path dir(o.out);
  const std::string source = std::filesystem::path(o.file).filename().string();

  // Names: NN.yaml in document order of the distinct projects.
  std::vector<std::pair<std::string, const ImportedTable*>> files;
  int seq = 0;
  for (const auto& t : r.tables) {
    if (t.duplicate_of >= 0) continue;
    char name[32];
    std::snprintf(name, sizeof name, "%02d.yaml", ++seq);
    files.emplace_back(name, &t);
  }
  std::vector<std::string> written;
  if (!o.dry_run) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) throw IoError(TrF("{}: cannot create folder: {}", dir.string(), ErrnoText(ec.value())));
    for (const auto& [name, t] : files) {
      YamlWriteOptions wo;
      wo.header_comment = HeaderComment(*t, source);
      WriteFileAtomically(dir / name, WriteProjectYaml(t->file, wo));
      written.push_back((dir / name).string());
    }
  }

  const std::size_t projects = files.size();
  const std::size_t indicators = r.indicator_count();
  if (o.format == "json") {
    nlohmann::json j;
    j["file"] = o.file;
    j["tables"] = r.tables.size();
    j["projects"] = projects;
    j["indicators"] = indicators;
    j["complete"] = r.complete();
    j["report"] = nlohmann::json::array();
    for (const auto& e : r.report) j["report"].push_back(EntryJson(e));
    j["notes"] = nlohmann::json::array();
    for (const auto& e : r.notes) j["notes"].push_back(EntryJson(e));
    j["projects_found"] = nlohmann::json::array();
    for (std::size_t i = 0; i < files.size(); ++i) {
      const ImportedTable& t = *files[i].second;
      nlohmann::json p{{"name", t.file.project.name},
                       {"kind", TableKindName(t.kind)},
                       {"line", t.loc.line},
                       {"indicators", t.file.project.indicators.size()}};
      if (!o.dry_run) p["written"] = written[i];
      j["projects_found"].push_back(p);
    }
    ctx.out << j.dump(2) << "\n";
  } else {
    // A document's lines may hold control characters (a form feed, an escape): shown, not sent.
    for (const auto& e : r.report)
      ctx.out << TrF("{0}: not placed: {1}", e.loc.str(), e.why) << "\n    | "
              << EscapeControls(e.text, /*keep_tabs=*/true) << "\n";
    for (const auto& e : r.notes)
      ctx.out << TrF("{0}: note: {1}", e.loc.str(), e.why) << "\n    | "
              << EscapeControls(e.text, /*keep_tabs=*/true) << "\n";
    for (std::size_t i = 0; i < files.size(); ++i) {
      const ImportedTable& t = *files[i].second;
      ctx.out << TrF(o.dry_run ? N_("would write {0}: {1} ({2}, line {3}, {4} indicators)")
                               : N_("wrote {0}: {1} ({2}, line {3}, {4} indicators)"),
                     o.dry_run ? files[i].first : written[i], t.file.project.name,
                     Tr(TableKindName(t.kind).c_str()), t.loc.line,
                     t.file.project.indicators.size())
              << "\n";
    }
    // TableKindName's codes, shown translated.
    static_cast<void>(N_("targets")), static_cast<void>(N_("self-evaluation")),
        static_cast<void>(N_("central-transfer"));
    ctx.out << TrF(o.dry_run ? N_("{0}: {1} table(s), {2} project(s), {3} indicator(s); {4} "
                                  "line(s) not placed, {5} note(s) (dry run: nothing written)")
                             : N_("{0}: {1} table(s), {2} project(s), {3} indicator(s); {4} "
                                  "line(s) not placed, {5} note(s)"),
                   o.file, r.tables.size(), projects, indicators, r.report.size(), r.notes.size())
            << "\n";
  }
  if (!r.complete()) ctx.exit_code = 1;
}

}  // namespace

void AddImportCommand(CLI::App& app, CliContext& ctx) {
  auto opts = std::make_shared<ImportCmdOptions>();
  CLI::App* cmd = app.add_subcommand(
      "import", "Import the performance tables of a published document (text) into YAML files");
  cmd->add_option("FILE", opts->file, "Text of the document (UTF-8)")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("--out", opts->out, "Folder to write one YAML file per project into");
  cmd->add_flag("--dry-run", opts->dry_run, "Print the report and summary, write nothing");
  cmd->add_option("--format", opts->format, "Output format")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  cmd->callback([opts, &ctx] { RunImport(*opts, ctx); });
}

}  // namespace jixiao
