// engine/web/api.h — the JSON API under /api (README "JSON API"): login and logout, the project
// list, a project's score, entering an actual with its version, preview, sign-off, 退回, history
// and questions.
#ifndef JIXIAO_ENGINE_WEB_API_H_
#define JIXIAO_ENGINE_WEB_API_H_

#include <httplib.h>

#include "engine/web/context.h"

namespace jixiao {

void RegisterApiRoutes(httplib::Server& server, WebContext& ctx);

}  // namespace jixiao

#endif  // JIXIAO_ENGINE_WEB_API_H_
