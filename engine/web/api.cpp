// The JSON API (engine/web/api.h). Each route: who asks (401), the CSRF token of a write (403),
// the project (404) and what the user may do with it (403), then one store call; the store's
// errors become their statuses in one place (WebContext::HttpStatusOf).
#include "engine/web/api.h"

#include <charconv>

#include "engine/report/render.h"
#include "indicators/i18n.h"

namespace jixiao {
namespace {

using httplib::Request;
using httplib::Response;

// A request body that is not what the route reads: 400.
class BadRequest : public Error {
 public:
  explicit BadRequest(const std::string& message)
      : Error("bad-request", message) {}  // i18n: translated by the caller
};

// The JSON object of a request body, with typed fields.
class Body {
 public:
  explicit Body(const Request& req) {
    j_ = nlohmann::json::parse(req.body, nullptr, /*allow_exceptions=*/false);
    if (j_.is_discarded() || !j_.is_object())
      throw BadRequest(
          Tr("the request body is not a JSON object: send {\"name\": value, …} with "
             "Content-Type: application/json"));
  }
  bool Has(const char* key) const { return j_.contains(key) && !j_[key].is_null(); }
  // A text field; `fallback` when absent.
  std::string Text(const char* key, const std::string& fallback = "") const {
    if (!Has(key)) return fallback;
    if (!j_[key].is_string()) throw BadRequest(TrF("\"{}\" must be a JSON string", key));
    return j_[key].get<std::string>();
  }
  std::string RequiredText(const char* key) const {
    if (!Has(key)) throw BadRequest(TrF("\"{}\" is missing from the request body", key));
    return Text(key);
  }
  // A whole number, as a JSON number or its decimal text (a form's hidden field).
  std::int64_t Id(const char* key) const {
    const nlohmann::json& v = j_[key];
    if (v.is_number_integer()) return v.get<std::int64_t>();
    if (v.is_string()) {
      try {
        std::size_t used = 0;
        const std::string s = v.get<std::string>();
        const long long n = std::stoll(s, &used);
        if (used == s.size()) return n;
      } catch (const std::exception&) {
      }
    }
    throw BadRequest(TrF("\"{}\" must be a whole number", key));
  }

 private:
  nlohmann::json j_;
};

enum class Access { kRead, kWrite };
using ApiHandler = std::function<void(const Caller&, const Request&, Response&)>;

// The route behind the checks every API route makes: a caller (401) and, for a write, the
// session's CSRF token (403); the store's errors answered with their status.
httplib::Server::Handler Guard(WebContext& ctx, Access access, ApiHandler handler) {
  return [&ctx, access, handler = std::move(handler)](const Request& req, Response& res) {
    const std::optional<Caller> caller = ctx.CallerOf(req);
    if (!caller) {
      WebContext::SendError(
          res, 401, "unauthenticated",
          Tr("log in first (POST /api/login), or send an API token: Authorization: Bearer TOKEN"));
      return;
    }
    if (access == Access::kWrite && !ctx.CsrfOk(req, *caller)) {
      WebContext::SendError(res, 403, "csrf",
                            Tr("the CSRF token is missing or wrong: send the token of your login "
                               "in the X-CSRF-Token header"));
      return;
    }
    try {
      handler(*caller, req, res);
    } catch (const BadRequest& e) {
      WebContext::SendError(res, 400, e.code(), e.what());
    } catch (const Error& e) {
      const int status = WebContext::HttpStatusOf(e);
      if (status >= 500) ctx.log().error("web: {} {}: {}", req.method, req.path, e.what());
      WebContext::SendJson(res, status, WebContext::ErrorJson(e));
    }
  };
}

void Forbidden(Response& res) {
  WebContext::SendError(res, 403, "forbidden", Tr("your role may not do this on this project"));
}

// The project named by the path's first number that the caller may read; otherwise the answer
// (404, 403) is sent and nullopt returned.
std::optional<StoredProjectRef> ReadableProject(WebContext& ctx, const Caller& c,
                                                const Request& req, Response& res) {
  std::optional<StoredProjectRef> p = ctx.FindProject(req.matches[1]);
  if (!p) {
    WebContext::SendError(res, 404, "not-found",
                          TrF("there is no project {}", std::string(req.matches[1])));
    return std::nullopt;
  }
  if (!WebContext::MayRead(c.user, *p)) {
    Forbidden(res);
    return std::nullopt;
  }
  return p;
}

// What a route does with its project, beyond reading it.
enum class Need { kRead, kWrite, kReturn, kAsk, kAnswer };

bool Allowed(Need need, const User& u, const StoredProjectRef& p) {
  switch (need) {
    case Need::kRead:
      return WebContext::MayRead(u, p);
    case Need::kWrite:
      return WebContext::MayWrite(u, p);
    case Need::kReturn:
      return WebContext::MayReturn(u);
    case Need::kAsk:
      return WebContext::MayAsk(u);
    case Need::kAnswer:
      return WebContext::MayAnswer(u, p);
  }
  return false;
}

using ProjectHandler =
    std::function<void(const Caller&, const StoredProjectRef&, const Request&, Response&)>;

// A route on /api/projects/{id}/…: Guard, then the project (404), readable (403) and what the
// route needs of it (403).
httplib::Server::Handler OnProject(WebContext& ctx, Access access, Need need,
                                   ProjectHandler handler) {
  return Guard(ctx, access,
               [&ctx, need, handler = std::move(handler)](const Caller& c, const Request& req,
                                                          Response& res) {
                 const std::optional<StoredProjectRef> p = ReadableProject(ctx, c, req, res);
                 if (!p) return;
                 if (!Allowed(need, c.user, *p)) return Forbidden(res);
                 handler(c, *p, req, res);
               });
}

ChangeContext Who(const Caller& c, std::string reason = "") {
  return ChangeContext{c.user.name, std::move(reason), "web"};
}

nlohmann::json DiagnosticsJson(const Diagnostics& ds) {
  nlohmann::json j = nlohmann::json::array();
  for (const Diagnostic& d : ds) j.push_back(DiagnosticJson(d));
  return j;
}

nlohmann::json UserJson(const User& u) {
  return {{"user", u.name}, {"role", FieldName(u.role)}, {"projects", u.projects}};
}

void Login(WebContext& ctx, const Request& req, Response& res) {
  try {
    const Body b(req);
    const std::string name = b.RequiredText("user"), password = b.RequiredText("password");
    if (ctx.LoginBlocked(name, req.remote_addr)) {
      res.set_header("Retry-After", std::to_string(ctx.options().login_window_seconds));
      WebContext::SendError(res, 429, "rate-limited",
                            Tr("too many failed logins: wait a few minutes, then try again"));
      return;
    }
    const std::optional<Session> s = ctx.Login(name, password, req.remote_addr);
    if (!s) {
      WebContext::SendError(res, 401, "bad-credentials", Tr("wrong user name or password"));
      return;
    }
    res.set_header("Set-Cookie", ctx.SessionCookie(s->id));
    nlohmann::json j = UserJson(s->user);
    j["csrf"] = s->csrf;
    WebContext::SendJson(res, 200, j);
  } catch (const BadRequest& e) {
    WebContext::SendError(res, 400, e.code(), e.what());
  }
}

nlohmann::json ProjectRowJson(const ProjectRow& r) {
  return {{"id", r.ref.id},
          {"name", r.ref.name},
          {"unit", r.ref.unit},
          {"year", r.ref.year},
          {"status", FieldName(r.ref.status)},
          {"progress_status", ProgressCode(r.progress)},
          {"status_label", ProgressLabel(r.progress)},
          {"progress", {{"entered", r.entered.entered}, {"total", r.entered.total}}},
          {"readable", r.readable},
          {"total", r.scored ? nlohmann::json(r.total) : nlohmann::json()},
          {"grade", r.scored ? nlohmann::json(r.grade) : nlohmann::json()}};
}

void PutActual(WebContext& ctx, const Caller& c, const StoredProjectRef& p, const Request& req,
               Response& res) {
  const std::optional<StoredIndicatorRef> i = ctx.FindIndicator(p, req.matches[2]);
  if (!i) {
    WebContext::SendError(res, 404, "not-found",
                          TrF("project {} has no indicator {}", p.id, std::string(req.matches[2])));
    return;
  }
  const Body b(req);
  Store::Entry e;
  e.project = p;
  e.indicator = *i;
  e.value = b.Text("value");
  e.reason = b.Text("reason");
  if (b.Has("version")) e.expected_version = b.Id("version");
  const EntryOutcome done =
      ctx.WithStore([&](Store& s) { return s.SetMany({e}, Who(c, b.Text("change_reason"))); });
  nlohmann::json j = ctx.ProjectJson(p);
  j["warnings"] = DiagnosticsJson(done.warnings);
  WebContext::SendJson(res, 200, j);
}

void PostPreview(WebContext& ctx, const StoredProjectRef& p, const Request& req, Response& res) {
  const Body b(req);
  if (!b.Has("indicator"))
    throw BadRequest(TrF("\"{}\" is missing from the request body", "indicator"));
  const std::optional<StoredIndicatorRef> i =
      ctx.FindIndicator(p, std::to_string(b.Id("indicator")));
  if (!i) {
    WebContext::SendError(
        res, 404, "not-found",
        TrF("project {} has no indicator {}", p.id, std::to_string(b.Id("indicator"))));
    return;
  }
  Preview pv = ctx.PreviewEntry(p, *i, b.Text("value"), b.Text("reason"));
  WebContext::SendJson(
      res, 200,
      {{"project", std::move(pv.project)}, {"diagnostics", DiagnosticsJson(pv.diagnostics)}});
}

nlohmann::json HistoryJson(const std::vector<AuditRow>& rows) {
  nlohmann::json j = nlohmann::json::array();
  for (const AuditRow& r : rows) {
    j.push_back({{"id", r.id},
                 {"at", r.at},
                 {"author", r.author},
                 {"indicator", r.indicator},
                 {"field", r.FieldText()},
                 {"old", r.old_value},
                 {"new", r.new_value},
                 {"reason", r.reason},
                 {"source", r.source},
                 {"after_submit", r.after_submit}});
  }
  return {{"rows", std::move(j)}};
}

nlohmann::json PostJson(const QuestionPost& q) {
  return {{"id", q.id}, {"author", q.author}, {"at", q.at}, {"text", q.text}};
}

nlohmann::json QuestionsJson(const std::vector<Question>& qs) {
  nlohmann::json j = nlohmann::json::array();
  for (const Question& q : qs) {
    nlohmann::json item = PostJson(q.asked);
    item["indicator"] = q.indicator;
    nlohmann::json answers = nlohmann::json::array();
    for (const QuestionPost& a : q.answers) answers.push_back(PostJson(a));
    item["answers"] = std::move(answers);
    j.push_back(std::move(item));
  }
  return {{"questions", std::move(j)}};
}

void PostQuestion(WebContext& ctx, const Caller& c, const StoredProjectRef& p, const Request& req,
                  Response& res) {
  const Body b(req);
  const std::string text = b.RequiredText("text");
  std::optional<StoredIndicatorRef> i;
  if (b.Has("indicator")) {
    i = ctx.FindIndicator(p, std::to_string(b.Id("indicator")));
    if (!i) {
      WebContext::SendError(
          res, 404, "not-found",
          TrF("project {} has no indicator {}", p.id, std::to_string(b.Id("indicator"))));
      return;
    }
  }
  const std::int64_t id = ctx.WithStore([&](Store& s) { return s.Ask(p, i, text, Who(c)); });
  WebContext::SendJson(res, 201, {{"id", id}});
}

void PostAnswer(WebContext& ctx, const Caller& c, const StoredProjectRef& p, const Request& req,
                Response& res) {
  const Body b(req);
  const std::string text = b.RequiredText("text");
  const std::string qid_text = req.matches[2];
  std::int64_t qid = 0;
  if (std::from_chars(qid_text.data(), qid_text.data() + qid_text.size(), qid).ec != std::errc())
    throw BadRequest(TrF("there is no question {}", qid_text));
  const std::int64_t id = ctx.WithStore([&](Store& s) { return s.Answer(p, qid, text, Who(c)); });
  WebContext::SendJson(res, 201, {{"id", id}});
}

}  // namespace

void RegisterApiRoutes(httplib::Server& server, WebContext& ctx) {
  server.Post("/api/login", [&ctx](const Request& req, Response& res) { Login(ctx, req, res); });
  server.Post("/api/logout",
              Guard(ctx, Access::kWrite, [&ctx](const Caller& c, const Request&, Response& res) {
                if (c.session) ctx.sessions().End(c.session->id);
                res.set_header("Set-Cookie", ctx.SessionCookie(""));
                WebContext::SendJson(res, 200, {{"ok", true}});
              }));
  server.Get("/api/me",
             Guard(ctx, Access::kRead, [](const Caller& c, const Request&, Response& res) {
               nlohmann::json j = UserJson(c.user);
               j["csrf"] = c.csrf();
               WebContext::SendJson(res, 200, j);
             }));
  server.Get("/api/projects",
             Guard(ctx, Access::kRead, [&ctx](const Caller& c, const Request&, Response& res) {
               nlohmann::json list = nlohmann::json::array();
               for (const ProjectRow& r : ctx.ProjectList(c.user))
                 list.push_back(ProjectRowJson(r));
               WebContext::SendJson(res, 200, {{"projects", std::move(list)}});
             }));
  using P = const StoredProjectRef&;
  using Q = const Request&;
  server.Get(
      R"(/api/projects/(\d+))",
      OnProject(ctx, Access::kRead, Need::kRead, [&ctx](const Caller&, P p, Q, Response& res) {
        WebContext::SendJson(res, 200, ctx.ProjectJson(p));
      }));
  server.Put(R"(/api/projects/(\d+)/indicators/(\d+)/actual)",
             OnProject(ctx, Access::kWrite, Need::kWrite,
                       [&ctx](const Caller& c, P p, Q req, Response& res) {
                         PutActual(ctx, c, p, req, res);
                       }));
  server.Post(
      R"(/api/projects/(\d+)/preview)",
      OnProject(ctx, Access::kWrite, Need::kRead, [&ctx](const Caller&, P p, Q req, Response& res) {
        PostPreview(ctx, p, req, res);
      }));
  server.Post(
      R"(/api/projects/(\d+)/submit)",
      OnProject(ctx, Access::kWrite, Need::kWrite, [&ctx](const Caller& c, P p, Q, Response& res) {
        ctx.WithStore([&](Store& s) { s.Submit(p, Who(c)); });
        WebContext::SendJson(res, 200, ctx.ProjectJson(p));
      }));
  server.Post(R"(/api/projects/(\d+)/return)",
              OnProject(ctx, Access::kWrite, Need::kReturn,
                        [&ctx](const Caller& c, P p, Q req, Response& res) {
                          const Body b(req);
                          ctx.WithStore([&](Store& s) { s.Return(p, Who(c, b.Text("reason"))); });
                          WebContext::SendJson(res, 200, ctx.ProjectJson(p));
                        }));
  server.Get(
      R"(/api/projects/(\d+)/history)",
      OnProject(ctx, Access::kRead, Need::kRead, [&ctx](const Caller&, P p, Q, Response& res) {
        const auto rows = ctx.WithStore([&](Store& s) { return s.History(p, {}); });
        WebContext::SendJson(res, 200, HistoryJson(rows));
      }));
  server.Get(
      R"(/api/projects/(\d+)/questions)",
      OnProject(ctx, Access::kRead, Need::kRead, [&ctx](const Caller&, P p, Q, Response& res) {
        const auto qs = ctx.WithStore([&](Store& s) { return s.Questions(p); });
        WebContext::SendJson(res, 200, QuestionsJson(qs));
      }));
  server.Post(R"(/api/projects/(\d+)/questions)",
              OnProject(ctx, Access::kWrite, Need::kAsk,
                        [&ctx](const Caller& c, P p, Q req, Response& res) {
                          PostQuestion(ctx, c, p, req, res);
                        }));
  server.Post(R"(/api/projects/(\d+)/questions/(\d+)/answers)",
              OnProject(ctx, Access::kWrite, Need::kAnswer,
                        [&ctx](const Caller& c, P p, Q req, Response& res) {
                          PostAnswer(ctx, c, p, req, res);
                        }));
}

}  // namespace jixiao
