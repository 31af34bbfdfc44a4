// The page routes (engine/web/pages.h). A minimal first version: log in, log out, the list of
// projects; the project pages follow.
#include <string>

#include "engine/report/escape.h"
#include "engine/web/pages.h"
#include "indicators/i18n.h"

namespace jixiao {
namespace {

using httplib::Request;
using httplib::Response;

std::string Page(const std::string& title, const std::string& body) {
  return "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>" +
         HtmlEscape(title) + "</title><link rel=\"stylesheet\" href=\"/static/app.css\"></head>" +
         "<body>" + body + "</body></html>\n";
}

void SendPage(Response& res, int status, const std::string& title, const std::string& body) {
  res.status = status;
  res.set_content(Page(title, body), "text/html; charset=utf-8");
}

void Redirect(Response& res, const std::string& to) {
  res.status = 303;
  res.set_header("Location", to);
}

std::string LoginForm(const std::string& error) {
  std::string html = "<main><h1>" + HtmlEscape(Tr("jixiao: log in")) + "</h1>";
  if (!error.empty()) html += "<p class=\"error\">" + HtmlEscape(error) + "</p>";
  html += "<form id=\"login-form\" method=\"post\" action=\"/login\"><label>" +
          HtmlEscape(Tr("User name")) +
          " <input name=\"user\" autocomplete=\"username\" required></label><label>" +
          HtmlEscape(Tr("Password")) +
          " <input name=\"password\" type=\"password\" autocomplete=\"current-password\" "
          "required></label><button id=\"login-submit\" type=\"submit\">" +
          HtmlEscape(Tr("Log in")) + "</button></form></main>";
  return html;
}

std::string Header(const Caller& c) {
  return "<header><span class=\"user\">" + HtmlEscape(c.user.name) + " (" +
         HtmlEscape(FieldName(c.user.role)) + ")</span> <nav><a href=\"/\">" +
         HtmlEscape(Tr("Projects")) +
         "</a></nav><form method=\"post\" action=\"/logout\"><input type=\"hidden\" name=\"csrf\" "
         "value=\"" +
         HtmlEscape(c.csrf()) + "\"><button id=\"logout\" type=\"submit\">" +
         HtmlEscape(Tr("Log out")) + "</button></form></header>";
}

std::string ProjectTable(const std::vector<ProjectRow>& rows) {
  std::string html = "<table id=\"projects\"><thead><tr><th>" + HtmlEscape(Tr("Project")) +
                     "</th><th>" + HtmlEscape(Tr("Status")) + "</th><th>" +
                     HtmlEscape(Tr("Progress")) + "</th><th>" + HtmlEscape(Tr("Total")) +
                     "</th><th>" + HtmlEscape(Tr("Grade")) + "</th></tr></thead><tbody>";
  for (const ProjectRow& r : rows) {
    const std::string id = std::to_string(r.ref.id);
    html += "<tr data-project-id=\"" + id + "\"><td><a href=\"/projects/" + id + "\">" +
            HtmlEscape(r.ref.name) + "</a></td><td class=\"status\">" +
            HtmlEscape(ProgressLabel(r.progress)) + "</td><td class=\"progress\">" +
            std::to_string(r.entered.entered) + "/" + std::to_string(r.entered.total) +
            "</td><td class=\"total\">" + (r.scored ? HtmlEscape(FormatNumber(r.total)) : "—") +
            "</td><td class=\"grade\">" + (r.scored ? HtmlEscape(r.grade) : "—") + "</td></tr>";
  }
  return html + "</tbody></table>";
}

}  // namespace

void RegisterPageRoutes(httplib::Server& server, WebContext& ctx) {
  server.Get("/login", [](const Request&, Response& res) {
    SendPage(res, 200, Tr("jixiao: log in"), LoginForm(""));
  });
  server.Post("/login", [&ctx](const Request& req, Response& res) {
    const std::string name = req.get_param_value("user");
    const std::string password = req.get_param_value("password");
    if (ctx.LoginBlocked(name, req.remote_addr)) {
      SendPage(res, 429, Tr("jixiao: log in"),
               LoginForm(Tr("too many failed logins: wait a few minutes, then try again")));
      return;
    }
    const std::optional<Session> s = ctx.Login(name, password, req.remote_addr);
    if (!s) {
      SendPage(res, 401, Tr("jixiao: log in"), LoginForm(Tr("wrong user name or password")));
      return;
    }
    res.set_header("Set-Cookie", ctx.SessionCookie(s->id));
    Redirect(res, "/");
  });
  server.Post("/logout", [&ctx](const Request& req, Response& res) {
    const std::optional<Caller> c = ctx.CallerOf(req);
    if (c && c->session) {
      if (!ctx.CsrfOk(req, *c)) {
        SendPage(res, 403, "403",
                 "<p class=\"error\">" +
                     HtmlEscape(Tr("the CSRF token is missing or wrong: reload "
                                   "the page and try again")) +
                     "</p>");
        return;
      }
      ctx.sessions().End(c->session->id);
    }
    res.set_header("Set-Cookie", ctx.SessionCookie(""));
    Redirect(res, "/login");
  });
  server.Get("/", [&ctx](const Request& req, Response& res) {
    const std::optional<Caller> c = ctx.CallerOf(req);
    if (!c || !c->session) return Redirect(res, "/login");
    SendPage(res, 200, Tr("Projects"),
             Header(*c) + "<main><h1>" + HtmlEscape(Tr("Projects")) + "</h1>" +
                 ProjectTable(ctx.ProjectList(c->user)) + "</main>");
  });
}

}  // namespace jixiao
