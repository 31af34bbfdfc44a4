// engine/web/page_routes_internal.h — what the page routes share (not part of the library's
// interface): answering with a page or a redirect, the caller of a page and its project.
#ifndef JIXIAO_ENGINE_WEB_PAGE_ROUTES_INTERNAL_H_
#define JIXIAO_ENGINE_WEB_PAGE_ROUTES_INTERNAL_H_

#include <httplib.h>

#include <optional>
#include <string>

#include "engine/web/context.h"
#include "engine/web/pages.h"

namespace jixiao::web {

void SendHtml(httplib::Response& res, int status, const std::string& html);
// 303 See Other: after a POST, and to /login without a session.
void Redirect(httplib::Response& res, const std::string& to);
PageUser PageUserOf(const Caller& c);
// The error page with `status` (403, 404, …).
void SendErrorPage(httplib::Response& res, const Caller& c, int status, const std::string& message);

// The caller of a page: a session (pages are not for API tokens); otherwise a redirect to /login.
std::optional<Caller> PageCaller(WebContext& ctx, const httplib::Request& req,
                                 httplib::Response& res);
// The caller of a form POST: a session whose CSRF token the form carries (403 otherwise).
std::optional<Caller> PostCaller(WebContext& ctx, const httplib::Request& req,
                                 httplib::Response& res);
// The project of the path's first number that the caller may read (404 or 403 page otherwise).
std::optional<StoredProjectRef> PageProject(WebContext& ctx, const Caller& c,
                                            const httplib::Request& req, httplib::Response& res);

// The downloads (a project's tables, the unit's) and the clerk's upload of a filled sheet.
void RegisterFileRoutes(httplib::Server& server, WebContext& ctx);
// The audit findings and a project's history.
void RegisterReviewRoutes(httplib::Server& server, WebContext& ctx);

}  // namespace jixiao::web

#endif  // JIXIAO_ENGINE_WEB_PAGE_ROUTES_INTERNAL_H_
