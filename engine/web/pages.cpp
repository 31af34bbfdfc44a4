// The frame every page shares and the pages around the 自评表: login, the projects overview,
// history, the auditor's findings, the upload of a filled template, error pages.
#include "engine/web/pages.h"

#include "engine/report/escape.h"
#include "engine/web/pages_internal.h"
#include "indicators/i18n.h"
#include "indicators/value.h"

namespace jixiao::web {

std::string E(std::string_view s) { return HtmlEscape(s); }

std::string CsrfField(const PageUser& user) {
  return "<input type=\"hidden\" name=\"csrf\" value=\"" + E(user.csrf) + "\">";
}

std::string RoleLabel(Role r) {
  switch (r) {
    case Role::kClerk:
      return Tr("clerk");
    case Role::kManager:
      return Tr("manager");
    case Role::kAuditor:
      return Tr("auditor");
  }
  return "";
}

namespace {

std::string Header(const PageUser& u) {
  std::string nav = "<a href=\"/\">" + E(Tr("Projects")) + "</a>";
  if (u.role == Role::kClerk || u.role == Role::kAuditor) {
    nav += "<a href=\"/audit\">" + E(Tr("Audit findings")) + "</a>";
  }
  if (u.role == Role::kClerk) nav += "<a href=\"/upload\">" + E(Tr("Upload a sheet")) + "</a>";
  return "<header class=\"top\"><div class=\"brand\"><a href=\"/\">" +
         E(Tr("Performance self-evaluation")) + "</a></div><nav>" + nav +
         "</nav><div class=\"who\"><span class=\"user-name\">" + E(u.name) +
         "</span> <span class=\"user-role\">" + E(RoleLabel(u.role)) +
         "</span><form method=\"post\" action=\"/logout\" class=\"logout\">" + CsrfField(u) +
         "<button type=\"submit\" id=\"logout\">" + E(Tr("Log out")) +
         "</button></form></div></header>\n";
}

}  // namespace

std::string RenderFrame(const Frame& f, const std::string& body) {
  std::string o = "<!DOCTYPE html>\n<html lang=\"" + std::string(Tr("en")) +
                  "\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
                  "content=\"width=device-width, initial-scale=1\">\n";
  if (f.user) o += "<meta name=\"csrf-token\" content=\"" + E(f.user->csrf) + "\">\n";
  o += "<title>" + E(f.title) + "</title>\n<link rel=\"stylesheet\" href=\"/static/app.css\">\n" +
       "<script src=\"/static/app.js\" defer></script>\n</head>\n<body>\n";
  if (f.user) o += Header(*f.user);
  o += "<main>\n";
  if (!f.notice.empty()) o += "<p class=\"notice\" role=\"status\">" + E(f.notice) + "</p>\n";
  for (const std::string& e : f.errors) o += "<p class=\"error\" role=\"alert\">" + E(e) + "</p>\n";
  o += body;
  o += "</main>\n</body>\n</html>\n";
  return o;
}

std::string RenderLogin(const LoginView& v) {
  std::string b = "<section class=\"login\"><h1>" + E(Tr("Performance self-evaluation")) +
                  "</h1>\n<form id=\"login-form\" method=\"post\" action=\"/login\">\n";
  b += "<label>" + E(Tr("User name")) +
       " <input name=\"user\" autocomplete=\"username\" required value=\"" + E(v.user) +
       "\"></label>\n<label>" + E(Tr("Password")) +
       " <input name=\"password\" type=\"password\" autocomplete=\"current-password\" "
       "required></label>\n<button type=\"submit\" id=\"login-submit\">" +
       E(Tr("Log in")) + "</button>\n</form></section>\n";
  Frame f{Tr("Log in"), std::nullopt, "", {}};
  if (!v.error.empty()) f.errors.push_back(v.error);
  return RenderFrame(f, b);
}

std::string RenderOverview(const OverviewView& v) {
  std::string b = "<h1>" + E(Tr("Projects")) + "</h1>\n";
  if (v.projects.empty()) {
    b += "<p class=\"empty\">" + E(Tr("No project to show.")) + "</p>\n";
  }
  b += "<table id=\"projects\" "
       "class=\"list\">\n<thead><tr><th>项目名称</th><th>项目实施单位</th><th>" +
       E(Tr("Year")) + "</th><th>" + E(Tr("Status")) + "</th><th>" + E(Tr("Entered")) +
       "</th><th>总分</th><th>自评等级</th></tr></thead>\n<tbody>\n";
  for (const ProjectListRow& p : v.projects) {
    const std::string id = std::to_string(p.id);
    const char* cls = p.progress == Progress::kSubmitted    ? "submitted"
                      : p.progress == Progress::kInProgress ? "in-progress"
                                                            : "not-started";
    b += "<tr data-project-id=\"" + id + "\"><td class=\"name\"><a href=\"/projects/" + id + "\">" +
         E(p.name) + "</a></td><td>" + E(p.unit) + "</td><td class=\"num\">" +
         std::to_string(p.year) + "</td><td class=\"status " + cls + "\">" +
         E(ProgressLabel(p.progress)) + "</td><td class=\"progress num\">" +
         std::to_string(p.entered) + "/" + std::to_string(p.total) +
         "</td><td class=\"total num\">" + (p.score ? FormatNumber(*p.score) : "—") +
         "</td><td class=\"grade\">" + (p.score ? E(p.grade) : "—") + "</td></tr>\n";
  }
  b += "</tbody></table>\n";
  if (v.user.role == Role::kClerk || v.user.role == Role::kAuditor) {
    b += "<section id=\"unit-downloads\"><h2>" + E(Tr("The unit's tables")) + "</h2>\n";
    const std::pair<const char*, const char*> forms[] = {
        {"summary", "汇总表"}, {"overview", "自评综述"}, {"tables", "自评表"}};
    for (const auto& [form, label] : forms) {
      b += "<p><span class=\"form-name\">" + std::string(label) + "</span>";
      for (const char* fmt : kDownloadFormats) {
        b += " <a class=\"download\" href=\"/download/" + std::string(form) + "." + fmt + "\">" +
             fmt + "</a>";
      }
      b += "</p>\n";
    }
    b += "</section>\n";
  }
  return RenderFrame(Frame{Tr("Projects"), v.user, v.notice, {}}, b);
}

std::string RenderHistory(const HistoryView& v) {
  std::string b = "<p class=\"back\"><a href=\"/projects/" + std::to_string(v.project_id) + "\">" +
                  E(v.project) + "</a></p>\n<h1>" + E(TrF("History of {}", v.project)) + "</h1>\n";
  b += "<table id=\"history\" class=\"list\">\n<thead><tr><th>#</th><th>" + E(Tr("Time")) +
       "</th><th>" + E(Tr("Author")) + "</th><th>指标</th><th>" + E(Tr("Field")) + "</th><th>" +
       E(Tr("Old value")) + "</th><th>" + E(Tr("New value")) + "</th><th>" + E(Tr("Reason")) +
       "</th><th>" + E(Tr("Source")) + "</th></tr></thead>\n<tbody>\n";
  for (const HistoryRowView& r : v.rows) {
    b += std::string("<tr") + (r.after_submit ? " class=\"after-submit\"" : "") +
         "><td class=\"num\">" + std::to_string(r.id) + "</td><td class=\"time\">" + E(r.at) +
         "</td><td>" + E(r.author) + "</td><td>" + E(r.indicator) + "</td><td>" + E(r.field) +
         "</td><td>" + E(r.old_value) + "</td><td>" + E(r.new_value) + "</td><td>" + E(r.reason) +
         (r.after_submit ? " <span class=\"flag\">" + E(Tr("AFTER SIGN-OFF")) + "</span>" : "") +
         "</td><td>" + E(r.source) + "</td></tr>\n";
  }
  if (v.rows.empty()) b += "<tr><td colspan=\"9\">" + E(Tr("(no changes)")) + "</td></tr>\n";
  b += "</tbody></table>\n";
  return RenderFrame(Frame{TrF("History of {}", v.project), v.user, "", {}}, b);
}

std::string RenderFindings(const FindingsView& v) {
  std::string b = "<h1>" + E(Tr("Audit findings")) + "</h1>\n";
  b += "<table id=\"findings\" class=\"list\">\n<thead><tr><th>" + E(Tr("severity")) + "</th><th>" +
       E(Tr("code")) + "</th><th>" + E(Tr("project")) + "</th><th>" + E(Tr("indicator")) +
       "</th><th>" + E(Tr("evidence")) + "</th><th>" + E(Tr("where")) + "</th><th>" +
       E(Tr("source")) + "</th></tr></thead>\n<tbody>\n";
  for (const AuditFinding& f : v.findings) {
    const Diagnostic& d = f.diagnostic;
    const char* sev = d.severity == Severity::kError     ? "error"
                      : d.severity == Severity::kWarning ? "warning"
                                                         : "info";
    b += "<tr class=\"finding " + std::string(sev) + "\"><td class=\"severity\">" +
         E(SeverityLabel(d.severity)) + "</td><td class=\"code\"><code>" + E(d.code) +
         "</code></td><td>" + E(f.project.empty() ? TrF("unit {}", f.unit) : f.project) +
         "</td><td>" + E(f.indicator) + "</td><td class=\"evidence\">" + E(d.message) +
         "</td><td>" + E(d.loc.str()) + "</td><td>" + E(Tr(f.source.c_str())) + "</td></tr>\n";
  }
  if (v.findings.empty()) b += "<tr><td colspan=\"7\">" + E(Tr("no findings")) + "</td></tr>\n";
  b += "</tbody></table>\n";
  return RenderFrame(Frame{Tr("Audit findings"), v.user, "", {}}, b);
}

std::string RenderUpload(const UploadView& v) {
  std::string b = "<h1>" + E(Tr("Upload a filled sheet")) + "</h1>\n<p class=\"help\">" +
                  E(Tr("A sheet written by `jixiao actual template` (CSV or XLSX), filled in: "
                       "every row is checked, and nothing is stored unless all rows are valid.")) +
                  "</p>\n";
  if (!v.summary.empty()) b += "<p class=\"import-summary\">" + E(v.summary) + "</p>\n";
  if (!v.errors.empty()) {
    b += "<ul class=\"import-errors\">\n";
    for (const std::string& e : v.errors) b += "<li class=\"import-error\">" + E(e) + "</li>\n";
    b += "</ul>\n";
  }
  if (!v.warnings.empty()) {
    b += "<ul class=\"import-warnings\">\n";
    for (const std::string& w : v.warnings) b += "<li class=\"import-warning\">" + E(w) + "</li>\n";
    b += "</ul>\n";
  }
  b += "<form id=\"upload-form\" method=\"post\" action=\"/upload\" "
       "enctype=\"multipart/form-data\">" +
       CsrfField(v.user) + "<input type=\"file\" name=\"file\" accept=\".csv,.xlsx\" required> " +
       "<button type=\"submit\" id=\"upload-submit\">" + E(Tr("Upload")) + "</button></form>\n";
  return RenderFrame(Frame{Tr("Upload a filled sheet"), v.user, "", {}}, b);
}

std::string RenderError(const std::optional<PageUser>& user, int status,
                        const std::string& message) {
  const std::string b = "<h1>" + std::to_string(status) + "</h1>\n<p class=\"error-message\">" +
                        E(message) + "</p>\n<p><a href=\"/\">" + E(Tr("Back to the projects")) +
                        "</a></p>\n";
  return RenderFrame(Frame{std::to_string(status), user, "", {}}, b);
}

}  // namespace jixiao::web
