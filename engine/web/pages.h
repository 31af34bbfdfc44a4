// engine/web/pages.h — the workspace's pages, rendered on the server: they work without
// JavaScript (every action is a form post carrying the session's CSRF token) and use the JSON
// API's context (engine/web/context.h) for everything they show or change.
#ifndef JIXIAO_ENGINE_WEB_PAGES_H_
#define JIXIAO_ENGINE_WEB_PAGES_H_

#include <httplib.h>

#include "engine/web/context.h"

namespace jixiao {

// Adds the page routes (/login, /logout, /, /projects/…) to `server` and the pages' static
// assets to ctx.assets(). Called once, before the server starts.
void RegisterPageRoutes(httplib::Server& server, WebContext& ctx);

}  // namespace jixiao

#endif  // JIXIAO_ENGINE_WEB_PAGES_H_
