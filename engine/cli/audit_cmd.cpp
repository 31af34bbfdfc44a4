// jixiao audit PATH... — the auditor's review of a unit's projects: every deviation, the patterns
// that need a second look and every published figure that differs from the rule, each with its
// code, severity, project, indicator, evidence and source (scoring/audit.h). Output as text, JSON,
// one self-contained HTML page or an XLSX sheet; exit 1 when a finding is at or above --fail-on.
// `jixiao audit --explain CODE` prints what a finding means and what to do about it.
// With --db the stored projects are audited (PATH... then names them; default all) and the
// history rules read each project's audit trail: changes after sign-off, values changed many
// times, changes without a reason, entries by someone other than the project's manager.
#include <xlsxwriter.h>

#include <algorithm>
#include <deque>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <ostream>
#include <set>
#include <sstream>

#include "engine/batch/batch.h"
#include "engine/cli/app.h"
#include "engine/io/files.h"
#include "engine/report/escape.h"
#include "engine/store/store_audit.h"
#include "indicators/i18n.h"
#include "scoring/audit.h"

namespace jixiao {
namespace {

struct AuditOptions {
  std::vector<std::string> paths;
  std::string format = "text";        // text | json | html | xlsx
  std::string min_severity = "info";  // findings below are not shown
  std::string fail_on = "error";      // exit 1 when any finding is at or above
  std::string out;                    // file to write; "" = standard output (not for xlsx)
  std::string explain;                // a code: print its catalogue entry and stop
};

Severity ParseSeverity(const std::string& s) {
  return s == "error" ? Severity::kError : s == "warning" ? Severity::kWarning : Severity::kInfo;
}

struct Loaded {
  std::unique_ptr<Store> store;  // with --db
  Batch batch;                   // scored projects and files that could not be read
  Batch recovered;  // files scored despite a duplicated indicator (their load errors kept)
  std::vector<AuditProject> audit;
  std::vector<AuditFinding> rejected;  // findings of the files that could not be audited
  std::size_t projects = 0;
};

// `policies` owns the policies the batch points to: keep it alive while `l` is used.
void LoadForAudit(const AuditOptions& o, CliContext& ctx, PolicySet& policies, Loaded& l) {
  l.batch = LoadBatchAndScore(o.paths, policies, *ctx.log);
  std::map<std::filesystem::path, const ScoredProject*> scored;
  for (const auto& p : l.batch.projects) scored[p.path] = &p;
  std::map<std::filesystem::path, const RejectedFile*> rejected;
  for (const auto& r : l.batch.rejected) {
    if (ModelComplete(r.diagnostics)) {
      LoadResult lr = LoadProjectFile(r.path);
      if (lr.file) {
        try {
          const Policy& pol = policies.Get(lr.file->project.policy, r.path);
          scored[r.path] =
              &AddToBatch(l.recovered, r.path, std::move(*lr.file), lr.diagnostics, pol);
          continue;
        } catch (const Error&) {
          // falls through: reported as rejected with its own diagnostics
        }
      }
    }
    rejected[r.path] = &r;
  }
  // Input order, as ExpandPaths gives it.
  for (const auto& path : ExpandPaths(o.paths)) {
    if (auto it = scored.find(path); it != scored.end()) {
      const ScoredProject& p = *it->second;
      l.audit.push_back(AuditProject{&p.file, &p.score, p.policy, &p.load_warnings});
      ++l.projects;
    } else if (auto rt = rejected.find(path); rt != rejected.end()) {
      const RejectedFile& r = *rt->second;
      for (const auto& d : r.diagnostics) {
        const AuditRule* rule = FindAuditRule(d.code);
        l.rejected.push_back(
            AuditFinding{d, r.name.empty() ? r.path.string() : r.name, "", "",
                         rule ? std::string(rule->source) : std::string(kInputCheckSource)});
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Output

// The columns of the HTML and XLSX findings (the HTML has no unit column).
constexpr const char* kHeaders[] = {N_("severity"),  N_("code"),     N_("project"), N_("unit"),
                                    N_("indicator"), N_("evidence"), N_("where"),   N_("source")};

std::string GroupTitle(const AuditFinding& f) {
  return f.project.empty() ? TrF("unit {}", f.unit) : f.project;
}

// The findings of one code about one project (or unit), in the order first found: the text and
// HTML show each group once, with its count and its first few locations.
using FindingGroup = std::vector<const AuditFinding*>;
constexpr std::size_t kFirstFew = 3;

std::vector<FindingGroup> Grouped(const std::vector<AuditFinding>& fs) {
  std::vector<FindingGroup> groups;
  std::map<std::pair<std::string, std::string>, std::size_t> index;  // (title, code) → group
  for (const auto& f : fs) {
    const auto [it, added] = index.try_emplace({GroupTitle(f), f.diagnostic.code}, groups.size());
    if (added) groups.emplace_back();
    groups[it->second].push_back(&f);
  }
  return groups;
}

// "a, b, c … and 25 more": the first few of `items` (empty ones and repeats left out).
std::string FirstFew(const std::vector<std::string>& items) {
  std::vector<std::string> distinct;
  for (const std::string& x : items) {
    if (!x.empty() && std::find(distinct.begin(), distinct.end(), x) == distinct.end())
      distinct.push_back(x);
  }
  std::string out;
  for (std::size_t i = 0; i < distinct.size() && i < kFirstFew; ++i)
    out += (i == 0 ? "" : Tr(", ")) + distinct[i];  // the list separator: 、 in Chinese
  if (distinct.size() > kFirstFew) out += TrF(" … and {} more", distinct.size() - kFirstFew);
  return out;
}

// The group's locations; in one file, the file once and its lines ("x.yaml, lines 51, 53").
std::string FirstLocations(const FindingGroup& g) {
  const SourceLoc& first = g.front()->diagnostic.loc;
  const bool one_file = std::all_of(g.begin(), g.end(), [&](const AuditFinding* f) {
    return f->diagnostic.loc.line > 0 && f->diagnostic.loc.file == first.file;
  });
  std::vector<std::string> locs;
  for (const AuditFinding* f : g) {
    const SourceLoc& loc = f->diagnostic.loc;
    locs.push_back(one_file ? std::to_string(loc.line) : loc.str());
  }
  return one_file ? TrF("{}, lines {}", first.shown_file(), FirstFew(locs)) : FirstFew(locs);
}

std::string Indicators(const FindingGroup& g) {
  std::vector<std::string> names;
  for (const AuditFinding* f : g) names.push_back(f->indicator);
  return FirstFew(names);
}

void WriteText(std::ostream& os, const std::vector<AuditFinding>& fs) {
  std::string title;
  for (const FindingGroup& g : Grouped(fs)) {
    const AuditFinding& f = *g.front();
    if (GroupTitle(f) != title) {
      if (!title.empty()) os << "\n";
      title = GroupTitle(f);
      os << title << "\n";
    }
    const Diagnostic& d = f.diagnostic;
    os << "  " << SeverityLabel(d.severity) << "  " << d.code;
    if (g.size() > 1) {
      os << "  ×" << g.size() << "\n    " << TrF("at: {}", FirstLocations(g)) << "\n";
    } else if (!d.loc.str().empty()) {
      os << "  " << d.loc.str() << "\n";
    } else {
      os << "\n";
    }
    if (const std::string ind = Indicators(g); !ind.empty()) {
      os << "    " << (g.size() > 1 ? TrF("indicators: {}", ind) : TrF("indicator: {}", ind))
         << "\n";
    }
    os << "    " << (g.size() > 1 ? Tr("the first: ") : "") << d.message << "\n";
    os << "    " << TrF("source: {}", Tr(f.source.c_str())) << "\n";
  }
}

nlohmann::json FindingJson(const AuditFinding& f, std::size_t of_code) {
  return {{"code", f.diagnostic.code},
          {"severity", SeverityName(f.diagnostic.severity)},
          {"message", f.diagnostic.message},
          {"where", f.diagnostic.loc.str()},
          {"project", f.project},
          {"unit", f.unit},
          {"indicator", f.indicator},
          {"source", Tr(f.source.c_str())},
          {"count_of_code", of_code}};  // findings of this code about this project (or unit)
}

// Every finding, each with the size of its group, and the groups with their counts.
nlohmann::json FindingsJson(const std::vector<AuditFinding>& fs) {
  nlohmann::json items = nlohmann::json::array(), groups = nlohmann::json::array();
  std::map<const AuditFinding*, std::size_t> of_code;
  for (const FindingGroup& g : Grouped(fs)) {
    for (const AuditFinding* f : g) of_code[f] = g.size();
    groups.push_back({{"code", g.front()->diagnostic.code},
                      {"severity", SeverityName(g.front()->diagnostic.severity)},
                      {"project", g.front()->project},
                      {"unit", g.front()->unit},
                      {"count", g.size()}});
  }
  for (const auto& f : fs) items.push_back(FindingJson(f, of_code[&f]));
  return {{"findings", std::move(items)}, {"groups", std::move(groups)}};
}

void WriteHtml(std::ostream& os, const std::vector<AuditFinding>& fs, const std::string& summary) {
  os << "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<title>"
     << HtmlEscape(Tr("jixiao audit"))
     << "</title>\n<style>\n"
        "body{font-family:sans-serif;margin:1.5em}table{border-collapse:collapse;width:100%}\n"
        "th,td{border:1px solid #bbb;padding:4px 6px;vertical-align:top;text-align:left}\n"
        "th{background:#eee}.error{background:#fdd}.warning{background:#ffd}.info{background:#fff}"
        "\n</style>\n</head>\n<body>\n<h1>"
     << HtmlEscape(Tr("jixiao audit")) << "</h1>\n<p>" << HtmlEscape(summary)
     << "</p>\n<table>\n<tr>";
  for (const char* h : kHeaders) {
    if (std::string_view(h) != "unit") os << "<th>" << HtmlEscape(Tr(h)) << "</th>";
  }
  os << "</tr>\n";
  for (const FindingGroup& g : Grouped(fs)) {
    const AuditFinding& f = *g.front();
    const std::string sev = SeverityName(f.diagnostic.severity);
    const bool many = g.size() > 1;
    os << "<tr class=\"" << sev << "\"><td>" << HtmlEscape(SeverityLabel(f.diagnostic.severity))
       << "</td><td>" << HtmlEscape(f.diagnostic.code)
       << (many ? " ×" + std::to_string(g.size()) : "") << "</td><td>" << HtmlEscape(GroupTitle(f))
       << "</td><td>" << HtmlEscape(Indicators(g)) << "</td><td>"
       << (many ? HtmlEscape(Tr("the first: ")) : std::string()) << HtmlEscape(f.diagnostic.message)
       << "</td><td>" << HtmlEscape(many ? FirstLocations(g) : f.diagnostic.loc.str())
       << "</td><td>" << HtmlEscape(Tr(f.source.c_str())) << "</td></tr>\n";
  }
  os << "</table>\n</body>\n</html>\n";
}

void WriteXlsx(const std::string& path, const std::vector<AuditFinding>& fs) {
  lxw_workbook* wb = workbook_new(path.c_str());
  if (!wb) throw IoError(TrF("cannot create '{}'", path));
  lxw_worksheet* ws = workbook_add_worksheet(wb, Tr("findings"));
  lxw_format* bold = workbook_add_format(wb);
  format_set_bold(bold);
  lxw_format* wrap = workbook_add_format(wb);
  format_set_text_wrap(wrap);
  format_set_align(wrap, LXW_ALIGN_VERTICAL_TOP);
  const double widths[] = {9, 28, 30, 22, 26, 80, 40, 36};
  for (lxw_col_t c = 0; c < 8; ++c) {
    worksheet_set_column(ws, c, c, widths[c], c == 5 ? wrap : nullptr);
    worksheet_write_string(ws, 0, c, Tr(kHeaders[c]), bold);
  }
  lxw_row_t r = 1;
  for (const auto& f : fs) {
    const std::string cells[] = {SeverityLabel(f.diagnostic.severity),
                                 f.diagnostic.code,
                                 f.project,
                                 f.unit,
                                 f.indicator,
                                 f.diagnostic.message,
                                 f.diagnostic.loc.str(),
                                 Tr(f.source.c_str())};
    for (lxw_col_t c = 0; c < 8; ++c)
      worksheet_write_string(ws, r, c, XlsxText(cells[c]).c_str(), c == 5 ? wrap : nullptr);
    ++r;
  }
  worksheet_freeze_panes(ws, 1, 0);
  worksheet_autofilter(ws, 0, 0, r - 1, 7);
  const lxw_error e = workbook_close(wb);
  if (e != LXW_NO_ERROR) {
    throw IoError(TrF("cannot write '{}': {}", path, lxw_strerror(e)));
  }
}

void Explain(const std::string& code, CliContext& ctx) {
  const AuditRule* r = FindAuditRule(code);
  if (!r) {
    std::string known;
    for (const auto& x : AuditCatalogue())
      known += (known.empty() ? "" : ", ") + std::string(x.code);
    throw UsageError(TrF("unknown finding code '{}' (known: {})", code, known));
  }
  // (Tr returns its argument when there is no translation: copy it before the text goes.)
  const auto tr = [](std::string_view text) { return std::string(Tr(std::string(text).c_str())); };
  ctx.out << r->code << "  (" << SeverityLabel(r->severity) << ")\n"
          << "  " << TrF("meaning: {}", tr(r->meaning)) << "\n"
          << "  " << TrF("what to do: {}", tr(r->action)) << "\n"
          << "  " << TrF("source: {}", tr(r->source)) << "\n";
}

void RunAudit(const AuditOptions& o, CliContext& ctx) {
  if (!o.explain.empty()) {
    Explain(o.explain, ctx);
    return;
  }
  if (o.paths.empty() && !ctx.db_given)
    throw UsageError(Tr("audit: give PATH... (project files or folders) or --db FILE"));
  if (o.format == "xlsx" && o.out.empty())
    throw UsageError(Tr("audit --format xlsx needs --out FILE.xlsx"));

  PolicySet policies(ctx.policy);
  Loaded l;
  std::vector<AuditFinding> all;
  if (ctx.db_given) {
    // The stored projects, with their histories; a stored definition that no longer loads is
    // reported like a file that cannot be read.
    Inputs in = LoadInputs(o.paths, /*store_when_empty=*/false, ctx, policies);
    l.store = std::move(in.store);
    l.batch = std::move(in.batch);
    StoreAudit audited = AuditStoredBatch(*l.store, l.batch);
    l.rejected = std::move(audited.rejected);
    l.projects = audited.projects;
    all = std::move(audited.findings);
  } else {
    LoadForAudit(o, ctx, policies, l);
    all = Audit(l.audit);
    // Files that could not be audited come first, so that they are seen.
    all.insert(all.begin(), l.rejected.begin(), l.rejected.end());
  }

  const Severity min = ParseSeverity(o.min_severity);
  const Severity fail = ParseSeverity(o.fail_on);
  std::vector<AuditFinding> shown;
  std::map<Severity, std::size_t> counts;
  for (const auto& f : all) {
    if (f.diagnostic.severity >= fail) ctx.exit_code = 1;
    if (f.diagnostic.severity < min) continue;
    ++counts[f.diagnostic.severity];
    shown.push_back(f);
  }
  std::set<std::string> files;
  for (const auto& f : l.rejected) files.insert(f.diagnostic.loc.file);
  const std::string summary = TrF(
      "audit: {} project(s), {} file(s) not audited: {} error(s), {} warning(s), {} info (shown: "
      "{} and above; fail on: {})",
      l.projects, files.size(), counts[Severity::kError], counts[Severity::kWarning],
      counts[Severity::kInfo], SeverityLabel(ParseSeverity(o.min_severity)),
      SeverityLabel(ParseSeverity(o.fail_on)));

  if (o.format == "xlsx") {
    WriteFileAtomicallyVia(
        o.out, [&](const std::filesystem::path& tmp) { WriteXlsx(tmp.string(), shown); });
    return;
  }
  std::ostringstream os;
  if (o.format == "json") {
    nlohmann::json j = FindingsJson(shown);
    j["counts"] = {{"error", counts[Severity::kError]},
                   {"warning", counts[Severity::kWarning]},
                   {"info", counts[Severity::kInfo]},
                   {"projects", l.projects},
                   {"files_not_audited", files.size()}};
    os << j.dump(2) << "\n";
  } else if (o.format == "html") {
    WriteHtml(os, shown, summary);
  } else {
    WriteText(os, shown);
    if (!shown.empty()) os << "\n";
    os << summary << "\n";
  }
  if (o.out.empty()) {
    ctx.out << os.str();
    return;
  }
  WriteFileAtomically(o.out, os.str());
}

}  // namespace

void AddAuditCommand(CLI::App& app, CliContext& ctx) {
  auto opts = std::make_shared<AuditOptions>();
  CLI::App* cmd = app.add_subcommand(
      "audit", "Review a unit's projects: deviations, patterns to check, published figures");
  cmd->add_option("PATH", opts->paths,
                  "Project files or folders of them; with --db: stored projects (id, name or "
                  "a unique part of it; default all)");
  cmd->add_option("--format", opts->format, "Output format")
      ->check(CLI::IsMember({"text", "json", "html", "xlsx"}))
      ->capture_default_str();
  cmd->add_option("--min-severity", opts->min_severity, "Show findings at or above this severity")
      ->check(CLI::IsMember({"info", "warning", "error"}))
      ->capture_default_str();
  cmd->add_option("--fail-on", opts->fail_on, "Exit 1 when a finding is at or above this severity")
      ->check(CLI::IsMember({"info", "warning", "error"}))
      ->capture_default_str();
  cmd->add_option("--out", opts->out, "Write to FILE instead of standard output (xlsx: required)");
  cmd->add_option("--explain", opts->explain, "Print what a finding CODE means and what to do");
  AddUnverifiedFlag(cmd, ctx);
  cmd->callback([opts, &ctx] { RunAudit(*opts, ctx); });
}

}  // namespace jixiao
