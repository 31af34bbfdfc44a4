// The page routes (engine/web/pages.h): login, the projects overview, the project page and its
// form posts (an indicator's value and reason, the budget, sign-off, 退回, questions and answers).
// Every POST checks the session's CSRF token and, done, redirects (303) back to its page; a
// refused value re-renders the page with the entry check's message at the field (422), a save
// over another's change with both values (409).
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <string>

#include "engine/report/escape.h"
#include "engine/web/assets.h"
#include "engine/web/page_routes_internal.h"
#include "engine/web/pages.h"
#include "indicators/i18n.h"
#include "indicators/text.h"

namespace jixiao {
namespace web {

using httplib::Request;
using httplib::Response;

void SendHtml(Response& res, int status, const std::string& html) {
  res.status = status;
  res.set_content(html, "text/html; charset=utf-8");
}

void Redirect(Response& res, const std::string& to) {
  res.status = 303;
  res.set_header("Location", to);
}

PageUser PageUserOf(const Caller& c) { return PageUser{c.user.name, c.user.role, c.csrf()}; }

void SendErrorPage(Response& res, const Caller& c, int status, const std::string& message) {
  SendHtml(res, status, RenderError(PageUserOf(c), status, message));
}

std::optional<Caller> PageCaller(WebContext& ctx, const Request& req, Response& res) {
  std::optional<Caller> c = ctx.CallerOf(req);
  if (!c || !c->session) {
    Redirect(res, "/login");
    return std::nullopt;
  }
  return c;
}

std::optional<Caller> PostCaller(WebContext& ctx, const Request& req, Response& res) {
  std::optional<Caller> c = PageCaller(ctx, req, res);
  if (c && !ctx.CsrfOk(req, *c)) {
    SendErrorPage(res, *c, 403,
                  Tr("the form's security token is missing or wrong: reload the page and try "
                     "again"));
    return std::nullopt;
  }
  return c;
}

std::optional<StoredProjectRef> PageProject(WebContext& ctx, const Caller& c, const Request& req,
                                            Response& res) {
  std::optional<StoredProjectRef> p = ctx.FindProject(req.matches[1]);
  if (!p) {
    SendErrorPage(res, c, 404, TrF("there is no project {}", std::string(req.matches[1])));
    return std::nullopt;
  }
  if (!WebContext::MayRead(c.user, *p)) {
    SendErrorPage(res, c, 403, Tr("this project is not yours: you may not open it"));
    return std::nullopt;
  }
  return p;
}

namespace {

// The notice after a redirect (?done=…): what the POST did.
std::string DoneNotice(const std::string& done) {
  if (done == "saved") return Tr("Saved.");
  if (done == "budget") return Tr("The budget figures are saved.");
  if (done == "unchanged") return Tr("Nothing changed: the values are those stored.");
  if (done == "submitted") return Tr("Signed off (已提交).");
  if (done == "returned") return Tr("Returned to the project's manager (退回).");
  if (done == "asked") return Tr("The question is recorded.");
  if (done == "answered") return Tr("The answer is recorded.");
  return "";
}

ChangeContext Who(const Caller& c, std::string reason = "") {
  return ChangeContext{c.user.name, std::move(reason), "web"};
}

// The project page as `c` sees it now: scored as `score --db` scores it, with the versions of
// its indicators and its questions; what the user may do decided by WebContext.
ProjectPage BuildProjectPage(WebContext& ctx, const Caller& c, const StoredProjectRef& ref) {
  const ScoredStored s = ctx.Score(ref);
  std::vector<StoredIndicatorRef> indicators;
  std::map<std::string, ResultVersion> versions;
  std::vector<Question> questions;
  ctx.WithStore([&](Store& store) {
    indicators = store.Indicators(ref);
    versions = store.Versions(ref);
    questions = store.Questions(ref);
  });
  ProjectPage v;
  if (s.scored) {
    v = MakeProjectPage(PageUserOf(c), ref, indicators, s.scored->score, s.scored->file.results,
                        versions);
  } else {
    v.user = PageUserOf(c);
    v.id = ref.id;
    v.name = ref.name;
    v.unit = ref.unit;
    v.year = ref.year;
    v.submitted = ref.status == ProjectStatus::kSubmitted;
    v.progress = ProgressOf(ref, Results{}, false);
    for (const Diagnostic& d : s.errors) v.problems.push_back(d.str());
  }
  const bool writer = WebContext::MayWrite(c.user, ref);
  v.editable = writer && !v.submitted && s.scored;
  v.can_submit = writer && !v.submitted;
  v.can_return = WebContext::MayReturn(c.user) && v.submitted;
  v.can_ask = WebContext::MayAsk(c.user);
  v.can_answer = WebContext::MayAnswer(c.user, ref);
  for (const Question& q : questions) {
    QuestionView qv;
    qv.id = q.asked.id;
    for (const StoredIndicatorRef& i : indicators)
      if (i.key == q.indicator) qv.indicator = i.name;
    if (qv.indicator.empty()) qv.indicator = q.indicator;
    qv.asked = PostView{q.asked.author, ShowTime(q.asked.at), q.asked.text};
    for (const QuestionPost& a : q.answers)
      qv.answers.push_back(PostView{a.author, ShowTime(a.at), a.text});
    v.questions.push_back(std::move(qv));
  }
  return v;
}

IndicatorRow* RowOf(ProjectPage& v, std::int64_t indicator) {
  for (IndicatorRow& r : v.indicators)
    if (r.id == indicator) return &r;
  return nullptr;
}

// A POST the store refused for a reason other than a field's: the page with the message.
void SendRefused(WebContext& ctx, const Caller& c, const StoredProjectRef& p, Response& res,
                 const Error& e) {
  ProjectPage v = BuildProjectPage(ctx, c, p);
  v.errors.push_back(e.what());
  SendHtml(res, WebContext::HttpStatusOf(e), RenderProjectPage(v));
}

std::vector<std::string> Messages(const Diagnostics& ds) {
  std::vector<std::string> out;
  for (const Diagnostic& d : ds)
    if (d.severity == Severity::kError) out.push_back(d.message);
  return out;
}

using MayOn = bool (*)(const User&, const StoredProjectRef&);
struct Target {
  Caller caller;
  StoredProjectRef project;
};
// A form POST on a project: the caller with the form's token, the project they may read, and
// `may` allowing what the form does (a 403 page saying `refusal` otherwise).
std::optional<Target> PostTarget(WebContext& ctx, const Request& req, Response& res, MayOn may,
                                 const char* refusal) {
  std::optional<Caller> c = PostCaller(ctx, req, res);
  if (!c) return std::nullopt;
  std::optional<StoredProjectRef> p = PageProject(ctx, *c, req, res);
  if (!p) return std::nullopt;
  if (!may(c->user, *p)) {
    SendErrorPage(res, *c, 403, Tr(refusal));
    return std::nullopt;
  }
  return Target{std::move(*c), std::move(*p)};
}

// POST /projects/{id}/indicators/{iid}: value, reason, version.
void SaveIndicator(WebContext& ctx, const Request& req, Response& res) {
  const std::optional<Target> t = PostTarget(ctx, req, res, WebContext::MayWrite,
                                             N_("only the project's manager enters its results"));
  if (!t) return;
  const Caller* c = &t->caller;
  const StoredProjectRef* p = &t->project;
  const std::optional<StoredIndicatorRef> i = ctx.FindIndicator(*p, req.matches[2]);
  if (!i)
    return SendErrorPage(res, *c, 404,
                         TrF("project {} has no indicator {}", p->id, std::string(req.matches[2])));
  Store::Entry e;
  e.project = *p;
  e.indicator = *i;
  e.value = TrimText(req.get_param_value("value"));
  e.reason = TrimText(req.get_param_value("reason"));
  const std::string version = req.get_param_value("version");
  if (!version.empty()) {
    char* end = nullptr;
    const long long n = std::strtoll(version.c_str(), &end, 10);
    if (*end == '\0' && n >= 0) e.expected_version = n;
  }
  const auto again = [&](int status, const auto& fill) {
    ProjectPage v = BuildProjectPage(ctx, *c, *p);
    if (IndicatorRow* row = RowOf(v, i->id)) {
      row->value = e.value;
      row->reason = e.reason;
      fill(*row);
    }
    SendHtml(res, status, RenderProjectPage(v));
  };
  try {
    const EntryOutcome done = ctx.WithStore([&](Store& s) { return s.SetMany({e}, Who(*c)); });
    Redirect(res, "/projects/" + std::to_string(p->id) +
                      (done.changed ? "?done=saved" : "?done=unchanged") + "#row-" +
                      std::to_string(i->id));
  } catch (const ConflictError& x) {
    again(409, [&](IndicatorRow& row) {
      row.conflict = ConflictView{x.what(),        x.stored.actual,       x.stored.reason,
                                  x.stored.author, ShowTime(x.stored.at), x.yours};
      row.version = x.stored.version;  // a save from here overwrites knowingly
    });
  } catch (const InputError& x) {
    again(422, [&](IndicatorRow& row) {
      row.errors = Messages(x.diagnostics());
      if (row.errors.empty()) row.errors.push_back(x.what());
    });
  } catch (const Error& x) {
    SendRefused(ctx, *c, *p, res, x);
  }
}

// An amount in 万元 as typed ("45.6"); nullopt for anything else.
std::optional<double> ParseAmount(const std::string& text) {
  if (text.empty()) return std::nullopt;
  char* end = nullptr;
  errno = 0;
  const double x = std::strtod(text.c_str(), &end);
  if (*end != '\0' || errno != 0 || !std::isfinite(x) || x < 0) return std::nullopt;
  return x;
}

// POST /projects/{id}/budget: executed (全年执行数, 万元), explanation (执行率 explanation).
void SaveBudget(WebContext& ctx, const Request& req, Response& res) {
  const std::optional<Target> t = PostTarget(ctx, req, res, WebContext::MayWrite,
                                             N_("only the project's manager enters its results"));
  if (!t) return;
  const Caller* c = &t->caller;
  const StoredProjectRef* p = &t->project;
  const std::string executed = TrimText(req.get_param_value("executed"));
  const std::string explanation = TrimText(req.get_param_value("explanation"));
  const auto refuse = [&](int status, const std::string& message) {
    ProjectPage v = BuildProjectPage(ctx, *c, *p);
    v.budget.executed = executed;
    v.budget.explanation = explanation;
    v.budget.errors.push_back(message);
    SendHtml(res, status, RenderProjectPage(v));
  };
  const std::optional<double> amount = ParseAmount(executed);
  if (!executed.empty() && !amount) {
    return refuse(422, TrF("全年执行数 '{}' is not an amount: write the money spent in 万元 as a "
                           "number, e.g. 45.6",
                           executed));
  }
  // Only what differs from the store is entered: a form posted unchanged adds no audit row.
  const ScoredStored s = ctx.Score(*p);
  BudgetEntry entry;
  if (s.scored) {
    const Results& r = s.scored->file.results;
    if (amount && (!r.executed || std::fabs(*r.executed - *amount) > 1e-9)) entry.executed = amount;
    if (explanation != r.execution_explanation) entry.explanation = explanation;
  }
  const std::string back = "/projects/" + std::to_string(p->id);
  if (!entry.executed && !entry.explanation) return Redirect(res, back + "?done=unchanged");
  try {
    ctx.WithStore([&](Store& store) { store.SetBudget(*p, entry, Who(*c)); });
    Redirect(res, back + "?done=budget");
  } catch (const InputError& x) {
    const std::vector<std::string> ms = Messages(x.diagnostics());
    refuse(422, ms.empty() ? std::string(x.what()) : ms.front());
  } catch (const Error& x) {
    SendRefused(ctx, *c, *p, res, x);
  }
}

// The project routes whose form has one action on the store: submit, return, ask, answer.
using Action = std::function<void(Store&, const Caller&, const StoredProjectRef&, const Request&)>;
httplib::Server::Handler ProjectAction(WebContext& ctx, MayOn may, std::string done,
                                       Action action) {
  return [&ctx, may, done, action](const Request& req, Response& res) {
    const std::optional<Target> t =
        PostTarget(ctx, req, res, may, N_("your role may not do this on this project"));
    if (!t) return;
    try {
      ctx.WithStore([&](Store& s) { action(s, t->caller, t->project, req); });
      Redirect(res, "/projects/" + std::to_string(t->project.id) + "?done=" + done);
    } catch (const Error& x) {
      SendRefused(ctx, t->caller, t->project, res, x);
    }
  };
}

bool MaySubmit(const User& u, const StoredProjectRef& p) { return WebContext::MayWrite(u, p); }
bool MayReturn(const User& u, const StoredProjectRef&) { return WebContext::MayReturn(u); }
bool MayAsk(const User& u, const StoredProjectRef&) { return WebContext::MayAsk(u); }

void RegisterProjectRoutes(httplib::Server& server, WebContext& ctx) {
  server.Get(R"(/projects/(\d+))", [&ctx](const Request& req, Response& res) {
    const std::optional<Caller> c = PageCaller(ctx, req, res);
    if (!c) return;
    const std::optional<StoredProjectRef> p = PageProject(ctx, *c, req, res);
    if (!p) return;
    ProjectPage v = BuildProjectPage(ctx, *c, *p);
    v.notice = DoneNotice(req.get_param_value("done"));
    SendHtml(res, 200, RenderProjectPage(v));
  });
  server.Post(R"(/projects/(\d+)/indicators/(\d+))",
              [&ctx](const Request& req, Response& res) { SaveIndicator(ctx, req, res); });
  server.Post(R"(/projects/(\d+)/budget)",
              [&ctx](const Request& req, Response& res) { SaveBudget(ctx, req, res); });
  server.Post(R"(/projects/(\d+)/submit)",
              ProjectAction(ctx, MaySubmit, "submitted",
                            [](Store& s, const Caller& c, const StoredProjectRef& p,
                               const Request&) { s.Submit(p, Who(c)); }));
  server.Post(
      R"(/projects/(\d+)/return)",
      ProjectAction(ctx, MayReturn, "returned",
                    [](Store& s, const Caller& c, const StoredProjectRef& p, const Request& req) {
                      s.Return(p, Who(c, TrimText(req.get_param_value("reason"))));
                    }));
  server.Post(
      R"(/projects/(\d+)/questions)",
      ProjectAction(ctx, MayAsk, "asked",
                    [](Store& s, const Caller& c, const StoredProjectRef& p, const Request& req) {
                      std::optional<StoredIndicatorRef> about;
                      const std::string id = req.get_param_value("indicator");
                      if (!id.empty()) about = s.ResolveIndicator(p, id);
                      s.Ask(p, about, TrimText(req.get_param_value("text")), Who(c));
                    }));
  server.Post(
      R"(/projects/(\d+)/questions/(\d+)/answers)",
      ProjectAction(ctx, WebContext::MayAnswer, "answered",
                    [](Store& s, const Caller& c, const StoredProjectRef& p, const Request& req) {
                      s.Answer(p, std::stoll(req.matches[2]), TrimText(req.get_param_value("text")),
                               Who(c));
                    }));
}

void RegisterLoginRoutes(httplib::Server& server, WebContext& ctx) {
  server.Get("/login", [&ctx](const Request& req, Response& res) {
    const std::optional<Caller> c = ctx.CallerOf(req);
    if (c && c->session) return Redirect(res, "/");
    SendHtml(res, 200, RenderLogin(LoginView{}));
  });
  server.Post("/login", [&ctx](const Request& req, Response& res) {
    const std::string name = req.get_param_value("user");
    const std::string password = req.get_param_value("password");
    if (ctx.LoginBlocked(name, req.remote_addr)) {
      return SendHtml(
          res, 429,
          RenderLogin(LoginView{name, Tr("too many failed logins: wait a few minutes, then try "
                                         "again")}));
    }
    const std::optional<Session> s = ctx.Login(name, password, req.remote_addr);
    if (!s) {
      return SendHtml(res, 401, RenderLogin(LoginView{name, Tr("wrong user name or password")}));
    }
    res.set_header("Set-Cookie", ctx.SessionCookie(s->id));
    Redirect(res, "/");
  });
  server.Post("/logout", [&ctx](const Request& req, Response& res) {
    const std::optional<Caller> c = PostCaller(ctx, req, res);
    if (!c) return;
    ctx.sessions().End(c->session->id);
    res.set_header("Set-Cookie", ctx.SessionCookie(""));
    Redirect(res, "/login");
  });
}

}  // namespace
}  // namespace web

void RegisterPageRoutes(httplib::Server& server, WebContext& ctx) {
  using namespace web;
  for (const WebAsset& a : WebAssets())
    ctx.assets().Add(std::string(a.name), std::string(a.content_type), std::string(a.bytes));
  RegisterLoginRoutes(server, ctx);
  server.Get("/", [&ctx](const Request& req, Response& res) {
    const std::optional<Caller> c = PageCaller(ctx, req, res);
    if (!c) return;
    OverviewView v{PageUserOf(*c), {}, ""};
    for (const ProjectRow& r : ctx.ProjectList(c->user)) {
      v.projects.push_back(ProjectListRow{
          r.ref.id, r.ref.name, r.ref.unit, r.ref.year, r.progress, r.entered.entered,
          r.entered.total, r.scored ? std::optional<double>(r.total) : std::nullopt, r.grade});
    }
    SendHtml(res, 200, RenderOverview(v));
  });
  RegisterProjectRoutes(server, ctx);
  RegisterReviewRoutes(server, ctx);
  RegisterFileRoutes(server, ctx);
}

}  // namespace jixiao
