// The page routes with files: a project's tables and the unit's, downloaded in each report format
// (WriteReports into a temporary folder, the file sent with its type and a file name), and the
// clerk's upload of a filled sheet (the code path of `jixiao actual import`). Also the review
// pages: a project's history and the audit findings (the findings of `jixiao audit --db`).
#include <stdlib.h>

#include <fstream>
#include <sstream>

#include "engine/report/report.h"
#include "engine/store/sheet_import.h"
#include "engine/store/store_audit.h"
#include "engine/store/store_batch.h"
#include "engine/web/page_routes_internal.h"
#include "indicators/i18n.h"

namespace jixiao::web {
namespace {

using httplib::Request;
using httplib::Response;

// A folder of its own under the system's temporary folder, removed with this object.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "jixiao-web-XXXXXX").string();
    if (!mkdtemp(pattern.data())) throw IoError(Tr("cannot create a temporary folder"));
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

std::string ReadBytes(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

const char* ContentType(ReportFormat f) {
  switch (f) {
    case ReportFormat::kHtml:
      return "text/html; charset=utf-8";
    case ReportFormat::kXlsx:
      return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    case ReportFormat::kCsv:
      return "text/csv; charset=utf-8";
    case ReportFormat::kMarkdown:
      return "text/markdown; charset=utf-8";
    case ReportFormat::kJson:
      return "application/json; charset=utf-8";
    case ReportFormat::kPdf:
      return "application/pdf";
  }
  return "application/octet-stream";
}

// The file of WriteReports' output that holds `form` (summary, overview, tables) in `f`, or ""
// when that format has no such file (the 自评综述 in CSV).
std::string ReportFile(const std::string& form, ReportFormat f) {
  switch (f) {
    case ReportFormat::kHtml:
      return form + ".html";
    case ReportFormat::kCsv:
      return form == "overview" ? "" : form + ".csv";
    default:
      return "report." + ReportFormatName(f);
  }
}

// Writes the reports of `projects` (store ids; empty: all) in format `f` and sends `file` of
// them as an attachment named `download`.
void SendReport(WebContext& ctx, const Caller& c, const std::vector<std::string>& projects,
                ReportFormat f, const std::string& file, const std::string& download,
                Response& res) {
  PolicySet policies(ctx.options().policies);
  ReportOptions o;
  o.formats = {f};
  o.quiet = true;
  Batch batch = ctx.WithStore([&](Store& s) {
    if (const std::optional<ChainAnchor> a = s.Anchor())
      o.anchor = TrailAnchor{a->head, a->rows, a->first_at, a->last_at, a->keyed};
    return LoadStoreBatch(s, projects, policies, ctx.log());
  });
  const TempDir dir;
  o.out_dir = dir.path();
  std::ostringstream out, progress;
  ReportProblems problems;
  WriteReports(batch, o, out, progress, &problems);
  const std::filesystem::path written = dir.path() / file;
  if (!problems.failed.empty() || !std::filesystem::is_regular_file(written)) {
    std::string why =
        problems.failed.empty() ? TrF("{} was not written", file) : problems.failed.front().message;
    return SendErrorPage(res, c, 500, TrF("the report could not be written: {}", why));
  }
  res.status = 200;
  res.set_content(ReadBytes(written), ContentType(f));
  res.set_header("Content-Disposition", "attachment; filename=\"" + download + "\"");
}

void RegisterDownloads(httplib::Server& server, WebContext& ctx) {
  server.Get(R"(/projects/(\d+)/download/(html|xlsx|csv|md|json|pdf))",
             [&ctx](const Request& req, Response& res) {
               const std::optional<Caller> c = PageCaller(ctx, req, res);
               if (!c) return;
               const std::optional<StoredProjectRef> p = PageProject(ctx, *c, req, res);
               if (!p) return;
               const ReportFormat f = *ParseReportFormat(std::string(req.matches[2]));
               const std::string ext = ReportFormatName(f);
               SendReport(ctx, *c, {std::to_string(p->id)}, f, ReportFile("tables", f),
                          "jixiao-project-" + std::to_string(p->id) + "." + ext, res);
             });
  server.Get(R"(/download/(summary|overview|tables)\.(html|xlsx|csv|md|json|pdf))",
             [&ctx](const Request& req, Response& res) {
               const std::optional<Caller> c = PageCaller(ctx, req, res);
               if (!c) return;
               if (!WebContext::MayDownloadUnit(c->user))
                 return SendErrorPage(res, *c, 403,
                                      Tr("the unit's tables are for the clerk and the auditors"));
               const std::string form = req.matches[1];
               const ReportFormat f = *ParseReportFormat(std::string(req.matches[2]));
               const std::string file = ReportFile(form, f);
               if (file.empty())
                 return SendErrorPage(res, *c, 404,
                                      Tr("the 自评综述 has no CSV form: download it as html, xlsx, "
                                         "md, json or pdf"));
               SendReport(ctx, *c, {}, f, file, "jixiao-" + form + "." + ReportFormatName(f), res);
             });
}

// The uploaded file's name, without any folder, for messages.
std::string UploadName(const std::string& filename) {
  std::string name = std::filesystem::path(filename).filename().string();
  return name.empty() ? std::string("upload.csv") : name;
}

void RegisterUpload(httplib::Server& server, WebContext& ctx) {
  server.Get("/upload", [&ctx](const Request& req, Response& res) {
    const std::optional<Caller> c = PageCaller(ctx, req, res);
    if (!c) return;
    if (!WebContext::MayUpload(c->user))
      return SendErrorPage(res, *c, 403, Tr("only the clerk uploads filled sheets"));
    UploadView v{PageUserOf(*c), "", {}, {}};
    if (req.has_param("entered")) {
      v.summary =
          TrF("{}: {} row(s) entered", req.get_param_value("file"), req.get_param_value("entered"));
      if (req.get_param_value("unchanged") != "0")
        v.summary += TrF(", {} unchanged (as stored)", req.get_param_value("unchanged"));
    }
    SendHtml(res, 200, RenderUpload(v));
  });
  server.Post("/upload", [&ctx](const Request& req, Response& res) {
    const std::optional<Caller> c = PostCaller(ctx, req, res);
    if (!c) return;
    if (!WebContext::MayUpload(c->user))
      return SendErrorPage(res, *c, 403, Tr("only the clerk uploads filled sheets"));
    UploadView v{PageUserOf(*c), "", {}, {}};
    if (!req.has_file("file")) {
      v.errors.push_back(Tr("choose the filled sheet (CSV or XLSX) to upload"));
      return SendHtml(res, 400, RenderUpload(v));
    }
    const httplib::MultipartFormData& upload = req.get_file_value("file");
    const std::string name = UploadName(upload.filename);
    try {
      const TempDir dir;
      const std::filesystem::path file =
          dir.path() / ("upload" + std::filesystem::path(name).extension().string());
      std::ofstream(file, std::ios::binary) << upload.content;
      const FillInSheet sheet = ReadFillInSheet(file, name);
      const SheetImport done = ctx.WithStore([&](Store& s) {
        return ImportSheetRows(s, sheet, ChangeContext{c->user.name, "", "web"});
      });
      v.warnings = sheet.notes;
      v.warnings.insert(v.warnings.end(), done.notes.begin(), done.notes.end());
      for (const Diagnostic& d : done.errors) v.errors.push_back(d.str());
      if (!v.errors.empty()) {
        v.summary = TrF("{} bad row(s): nothing was stored", v.errors.size());
        return SendHtml(res, 422, RenderUpload(v));
      }
      for (const Diagnostic& d : done.outcome.warnings) v.warnings.push_back(d.str());
      if (!v.warnings.empty()) {
        v.summary = TrF("{}: {} row(s) entered", name, done.outcome.changed);
        return SendHtml(res, 200, RenderUpload(v));
      }
      Redirect(res, "/upload?file=" + httplib::detail::encode_query_param(name) +
                        "&entered=" + std::to_string(done.outcome.changed) +
                        "&unchanged=" + std::to_string(done.outcome.unchanged));
    } catch (const Error& e) {
      v.errors.push_back(e.what());
      v.summary = Tr("nothing was stored");
      SendHtml(res, WebContext::HttpStatusOf(e), RenderUpload(v));
    }
  });
}

}  // namespace

void RegisterFileRoutes(httplib::Server& server, WebContext& ctx) {
  RegisterDownloads(server, ctx);
  RegisterUpload(server, ctx);
}

void RegisterReviewRoutes(httplib::Server& server, WebContext& ctx) {
  server.Get(R"(/projects/(\d+)/history)", [&ctx](const Request& req, Response& res) {
    const std::optional<Caller> c = PageCaller(ctx, req, res);
    if (!c) return;
    const std::optional<StoredProjectRef> p = PageProject(ctx, *c, req, res);
    if (!p) return;
    HistoryView v{PageUserOf(*c), p->id, p->name, {}};
    for (const AuditRow& r : ctx.WithStore([&](Store& s) { return s.History(*p, std::nullopt); })) {
      v.rows.push_back(HistoryRowView{
          r.id, ShowTime(r.at), r.author, r.indicator, FieldLabel(r.field, r.field_source),
          ValueLabel(r.field, r.old_value), ValueLabel(r.field, r.new_value), r.reason,
          SourceLabel(r.source), r.after_submit});
    }
    SendHtml(res, 200, RenderHistory(v));
  });
  server.Get("/audit", [&ctx](const Request& req, Response& res) {
    const std::optional<Caller> c = PageCaller(ctx, req, res);
    if (!c) return;
    // The unit's findings: for those who read the whole unit (the clerk, auditors).
    if (!WebContext::MayDownloadUnit(c->user))
      return SendErrorPage(res, *c, 403,
                           Tr("the audit findings are for the clerk and the auditors"));
    PolicySet policies(ctx.options().policies);
    FindingsView v{PageUserOf(*c), {}};
    v.findings = ctx.WithStore([&](Store& s) {
      const Batch batch = LoadStoreBatch(s, {}, policies, ctx.log());
      return AuditStoredBatch(s, batch).findings;
    });
    SendHtml(res, 200, RenderFindings(v));
  });
}

}  // namespace jixiao::web
